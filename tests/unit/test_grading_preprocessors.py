"""The kit's grading extensions, each alone on a three-cell notebook, as nbgrader tests ``LimitOutput``."""

from __future__ import annotations

import sys

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from traitlets.config import Config

from cxlab.grading.failures import every_failure
from cxlab.grading.preprocessors import (GRADING_VARIABLE, FailedTestsShowErrorsOnly, FeedbackPage, GradingExecute,
                                         GradingKernelManager, HideHiddenTests, LabelQuestions)

HIDDEN = "assert answer == 42, 'The answer should be 42: did you add instead of multiply?'"
TEST_SOURCE = f"assert isinstance(answer, int), 'A whole number, please.'\nprint('the form is right')\n" \
              f"### BEGIN HIDDEN TESTS\n{HIDDEN}\n### END HIDDEN TESTS"


def graded(cell, grade_id: str, *, grade: bool, solution: bool, points: float = 0):
    cell.metadata["nbgrader"] = {"grade": grade, "solution": solution, "grade_id": grade_id, "locked": not solution,
                                 "points": points, "schema_version": 3}
    return cell


def three_cells(test_outputs=None) -> nbformat.NotebookNode:
    """A prompt, an answer and a test cell, like every question of the course."""
    test = graded(new_code_cell(TEST_SOURCE), "q3-tests", grade=True, solution=False, points=2)
    test.outputs = test_outputs or []
    return new_notebook(cells=[
        new_markdown_cell("## Question 3 — The answer (2 points)"),
        graded(new_code_cell("answer = 41"), "q3-answer", grade=False, solution=True),
        test,
    ])


def failed_outputs():
    return [new_output("stream", name="stdout", text="the form is right\n"),
            new_output("error", ename="AssertionError", evalue="The answer should be 42: did you add instead of multiply?",
                       traceback=["Traceback (most recent call last)", f"----> 4 {HIDDEN}",
                                  "AssertionError: The answer should be 42: did you add instead of multiply?"])]


# --------------------------------------------------------------------------- feedback steps


def test_hide_hidden_tests_removes_the_region_and_reduces_the_traceback_to_the_message():
    nb, _ = HideHiddenTests().preprocess(three_cells(failed_outputs()), {})
    test = nb.cells[2]
    assert "BEGIN HIDDEN TESTS" not in test.source and HIDDEN not in test.source
    assert "A whole number, please." in test.source, "the visible check stays"
    error = test.outputs[1]
    assert error.traceback == ["AssertionError: The answer should be 42: did you add instead of multiply?"]


def test_hide_hidden_tests_replaces_printed_hidden_code_but_only_lines_long_enough():
    nb = three_cells()
    nb.cells[1].outputs = [new_output("stream", name="stdout", text=f"my history:\n{HIDDEN}\nelse:\n")]
    pre = HideHiddenTests()
    nb, _ = pre.preprocess(nb, {})
    assert nb.cells[1].outputs[0].text == f"my history:\n{pre.removed_text}\nelse:\n"


def test_hide_hidden_tests_min_line_is_a_setting():
    nb = three_cells()
    nb.cells[1].outputs = [new_output("stream", name="stdout", text=HIDDEN)]
    config = Config()
    config.HideHiddenTests.min_line = len(HIDDEN) + 1  # every hidden line is now "too short" to search for
    nb, _ = HideHiddenTests(config=config).preprocess(nb, {})
    assert nb.cells[1].outputs[0].text == HIDDEN
    assert "min_line" in HideHiddenTests.class_traits(config=True) and HideHiddenTests.min_line.help


def test_a_failed_test_cell_shows_only_its_error():
    nb, _ = FailedTestsShowErrorsOnly().preprocess(three_cells(failed_outputs()), {})
    assert [o.output_type for o in nb.cells[2].outputs] == ["error"], "'the form is right' must not stand beside an error"


def test_a_passed_test_cell_keeps_what_it_printed():
    passed = [new_output("stream", name="stdout", text="the form is right\n")]
    nb, _ = FailedTestsShowErrorsOnly().preprocess(three_cells(passed), {})
    assert nb.cells[2].outputs[0].text == "the form is right\n"


def test_questions_are_labelled_from_the_grade_id_or_the_heading():
    nb = three_cells()
    nb.cells.append(new_markdown_cell("## Question 4 — Your advice"))
    nb.cells.append(graded(new_markdown_cell("YOUR ANSWER HERE"), "advice", grade=True, solution=True, points=3))
    nb, _ = LabelQuestions().preprocess(nb, {})
    assert [c.metadata.nbgrader["label"] for c in nb.cells if "nbgrader" in c.metadata] == \
        ["Question 3", "Question 3", "Question 4"]


def test_the_feedback_page_says_why_grading_stopped_and_nothing_else():
    nb = three_cells()
    nb.cells[0].source += "\n\nThe score is $p - d$."
    _, resources = FeedbackPage(problem="ran too long").preprocess(nb, {"cxlab": {"pending": 1}})
    assert resources["cxlab"] == {"pending": 1, "problem": "ran too long"}, "formulas need nothing from it now"


# --------------------------------------------------------------------------- every failing message


def run_cell(source: str) -> str:
    """What the cell raises: '' when it passes, else 'Name: message'."""
    try:
        exec(source, {})
    except Exception as error:  # noqa: BLE001 - the test compares any failure
        return f"{type(error).__name__}: {error}"
    return ""


def test_every_failing_message_of_the_hidden_tests_is_reported():
    cell = "x = 3\n### BEGIN HIDDEN TESTS\nassert x > 5, 'too small'\nassert x % 2 == 0, 'odd'\nassert x < 9, 'big'\n" \
           "### END HIDDEN TESTS"
    assert run_cell(cell) == "AssertionError: too small"
    assert run_cell(every_failure(cell)) == "AssertionError: - too small\n- odd"


@pytest.mark.parametrize("x", ["3", "12", "'text'", "None", "undefined_name"])
def test_the_rewritten_cell_fails_exactly_when_the_original_fails(x):
    cell = (f"x = {x}\nassert x is not None, 'give a value'\nprint('form ok')\n### BEGIN HIDDEN TESTS\n"
            "assert x > 5, 'too small'\nassert x % 2 == 0, 'odd'\nfor k in (1, 2):\n    assert x != k, f'not {k}'\n"
            "### END HIDDEN TESTS")
    original, rewritten = run_cell(cell), run_cell(every_failure(cell))
    assert bool(original) == bool(rewritten), (original, rewritten)
    if original.startswith("AssertionError: ") and rewritten:
        assert original.split(": ", 1)[1] in rewritten, "the first message is always among those shown"


def test_a_visible_check_still_stops_at_its_first_failure():
    cell = "x = 'a'\nassert isinstance(x, int), 'a number'\nassert x > 0, 'positive'\n### BEGIN HIDDEN TESTS\n" \
           "assert x == 1, 'one'\n### END HIDDEN TESTS"
    assert run_cell(every_failure(cell)) == "AssertionError: a number"


def test_an_assert_under_try_or_in_a_function_keeps_its_meaning():
    cell = ("### BEGIN HIDDEN TESTS\ntry:\n    assert False, 'expected'\nexcept AssertionError:\n    ok = True\n"
            "def check(v):\n    assert v, 'inner'\n    return 1\nassert ok and check(True) == 1, 'outer'\n### END HIDDEN TESTS")
    assert run_cell(every_failure(cell)) == ""


# --------------------------------------------------------------------------- grading kernel and executor


def executed(nb, tmp_path, budget_mb: int = 10, bwrap: str | None = None, on_flood=None):
    scratch, data = tmp_path / "scratch", tmp_path / "data"  # apart: the data is mounted read-only
    scratch.mkdir(exist_ok=True)
    data.mkdir(exist_ok=True)
    manager = GradingKernelManager(scratch=str(scratch), data_dir=str(data), bwrap=bwrap, guard=False,
                                   memory_mb=0, log_file=open(tmp_path / "kernel.log", "wb"))
    manager.use_scratch()
    executor = GradingExecute(output_budget_mb=budget_mb, on_flood=on_flood, timeout=60)
    executor.preprocess(nb, {"metadata": {"path": str(scratch)}}, km=manager)
    return nb, executor


def environment_notebook():
    return new_notebook(cells=[
        new_code_cell("import os, sys"),
        new_code_cell(f"print(os.environ.get({GRADING_VARIABLE!r}), os.getcwd())"),
        new_code_cell("print(sorted(k for k in os.environ if 'TOKEN' in k or 'SECRET' in k))"),
    ], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})


@pytest.mark.slow
def test_the_grading_kernel_sees_cxlab_grading_and_nothing_of_the_graders_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("CXLAB_TEST_SECRET", "do not leak")
    nb, _ = executed(environment_notebook(), tmp_path)
    assert nb.cells[1].outputs[0].text.split() == ["1", str(tmp_path / "scratch")]
    assert nb.cells[2].outputs[0].text.strip() == "[]"


@pytest.mark.slow
def test_the_sandboxed_grading_kernel_sees_cxlab_grading(tmp_path):
    from cxlab.grading import sandbox

    box = sandbox.detect()
    if not box.enabled:
        pytest.skip(f"no sandbox here: {box.why_not}")
    nb, _ = executed(environment_notebook(), tmp_path, bwrap=box.bwrap)
    assert nb.cells[1].outputs[0].text.split()[0] == "1"


@pytest.mark.slow
def test_past_the_output_budget_the_executor_stops_listening_and_calls_on_flood(tmp_path):
    calls = []
    nb = new_notebook(cells=[new_code_cell("print('a')"), new_code_cell("print('x' * 1_500_000)"),
                             new_code_cell("print('after')")],
                      metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    nb, executor = executed(nb, tmp_path, budget_mb=1, on_flood=lambda: calls.append(1))
    assert executor.flooded and calls == [1]
    assert nb.cells[0].outputs[0].text == "a\n"
    assert nb.cells[1].outputs == [] and nb.cells[2].outputs == [], "nothing past the budget is kept"


def test_the_kernel_command_carries_the_limits_and_the_guard_switch(tmp_path):
    manager = GradingKernelManager(scratch=str(tmp_path), data_dir=str(tmp_path), memory_mb=512, file_mb=8, guard=False)
    manager.use_scratch()
    command = manager.format_kernel_cmd()
    assert command[:3] == [sys.executable, "-m", "cxlab.grading.kernel"]
    assert {"--memory-mb=512", "--file-mb=8", "--no-guard", "--die-with-parent"} <= set(command)
    assert manager.kernel_environment()[GRADING_VARIABLE] == "1"
    assert manager.kernel_environment()["HOME"] == str(tmp_path)
