"""Local accounts for the roster, with private homes and first passwords for the login page.

Debian creates homes with mode 0755 (``HOME_MODE`` in ``/etc/login.defs``), which lets every
learner read every other learner's notebooks; every roster home is therefore set to 0700, also
for accounts that existed before. A new account gets a random first password that the trainer
hands out (``DIR/first-passwords.csv``, mode 0600); an existing account keeps its own.
"""

from __future__ import annotations

import os
import pwd
import secrets
import signal
import shutil
import subprocess
from pathlib import Path

from cxlab.classroom.roster import Member
from cxlab.errors import CxlabError

HOME_MODE = 0o700
#: Easy to read out loud and to type: no 0/O or 1/l/I.
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY346789"


def exists(username: str) -> bool:
    try:
        pwd.getpwnam(username)
    except KeyError:
        return False
    return True


def home(username: str) -> Path:
    return Path(pwd.getpwnam(username).pw_dir)


def first_password(length: int = 10) -> str:
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(length))


def _run(command: list[str], stdin: str | None = None) -> None:
    result = subprocess.run(command, input=stdin, capture_output=True, text=True)
    if result.returncode != 0:
        reason = (result.stderr or result.stdout).strip().splitlines()
        raise CxlabError(f"{command[0]} failed: {reason[-1] if reason else 'exit code ' + str(result.returncode)}")


def create(member: Member) -> str:
    """Create the account with a private home; return its first password."""
    if shutil.which("useradd") is None:
        raise CxlabError("useradd not found; `cxlab classroom up` needs a Linux server and must run as root")
    command = ["useradd", "--create-home", "--user-group", "--shell", "/bin/bash"]
    if member.name:
        command += ["--comment", member.name.replace(":", " ")]
    _run(command + [member.username])
    password = first_password()
    _run(["chpasswd"], stdin=f"{member.username}:{password}\n")
    make_home_private(member.username)
    return password


def make_home_private(username: str) -> Path:
    folder = home(username)
    if folder.is_dir():
        os.chmod(folder, HOME_MODE)
    return folder


def ensure(members: list[Member]) -> dict[str, str]:
    """Create the accounts that do not exist; every roster home becomes 0700. Returns new username -> password."""
    created: dict[str, str] = {}
    for member in members:
        if exists(member.username):
            make_home_private(member.username)
        else:
            created[member.username] = create(member)
    return created


def remove(username: str) -> None:
    """Delete the account, its home and its group (tests; a trainer removing a class)."""
    if exists(username):
        for pid in processes_of(username):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        _run(["userdel", "--remove", username])


def processes_of(username: str) -> list[int]:
    """The ids of the processes running as ``username`` (its JupyterLab and kernels)."""
    uid = pwd.getpwnam(username).pw_uid
    pids = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and entry.stat().st_uid == uid:
                pids.append(int(entry.name))
        except FileNotFoundError:
            continue  # ended while we looked
    return pids
