"""The true effects the course relies on, measured in the committed files.

The sizes come from one table, :data:`cxlab.simulate.truth.EFFECTS`, which the generator and the
data card read too: each effect's ``bounds`` are checked here against the values the card quotes.
The tests below them check what a range cannot say (an order, a shape, a law the queue obeys) and
recompute some measures independently, so a slip in the card's own code shows.
"""

import numpy as np
import pandas as pd
import pytest
from harbor_data import committed  # noqa: F401 (a fixture)

from cxlab import servqual, simulate
from cxlab.universe import SMART_CHANGE_DAY as CHANGE

BOUNDS = [
    pytest.param(key, low, high, id=key)
    for effect in simulate.EFFECTS
    for key, (low, high) in effect.bounds.items()
]


@pytest.fixture(scope="module")
def realised(committed) -> dict:
    return simulate.realised_effects(committed)


@pytest.mark.parametrize("key, low, high", BOUNDS)
def test_the_committed_data_show_each_true_effect_within_its_documented_range(realised, key, low, high):
    assert low <= realised[key] <= high, f"{key} = {realised[key]:.3f}, expected {low} to {high}"


def test_bounds_cover_the_effects_the_course_teaches():
    keys = {key for effect in simulate.EFFECTS for key in effect.bounds}
    assert {"wait_change_kpi", "nps_did_after", "nps_did_60plus", "gap_reliability", "alpha_empathy"} <= keys


def test_the_control_groups_waits_stay_roughly_flat(committed):
    queue = committed["queue_log"]
    control = queue[queue["branch_type"] == "traditional"].groupby(queue["date"] >= CHANGE)["wait_minutes"].mean()
    assert 0.85 < control[True] / control[False] < 1.15, "the control group's waits should stay roughly flat"


def nps_by_coding(answers: pd.Series) -> float:
    """NPS as 100 x the mean of +1 (9-10), 0 (7-8) and -1 (0-6): independent of cxlab.nps."""
    answers = answers.dropna().astype(float)
    return 100 * float(np.select([answers >= 9, answers <= 6], [1.0, -1.0], 0.0).mean())


@pytest.mark.parametrize("period, key", [("after", "nps_did_after"), ("transition", "nps_did_transition")])
def test_the_cards_nps_difference_in_differences_agrees_with_an_independent_count(
    committed, realised, period, key
):
    cells = committed["nps_survey"].groupby(["branch_type", "period"], observed=True)["recommend"]
    table = cells.apply(nps_by_coding)
    did = (table["smart", period] - table["smart", "before"]) - (
        table["traditional", period] - table["traditional", "before"]
    )
    assert did == pytest.approx(realised[key], abs=1e-9)


def test_customers_aged_60_plus_in_smart_branches_lose_nps(realised):
    before, after = (float(x) for x in realised["nps_smart_60plus"].split(" -> "))
    assert after < before
    assert realised["nps_did_under60"] > realised["nps_did_after"]


def test_waiting_and_staff_are_the_two_strongest_nps_drivers(committed):
    ratings = ["rate_wait", "rate_staff", "rate_environment", "rate_digital", "rate_personalisation"]
    answered = committed["nps_survey"][[*ratings, "recommend"]].dropna().astype(float)
    correlation = answered[ratings].corrwith(answered["recommend"]).sort_values(ascending=False)
    assert set(correlation.index[:2]) == {"rate_wait", "rate_staff"}
    assert correlation.iloc[1] - correlation.iloc[2] > 0.1
    standardised = (answered - answered.mean()) / answered.std()
    design = np.column_stack([np.ones(len(standardised)), standardised[ratings]])
    coefficients = pd.Series(
        np.linalg.lstsq(design, standardised["recommend"], rcond=None)[0][1:], index=ratings
    )
    assert set(coefficients.sort_values(ascending=False).index[:2]) == {"rate_wait", "rate_staff"}


def test_loyalty_intent_rises_with_satisfaction(committed):
    survey = committed["nps_survey"]
    assert survey.groupby("satisfaction")["loyalty_intent"].mean().is_monotonic_increasing


def test_reliability_has_the_most_negative_servqual_gap_and_the_most_weight(committed, realised):
    gaps = {d: realised[f"gap_{d}"] for d in servqual.DIMENSIONS}
    assert all(gap < 0 for gap in gaps.values()), gaps
    assert min(gaps, key=gaps.get) == "reliability" and max(gaps, key=gaps.get) == "tangibles"
    weights = committed["servqual_survey"][[f"w_{d}" for d in servqual.DIMENSIONS]].mean()
    assert weights.idxmax() == "w_reliability"


def test_the_cards_alphas_agree_with_pingouin(committed, realised):
    import pingouin  # a test dependency; imported here because it loads statsmodels

    survey = committed["servqual_survey"]
    for dimension, items in servqual.DIMENSIONS.items():
        perceived = survey[[f"p{i:02d}" for i in items]].astype(float).dropna()
        alpha, _ = pingouin.cronbach_alpha(perceived)
        assert alpha == pytest.approx(realised[f"alpha_{dimension}"], abs=1e-9), dimension


def test_empathy_is_the_weakest_scale_and_its_weak_item_lowers_it(realised):
    alphas = {d: realised[f"alpha_{d}"] for d in servqual.DIMENSIONS}
    assert min(alphas, key=alphas.get) == "empathy", alphas
    assert realised["empathy_alpha_without_weak_item"] > alphas["empathy"] + 0.02


def test_complaints_closed_after_24_hours_leave_customers_no_happier(committed):
    complaints = committed["complaints"]
    hours = (complaints["closed_at"] - complaints["opened_at"]).dt.total_seconds() / 3600
    change = complaints["recovery_satisfaction"].astype(float) - complaints["pre_rating"]
    assert change[hours > 24].mean() <= 0


def test_first_contact_resolution_lowers_repeats_and_resolution_times_are_skewed(committed):
    complaints = committed["complaints"]
    hours = (complaints["closed_at"] - complaints["opened_at"]).dt.total_seconds() / 3600
    repeat = complaints.groupby("first_contact_resolution")["repeat"].mean()
    assert repeat[True] < 0.7 * repeat[False]
    assert hours.skew() > 2, "resolution times should be right-skewed"


def test_waiting_time_and_staff_attitude_lead_the_pareto_chart_before_the_change(committed):
    complaints = committed["complaints"]
    before = complaints[complaints["opened_at"] < CHANGE]["category"].value_counts()
    assert list(before.index[:2]) == ["waiting time", "staff attitude"]


def test_kiosk_usability_complaints_appear_only_in_smart_branches_after_the_change(committed):
    complaints = committed["complaints"]
    kiosk = complaints[complaints["category"] == "kiosk usability"]
    assert len(kiosk) >= 50
    assert (kiosk["branch_type"] == "smart").all()
    assert (kiosk["opened_at"] >= CHANGE).all()
    assert (kiosk["age_band"] == "60+").mean() > 0.5
    waiting = complaints[(complaints["category"] == "waiting time") & (complaints["branch_type"] == "smart")]
    per_month = waiting.groupby(waiting["opened_at"] >= CHANGE).size() / pd.Series({False: 18, True: 6})
    assert per_month[True] < 0.6 * per_month[False]


def test_lunch_hours_and_mondays_have_the_most_arrivals(committed):
    queue = committed["queue_log"]
    by_hour = queue["arrived_at"].dt.hour.value_counts()
    assert set(by_hour.index[:2]) == {12, 13}
    assert queue["weekday"].value_counts().idxmax() == "Monday"


def test_littles_law_holds_for_every_branch_day(committed):
    queue = committed["queue_log"]
    # Time-average number waiting from the timestamps alone: +1 at each arrival, -1 at each call.
    events = pd.concat(
        [
            pd.DataFrame(
                {"branch_id": queue["branch_id"], "date": queue["date"], "at": queue["arrived_at"], "step": 1}
            ),
            pd.DataFrame(
                {
                    "branch_id": queue["branch_id"],
                    "date": queue["date"],
                    "at": queue["service_start"],
                    "step": -1,
                }
            ),
        ]
    ).sort_values(["branch_id", "date", "at"], kind="stable")
    day = events.groupby(["branch_id", "date"])
    events["waiting"] = day["step"].cumsum()
    events["seconds"] = (day["at"].shift(-1) - events["at"]).dt.total_seconds().fillna(0)
    events["area"] = events["waiting"] * events["seconds"]
    span = (day["at"].max() - day["at"].min()).dt.total_seconds()
    average_waiting = events.groupby(["branch_id", "date"])["area"].sum() / span
    tickets = queue.groupby(["branch_id", "date"])
    arrival_rate = tickets.size() / (span / 60)  # per minute
    littles_law = arrival_rate * tickets["wait_minutes"].mean()
    assert len(average_waiting) == 24 * 10
    assert np.allclose(average_waiting, littles_law, rtol=1e-3, atol=1e-3)


def test_the_queue_log_is_a_consistent_first_come_first_served_multi_server_queue(committed):
    queue, branches = committed["queue_log"], committed["branches"].set_index("branch_id")
    waits = (queue["service_start"] - queue["arrived_at"]).dt.total_seconds() / 60
    assert np.allclose(waits, queue["wait_minutes"], atol=0.006)
    after = queue["date"] >= CHANGE
    counters = np.where(
        after,
        branches.loc[queue["branch_id"], "counters_after"],
        branches.loc[queue["branch_id"], "counters_before"],
    )
    assert (queue["counter"] <= counters).all(), "a ticket was served at a counter the branch does not have"
    # First come, first served: within a branch-day, calls happen in the order of arrival.
    in_order = queue.sort_values(["branch_id", "date", "arrived_at"], kind="stable")
    called = in_order.groupby(["branch_id", "date"])["service_start"].diff().dt.total_seconds().dropna()
    assert (called >= 0).all()
    # A counter serves one customer at a time.
    by_counter = queue.sort_values(["branch_id", "date", "counter", "service_start"])
    previous_end = by_counter.groupby(["branch_id", "date", "counter"])["service_end"].shift()
    assert (by_counter["service_start"] >= previous_end).where(previous_end.notna(), True).all()


def test_waiting_area_and_kiosk_are_the_pain_points_and_worst_for_60_plus_in_smart_branches(committed):
    visits = committed["visits"]
    emotion = visits.groupby("touchpoint", observed=True)["emotion"].mean().sort_values()
    assert list(emotion.index[:2]) == ["waiting area", "queue ticket / kiosk"]
    kiosk = visits[(visits["touchpoint"] == "queue ticket / kiosk") & (visits["branch_type"] == "smart")]
    senior = kiosk["age_band"] == "60+"
    after = kiosk["date"] >= CHANGE
    assert kiosk[senior & after]["emotion"].mean() < kiosk[senior & ~after]["emotion"].mean() - 0.7
    assert kiosk[senior & after]["emotion"].mean() < kiosk[~senior & after]["emotion"].mean() - 0.7


def test_counter_service_and_waiting_area_are_the_moments_of_truth(committed):
    visits = committed["visits"]
    wide = visits.pivot_table(index="visit_id", columns="touchpoint", values="emotion", observed=True)
    recommend = visits.groupby("visit_id")["recommend"].first().astype(float)
    correlation = wide.corrwith(recommend).sort_values(ascending=False)
    assert set(correlation.index[:2]) == {"counter service", "waiting area"}


def test_peak_end_predicts_the_visit_rating_better_than_the_mean_emotion(committed, realised):
    assert realised["peak_end_corr"] > realised["mean_emotion_corr"] + 0.1
    # The same correlation with the peak found independently of cxlab.journey.peak_end.
    visits = committed["visits"].sort_values(["visit_id", "step"])
    by_visit = visits.groupby("visit_id")
    peak = by_visit["emotion"].agg(lambda e: e.iloc[np.argmax(np.abs(e.to_numpy()))])
    rating = by_visit["visit_rating"].first().astype(float)
    assert rating.corr((peak + by_visit["emotion"].last()) / 2) == pytest.approx(realised["peak_end_corr"])


def test_most_detractors_are_called_back_and_a_quick_fix_lifts_the_next_answer(committed):
    followups = committed["nps_followups"]
    by_branch = followups.groupby("branch_id")["contacted"].mean().sort_values()
    assert (by_branch.iloc[:2] < 0.6).all(), "two weak branches call back few detractors"
    assert by_branch.iloc[:2].max() < by_branch.iloc[2:].median() - 0.2
    delay = (followups["contacted_at"] - followups["surveyed_at"]).dt.total_seconds() / 3600
    gain = followups["recommend_after"].astype(float) - followups["recommend"]
    quick_fix = (followups["outcome"] == "issue fixed") & (delay <= 48)
    assert gain[quick_fix].mean() > gain[~quick_fix].mean() + 1.5
    assert followups.loc[~followups["contacted"], ["contacted_at", "closed_at", "outcome"]].isna().all().all()
