"""The lecture charts of Modules 2-4 draw, carry their titles and labels, and refuse bad input in one line."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from cxlab import plots  # noqa: E402
from cxlab.plots._look import GREEN, RED, RULE_GREY  # noqa: E402

CHANNELS = pd.DataFrame({"online": [1.2, 0.8], "phone": [1.1, 0.9]},
                        index=["appointment booking", "follow-up message"])
GAPS = pd.Series({"greeting": 0.4, "waiting area": 2.1, "counter service": 2.6, "kiosk": 0.9})
GAINS = pd.DataFrame({"within 48 h": [3.1, 1.4], "after 48 h": [1.6, 0.7]}, index=["issue fixed", "explained"])
ITEM_GAP = pd.Series({1: -0.2, 2: -0.3, 5: -1.1})
LABELS = {1: "modern equipment", 2: "appealing branches", 5: "keeps promises"}
DIMENSION_OF = {1: "tangibles", 2: "tangibles", 5: "reliability"}
EXPECTATION = pd.Series({"tangibles": 5.6, "reliability": 6.4})
PERCEPTION = pd.Series({"tangibles": 5.3, "reliability": 5.2})


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def bar_colours(ax):
    return [matplotlib.colors.to_hex(p.get_facecolor()) for p in ax.patches]


def visits_summary(n=400, seed=3):
    rng = np.random.default_rng(seed)
    peak_end = rng.integers(-6, 7, n) / 2
    return pd.DataFrame({"peak_end": peak_end, "mean_emotion": peak_end / 2 + rng.normal(0, 0.5, n),
                         "visit_rating": np.clip(6 + peak_end + rng.normal(0, 1, n), 0, 10)})


def test_emotion_by_group_draws_one_bar_per_cell_on_the_whole_scale():
    ax = plots.emotion_by_group(CHANNELS, title="Same touchpoint, two channels", xlabel="Touchpoint",
                                legend_title="Channel")
    assert len(ax.patches) == 4
    assert [t.get_text() for t in ax.get_xticklabels()] == ["appointment booking", "follow-up message"]
    assert tuple(ax.get_ylim()) == (-3.0, 3.0)
    assert ax.get_title() == "Same touchpoint, two channels"
    assert ax.get_ylabel() == "Mean emotion (points, -3 to +3)"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["online", "phone"]


def test_emotion_by_group_refuses_text_in_one_line():
    with pytest.raises(ValueError, match="must hold numbers") as error:
        plots.emotion_by_group(CHANNELS.astype(str).replace("1.2", "good"), title="t", xlabel="x")
    assert "\n" not in str(error.value)


def test_grouped_bars_marks_the_reference_in_the_legend():
    ax = plots.grouped_bars(GAINS, title="t", xlabel="x", ylabel="y", horizontal=True,
                            reference=0.2, reference_label="not called")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["issue fixed", "explained"]
    assert "not called" in [t.get_text() for t in ax.get_legend().get_texts()]


def test_score_vs_rating_has_one_panel_per_score_with_its_correlation():
    summary = visits_summary()
    fig = plots.score_vs_rating(summary, {"peak_end": "Peak-end score", "mean_emotion": "Mean emotion"})
    left, right = fig.axes
    r = summary["peak_end"].corr(summary["visit_rating"])
    assert left.get_title() == f"Peak-end score: r = {r:.2f}"
    assert right.get_title().startswith("Mean emotion: r = ")
    assert left.get_xlabel() == "Peak-end score, rounded to 0.5 (points)"
    assert left.get_ylabel() == "Visit rating (0-10): mean ± 1 SD"
    assert "30+" in fig._suptitle.get_text()


def test_score_vs_rating_leaves_out_scores_with_too_few_visits():
    summary = visits_summary(n=60)
    few = plots.score_vs_rating(summary, {"peak_end": "Peak-end score"}, min_visits=1)
    many = plots.score_vs_rating(summary, {"peak_end": "Peak-end score"}, min_visits=10)
    points = [len(fig.axes[0].lines[0].get_xdata()) for fig in (few, many)]
    assert points[0] > points[1]


def test_score_vs_rating_names_a_missing_column():
    with pytest.raises(ValueError, match="no column 'peak_end'"):
        plots.score_vs_rating(visits_summary().drop(columns="peak_end"), {"peak_end": "Peak-end score"})


def test_moments_of_truth_colours_the_largest_gaps_red():
    ax = plots.moments_of_truth(GAPS, top=2)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["greeting", "kiosk", "waiting area", "counter service"]
    assert bar_colours(ax) == [RULE_GREY, RULE_GREY, RED, RED]
    assert "Moments of truth" in ax.get_title() and "(simulated)" in ax.get_title()
    assert ax.get_xlabel().startswith("Recommendation gap") and ax.get_ylabel() == "Touchpoint"


def test_moments_of_truth_refuses_a_list():
    with pytest.raises(TypeError, match="gaps must be a pandas Series or DataFrame"):
        plots.moments_of_truth([0.4, 2.1])


def test_answer_distribution_colours_each_answer_by_its_group():
    ax = plots.answer_distribution(pd.Series({3: 2, 6: 3, 7: 4, 8: 5, 9: 6, 10: 9}))
    assert bar_colours(ax) == [RED, RED, RULE_GREY, RULE_GREY, GREEN, GREEN]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "detractors (0-6)", "passives (7-8)", "promoters (9-10)"]
    assert ax.get_ylabel() == "Customers (count)" and "recommendation question" in ax.get_title()


def test_answer_distribution_refuses_an_answer_outside_0_to_10():
    with pytest.raises(ValueError):
        plots.answer_distribution(pd.Series({11: 3}))


def test_hours_to_contact_counts_late_calls_in_the_last_bar_and_marks_the_target():
    ax = plots.hours_to_contact(pd.Series([3.0, 20.0, 50.0, 400.0, None]), target=48, cap=150)
    heights = [p.get_height() for p in ax.patches]
    assert sum(heights) == 4 and heights[-1] == 1
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["48 hours"]
    assert ax.get_xlabel() == "Hours to contact (calls after 150 hours are counted in the last bar)"
    assert ax.get_ylabel() == "Detractors called (count)"


def test_hours_to_contact_refuses_a_table():
    with pytest.raises(TypeError, match="hours must be one column"):
        plots.hours_to_contact(pd.DataFrame({"hours": [1.0, 2.0]}))


def test_gain_by_outcome_draws_outcomes_top_down_with_the_not_called_line():
    ax = plots.gain_by_outcome(GAINS, not_called=0.2)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["issue fixed", "explained"]
    assert len(ax.patches) == 4
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert sorted(legend) == ["after 48 h", "not called (+0.20)", "within 48 h"]
    assert ax.get_xlabel() == "Mean change in answer (points on the 0-10 scale)"


def test_gain_by_outcome_refuses_an_empty_table():
    with pytest.raises(ValueError, match="table is empty"):
        plots.gain_by_outcome(GAINS.iloc[0:0])


def test_item_gap_bars_label_each_item_and_colour_by_dimension():
    ax = plots.item_gap_bars(ITEM_GAP, labels=LABELS, dimension_of=DIMENSION_OF)
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "modern equipment (1)", "appealing branches (2)", "keeps promises (5)"]
    colours = bar_colours(ax)
    assert colours[0] == colours[1] != colours[2]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["tangibles", "reliability"]
    assert ax.get_xlim()[0] < -1.1 and "SERVQUAL item" in ax.get_title()


def test_item_gap_bars_names_an_item_without_a_label():
    with pytest.raises(ValueError, match="item 5 has no short label"):
        plots.item_gap_bars(ITEM_GAP, labels={1: "a", 2: "b"}, dimension_of=DIMENSION_OF)


def test_expectation_perception_labels_each_gap():
    ax = plots.expectation_perception(EXPECTATION, PERCEPTION)
    assert sorted(t.get_text() for t in ax.texts) == ["-0.30", "-1.20"]
    assert ax.get_ylim()[0] == 4.0 and ax.get_ylabel() == "Mean answer (1-7; axis starts at 4)"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["tangibles", "reliability"]


def test_expectation_perception_refuses_mismatched_dimensions():
    with pytest.raises(ValueError, match="same dimensions in the same order"):
        plots.expectation_perception(EXPECTATION, PERCEPTION.iloc[::-1])
