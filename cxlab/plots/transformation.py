"""Module 8 charts: before/after bars with the counterfactual, and effects with their margins.

matplotlib is imported inside each function so that ``import cxlab`` stays light.
"""

from __future__ import annotations

import pandas as pd

from cxlab.lang import _
from cxlab.plots._look import BAND, BLUE, MID_GREY, PALE_BLUE, RED, RULE_GREY, pyplot


def before_after_bars(
    table: pd.DataFrame,
    *,
    title: str,
    ylabel: str,
    counterfactual: bool = True,
    decimals: int = 1,
    baseline: float = 0.0,
    ax=None,
):
    """Before and after bars of a treated and a control group, with the treated group's counterfactual.

    ``table`` has two rows — the treated group first (the smart branches), then the control group —
    and the columns ``before`` and ``after``; the tick labels read "<row name> branches". With
    ``counterfactual`` a hatched bar shows where the treated group would have ended had it moved
    like the control group (its before value plus the control's change); the distance from that bar
    to its real after value is the difference-in-differences, written above the bars. Bars start at
    ``baseline``: use 1 for a mean on a 1-5 scale.

    Returns the matplotlib Axes.
    """
    plt = pyplot()
    import numpy as np

    missing = [c for c in ("before", "after") if c not in table.columns]
    if missing or len(table) != 2:
        raise ValueError("table needs two rows (treated group first, then control) and the columns 'before' and 'after'")
    if ax is None:
        _figure, ax = plt.subplots(figsize=(7.5, 3.9))
    values = table[["before", "after"]].astype(float)
    groups = [str(g) for g in values.index]
    x = np.arange(len(groups))
    width = 0.26
    pale, strong, grey = PALE_BLUE, BLUE, MID_GREY
    # The treated group gets a third (counterfactual) bar, so its pair shifts left to stay centred.
    shift = np.array([width / 2 if counterfactual else 0.0, 0.0])
    bars = [
        (ax.bar(x - width / 2 - shift, values["before"] - baseline, width, bottom=baseline, color=pale,
                label=_("before")), values["before"].to_numpy()),
        (ax.bar(x + width / 2 - shift, values["after"] - baseline, width, bottom=baseline, color=strong,
                label=_("after")), values["after"].to_numpy()),
    ]
    shown = list(values.to_numpy().ravel())
    if counterfactual:
        expected = values.iloc[0]["before"] + (values.iloc[1]["after"] - values.iloc[1]["before"])
        ghost = ax.bar([x[0] + width], [expected - baseline], width, bottom=baseline, facecolor="white",
                       edgecolor=grey, hatch="//", label=_("{treated} after, had it moved like {control}").format(treated=groups[0], control=groups[1]))
        bars.append((ghost, np.array([expected])))
        shown.append(expected)
        did = values.iloc[0]["after"] - expected
        ax.annotate(_("difference-in-differences: {effect}").format(effect=f"{did:+.{decimals}f}"), xy=(0.02, 0.97), xycoords="axes fraction",
                    ha="left", va="top", fontsize=10, fontweight="bold", color="#1a365d")
    for container, numbers in bars:
        ax.bar_label(container, labels=[f"{v:.{decimals}f}" for v in numbers], padding=2, fontsize=9)
    low, high = min(baseline, min(shown)), max(baseline, max(shown))
    span = (high - low) or 1.0
    ax.set_ylim(low - (0.12 * span if low < baseline else 0), high + 0.3 * span)
    ax.axhline(baseline, color="grey", linewidth=0.8)
    ax.set_xticks(x, [_("{group} branches").format(group=g) for g in groups])
    ax.set_title(title)
    ax.set_xlabel(_("Group"))
    ax.set_ylabel(ylabel)
    ax.legend(frameon=False, fontsize=8.5, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3)
    ax.grid(axis="y", alpha=0.3)
    ax.set_axisbelow(True)
    ax.figure.tight_layout()
    return ax


def effects_with_margin(
    estimates: pd.Series,
    margins: pd.Series,
    *,
    title: str,
    xlabel: str,
    ylabel: str,
    shade: tuple | None = None,
    shade_label: str = "",
    ax=None,
):
    """Point estimates with their margins of error as error bars, around a zero line.

    One point per entry of ``estimates`` (months, age bands, categories), in index order; ``margins``
    (same index) gives the half-width of each interval. A point whose interval lies wholly above
    zero is drawn in blue, wholly below in red, and one whose interval includes zero in grey: the
    colour says whether the effect is larger than its margin of error. ``shade`` = (first, last)
    index labels shades a stretch such as the transition months, labelled ``shade_label``. Month
    indexes (Timestamps) are labelled like "Jul 25".

    Returns the matplotlib Axes.
    """
    plt = pyplot()
    import numpy as np

    if ax is None:
        _figure, ax = plt.subplots(figsize=(8, 3.8))
    values = estimates.astype(float)
    half = margins.reindex(values.index).astype(float)
    x = np.arange(len(values))
    labels = [k.strftime("%b %y") if isinstance(k, pd.Timestamp) else str(k) for k in values.index]
    colours = np.where(values - half > 0, BLUE, np.where(values + half < 0, RED, RULE_GREY))
    ax.axhline(0, color="grey", linewidth=1)
    if shade is not None:
        where = list(values.index)
        first, last = where.index(shade[0]), where.index(shade[1])
        ax.axvspan(first - 0.5, last + 0.5, color=BAND, zorder=0)
        if shade_label:
            ax.annotate(shade_label, xy=((first + last) / 2, 1), xycoords=("data", "axes fraction"),
                        xytext=(0, -12), textcoords="offset points", ha="center", fontsize=9, color="dimgrey")
    for xi, value, error, colour in zip(x, values, half, colours):
        ax.errorbar([xi], [value], yerr=[error], fmt="o", color=colour, capsize=3, markersize=5)
    ax.set_xticks(x, labels, rotation=90 if len(labels) > 12 else 0)
    ax.set_xlim(-0.6, len(values) - 0.4)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(axis="y", alpha=0.3)
    ax.figure.tight_layout()
    return ax
