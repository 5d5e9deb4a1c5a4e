"""The committed course is clean: outputs cleared, stable cell ids, learner editions in sync."""

from __future__ import annotations

import json
import re

import pytest

from cxlab import build
from kit import ROOT, assignment_masters, lecture_masters

COMMITTED = lecture_masters() + assignment_masters() + sorted((ROOT / "notebooks").glob("*.ipynb"))
CELL_ID = re.compile(r"^[a-zA-Z0-9-_]{1,64}$")


def ids(paths):
    return [pytest.param(p, id=str(p.relative_to(ROOT))) for p in paths]


@pytest.mark.parametrize("path", ids(COMMITTED))
def test_notebook_is_committed_without_outputs(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    dirty = [
        cell.get("id") for cell in notebook["cells"]
        if cell["cell_type"] == "code" and (cell.get("outputs") or cell.get("execution_count") is not None)
    ]
    assert not dirty, f"{path.name}: clear the outputs of cells {dirty} before committing"


@pytest.mark.parametrize("path", ids(COMMITTED))
def test_cell_ids_are_present_unique_and_valid(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    assert (notebook["nbformat"], notebook["nbformat_minor"]) >= (4, 5), f"{path.name}: needs nbformat 4.5 for cell ids"
    cell_ids = [cell.get("id") for cell in notebook["cells"]]
    assert all(cell_id and CELL_ID.match(cell_id) for cell_id in cell_ids), f"{path.name}: missing or invalid cell ids"
    assert len(set(cell_ids)) == len(cell_ids), f"{path.name}: duplicated cell ids"


@pytest.mark.parametrize("path", ids(assignment_masters()))
def test_graded_cells_have_unique_grade_ids_and_points(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    grade_ids, problems = [], []
    for cell in notebook["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader")
        if not meta:
            continue
        grade_ids.append(meta.get("grade_id"))
        if meta.get("grade") and not meta.get("points"):
            problems.append(f"{meta.get('grade_id')}: graded but worth no points")
    assert len(set(grade_ids)) == len(grade_ids), f"{path.name}: duplicated grade ids"
    assert not problems, f"{path.name}: " + "; ".join(problems)


def test_learner_editions_are_in_sync_with_masters():
    # `cxlab build --check` judges the Chinese edition too; test_cli checks the whole of it.
    stale = build.stale_learner_editions(build.kit(ROOT))
    assert not stale, "\n".join(stale)


#: A learner reads every test cell above its hidden part (and Validate prints it): no longer than this (#11).
VISIBLE_CHECK_LINES = 10


@pytest.mark.parametrize("path", ids(assignment_masters()))
def test_the_visible_part_of_every_check_is_short_enough_to_read(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    too_long = {}
    for cell in notebook["cells"]:
        grading = cell.get("metadata", {}).get("nbgrader", {})
        if cell["cell_type"] != "code" or not grading.get("grade") or grading.get("solution"):
            continue
        visible = "".join(cell["source"]).split("### BEGIN HIDDEN TESTS")[0]
        lines = [line for line in visible.splitlines() if line.strip()]
        if len(lines) > VISIBLE_CHECK_LINES:
            too_long[grading.get("grade_id", cell.get("id"))] = len(lines)
    assert not too_long, (
        f"{path.name}: the visible part of these test cells has more than {VISIBLE_CHECK_LINES} non-blank lines "
        f"(grade id: lines) {too_long}; move the form checks into cxlab.practice helpers"
    )
