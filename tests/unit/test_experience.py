"""Expectation-confirmation (Module 1): the disconfirmation rule, what customers with one pair felt,
and the satisfaction split, computed by cxlab.experience."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cxlab import experience


@pytest.fixture
def survey():
    """Six customers: three with expectation 5 and perception 6, one of whom skipped the NPS question."""
    return pd.DataFrame(
        {
            "expectation": [5, 5, 5, 4, 6, 3],
            "perception": [6, 6, 6, 4, 3, 3],
            "satisfaction": [5, 4, 3, 3, 1, 2],
            "recommend": pd.array([10, 8, None, 6, 0, 4], dtype="Int64"),
            "loyalty_intent": [5, 4, 4, 3, 1, 2],
        }
    )


@pytest.mark.parametrize("gap, expected", [(3, "positive"), (1, "positive"), (0, "confirmed"), (-1, "negative"),
                                           (0.5, "positive"), (np.int64(-6), "negative"), (np.float64(0.0), "confirmed")])
def test_class_follows_the_sign_of_perception_minus_expectation(gap, expected):
    assert experience.disconfirmation_class(gap) == expected


@pytest.mark.parametrize("bad", ["2", None, float("nan"), True])
def test_class_refuses_what_is_not_a_number(bad):
    with pytest.raises(ValueError, match="must be a number"):
        experience.disconfirmation_class(bad)


@given(st.integers(1, 7), st.integers(1, 6))
def test_a_better_perception_never_gives_a_worse_class(expectation, perception):
    order = {"negative": 0, "confirmed": 1, "positive": 2}
    lower = experience.disconfirmation_class(perception - expectation)
    higher = experience.disconfirmation_class(perception + 1 - expectation)
    assert order[higher] >= order[lower]


def test_outcome_averages_only_the_customers_with_exactly_that_pair(survey):
    outcome = experience.disconfirmation_outcome(survey, expectation=5, perception=6)
    assert (outcome.disconfirmation, outcome.outcome, outcome.customers) == (1, "positive", 3)
    assert outcome.mean_satisfaction == 4.0
    assert outcome.percent_satisfied == pytest.approx(66.7)
    assert outcome.mean_recommend == 9.0, "the skipped recommendation answer must be left out, not counted as 0"


@pytest.mark.parametrize("expectation, perception", [(0, 4), (8, 4), (4, 4.5), (4, "4")])
def test_values_off_the_seven_point_scale_are_named(survey, expectation, perception):
    with pytest.raises(ValueError, match="whole number from 1 to 7"):
        experience.disconfirmation_outcome(survey, expectation, perception)


def test_a_table_without_the_survey_columns_is_refused_with_the_column_name(survey):
    with pytest.raises(ValueError, match="'perception'"):
        experience.disconfirmation_outcome(survey.drop(columns="perception"), 5, 5)


def test_split_compares_satisfied_customers_with_the_rest(survey):
    split = experience.satisfaction_split(survey, threshold=4)
    assert (split.satisfied, split.others) == (2, 4)
    assert split.recommend_satisfied == 9.0
    assert split.recommend_others == pytest.approx((6 + 0 + 4) / 3, abs=0.005)
    assert split.recommend_gap == pytest.approx(9.0 - 10 / 3, abs=0.01)
    assert split.loyalty_gap == pytest.approx(4.5 - 2.5)


@pytest.mark.parametrize("threshold", [1, 6, 3.5])
def test_split_threshold_must_leave_two_groups(survey, threshold):
    with pytest.raises(ValueError, match="whole number from 2 to 5"):
        experience.satisfaction_split(survey, threshold)
