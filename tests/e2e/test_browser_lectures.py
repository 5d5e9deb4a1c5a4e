"""Every lecture runs in JupyterLab without an error, and every explorer in it answers its controls
and can be read in a 1280 px window (no control over its output, no label cut).

A lecture is run the way a trainer runs it in class: open it, Run > Run All Cells, wait for the
kernel. Then each ipywidgets explorer must be drawn by the browser (not printed as text), and
choosing another dropdown value or moving a slider must change what the explorer shows. The
lectures are discovered from solutions/, so a new module is tested without touching this file.
"""

from __future__ import annotations

import pytest

from kit import ROOT, lecture_masters

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.xdist_group("e2e")]


@pytest.mark.parametrize("master", [pytest.param(p, id=p.stem) for p in lecture_masters()])
def test_lecture_runs_in_jupyterlab_and_its_explorers_respond(lab_page, e2e_kit, master):
    path = master.relative_to(ROOT).as_posix()
    lab = lab_page(f"lecture-{master.stem}")
    lab.open_notebook(path)
    lab.screenshot("1-opened")

    state = lab.run_all(path)
    lab.screenshot("2-ran-all")
    lab.check_ran_cleanly(path, state)
    explorers = lab.exercise_explorers(path)
    print(f"{path}: ran without errors; {explorers} explorer(s) answered their controls")
