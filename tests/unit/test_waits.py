"""cxlab.waits: the queue log read as a branch manager plans with it; cxlab.queueing's service level
and simulation."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxlab.queueing import erlang_c, servers_for_service_level, service_level, simulate_day
from cxlab.waits import hourly_demand, littles_law, staffing_plan, wait_by_hour_and_weekday


def fifo_log(arrivals, services, counters, day="2025-05-12", branch="HB01"):
    """A first-come-first-served queue log, built the way a ticket machine runs the counters."""
    free_at = [0.0] * counters
    starts = []
    for arrival, service in zip(arrivals, services):
        counter = int(np.argmin(free_at))
        start = max(arrival, free_at[counter])
        free_at[counter] = start + service
        starts.append(start)
    opening = pd.Timestamp(f"{day} 09:00")
    arrived = opening + pd.to_timedelta(np.asarray(arrivals), unit="min")
    started = opening + pd.to_timedelta(np.asarray(starts), unit="min")
    return pd.DataFrame({
        "branch_id": branch, "date": pd.Timestamp(day), "weekday": pd.Timestamp(day).day_name(),
        "arrived_at": arrived, "service_start": started,
        "wait_minutes": np.asarray(starts) - np.asarray(arrivals), "service_minutes": np.asarray(services),
    })


def random_log(rate, mean_service, counters, minutes, seed):
    rng = np.random.default_rng(seed)
    arrivals = np.cumsum(rng.exponential(1 / rate, int(rate * minutes * 1.5)))
    arrivals = arrivals[arrivals < minutes]
    return fifo_log(arrivals, rng.exponential(mean_service, len(arrivals)), counters)


# --- Little's law ------------------------------------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(st.floats(0.05, 0.5), st.floats(2, 20), st.integers(1, 6), st.integers(0, 10_000))
def test_littles_law_holds_on_a_simulated_stable_queue(rate, mean_service, counters, seed):
    if rate * mean_service >= counters * 0.9:
        counters = math.ceil(rate * mean_service / 0.9)
    log = random_log(rate, mean_service, counters, minutes=2_000, seed=seed)
    if len(log) < 50 or log["wait_minutes"].sum() < 30:
        return  # too few waits for a once-a-minute head count to measure
    row = littles_law(log).iloc[0]
    assert row["waiting_predicted"] == pytest.approx(row["arrival_rate"] * row["mean_wait"])
    # a head count once a minute is a sample of the queue; over thousands of minutes it agrees closely
    assert row["waiting_counted"] == pytest.approx(row["waiting_predicted"], rel=0.05, abs=0.01)


def test_littles_law_counts_who_is_waiting_minute_by_minute():
    # arrivals at 0, 1, 2 minutes, one counter, 3-minute services: waits 0, 2, 4
    log = fifo_log([0, 1, 2], [3, 3, 3], counters=1)
    row = littles_law(log).iloc[0]
    assert row["tickets"] == 3 and row["window_minutes"] == 6  # first arrival 0 to last call 6
    assert row["arrival_rate"] == pytest.approx(0.5)
    assert row["mean_wait"] == pytest.approx(2.0)
    # counts at minutes 0..5: 0, 1, 2, 1, 1, 1 -> 1.0
    assert row["waiting_counted"] == pytest.approx(1.0)
    assert row["waiting_predicted"] == pytest.approx(1.0)


def test_littles_law_gives_one_row_per_branch_day():
    log = pd.concat([fifo_log([0, 5], [3, 3], 1), fifo_log([0, 1], [3, 3], 1, day="2025-05-13"),
                     fifo_log([0, 1, 2], [2, 2, 2], 1, branch="HB02")])
    table = littles_law(log)
    assert list(table.index) == [("HB01", pd.Timestamp("2025-05-12")), ("HB01", pd.Timestamp("2025-05-13")),
                                 ("HB02", pd.Timestamp("2025-05-12"))]


# --- profiles ----------------------------------------------------------------------------------


def test_the_wait_profile_averages_each_hour_of_each_weekday():
    log = pd.concat([fifo_log([0, 190], [1, 1], 1), fifo_log([10, 200, 205], [1, 1, 1], 1, day="2025-05-13")])
    log["wait_minutes"] = [1.0, 5.0, 2.0, 7.0, 9.0]
    table = wait_by_hour_and_weekday(log)
    assert table.loc["Monday", 9] == 1.0 and table.loc["Monday", 12] == 5.0
    assert table.loc["Tuesday", 12] == pytest.approx(8.0)


def test_hourly_demand_averages_over_every_branch_day():
    log = pd.concat([fifo_log([5, 30, 70], [10, 12, 8], 2), fifo_log([20], [14], 2, day="2025-05-13")])
    demand = hourly_demand(log)
    assert demand.loc[9, "tickets_per_day"] == 1.5  # three 9 o'clock tickets over two days
    assert demand.loc[10, "tickets_per_day"] == 0.5
    assert demand.loc[9, "arrival_rate"] == pytest.approx(1.5 / 60)
    assert demand.loc[9, "mean_service"] == pytest.approx(12.0)


# --- staffing ----------------------------------------------------------------------------------


def test_the_staffing_plan_is_erlang_c_hour_by_hour():
    demand = pd.DataFrame({"arrival_rate": [0.15, 0.3], "mean_service": [16.0, 16.0]}, index=[9, 12])
    plan = staffing_plan(demand, target_wait=5, counters=4)
    assert list(plan["counters_needed"]) == [4, 7]
    assert plan.loc[9, "wait_now"] == pytest.approx(erlang_c(0.15, 1 / 16, 4).wq)
    assert np.isnan(plan.loc[12, "wait_now"])  # 4.8 counters' work for 4 counters: no steady state
    assert (plan["wait_needed"] <= 5).all()


def test_one_service_time_for_every_hour():
    demand = pd.DataFrame({"arrival_rate": [0.15, 0.15], "mean_service": [10.0, 30.0]}, index=[9, 10])
    plan = staffing_plan(demand, target_wait=5, mean_service=16)
    assert plan["counters_needed"].nunique() == 1 and (plan["mean_service"] == 16).all()


# --- service level -----------------------------------------------------------------------------


def test_service_level_of_a_hand_worked_example():
    # lambda 2, mu 0.5, c 5: P(wait) = 0.5541; a waiting customer's wait is exponential, rate 2.5 - 2
    assert service_level(2, 0.5, 5, 1) == pytest.approx(1 - 0.55411 * math.exp(-0.5), abs=1e-5)
    assert service_level(2, 0.5, 5, 0) == pytest.approx(1 - erlang_c(2, 0.5, 5).p_wait)


@given(st.floats(0.1, 10), st.floats(0.1, 3), st.floats(0, 30), st.floats(0.05, 0.99))
def test_servers_for_service_level_is_the_fewest_that_reach_the_share(arrival, service, target, share):
    c = servers_for_service_level(arrival, service, target, share)
    assert service_level(arrival, service, c, target) >= share
    if arrival / service < (c - 1) * (1 - 1e-12):
        assert service_level(arrival, service, c - 1, target) < share


@given(st.floats(0.1, 10), st.floats(0.1, 3), st.integers(1, 40), st.floats(0, 20), st.floats(0, 20))
def test_service_level_rises_with_the_target_and_the_counters(arrival, service, servers, t1, t2):
    if arrival / service >= servers * 0.999:
        return
    low, high = sorted((t1, t2))
    assert 0 <= service_level(arrival, service, servers, low) <= service_level(arrival, service, servers, high) <= 1
    assert service_level(arrival, service, servers, low) <= service_level(arrival, service, servers + 1, low) + 1e-12


@pytest.mark.parametrize("share", [0, 1, 80, -0.1])
def test_a_share_outside_0_to_1_is_an_error(share):
    with pytest.raises(ValueError, match="share must be between 0 and 1"):
        servers_for_service_level(2, 0.5, 1, share)


def test_a_negative_target_is_an_error():
    with pytest.raises(ValueError, match="target_wait must be 0 or more"):
        service_level(2, 0.5, 5, -1)


# --- simulation --------------------------------------------------------------------------------


def test_a_long_steady_simulation_agrees_with_erlang_c():
    days = simulate_day([0.5] * 40, mean_service=4, counters=3, days=4, seed=3)
    assert days.mean_wait == pytest.approx(erlang_c(0.5, 0.25, 3).wq, rel=0.2)
    assert days.share_within(0) == pytest.approx(1 - erlang_c(0.5, 0.25, 3).p_wait, abs=0.06)


def test_the_simulation_follows_the_hours_and_is_reproducible():
    rates = [0.1, 0.1, 0.4, 0.1]
    first = simulate_day(rates, mean_service=8, counters=2, service_cv=0.5, days=30, seed=7)
    again = simulate_day(rates, mean_service=8, counters=2, service_cv=0.5, days=30, seed=7)
    pd.testing.assert_frame_equal(first.tickets, again.tickets)
    assert list(first.by_hour.index) == [9, 10, 11, 12]
    assert first.by_hour.loc[11, "arrivals"] == pytest.approx(24, rel=0.15)  # 0.4 a minute for an hour
    # the overloaded hour builds the queue: its customers wait longest
    assert first.by_hour["mean_wait"].idxmax() in (11, 12)
    assert first.tickets["service"].mean() == pytest.approx(8, rel=0.1)


def test_littles_law_holds_on_simulated_days():
    days = simulate_day([0.3] * 8, mean_service=8, counters=3, days=5, seed=2)
    opening = pd.Timestamp("2025-05-12 09:00")
    one = days.tickets[days.tickets["day"] == 1]
    log = pd.DataFrame({"branch_id": "HB01", "date": pd.Timestamp("2025-05-12"),
                        "arrived_at": opening + pd.to_timedelta(one["arrived"], unit="min"),
                        "service_start": opening + pd.to_timedelta(one["arrived"] + one["wait"], unit="min"),
                        "wait_minutes": one["wait"]})
    row = littles_law(log).iloc[0]
    assert row["waiting_counted"] == pytest.approx(row["waiting_predicted"], rel=0.1, abs=0.02)


def test_more_counters_at_lunch_shorten_the_wait():
    rates = [0.2, 0.2, 0.35, 0.35, 0.2, 0.2]
    flat = simulate_day(rates, mean_service=15, counters=4, days=20, seed=5)
    lunch = simulate_day(rates, mean_service=15, counters=[4, 4, 6, 6, 4, 4], days=20, seed=5)
    assert lunch.mean_wait < flat.mean_wait


@pytest.mark.parametrize(("kwargs", "error", "match"), [
    ({"counters": [3, 3]}, ValueError, "counters has 2 hours but the arrival rates have 4"),
    ({"counters": 0}, ValueError, "servers must be a whole number of counters"),
    ({"mean_service": 0}, ValueError, "mean_service must be a number greater than 0"),
    ({"days": 0}, ValueError, "days must be a whole number from 1 to 1000"),
    ({"arrival_rates": "fast"}, TypeError, "arrival_rates must be a number or a list"),
    ({"arrival_rates": []}, ValueError, "arrival_rates must have at least one hour"),
])
def test_bad_simulation_inputs_are_one_line_errors(kwargs, error, match):
    arguments = {"arrival_rates": [0.1] * 4, "mean_service": 8, "counters": 2, "days": 1} | kwargs
    with pytest.raises(error, match=match):
        simulate_day(**arguments)


# --- errors ------------------------------------------------------------------------------------


def test_a_table_without_the_log_columns_is_an_error():
    with pytest.raises(ValueError, match="no column 'wait_minutes'.*queue_log"):
        littles_law(pd.DataFrame({"branch_id": ["HB01"], "date": [1], "arrived_at": [1], "service_start": [1]}))


def test_an_empty_selection_is_an_error():
    log = fifo_log([0, 1], [1, 1], 1)
    with pytest.raises(ValueError, match="no tickets; check the rows you selected"):
        hourly_demand(log[log["branch_id"] == "HB99"])


def test_a_column_instead_of_the_table_is_a_type_error():
    with pytest.raises(TypeError, match="pass the queue_log table"):
        wait_by_hour_and_weekday(fifo_log([0], [1], 1)["wait_minutes"])


def test_staffing_needs_a_demand_table():
    with pytest.raises(ValueError, match="no column 'arrival_rate'"):
        staffing_plan(pd.DataFrame({"rate": [0.1]}), target_wait=5)


def test_a_simulated_day_counts_who_waits_minute_by_minute():
    days = simulate_day([0.3] * 8, mean_service=8, counters=3, days=2, seed=2)
    waiting = days.waiting_by_minute(day=1)
    one = days.tickets[days.tickets["day"] == 1]
    # the time-average head count is lambda * W over the same minutes (Little's law)
    assert waiting.mean() == pytest.approx(one["wait"].sum() / len(waiting), rel=0.1, abs=0.02)
    assert (waiting >= 0).all() and waiting.index[0] == 0
    with pytest.raises(ValueError, match="day must be a whole number from 1 to 2"):
        days.waiting_by_minute(day=3)
