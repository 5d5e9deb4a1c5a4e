"""One visit's emotion curve scored two ways (Module 2), computed by cxlab.journey."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxlab.journey import journey_curve, peak_end, peak_index

# greeting +1, ticket kiosk 0, long wait -3, teller +1, goodbye +2
VISIT = {"greeting": 1, "kiosk": 0, "waiting": -3, "teller": 1, "goodbye": 2}


def test_curve_scores_the_visit_by_peak_end_and_by_average():
    curve = journey_curve(VISIT)
    assert curve.touchpoints == ("greeting", "kiosk", "waiting", "teller", "goodbye")
    assert (curve.peak_touchpoint, curve.peak) == ("waiting", -3.0)
    assert (curve.end_touchpoint, curve.end) == ("goodbye", 2.0)
    assert curve.peak_end == (-3 + 2) / 2 == peak_end(list(VISIT.values()))
    assert curve.mean == pytest.approx(1 / 5)
    assert curve.pain_points == ("waiting",)


def test_equally_intense_moments_take_the_earliest_as_peak_like_cxlab_journey():
    curve = journey_curve({"a": 3, "b": -3, "c": 0})
    assert curve.peak_touchpoint == "a"
    assert curve.peak_end == peak_end([3, -3, 0]) == 1.5


def test_a_series_in_visit_order_is_accepted():
    curve = journey_curve(pd.Series(VISIT))
    assert curve.end_touchpoint == "goodbye"


@pytest.mark.parametrize("bad, message", [
    ({"greeting": 1, "waiting": -4}, "'waiting' must be a number from -3 to \\+3; got -4"),
    ({"greeting": "good"}, "'greeting' must be a number"),
    ({"greeting": float("nan")}, "'greeting' must be a number"),
    ({}, "ratings is empty"),
])
def test_bad_ratings_are_named_in_the_error(bad, message):
    with pytest.raises(ValueError, match=message):
        journey_curve(bad)


def test_a_list_without_touchpoint_names_is_refused():
    with pytest.raises(TypeError, match="map each touchpoint"):
        journey_curve([1, -3, 2])


def test_peak_index_takes_the_earliest_of_equally_intense_moments():
    assert peak_index([1, -3, 3, 2]) == 1
    assert peak_index([1, -3, 3, 2], peak="max") == 2
    assert peak_index([1, -3, 3, -3], peak="min") == 1


def test_peak_index_refuses_an_unknown_rule():
    with pytest.raises(ValueError, match="peak must be"):
        peak_index([1, 2], peak="highest")


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(-3, 3), min_size=1, max_size=9))
def test_the_curve_and_the_journey_map_mark_the_same_peak_as_peak_end(emotions):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from cxlab.plots import journey_map

    names = [f"t{i}" for i in range(len(emotions))]
    curve = journey_curve(dict(zip(names, emotions)))
    peak_value = emotions[peak_index(emotions)]
    assert curve.peak == peak_value
    assert curve.peak_end == peak_end(emotions) == (peak_value + emotions[-1]) / 2
    ax = journey_map(pd.Series(emotions, index=names), title="visit")
    marks = [a for a in ax.texts if a.get_text().startswith(("Peak", "End"))]
    peak_mark = next(a for a in marks if a.get_text().startswith("Peak"))
    assert peak_mark.xy == (names.index(curve.peak_touchpoint), curve.peak)
    plt.close("all")
