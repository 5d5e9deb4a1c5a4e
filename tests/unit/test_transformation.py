"""The smart-branch transformation in the survey (Module 8): which answers count as before and after,
the four cells and the difference-in-differences with its branch-clustered interval, computed by
cxlab.transformation (which calls cxlab.effects)."""

from __future__ import annotations

import pandas as pd
import pytest

from cxlab import nps
from cxlab.datasets import load
from cxlab.transformation import did_estimate


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


def answers(rows):
    """A small survey from (date, branch_type, age_band, recommend, wait_minutes, satisfaction) rows.

    Rows alternate between two branches of their type (HB01/HB02 smart, HB03/HB04 traditional), so
    that errors can be clustered by branch.
    """
    frame = pd.DataFrame(rows, columns=["date", "branch_type", "age_band", "recommend", "wait_minutes", "satisfaction"])
    frame["branch_id"] = [("HB01", "HB02") if kind == "smart" else ("HB03", "HB04") for kind in frame["branch_type"]]
    frame["branch_id"] = [pair[i % 2] for i, pair in enumerate(frame["branch_id"])]
    frame["date"] = pd.to_datetime(frame["date"])
    frame["recommend"] = frame["recommend"].astype("Int64")
    return frame


def test_nps_did_is_the_smart_change_minus_the_traditional_change(survey):
    result = did_estimate(survey, "nps", after_from="2025-09")
    assert (result.before_smart, result.after_smart) == (0.0, 100.0)
    assert (result.before_traditional, result.after_traditional) == (0.0, 50.0)
    assert (result.change_smart, result.change_traditional) == (100.0, 50.0)
    assert result.did == 50.0
    assert (result.n_before_smart, result.n_after_smart) == (2, 2)


def test_transition_months_are_left_out_unless_after_starts_in_july(survey):
    from_september = did_estimate(survey, "nps", after_from="2025-09")
    from_july = did_estimate(survey, "nps", after_from="2025-07")
    assert from_july.n_after_smart == 4, "July answers belong to 'after' when it starts in July"
    assert from_july.after_smart == 0.0  # two 5s and two 10s: NPS 0
    assert from_july.did != from_september.did, "moving the start of 'after' must change the estimate"


def test_means_for_wait_and_satisfaction(survey):
    wait = did_estimate(survey, "wait", after_from="2025-10")
    assert wait.change_smart == pytest.approx(6.0 - 11.0)
    assert wait.change_traditional == pytest.approx(12.0 - 10.0)
    assert wait.did == pytest.approx(-7.0)
    satisfaction = did_estimate(survey, "satisfaction", after_from="2025-10")
    assert satisfaction.did == pytest.approx((5 - 3.5) - (4 - 3.5))


def test_a_segment_keeps_only_its_age_band(survey):
    older = answers([  # two customers aged 60+ per group and period
        ("2025-03-03", "smart", "60+", 10, 8.0, 4), ("2025-03-03", "smart", "60+", 9, 8.0, 4),
        ("2025-03-03", "traditional", "60+", 6, 9.0, 3), ("2025-03-03", "traditional", "60+", 5, 9.0, 3),
        ("2025-10-06", "smart", "60+", 3, 5.0, 2), ("2025-10-06", "smart", "60+", 2, 5.0, 2),
        ("2025-10-06", "traditional", "60+", 6, 9.0, 3), ("2025-10-06", "traditional", "60+", 0, 9.0, 3),
    ])
    both = pd.concat([survey, older], ignore_index=True)
    result = did_estimate(both, "nps", segment="60+")
    assert (result.change_smart, result.change_traditional, result.did) == (-200.0, 0.0, -200.0)
    assert (result.n_before_smart, result.n_after_traditional) == (2, 2)
    assert did_estimate(both, "nps", segment="all").n_after_smart == 4


def test_missing_answers_are_left_out_not_counted(survey):
    survey.loc[len(survey)] = [pd.Timestamp("2025-10-08"), "smart", "30-44", pd.NA, float("nan"), 5, "HB01"]
    result = did_estimate(survey, "nps")
    assert (result.n_after_smart, result.after_smart) == (2, 100.0)


@pytest.mark.parametrize("kwargs, message", [
    (dict(outcome="recommend"), "outcome must be one of"),
    (dict(segment="over 60"), "segment must be one of"),
    (dict(after_from="2025-06"), "after_from must be a month from 2025-07"),
    (dict(after_from="September"), "after_from must be a month"),
])
def test_bad_choices_are_named_in_the_error(survey, kwargs, message):
    with pytest.raises(ValueError, match=message):
        did_estimate(survey, **kwargs)


def test_a_table_without_the_outcome_column_is_refused(survey):
    with pytest.raises(ValueError, match="no column 'wait_minutes'"):
        did_estimate(survey.drop(columns="wait_minutes"), "wait")


def test_on_harbor_bank_data_the_estimate_matches_the_nps_by_hand():
    survey = load("nps_survey")
    result = did_estimate(survey, "nps", "all", "2025-09")
    cell = {(g, p): nps.score(rows["recommend"]) for (g, p), rows in
            survey[survey["period"] != "transition"].groupby(["branch_type", "period"], observed=True)}
    expected = (cell["smart", "after"] - cell["smart", "before"]) - (cell["traditional", "after"] - cell["traditional", "before"])
    assert result.did == pytest.approx(expected)
    assert result.did > result.margin > 0, "the data card's +8 NPS effect should exceed its margin of error"
    older = did_estimate(survey, "nps", "60+", "2025-09")
    assert older.did < 0, "customers aged 60+ lose NPS in smart branches (data card)"
    assert did_estimate(survey, "wait", "all", "2025-09").did < 0


def test_on_harbor_bank_data_the_interval_counts_24_branches_with_t23():
    from scipy import stats

    result = did_estimate(load("nps_survey"), "nps", "all", "2025-09")
    assert result.clusters == 24
    assert result.t_critical == pytest.approx(stats.t.ppf(0.975, 23))
    assert result.margin == pytest.approx(result.t_critical * result.se)
    assert (result.ci_low, result.ci_high) == pytest.approx((result.did - result.margin, result.did + result.margin))
    assert 0 < result.p_value < 0.05


def test_a_cell_without_answers_is_named():
    small = answers([("2025-03-03", "smart", "60+", 10, 8.0, 4), ("2025-10-06", "smart", "60+", 3, 5.0, 2),
                     ("2025-10-06", "traditional", "60+", 6, 9.0, 3)])
    with pytest.raises(ValueError, match="traditional branches before"):
        did_estimate(small, "nps", segment="60+")
