"""The margin-of-error explorer's logic, tested without a browser: the margin, the simulated surveys,
and that moving the survey-size slider (or choosing another branch) changes what is shown."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from cxlab import nps, widgets  # noqa: E402

# 50 promoters, 30 passives, 20 detractors: NPS 30.
BRANCH = [10] * 30 + [9] * 20 + [8] * 15 + [7] * 15 + [6] * 10 + [2] * 10


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_margin_at_the_groups_own_size_is_the_summary_interval():
    result = widgets.nps_interval(BRANCH, n=len(BRANCH))
    whole = nps.summary(BRANCH)
    assert result.nps == whole.nps == 30.0
    assert result.answers == 100
    assert result.margin == pytest.approx(whole.nps - whole.ci_low)
    assert (result.ci_low, result.ci_high) == pytest.approx((whole.ci_low, whole.ci_high))


def test_four_times_the_answers_halves_the_margin():
    small = widgets.nps_interval(BRANCH, n=100)
    large = widgets.nps_interval(BRANCH, n=400)
    assert large.margin == pytest.approx(small.margin / 2)
    assert large.ci_high - large.ci_low < small.ci_high - small.ci_low


def test_margin_follows_the_textbook_formula():
    p, d = 0.5, 0.2
    expected = 1.959964 * 100 * math.sqrt((p + d - (p - d) ** 2) / 250)
    assert widgets.nps_interval(BRANCH, n=250).margin == pytest.approx(expected, abs=1e-3)


def test_a_higher_confidence_widens_the_margin():
    assert widgets.nps_interval(BRANCH, n=200, confidence=0.99).margin > widgets.nps_interval(BRANCH, n=200).margin


def test_missing_answers_are_left_out_of_the_group():
    with_gaps = pd.Series(BRANCH + [None, None], dtype="Int64")
    result = widgets.nps_interval(with_gaps, n=100)
    assert result.answers == 100 and result.nps == 30.0


def test_surveys_have_the_chosen_size_and_their_own_intervals():
    result = widgets.nps_interval(BRANCH, n=80, draws=12, seed=3)
    surveys = result.surveys
    assert list(surveys.index) == list(range(1, 13))
    assert (surveys["n"] == 80).all()
    assert surveys["nps"].between(-100, 100).all()
    assert (surveys["ci_low"] <= surveys["nps"]).all() and (surveys["nps"] <= surveys["ci_high"]).all()
    covers = (surveys["ci_low"] <= result.nps) & (result.nps <= surveys["ci_high"])
    assert surveys["covers"].tolist() == covers.tolist()
    assert result.covered == int(covers.sum())


def test_the_same_seed_gives_the_same_surveys_and_another_seed_new_ones():
    first = widgets.nps_interval(BRANCH, n=60, seed=7).surveys
    again = widgets.nps_interval(BRANCH, n=60, seed=7).surveys
    other = widgets.nps_interval(BRANCH, n=60, seed=8).surveys
    pd.testing.assert_frame_equal(first, again)
    assert not first["nps"].equals(other["nps"])


def test_most_95_percent_intervals_hold_the_groups_nps():
    result = widgets.nps_interval(BRANCH, n=300, draws=400, seed=1)
    assert 0.90 <= result.covered / 400 <= 0.99


@pytest.mark.parametrize("n", [0, 1, 2.5, "ten", None])
def test_a_survey_size_that_is_not_a_whole_number_of_answers_is_refused(n):
    with pytest.raises(ValueError, match="n \\(answers in the survey\\)"):
        widgets.nps_interval(BRANCH, n=n)


def test_invalid_answers_are_refused_like_cxlab_nps():
    with pytest.raises(ValueError, match="whole numbers from 0 to 10"):
        widgets.nps_interval([10, 9, 11], n=50)
    with pytest.raises(ValueError, match="no NPS answers"):
        widgets.nps_interval([None, None], n=50)


def test_html_shows_the_margin_and_the_coverage():
    result = widgets.nps_interval(BRANCH, n=100, draws=20)
    shown = widgets.nps_interval_html(result, "HB19")
    assert f"± {result.margin:.1f} points" in shown
    assert "Answers from HB19" in shown and f"{result.covered} of 20" in shown


# --------------------------------------------------------------------------- the widget

SURVEY = pd.DataFrame({
    "branch_id": ["HB01"] * len(BRANCH) + ["HB02"] * 60,
    "recommend": pd.array(BRANCH + [9] * 20 + [7] * 20 + [3] * 20, dtype="Int64"),
})


def parts(explorer):
    top, size, shown, _plot = explorer.children
    chooser, button = top.children
    return chooser, button, size, shown


def intervals_drawn(explorer):
    ax = explorer.figure.axes[0]
    return [t.get_text() for t in ax.get_yticklabels()], ax.get_title()


def test_explorer_starts_on_the_chosen_group_and_size():
    explorer = widgets.nps_interval_explorer(SURVEY, start="HB01", n=100)
    chooser, _, size, shown = parts(explorer)
    assert (chooser.value, size.value) == ("HB01", 100)
    assert f"± {widgets.nps_interval(BRANCH, 100).margin:.1f} points" in shown.value
    labels, title = intervals_drawn(explorer)
    assert labels == [str(i) for i in range(1, 21)] and "100 answers" in title and "(simulated)" in title


def test_moving_the_slider_narrows_the_margin_and_redraws():
    explorer = widgets.nps_interval_explorer(SURVEY, start="HB01", n=100)
    _, _, size, shown = parts(explorer)
    before = shown.value
    size.value = 400
    assert shown.value != before
    assert f"± {widgets.nps_interval(BRANCH, 400).margin:.1f} points" in shown.value
    assert "400 answers" in intervals_drawn(explorer)[1]


def test_choosing_another_group_shows_its_nps():
    explorer = widgets.nps_interval_explorer(SURVEY, start="HB01")
    chooser, _, _, shown = parts(explorer)
    chooser.value = "HB02"
    assert "Answers from HB02" in shown.value and "+0.0 points" in shown.value
    assert intervals_drawn(explorer)[1].startswith("HB02")


def test_the_button_draws_new_surveys():
    explorer = widgets.nps_interval_explorer(SURVEY, start="HB01", n=40)
    ax = explorer.figure.axes[0]
    before = [tuple(map(tuple, c.get_segments())) for c in ax.collections]
    explorer.redraw()
    ax = explorer.figure.axes[0]
    after = [tuple(map(tuple, c.get_segments())) for c in ax.collections if hasattr(c, "get_segments")]
    assert before != after


def test_explorer_refuses_an_unknown_group_or_column():
    with pytest.raises(ValueError, match="'HB99' is not a value of 'branch_id'"):
        widgets.nps_interval_explorer(SURVEY, start="HB99")
    with pytest.raises(ValueError, match="no column 'district'"):
        widgets.nps_interval_explorer(SURVEY, group="district")
