"""``cxlab grade`` on an honest class: the scores nbgrader autograde gives, and the files a trainer reads.

For 00-orientation, one class (master, blank release, every variant) is graded once per test process
with the real ``cxlab grade`` command, in a sandbox where bubblewrap works, and every score must be
identical to what stock ``nbgrader autograde`` gives the same hand-ins (the stock grading of
``test_assignments.py``, shared: these tests are in its xdist group). Every assignment's variants are
graded by stock nbgrader in ``test_assignments.py`` and by ``cxlab grade``, in the sandbox with its
limits (08-branch-transformation's wild cluster bootstrap included), in ``test_assignments_zh.py``:
grading them a third time here would lengthen the suite's longest part and prove nothing new.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest

from kit import COURSE, cxlab_command, hand_in_master_release_and_variants, stock_graded, variants
from cxlab import build
from cxlab.grading import gradebook, submissions

COMPARED_WITH_STOCK = "00-orientation"
FIXED_COLUMNS = ["student_id", "score", "max_score", "status", "reason"]


def cxlab(*args, env=None):
    return subprocess.run(cxlab_command(*args), capture_output=True, text=True, env=env)


@cache
def graded(assignment: str, workdir: str) -> tuple[Path, subprocess.CompletedProcess]:
    course = build.copy_course(COURSE, Path(workdir) / assignment / "course")
    hand_in_master_release_and_variants(course, assignment)
    result = cxlab("grade", assignment, "--course-dir", str(course), "--workers", "2", "--timeout", "120")
    return course, result


@pytest.fixture(scope="session")
def workdir(tmp_path_factory) -> str:
    return str(tmp_path_factory.mktemp("batch"))


def grades(course: Path, assignment: str) -> tuple[list[str], dict[str, dict[str, str]]]:
    with open(course / "reports" / assignment / "grades.csv", newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames), {row["student_id"]: row for row in reader}


def by_assignment(names):
    """In the xdist group of the assignment's tests in test_assignments.py, whose stock grading they share."""
    return [pytest.param(n, marks=[pytest.mark.slow, pytest.mark.xdist_group(n)], id=n) for n in names]


@pytest.mark.parametrize("assignment", by_assignment([COMPARED_WITH_STOCK]))
def test_every_variant_scores_what_it_expects(assignment, workdir):
    course, result = graded(assignment, workdir)
    assert result.returncode == 0, result.stderr[-3000:]
    scores = gradebook.read_scores(course, assignment)
    master = scores["master"]
    assert master.auto_score == master.auto_max > 0, f"the master loses points under cxlab grade"
    assert scores["blank-release"].auto_score == 0
    for variant in variants(assignment):
        expected = submissions.read_expected(variant)
        got = {c.grade_id: c.score for c in scores[f"variant-{variant.name}"].cells if c.autograded}
        assert got == expected.cells, f"{variant.name} ({expected.description}): {got}"


@pytest.mark.parametrize("assignment", by_assignment([COMPARED_WITH_STOCK]))
def test_scores_are_identical_to_stock_nbgrader_autograde(assignment, workdir, graded_workdir):
    course, result = graded(assignment, workdir)
    assert result.returncode == 0, result.stderr[-3000:]
    _, theirs = stock_graded(assignment, graded_workdir)
    ours = gradebook.read_scores(course, assignment)
    assert set(ours) == set(theirs)
    for learner in theirs:
        assert ours[learner].by_cell() == theirs[learner].by_cell(), f"{learner}: cxlab grade and nbgrader differ"


@pytest.mark.parametrize("assignment", by_assignment([COMPARED_WITH_STOCK]))
def test_grades_csv_has_a_row_per_learner_and_a_column_per_graded_cell(assignment, workdir):
    course, _ = graded(assignment, workdir)
    columns, rows = grades(course, assignment)
    assert columns[:5] == FIXED_COLUMNS
    cells = columns[5:]
    assert {"q1-tests", "q5-tests"} <= set(cells), cells
    assert set(rows) == {p.parent.name for p in (course / "submitted").glob(f"*/{assignment}")}
    for learner, row in rows.items():
        assert row["status"] == "graded" and row["reason"] == "", f"{learner}: {row}"
        autograded = sum(float(row[c]) for c in cells if row[c] and c.endswith("-tests"))
        assert float(row["score"]) == autograded, f"{learner}: the cells do not add up to the score"
    assert rows["master"]["q3-tests"] == "2" and rows["variant-mistake-missing-as-zero"]["q3-tests"] == "0"
    assert rows["master"]["max_score"] == "10"


@pytest.mark.parametrize("assignment", by_assignment([COMPARED_WITH_STOCK]))
def test_every_graded_notebook_is_timed_and_progress_is_reported(assignment, workdir):
    course, result = graded(assignment, workdir)
    with open(course / "reports" / assignment / "timings.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["student_id"] for r in rows} == {p.parent.name for p in (course / "submitted").glob(f"*/{assignment}")}
    assert all(float(r["seconds"]) >= 0 for r in rows)
    assert any(float(r["seconds"]) > 0.5 for r in rows), "at least the distinct hand-ins really ran"
    assert re.search(r"\d+/\d+ hand-ins done \(\d+ graded, \d+ timeout/error/invalid\)", result.stderr), "without a terminal, progress comes as plain lines"
    assert "graded in" in result.stdout and "Grades:" in result.stdout


@pytest.mark.parametrize("assignment", by_assignment([COMPARED_WITH_STOCK]))
def test_unchanged_hand_ins_are_skipped_and_force_or_an_edit_regrades(assignment, workdir):
    course, _ = graded(assignment, workdir)
    log = course / "reports" / assignment / "state.jsonl"
    before = log.read_text(encoding="utf-8").count("\n")
    again = cxlab("grade", assignment, "--course-dir", str(course), "--workers", "2")
    assert again.returncode == 0 and "0 hand-in(s) graded" in again.stdout, again.stdout
    assert log.read_text(encoding="utf-8").count("\n") == before, "nothing may be graded twice"

    forced = cxlab("grade", assignment, "--course-dir", str(course), "--student", "master", "--force")
    assert forced.returncode == 0 and "1 hand-in(s) graded" in forced.stdout, forced.stdout

    notebook = course / "submitted" / "variant-blank" / assignment / f"{assignment}.ipynb"
    edited = build.read_notebook(notebook)
    submissions.fill_answers(edited, {"q1-answer": "n_smart_branches = 12"}, notebook.name)
    notebook.write_text(build.notebook_text(edited), encoding="utf-8")
    changed = cxlab("grade", assignment, "--course-dir", str(course), "--workers", "2")
    assert "1 hand-in(s) graded" in changed.stdout, changed.stdout
    _, rows = grades(course, assignment)
    assert rows["variant-blank"]["q1-tests"] == "1", "the edited hand-in was graded again"
    assert len(rows) == len({p.parent.name for p in (course / "submitted").glob(f"*/{assignment}")})


@pytest.mark.slow
@pytest.mark.xdist_group("batch-no-sandbox")
def test_without_a_sandbox_grading_warns_once_and_goes_on(tmp_path):
    assignment = COMPARED_WITH_STOCK
    course = build.copy_course(COURSE, tmp_path / "course")
    build.generate_assignment(course, assignment)
    for learner in ("ana", "ben"):
        submissions.write_solved(course / "source" / assignment, course / "release" / assignment,
                                 course / "submitted" / learner / assignment)
        (course / "submitted" / learner / assignment / "notes.txt").write_text(learner, encoding="utf-8")
    result = cxlab("grade", assignment, "--course-dir", str(course), env=dict(os.environ, CXLAB_SANDBOX="off"))
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stderr.count("WITHOUT a sandbox") == 1, result.stderr
    assert "sandbox: none" in result.stdout
    _, rows = grades(course, assignment)
    assert [rows[s]["score"] for s in ("ana", "ben")] == ["8", "8"]


@pytest.mark.parametrize("assignment", by_assignment([COMPARED_WITH_STOCK]))
def test_feedback_shared_by_identical_hand_ins_equals_rendering_each_one(assignment, workdir):
    from nbgrader.api import Gradebook

    from cxlab.grading import feedback

    course, _ = graded(assignment, workdir)
    twins = ("twin-a", "twin-b", "twin-c")  # three more untouched releases, graded by one shared run
    for twin in twins:
        submissions.write_blank(course / "release" / assignment, course / "submitted" / twin / assignment)
    added = cxlab("grade", assignment, "--course-dir", str(course), *[f"--student={t}" for t in twins])
    assert added.returncode == 0, added.stderr[-3000:]
    # A trainer's comment makes one of the identical hand-ins different.
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "cxlab") as book:
        notebook = book.find_submission_notebook(assignment, assignment, "twin-b")
        notebook.comments[0].manual_comment = "See me after class."
        book.db.commit()
    learners = sorted(p.parent.name for p in (course / "autograded").glob(f"*/{assignment}"))
    keys = feedback._feedback_keys(course, assignment, learners)
    assert keys["twin-a"] == keys["twin-c"], "identical hand-ins: one rendering"
    assert keys["twin-b"] != keys["twin-a"], "the comment must make the pages differ"

    result = cxlab("feedback", assignment, "--course-dir", str(course))
    assert result.returncode == 0, result.stderr[-3000:]
    one_by_one = Path(workdir) / "one-by-one"
    shutil.copytree(course, one_by_one / "course", ignore=shutil.ignore_patterns("feedback"))
    feedback._render(str(one_by_one / "course"), assignment, learners)
    for learner in learners:
        shared = course / "feedback" / learner / assignment
        alone = one_by_one / "course" / "feedback" / learner / assignment
        assert sorted(p.name for p in shared.iterdir()) == sorted(p.name for p in alone.iterdir()), learner
        for page in alone.iterdir():
            assert (shared / page.name).read_bytes() == page.read_bytes(), f"{learner}: {page.name} differs"
    assert "See me after class." in (course / "feedback" / "twin-b" / assignment /
                                     f"{assignment}.html").read_text(encoding="utf-8")
