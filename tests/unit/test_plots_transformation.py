"""Module 8 charts: before/after bars with the counterfactual, and effects with their margins."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from cxlab.plots import before_after_bars, effects_with_margin  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_before_after_bars_show_the_counterfactual_and_the_did():
    table = pd.DataFrame({"before": [9.4, 10.6], "after": [6.0, 11.2]}, index=["smart", "traditional"])
    ax = before_after_bars(table, title="Mean wait (simulated)", ylabel="Minutes", decimals=2)
    heights = sorted(round(p.get_height(), 6) for p in ax.patches)
    assert heights == sorted([9.4, 6.0, 10.6, 11.2, round(9.4 + 0.6, 6)])
    assert any("difference-in-differences: -4.00" in t.get_text() for t in ax.texts)
    assert ax.get_title() and ax.get_ylabel() == "Minutes"


def test_before_after_bars_need_two_groups_and_both_periods():
    with pytest.raises(ValueError, match="two rows"):
        before_after_bars(pd.DataFrame({"before": [1.0]}), title="t", ylabel="y")


def test_effects_with_margin_colours_what_exceeds_its_margin():
    estimates = pd.Series([5.0, 1.0, -6.0], index=["a", "b", "c"])
    margins = pd.Series([2.0, 3.0, 4.0], index=["a", "b", "c"])
    ax = effects_with_margin(estimates, margins, title="Effects (simulated)", xlabel="x", ylabel="points",
                             shade=("b", "b"), shade_label="transition")
    colours = [container.lines[0].get_color() for container in ax.containers]
    assert colours == ["#2b6cb0", "#a0aec0", "#c53030"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b", "c"]


def test_bars_of_a_rating_start_at_the_bottom_of_its_scale():
    table = pd.DataFrame({"before": [3.7, 3.6], "after": [3.8, 3.6]}, index=["smart", "traditional"])
    ax = before_after_bars(table, title="Satisfaction (simulated)", ylabel="Satisfaction (1-5)", baseline=1.0)
    assert {round(p.get_y(), 6) for p in ax.patches} == {1.0}
    assert sorted(round(p.get_y() + p.get_height(), 6) for p in ax.patches) == sorted([3.7, 3.8, 3.6, 3.6, 3.7])
    assert ax.get_ylim()[0] == 1.0
