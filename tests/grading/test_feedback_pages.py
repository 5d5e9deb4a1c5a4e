"""Feedback a learner can trust, proven on a small course graded by the real ``cxlab grade``.

One assignment, three questions: an autograded number whose hidden tests can fail twice, a check
that the grading kernel says ``CXLAB_GRADING=1``, and a written answer the trainer marks by hand.
Three learners: right, wrong (both hidden messages fail), and a damaged notebook that cannot be graded.
"""

from __future__ import annotations

import io
import os
import re
import shutil
from functools import cache
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from kit import COURSE, ROOT, in_a_thread_of_its_own
from cxlab import build
from cxlab.grading import cohort, feedback, gradebook, submissions

# Its module-scoped course is made once, on one worker.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("feedback-pages")]
ASSIGNMENT = "quiz"
#: Feedback pages stay small: they were 2.3 MB each with MathJax inside (issue #11).
MAX_PAGE_BYTES = 300_000


def cell(kind, source, grade_id=None, *, grade=False, solution=False, points=0):
    made = new_code_cell(source) if kind == "code" else new_markdown_cell(source)
    if grade_id:
        made.metadata["nbgrader"] = {"grade": grade, "solution": solution, "locked": not solution,
                                     "grade_id": grade_id, "points": points, "schema_version": 3}
    return made


def servqual_formula_cells() -> list[nbformat.NotebookNode]:
    """The markdown cells of 04-servqual that hold formulas (one ``$$`` weighted score, Cronbach's ``$$\\alpha``)."""
    servqual = nbformat.read(ROOT / "solutions" / "04-servqual.ipynb", as_version=4)
    found = [new_markdown_cell(c.source) for c in servqual.cells if c.cell_type == "markdown" and "$" in c.source]
    assert any("\\alpha" in c.source for c in found), "04-servqual's Cronbach's alpha formula moved"
    return found


def master() -> nbformat.NotebookNode:
    return new_notebook(cells=[
        cell("markdown", "# Quiz\n\nThe Net Promoter Score is $\\%P - \\%D$, in points."),
        *servqual_formula_cells(),
        cell("markdown", "## Question 1 — A number (2 points)\n\nStore a whole number in `answer`."),
        cell("code", "### BEGIN SOLUTION\nanswer = 12\n### END SOLUTION", "q1-answer", solution=True),
        cell("code", 'assert isinstance(answer, int), "answer should be a whole number."\n'
                     'print("Question 1: the form is right.")\n### BEGIN HIDDEN TESTS\n'
                     'assert answer > 10, "Message A: the answer is more than 10; yours is " + str(answer) + ". ' + "x" * 150 + '"\n'
                     'assert answer % 2 == 0, "Message B: the answer is an even number."\n### END HIDDEN TESTS',
             "q1-tests", grade=True, points=2),
        cell("markdown", "## Question 2 — Where it runs (1 point)"),
        cell("code", 'import os\n### BEGIN HIDDEN TESTS\nassert os.environ.get("CXLAB_GRADING") == "1", '
                     '"graded without CXLAB_GRADING=1"\n### END HIDDEN TESTS', "q2-tests", grade=True, points=1),
        cell("markdown", "## Question 3 — Your advice (3 points)"),
        cell("markdown", "Call the customer back within a day.", "q3-answer", grade=True, solution=True, points=3),
    ], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})


@cache
def graded_course(workdir: str) -> Path:
    course = Path(workdir) / "course"
    (course / "source" / ASSIGNMENT).mkdir(parents=True)
    shutil.copyfile(COURSE / "nbgrader_config.py", course / "nbgrader_config.py")
    nbformat.write(master(), course / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    build.generate_assignment(course, ASSIGNMENT)
    release = nbformat.read(course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    for learner, answer in (("right", "answer = 12"), ("wrong", "answer = 1")):
        answers = {"q1-answer": answer, "q3-answer": "I would call the customer back the same day."}
        handed_in = submissions.fill_answers(nbformat.from_dict(release), answers, ASSIGNMENT)
        (course / "submitted" / learner / ASSIGNMENT).mkdir(parents=True)
        nbformat.write(handed_in, course / "submitted" / learner / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    (course / "submitted" / "broken" / ASSIGNMENT).mkdir(parents=True)
    (course / "submitted" / "broken" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").write_text('{"cells": [', encoding="utf-8")
    cohort.grade(course, ASSIGNMENT, workers=1, stream=io.StringIO())
    return course


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    return graded_course(str(tmp_path_factory.mktemp("feedback")))


@pytest.fixture(scope="module")
def result(course):
    return feedback.generate(course, ASSIGNMENT)


def page(course: Path, learner: str) -> str:
    return (course / "feedback" / learner / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text(encoding="utf-8")


def text(html: str) -> str:
    """What a reader sees: no tags, no styles or scripts, entities decoded, spaces collapsed."""
    import html as html_module

    html = re.sub(r"<(style|script)\b.*?</\1>", " ", html, flags=re.DOTALL)
    return re.sub(r"\s+", " ", html_module.unescape(re.sub(r"<[^>]+>", " ", html)))


def external_references(html: str) -> list[str]:
    """Every address the page would fetch from the network (attributes, CSS url() and @import).

    Script code is left out (a feedback page has none; :func:`drawn_formulas` checks what a browser
    requests).
    """
    html = re.sub(r"(<script\b[^>]*>).*?(</script>)", r"\1\2", html, flags=re.DOTALL | re.IGNORECASE)
    patterns = [r"""(?:src|href)\s*=\s*["']?\s*((?:https?:)?//[^"'\s>]+)""",
                r"""url\(\s*["']?((?:https?:)?//[^"')]+)""", r"""@import\s+["']((?:https?:)?//[^"']+)"""]
    return [found for pattern in patterns for found in re.findall(pattern, html, flags=re.IGNORECASE)]


def test_the_grading_kernel_says_cxlab_grading(course):
    scores = gradebook.read_scores(course, ASSIGNMENT)
    assert scores["right"].by_cell()["q2-tests"] == 1, "the hidden test saw no CXLAB_GRADING=1 in the kernel"
    assert scores["right"].auto_score == 3 and scores["wrong"].auto_score == 1


def test_written_answers_not_marked_yet_await_the_trainer(course, result):
    shown = text(page(course, "right"))
    assert "awaiting your trainer" in shown
    assert "autograded 3 / 3; written answers pending" in shown, shown[:600]
    assert "0 / 3" not in shown, "an unmarked written answer must not show as 0"
    assert result.pending_manual == {"right": 1, "wrong": 1}
    assert "not marked yet" in result.warning and f"cxlab feedback {ASSIGNMENT}" in result.warning


def test_questions_are_named_as_the_learner_knows_them(course, result):
    shown = text(page(course, "right"))
    for label in ("Question 1", "Question 2", "Question 3"):
        assert label in shown
    assert "Test cell" not in shown and "Grade cell" not in shown and "q1-tests" not in shown


def test_a_failed_question_shows_every_failing_message_and_not_the_form_check(course, result):
    shown = text(page(course, "wrong"))
    assert "Message A: the answer is more than 10; yours is 1." in shown
    assert "Message B: the answer is an even number." in shown
    # The check's source shows print("... the form is right."); its output must not.
    assert not re.search(r"the form is right\.(?!\"\s*\))", shown), "a passed visible check must not stand beside the error"
    assert "answer % 2 == 0" not in shown, "hidden test code stays hidden"
    assert "white-space: pre-wrap" in page(course, "wrong"), "long messages wrap"


def drawn_formulas(page_file: Path) -> tuple[list[dict], list[str]]:
    """Each ``<math>`` element as Chromium draws it (its text, width, height), with every request outside the page refused.

    Also returns what the page asked for beyond itself (each refused). Skips without Chromium, unless
    ``CXLAB_REQUIRE_E2E=1``.
    """
    playwright = pytest.importorskip("playwright.sync_api")
    browser_path = Path(os.environ.get("CXLAB_BROWSER") or "/usr/bin/chromium")
    if not browser_path.is_file():
        if os.environ.get("CXLAB_REQUIRE_E2E") == "1":
            pytest.fail(f"no Chromium at {browser_path}")
        pytest.skip(f"no Chromium at {browser_path} (set CXLAB_BROWSER)")
    asked = []

    def refuse_outside(route):
        if route.request.url == page_file.as_uri():
            route.continue_()
        else:
            asked.append(route.request.url)
            route.abort()

    def draw() -> list[dict]:
        with playwright.sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=str(browser_path),
                                             args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            try:
                tab = browser.new_page()
                tab.route("**/*", refuse_outside)
                tab.goto(page_file.as_uri(), wait_until="load")
                formulas = tab.evaluate("""[...document.querySelectorAll('math')].map(m => {
                    const box = m.getBoundingClientRect();
                    return {text: m.textContent, width: box.width, height: box.height,
                            display: m.getAttribute('display'), namespace: m.namespaceURI};
                })""")
                asked.extend(tab.evaluate("performance.getEntriesByType('resource').map(entry => entry.name)"))
            finally:
                browser.close()
        return formulas

    formulas = in_a_thread_of_its_own(draw)
    return formulas, asked


def check_formulas_drawn_offline(page_file: Path, expected: int) -> list[dict]:
    """The page's formulas are MathML that Chromium draws with nothing fetched: no script, no file, no network."""
    html = page_file.read_text(encoding="utf-8")
    assert external_references(html) == [], external_references(html)
    assert not re.search(r"<(script|link|iframe|object|embed)\b", html, flags=re.IGNORECASE), "the page loads nothing"
    assert "MathJax" not in html and "\\frac" not in html, "no LaTeX left for a script to draw"
    formulas, asked = drawn_formulas(page_file)
    assert asked == [], f"the page asked for: {asked}"
    assert len(formulas) == expected, formulas
    assert all(f["namespace"] == "http://www.w3.org/1998/Math/MathML" for f in formulas), "parsed as MathML"
    assert all(f["width"] > 0 and f["height"] > 0 for f in formulas), f"a formula is not drawn: {formulas}"
    return formulas


def test_formulas_render_offline(course, result):
    page_file = course / "feedback" / "right" / ASSIGNMENT / f"{ASSIGNMENT}.html"
    formulas = check_formulas_drawn_offline(page_file, expected=4)
    alpha = next(f for f in formulas if "α" in f["text"])
    assert alpha["display"] == "block" and "variance of the total score" in alpha["text"].replace("\xa0", " ")
    inline_k = next(f for f in formulas if f["text"] == "k")
    assert alpha["height"] > 2 * inline_k["height"], "the display fraction is drawn as a fraction, not a line of text"
    assert [f["display"] for f in formulas] == ["inline", "block", "inline", "block"]
    assert page_file.stat().st_size < MAX_PAGE_BYTES, f"{page_file.stat().st_size} bytes"
    assert external_references(page(course, "wrong")) == []
    assert not (course / "feedback" / "right" / ASSIGNMENT / "mathjax").exists()


def test_a_hand_in_that_could_not_be_graded_gets_a_page_saying_why(course, result):
    assert set(result.not_graded) == {"broken"}
    shown = text(page(course, "broken"))
    assert "could not be graded" in shown and "damaged" in shown and "hand it in again" in shown
    assert external_references(page(course, "broken")) == []
    assert any(p.parts[-3] == "broken" for p in result), "its page is among those written"


def test_once_the_trainer_has_marked_the_answer_the_page_shows_the_total(course, result):
    with cohort.open_gradebook(course) as book:
        book.find_grade("q3-answer", ASSIGNMENT, ASSIGNMENT, "right").manual_score = 2
        book.db.commit()
    again = feedback.generate(course, ASSIGNMENT, students=["right"])
    shown = text(page(course, "right"))
    assert "score 5 / 6" in shown and "awaiting your trainer" not in shown
    assert again.pending_manual == {} and "not marked" not in again.warning
