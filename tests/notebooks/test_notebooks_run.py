"""Every lecture master runs top to bottom in a fresh kernel, no errors.

(Every graded master does too: tests/grading/test_assignments.py reads the notebook nbgrader autograde
ran, every cell, errors allowed, rather than run each master once more here.)

Executed with nbclient in a temporary copy of the notebook's folder, so a notebook that writes a
file cannot change the repository. The per-cell timeout is a guard against a hang, not a speed
test: speed is measured in benchmarks/.
"""

from __future__ import annotations

import shutil
import time

import nbclient
import nbformat
import pytest

from kit import ROOT, error_outputs, lecture_masters

CELL_TIMEOUT_S = 30


@pytest.mark.slow
@pytest.mark.parametrize(
    "path",
    [pytest.param(p, id=str(p.relative_to(ROOT))) for p in lecture_masters()],
)
def test_notebook_runs_top_to_bottom(path, tmp_path):
    folder = tmp_path / path.parent.name
    shutil.copytree(path.parent, folder, ignore=shutil.ignore_patterns("*.ipynb"))
    notebook = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        notebook, timeout=CELL_TIMEOUT_S, kernel_name="python3", allow_errors=True,
        resources={"metadata": {"path": str(folder)}},
    )
    started = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - started
    errors = error_outputs(notebook)
    assert not errors, f"{path.name} raised errors when run top to bottom:\n" + "\n".join(errors)
    print(f"{path.relative_to(ROOT)} ran in {elapsed:.1f} s")
