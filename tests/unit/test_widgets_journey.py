"""The journey explorer's logic, tested without a browser: the scores shown, and that a slider moves them."""

from __future__ import annotations

import pandas as pd
import pytest

from cxlab import widgets
from cxlab.journey import peak_end

# greeting +1, ticket kiosk 0, long wait -3, teller +1, goodbye +2
VISIT = {"greeting": 1, "kiosk": 0, "waiting": -3, "teller": 1, "goodbye": 2}


def test_curve_scores_the_visit_by_peak_end_and_by_average():
    curve = widgets.journey_curve(VISIT)
    assert curve.touchpoints == ("greeting", "kiosk", "waiting", "teller", "goodbye")
    assert (curve.peak_touchpoint, curve.peak) == ("waiting", -3.0)
    assert (curve.end_touchpoint, curve.end) == ("goodbye", 2.0)
    assert curve.peak_end == (-3 + 2) / 2 == peak_end(list(VISIT.values()))
    assert curve.mean == pytest.approx(1 / 5)
    assert curve.pain_points == ("waiting",)


def test_equally_intense_moments_take_the_earliest_as_peak_like_cxlab_journey():
    curve = widgets.journey_curve({"a": 3, "b": -3, "c": 0})
    assert curve.peak_touchpoint == "a"
    assert curve.peak_end == peak_end([3, -3, 0]) == 1.5


def test_a_series_in_visit_order_is_accepted():
    curve = widgets.journey_curve(pd.Series(VISIT))
    assert curve.end_touchpoint == "goodbye"


@pytest.mark.parametrize("bad, message", [
    ({"greeting": 1, "waiting": -4}, "'waiting' must be a number from -3 to \\+3; got -4"),
    ({"greeting": "good"}, "'greeting' must be a number"),
    ({"greeting": float("nan")}, "'greeting' must be a number"),
    ({}, "ratings is empty"),
])
def test_bad_ratings_are_named_in_the_error(bad, message):
    with pytest.raises(ValueError, match=message):
        widgets.journey_curve(bad)


def test_a_list_without_touchpoint_names_is_refused():
    with pytest.raises(TypeError, match="map each touchpoint"):
        widgets.journey_curve([1, -3, 2])


def test_html_shows_both_scores_and_the_peak():
    shown = widgets.journey_curve_html(widgets.journey_curve(VISIT))
    assert "-0.50" in shown and "+0.20" in shown and "waiting (-3)" in shown


def sliders_of(explorer):
    controls, _plot = explorer.children
    slider_box, scores = controls.children
    return {s.description.rstrip(":"): s for s in slider_box.children}, scores


def curve_line(explorer):
    ax = explorer.figure.axes[0]
    return next(line for line in ax.get_lines() if line.get_label() == "emotion curve")


def test_explorer_starts_from_the_given_ratings():
    explorer = widgets.journey_explorer(VISIT)
    sliders, scores = sliders_of(explorer)
    assert {name: s.value for name, s in sliders.items()} == VISIT
    assert "-0.50" in scores.value
    assert list(curve_line(explorer).get_ydata()) == [1, 0, -3, 1, 2]


def test_moving_a_slider_changes_the_scores_and_redraws_the_curve():
    explorer = widgets.journey_explorer(VISIT)
    sliders, scores = sliders_of(explorer)
    before = scores.value
    sliders["goodbye"].value = -2  # a rude goodbye: the end turns negative
    assert scores.value != before
    assert f"{peak_end([1, 0, -3, 1, -2]):+.2f}" in scores.value  # -2.50
    assert list(curve_line(explorer).get_ydata()) == [1, 0, -3, 1, -2]


def test_softening_the_wait_moves_the_peak_to_another_touchpoint():
    explorer = widgets.journey_explorer(VISIT)
    sliders, scores = sliders_of(explorer)
    sliders["waiting"].value = -1
    assert "goodbye (+2)" in scores.value  # the goodbye is now the most intense moment
    assert "+2.00" in scores.value  # peak and end are both +2
