"""``cxlab roster``: the class list in nbgrader's gradebook, so learners have names everywhere.

nbgrader keeps learners in its gradebook (``nbgrader db student import`` reads a CSV into it); a
learner first met by the grader has only an id, and the formgrader then shows "None, None". The
roster fills the gradebook the same way, through nbgrader's ``Gradebook.update_or_create_student``,
from a CSV with the columns

``id``          the learner's id in this course: their JupyterHub user name, the folder name
                under ``submitted/`` (required on every row)
``first_name``  ``last_name``  ``email``
``lms_id``      the learner's id in the learning-management system (Canvas's user id, the number
                in its download names; Moodle's ID number); nbgrader stores it as ``lms_user_id``,
                which is also accepted as the column name

Only ``id`` is required, as for ``nbgrader db student import``. The class server's roster
(:mod:`cxlab.classroom.roster`: ``username,role[,name]``) is the same file: ``username`` is read as
``id``, rows whose ``role`` is ``trainer`` are not learners and are skipped, and a ``name`` fills a
learner's name where ``first_name`` and ``last_name`` are empty. One class list thus serves both
``cxlab classroom up --roster`` and ``cxlab roster import``.

The whole file is checked before anything is written: a missing column or a bad row is one line
naming it, and the gradebook is left as it was. ``cxlab export`` puts the names and LMS ids in the
files Canvas and Moodle import; ``cxlab collect-zip`` matches an LMS's download names through them.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from cxlab.errors import CxlabError

COLUMNS = ("id", "first_name", "last_name", "email", "lms_id")
# nbgrader's own name for the LMS column; the class server's roster names the id "username".
ALIASES = {"lms_user_id": "lms_id", "username": "id"}
# Columns of the class server's roster read here too (see the module docstring).
CLASSROOM_COLUMNS = ("role", "name")
# A learner id names a folder (submitted/<id>/) and a JupyterHub user: no spaces, no path separators.
VALID_ID = re.compile(r"[^\s/\\.][^\s/\\]*")


@dataclass
class Learner:
    """A learner as nbgrader's gradebook holds them (``lms_user_id`` is the roster's ``lms_id``)."""

    id: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    lms_user_id: str = ""

    @property
    def display_name(self) -> str:
        """"Last, First" as Canvas writes it; the id when the roster gave no name."""
        names = [n for n in (self.last_name, self.first_name) if n]
        return ", ".join(names) if names else self.id

    @property
    def full_name(self) -> str:
        return " ".join(filter(None, (self.first_name, self.last_name)))

    @classmethod
    def of_student(cls, student) -> "Learner":
        """From nbgrader's ``Student`` row, whose empty fields are None."""
        return cls(student.id, student.first_name or "", student.last_name or "", student.email or "",
                   student.lms_user_id or "")


def read_csv(path: Path) -> list[Learner]:
    """Every learner of a roster CSV (UTF-8, with or without Excel's byte-order mark), checked."""
    path = Path(path).expanduser()
    if not path.is_file():
        raise CxlabError(f"{path}: no such roster file")
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            header = [ALIASES.get(name.strip(), name.strip()) for name in reader.fieldnames or []]
            if "id" not in header:
                raise CxlabError(f"{path}: the roster has no column id (or username); its columns are "
                                 f"{', '.join(COLUMNS)} (only id is required); found {', '.join(header) or 'none'}")
            reader.fieldnames = header
            rows = [(reader.line_num, row) for row in reader]
    except UnicodeDecodeError:
        raise CxlabError(f"{path}: not UTF-8 text; save the roster as 'CSV UTF-8' and import it again") from None
    except csv.Error as error:
        raise CxlabError(f"{path}: not a readable CSV file ({error})") from None
    members: list[Learner] = []
    seen: dict[tuple[str, str], int] = {}
    for line, row in rows:
        if None in row:  # more cells than the header has columns
            raise CxlabError(f"{path}, row {line}: more cells than the header's {len(header)} columns")
        cells = {column: (row.get(column) or "").strip() for column in COLUMNS + CLASSROOM_COLUMNS}
        if not any(cells.values()):
            continue
        if cells["role"].lower() == "trainer":
            continue
        if not (cells["first_name"] or cells["last_name"]):
            cells["first_name"] = cells["name"]
        member = Learner(cells["id"], cells["first_name"], cells["last_name"], cells["email"], cells["lms_id"])
        problem = _problem(member)
        if problem:
            raise CxlabError(f"{path}, row {line}: {problem}")
        for column in ("id", "lms_id", "email"):
            value = cells[column]
            if value and (column, value.lower()) in seen:
                raise CxlabError(f"{path}, row {line}: {column} {value!r} is already on row "
                                 f"{seen[column, value.lower()]}; every learner needs their own")
            seen[column, value.lower()] = line
        members.append(member)
    if not members:
        raise CxlabError(f"{path}: the roster has a header but no learners")
    return members


def _problem(member: Learner) -> str:
    if not member.id:
        return "the id is empty (every learner needs the id they use on JupyterHub)"
    if not VALID_ID.fullmatch(member.id):
        return (f"the id {member.id!r} cannot name a folder (no spaces, no / or \\, not starting with a dot)")
    if member.email and not re.fullmatch(r"[^@\s]+@[^@\s]+", member.email):
        return f"the email {member.email!r} is not an email address"
    return ""


def import_csv(course: Path, path: Path) -> tuple[list[Learner], list[str]]:
    """Add or update every learner of the roster in the course's gradebook.

    Returns the learners and the ids that were new to the gradebook. Learners already in the gradebook
    but not in the roster are kept (their grades stay), as ``nbgrader db student import`` keeps them.
    """
    from cxlab.grading.course import open_gradebook

    members = read_csv(path)
    course = _course(course)
    with open_gradebook(course) as gradebook:
        known = {student.id for student in gradebook.students}
        for member in members:
            gradebook.update_or_create_student(
                member.id, first_name=member.first_name or None, last_name=member.last_name or None,
                email=member.email or None, lms_user_id=member.lms_user_id or None)
    return members, [member.id for member in members if member.id not in known]


def members(course: Path) -> list[Learner]:
    """Every learner in the course's gradebook, by id (none before a roster or a first grading)."""
    from cxlab.grading.course import open_gradebook

    course = _course(course)
    if not (course / "gradebook.db").is_file():
        return []
    with open_gradebook(course) as gradebook:
        return [Learner.of_student(s) for s in sorted(gradebook.students, key=lambda s: s.id)]


def _course(course: Path) -> Path:
    course = Path(course).expanduser()
    if not (course / "nbgrader_config.py").is_file():
        raise CxlabError(f"{course}: not an nbgrader course folder (no nbgrader_config.py)")
    return course.resolve()
