"""The browser checks can fail: they see a rendered error, and they really move sliders.

A lecture test that passes because its selectors no longer match anything would hide every broken
lecture. This probe notebook (written into the kit's copy, never into the repository) holds the
kinds of explorer the lectures use (a dropdown, an ``IntSlider`` with ``continuous_update=False``,
a chart in an ``Output``), a warning on stderr, and one error at the end.
"""

from __future__ import annotations

import nbformat
import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.xdist_group("e2e")]

PROBE_ERROR = "probe error: the harness must report this"

EXPLORER = '''\
import ipywidgets as widgets
import matplotlib.pyplot as plt

wait = widgets.IntSlider(value=4, min=1, max=7, description="Wait (min):", continuous_update=False)
counter = widgets.Dropdown(options=["Counter 1", "Counter 2", "Counter 3"], description="Counter:")
shown = widgets.HTML()
chart = widgets.Output()

def show(change=None):
    shown.value = f"<b>{counter.value}</b>: customers wait {wait.value} minutes"
    with chart:
        chart.clear_output(wait=True)
        fig, ax = plt.subplots(figsize=(3, 2))
        ax.bar(["wait"], [wait.value])
        ax.set_ylim(0, 8)
        plt.show()

wait.observe(show, names="value")
counter.observe(show, names="value")
show()
widgets.VBox([counter, wait, shown, chart])
'''


def probe_notebook():
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    notebook.cells = [
        nbformat.v4.new_markdown_cell("# Harness probe"),
        nbformat.v4.new_code_cell(EXPLORER),
        nbformat.v4.new_code_cell('import warnings\nwarnings.warn("a warning on stderr is not an error")'),
        nbformat.v4.new_code_cell(f"raise ValueError({PROBE_ERROR!r})"),
    ]
    return notebook


def test_harness_reports_errors_and_drives_every_kind_of_control(lab_page, e2e_kit):
    folder = e2e_kit.root / "e2e-probe"
    folder.mkdir(exist_ok=True)
    nbformat.write(probe_notebook(), folder / "probe.ipynb")

    lab = lab_page("harness")
    lab.open_notebook("e2e-probe/probe.ipynb")
    lab.run_all("the probe notebook")
    errors = lab.error_outputs()
    if len(errors) != 1 or PROBE_ERROR not in errors[0]:
        lab.fail(f"the harness should see exactly the probe's error (ValueError: {PROBE_ERROR}); it saw {errors}",
                 "probe-errors")
    if not lab.stderr_outputs():
        lab.fail("the probe's warning on stderr was not found (the stderr output selector no longer matches)",
                 "probe-stderr")
    explorers = lab.exercise_explorers("the probe notebook")
    if explorers != 1:
        lab.fail(f"the harness should find the probe's one explorer; it found {explorers}", "probe-explorers")
