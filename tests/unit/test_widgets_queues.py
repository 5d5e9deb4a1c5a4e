"""The queue explorer, tested without a browser: what it shows comes from cxlab.waits.branch_day
(tested in test_waits.py), and its sliders change it."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from cxlab import widgets  # noqa: E402
from cxlab.waits import branch_day  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_the_table_shows_the_formula_and_the_simulation():
    day = branch_day(10, 16, 4, target_wait=10, days=3)
    shown = widgets.branch_day_html(day)
    assert f"{day.erlang.utilization:.0%}" in shown
    assert f"{day.erlang.wq:.1f} minutes" in shown
    assert f"{day.simulated.mean_wait:.1f} minutes" in shown
    assert "called within 10 minutes" in shown


def test_an_overloaded_branch_has_no_erlang_answer_but_a_simulation():
    day = branch_day(20, 16, 4, days=2)  # 5.3 counters' work for 4 counters
    assert day.erlang is None and day.service_level is None
    shown = widgets.branch_day_html(day)
    assert "cannot keep up" in shown
    assert day.simulated.mean_wait > 30


def test_the_lunch_peak_keeps_the_days_customers():
    day = branch_day(12, 16, 4, lunch_peak=1.5, days=1)
    assert day.arrival_rates.sum() * 60 == pytest.approx(12 * 8)
    assert day.arrival_rates.loc[12] == pytest.approx(1.5 * day.arrival_rates.loc[9])


def test_more_counters_in_the_explorer_shorten_the_wait():
    box = widgets.queue_explorer(customers_per_hour=14, mean_service=16, counters=4, days=4)
    before = box.result.simulated.mean_wait
    sliders = [c for c in box.children[0].children if getattr(c, "description", "") == "Open counters:"]
    sliders[0].value = 6
    assert box.result.simulated.mean_wait < before
    assert len(box.figure.axes) == 2
    titles = [ax.get_title() for ax in box.figure.axes]
    assert all("(simulated)" in t for t in titles)


def test_every_label_is_shown_whole():
    box = widgets.queue_explorer(days=2)
    for control in box.children[0].children:
        assert control.style.description_width.endswith("ch")  # the width of the longest label, not cut
