"""Module 6 charts draw what a trainer points at: hours in order, the diagonal of Little's law, the
hours short of counters in red, a process map's value-adding share."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from cxlab import plots  # noqa: E402
from cxlab.plots._look import BLUE, RED  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_arrivals_and_waits_puts_the_wait_on_a_second_axis():
    demand = pd.DataFrame({"tickets_per_day": [10.0, 18.0, 14.0], "mean_wait": [2.0, 9.0, 15.0]}, index=[11, 12, 13])
    ax = plots.arrivals_and_waits(demand, title="t")
    assert [t.get_text() for t in ax.get_xticklabels()] == ["11:00", "12:00", "13:00"]
    assert list(ax.right.lines[0].get_ydata()) == [2.0, 9.0, 15.0]
    assert ax.right.get_ylabel() == "Mean wait (minutes)"


def test_littles_law_check_draws_one_point_per_branch_day_and_the_diagonal():
    table = pd.DataFrame({"waiting_predicted": [1.0, 2.0, 3.0], "waiting_counted": [1.1, 1.9, 3.0]})
    ax = plots.littles_law_check(table, title="t")
    assert len(ax.collections[0].get_offsets()) == 3
    diagonal = ax.lines[0]
    assert list(diagonal.get_xdata()) == list(diagonal.get_ydata())


def test_waits_by_hour_leaves_gaps_and_shades_the_overloaded_hours():
    lines = pd.DataFrame({"log": [2.0, 9.0, 12.0], "Erlang C": [1.5, None, 20.0]}, index=[9, 10, 11])
    ax = plots.waits_by_hour(lines, title="t", overloaded=[10])
    assert pd.isna(ax.lines[1].get_ydata()[1])
    assert len(ax.patches) == 1  # one shaded hour
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["log", "Erlang C", "arrivals exceed the counters"]


def test_staffing_bars_mark_the_hours_short_of_counters():
    plan = pd.DataFrame({"counters_needed": [3, 5, 4]}, index=[9, 12, 13])
    ax = plots.staffing_bars(plan, title="t", counters=4)
    colours = [to_hex(p.get_facecolor()) for p in ax.patches]
    assert colours == [BLUE, RED, BLUE]
    assert ax.lines[0].get_ydata()[0] == 4


def test_the_process_map_is_as_long_as_the_process_and_says_its_value_share():
    steps = pd.DataFrame({"step": ["ticket", "wait", "advice"], "minutes": [1, 9, 10],
                          "lean": ["necessary, no value", "waste", "value-adding"]})
    ax = plots.process_map(steps, title="Account opening")
    assert [p.get_width() for p in ax.patches] == [1.0, 9.0, 10.0]
    assert ax.get_xlim() == (0.0, 20.0)
    assert "20 minutes in all, 10 of them value-adding (50%)" in ax.get_title()


def test_a_process_step_needs_a_known_lean_class():
    steps = pd.DataFrame({"step": ["wait"], "minutes": [5], "lean": ["muda"]})
    with pytest.raises(ValueError, match="lean must be one of value-adding, necessary, no value, waste; got muda"):
        plots.process_map(steps, title="t")


def test_the_queue_through_the_day_reads_in_clock_time():
    ax = plots.queue_through_the_day(pd.Series([0, 2, 3, 1] + [0] * 70), title="t")
    assert [t.get_text() for t in ax.get_xticklabels()][:2] == ["09:00", "10:00"]
