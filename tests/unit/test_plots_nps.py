"""The NPS forest plot and the PDCA wheel draw what a trainer points at."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from cxlab.plots import PDCA_STAGES, nps_intervals, pdca_cycle  # noqa: E402

TABLE = pd.DataFrame(
    {"nps": [15.0, 43.0, 4.6], "ci_low": [9.9, 38.9, -2.8], "ci_high": [20.9, 47.8, 12.0]},
    index=["HB01", "HB03", "HB19"],
)
ROUTINE = {"Plan": "Pick one problem", "Do": "Call detractors back", "Check": "Compare with the target",
           "Act": "Standardise what worked"}


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def labels(ax):
    return [t.get_text() for t in ax.get_yticklabels()]


def test_rows_are_sorted_highest_first_from_the_top():
    ax = nps_intervals(TABLE, title="t", ylabel="Branch")
    assert labels(ax) == ["HB03", "HB01", "HB19"]
    assert ax.get_xlabel() == "NPS (points, -100 to +100)" and ax.get_ylabel() == "Branch"


def test_unsorted_keeps_the_table_order():
    ax = nps_intervals(TABLE, title="t", ylabel="Branch", sort=False)
    assert labels(ax) == ["HB01", "HB03", "HB19"]


def test_highlighted_rows_get_their_own_legend_entry_and_reference_line():
    ax = nps_intervals(TABLE, title="t", ylabel="Branch", reference=21.5, reference_label="Harbor Bank",
                       highlight=pd.Index(["HB19"]), highlight_label="below the bank")
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert {"Harbor Bank", "NPS and 95% interval", "below the bank"} <= set(legend)
    assert any(list(line.get_xdata()) == [21.5, 21.5] for line in ax.get_lines())


def test_values_can_be_printed_beside_the_intervals():
    ax = nps_intervals(TABLE, title="t", ylabel="Branch", decimals=1)
    assert {"43.0", "15.0", "4.6"} <= {t.get_text() for t in ax.texts}


@pytest.mark.parametrize("table, message", [
    (TABLE.drop(columns="ci_low"), "missing ci_low"),
    (TABLE.iloc[:0], "table is empty"),
    (TABLE.assign(nps=[1.0, None, 2.0]), "'HB03' has no NPS"),
])
def test_bad_tables_are_explained(table, message):
    with pytest.raises(ValueError, match=message):
        nps_intervals(table, title="t", ylabel="Branch")


def test_pdca_wheel_names_the_four_stages_and_their_routine():
    ax = pdca_cycle(ROUTINE, title="PDCA at the branch")
    texts = [t.get_text() for t in ax.texts]
    assert texts[:4] == list(PDCA_STAGES)
    assert texts[4:8] == [ROUTINE[s] for s in PDCA_STAGES]
    assert ax.get_title() == "PDCA at the branch"


@pytest.mark.parametrize("steps, message", [
    ({k: v for k, v in ROUTINE.items() if k != "Check"}, "no text for Check"),
    ({**ROUTINE, "Act": "  "}, "no text for Act"),
    ({**ROUTINE, "Review": "x"}, "unknown stage"),
])
def test_pdca_wheel_needs_every_stage(steps, message):
    with pytest.raises(ValueError, match=message):
        pdca_cycle(steps, title="t")
