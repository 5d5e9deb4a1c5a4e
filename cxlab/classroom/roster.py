"""The class list: a CSV with the columns ``username,role[,name]``, role ``learner`` or ``trainer``.

The same file may carry the gradebook's columns (``first_name``, ``last_name``, ``email``, ``lms_id``,
see :mod:`cxlab.grading.roster`), so one class list serves ``cxlab classroom up --roster`` and
``cxlab roster import``; ``id`` is accepted for ``username``.

Usernames become local accounts and nbgrader student ids, so they must satisfy both: Debian's
rule for account names (a lowercase letter, then lowercase letters, digits, ``-`` or ``_``; at most
32 characters) excludes the ``+`` that nbgrader uses to separate the parts of a submission's name.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from cxlab.errors import CxlabError

ROLES = ("learner", "trainer")
# The gradebook roster's columns, allowed here so that one file serves both commands.
GRADEBOOK_COLUMNS = frozenset({"first_name", "last_name", "email", "lms_id", "lms_user_id"})
USERNAME = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")
#: Accounts a roster must never name: the hub runs as root and services run as system users.
RESERVED = frozenset({"root", "daemon", "bin", "sys", "nobody", "admin"})


@dataclass(frozen=True)
class Member:
    username: str
    role: str
    name: str = ""

    @property
    def is_trainer(self) -> bool:
        return self.role == "trainer"


@dataclass(frozen=True)
class Roster:
    members: tuple[Member, ...]

    @property
    def learners(self) -> list[Member]:
        return [m for m in self.members if not m.is_trainer]

    @property
    def trainers(self) -> list[Member]:
        return [m for m in self.members if m.is_trainer]

    @property
    def usernames(self) -> list[str]:
        return [m.username for m in self.members]


def read(path: Path | str) -> Roster:
    """The roster in ``path``; a one-line :class:`CxlabError` naming the line of any mistake."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CxlabError(f"{path}: no such roster file") from None
    except UnicodeDecodeError:
        raise CxlabError(f"{path}: not a UTF-8 text file; save the roster as CSV UTF-8") from None
    return parse(text, str(path))


def parse(text: str, source: str = "roster") -> Roster:
    rows = csv.DictReader(text.lstrip("\ufeff").splitlines())  # Excel writes a byte-order mark
    columns = ["username" if c.strip() == "id" else c.strip() for c in rows.fieldnames or []]
    if not {"username", "role"} <= set(columns) or not set(columns) <= {"username", "role", "name"} | GRADEBOOK_COLUMNS:
        raise CxlabError(f"{source}: the first line must be the columns username,role or username,role,name "
                         f"(optionally also first_name,last_name,email,lms_id; found {','.join(columns) or 'nothing'})")
    rows.fieldnames = columns
    members: list[Member] = []
    seen: set[str] = set()
    for line, row in enumerate(rows, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in row.items()}
        if not any(row.values()):
            continue
        username, role = row.get("username", ""), row.get("role", "").lower()
        if not USERNAME.match(username) or username in RESERVED:
            raise CxlabError(f"{source}, line {line}: {username!r} cannot be an account name; use a lowercase "
                             "letter, then lowercase letters, digits, - or _ (at most 32), not a system account")
        if role not in ROLES:
            raise CxlabError(f"{source}, line {line}: role {row.get('role', '')!r} of {username}; "
                             "expected learner or trainer")
        if username in seen:
            raise CxlabError(f"{source}, line {line}: {username} is listed twice")
        seen.add(username)
        name = row.get("name") or " ".join(filter(None, (row.get("first_name"), row.get("last_name"))))
        members.append(Member(username, role, name))
    if not members:
        raise CxlabError(f"{source}: nobody in the roster")
    if not any(m.is_trainer for m in members):
        raise CxlabError(f"{source}: no trainer in the roster; give at least one person the role trainer")
    return Roster(tuple(members))
