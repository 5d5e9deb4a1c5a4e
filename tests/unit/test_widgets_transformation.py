"""Module 8 explorer and charts, tested without a browser: the difference-in-differences it shows,
which answers count as before and after, and that changing a choice changes the numbers and bars."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from cxlab import nps, widgets  # noqa: E402
from cxlab.datasets import load  # noqa: E402
from cxlab.plots import before_after_bars, effects_with_margin  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def answers(rows):
    """A small survey from (date, branch_type, age_band, recommend, wait_minutes, satisfaction) rows."""
    frame = pd.DataFrame(rows, columns=["date", "branch_type", "age_band", "recommend", "wait_minutes", "satisfaction"])
    frame["date"] = pd.to_datetime(frame["date"])
    frame["recommend"] = frame["recommend"].astype("Int64")
    return frame


@pytest.fixture
def survey():
    """Two customers per group and period, before (March), in the transition (July) and after (October).

    Before: smart NPS 0 (a 10 and a 6), traditional 0. July: smart -100 (two 5s), traditional 0.
    October: smart +100 (two 10s), traditional +50 (a 10 and an 8). A 60+ customer in October
    is a smart-branch detractor in the second fixture below.
    """
    return answers([
        ("2025-03-03", "smart", "30-44", 10, 10.0, 4), ("2025-03-04", "smart", "30-44", 6, 12.0, 3),
        ("2025-03-03", "traditional", "30-44", 9, 11.0, 4), ("2025-03-04", "traditional", "30-44", 5, 9.0, 3),
        ("2025-07-07", "smart", "30-44", 5, 4.0, 2), ("2025-07-08", "smart", "30-44", 5, 6.0, 2),
        ("2025-07-07", "traditional", "30-44", 9, 10.0, 4), ("2025-07-08", "traditional", "30-44", 6, 10.0, 3),
        ("2025-10-06", "smart", "30-44", 10, 5.0, 5), ("2025-10-07", "smart", "30-44", 10, 7.0, 5),
        ("2025-10-06", "traditional", "30-44", 10, 11.0, 4), ("2025-10-07", "traditional", "30-44", 8, 13.0, 4),
    ])


def test_nps_did_is_the_smart_change_minus_the_traditional_change(survey):
    result = widgets.did_estimate(survey, "nps", after_from="2025-09")
    assert (result.before_smart, result.after_smart) == (0.0, 100.0)
    assert (result.before_traditional, result.after_traditional) == (0.0, 50.0)
    assert (result.change_smart, result.change_traditional) == (100.0, 50.0)
    assert result.did == 50.0
    assert (result.n_before_smart, result.n_after_smart) == (2, 2)


def test_transition_months_are_left_out_unless_after_starts_in_july(survey):
    from_september = widgets.did_estimate(survey, "nps", after_from="2025-09")
    from_july = widgets.did_estimate(survey, "nps", after_from="2025-07")
    assert from_july.n_after_smart == 4, "July answers belong to 'after' when it starts in July"
    assert from_july.after_smart == 0.0  # two 5s and two 10s: NPS 0
    assert from_july.did != from_september.did, "moving the start of 'after' must change the estimate"


def test_means_for_wait_and_satisfaction(survey):
    wait = widgets.did_estimate(survey, "wait", after_from="2025-10")
    assert wait.change_smart == pytest.approx(6.0 - 11.0)
    assert wait.change_traditional == pytest.approx(12.0 - 10.0)
    assert wait.did == pytest.approx(-7.0)
    satisfaction = widgets.did_estimate(survey, "satisfaction", after_from="2025-10")
    assert satisfaction.did == pytest.approx((5 - 3.5) - (4 - 3.5))


def test_a_segment_keeps_only_its_age_band(survey):
    older = answers([
        ("2025-03-03", "smart", "60+", 10, 8.0, 4), ("2025-03-03", "traditional", "60+", 6, 9.0, 3),
        ("2025-10-06", "smart", "60+", 3, 5.0, 2), ("2025-10-06", "traditional", "60+", 6, 9.0, 3),
    ])
    both = pd.concat([survey, older], ignore_index=True)
    result = widgets.did_estimate(both, "nps", segment="60+")
    assert (result.change_smart, result.change_traditional, result.did) == (-200.0, 0.0, -200.0)
    assert widgets.did_estimate(both, "nps", segment="all").n_after_smart == 3


def test_missing_answers_are_left_out_not_counted(survey):
    survey.loc[len(survey)] = [pd.Timestamp("2025-10-08"), "smart", "30-44", pd.NA, float("nan"), 5]
    result = widgets.did_estimate(survey, "nps")
    assert (result.n_after_smart, result.after_smart) == (2, 100.0)


@pytest.mark.parametrize("kwargs, message", [
    (dict(outcome="recommend"), "outcome must be one of"),
    (dict(segment="over 60"), "segment must be one of"),
    (dict(after_from="2025-06"), "after_from must be a month from 2025-07"),
    (dict(after_from="September"), "after_from must be a month"),
])
def test_bad_choices_are_named_in_the_error(survey, kwargs, message):
    with pytest.raises(ValueError, match=message):
        widgets.did_estimate(survey, **kwargs)


def test_a_table_without_the_outcome_column_is_refused(survey):
    with pytest.raises(ValueError, match="no column 'wait_minutes'"):
        widgets.did_estimate(survey.drop(columns="wait_minutes"), "wait")


def test_on_harbor_bank_data_the_estimate_matches_the_nps_by_hand():
    survey = load("nps_survey")
    result = widgets.did_estimate(survey, "nps", "all", "2025-09")
    cell = {(g, p): nps.score(rows["recommend"]) for (g, p), rows in
            survey[survey["period"] != "transition"].groupby(["branch_type", "period"], observed=True)}
    expected = (cell["smart", "after"] - cell["smart", "before"]) - (cell["traditional", "after"] - cell["traditional", "before"])
    assert result.did == pytest.approx(expected)
    assert result.did > result.margin > 0, "the data card's +8 NPS effect should exceed its margin of error"
    older = widgets.did_estimate(survey, "nps", "60+", "2025-09")
    assert older.did < 0, "customers aged 60+ lose NPS in smart branches (data card)"
    assert widgets.did_estimate(survey, "wait", "all", "2025-09").did < 0


def test_html_shows_the_table_the_estimate_and_its_margin(survey):
    shown = widgets.did_html(widgets.did_estimate(survey, "nps"))
    assert "Smart branches" in shown and "Traditional branches" in shown
    assert "+50.0" in shown and "±" in shown


def explorer_parts(explorer):
    controls, _plot = explorer.children
    boxes, shown = controls.children
    outcome, segment, month = boxes.children
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


def test_explorer_draws_satisfaction_bars_from_1(survey):
    explorer = widgets.transformation_explorer(survey, "satisfaction", "all", "2025-09")
    assert {round(p.get_y(), 6) for p in explorer.figure.axes[0].patches} == {1.0}
