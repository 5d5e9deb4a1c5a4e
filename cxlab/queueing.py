"""Queues at the counter: waiting times and staffing for an M/M/c queue (Erlang C).

Customers arrive at random (a Poisson process with ``arrival_rate`` customers per unit of time),
each counter serves ``service_rate`` customers per unit of time on average (exponential service
times), and ``servers`` counters share one queue (a ticket machine). Times come out in the unit of
the rates: rates per minute give waits in minutes.

- :func:`erlang_c` and :func:`servers_needed`: the long-run mean wait and the counters for a target
  mean wait;
- :func:`service_level` and :func:`servers_for_service_level`: the share of customers called within
  a target time ("80% within 10 minutes") and the counters that reach it;
- :func:`simulate_day`: a discrete-event simulation of branch days (with the ``ciw`` library) for
  what the formula assumes away: arrivals that change by the hour, service times that are not
  exponential, a day that starts with an empty branch and ends when the doors close.

The formulas follow Gross, Shortle, Thompson & Harris (2008), chapter 2 (the M/M/c queue).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cxlab._validate import positive_number, show

__all__ = [
    "QueueMetrics", "SimulatedDays", "erlang_c", "servers_for_service_level", "servers_needed", "service_level",
    "simulate_day",
]


@dataclass(frozen=True)
class QueueMetrics:
    """Long-run averages of an M/M/c queue."""

    utilization: float  #: share of time a counter is busy, lambda / (c * mu)
    p_wait: float  #: probability that an arriving customer has to wait (Erlang C)
    lq: float  #: mean number of customers waiting (not yet served)
    wq: float  #: mean wait before service starts
    l: float  #: mean number of customers in the branch, waiting or being served
    w: float  #: mean time in the branch, waiting plus service


def _servers(servers: object) -> int:
    if isinstance(servers, (bool, np.bool_)) or not isinstance(servers, numbers.Real):
        raise TypeError(f"servers must be a whole number of counters; got {show(servers)}")
    if not (math.isfinite(servers) and float(servers).is_integer() and servers >= 1):
        raise ValueError(f"servers must be a whole number of counters, 1 or more; got {show(servers)}")
    return int(servers)


def _metrics(arrival_rate: float, service_rate: float, servers: int, erlang_b: float) -> QueueMetrics:
    offered = arrival_rate / service_rate
    utilization = offered / servers
    p_wait = erlang_b / (1 - utilization * (1 - erlang_b))
    wq = p_wait / (servers * service_rate - arrival_rate)
    w = wq + 1 / service_rate
    return QueueMetrics(
        utilization=utilization,
        p_wait=p_wait,
        lq=arrival_rate * wq,
        wq=wq,
        l=arrival_rate * w,
        w=w,
    )


def _next_erlang_b(erlang_b: float, offered: float, servers: int) -> float:
    # B(c) = a B(c-1) / (c + a B(c-1)), B(0) = 1: stable where a**c / c! would overflow
    return offered * erlang_b / (servers + offered * erlang_b)


def erlang_c(arrival_rate: float, service_rate: float, servers: int) -> QueueMetrics:
    """Waiting-time metrics of an M/M/c queue.

    Parameters
    ----------
    arrival_rate : float
        Customers arriving per unit of time (lambda), e.g. 2 per minute.
    service_rate : float
        Customers one counter serves per unit of time (mu), e.g. 0.5 per minute for a mean
        service of 2 minutes.
    servers : int
        Number of open counters (c).

    Returns
    -------
    QueueMetrics
        ``utilization`` (lambda / (c mu)), ``p_wait`` (probability of waiting at all, Erlang's
        C formula), ``lq`` and ``wq`` (mean queue length and mean wait before service), ``l`` and
        ``w`` (mean number in the branch and mean time in the branch, service included). Times
        are in the unit of the rates.

    Notes
    -----
    ``lq = lambda * wq`` and ``l = lambda * w`` are Little's law; ``w = wq + 1 / mu``. The
    probability of waiting is computed through the Erlang B recursion, which stays accurate for
    hundreds of servers. The formulas hold in the long run for a steady arrival rate; real
    branches have peaks, so apply them hour by hour.

    A utilization of 1 or more raises ``ValueError`` (arrivals exceed capacity: the queue would
    grow without limit), as do rates that are not above zero and a number of servers that is not
    a whole number of at least 1.

    References
    ----------
    * Little, J. D. C. (1961). A proof for the queuing formula L = λW. *Operations Research*, 9(3), 383–387.
    * Gross, D., Shortle, J. F., Thompson, J. M., & Harris, C. M. (2008). *Fundamentals of Queueing
      Theory* (4th ed.). Wiley (section 2.3, the M/M/c queue).

    Examples
    --------
    Two customers a minute, a 2-minute mean service and 5 counters:

    >>> from cxlab.queueing import erlang_c
    >>> queue = erlang_c(arrival_rate=2, service_rate=0.5, servers=5)
    >>> queue.utilization, round(queue.p_wait, 3), round(queue.wq, 2), round(queue.w, 2)
    (0.8, 0.554, 1.11, 3.11)
    """
    arrival_rate = positive_number(arrival_rate, "arrival_rate")
    service_rate = positive_number(service_rate, "service_rate")
    servers = _servers(servers)
    offered = arrival_rate / service_rate
    if not _stable(offered, servers):
        raise ValueError(
            f"arrivals exceed capacity: {arrival_rate:g} customers arrive per unit of time but "
            f"{servers} counter(s) serve at most {servers * service_rate:g} (utilization "
            f"{offered / servers:.2f}; it must be below 1). Open more counters or shorten service"
        )
    erlang_b = 1.0
    for c in range(1, servers + 1):
        erlang_b = _next_erlang_b(erlang_b, offered, c)
    return _metrics(arrival_rate, service_rate, servers, erlang_b)


def _stable(offered: float, servers: int) -> bool:
    """Whether ``servers`` counters keep up with ``offered`` Erlangs of work (utilization below 1)."""
    # 0.3 / 0.1 is 2.9999999999999996 in floating point: 3 counters there are full, not "just"
    # stable. erlang_c and servers_needed share this test so one never picks what the other refuses.
    return offered < servers * (1 - 1e-12)


def servers_needed(arrival_rate: float, service_rate: float, target_wait: float) -> int:
    """Fewest counters that keep the mean wait at or below a target.

    Parameters
    ----------
    arrival_rate : float
        Customers arriving per unit of time (lambda).
    service_rate : float
        Customers one counter serves per unit of time (mu).
    target_wait : float
        Largest acceptable mean wait before service (``wq``), in the unit of the rates.

    Returns
    -------
    int
        The smallest number of servers ``c`` with ``erlang_c(arrival_rate, service_rate, c).wq
        <= target_wait``.

    Notes
    -----
    Only stable staffing levels (utilization below 1) are considered. The target is a mean:
    some customers still wait longer. Rates or a target that are not above zero raise
    ``ValueError``.

    References
    ----------
    * Little, J. D. C. (1961). A proof for the queuing formula L = λW. *Operations Research*, 9(3), 383–387.

    Examples
    --------
    Two customers a minute with a 2-minute service: how many counters keep the mean wait at
    30 seconds or less?

    >>> from cxlab.queueing import servers_needed
    >>> servers_needed(arrival_rate=2, service_rate=0.5, target_wait=0.5)
    6
    """
    arrival_rate = positive_number(arrival_rate, "arrival_rate")
    service_rate = positive_number(service_rate, "service_rate")
    target_wait = positive_number(target_wait, "target_wait")
    offered = arrival_rate / service_rate
    # Walk c upwards carrying Erlang B along, so the search costs one pass however large c gets.
    erlang_b, servers = 1.0, 0
    while True:
        servers += 1
        erlang_b = _next_erlang_b(erlang_b, offered, servers)
        if _stable(offered, servers) and _metrics(arrival_rate, service_rate, servers, erlang_b).wq <= target_wait:
            return servers


def service_level(arrival_rate: float, service_rate: float, servers: int, target_wait: float) -> float:
    """Share of customers (0 to 1) called to a counter within ``target_wait`` in an M/M/c queue.

    Parameters
    ----------
    arrival_rate, service_rate : float
        As in :func:`erlang_c` (customers per unit of time).
    servers : int
        Number of open counters.
    target_wait : float
        The promise, in the unit of the rates ("called within 10 minutes"); 0 gives the share who
        do not wait at all.

    Returns
    -------
    float
        ``P(wait <= target_wait) = 1 - C * exp(-(c * mu - lambda) * t)``, where ``C`` is the Erlang C
        probability of waiting (Gross et al. 2008, section 2.3: the wait of a customer who waits is
        exponential with rate ``c * mu - lambda``).

    Notes
    -----
    The same assumptions as :func:`erlang_c`; an overloaded branch (utilization 1 or more) raises
    ``ValueError``, as does a negative target.

    References
    ----------
    * Gross, D., Shortle, J. F., Thompson, J. M., & Harris, C. M. (2008). *Fundamentals of Queueing
      Theory* (4th ed.). Wiley.

    Examples
    --------
    Two customers a minute, a 2-minute service and 5 counters: how many are called within a minute?

    >>> from cxlab.queueing import service_level
    >>> round(service_level(arrival_rate=2, service_rate=0.5, servers=5, target_wait=1), 3)
    0.664
    """
    target_wait = _non_negative(target_wait, "target_wait")
    queue = erlang_c(arrival_rate, service_rate, servers)
    return float(1 - queue.p_wait * math.exp(-(servers * service_rate - arrival_rate) * target_wait))


def servers_for_service_level(arrival_rate: float, service_rate: float, target_wait: float, share: float) -> int:
    """Fewest counters that call at least ``share`` of the customers within ``target_wait``.

    The staffing rule of a service-level promise ("80% of customers called within 10 minutes"):
    the smallest ``c`` with ``service_level(arrival_rate, service_rate, c, target_wait) >= share``.
    ``share`` must lie between 0 and 1 (not a percentage); rates must be above zero.

    References
    ----------
    * Gross, D., Shortle, J. F., Thompson, J. M., & Harris, C. M. (2008). *Fundamentals of Queueing
      Theory* (4th ed.). Wiley.

    Examples
    --------
    >>> from cxlab.queueing import servers_for_service_level
    >>> servers_for_service_level(arrival_rate=2, service_rate=0.5, target_wait=1, share=0.9)
    7
    """
    arrival_rate = positive_number(arrival_rate, "arrival_rate")
    service_rate = positive_number(service_rate, "service_rate")
    target_wait = _non_negative(target_wait, "target_wait")
    if isinstance(share, (bool, np.bool_)) or not isinstance(share, numbers.Real):
        raise TypeError(f"share must be a number between 0 and 1, such as 0.8 for 80%; got {show(share)}")
    if not 0 < share < 1:
        raise ValueError(f"share must be between 0 and 1 (0.8 means 80% of customers); got {show(share)}")
    servers = math.floor(arrival_rate / service_rate) + 1
    while not _stable(arrival_rate / service_rate, servers):
        servers += 1
    while service_level(arrival_rate, service_rate, servers, target_wait) < share:
        servers += 1
    return servers


def _non_negative(value: object, what: str) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{what} must be a number of minutes; got {show(value)}")
    if not (value >= 0 and math.isfinite(value)):
        raise ValueError(f"{what} must be 0 or more; got {show(value)}")
    return float(value)


@dataclass(frozen=True)
class SimulatedDays:
    """Branch days simulated by :func:`simulate_day`.

    ``tickets`` has one row per simulated customer: ``day`` (1, 2, ...), ``hour`` (the clock hour
    of arrival, e.g. 12 for 12:00-12:59), ``arrived`` (minutes after opening), ``wait`` and
    ``service`` (minutes). ``by_hour`` has, per clock hour, the mean ``arrivals`` a day and the
    ``mean_wait`` of the customers who arrived in that hour.
    """

    tickets: pd.DataFrame
    by_hour: pd.DataFrame
    days: int

    @property
    def mean_wait(self) -> float:
        """Mean wait of every simulated customer, in minutes."""
        return float(self.tickets["wait"].mean())

    def share_within(self, target_wait: float) -> float:
        """Share of simulated customers (0 to 1) called within ``target_wait`` minutes."""
        return float((self.tickets["wait"] <= _non_negative(target_wait, "target_wait")).mean())

    def waiting_by_minute(self, day: int = 1) -> pd.Series:
        """Customers waiting (ticket taken, not yet called) at each whole minute after opening on ``day``."""
        day = _servers_like(day, "day", 1, self.days)
        one = self.tickets[self.tickets["day"] == day]
        arrived = np.sort(one["arrived"].to_numpy())
        called = np.sort((one["arrived"] + one["wait"]).to_numpy())
        minutes = np.arange(int(np.ceil(called.max())) + 1 if len(called) else 1)
        waiting = np.searchsorted(arrived, minutes, "right") - np.searchsorted(called, minutes, "right")
        return pd.Series(waiting, index=pd.Index(minutes, name="minute"), name="waiting")


def _per_hour(values: object, hours: int | None, what: str, whole: bool) -> list[float]:
    """One value an hour: a single number is repeated, a list must have one entry per hour."""
    if isinstance(values, numbers.Real) and not isinstance(values, (bool, np.bool_)):
        values = [values] * (hours or 1)
    if isinstance(values, (str, bytes)) or not isinstance(values, (Sequence, np.ndarray, pd.Series)):
        raise TypeError(f"{what} must be a number or a list with one number per hour; got {show(values)}")
    values = list(values)
    if not values:
        raise ValueError(f"{what} must have at least one hour")
    if hours is not None and len(values) != hours:
        raise ValueError(f"{what} has {len(values)} hours but the arrival rates have {hours}; give one per hour")
    if whole:
        return [_servers(v) for v in values]
    return [positive_number(v, what) for v in values]


def simulate_day(
    arrival_rates,
    mean_service: float,
    counters,
    *,
    service_cv: float = 1.0,
    opens_at: int = 9,
    days: int = 20,
    seed: int = 0,
) -> SimulatedDays:
    """Simulate branch days with a discrete-event simulation (the ``ciw`` library).

    Parameters
    ----------
    arrival_rates : float or list of float
        Customers arriving per **minute**, one number per opening hour (e.g. eight numbers for
        09:00-17:00) or one number for every hour of an eight-hour day. Arrivals are Poisson within
        each hour; the doors close after the last hour, and the customers inside are still served.
    mean_service : float
        Mean service time at a counter, in minutes.
    counters : int or list of int
        Open counters: one number all day, or one per hour (a staffing plan).
    service_cv : float, default 1.0
        Coefficient of variation of the service time (standard deviation / mean). 1.0 gives
        exponential service times, as Erlang C assumes; any other value gives lognormal times with
        this spread (Harbor Bank's counter times have a CV of about 0.9, a mixture of short cash
        services and long loan talks).
    opens_at : int, default 9
        The clock hour of opening, used to label the hours.
    days : int, default 20
        Independent days to simulate (more days, steadier averages).
    seed : int, default 0
        Seed of the random numbers: the same seed gives the same days.

    Returns
    -------
    SimulatedDays
        ``tickets`` (one row per customer), ``by_hour`` (arrivals a day and mean wait by clock hour),
        ``mean_wait`` and ``share_within(minutes)``.

    Notes
    -----
    Each day starts with an empty branch; customers are served first come, first served by
    whichever counter is free (a ticket machine). A counter closed at the hour finishes its customer
    first. Unlike :func:`erlang_c`, the simulation needs no steady state: an hour when arrivals exceed
    capacity simply builds a queue that the quieter hours drain. Customers who leave without a
    ticket when the queue is long are not modelled.

    References
    ----------
    * Palmer, G. I., Knight, V. A., Harper, P. R., & Hawa, A. L. (2019). Ciw: An open-source discrete
      event simulation library. *Journal of Simulation*, 13(1), 68–82.
    * Gross, D., Shortle, J. F., Thompson, J. M., & Harris, C. M. (2008). *Fundamentals of Queueing
      Theory* (4th ed.). Wiley (chapter 8, simulation).

    Examples
    --------
    Two customers a minute, a 2-minute service, 5 counters, a long day: close to Erlang C's 1.11 min.

    >>> from cxlab.queueing import simulate_day
    >>> days = simulate_day([2.0] * 8, mean_service=2, counters=5, days=20, seed=1)
    >>> 0.8 < days.mean_wait < 1.4
    True
    """
    import ciw  # heavy, and only the simulation needs it

    rates = _per_hour(arrival_rates, None, "arrival_rates", whole=False)
    hours = len(rates)
    staffing = _per_hour(counters, hours, "counters", whole=True)
    mean_service = positive_number(mean_service, "mean_service")
    service_cv = positive_number(service_cv, "service_cv")
    days = _servers_like(days, "days", 1, 1000)
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"seed must be a whole number; got {show(seed)}")
    if service_cv == 1.0:
        service = ciw.dists.Exponential(1 / mean_service)
    else:
        sigma2 = math.log(1 + service_cv**2)
        service = ciw.dists.Lognormal(math.log(mean_service) - sigma2 / 2, math.sqrt(sigma2))
    closing = 60.0 * hours
    ends = [60.0 * (h + 1) for h in range(hours)]
    frames = []
    shifts = _shifts(staffing)
    for day in range(1, days + 1):
        ciw.seed(seed * 1000 + day)
        if len(shifts) == 1:
            servers = staffing[0]
        else:
            # ciw adds a shift's counters while the last shift's finish their customers, so only hours
            # where the count changes start a shift; after closing the last count serves who is left.
            servers = ciw.Schedule(numbers_of_servers=[count for count, _ in shifts],
                                   shift_end_dates=[60.0 * end for _, end in shifts[:-1]] + [closing + 10_000.0])
        network = ciw.create_network(
            arrival_distributions=[ciw.dists.PoissonIntervals(rates, ends, closing)],
            service_distributions=[service],
            number_of_servers=[servers],
        )
        simulation = ciw.Simulation(network)
        simulation.simulate_until_max_time(closing + 9_999.0)
        records = [r for r in simulation.get_all_records() if r.record_type == "service"]
        frames.append(pd.DataFrame({
            "day": day,
            "arrived": [r.arrival_date for r in records],
            "wait": [r.waiting_time for r in records],
            "service": [r.service_time for r in records],
        }))
    tickets = pd.concat(frames, ignore_index=True).sort_values(["day", "arrived"], ignore_index=True)
    tickets.insert(1, "hour", opens_at + (tickets["arrived"] // 60).astype(int))
    clock = pd.Index(range(opens_at, opens_at + hours), name="hour")
    by_hour = pd.DataFrame({
        "arrivals": tickets.groupby("hour").size().reindex(clock, fill_value=0) / days,
        "mean_wait": tickets.groupby("hour")["wait"].mean().reindex(clock),
    })
    return SimulatedDays(tickets=tickets, by_hour=by_hour, days=days)


def _shifts(staffing: list[int]) -> list[tuple[int, int]]:
    """(counters, hour the shift ends) for each run of hours with the same number of counters."""
    shifts: list[tuple[int, int]] = []
    for hour, count in enumerate(staffing, start=1):
        if shifts and shifts[-1][0] == count:
            shifts[-1] = (count, hour)
        else:
            shifts.append((count, hour))
    return shifts


def _servers_like(value: object, what: str, low: int, high: int) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral) or not low <= value <= high:
        raise ValueError(f"{what} must be a whole number from {low} to {high}; got {show(value)}")
    return int(value)
