"""Waiting at the counter, read from a queue log: the profile by hour, Little's law, a staffing plan.

A queue log has one row per ticket: when the customer took it (``arrived_at``), when a counter
called it (``service_start``) and when the service ended (``service_end``), with ``wait_minutes`` and
``service_minutes`` — the ``queue_log`` table of the course data. The functions here turn it into
what a branch manager plans with; the queueing formulas themselves are in :mod:`cxlab.queueing`.

- :func:`wait_by_hour_and_weekday`: the mean wait of each hour of each weekday (the peaks);
- :func:`hourly_demand`: arrivals a minute, service time and wait by clock hour, per branch-day;
- :func:`littles_law`: L = λW checked on each branch-day, against a head count taken every minute;
- :func:`staffing_plan`: the counters each hour needs for a target mean wait (Erlang C);
- :func:`branch_day`: one branch's day by the formula and by simulation side by side (what the
  Module 6 explorer shows).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dataclasses import dataclass

from cxlab._validate import positive_number, require_columns
from cxlab.queueing import QueueMetrics, SimulatedDays, _servers, erlang_c, servers_needed, service_level, simulate_day

__all__ = ["BranchDay", "branch_day", "hourly_demand", "littles_law", "staffing_plan", "wait_by_hour_and_weekday"]

#: Opening hours of a Harbor Bank branch (09:00-17:00) and the lunch hours a peak falls on.
OPENING_HOURS = tuple(range(9, 17))
LUNCH_HOURS = (12, 13)

_TIMES = ("branch_id", "date", "arrived_at", "service_start", "wait_minutes")


def _log(log: pd.DataFrame, columns) -> pd.DataFrame:
    if not isinstance(log, pd.DataFrame):
        raise TypeError(f"pass the queue_log table (a DataFrame), not a {type(log).__name__}")
    require_columns(log, columns, "queue_log")
    if log.empty:
        raise ValueError("the queue log has no tickets; check the rows you selected")
    return log


def wait_by_hour_and_weekday(log: pd.DataFrame) -> pd.DataFrame:
    """Mean wait in minutes for each weekday (rows) and clock hour of arrival (columns).

    Parameters
    ----------
    log : pandas.DataFrame
        A queue log with ``weekday``, ``arrived_at`` and ``wait_minutes`` (the ``queue_log`` table or
        some of its rows).

    Returns
    -------
    pandas.DataFrame
        One row per weekday present (in the weekday order), one column per hour (9 = 09:00-09:59).

    References
    ----------
    * Maister, D. H. (1985). The psychology of waiting lines. In J. A. Czepiel, M. R. Solomon, &
      C. F. Surprenant (Eds.), *The Service Encounter* (pp. 113–123). Lexington Books.

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"weekday": ["Monday", "Monday", "Tuesday"],
    ...                     "arrived_at": pd.to_datetime(["2025-05-12 09:10", "2025-05-12 12:30", "2025-05-13 12:05"]),
    ...                     "wait_minutes": [2.0, 14.0, 6.0]})
    >>> wait_by_hour_and_weekday(log)  # doctest: +NORMALIZE_WHITESPACE
    hour       9     12
    weekday
    Monday   2.0  14.0
    Tuesday  NaN   6.0
    """
    log = _log(log, ("weekday", "arrived_at", "wait_minutes"))
    hour = log["arrived_at"].dt.hour.rename("hour")
    table = log.groupby([log["weekday"], hour], observed=True)["wait_minutes"].mean().unstack("hour")
    table.columns.name = "hour"
    return table


def hourly_demand(log: pd.DataFrame) -> pd.DataFrame:
    """What each clock hour asks of the counters, averaged over the branch-days in the log.

    Parameters
    ----------
    log : pandas.DataFrame
        A queue log with ``branch_id``, ``date``, ``arrived_at``, ``wait_minutes`` and
        ``service_minutes``; usually one branch in one week.

    Returns
    -------
    pandas.DataFrame
        Indexed by the clock hour of arrival (9 = 09:00-09:59), with ``tickets_per_day`` (tickets
        in that hour per branch-day), ``arrival_rate`` (customers per minute: tickets_per_day / 60),
        ``mean_service`` and ``service_cv`` (mean service minutes of those tickets and their
        coefficient of variation) and ``mean_wait`` (minutes).

    Notes
    -----
    Branch-days are counted over the whole log, so an hour without tickets on some day still
    averages over every day. Customers who left without a ticket are not in a log, so the arrival
    rate is the rate of customers who stayed.

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"branch_id": "HB01", "date": pd.to_datetime(["2025-05-12"] * 3 + ["2025-05-13"]),
    ...                     "arrived_at": pd.to_datetime(["2025-05-12 09:05", "2025-05-12 09:40", "2025-05-12 10:15",
    ...                                                   "2025-05-13 09:20"]),
    ...                     "wait_minutes": [0.0, 3.0, 1.0, 0.0], "service_minutes": [10.0, 12.0, 8.0, 14.0]})
    >>> hourly_demand(log)[["tickets_per_day", "arrival_rate", "mean_service"]].round(3)  # doctest: +NORMALIZE_WHITESPACE
          tickets_per_day  arrival_rate  mean_service
    hour
    9                 1.5         0.025          12.0
    10                0.5         0.008           8.0
    """
    log = _log(log, ("branch_id", "date", "arrived_at", "wait_minutes", "service_minutes"))
    branch_days = log[["branch_id", "date"]].drop_duplicates().shape[0]
    hour = log["arrived_at"].dt.hour.rename("hour")
    grouped = log.groupby(hour)
    table = pd.DataFrame({
        "tickets_per_day": grouped.size() / branch_days,
        "mean_service": grouped["service_minutes"].mean(),
        "service_cv": grouped["service_minutes"].std() / grouped["service_minutes"].mean(),
        "mean_wait": grouped["wait_minutes"].mean(),
    })
    table.insert(1, "arrival_rate", table["tickets_per_day"] / 60)
    return table


def littles_law(log: pd.DataFrame) -> pd.DataFrame:
    """Little's law, L = λW, checked on each branch-day of a queue log.

    For each branch-day the window runs from the first arrival to the last call to a counter.
    ``arrival_rate`` (λ) is the tickets divided by the window's minutes, ``mean_wait`` (W) the
    mean of ``wait_minutes``, and ``waiting_predicted`` = λ × W. ``waiting_counted`` is measured
    independently, the way a lobby manager would: the number of customers waiting (ticket taken,
    not yet called) counted at every whole minute of the window, averaged.

    Parameters
    ----------
    log : pandas.DataFrame
        A queue log with ``branch_id``, ``date``, ``arrived_at``, ``service_start`` and
        ``wait_minutes``.

    Returns
    -------
    pandas.DataFrame
        One row per (``branch_id``, ``date``) with ``tickets``, ``window_minutes``,
        ``arrival_rate``, ``mean_wait``, ``waiting_predicted`` and ``waiting_counted``.

    Notes
    -----
    Little (1961) proved that for any queue that empties, the long-run average number in it equals
    the arrival rate times the mean time spent in it, whatever the arrival and service patterns.
    The two columns therefore differ only because a head count once a minute is a sample of the
    queue, not its exact average.

    References
    ----------
    * Little, J. D. C. (1961). A proof for the queuing formula L = λW. *Operations Research*, 9(3), 383–387.

    Examples
    --------
    Three customers in 10 minutes; the second waits 4 minutes, the others not at all:

    >>> import pandas as pd
    >>> at = lambda minutes: pd.Timestamp("2025-05-12 09:00") + pd.to_timedelta(minutes, unit="min")
    >>> log = pd.DataFrame({"branch_id": "HB01", "date": pd.Timestamp("2025-05-12"),
    ...                     "arrived_at": [at(0), at(2), at(6)], "service_start": [at(0), at(6), at(10)],
    ...                     "wait_minutes": [0.0, 4.0, 4.0]})
    >>> row = littles_law(log).iloc[0]
    >>> [round(float(row[c]), 3) for c in ("arrival_rate", "mean_wait", "waiting_predicted", "waiting_counted")]
    [0.3, 2.667, 0.8, 0.8]
    """
    log = _log(log, _TIMES)
    rows = []
    for (branch, day), tickets in log.groupby(["branch_id", "date"], observed=True, sort=True):
        start, end = tickets["arrived_at"].min(), tickets["service_start"].max()
        window = (end - start).total_seconds() / 60
        if window <= 0:
            continue
        minutes = start + pd.to_timedelta(np.arange(int(np.floor(window))), unit="min")
        arrived = np.sort(tickets["arrived_at"].to_numpy())
        called = np.sort(tickets["service_start"].to_numpy())
        # waiting at t: ticket taken at or before t, not yet called at t
        waiting = np.searchsorted(arrived, minutes.to_numpy(), "right") - np.searchsorted(called, minutes.to_numpy(), "right")
        rate = len(tickets) / window
        mean_wait = float(tickets["wait_minutes"].mean())
        rows.append((branch, day, len(tickets), window, rate, mean_wait, rate * mean_wait, float(waiting.mean())))
    columns = ["branch_id", "date", "tickets", "window_minutes", "arrival_rate", "mean_wait", "waiting_predicted",
               "waiting_counted"]
    return pd.DataFrame(rows, columns=columns).set_index(["branch_id", "date"])


def staffing_plan(demand: pd.DataFrame, target_wait: float, *, counters=None, mean_service=None) -> pd.DataFrame:
    """Counters each hour needs to keep the mean wait at or below ``target_wait`` (Erlang C).

    Parameters
    ----------
    demand : pandas.DataFrame
        One row per hour with ``arrival_rate`` (customers per minute) and ``mean_service``
        (minutes) — the table :func:`hourly_demand` returns.
    target_wait : float
        The largest acceptable mean wait, in minutes.
    counters : int, optional
        Today's counters; adds ``wait_now``, Erlang C's mean wait with them (empty where they cannot
        keep up: utilization 1 or more).
    mean_service : float, optional
        One service time (minutes) for every hour instead of each hour's own mean: a service does not
        take longer at noon, and an hour's few tickets give a noisy mean.

    Returns
    -------
    pandas.DataFrame
        ``demand``'s ``arrival_rate`` and ``mean_service``, the ``offered_load`` (arrival rate ×
        service time: the counters kept busy on average), ``counters_needed`` and ``wait_needed``
        (the mean wait with that many), and ``wait_now`` if ``counters`` is given.

    Notes
    -----
    Each hour is treated as if it lasted long enough to settle (a steady state): Erlang C knows
    nothing of the queue left over from the hour before. At a lunch peak that matters; compare with
    :func:`cxlab.queueing.simulate_day`.

    References
    ----------
    * Gross, D., Shortle, J. F., Thompson, J. M., & Harris, C. M. (2008). *Fundamentals of Queueing
      Theory* (4th ed.). Wiley.

    Examples
    --------
    >>> import pandas as pd
    >>> demand = pd.DataFrame({"arrival_rate": [0.15, 0.30], "mean_service": [16.0, 16.0]},
    ...                       index=pd.Index([9, 12], name="hour"))
    >>> staffing_plan(demand, target_wait=5, counters=4)[["offered_load", "counters_needed", "wait_now"]].round(2)  # doctest: +NORMALIZE_WHITESPACE
          offered_load  counters_needed  wait_now
    hour
    9              2.4                4      2.87
    12             4.8                7       NaN
    """
    if not isinstance(demand, pd.DataFrame):
        raise TypeError(f"demand must be a table (DataFrame) such as hourly_demand(log) returns, not {type(demand).__name__}")
    require_columns(demand, ("arrival_rate", "mean_service"), "hourly_demand(log)")
    target_wait = positive_number(target_wait, "target_wait")
    table = demand[["arrival_rate", "mean_service"]].astype(float).copy()
    if mean_service is not None:
        table["mean_service"] = positive_number(mean_service, "mean_service")
    if counters is not None:
        counters = _servers(counters)
    table["offered_load"] = table["arrival_rate"] * table["mean_service"]
    needed, wait_needed, wait_now = [], [], []
    for rate, service in zip(table["arrival_rate"], table["mean_service"]):
        count = servers_needed(rate, 1 / service, target_wait)
        needed.append(count)
        wait_needed.append(erlang_c(rate, 1 / service, count).wq)
        if counters is not None:
            try:
                wait_now.append(erlang_c(rate, 1 / service, counters).wq)
            except ValueError as error:
                if "arrivals exceed capacity" not in str(error):
                    raise
                wait_now.append(np.nan)
    table["counters_needed"] = needed
    table["wait_needed"] = wait_needed
    if counters is not None:
        table["wait_now"] = wait_now
    return table


@dataclass(frozen=True)
class BranchDay:
    """A branch's day by Erlang C and by simulation (see :func:`branch_day`)."""

    arrival_rates: pd.Series  #: customers per minute by clock hour
    erlang: QueueMetrics | None  #: Erlang C at the day's average rate; None if the counters cannot keep up
    service_level: float | None  #: Erlang C share called within the target; None if overloaded
    simulated: SimulatedDays  #: the simulated days
    target_wait: float  #: the promise, in minutes

    @property
    def simulated_share_within(self) -> float:
        """Share of simulated customers called within the target."""
        return self.simulated.share_within(self.target_wait)


def branch_day(customers_per_hour: float, mean_service: float, counters: int, *, target_wait: float = 10,
               lunch_peak: float = 1.0, service_cv: float = 0.9, days: int = 10, seed: int = 0) -> BranchDay:
    """A branch's day by the Erlang C formula and by a discrete-event simulation, side by side.

    Parameters
    ----------
    customers_per_hour : float
        Customers taking a ticket in an average hour (the day has eight: 09:00-17:00).
    mean_service : float
        Mean minutes at the counter.
    counters : int
        Open counters all day.
    target_wait : float, default 10
        The promise ("called within 10 minutes"), in minutes.
    lunch_peak : float, default 1.0
        How much busier 12:00-14:00 is than the other hours (1.3 = 30% busier); the day's total
        stays ``8 * customers_per_hour``.
    service_cv, days, seed
        Passed to :func:`cxlab.queueing.simulate_day` (0.9 is the spread of Harbor Bank's counter
        times).

    Returns
    -------
    BranchDay
        ``erlang`` (Erlang C at the day's average rate, or None when ``counters`` cannot keep up),
        ``service_level`` (Erlang C's share called within the target), and ``simulated`` (the days
        simulated with the hourly rates and non-exponential service).

    References
    ----------
    * Gross, D., Shortle, J. F., Thompson, J. M., & Harris, C. M. (2008). *Fundamentals of Queueing
      Theory* (4th ed.). Wiley.

    Examples
    --------
    >>> day = branch_day(customers_per_hour=10, mean_service=16, counters=4, lunch_peak=1.3, days=5)
    >>> round(day.erlang.utilization, 3), round(day.erlang.wq, 1)
    (0.667, 4.5)
    >>> [round(r * 60, 1) for r in day.arrival_rates.loc[[11, 12]]]
    [9.3, 12.1]
    """
    customers_per_hour = positive_number(customers_per_hour, "customers_per_hour")
    lunch_peak = positive_number(lunch_peak, "lunch_peak")
    target_wait = positive_number(target_wait, "target_wait")
    counters = _servers(counters)
    shape = pd.Series([lunch_peak if hour in LUNCH_HOURS else 1.0 for hour in OPENING_HOURS],
                      index=pd.Index(OPENING_HOURS, name="hour"))
    rates = customers_per_hour / 60 * shape / shape.mean()
    mean_rate = customers_per_hour / 60
    try:
        erlang = erlang_c(mean_rate, 1 / mean_service, counters)
        level = service_level(mean_rate, 1 / mean_service, counters, target_wait)
    except ValueError as error:
        if "arrivals exceed capacity" not in str(error):
            raise
        erlang, level = None, None
    simulated = simulate_day(list(rates), mean_service, counters, service_cv=service_cv, days=days, seed=seed)
    return BranchDay(arrival_rates=rates, erlang=erlang, service_level=level, simulated=simulated,
                     target_wait=target_wait)
