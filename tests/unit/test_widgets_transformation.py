"""The Module 8 explorer, tested without a browser: what it shows, and that changing a choice changes
the numbers and the bars. The estimate itself is tested in test_transformation.py."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from test_transformation import survey  # noqa: E402,F401  (the same small survey, a fixture)

from cxlab import transformation, widgets  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_the_old_names_are_the_estimate_of_cxlab_transformation():
    assert widgets.did_estimate is transformation.did_estimate
    assert widgets.TRANSFORMATION_DATE == transformation.TRANSFORMATION_DATE == "2025-07-01"


def test_html_shows_the_table_the_estimate_and_its_margin(survey):
    estimate = transformation.did_estimate(survey, "nps")
    shown = widgets.did_html(estimate)
    assert f"t with {estimate.clusters - 1} degrees of freedom" in shown
    assert "Smart branches" in shown and "Traditional branches" in shown
    assert "+50.0" in shown and "±" in shown


def explorer_parts(explorer):
    controls, shown, _plot = explorer.children
    outcome, segment, month = controls.children
    return outcome, segment, month, shown


def bar_heights(explorer):
    ax = explorer.figure.axes[0]
    return [round(p.get_height(), 6) for p in ax.patches]


def test_explorer_starts_from_the_given_choices(survey):
    explorer = widgets.transformation_explorer(survey, "nps", "all", "2025-09")
    outcome, segment, month, shown = explorer_parts(explorer)
    assert (outcome.value, segment.value, month.value) == ("nps", "all", "2025-09")
    assert "+50.0" in shown.value
    # before, after (smart, traditional) and the counterfactual: smart before + traditional change
    assert sorted(bar_heights(explorer)) == sorted([0.0, 0.0, 100.0, 50.0, 50.0])


def test_changing_a_choice_changes_the_estimate_and_the_bars(survey):
    explorer = widgets.transformation_explorer(survey, "nps", "all", "2025-09")
    outcome, segment, month, shown = explorer_parts(explorer)
    before_text, before_bars = shown.value, bar_heights(explorer)
    month.value = "2025-07"
    assert shown.value != before_text
    assert bar_heights(explorer) != before_bars
    outcome.value = "wait"
    assert "Reported wait" in explorer.figure.axes[0].get_ylabel()


def test_explorer_draws_satisfaction_bars_from_1(survey):
    explorer = widgets.transformation_explorer(survey, "satisfaction", "all", "2025-09")
    assert {round(p.get_y(), 6) for p in explorer.figure.axes[0].patches} == {1.0}
