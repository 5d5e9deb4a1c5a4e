"""The journey explorer, tested without a browser: the scores shown, and that a slider moves them.

The curve's scores themselves are tested in test_journey_curve.py."""

from __future__ import annotations

from cxlab import widgets
from cxlab.journey import journey_curve, peak_end

# greeting +1, ticket kiosk 0, long wait -3, teller +1, goodbye +2
VISIT = {"greeting": 1, "kiosk": 0, "waiting": -3, "teller": 1, "goodbye": 2}


def test_html_shows_both_scores_and_the_peak():
    shown = widgets.journey_curve_html(journey_curve(VISIT))
    assert "-0.50" in shown and "+0.20" in shown and "waiting (-3)" in shown


def sliders_of(explorer):
    controls, scores, _plot = explorer.children
    return {s.description.rstrip(":"): s for s in controls.children}, scores


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
