"""The SERVQUAL weights explorer's logic, tested without a browser: score, order, and that sliders move them."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

from cxlab import servqual, widgets  # noqa: E402

GAPS = {"tangibles": -0.25, "reliability": -1.16, "responsiveness": -0.70, "assurance": -0.49, "empathy": -0.69}
POINTS = {"tangibles": 14, "reliability": 30, "responsiveness": 22, "assurance": 18, "empathy": 16}


def test_weighted_score_is_cxlab_servqual_weighted_score():
    result = widgets.weighted_priorities(GAPS, POINTS)
    assert result.weighted_score == pytest.approx(servqual.weighted_score(GAPS, POINTS))
    assert result.weighted_score == pytest.approx(sum(POINTS[d] * GAPS[d] for d in GAPS) / 100)


def test_contributions_add_up_to_the_weighted_score_and_shares_to_one():
    result = widgets.weighted_priorities(GAPS, POINTS)
    assert sum(result.contributions.values()) == pytest.approx(result.weighted_score)
    assert sum(result.shares.values()) == pytest.approx(1)
    assert result.shares["reliability"] == pytest.approx(0.30)


def test_priority_runs_from_the_most_negative_weight_times_gap():
    result = widgets.weighted_priorities(GAPS, POINTS)
    assert result.priority == ("reliability", "responsiveness", "empathy", "assurance", "tangibles")


def test_only_the_proportions_of_the_weights_matter():
    doubled = widgets.weighted_priorities(GAPS, {d: 2 * p for d, p in POINTS.items()})
    assert doubled.weighted_score == pytest.approx(widgets.weighted_priorities(GAPS, POINTS).weighted_score)
    assert doubled.total_points == 200


def test_equal_weights_give_the_plain_mean_of_the_gaps():
    result = widgets.weighted_priorities(GAPS, dict.fromkeys(GAPS, 20))
    assert result.weighted_score == pytest.approx(result.unweighted_score)
    assert result.unweighted_score == pytest.approx(sum(GAPS.values()) / 5)


def test_ties_keep_the_1988_order_of_the_dimensions():
    result = widgets.weighted_priorities(dict.fromkeys(GAPS, -1.0), dict.fromkeys(GAPS, 1))
    assert result.priority == tuple(servqual.DIMENSIONS)


def test_moving_weight_to_tangibles_changes_the_order():
    heavy_tangibles = {**POINTS, "tangibles": 90, "reliability": 5}
    result = widgets.weighted_priorities(GAPS, heavy_tangibles)
    assert result.priority[0] == "tangibles"
    assert result.weighted_score != pytest.approx(widgets.weighted_priorities(GAPS, POINTS).weighted_score)


@pytest.mark.parametrize("weights, message", [
    (dict.fromkeys(GAPS, 0), "weights are all zero"),
    ({**POINTS, "tangibles": -5}, "must not be negative"),
    ({d: p for d, p in POINTS.items() if d != "empathy"}, "no value for the dimension 'empathy'"),
])
def test_bad_weights_raise_the_servqual_message(weights, message):
    with pytest.raises(ValueError, match=message):
        widgets.weighted_priorities(GAPS, weights)


def test_html_lists_the_dimensions_in_priority_order_with_the_score():
    shown = widgets.priorities_html(widgets.weighted_priorities(GAPS, POINTS))
    positions = [shown.index(f"<td>{d}</td>") for d in ("reliability", "responsiveness", "empathy", "assurance",
                                                        "tangibles")]
    assert positions == sorted(positions)
    assert f"{servqual.weighted_score(GAPS, POINTS):+.3f}" in shown


def sliders_of(explorer):
    controls, _plot = explorer.children
    slider_box, shown = controls.children
    return {s.description.rstrip(":"): s for s in slider_box.children}, shown


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
