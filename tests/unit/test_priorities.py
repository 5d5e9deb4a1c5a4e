"""Which SERVQUAL dimension to fix first (Module 4): weighted gaps as priorities, computed by
cxlab.priorities."""

from __future__ import annotations

import pytest

from cxlab import servqual
from cxlab.priorities import weighted_priorities

GAPS = {"tangibles": -0.25, "reliability": -1.16, "responsiveness": -0.70, "assurance": -0.49, "empathy": -0.69}
POINTS = {"tangibles": 14, "reliability": 30, "responsiveness": 22, "assurance": 18, "empathy": 16}


def test_weighted_score_is_cxlab_servqual_weighted_score():
    result = weighted_priorities(GAPS, POINTS)
    assert result.weighted_score == pytest.approx(servqual.weighted_score(GAPS, POINTS))
    assert result.weighted_score == pytest.approx(sum(POINTS[d] * GAPS[d] for d in GAPS) / 100)


def test_contributions_add_up_to_the_weighted_score_and_shares_to_one():
    result = weighted_priorities(GAPS, POINTS)
    assert sum(result.contributions.values()) == pytest.approx(result.weighted_score)
    assert sum(result.shares.values()) == pytest.approx(1)
    assert result.shares["reliability"] == pytest.approx(0.30)


def test_priority_runs_from_the_most_negative_weight_times_gap():
    result = weighted_priorities(GAPS, POINTS)
    assert result.priority == ("reliability", "responsiveness", "empathy", "assurance", "tangibles")


def test_only_the_proportions_of_the_weights_matter():
    doubled = weighted_priorities(GAPS, {d: 2 * p for d, p in POINTS.items()})
    assert doubled.weighted_score == pytest.approx(weighted_priorities(GAPS, POINTS).weighted_score)
    assert doubled.total_points == 200


def test_equal_weights_give_the_plain_mean_of_the_gaps():
    result = weighted_priorities(GAPS, dict.fromkeys(GAPS, 20))
    assert result.weighted_score == pytest.approx(result.unweighted_score)
    assert result.unweighted_score == pytest.approx(sum(GAPS.values()) / 5)


def test_ties_keep_the_1988_order_of_the_dimensions():
    result = weighted_priorities(dict.fromkeys(GAPS, -1.0), dict.fromkeys(GAPS, 1))
    assert result.priority == tuple(servqual.DIMENSIONS)


def test_moving_weight_to_tangibles_changes_the_order():
    heavy_tangibles = {**POINTS, "tangibles": 90, "reliability": 5}
    result = weighted_priorities(GAPS, heavy_tangibles)
    assert result.priority[0] == "tangibles"
    assert result.weighted_score != pytest.approx(weighted_priorities(GAPS, POINTS).weighted_score)


@pytest.mark.parametrize("weights, message", [
    (dict.fromkeys(GAPS, 0), "weights are all zero"),
    ({**POINTS, "tangibles": -5}, "must not be negative"),
    ({d: p for d, p in POINTS.items() if d != "empathy"}, "no value for the dimension 'empathy'"),
])
def test_bad_weights_raise_the_servqual_message(weights, message):
    with pytest.raises(ValueError, match=message):
        weighted_priorities(GAPS, weights)
