"""Case studies: the service-profit chain as a scatter of branches, and how fast a loop closes.

The numbers come from :mod:`cxlab.chain` (:func:`~cxlab.chain.link`) and :mod:`cxlab.loop`
(:func:`~cxlab.loop.closed_within`); these charts only draw them.
"""

from __future__ import annotations

import pandas as pd

from cxlab.lang import _
from cxlab.plots._look import BLUE, INK, MID_GREY, PALETTE, RED, pyplot


def linked_scatter(cause: pd.Series, effect: pd.Series, link, *, title: str, xlabel: str, ylabel: str,
                   highlight=None, labels=None, ax=None):
    """One dot per branch, the least-squares line of ``link`` and its r.

    ``link`` is the :class:`cxlab.chain.Link` of the same two Series; ``highlight`` lists branch ids
    drawn in red (for example the branches a case discusses); ``labels`` lists the branch ids named
    beside their dot (default: every branch; name a few when dots crowd). Returns the matplotlib Axes.
    """
    plt = pyplot()  # with the Chinese font behind the default one

    if ax is None:
        _fig, ax = plt.subplots(figsize=(8, 5))
    pair = pd.concat({"x": cause.astype(float), "y": effect.astype(float)}, axis=1, join="inner").dropna()
    strong = {str(b) for b in (highlight or [])}
    colours = [RED if str(b) in strong else BLUE for b in pair.index]
    ax.scatter(pair["x"], pair["y"], color=colours, s=36, zorder=3)
    named = pair.index if labels is None else [b for b in pair.index if b in set(labels)]
    for branch, row in pair.loc[named].iterrows():
        ax.annotate(str(branch), (row["x"], row["y"]), xytext=(4, 3), textcoords="offset points",
                    fontsize=8, color=INK)
    low, high = float(pair["x"].min()), float(pair["x"].max())
    label = _("least-squares line: r = {r:.2f} (95% interval {low:.2f} to {high:.2f}), {n} branches").format(
        r=link.r, low=link.ci_low, high=link.ci_high, n=link.n)
    ax.plot([low, high], [link.intercept + link.slope * low, link.intercept + link.slope * high],
            color=MID_GREY, linestyle="--", linewidth=1.2, label=label)
    ax.legend(frameon=False, loc="upper left", fontsize=9)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(alpha=0.3)
    ax.figure.tight_layout()
    return ax


def closing_curve(curves: pd.DataFrame, *, title: str, target_hours: float | None = None, ax=None):
    """The percentage of all cases closed within each number of hours, one line per column.

    ``curves`` has the horizons (hours) as its index and one column per group (the bank, a branch),
    each from :func:`cxlab.loop.closed_within`. ``target_hours`` draws the target as a dashed line.
    Returns the matplotlib Axes.
    """
    plt = pyplot()  # with the Chinese font behind the default one

    if ax is None:
        _fig, ax = plt.subplots(figsize=(8, 4))
    for i, column in enumerate(curves.columns):
        ax.plot(curves.index, curves[column], color=PALETTE[i % len(PALETTE)], marker="o", markersize=3,
                label=str(column))
    if target_hours is not None:
        ax.axvline(target_hours, color=RED, linestyle="--", linewidth=1.2,
                   label=_("target: {hours:g} hours").format(hours=target_hours))
    ax.set_ylim(0, 100)
    ax.set_title(title)
    ax.set_xlabel(_("Hours since the case began"))
    ax.set_ylabel(_("Cases closed (% of all cases)"))
    ax.legend(frameon=False, loc="center left", bbox_to_anchor=(1.01, 0.5))
    ax.grid(alpha=0.3)
    ax.figure.tight_layout()
    return ax
