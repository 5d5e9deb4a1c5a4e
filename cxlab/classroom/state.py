"""The hub's state folder ``DIR``: what lives there and who may read it.

::

    DIR/                      0711 root: learners may pass through to the exchange, never list it
      admin-token             0600 JupyterHub API token with admin rights, for automation
      jupyterhub.sqlite       0600 the hub's database
      jupyterhub_cookie_secret 0600
      first-passwords.csv     0600 username,password of the accounts `up` created
      roster.csv              0600 the roster the hub was started with
      jupyterhub_config.py    0600
      course/                 0700 the trainer's nbgrader course: masters, gradebook, submissions
      exchange/               0755 nbgrader's exchange (see cxlab.classroom.exchange)
      learner-config/         0755 nbgrader_config.py for learners' servers (exchange, private submit)
"""

from __future__ import annotations

import csv
import io
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

SECRET_MODE = 0o600
PRIVATE_DIR_MODE = 0o700
PASSAGE_DIR_MODE = 0o711
PUBLIC_DIR_MODE = 0o755
COURSE_ID = "cxlab"


@dataclass(frozen=True)
class StateDir:
    root: Path

    @property
    def admin_token(self) -> Path:
        return self.root / "admin-token"

    @property
    def database(self) -> Path:
        return self.root / "jupyterhub.sqlite"

    @property
    def cookie_secret(self) -> Path:
        return self.root / "jupyterhub_cookie_secret"

    @property
    def passwords(self) -> Path:
        return self.root / "first-passwords.csv"

    @property
    def roster(self) -> Path:
        return self.root / "roster.csv"

    @property
    def hub_config(self) -> Path:
        return self.root / "jupyterhub_config.py"

    @property
    def proxy_pid(self) -> Path:
        return self.root / "jupyterhub-proxy.pid"

    @property
    def course(self) -> Path:
        return self.root / "course"

    @property
    def exchange(self) -> Path:
        return self.root / "exchange"

    @property
    def learner_config(self) -> Path:
        return self.root / "learner-config"


def write_secret(path: Path, text: str) -> Path:
    """Write ``text`` to a file that is 0600 from its first byte (never readable, then fixed)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, SECRET_MODE)
    with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
        stream.write(text)
    os.chmod(path, SECRET_MODE)  # an existing file keeps its old mode through os.open
    return path


def secure_file(path: Path) -> Path:
    """An existing file, or an empty new one, with mode 0600 (the hub's database before the hub opens it)."""
    if not path.exists():
        write_secret(path, "")
    os.chmod(path, SECRET_MODE)
    return path


def prepare(root: Path | str) -> StateDir:
    """Create ``DIR`` with its private files; an admin token that exists is kept (automation uses it)."""
    state = StateDir(Path(root).resolve())
    state.root.mkdir(parents=True, exist_ok=True)
    os.chmod(state.root, PASSAGE_DIR_MODE)
    if not state.admin_token.is_file() or not state.admin_token.read_text().strip():
        write_secret(state.admin_token, secrets.token_hex(32) + "\n")
    for path in (state.admin_token, state.database, state.cookie_secret):
        secure_file(path)
    if not state.cookie_secret.read_text().strip():
        write_secret(state.cookie_secret, secrets.token_hex(32) + "\n")
    state.learner_config.mkdir(exist_ok=True)
    os.chmod(state.learner_config, PUBLIC_DIR_MODE)
    return state


def admin_token(state: StateDir) -> str:
    return state.admin_token.read_text().strip()


def record_passwords(state: StateDir, created: dict[str, str]) -> Path:
    """Add the first passwords of new accounts to ``first-passwords.csv``, keeping earlier ones."""
    rows: dict[str, str] = {}
    if state.passwords.is_file():
        rows = {r["username"]: r["password"] for r in csv.DictReader(io.StringIO(state.passwords.read_text()))}
    rows.update(created)
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["username", "password"])
    writer.writerows(sorted(rows.items()))
    return write_secret(state.passwords, text.getvalue())
