"""Charts the lectures draw, each with a title, labelled axes and units.

matplotlib is imported inside each function so that ``import cxlab`` stays light.
"""

from __future__ import annotations

import pandas as pd


def trend_by_group(
    monthly: pd.DataFrame,
    *,
    title: str,
    ylabel: str,
    event: str | None = None,
    event_label: str = "",
    ax=None,
):
    """One line per column of ``monthly`` (index: month), with an optional dated event marked.

    Used for before/after stories such as the smart-branch change of 2025-07-01: the event line
    lets the eye compare the two groups before and after it.

    Returns the matplotlib Axes.
    """
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(8, 3.8))
    for column in monthly.columns:
        ax.plot(monthly.index, monthly[column], marker="o", markersize=3, label=str(column))
    if event is not None:
        ax.axvline(pd.Timestamp(event), color="grey", linestyle="--", linewidth=1)
        if event_label:
            ax.annotate(event_label, xy=(pd.Timestamp(event), 1), xycoords=("data", "axes fraction"),
                        xytext=(4, -12), textcoords="offset points", fontsize=9, color="dimgrey")
    ax.set_title(title)
    ax.set_xlabel("Month")
    ax.set_ylabel(ylabel)
    ax.legend(frameon=False)
    ax.grid(alpha=0.3)
    ax.figure.tight_layout()
    return ax
