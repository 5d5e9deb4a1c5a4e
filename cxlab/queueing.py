"""Queues at the counter: waiting times and staffing for an M/M/c queue (Erlang C).

Customers arrive at random (a Poisson process with ``arrival_rate`` customers per unit of time),
each counter serves ``service_rate`` customers per unit of time on average (exponential service
times), and ``servers`` counters share one queue (a ticket machine). Times come out in the unit of
the rates: rates per minute give waits in minutes.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

import numpy as np

from cxlab._validate import positive_number, show

__all__ = ["QueueMetrics", "erlang_c", "servers_needed"]


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
