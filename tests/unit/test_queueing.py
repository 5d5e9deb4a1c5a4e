"""cxlab.queueing: Erlang C metrics of an M/M/c queue and staffing."""

import heapq
import math
from dataclasses import astuple

import numpy as np
import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from cxlab.queueing import erlang_c, servers_needed


def test_erlang_c_of_a_hand_worked_example():
    # lambda = 2 customers/min, mean service 2 min (mu = 0.5/min), c = 5 counters
    # offered load a = 4, utilization rho = 4 / 5 = 0.8
    a, c, rho = 4, 5, 0.8
    waiting_term = a**c / math.factorial(c) / (1 - rho)  # 1024/120 / 0.2 = 42.667
    no_wait_terms = 1 + 4 + 16 / 2 + 64 / 6 + 256 / 24  # sum of a**k / k!, k < c: 34.333
    p_wait = waiting_term / (no_wait_terms + waiting_term)  # 42.667 / 77 = 0.5541
    lq = p_wait * rho / (1 - rho)  # 2.2165 customers waiting
    wq = lq / 2  # Little's law: 1.1082 minutes
    w = wq + 1 / 0.5  # 3.1082 minutes
    result = erlang_c(arrival_rate=2, service_rate=0.5, servers=5)
    assert result.utilization == pytest.approx(0.8)
    assert result.p_wait == pytest.approx(p_wait) and result.p_wait == pytest.approx(0.55411, abs=1e-5)
    assert result.lq == pytest.approx(lq)
    assert result.wq == pytest.approx(wq) and result.wq == pytest.approx(1.10823, abs=1e-5)
    assert result.w == pytest.approx(w)
    assert result.l == pytest.approx(2 * w)


def test_a_single_counter_is_the_m_m_1_queue():
    # M/M/1: P(wait) = rho, Wq = rho / (mu - lambda)
    result = erlang_c(arrival_rate=3, service_rate=4, servers=1)
    assert result.p_wait == pytest.approx(0.75)
    assert result.wq == pytest.approx(0.75 / (4 - 3))
    assert result.l == pytest.approx(0.75 / (1 - 0.75))


def test_many_servers_stay_finite_and_accurate():
    # a**c / c! overflows a float near c = 170; the Erlang B recursion does not
    result = erlang_c(arrival_rate=450, service_rate=1, servers=500)
    assert all(math.isfinite(value) for value in astuple(result))
    assert 0 < result.p_wait < 0.05


def test_servers_needed_is_the_smallest_count_meeting_the_target():
    # with lambda = 2, mu = 0.5: 5 counters wait 1.108 min, 6 counters wait about 0.19 min
    assert servers_needed(2, 0.5, target_wait=1.2) == 5
    assert servers_needed(2, 0.5, target_wait=1.0) == 6
    assert erlang_c(2, 0.5, 6).wq <= 1.0 < erlang_c(2, 0.5, 5).wq


def test_servers_needed_never_proposes_an_overloaded_branch():
    # even a generous target needs more counters than the offered load of 4
    assert servers_needed(2, 0.5, target_wait=1000) == 5


@given(st.floats(0.1, 50), st.floats(0.1, 5), st.floats(0.01, 10))
@example(1.9, 0.1, 8.0)  # 1.9 / 0.1 rounds just below 19: 19 counters are full, not stable
def test_servers_needed_meets_the_target_and_one_fewer_does_not(arrival, service, target):
    c = servers_needed(arrival, service, target)
    assert erlang_c(arrival, service, c).wq <= target
    if c > 1:
        try:
            fewer = erlang_c(arrival, service, c - 1)
        except ValueError:
            return  # one counter fewer cannot keep up at all
        assert fewer.wq > target


@given(st.floats(0.1, 20), st.floats(0.1, 5), st.integers(1, 60))
def test_littles_law_and_the_service_time_tie_the_metrics_together(arrival, service, servers):
    assume(arrival / service < servers * 0.999)
    result = erlang_c(arrival, service, servers)
    assert 0 <= result.p_wait <= 1
    assert result.lq == pytest.approx(arrival * result.wq)
    assert result.l == pytest.approx(arrival * result.w)
    assert result.w == pytest.approx(result.wq + 1 / service)


def simulate_mmc(arrival_rate, service_rate, servers, customers, seed):
    """First-come-first-served M/M/c: mean wait and share of customers who wait."""
    rng = np.random.default_rng(seed)
    arrivals = np.cumsum(rng.exponential(1 / arrival_rate, customers))
    services = rng.exponential(1 / service_rate, customers)
    free_at = [0.0] * servers  # when each counter next becomes free
    waits = np.empty(customers)
    for i, (arrival, service) in enumerate(zip(arrivals.tolist(), services.tolist())):
        start = max(arrival, heapq.heappop(free_at))
        waits[i] = start - arrival
        heapq.heappush(free_at, start + service)
    waits = waits[customers // 10 :]  # drop the warm-up from an empty branch
    return waits.mean(), (waits > 0).mean()


def test_erlang_c_agrees_with_a_simulated_branch():
    mean_wait, share_waiting = simulate_mmc(2, 0.5, 5, customers=200_000, seed=20240101)
    theory = erlang_c(2, 0.5, 5)
    assert mean_wait == pytest.approx(theory.wq, rel=0.06)
    assert share_waiting == pytest.approx(theory.p_wait, rel=0.03)


# --- errors --------------------------------------------------------------------------------


def test_arrivals_exceeding_capacity_is_an_error():
    with pytest.raises(ValueError, match="arrivals exceed capacity"):
        erlang_c(arrival_rate=3, service_rate=0.5, servers=5)


def test_a_utilization_of_exactly_1_is_an_error():
    with pytest.raises(ValueError, match=r"arrivals exceed capacity.*utilization 1\.00"):
        erlang_c(arrival_rate=0.3, service_rate=0.1, servers=3)


@pytest.mark.parametrize(("arrival", "service"), [(0, 1), (-2, 1), (2, 0), (2, -0.5), (float("nan"), 1)])
def test_non_positive_rates_are_an_error(arrival, service):
    with pytest.raises(ValueError, match="_rate must be a number greater than 0"):
        erlang_c(arrival, service, 3)


@pytest.mark.parametrize("servers", [0, -1, 2.5])
def test_servers_must_be_a_positive_whole_number(servers):
    with pytest.raises(ValueError, match="servers must be a whole number of counters, 1 or more"):
        erlang_c(1, 1, servers)


def test_a_text_rate_is_a_type_error():
    with pytest.raises(TypeError, match="arrival_rate must be a number"):
        erlang_c("2", 1, 3)


@pytest.mark.parametrize("target", [0, -1])
def test_a_target_wait_that_is_not_positive_is_an_error(target):
    with pytest.raises(ValueError, match="target_wait must be a number greater than 0"):
        servers_needed(2, 0.5, target)
