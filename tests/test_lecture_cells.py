"""Code a learner only reads is short: no lecture code cell over ten non-blank lines.

A cell the learner writes is exempt: a "Try it" cell, marked the way nbgrader marks a solution
(``### BEGIN SOLUTION``), whose worked answer the learner edition strips. Data and chart-making
code belong in the library (``cxlab.plots``, the topic's analytics module), where they are tested.
"""

from __future__ import annotations

import nbformat
import pytest

from kit import ROOT, lecture_masters

MAX_LINES = 10
SOLUTION_MARK = "### BEGIN SOLUTION"


def long_read_only_cells(notebook) -> list[str]:
    """``"cell <id>: <n> lines"`` for every code cell over ``MAX_LINES`` non-blank lines, Try it cells aside."""
    found = []
    for cell in notebook.cells:
        if cell.cell_type != "code" or SOLUTION_MARK in cell.source:
            continue
        lines = sum(1 for line in cell.source.splitlines() if line.strip())
        if lines > MAX_LINES:
            found.append(f"cell {cell.get('id')}: {lines} lines")
    return found


@pytest.mark.parametrize("path", [pytest.param(p, id=p.name) for p in lecture_masters()])
def test_no_lecture_cell_a_learner_only_reads_is_over_ten_lines(path):
    long_cells = long_read_only_cells(nbformat.read(path, as_version=4))
    assert not long_cells, (
        f"{path.relative_to(ROOT)} has code cells over {MAX_LINES} non-blank lines that the learner only "
        "reads; move the data or the chart into the library:\n" + "\n".join(long_cells))


def test_the_lecture_list_is_complete():
    assert len(lecture_masters()) >= 15, [p.name for p in lecture_masters()]


def test_a_long_cell_is_found_and_a_try_it_cell_is_not():
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("\n".join(f"x{i} = {i}" for i in range(11)), id="long"),
        nbformat.v4.new_code_cell("x = 1\n\n\n" * 10, id="blank-lines-do-not-count"),
        nbformat.v4.new_code_cell(SOLUTION_MARK + "\n" + "\n".join(f"y{i} = {i}" for i in range(20)), id="try-1"),
    ])
    assert long_read_only_cells(notebook) == ["cell long: 11 lines"]
