"""cxlab.complaints: Pareto table, SLA compliance with open complaints, time to close, recovery, themes."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxlab import complaints as cp

CATEGORIES = st.lists(st.sampled_from(["waiting", "staff", "fees", "app", "kiosk"]), min_size=1, max_size=200)


# --- Pareto -----------------------------------------------------------------------------------------

def test_pareto_counts_sorts_and_accumulates_a_hand_worked_example():
    table = cp.pareto(["fees", "waiting", "waiting", "staff", "waiting", "staff", "fees", "app", "waiting", "waiting"])
    assert table.index.tolist() == ["waiting", "fees", "staff", "app"]  # fees and staff tie: name order
    assert table["complaints"].tolist() == [5, 2, 2, 1]
    assert table["share"].tolist() == pytest.approx([50, 20, 20, 10])
    assert table["cumulative"].tolist() == pytest.approx([50, 70, 90, 100])
    assert table["vital_few"].tolist() == [True, True, True, False]


def test_a_category_that_exactly_reaches_the_line_ends_the_vital_few():
    assert cp.vital_few(["a"] * 8 + ["b", "c"]) == ["a"]  # 80% exactly


def test_pareto_drops_missing_labels_and_empty_categories():
    labels = pd.Series(pd.Categorical(["a", None, "a", "b"], categories=["a", "b", "never"]))
    table = cp.pareto(labels)
    assert table["complaints"].to_dict() == {"a": 2, "b": 1}


@given(CATEGORIES)
def test_pareto_shares_sum_to_100_and_the_cumulative_ends_there(labels):
    table = cp.pareto(labels)
    assert table["share"].sum() == pytest.approx(100)
    assert table["cumulative"].iloc[-1] == pytest.approx(100)
    assert (table["cumulative"].diff().dropna() > 0).all()
    assert (table["complaints"].diff().dropna() <= 0).all()
    assert table["complaints"].sum() == len(labels)


@given(CATEGORIES, st.randoms(use_true_random=False))
def test_shuffling_the_complaints_changes_nothing(labels, random):
    shuffled = list(labels)
    random.shuffle(shuffled)
    pd.testing.assert_frame_equal(cp.pareto(labels), cp.pareto(shuffled))


@given(CATEGORIES, st.floats(1, 100))
def test_the_vital_few_reach_the_threshold_and_one_fewer_does_not(labels, threshold):
    table = cp.pareto(labels, threshold=threshold)
    few = table["vital_few"].sum()
    assert table["cumulative"].iloc[few - 1] >= threshold - 1e-9
    if few > 1:
        assert table["cumulative"].iloc[few - 2] < threshold


@pytest.mark.parametrize("bad, message", [
    ([], "empty"), ([None, None], "empty"), (pd.DataFrame({"category": ["a"]}), "one column"), ("waiting", "list"),
])
def test_pareto_says_what_is_wrong_with_its_input(bad, message):
    with pytest.raises((ValueError, TypeError), match=message):
        cp.pareto(bad)


@pytest.mark.parametrize("threshold", [0, 101, -5, True, "80"])
def test_pareto_refuses_a_threshold_that_is_not_a_percentage(threshold):
    with pytest.raises(ValueError, match="threshold must be a percentage"):
        cp.pareto(["a"], threshold=threshold)


# --- Hours, SLA -------------------------------------------------------------------------------------

def test_hours_count_whole_days_not_only_the_seconds_after_them():
    hours = cp.hours_to_close(["2025-03-01 09:00"], ["2025-03-03 15:00"])
    assert hours.tolist() == [54.0]  # .dt.seconds would give 6


def test_a_complaint_closed_before_it_was_opened_is_refused():
    with pytest.raises(ValueError, match="closed before it was opened"):
        cp.hours_to_close(["2025-03-02 09:00"], ["2025-03-01 09:00"])


def test_text_that_is_no_date_is_refused():
    with pytest.raises(ValueError, match="dates and times"):
        cp.hours_to_close(["yesterday"], ["2025-03-01 09:00"])


def test_sla_counts_an_open_complaint_past_the_sla_as_missed_and_leaves_recent_ones_out():
    opened = ["2025-12-01 09:00", "2025-12-01 09:00", "2025-12-20 09:00", "2025-12-31 12:00", "2025-12-31 12:00"]
    closed = ["2025-12-02 09:00", "2025-12-06 09:00", None, "2025-12-31 13:00", None]
    result = cp.sla_compliance(opened, closed, sla_hours=72, cutoff="2025-12-31 23:59:59")
    assert (result.eligible, result.met, result.missed, result.open_past_sla, result.too_recent) == (3, 1, 2, 1, 2)
    assert result.rate == pytest.approx(100 / 3)
    assert result.closed_only_rate == pytest.approx(200 / 3)  # 2 of 3 closed ones within 72 h: flattering


def test_sla_with_nothing_eligible_is_nan_not_an_error():
    result = cp.sla_compliance(["2025-12-31 20:00"], [None], sla_hours=72)
    assert result.eligible == 0 and math.isnan(result.rate)


@pytest.mark.parametrize("sla", [0, -1, float("nan"), "72"])
def test_sla_hours_must_be_a_positive_number(sla):
    with pytest.raises((ValueError, TypeError), match="sla_hours"):
        cp.sla_compliance(["2025-01-01"], ["2025-01-02"], sla_hours=sla)


SLA_CASES = st.lists(
    st.tuples(st.integers(0, 24 * 60), st.one_of(st.none(), st.integers(0, 24 * 30))), min_size=1, max_size=60
)


def _frame(cases):
    start = pd.Timestamp("2025-11-01")
    opened = pd.Series([start + pd.Timedelta(hours=o) for o, _ in cases])
    closed = pd.Series([pd.NaT if h is None else opened[i] + pd.Timedelta(hours=h) for i, (_, h) in enumerate(cases)])
    cutoff = start + pd.Timedelta(days=61)
    closed = closed.where(closed <= cutoff)  # nothing closes after the cut-off
    return opened, closed, cutoff


@given(SLA_CASES, st.floats(1, 500), st.floats(1, 500))
def test_a_longer_sla_never_lowers_the_rate_among_the_same_complaints(cases, first, second):
    opened, closed, cutoff = _frame(cases)
    short, long = sorted([first, second])
    # Same complaints: only those old enough for the longer SLA.
    old = (cutoff - opened) >= pd.Timedelta(hours=long)
    if not old.any():
        return
    a = cp.sla_compliance(opened[old], closed[old], sla_hours=short, cutoff=cutoff)
    b = cp.sla_compliance(opened[old], closed[old], sla_hours=long, cutoff=cutoff)
    assert b.rate >= a.rate - 1e-9


@given(SLA_CASES, st.floats(1, 500))
def test_sla_counts_add_up_and_the_rate_is_a_percentage(cases, sla):
    opened, closed, cutoff = _frame(cases)
    result = cp.sla_compliance(opened, closed, sla_hours=sla, cutoff=cutoff)
    assert result.met + result.missed == result.eligible
    assert result.eligible + result.too_recent == len(cases)
    assert result.open_past_sla <= result.missed
    if result.eligible:
        assert 0 <= result.rate <= 100


def test_sla_by_group_agrees_with_one_group_at_a_time():
    frame = pd.DataFrame({
        "channel": ["phone", "phone", "letter", "letter", "letter"],
        "opened_at": pd.to_datetime(["2025-06-01 09:00"] * 5),
        "closed_at": pd.to_datetime(["2025-06-01 10:00", None, "2025-06-02 09:00", "2025-06-09 09:00", None]),
    })
    table = cp.sla_by_group(frame, "channel", sla_hours=48)
    letters = frame[frame["channel"] == "letter"]
    assert table.loc["letter", "rate"] == cp.sla_compliance(letters["opened_at"], letters["closed_at"], sla_hours=48).rate
    assert table["rate"].to_dict() == pytest.approx({"letter": 100 / 3, "phone": 50.0})


def test_sla_by_group_names_a_missing_column():
    with pytest.raises(ValueError, match="no column 'channel'"):
        cp.sla_by_group(pd.DataFrame({"opened_at": [], "closed_at": []}), "channel")


# --- Time to close ----------------------------------------------------------------------------------

def test_the_naive_median_ignores_the_open_complaints_and_kaplan_meier_does_not():
    opened = pd.Series(pd.to_datetime(["2025-12-01 00:00"] * 7))
    closed = pd.Series(pd.to_datetime(["2025-12-01 01:00", "2025-12-01 02:00", "2025-12-01 03:00"] + [None] * 4))
    result = cp.median_time_to_close(opened, closed, cutoff="2025-12-31 00:00")
    assert result.still_open == 4 and result.closed_only == 2.0
    # Most complaints are still open after 720 hours: the median is not reached within the data.
    assert math.isnan(result.kaplan_meier)


@settings(deadline=None, max_examples=40)
@given(st.lists(st.integers(1, 500), min_size=1, max_size=40))
def test_with_nothing_open_kaplan_meier_is_the_time_by_which_half_have_closed(hours):
    opened = pd.Series(pd.to_datetime(["2025-01-01"] * len(hours)))
    closed = opened + pd.to_timedelta(hours, unit="h")
    result = cp.median_time_to_close(opened, closed, cutoff="2025-12-31")
    ordered = sorted(hours)
    assert result.kaplan_meier == ordered[(len(hours) - 1) // 2]
    assert result.closed_only == pytest.approx(float(np.median(hours)))


# --- Recovery ---------------------------------------------------------------------------------------

def test_recovery_change_is_after_minus_before_and_drops_open_complaints():
    result = cp.recovery_change([6, 7, 5, 8, 9], pd.Series([8, 8, 5, 7, None], dtype="Int64"))
    assert result.n == 4 and result.mean == 0.5
    assert (result.share_above, result.share_below) == (50.0, 25.0)
    assert result.ci_low < result.mean < result.ci_high


@given(st.lists(st.tuples(st.integers(0, 10), st.integers(0, 10)), min_size=2, max_size=80), st.integers(-3, 3))
def test_lifting_every_rating_after_lifts_the_mean_change_by_the_same(pairs, lift):
    before = [b for b, _ in pairs]
    after = [a for _, a in pairs]
    base = cp.recovery_change(before, after)
    lifted = cp.recovery_change(before, [a + lift for a in after])
    assert lifted.mean == pytest.approx(base.mean + lift)
    assert lifted.ci_high - lifted.ci_low == pytest.approx(base.ci_high - base.ci_low)


def test_recovery_change_needs_two_pairs_and_numbers():
    with pytest.raises(ValueError, match="at least 2"):
        cp.recovery_change([5], [6])
    with pytest.raises(ValueError, match="numbers from 0 to 10"):
        cp.recovery_change(["high", "low"], [6, 7])
    with pytest.raises(ValueError, match="same length"):
        cp.recovery_change([5, 6, 7], [6, 7])


def test_recovery_by_speed_puts_a_complaint_closed_at_exactly_24_hours_in_the_first_band():
    frame = pd.DataFrame({
        "opened_at": pd.to_datetime(["2025-01-01 09:00"] * 6),
        "closed_at": pd.to_datetime(["2025-01-02 09:00", "2025-01-01 10:00", "2025-01-03 09:00", "2025-01-04 09:00",
                                     "2025-01-08 09:00", "2025-01-09 09:00"]),
        "pre_rating": [5, 5, 7, 7, 8, 8], "recovery_satisfaction": [7, 6, 6, 6, 5, 6],
    })
    table = cp.recovery_by_speed(frame)
    assert table.index.tolist() == ["within 24 h", "24-72 h", "after 72 h"]
    assert table["n"].tolist() == [2, 2, 2]
    assert table["mean"].tolist() == [1.5, -1.0, -2.5]


def test_recovery_by_speed_refuses_bands_out_of_order():
    with pytest.raises(ValueError, match="increasing"):
        cp.recovery_by_speed(pd.DataFrame(columns=["pre_rating", "recovery_satisfaction", "opened_at", "closed_at"]),
                             bands=(72, 24))


# --- Themes -----------------------------------------------------------------------------------------

def test_a_comment_can_belong_to_several_themes_or_to_none():
    coded = cp.code_themes(["排队太久，柜员态度差", "手机银行登录不了", None],
                           {"waiting": ["排队", "等"], "staff": "态度"})
    assert coded.to_dict("list") == {
        "waiting": [True, False, False], "staff": [True, False, False], "uncoded": [False, True, True],
    }


@given(st.lists(st.text(max_size=20), max_size=30))
def test_uncoded_is_exactly_the_comments_no_theme_matches(texts):
    coded = cp.code_themes(texts, {"a": ["a"], "b": ["b", "c"]})
    assert (coded["uncoded"] == ~coded[["a", "b"]].any(axis=1)).all()


@pytest.mark.parametrize("codebook, message", [
    ({}, "codebook must be a dict"), ({"waiting": []}, "needs one or more keywords"),
    ({"waiting": [""]}, "needs one or more keywords"), ({"uncoded": ["x"]}, "name your theme differently"),
])
def test_a_codebook_without_keywords_is_refused(codebook, message):
    with pytest.raises(ValueError, match=message):
        cp.code_themes(["x"], codebook)
