"""Module 7's charts and the AHP explorer, tested without a browser: what they draw, and that a
moved judgement moves the weights and the consistency ratio. The numbers are tested in
test_evaluation_system.py."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from cxlab import ahp, plots, widgets  # noqa: E402

CRITERIA = ["quality", "efficiency", "satisfaction", "innovation"]
JUDGEMENTS = {("quality", "efficiency"): 2, ("quality", "satisfaction"): 1, ("quality", "innovation"): 5,
              ("efficiency", "satisfaction"): 1 / 2, ("efficiency", "innovation"): 3,
              ("satisfaction", "innovation"): 5}


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_driver_chart_puts_the_strongest_driver_on_top_with_its_interval():
    table = pd.DataFrame({"beta": [0.37, 0.10, 0.19], "ci_low": [0.35, 0.08, 0.17], "ci_high": [0.39, 0.12, 0.21]},
                         index=["rate_wait", "rate_personalisation", "rate_environment"])
    ax = plots.driver_chart(table, title="Drivers")
    assert [t.get_text() for t in ax.get_yticklabels()][-1] == "rate_wait"
    assert ax.get_xlim()[1] > 0.39
    assert ax.get_xlabel()


def test_scree_plot_draws_every_eigenvalue_and_kaisers_line():
    eigenvalues = pd.Series([5.1, 2.3, 1.9, 1.8, 1.7, 0.9, 0.6], index=range(1, 8))
    ax = plots.scree_plot(eigenvalues, title="Scree", chosen=5)
    line = ax.get_lines()[0]
    np.testing.assert_allclose(line.get_ydata(), eigenvalues.to_numpy())
    assert any(np.allclose(l.get_ydata(), 1) for l in ax.get_lines()[1:])
    assert "5 factors kept" in [t.get_text() for t in ax.texts]


def test_loadings_map_labels_items_and_factors():
    loadings = pd.DataFrame({"F1": [0.7, 0.1], "F2": [0.1, 0.6]}, index=["p01", "p05"])
    ax = plots.loadings_map(loadings, title="Loadings", row_labels={"p01": "p01 tangibles"})
    assert [t.get_text() for t in ax.get_yticklabels()] == ["p01 tangibles", "p05"]
    assert "0.70" in [t.get_text() for t in ax.texts]


def test_ahp_weights_writes_the_ratio_and_flags_a_high_one_in_red():
    result = ahp.priorities(ahp.judgement_matrix(CRITERIA, JUDGEMENTS))
    ax = plots.ahp_weights(result.weights, 0.25, title="Weights")
    note = [t for t in ax.texts if "Consistency ratio" in t.get_text()][0]
    assert "0.250" in note.get_text() and matplotlib.colors.to_hex(note.get_color()) == "#c53030"


def test_ranking_ranges_put_rank_one_on_top():
    table = pd.DataFrame({"rank": [2, 1, 3], "best_rank": [1, 1, 2], "worst_rank": [3, 2, 3]}, index=["B", "A", "C"])
    ax = plots.ranking_ranges(table, title="Ranking")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["A", "B", "C"]


def sliders_of(explorer):
    controls, shown, _plot = explorer.children
    return {s.description.rstrip(":"): s for s in controls.children}, shown


def test_explorer_starts_from_the_judgements_and_shows_the_ratio():
    explorer = widgets.ahp_explorer(CRITERIA, JUDGEMENTS)
    sliders, shown = sliders_of(explorer)
    assert len(sliders) == 6
    assert sliders["efficiency vs satisfaction"].label == "1/2"
    expected = ahp.priorities(ahp.judgement_matrix(CRITERIA, JUDGEMENTS))
    assert f"{expected.cr:.3f}" in shown.value
    assert explorer.result().weights.round(6).equals(expected.weights.round(6))


def test_moving_one_judgement_moves_the_ratio_and_names_the_pair_to_revisit():
    explorer = widgets.ahp_explorer(CRITERIA, JUDGEMENTS)
    sliders, shown = sliders_of(explorer)
    before = explorer.result().cr
    sliders["efficiency vs innovation"].value = 1 / 7
    after = explorer.result()
    assert after.cr > 0.10 > before
    assert "revise" in shown.value and "vs" in shown.value
    assert f"{after.cr:.3f}" in [t.get_text() for t in explorer.figure.axes[0].texts][-1]


def test_saaty_labels_are_written_as_fractions():
    assert [widgets.saaty_label(v) for v in (1 / 9, 1 / 2, 1.0, 7.0)] == ["1/9", "1/2", "1", "7"]


def test_long_titles_wrap_in_english_and_in_chinese():
    result = ahp.priorities(ahp.judgement_matrix(CRITERIA, JUDGEMENTS))
    english = plots.ahp_weights(result.weights, result.cr, title="Weights of the four KPI groups from one manager " * 2)
    chinese = plots.ahp_weights(result.weights, result.cr, title="四个关键绩效指标组的权重来自一位片区经理的两两比较判断" * 2)
    for ax in (english, chinese):
        assert "\n" in ax.get_title(loc="left")
