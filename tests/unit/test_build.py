"""The course build: learner editions made by nbgrader's preprocessors, and the sync check."""

from __future__ import annotations

import nbformat
import pytest

from cxlab import build
from cxlab.errors import CxlabError


def lecture(*cells):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = list(cells)
    for index, cell in enumerate(notebook.cells):
        cell.id = f"cell-{index}"
    return notebook


def worked_answer():
    cell = nbformat.v4.new_code_cell(
        "waits = [3, 5]\n### BEGIN SOLUTION\nmean_wait = sum(waits) / len(waits)\n### END SOLUTION\nmean_wait"
    )
    cell.outputs = [nbformat.v4.new_output("execute_result", data={"text/plain": "4.0"}, execution_count=1)]
    cell.execution_count = 1
    return cell


def test_learner_edition_replaces_the_worked_answer_with_nbgraders_stub():
    edition = build.learner_edition(lecture(worked_answer()))
    source = edition.cells[0].source
    assert "sum(waits)" not in source
    assert "# YOUR CODE HERE\nraise NotImplementedError()" in source
    assert source.startswith("waits = [3, 5]")


def test_learner_edition_clears_outputs_and_keeps_cell_ids():
    edition = build.learner_edition(lecture(worked_answer(), nbformat.v4.new_markdown_cell("## Waiting")))
    assert edition.cells[0].outputs == [] and edition.cells[0].execution_count is None
    assert [cell.id for cell in edition.cells] == ["cell-0", "cell-1"]


def test_markdown_answers_become_the_text_stub():
    cell = nbformat.v4.new_markdown_cell("Discuss.\n\n### BEGIN SOLUTION\nThe wait is the pain point.\n### END SOLUTION")
    edition = build.learner_edition(lecture(cell))
    assert "pain point" not in edition.cells[0].source and "YOUR ANSWER HERE" in edition.cells[0].source


def test_master_is_not_modified_by_building_its_edition():
    master = lecture(worked_answer())
    build.learner_edition(master)
    assert "sum(waits)" in master.cells[0].source and master.cells[0].outputs


@pytest.fixture
def kit(tmp_path):
    paths = build.KitPaths(tmp_path)
    (tmp_path / "course" / "source").mkdir(parents=True)
    paths.solutions.mkdir()
    nbformat.write(lecture(worked_answer()), paths.solutions / "01-waiting.ipynb")
    return paths


def test_check_names_a_missing_edition_then_passes_after_build(kit):
    assert build.stale_learner_editions(kit) == ["notebooks/01-waiting.ipynb: missing (run `cxlab build`)"]
    assert build.write_learner_editions(kit) == [kit.notebooks / "01-waiting.ipynb"]
    assert build.stale_learner_editions(kit) == []
    assert build.write_learner_editions(kit) == [], "an unchanged master must not rewrite its edition"


def test_check_names_an_edition_whose_master_changed(kit):
    build.write_learner_editions(kit)
    master = nbformat.read(kit.solutions / "01-waiting.ipynb", as_version=4)
    master.cells.append(nbformat.v4.new_markdown_cell("A new paragraph.", id="new-cell"))
    nbformat.write(master, kit.solutions / "01-waiting.ipynb")
    assert build.stale_learner_editions(kit) == [
        "notebooks/01-waiting.ipynb: out of date with solutions/01-waiting.ipynb (run `cxlab build`)"
    ]


def test_check_names_an_edition_without_master(kit):
    build.write_learner_editions(kit)
    (kit.notebooks / "99-orphan.ipynb").write_text("{}", encoding="utf-8")
    assert any(line.startswith("notebooks/99-orphan.ipynb: has no master") for line in build.stale_learner_editions(kit))


def test_unknown_assignment_is_a_one_line_error_listing_the_available_ones(kit):
    (kit.course / "source" / "00-orientation").mkdir()
    nbformat.write(lecture(), kit.course / "source" / "00-orientation" / "00-orientation.ipynb")
    with pytest.raises(CxlabError, match=r"no assignment named '07-nope'.*available: 00-orientation"):
        build.resolve_assignments(kit.course, ["07-nope"])


def test_damaged_master_names_the_file(kit):
    (kit.solutions / "02-broken.ipynb").write_text('{"cells": [', encoding="utf-8")
    with pytest.raises(CxlabError, match=r"02-broken.ipynb: not a readable notebook"):
        build.stale_learner_editions(kit)
