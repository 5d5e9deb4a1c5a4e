"""The SLA explorer, tested without a browser: it shows cxlab.complaints.sla_by_group's numbers, and its
controls change them."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from cxlab import complaints as cp  # noqa: E402
from cxlab import widgets  # noqa: E402

COMPLAINTS = pd.DataFrame({
    "channel": ["phone", "phone", "phone", "letter", "letter"],
    "category": ["fees", "waiting", "fees", "fees", "waiting"],
    "opened_at": pd.to_datetime(["2025-06-01 09:00"] * 5),
    "closed_at": pd.to_datetime(["2025-06-01 10:00", "2025-06-03 10:00", "2025-06-09 10:00", None, "2025-06-03 09:00"]),
})


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def parts(explorer):
    controls, shown, _plot = explorer.children
    hours, target, chooser = controls.children
    return hours, target, chooser, shown


def test_the_explorer_starts_with_the_72_hour_sla_by_channel():
    explorer = widgets.sla_explorer(COMPLAINTS)
    hours, target, chooser, shown = parts(explorer)
    assert (hours.value, target.value, chooser.value) == (72, 80, "channel")
    assert explorer.table["rate"].round(1).to_dict() == {"letter": 50.0, "phone": 66.7}
    assert "66.7%" in shown.value and "still open, past the SLA" in shown.value
    assert "<td style='text-align:right;padding:1px 0.8em 1px 0'>3</td>" in shown.value  # a count, not 3.0


def test_a_longer_sla_and_another_grouping_redraw_table_and_chart():
    explorer = widgets.sla_explorer(COMPLAINTS)
    hours, _target, chooser, shown = parts(explorer)
    hours.value = 100
    assert explorer.table.loc["letter", "rate"] == 50.0  # the open letter still misses
    assert "100 hours" in explorer.figure.axes[0].get_title()
    chooser.value = "category"
    expected = cp.sla_by_group(COMPLAINTS, "category", sla_hours=100)
    pd.testing.assert_frame_equal(explorer.table, expected)
    assert "fees" in shown.value


def test_the_explorer_refuses_a_grouping_it_does_not_know():
    with pytest.raises(ValueError, match="by must be one of"):
        widgets.sla_explorer(COMPLAINTS, by="colour")
