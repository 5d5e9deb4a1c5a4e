"""The radar and the importance-performance chart draw what a trainer points at: shapes, cross-hairs, quadrants."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from cxlab.ipa import quadrants  # noqa: E402
from cxlab.plots import ipa_chart, radar  # noqa: E402

DIMENSIONS = ["tangibles", "reliability", "responsiveness", "assurance", "empathy"]
GAPS = pd.DataFrame(
    {"smart": [-0.07, -1.16, -0.53, -0.52, -0.73], "traditional": [-0.35, -1.15, -0.78, -0.49, -0.63]},
    index=DIMENSIONS,
)
IMPORTANCE = pd.Series([13.7, 30.1, 22.0, 18.2, 16.0], index=DIMENSIONS)
PERFORMANCE = pd.Series([-0.25, -1.16, -0.70, -0.49, -0.69], index=DIMENSIONS)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def polygons(ax):
    return {line.get_label(): line for line in ax.get_lines() if not line.get_label().startswith("_")}


def test_radar_draws_one_closed_polygon_per_column():
    ax = radar(GAPS, title="Gaps", rlabel="Gap P - E (points)")
    lines = polygons(ax)
    assert {"smart", "traditional"} <= set(lines)
    for column in GAPS.columns:
        radii = list(lines[column].get_ydata())
        assert radii == list(GAPS[column]) + [GAPS[column].iloc[0]], f"{column}: the polygon must close"


def test_radar_spokes_run_clockwise_from_the_top_in_index_order():
    ax = radar(GAPS, title="Gaps", rlabel="Gap P - E (points)")
    assert [t.get_text() for t in ax.get_xticklabels()] == DIMENSIONS
    angles = np.asarray(polygons(ax)["smart"].get_xdata())[:-1]
    assert np.allclose(angles, np.linspace(0, 2 * np.pi, 5, endpoint=False))
    assert ax.get_theta_direction() == -1 and ax.get_theta_offset() == pytest.approx(np.pi / 2)


def test_radar_has_a_title_a_scale_label_and_the_given_limits():
    ax = radar(GAPS, title="Gaps by branch type", rlabel="Gap P - E (points)", rlim=(-1.4, 0.2))
    assert ax.get_title() == "Gaps by branch type"
    assert ax.get_xlabel() == "Gap P - E (points)"
    assert ax.get_ylim() == pytest.approx((-1.4, 0.2))


def test_radar_reference_ring_marks_no_gap():
    ax = radar(GAPS, title="Gaps", rlabel="Gap (points)", reference=0, reference_label="no gap (P = E)")
    ring = polygons(ax)["no gap (P = E)"]
    assert set(np.asarray(ring.get_ydata())) == {0}
    bottom, top = ax.get_ylim()
    assert bottom < GAPS.min().min() and top > 0, "the default limits must show the data and the ring"


def test_radar_of_a_series_draws_one_polygon_with_values_written():
    ax = radar(PERFORMANCE.rename("all branches"), title="Gaps", rlabel="Gap (points)", decimals=2)
    assert "all branches" in polygons(ax)
    assert {"-1.16", "-0.25"} <= {t.get_text() for t in ax.texts}


def test_radar_errors_name_the_problem():
    with pytest.raises(ValueError, match="at least 3 spokes"):
        radar(GAPS.iloc[:2], title="x", rlabel="y")
    with pytest.raises(ValueError, match="no number for spoke 'empathy' in 'smart'"):
        radar(GAPS.assign(smart=[-0.1, -1, -0.5, -0.5, np.nan]), title="x", rlabel="y")
    with pytest.raises(TypeError, match="Series or DataFrame"):
        radar([1, 2, 3], title="x", rlabel="y")
    _, flat = plt.subplots()
    with pytest.raises(ValueError, match="polar Axes"):
        radar(GAPS, title="x", rlabel="y", ax=flat)


def points_of(ax):
    found = {}
    for collection in ax.collections:
        for x, y in np.asarray(collection.get_offsets()):
            found[(round(float(x), 4), round(float(y), 4))] = collection.get_label()
    return found


def test_ipa_chart_puts_performance_across_and_importance_up():
    ax = ipa_chart(IMPORTANCE, PERFORMANCE, title="IPA", xlabel="Gap P - E (points)", ylabel="Importance (points)")
    found = points_of(ax)
    for name in DIMENSIONS:
        assert (round(PERFORMANCE[name], 4), round(IMPORTANCE[name], 4)) in found, name
    assert (ax.get_title(), ax.get_xlabel(), ax.get_ylabel()) == ("IPA", "Gap P - E (points)", "Importance (points)")


def test_ipa_chart_colours_each_point_by_its_cxlab_quadrant():
    ax = ipa_chart(IMPORTANCE, PERFORMANCE, title="IPA", xlabel="x", ylabel="y")
    found = points_of(ax)
    expected = quadrants(IMPORTANCE, PERFORMANCE)
    for name in DIMENSIONS:
        assert found[(round(PERFORMANCE[name], 4), round(IMPORTANCE[name], 4))] == expected[name], name
    assert expected["reliability"] == "Concentrate here"


def test_ipa_chart_cross_hairs_sit_at_the_means_or_where_told():
    ax = ipa_chart(IMPORTANCE, PERFORMANCE, title="IPA", xlabel="x", ylabel="y")
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert lines["mean importance"].get_ydata()[0] == pytest.approx(IMPORTANCE.mean())
    assert lines["mean performance"].get_xdata()[0] == pytest.approx(PERFORMANCE.mean())
    plt.close("all")
    ax = ipa_chart(IMPORTANCE, PERFORMANCE, title="IPA", xlabel="x", ylabel="y", cross=(20, -0.5))
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert lines["importance cross-hair"].get_ydata()[0] == 20
    assert lines["performance cross-hair"].get_xdata()[0] == -0.5


def test_ipa_chart_names_the_four_quadrants_and_every_point():
    ax = ipa_chart(IMPORTANCE, PERFORMANCE, title="IPA", xlabel="x", ylabel="y")
    texts = [t.get_text() for t in ax.texts]
    for quadrant in ("Concentrate here", "Keep up the good work", "Low priority", "Possible overkill"):
        assert quadrant in texts
    for name in DIMENSIONS:
        assert any(t.startswith(name + "\n") for t in texts), name


def test_ipa_chart_keeps_every_point_inside_the_frame():
    ax = ipa_chart(IMPORTANCE, PERFORMANCE, title="IPA", xlabel="x", ylabel="y")
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    assert x0 < PERFORMANCE.min() and PERFORMANCE.max() < x1
    assert y0 < IMPORTANCE.min() and IMPORTANCE.max() < y1


def test_ipa_chart_refuses_an_attribute_it_cannot_place():
    with pytest.raises(ValueError, match="'empathy' has no importance or no performance"):
        ipa_chart(IMPORTANCE.where(IMPORTANCE.index != "empathy"), PERFORMANCE, title="x", xlabel="x", ylabel="y")
    with pytest.raises(ValueError, match="same attributes"):
        ipa_chart(IMPORTANCE, PERFORMANCE.iloc[::-1], title="x", xlabel="x", ylabel="y")
    with pytest.raises(TypeError, match="Series"):
        ipa_chart([1, 2], [3, 4], title="x", xlabel="x", ylabel="y")
