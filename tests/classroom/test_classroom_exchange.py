"""The exchange's protections, with real accounts: folder modes, forged submissions refused at
collection, feedback returned readable by its learner only, the learners' nbgrader settings."""

import os
import stat
import subprocess
from pathlib import Path

import pytest

from cxlab.classroom import accounts, exchange, state
from cxlab.classroom.roster import Member

ASSIGNMENT = "01-foundations"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


@pytest.fixture
def class_state(public_folder, account_names):
    """A state folder with a course (its config only), a roster of alice and bob, and the exchange."""
    alice, bob = account_names("a"), account_names("b")
    trainer = account_names("t")
    accounts.ensure([Member(alice, "learner"), Member(bob, "learner"), Member(trainer, "trainer")])
    folder = state.prepare(public_folder / "state")
    folder.course.mkdir(mode=0o700)
    (folder.course / "nbgrader_config.py").write_text('c.CourseDirectory.course_id = "cxlab"\n')
    folder.roster.write_text(f"username,role\n{trainer},trainer\n{alice},learner\n{bob},learner\n")
    return folder, exchange.prepare(folder), alice, bob


def hand_in(ex: exchange.Exchange, claimed: str, owner: str, timestamp: str, text: str, tag: str) -> Path:
    """A submission folder as nbgrader names it, made by ``owner`` (who may not be ``claimed``)."""
    folder = ex.inbound / f"{claimed}+{ASSIGNMENT}+{timestamp}+{tag}"
    folder.mkdir()
    (folder / f"{ASSIGNMENT}.ipynb").write_text(text)
    (folder / "timestamp.txt").write_text(timestamp)
    (folder / "submission_secret.txt").write_text(f"secret-{tag}")
    account = accounts.pwd.getpwnam(owner)
    for path in (folder, *folder.iterdir()):
        os.chown(path, account.pw_uid, account.pw_gid)
    return folder


def test_exchange_folders_have_the_modes_that_keep_learners_apart(class_state):
    folder, ex, _, _ = class_state
    assert mode(ex.root) == 0o755 and mode(ex.outbound) == 0o755
    assert mode(ex.inbound) == 0o1733, "anyone may hand in; nobody may list, delete or rename another's folder"
    assert mode(ex.feedback) == 0o711
    config = (folder.learner_config / "nbgrader_config.py").read_text()
    assert f"c.Exchange.root = {str(ex.root)!r}" in config
    assert 'c.ExchangeFactory.submit = "cxlab.classroom.learner_exchange.PrivateSubmit"' in config
    assert mode(folder.learner_config / "nbgrader_config.py") == 0o644


def test_collect_refuses_a_forged_submission_and_takes_the_genuine_one(class_state):
    folder, ex, alice, bob = class_state
    hand_in(ex, alice, alice, "2026-12-01 09:00:00.000000 UTC", "alice's work", "g1")
    hand_in(ex, alice, bob, "2026-12-01 10:00:00.000000 UTC", "bob's forgery", "f1")
    mixed = hand_in(ex, bob, bob, "2026-12-01 10:30:00.000000 UTC", "bob's work", "m1")
    hand_in(ex, bob, bob, "2026-12-01 09:30:00.000000 UTC", "bob's earlier work", "g2")
    alice_account = accounts.pwd.getpwnam(alice)
    os.chown(mixed / f"{ASSIGNMENT}.ipynb", alice_account.pw_uid, alice_account.pw_gid)  # alice's file in bob's folder

    report = exchange.collect(folder, ASSIGNMENT)

    assert report.collected == sorted([alice, bob])
    submitted = folder.course / "submitted"
    assert (submitted / alice / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text() == "alice's work"
    assert (submitted / bob / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text() == "bob's earlier work"
    forged = [line for line in report.refused if "f1" in line]
    assert len(forged) == 1 and f"named for {alice} was made by {bob}" in forged[0], report.refused
    assert any("m1" in line and alice in line and bob in line for line in report.refused), report.refused
    assert all("\n" not in line for line in report.refused)


def test_collect_refuses_a_submission_holding_a_symbolic_link(class_state):
    folder, ex, alice, _ = class_state
    sneaky = hand_in(ex, alice, alice, "2026-12-01 09:00:00.000000 UTC", "x", "s1")
    os.symlink(folder.admin_token, sneaky / "token.txt")
    os.lchown(sneaky / "token.txt", accounts.pwd.getpwnam(alice).pw_uid, -1)
    report = exchange.collect(folder, ASSIGNMENT)
    assert report.collected == [] and "symbolic link" in report.refused[0]


def test_returned_feedback_is_readable_by_its_learner_only(class_state):
    from nbgrader.utils import notebook_hash

    folder, ex, alice, bob = class_state
    pages = folder.course / "feedback" / alice / ASSIGNMENT
    pages.mkdir(parents=True)
    (pages / f"{ASSIGNMENT}.html").write_text("<p>Question 1: 2 / 2</p>")
    secret = folder.course / "submitted" / alice / ASSIGNMENT / "submission_secret.txt"
    secret.parent.mkdir(parents=True)
    secret.write_text("s3cret")

    assert exchange.return_feedback(folder, ASSIGNMENT) == [alice]

    returned = ex.feedback / (notebook_hash(secret="s3cret", notebook_id=ASSIGNMENT) + ".html")
    assert returned.read_text() == "<p>Question 1: 2 / 2</p>"
    assert mode(returned) == 0o600 and returned.stat().st_uid == accounts.pwd.getpwnam(alice).pw_uid
    by_owner = subprocess.run(["runuser", "-u", alice, "--", "cat", str(returned)], capture_output=True, text=True)
    by_peer = subprocess.run(["runuser", "-u", bob, "--", "cat", str(returned)], capture_output=True, text=True)
    assert by_owner.stdout == "<p>Question 1: 2 / 2</p>"
    assert by_peer.returncode != 0 and "Permission denied" in by_peer.stderr
    listing = subprocess.run(["runuser", "-u", bob, "--", "ls", str(ex.feedback)], capture_output=True, text=True)
    assert listing.returncode != 0, "the feedback folder must not be listable"


def test_what_collect_says_is_in_the_class_language_and_a_refusal_keeps_its_reason():
    from cxlab.lang import speaking

    report = exchange.CollectReport(ASSIGNMENT, collected=["alice", "bob"],
                                    refused=["f1: the submission named for alice was made by bob"])
    assert report.summary() == (f"Collected 2 submission(s) of {ASSIGNMENT}: alice, bob.\n"
                                "refused: f1: the submission named for alice was made by bob")
    with speaking("zh-CN"):
        assert report.summary() == (f"已收取 {ASSIGNMENT} 的 2 份提交：alice，bob。\n"
                                    "拒收：f1: the submission named for alice was made by bob")
        assert exchange.CollectReport(ASSIGNMENT).summary() == f"已收取 {ASSIGNMENT} 的 0 份提交。"
