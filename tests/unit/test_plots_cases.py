"""The case-study charts draw what cxlab.chain and cxlab.loop compute, with every label."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from cxlab.chain import link  # noqa: E402
from cxlab.loop import closed_within  # noqa: E402
from cxlab.plots import closing_curve, linked_scatter  # noqa: E402

STAFF = pd.Series({"HB01": 3.1, "HB02": 3.4, "HB03": 3.9, "HB04": 3.3, "HB05": 3.6})
NPS = pd.Series({"HB01": 8.0, "HB02": 15.0, "HB03": 31.0, "HB04": 17.0, "HB05": 20.0})


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_every_branch_is_a_labelled_dot_and_the_legend_quotes_r():
    ax = linked_scatter(STAFF, NPS, link(STAFF, NPS), title="t", xlabel="staff", ylabel="NPS", highlight=["HB03"])
    assert sorted(t.get_text() for t in ax.texts) == sorted(STAFF.index)
    assert "r = 0.97" in ax.get_legend().get_texts()[0].get_text()
    assert ax.get_xlabel() == "staff" and ax.get_ylabel() == "NPS"


def test_the_closing_curve_has_one_line_per_group_and_the_target():
    curves = pd.DataFrame({"bank": closed_within(pd.Series([5.0, 30.0, None]), [24, 48]),
                           "HB19": closed_within(pd.Series([50.0, None]), [24, 48])})
    ax = closing_curve(curves, title="t", target_hours=48)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["bank", "HB19", "target: 48 hours"]
    assert ax.get_ylim() == (0, 100) and "Hours" in ax.get_xlabel()
