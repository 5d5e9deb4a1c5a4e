"""Module 5 charts: what they draw from cxlab.complaints' tables, and the errors for a wrong table."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from cxlab import complaints as cp  # noqa: E402
from cxlab import plots  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_pareto_chart_draws_the_categories_largest_first_and_the_vital_few_strong():
    table = cp.pareto(["waiting"] * 6 + ["fees"] * 3 + ["app"])
    ax = plots.pareto_chart(table, title="t")
    assert [t.get_text() for t in ax.get_xticklabels()] == ["waiting", "fees", "app"]
    heights = [bar.get_height() for bar in ax.patches]
    assert heights == [6, 3, 1]
    colours = [bar.get_facecolor() for bar in ax.patches]
    assert colours[0] == colours[1] != colours[2]  # 60% + 30% reach the 80% line; app does not
    assert list(ax.cumulative_axes.lines[0].get_ydata()) == pytest.approx([60, 90, 100])


def test_sla_bars_put_groups_below_target_in_red_and_say_the_count():
    table = pd.DataFrame({"rate": [70.0, 90.0], "eligible": [100, 40]}, index=["phone", "letter"])
    ax = plots.sla_bars(table, sla_hours=72, target=80, title="t")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["phone", "letter"]
    texts = [t.get_text() for t in ax.texts]
    assert "70.0% of 100" in texts and "90.0% of 40" in texts
    assert ax.patches[0].get_facecolor() != ax.patches[1].get_facecolor()
    assert "72 hours" in ax.get_xlabel()


def test_recovery_chart_labels_each_band_with_its_mean_and_n():
    table = pd.DataFrame({"mean": [1.1, -2.4], "ci_low": [1.0, -2.5], "ci_high": [1.2, -2.3], "n": [1809, 683]},
                         index=["within 24 h", "after 72 h"])
    ax = plots.recovery_chart(table, title="t")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["within 24 h", "after 72 h"]
    assert "+1.10 (n = 1,809)" in [t.get_text() for t in ax.texts]


@pytest.mark.parametrize("draw, table, message", [
    (plots.pareto_chart, pd.DataFrame({"complaints": [1]}), "missing cumulative"),
    (plots.recovery_chart, pd.DataFrame(columns=["mean", "ci_low", "ci_high", "n"]), "empty"),
])
def test_a_table_of_the_wrong_shape_is_named(draw, table, message):
    with pytest.raises(ValueError, match=message):
        draw(table, title="t")
