"""What a hand-in must not be able to do, tried for real: hostile hand-ins graded by ``cxlab grade``.

One class — three honest learners and every hostile hand-in in ``tests/grading/hostile/`` — is
graded once per session, in the sandbox, while an "answer server" listens on the grader's loopback.
Each hostile hand-in must end graded no higher than the honest blank one, with its expected status;
the honest learners keep their exact scores; nothing is written outside the scratch folders; the
gradebook stays intact. Separate tests show each attack is real: it earns points when the guard (or
the sandbox) is switched off. Then: feedback without hidden tests, and a batch killed with SIGKILL.
"""

from __future__ import annotations

import csv
import html
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from functools import cache
from pathlib import Path

import pytest

from kit import COURSE, ROOT, cxlab_command, hand_in_class
from cxlab import build
from cxlab.grading import runner, sandbox, submissions

ASSIGNMENT = "00-orientation"
HOSTILE = ROOT / "tests" / "grading" / "hostile" / ASSIGNMENT
VARIANTS = ROOT / "tests" / "grading" / "variants" / ASSIGNMENT
HONEST = {"model": None, "blank": "blank", "mistake": "mistake-missing-as-zero"}
TIMEOUT = 25  # seconds per notebook: the endless loop and the sleep run into it

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("batch-safety")]
needs_sandbox = pytest.mark.usefixtures("sandbox_here")  # skips, or fails with CXLAB_REQUIRE_SANDBOX=1


def hostile_names() -> list[str]:
    return sorted(p.name for p in HOSTILE.iterdir() if p.is_dir())


def runnable_here() -> list[str]:
    """The hostile hand-ins it is safe to grade on this machine.

    Without a sandbox, the ones only the sandbox contains (writing outside the scratch folder,
    rewriting any gradebook they find) would really do it, to this machine: they are left out.
    """
    return [n for n in hostile_names()
            if sandbox.detect().enabled or not submissions.read_hostile_expected(HOSTILE / n).needs_sandbox]


def master_answers(course: Path) -> str:
    master = build.read_notebook(course / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    return "\n".join(submissions.solution_text(c.source) for c in master.cells
                     if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("solution"))


class AnswerServer:
    """A friend's server on the grader's loopback, handing out the master's answers."""

    def __init__(self, answers: str):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(64)
        self.payload = json.dumps({"cxlab-answers": answers}).encode()
        self.served = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            self.served += 1
            connection.sendall(self.payload)
            connection.close()

    def close(self):
        self.socket.close()


@cache
def hostile_class(workdir: str):
    """The graded course, the `cxlab grade` result, and how often the answer server was reached."""
    course = build.copy_course(COURSE, Path(workdir) / "course")
    hand_in_class(course, ASSIGNMENT, HONEST)
    source, release = course / "source" / ASSIGNMENT, course / "release" / ASSIGNMENT
    for name in runnable_here():
        submissions.write_hostile(HOSTILE / name, source, release, course / "submitted" / f"hostile-{name}" / ASSIGNMENT)
    server = AnswerServer(master_answers(course))
    try:
        result = subprocess.run(cxlab_command("grade", ASSIGNMENT, "--course-dir", str(course), "--workers", "2",
                                              "--timeout", str(TIMEOUT), "--memory-mb", "1024"),
                                capture_output=True, text=True)
    finally:
        server.close()
    return course, result, server.served


@pytest.fixture(scope="session")
def workdir(tmp_path_factory) -> str:
    return str(tmp_path_factory.mktemp("hostile"))


def rows(course: Path) -> dict[str, dict[str, str]]:
    with open(course / "reports" / ASSIGNMENT / "grades.csv", newline="", encoding="utf-8") as handle:
        return {row["student_id"]: row for row in csv.DictReader(handle)}


# --------------------------------------------------------------------------- the class, graded


def test_the_batch_finishes_and_honest_learners_keep_their_scores(workdir):
    course, result, _ = hostile_class(workdir)
    assert result.returncode == 0, result.stderr[-3000:]
    graded = rows(course)
    assert set(graded) == set(HONEST) | {f"hostile-{n}" for n in runnable_here()}
    assert graded["model"]["score"] == "8" and graded["model"]["status"] == "graded"
    assert graded["blank"]["score"] == "0"
    assert graded["mistake"]["score"] == "6" and graded["mistake"]["q3-tests"] == "0"


@pytest.mark.parametrize("name", hostile_names())
def test_hostile_hand_in_scores_no_more_than_a_blank_one(name, workdir):
    expected = submissions.read_hostile_expected(HOSTILE / name)
    if expected.needs_sandbox and not sandbox.detect().enabled:
        pytest.skip("this attack is only contained by the sandbox, which is not available here")
    course, _, _ = hostile_class(workdir)
    row = rows(course)[f"hostile-{name}"]
    assert float(row["score"]) <= min(expected.total, float(rows(course)["blank"]["score"])), (
        f"{name} ({expected.description}) earned {row['score']}: {row}"
    )
    assert row["status"] in expected.statuses, f"{name}: status {row['status']} ({row['reason']})"
    if row["status"] != "graded":
        assert row["reason"] and "\n" not in row["reason"], "a trainer needs a one-line reason"


@needs_sandbox
def test_nothing_is_written_outside_the_scratch_folders(workdir):
    course, _, _ = hostile_class(workdir)
    places = [Path("/tmp"), Path("/work"), ROOT, Path.home(), Path(workdir)]
    leaked = [str(p / "cxlab-escape.txt") for p in places if (p / "cxlab-escape.txt").exists()]
    leaked += [str(p) for p in Path(workdir).rglob("cxlab-escape.txt")]
    assert not leaked, f"a hand-in wrote outside its sandbox: {leaked}"


@needs_sandbox
def test_the_gradebook_is_intact_and_only_the_grader_wrote_it(workdir):
    from nbgrader.api import Gradebook

    course, _, _ = hostile_class(workdir)
    integrity = subprocess.run([sys.executable, "-c", "import sqlite3, sys; print(sqlite3.connect(sys.argv[1])"
                                ".execute('pragma integrity_check').fetchone()[0])", str(course / "gradebook.db")],
                               capture_output=True, text=True)
    assert integrity.stdout.strip() == "ok"
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        manual = [g.manual_score for s in gradebook.find_assignment(ASSIGNMENT).submissions
                  for n in s.notebooks for g in n.grades if g.manual_score is not None]
    assert manual == [], "a hand-in gave itself manual marks"


@needs_sandbox
def test_the_answer_server_on_the_graders_loopback_was_never_reached(workdir):
    _, _, served = hostile_class(workdir)
    assert served == 0


# --------------------------------------------------------------------------- the attacks are real


def grade_alone(course: Path, name: str, *, guard: bool, sandboxed: bool) -> float:
    """Grade one hostile hand-in in this process, scoring its cells as nbgrader would."""
    import nbformat
    from nbgrader.utils import determine_grade, is_grade

    from cxlab.datasets import data_dir

    task = runner.GradingTask(
        student=f"hostile-{name}", assignment=ASSIGNMENT,
        submission_dir=str(course / "submitted" / f"hostile-{name}" / ASSIGNMENT),
        source_dir=str(course / "source" / ASSIGNMENT), course_dir=str(course),
        gradebook=str(course / "gradebook.db"), notebooks=(ASSIGNMENT,), data_dir=str(data_dir().resolve()),
        bwrap=sandbox.detect().bwrap if sandboxed else None, guard=guard, limits=runner.Limits(timeout=60),
    )
    result = runner.grade_submission(task)
    total = 0.0
    for notebook in result.notebooks:
        if notebook.text and notebook.complete:
            for cell in nbformat.reads(notebook.text, as_version=4).cells:
                if is_grade(cell) and cell.cell_type == "code":
                    total += determine_grade(cell)[0] or 0
    return total


@pytest.mark.parametrize("name", [n for n in hostile_names()
                                  if submissions.read_hostile_expected(HOSTILE / n).unguarded_total])
def test_without_the_guard_the_attack_would_earn_points(name, workdir):
    course, _, _ = hostile_class(workdir)
    expected = submissions.read_hostile_expected(HOSTILE / name)
    assert grade_alone(course, name, guard=False, sandboxed=sandbox.detect().enabled) == expected.unguarded_total
    assert float(rows(course)[f"hostile-{name}"]["score"]) == 0, "with the guard (the class above was graded so)"


@needs_sandbox
@pytest.mark.parametrize("name", ["steal-answers", "network"])
def test_without_the_sandbox_the_attack_would_earn_points(name, workdir):
    """Only attacks that merely read: the writing one is never run unconfined."""
    course, _, _ = hostile_class(workdir)
    server = AnswerServer(master_answers(course))
    try:
        assert grade_alone(course, name, guard=True, sandboxed=False) > 0
        assert float(rows(course)[f"hostile-{name}"]["score"]) == 0, "in the sandbox (the class above was graded so)"
    finally:
        server.close()


# --------------------------------------------------------------------------- feedback


def visible_text(page: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", page)))


def hidden_test_lines(course: Path) -> list[str]:
    """Lines of code that only hidden tests hold (a line also in a visible test is no secret)."""
    hidden, visible, inside = set(), set(), False
    master = build.read_notebook(course / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    for cell in master.cells:
        for line in cell.source.splitlines():
            text = re.sub(r"\s+", " ", line.strip())
            if "BEGIN HIDDEN TESTS" in line:
                inside = True
            elif "END HIDDEN TESTS" in line:
                inside = False
            elif inside and len(text) >= 20 and not text.startswith(('"', "'", ")")):
                hidden.add(text)
            elif not inside:
                visible.add(text)
    return sorted(hidden - visible)


def test_feedback_has_the_hidden_tests_messages_but_not_their_code(workdir):
    course, _, _ = hostile_class(workdir)
    result = subprocess.run(cxlab_command("feedback", ASSIGNMENT, "--course-dir", str(course)),
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    pages = {p.parts[-3]: visible_text(p.read_text(encoding="utf-8"))
             for p in (course / "feedback").glob(f"*/{ASSIGNMENT}/*.html")}
    assert {"model", "blank", "mistake", "hostile-leak-tests"} <= set(pages)
    hidden = hidden_test_lines(course)
    assert len(hidden) > 5
    for learner, text in pages.items():
        assert "HIDDEN TESTS" not in text, learner
        shown = [line for line in hidden if line in text]
        assert not shown, f"{learner}'s feedback shows hidden test code: {shown[:3]}"
    assert "It looks as if skipped questions were counted as 0" in pages["mistake"], "the failure message is shown"
    # The model's written answer (q6, 2 points) awaits the trainer: the total says so instead of 8 / 10.
    assert "autograded 8 / 8; written answers pending" in pages["model"], "scores are shown"
    assert "awaiting your trainer" in pages["model"]


# --------------------------------------------------------------------------- killed mid-batch


def descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (Linux /proc)."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat[stat.rindex(")") + 2:].split()[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return state[state.rindex(")") + 2] != "Z"  # a zombie has exited, it just awaits its parent


def test_a_batch_killed_with_sigkill_finishes_on_rerun_grading_each_hand_in_once(tmp_path):
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    course = build.copy_course(COURSE, tmp_path / "course")
    build.generate_assignment(course, ASSIGNMENT)
    source, release = course / "source" / ASSIGNMENT, course / "release" / ASSIGNMENT
    learners = []
    for variant in sorted(p for p in VARIANTS.iterdir() if p.is_dir()):
        learners.append(variant.name)
        submissions.write_variant(variant, source, release, course / "submitted" / variant.name / ASSIGNMENT)
    command = cxlab_command("grade", ASSIGNMENT, "--course-dir", str(course), "--workers", "1")
    log = course / "reports" / ASSIGNMENT / "state.jsonl"
    first = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 240
    while not (log.exists() and log.read_text(encoding="utf-8").count("\n") >= 1):
        assert first.poll() is None, "the batch ended before it could be killed"
        assert time.monotonic() < deadline, "no hand-in was graded in time"
        time.sleep(0.1)
    family = descendants(first.pid)
    assert family, "the grader should be running workers and a kernel"
    os.kill(first.pid, signal.SIGKILL)
    first.wait()
    done_before = log.read_text(encoding="utf-8").count("\n")
    deadline = time.monotonic() + 15
    while any(alive(pid) for pid in family) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in family if alive(pid)], "workers or kernels outlived the killed grader"
    assert done_before < len(learners), "killed too late to test anything"

    rerun = subprocess.run(command[:-2] + ["--workers", "2"], capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    records = [json.loads(line)["student"] for line in log.read_text(encoding="utf-8").splitlines()]
    assert sorted(records) == sorted(learners), f"every hand-in graded exactly once: {records}"
    assert f"skipped {done_before} unchanged" in rerun.stdout
    graded = rows(course)
    assert set(graded) == set(learners) and {r["status"] for r in graded.values()} == {"graded"}
    # formgrader reads the gradebook through nbgrader's API
    api = NbGraderAPI(CourseDirectory(root=str(course)))
    submitted = api.get_submissions(ASSIGNMENT)
    assert sorted(s["student"] for s in submitted) == sorted(learners)
    assert all(s["autograded"] for s in submitted)
