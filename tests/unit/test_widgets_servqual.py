"""The SERVQUAL weights explorer, tested without a browser: what it shows, and that sliders move it.

The weighted score and the order of priorities are tested in test_priorities.py."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")


from cxlab import priorities, servqual, widgets  # noqa: E402

GAPS = {"tangibles": -0.25, "reliability": -1.16, "responsiveness": -0.70, "assurance": -0.49, "empathy": -0.69}
POINTS = {"tangibles": 14, "reliability": 30, "responsiveness": 22, "assurance": 18, "empathy": 16}


def test_html_lists_the_dimensions_in_priority_order_with_the_score():
    shown = widgets.priorities_html(priorities.weighted_priorities(GAPS, POINTS))
    positions = [shown.index(f"<td>{d}</td>") for d in ("reliability", "responsiveness", "empathy", "assurance",
                                                        "tangibles")]
    assert positions == sorted(positions)
    assert f"{servqual.weighted_score(GAPS, POINTS):+.3f}" in shown


def sliders_of(explorer):
    controls, shown, _plot = explorer.children
    return {s.description.rstrip(":"): s for s in controls.children}, shown


def bar_names(explorer):
    ax = explorer.figure.axes[0]
    return [t.get_text() for t in ax.get_yticklabels()]


def test_explorer_starts_from_the_given_points():
    explorer = widgets.servqual_weights_explorer(GAPS, POINTS)
    sliders, shown = sliders_of(explorer)
    assert {d: s.value for d, s in sliders.items()} == POINTS
    assert f"{servqual.weighted_score(GAPS, POINTS):+.3f}" in shown.value
    assert bar_names(explorer)[-1] == "reliability"  # the top bar is the first priority


def test_explorer_starts_from_equal_weights_by_default():
    sliders, _ = sliders_of(widgets.servqual_weights_explorer(GAPS))
    assert {s.value for s in sliders.values()} == {20}


def test_moving_a_slider_changes_the_score_and_the_priority_order():
    explorer = widgets.servqual_weights_explorer(GAPS, POINTS)
    sliders, shown = sliders_of(explorer)
    before = shown.value
    sliders["tangibles"].value = 90
    sliders["reliability"].value = 5
    assert shown.value != before
    expected = servqual.weighted_score(GAPS, {**POINTS, "tangibles": 90, "reliability": 5})
    assert f"{expected:+.3f}" in shown.value
    assert bar_names(explorer)[-1] == "tangibles"


def test_all_sliders_at_zero_show_a_message_instead_of_failing():
    explorer = widgets.servqual_weights_explorer(GAPS, POINTS)
    sliders, shown = sliders_of(explorer)
    for slider in sliders.values():
        slider.value = 0
    assert "weights are all zero" in shown.value
    sliders["empathy"].value = 10  # one weight back: a score again, all of it on empathy
    assert f"{GAPS['empathy']:+.3f}" in shown.value
