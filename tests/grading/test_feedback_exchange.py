"""A feedback page fetched through nbgrader's exchange still shows its formulas, offline.

nbgrader's ``release_feedback`` copies each learner's feedback HTML, and nothing else, into the
exchange; ``fetch_feedback`` copies it into the learner's folder. So the page must carry what it
needs to render a formula. Here the whole round trip runs through a temporary exchange, as one
user playing trainer and learner: release the assignment, fetch, answer, submit, collect, grade
with ``cxlab``, ``cxlab`` feedback, release the feedback and fetch it. The fetched page is then
read (no file beside it, no script, no network address) and, when Chromium is here, opened with every
request outside the page refused, to see the browser draw the formulas (MathML, no script needed).
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from kit import COURSE
from cxlab import build
from cxlab.grading import cohort, feedback, submissions
from test_feedback_pages import check_formulas_drawn_offline, servqual_formula_cells

# Its module-scoped course is made once, on one worker.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("feedback-exchange")]
ASSIGNMENT = "quiz"
COURSE_ID = "cxlab-exchange-test"
FORMULA = r"$\%P - \%D$"


def master() -> nbformat.NotebookNode:
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    answer = new_code_cell("### BEGIN SOLUTION\nanswer = 12\n### END SOLUTION")
    answer.metadata["nbgrader"] = {"grade": False, "solution": True, "locked": False, "grade_id": "q1-answer",
                                   "points": 0, "schema_version": 3}
    check = new_code_cell('assert answer == 12, "the answer is 12."')
    check.metadata["nbgrader"] = {"grade": True, "solution": False, "locked": True, "grade_id": "q1-tests",
                                  "points": 1, "schema_version": 3}
    return new_notebook(cells=[new_markdown_cell(f"# Quiz\n\nThe Net Promoter Score is {FORMULA}, in points."),
                               *servqual_formula_cells(), new_markdown_cell("## Question 1 (1 point)"), answer, check],
                        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})


def nbgrader(command: str, cwd: Path, exchange: Path, cache: Path) -> None:
    """One nbgrader exchange command, as the trainer (in the course) or the learner (in their folder)."""
    done = subprocess.run(
        [sys.executable, "-m", "nbgrader", command, ASSIGNMENT, f"--course={COURSE_ID}",
         f"--Exchange.root={exchange}", f"--Exchange.cache={cache}"],
        cwd=cwd, capture_output=True, text=True, timeout=300,
        env={**os.environ, "JUPYTER_CONFIG_DIR": str(cwd / ".jupyter-config")},
    )
    assert done.returncode == 0, f"nbgrader {command} failed:\n{done.stdout}\n{done.stderr}"


@pytest.fixture(scope="module")
def fetched_page(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("exchange")
    course, learner, exchange, cache = (work / "course", work / "learner", work / "exchange", work / "cache")
    for folder in (course / "source" / ASSIGNMENT, learner, exchange, cache):
        folder.mkdir(parents=True)
    (course / "nbgrader_config.py").write_text((COURSE / "nbgrader_config.py").read_text(encoding="utf-8")
                                               + f"\nc.CourseDirectory.course_id = {COURSE_ID!r}\n", encoding="utf-8")
    nbformat.write(master(), course / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    build.generate_assignment(course, ASSIGNMENT)

    nbgrader("release_assignment", course, exchange, cache)
    nbgrader("fetch_assignment", learner, exchange, cache)
    handed = learner / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    nbformat.write(submissions.fill_answers(nbformat.read(handed, as_version=4), {"q1-answer": "answer = 12"},
                                            ASSIGNMENT), handed)
    nbgrader("submit", learner, exchange, cache)
    nbgrader("collect", course, exchange, cache)
    cohort.grade(course, ASSIGNMENT, workers=1, stream=io.StringIO())
    feedback.generate(course, ASSIGNMENT)
    nbgrader("release_feedback", course, exchange, cache)
    nbgrader("fetch_feedback", learner, exchange, cache)

    pages = sorted((learner / ASSIGNMENT / "feedback").glob(f"*/{ASSIGNMENT}.html"))
    assert len(pages) == 1, f"fetch_feedback gave {pages}"
    return pages[0]


def test_the_fetched_page_arrives_alone(fetched_page):
    beside = sorted(p.name for p in fetched_page.parent.iterdir())
    assert beside == [f"{ASSIGNMENT}.html"], f"the exchange delivers only the page, here: {beside}"


def test_the_fetched_page_draws_its_formulas_with_every_outside_request_refused(fetched_page):
    formulas = check_formulas_drawn_offline(fetched_page, expected=4)
    assert any(f["text"].startswith("α") and f["display"] == "block" for f in formulas), formulas
    assert any(f["text"] == "%P−%D" for f in formulas), "the Net Promoter Score formula, as MathML"
