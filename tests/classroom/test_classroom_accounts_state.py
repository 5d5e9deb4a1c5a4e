"""Accounts with private homes and first passwords; the state folder's secrets, root's alone."""

import os
import stat
import subprocess
import time
from pathlib import Path

from cxlab.classroom import accounts, state
from cxlab.classroom.roster import Member


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_accounts_get_a_private_home_and_a_first_password_that_logs_in(account_names):
    import pamela

    learner = account_names("l1")
    created = accounts.ensure([Member(learner, "learner", "Li Na")])
    assert list(created) == [learner]
    home = accounts.home(learner)
    assert home.is_dir() and mode(home) == 0o700, f"{home} has mode {oct(mode(home))}, expected 0o700"
    assert home.stat().st_uid == accounts.pwd.getpwnam(learner).pw_uid
    pamela.authenticate(learner, created[learner])  # raises PAMError on a wrong password
    assert accounts.ensure([Member(learner, "learner")]) == {}, "an existing account must not get a new password"


def test_an_existing_roster_home_is_made_private(account_names):
    learner = account_names("l2")
    subprocess.run(["useradd", "--create-home", learner], check=True)
    home = accounts.home(learner)
    os.chmod(home, 0o755)  # Debian's default
    accounts.ensure([Member(learner, "learner")])
    assert mode(home) == 0o700


def test_removing_an_account_ends_its_processes_and_deletes_its_home(account_names):
    learner = account_names("l3")
    accounts.ensure([Member(learner, "learner")])
    sleeper = subprocess.Popen(["runuser", "-u", learner, "--", "sleep", "60"])
    deadline = time.monotonic() + 10
    while not accounts.processes_of(learner) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert accounts.processes_of(learner), "the learner's process never started"
    home = accounts.home(learner)
    accounts.remove(learner)
    assert sleeper.wait(timeout=10) != 0
    assert not accounts.exists(learner) and not home.exists()


def test_state_folder_keeps_secrets_root_only_and_the_admin_token_across_starts(public_folder):
    folder = public_folder / "state"
    first = state.prepare(folder)
    assert mode(folder) == 0o711, "learners pass through to the exchange but cannot list the state folder"
    for secret in (first.admin_token, first.database, first.cookie_secret):
        assert mode(secret) == 0o600 and secret.stat().st_uid == 0, f"{secret.name}: {oct(mode(secret))}"
    token = state.admin_token(first)
    assert len(token) == 64
    os.chmod(first.admin_token, 0o644)
    again = state.prepare(folder)
    assert state.admin_token(again) == token, "automation keeps working after a restart"
    assert mode(again.admin_token) == 0o600


def test_first_passwords_file_is_private_and_keeps_earlier_passwords(public_folder):
    folder = state.prepare(public_folder / "state")
    state.record_passwords(folder, {"li01": "abc"})
    path = state.record_passwords(folder, {"wang": "xyz"})
    assert mode(path) == 0o600
    assert path.read_text().splitlines() == ["username,password", "li01,abc", "wang,xyz"]


def test_a_learner_cannot_read_the_admin_token(public_folder, account_names):
    learner = account_names("l4")
    accounts.ensure([Member(learner, "learner")])
    folder = state.prepare(public_folder / "state")
    attempt = subprocess.run(["runuser", "-u", learner, "--", "cat", str(folder.admin_token)],
                             capture_output=True, text=True)
    assert attempt.returncode != 0 and "Permission denied" in attempt.stderr
    assert state.admin_token(folder) not in attempt.stdout
