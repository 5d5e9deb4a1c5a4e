"""The sentence rule never touches code that runs: every lecture master, with every unit translated, runs.

Each unit gets a stand-in translation (the English behind a Chinese tag, with both kinds of quote);
a string the rule wrongly took for a sentence (a column name, a formula, a matplotlib keyword value)
then breaks the run and is named here, long before a real translation is written.

The assignment masters are run in Chinese by tests/grading/test_assignments_zh.py, with their real
translations, every cell, and must hold no error there; running each once more here with stand-ins
would add minutes to the suite and nothing a learner meets.
"""

from __future__ import annotations

import shutil

import nbclient
import nbformat
import pytest

from cxlab.i18n.render import notebook_segments, translate_notebook
from cxlab.i18n.units import units_of
from kit import ROOT, lecture_masters


@pytest.mark.slow
@pytest.mark.parametrize(
    "path", [pytest.param(p, id=str(p.relative_to(ROOT))) for p in lecture_masters()]
)
def test_a_master_with_every_unit_translated_runs_top_to_bottom(path, tmp_path):
    folder = tmp_path / path.parent.name
    shutil.copytree(path.parent, folder, ignore=shutil.ignore_patterns("*.ipynb"))
    english = nbformat.read(path, as_version=4)
    stand_in = {
        unit.msgid: f"译：{unit.msgid}“引号”'单'"
        for _, segments in notebook_segments(english)
        for unit in units_of(segments)
    }
    chinese = translate_notebook(english, stand_in, path.name)
    nbclient.NotebookClient(
        chinese, timeout=60, kernel_name="python3", allow_errors=True, resources={"metadata": {"path": str(folder)}}
    ).execute()
    errors = [
        f"cell {cell.id}: {output.ename}: {output.evalue}"
        for cell in chinese.cells
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error"
    ]
    assert not errors, f"{path.name} breaks once translated:\n" + "\n".join(errors)
