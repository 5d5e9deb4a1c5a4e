"""``queue_log``: every counter ticket of the sample weeks, served by a multi-server FIFO queue."""

from __future__ import annotations

import numpy as np
import pandas as pd

from cxlab.datasets.queue_log import SERVICE_TYPES, WEEKDAYS
from cxlab.simulate.branches import Universe
from cxlab.simulate.days import CHANGE_DAY, WORKING_DAYS, month_index
from cxlab.simulate.draws import choose_rows, make_ids
from cxlab.simulate.truth import (
    BALK_MAX,
    BALK_QUEUE_PER_COUNTER,
    BALK_SPREAD,
    BASE_UTILISATION,
    HOUR_PROFILE,
    QUEUE_ANCHOR_WEEKS,
    SERVICE_CV,
    SERVICE_MEAN_MIN,
    SERVICE_MIX,
    SMART_COUNTER_DEMAND,
    SMART_SERVICE_SPEED,
    WEEKDAY_PROFILE,
)

#: Arrivals relative to an average month (January 2024 ... the same pattern in 2025).
MONTH_PROFILE = np.array([1.08, 0.92, 1.00, 0.98, 1.00, 1.02, 1.00, 0.97, 1.00, 1.00, 1.02, 1.10])


def queue_days(scale: float) -> np.ndarray:
    """Working days in the queue log: the week of 12 May 2025 and the week of 13 October 2025 at
    scale 1; at larger scales more weeks around them, up to every working day of the two years."""
    per_phase = max(1, int(round(5 * scale)))
    chosen = []
    before_pool = WORKING_DAYS[WORKING_DAYS < CHANGE_DAY]
    after_pool = WORKING_DAYS[WORKING_DAYS >= CHANGE_DAY]
    after_count = min(per_phase, len(after_pool))
    before_count = min(2 * per_phase - after_count, len(before_pool))
    for pool, anchor, count in (
        (before_pool, QUEUE_ANCHOR_WEEKS[0], before_count),
        (after_pool, QUEUE_ANCHOR_WEEKS[1], after_count),
    ):
        weeks_away = np.abs((pool - anchor).astype(int) // 7)
        chosen.append(pool[np.lexsort((pool, weeks_away))[:count]])
    return np.sort(np.concatenate(chosen))


def _service_minutes(rng: np.random.Generator, service_type: np.ndarray, speed: np.ndarray) -> np.ndarray:
    """Lognormal service times with the type's mean and coefficient of variation SERVICE_CV."""
    sigma = np.sqrt(np.log(1 + SERVICE_CV**2))
    mean = SERVICE_MEAN_MIN[service_type] * speed
    return np.exp(np.log(mean) - sigma**2 / 2 + sigma * rng.standard_normal(len(service_type)))


def simulate_queue_log(universe: Universe, rng: np.random.Generator, scale: float) -> pd.DataFrame:
    """Every counter ticket of the sampled branch-days.

    Arrivals are Poisson with a rate that changes by the hour (the lunch peak 12:00-14:00), by the
    weekday (Mondays busiest) and by the month; each branch serves its tickets first come, first
    served at its counters, so the log obeys Little's law (Little 1961). In smart branches after
    the change fewer customers need a counter and counters serve faster.
    """
    days = queue_days(scale)
    n_branches = len(universe.smart)
    bd_branch = np.repeat(np.arange(n_branches), len(days))
    bd_day = np.tile(days, n_branches)
    changed = universe.changed(bd_branch, bd_day)
    counters = np.where(changed, universe.counters_after[bd_branch], universe.counters_before[bd_branch])
    weekday = (bd_day.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
    month_factor = MONTH_PROFILE[month_index(bd_day) % 12]

    demand = SERVICE_MIX[None, :] * np.where(changed[:, None], SMART_COUNTER_DEMAND[None, :], 1.0)
    capacity_per_hour = universe.counters_before[bd_branch] * 60 / (SERVICE_MIX @ SERVICE_MEAN_MIN)
    tickets_per_hour = BASE_UTILISATION * capacity_per_hour * universe.busyness[bd_branch] * month_factor
    tickets_per_hour *= WEEKDAY_PROFILE[weekday] / WEEKDAY_PROFILE.mean() * demand.sum(axis=1)
    rate = tickets_per_hour[:, None] * (HOUR_PROFILE / HOUR_PROFILE.mean())[None, :]
    counts = rng.poisson(rate)

    cell = np.repeat(np.arange(counts.size), counts.ravel())
    bd, hour = np.divmod(cell, len(HOUR_PROFILE))
    arrival = hour * 3600 + rng.integers(0, 3600, size=len(cell))  # seconds after 09:00
    service_type = choose_rows(rng, (demand / demand.sum(axis=1, keepdims=True))[bd])
    speed = np.where(changed[bd], SMART_SERVICE_SPEED, 1.0)
    service = np.maximum(30, np.rint(_service_minutes(rng, service_type, speed) * 60)).astype(np.int64)

    order = np.lexsort((arrival, bd))
    bd, arrival, service_type, service = bd[order], arrival[order], service_type[order], service[order]
    start, counter, stayed = _serve_first_come_first_served(
        bd, arrival, service, counters, rng.random(len(bd))
    )
    bd, arrival, service_type, service = bd[stayed], arrival[stayed], service_type[stayed], service[stayed]
    start, counter = start[stayed], counter[stayed]

    day = bd_day[bd]
    opening = day.astype("datetime64[s]") + np.timedelta64(9 * 3600, "s")
    frame = pd.DataFrame(
        {
            "branch_id": universe.ids[bd_branch[bd]],
            "branch_type": universe.branch_type[bd_branch[bd]],
            "date": day,
            "weekday": np.array(WEEKDAYS, dtype=object)[weekday[bd]],
            "arrived_at": opening + arrival.astype("timedelta64[s]"),
            "service_start": opening + start.astype("timedelta64[s]"),
            "service_end": opening + (start + service).astype("timedelta64[s]"),
            "service_type": np.array(SERVICE_TYPES, dtype=object)[service_type],
            "counter": counter,
            "wait_minutes": np.round((start - arrival) / 60, 2),
            "service_minutes": np.round(service / 60, 2),
        }
    )
    frame = frame.iloc[np.lexsort((arrival, bd_branch[bd], day))].reset_index(drop=True)
    frame.insert(0, "ticket_id", make_ids("T", len(frame), 6))
    return frame


def _serve_first_come_first_served(
    bd: np.ndarray, arrival: np.ndarray, service: np.ndarray, counters: np.ndarray, patience: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Serve the tickets of every branch-day at its counters, first come, first served.

    Tickets must be sorted by branch-day, then arrival. The k-th customers of all branch-days are
    handled in one vectorised step: a customer who sees a long queue may leave without a ticket
    (``patience`` is a uniform draw per customer compared with a balking chance that grows with
    the queue); everyone else goes to the counter that frees up first.

    Returns the start time, the counter (1-based) and whether the customer stayed, per ticket.
    """
    n_bd = len(counters)
    per_bd = np.bincount(bd, minlength=n_bd)
    first = np.concatenate(([0], np.cumsum(per_bd)[:-1]))
    position = np.arange(len(bd)) - first[bd]
    longest = int(per_bd.max(initial=0))
    arrivals = np.zeros((n_bd, longest), dtype=np.int64)
    services = np.zeros((n_bd, longest), dtype=np.int64)
    patient = np.zeros((n_bd, longest))
    arrivals[bd, position] = arrival
    services[bd, position] = service
    patient[bd, position] = patience

    free_at = np.zeros((n_bd, int(counters.max())), dtype=np.int64)
    free_at[np.arange(free_at.shape[1])[None, :] >= counters[:, None]] = np.iinfo(
        np.int64
    ).max  # no such counter
    starts = np.zeros((n_bd, longest), dtype=np.int64)
    chosen = np.zeros((n_bd, longest), dtype=np.int64)
    stayed = np.zeros((n_bd, longest), dtype=bool)
    # Start times of the customers served so far, in order; FIFO start times never decrease, so
    # a pointer to the first one still waiting only moves forward.
    started = np.zeros((n_bd, longest + 1), dtype=np.int64)
    n_started = np.zeros(n_bd, dtype=np.int64)
    called = np.zeros(n_bd, dtype=np.int64)
    for k in range(longest):
        rows = np.flatnonzero(per_bd > k)
        now = arrivals[rows, k]
        while True:
            moving = (called[rows] < n_started[rows]) & (started[rows, called[rows]] <= now)
            if not moving.any():
                break
            called[rows[moving]] += 1
        waiting = n_started[rows] - called[rows]
        balk_chance = np.clip(
            (waiting - BALK_QUEUE_PER_COUNTER * counters[rows]) / (BALK_SPREAD * counters[rows]), 0, BALK_MAX
        )
        rows = rows[patient[rows, k] >= balk_chance]
        counter = free_at[rows].argmin(axis=1)
        begin = np.maximum(arrivals[rows, k], free_at[rows, counter])
        free_at[rows, counter] = begin + services[rows, k]
        starts[rows, k] = begin
        chosen[rows, k] = counter
        stayed[rows, k] = True
        started[rows, n_started[rows]] = begin
        n_started[rows] += 1
    return starts[bd, position], chosen[bd, position] + 1, stayed[bd, position]
