"""The margin of error of an NPS survey and simulated surveys of one size (Module 3), computed by
cxlab.nps.nps_interval; and promoter points, whose mean is the NPS."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cxlab import nps

# 50 promoters, 30 passives, 20 detractors: NPS 30.
BRANCH = [10] * 30 + [9] * 20 + [8] * 15 + [7] * 15 + [6] * 10 + [2] * 10


def test_margin_at_the_groups_own_size_is_the_summary_interval():
    result = nps.nps_interval(BRANCH, n=len(BRANCH))
    whole = nps.summary(BRANCH)
    assert result.nps == whole.nps == 30.0
    assert result.answers == 100
    assert result.margin == pytest.approx(whole.nps - whole.ci_low)
    assert (result.ci_low, result.ci_high) == pytest.approx((whole.ci_low, whole.ci_high))


def test_four_times_the_answers_halves_the_margin():
    small = nps.nps_interval(BRANCH, n=100)
    large = nps.nps_interval(BRANCH, n=400)
    assert large.margin == pytest.approx(small.margin / 2)
    assert large.ci_high - large.ci_low < small.ci_high - small.ci_low


def test_margin_follows_the_textbook_formula():
    p, d = 0.5, 0.2
    expected = 1.959964 * 100 * math.sqrt((p + d - (p - d) ** 2) / 250)
    assert nps.nps_interval(BRANCH, n=250).margin == pytest.approx(expected, abs=1e-3)


def test_a_higher_confidence_widens_the_margin():
    assert nps.nps_interval(BRANCH, n=200, confidence=0.99).margin > nps.nps_interval(BRANCH, n=200).margin


def test_missing_answers_are_left_out_of_the_group():
    with_gaps = pd.Series(BRANCH + [None, None], dtype="Int64")
    result = nps.nps_interval(with_gaps, n=100)
    assert result.answers == 100 and result.nps == 30.0


def test_surveys_have_the_chosen_size_and_their_own_intervals():
    result = nps.nps_interval(BRANCH, n=80, draws=12, seed=3)
    surveys = result.surveys
    assert list(surveys.index) == list(range(1, 13))
    assert (surveys["n"] == 80).all()
    assert surveys["nps"].between(-100, 100).all()
    assert (surveys["ci_low"] <= surveys["nps"]).all() and (surveys["nps"] <= surveys["ci_high"]).all()
    covers = (surveys["ci_low"] <= result.nps) & (result.nps <= surveys["ci_high"])
    assert surveys["covers"].tolist() == covers.tolist()
    assert result.covered == int(covers.sum())


def test_the_same_seed_gives_the_same_surveys_and_another_seed_new_ones():
    first = nps.nps_interval(BRANCH, n=60, seed=7).surveys
    again = nps.nps_interval(BRANCH, n=60, seed=7).surveys
    other = nps.nps_interval(BRANCH, n=60, seed=8).surveys
    pd.testing.assert_frame_equal(first, again)
    assert not first["nps"].equals(other["nps"])


def test_most_95_percent_intervals_hold_the_groups_nps():
    result = nps.nps_interval(BRANCH, n=300, draws=400, seed=1)
    assert 0.90 <= result.covered / 400 <= 0.99


@pytest.mark.parametrize("n", [0, 1, 2.5, "ten", None])
def test_a_survey_size_that_is_not_a_whole_number_of_answers_is_refused(n):
    with pytest.raises(ValueError, match="n \\(answers in the survey\\)"):
        nps.nps_interval(BRANCH, n=n)


def test_invalid_answers_are_refused_like_cxlab_nps():
    with pytest.raises(ValueError, match="whole numbers from 0 to 10"):
        nps.nps_interval([10, 9, 11], n=50)
    with pytest.raises(ValueError, match="no NPS answers"):
        nps.nps_interval([None, None], n=50)


def test_promoter_points_score_each_category():
    points = nps.promoter_points(pd.Series([10, 9, 8, 7, 6, 0, None], dtype="Int64"))
    assert points.iloc[:6].tolist() == [100.0, 100.0, 0.0, 0.0, -100.0, -100.0]
    assert math.isnan(points.iloc[6]), "a skipped question stays missing, it is not a passive"


@given(st.lists(st.one_of(st.integers(0, 10), st.none()), min_size=1, max_size=60).filter(
    lambda answers: any(a is not None for a in answers)))
def test_the_mean_of_promoter_points_is_the_nps(answers):
    series = pd.Series(answers, dtype="Int64")
    assert nps.promoter_points(series).mean() == pytest.approx(nps.score(series))
    assert nps.promoter_points(series).index.equals(series.index)
