"""Friendly errors in a real Jupyter kernel: explained, still errors, cut to the learner's cell.

One kernel runs a setup cell like the course's (``from cxlab.datasets import load``) and then one
cell per beginner error. Each error output must carry the explanation above the traceback, keep
the exception's own name (nbclient, nbgrader validate and "Run All" see a failed cell), and show
no pandas-internal frame. A second kernel started with ``CXLAB_GRADING=1``, as the grader starts
it, must show Python's stock traceback.
"""

from __future__ import annotations

import os
import re

import nbclient
import nbformat
import pytest

CELL_TIMEOUT_S = 60
ANSI = re.compile(r"\x1b\[[0-9;]*m")
BANNER = "CX Lab explains:"

SETUP = (
    "import pandas as pd\n"
    "from cxlab.datasets import load\n"
    'survey = load("nps_survey")\n'
    'followups = load("nps_followups")'
)

# (cell, expected ename, a phrase of the explanation, whether the error comes from inside pandas)
BEGINNER_ERRORS = [
    ('survey["recomend"].mean()', "KeyError", "Did you mean 'recommend'", True),
    ('followups[followups["Recommend_after"] >= 9]', "KeyError", "Did you mean 'recommend_after'", True),
    ('survey[survey["branch_id"] == "HB03" and survey["recommend"] >= 9]', "ValueError",
     "Use & instead of `and`", True),
    ('survey[survey["branch_id"] == HB03]', "NameError", 'put it in quotes: "HB03"', False),
    ("servey.head()", "NameError", "Did you mean 'survey'", False),
    ("nps.score(survey)", "NameError", "from cxlab import nps", False),
    ('survey[survey["satisfaction"] >= "9"]', "TypeError", "text where a number belongs", True),
    ('wait = (followups["contacted_at"] - followups["surveyed_at"]).median()\nprint(f"{wait:.1f} hours")',
     "TypeError", ".dt.total_seconds() / 3600", False),
    ('survey[“recommend”]', "SyntaxError", "Chinese (full-width) punctuation", False),
    ('survey[survey["recommend"] >= 9', "SyntaxError", "opened and not closed", False),
    ('survey["recommend"].mena()', "AttributeError", "'mean'", True),
]


def run_cells(cells: list[str], **kernel_options) -> list[dict]:
    """Run the cells in one fresh kernel; the error output of each cell (None when it has none)."""
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(cell) for cell in cells])
    client = nbclient.NotebookClient(notebook, timeout=CELL_TIMEOUT_S, kernel_name="python3", allow_errors=True)
    client.execute(**kernel_options)
    return [next((output for output in cell.outputs if output.output_type == "error"), None)
            for cell in notebook.cells]


def traceback_text(error_output) -> str:
    return ANSI.sub("", "\n".join(error_output["traceback"]))


@pytest.fixture(scope="module")
def friendly_errors():
    cells = [SETUP] + [cell for cell, *_ in BEGINNER_ERRORS] + [
        "1 / 0",
        'import os\nos.environ["CXLAB_FRIENDLY"] = "0"',
        'survey["recomend"]',
    ]
    return run_cells(cells)


@pytest.mark.slow
def test_setup_cell_runs(friendly_errors):
    assert friendly_errors[0] is None, traceback_text(friendly_errors[0])


@pytest.mark.slow
@pytest.mark.parametrize(("index", "case"), list(enumerate(BEGINNER_ERRORS, start=1)),
                         ids=[cell.splitlines()[-1] for cell, *_ in BEGINNER_ERRORS])
def test_beginner_error_is_explained_and_still_an_error(friendly_errors, index, case):
    cell, ename, phrase, from_pandas = case
    output = friendly_errors[index]
    assert output is not None, f"{cell!r} did not fail: the cell must still count as an error"
    assert output["ename"] == ename
    text = traceback_text(output)
    assert text.startswith(BANNER), f"the explanation is not above the traceback:\n{text}"
    assert phrase in text, f"expected {phrase!r} in:\n{text}"
    assert "site-packages" not in text and "pandas/core" not in text, f"library frames shown:\n{text}"
    assert ("inside pandas" in text) is from_pandas, text


@pytest.mark.slow
def test_unknown_error_keeps_the_stock_traceback(friendly_errors):
    output = friendly_errors[len(BEGINNER_ERRORS) + 1]
    assert output["ename"] == "ZeroDivisionError"
    assert BANNER not in traceback_text(output)


@pytest.mark.slow
def test_opting_out_in_a_running_notebook_restores_the_stock_traceback(friendly_errors):
    output = friendly_errors[len(BEGINNER_ERRORS) + 3]
    assert output["ename"] == "KeyError"
    text = traceback_text(output)
    assert BANNER not in text
    assert "pandas/core" in text


@pytest.mark.slow
def test_grading_kernel_shows_the_stock_traceback():
    environment = dict(os.environ, CXLAB_GRADING="1")
    setup, error = run_cells([SETUP, 'survey["recomend"]'], env=environment)
    assert setup is None, traceback_text(setup)
    assert error["ename"] == "KeyError"
    text = traceback_text(error)
    assert BANNER not in text
    assert "pandas/core" in text, f"expected pandas' own frames in the stock traceback:\n{text}"
