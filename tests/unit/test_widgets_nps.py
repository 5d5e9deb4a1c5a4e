"""The margin-of-error explorer, tested without a browser: the numbers it shows (computed by
cxlab.nps.nps_interval, tested in test_nps_interval.py) and that its controls change them."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from cxlab import nps, widgets  # noqa: E402

# 50 promoters, 30 passives, 20 detractors: NPS 30.
BRANCH = [10] * 30 + [9] * 20 + [8] * 15 + [7] * 15 + [6] * 10 + [2] * 10


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_html_shows_the_margin_and_the_coverage():
    result = nps.nps_interval(BRANCH, n=100, draws=20)
    shown = widgets.nps_interval_html(result, "HB19")
    assert f"± {result.margin:.1f} points" in shown
    assert "Answers from HB19" in shown and f"{result.covered} of 20" in shown


# --------------------------------------------------------------------------- the widget

SURVEY = pd.DataFrame({
    "branch_id": ["HB01"] * len(BRANCH) + ["HB02"] * 60,
    "recommend": pd.array(BRANCH + [9] * 20 + [7] * 20 + [3] * 20, dtype="Int64"),
})


def parts(explorer):
    controls, shown, _plot = explorer.children
    chooser, size, button = controls.children
    return chooser, button, size, shown


def intervals_drawn(explorer):
    ax = explorer.figure.axes[0]
    return [t.get_text() for t in ax.get_yticklabels()], ax.get_title()


def test_explorer_starts_on_the_chosen_group_and_size():
    explorer = widgets.nps_interval_explorer(SURVEY, start="HB01", n=100)
    chooser, _, size, shown = parts(explorer)
    assert (chooser.value, size.value) == ("HB01", 100)
    assert f"± {nps.nps_interval(BRANCH, 100).margin:.1f} points" in shown.value
    labels, title = intervals_drawn(explorer)
    assert labels == [str(i) for i in range(1, 21)] and "100 answers" in title and "(simulated)" in title


def test_moving_the_slider_narrows_the_margin_and_redraws():
    explorer = widgets.nps_interval_explorer(SURVEY, start="HB01", n=100)
    _, _, size, shown = parts(explorer)
    before = shown.value
    size.value = 400
    assert shown.value != before
    assert f"± {nps.nps_interval(BRANCH, 400).margin:.1f} points" in shown.value
    assert "400 answers" in intervals_drawn(explorer)[1]


def test_choosing_another_group_shows_its_nps():
    explorer = widgets.nps_interval_explorer(SURVEY, start="HB01")
    chooser, _, _, shown = parts(explorer)
    chooser.value = "HB02"
    assert "Answers from HB02" in shown.value and "+0.0 points" in shown.value
    assert intervals_drawn(explorer)[1].startswith("HB02")


def test_the_button_draws_new_surveys():
    explorer = widgets.nps_interval_explorer(SURVEY, start="HB01", n=40)
    ax = explorer.figure.axes[0]
    before = [tuple(map(tuple, c.get_segments())) for c in ax.collections]
    explorer.redraw()
    ax = explorer.figure.axes[0]
    after = [tuple(map(tuple, c.get_segments())) for c in ax.collections if hasattr(c, "get_segments")]
    assert before != after


def test_explorer_refuses_an_unknown_group_or_column():
    with pytest.raises(ValueError, match="'HB99' is not a value of 'branch_id'"):
        widgets.nps_interval_explorer(SURVEY, start="HB99")
    with pytest.raises(ValueError, match="no column 'district'"):
        widgets.nps_interval_explorer(SURVEY, group="district")
