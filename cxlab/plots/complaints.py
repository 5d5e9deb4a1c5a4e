"""Module 5 charts: the Pareto chart of complaints, SLA compliance by group and satisfaction after recovery.

They draw what :mod:`cxlab.complaints` computes. matplotlib is imported inside each function so that
``import cxlab`` stays light.
"""

from __future__ import annotations

import pandas as pd

from cxlab.lang import _
from cxlab.plots._look import BLUE, INK, PALE_BLUE, RED, RULE_GREY, pyplot, wrapped


def _require(table, columns, source: str) -> None:
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"table must be a DataFrame from {source}; got {type(table).__name__}")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(f"table needs the columns {', '.join(columns)} (as from {source}); missing {', '.join(missing)}")
    if table.empty:
        raise ValueError("table is empty: there is nothing to draw")


def pareto_chart(table: pd.DataFrame, *, title: str, threshold: float = 80.0,
                 xlabel: str | None = None, ax=None):
    """Bars of complaints per category, largest first, with the cumulative share as a line.

    ``table`` is :func:`cxlab.complaints.pareto`'s table (columns ``complaints``, ``cumulative``,
    ``vital_few``). The vital few are drawn in blue, the rest pale; a dashed line marks ``threshold``
    percent on the right-hand (cumulative) axis. Returns the Axes of the bars (the line's axes is
    ``ax.cumulative_axes``).

    References
    ----------
    Pareto analysis is a common quality-management practice; the 80% line is a convention.

    Examples
    --------
    >>> from cxlab.complaints import pareto
    >>> ax = pareto_chart(pareto(["waiting"] * 5 + ["fees"] * 3 + ["app"]), title="Complaints (simulated)")
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['waiting', 'fees', 'app']
    """
    plt = pyplot()  # with the Chinese font behind the default one

    _require(table, ("complaints", "cumulative", "vital_few"), "cxlab.complaints.pareto")
    if ax is None:
        _fig, ax = plt.subplots(figsize=(8.5, 5))
    labels = [wrapped(str(k), 12) for k in table.index]
    colours = [BLUE if few else PALE_BLUE for few in table["vital_few"]]
    bars = ax.bar(labels, table["complaints"].to_numpy(), color=colours)
    ax.bar_label(bars, padding=2, fontsize=9)
    ax.set_ylabel(_("Complaints (count)"))
    ax.set_xlabel(xlabel if xlabel is not None else _("Complaint category, most frequent first"))
    ax.set_ylim(0, float(table["complaints"].max()) * 1.18)
    ax.grid(axis="y", alpha=0.3)
    ax.set_axisbelow(True)
    line = ax.twinx()
    line.plot(labels, table["cumulative"].to_numpy(), color=INK, marker="o", linewidth=1.5,
              label=_("cumulative share"))
    line.axhline(threshold, color=RED, linestyle="--", linewidth=1,
                 label=_("{threshold:g}% line").format(threshold=threshold))
    line.set_ylim(0, 105)
    line.set_ylabel(_("Cumulative share of complaints (%)"))
    from matplotlib.patches import Patch

    handles = [Patch(color=BLUE, label=_("vital few: together reach the line")), Patch(color=PALE_BLUE, label=_("the rest")),
               *line.get_legend_handles_labels()[0]]
    # Below the axes: inside, the legend would hide bars or the line whatever the data.
    line.legend(handles=handles, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, fontsize=8.5)
    ax.set_title(title)
    ax.figure.tight_layout()
    ax.cumulative_axes = line
    return ax


def sla_bars(table: pd.DataFrame, *, sla_hours: float, title: str, target: float | None = None, ax=None):
    """Share of complaints meeting the SLA per group, one horizontal bar each, with an optional target.

    ``table`` is :func:`cxlab.complaints.sla_by_group`'s table (columns ``rate``, ``eligible``). Groups
    below ``target`` (in %) are drawn in red. Each bar is labelled, inside (clear of the target line), with its rate and
    the number of complaints it rests on. Returns the Axes.

    Examples
    --------
    >>> table = pd.DataFrame({"rate": [80.0, 90.0], "eligible": [100, 50]}, index=["phone", "letter"])
    >>> ax = sla_bars(table, sla_hours=72, target=85, title="SLA (simulated)")
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['phone', 'letter']
    """
    plt = pyplot()  # with the Chinese font behind the default one

    _require(table, ("rate", "eligible"), "cxlab.complaints.sla_by_group")
    ordered = table.sort_values("rate")
    if ax is None:
        _fig, ax = plt.subplots(figsize=(8, 1.2 + 0.45 * len(ordered)))
    rates = ordered["rate"].astype(float).fillna(0)
    colours = [RED if target is not None and r < target else BLUE for r in rates]
    bars = ax.barh([str(k) for k in ordered.index], rates.to_numpy(), color=colours, height=0.6)
    ax.bar_label(bars, labels=[_("{rate:.1f}% of {n:,}").format(rate=r, n=int(n))
                               for r, n in zip(rates, ordered["eligible"])], label_type="center", color="white", fontsize=9)
    if target is not None:
        ax.axvline(target, color=INK, linestyle="--", linewidth=1.2,
                   label=_("target {target:g}%").format(target=target))
        ax.legend(frameon=False, loc="lower right", fontsize=9)
    ax.set_xlim(0, 105)
    ax.set_xlabel(_("Complaints closed within {hours:g} hours (% of those whose outcome is known)").format(hours=sla_hours))
    ax.set_title(title)
    ax.grid(axis="x", alpha=0.3)
    ax.set_axisbelow(True)
    ax.figure.tight_layout()
    return ax


def recovery_chart(table: pd.DataFrame, *, title: str, ax=None):
    """Mean change of satisfaction (after recovery minus before the incident) with its 95% interval.

    ``table`` is :func:`cxlab.complaints.recovery_by_speed`'s table (columns ``mean``, ``ci_low``,
    ``ci_high``, ``n``), one bar per band of time to close, top to bottom in the table's order. A
    bar right of zero means customers ended *more* satisfied than before the incident. Returns the Axes.

    Examples
    --------
    >>> table = pd.DataFrame({"mean": [1.1, -0.8], "ci_low": [1.0, -0.9], "ci_high": [1.2, -0.7], "n": [90, 60]},
    ...                      index=["within 24 h", "after 24 h"])
    >>> ax = recovery_chart(table, title="Recovery (simulated)")
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['within 24 h', 'after 24 h']
    """
    plt = pyplot()  # with the Chinese font behind the default one
    import numpy as np

    _require(table, ("mean", "ci_low", "ci_high", "n"), "cxlab.complaints.recovery_by_speed")
    if ax is None:
        _fig, ax = plt.subplots(figsize=(8, 1.4 + 0.6 * len(table)))
    y = np.arange(len(table))[::-1]
    means = table["mean"].astype(float).to_numpy()
    colours = [BLUE if low > 0 else RED if high < 0 else RULE_GREY
               for low, high in zip(table["ci_low"], table["ci_high"])]
    ax.barh(y, means, color=colours, height=0.6)
    ax.errorbar(means, y, xerr=[means - table["ci_low"].to_numpy(), table["ci_high"].to_numpy() - means],
                fmt="none", ecolor=INK, capsize=4, linewidth=1.2)
    for yi, mean, high, low, n in zip(y, means, table["ci_high"], table["ci_low"], table["n"]):
        x = high if mean >= 0 else low
        ax.annotate(_("{mean:+.2f} (n = {n:,})").format(mean=mean, n=int(n)), xy=(x, yi),
                    xytext=(6 if mean >= 0 else -6, 0), textcoords="offset points", va="center",
                    ha="left" if mean >= 0 else "right", fontsize=9, color=INK)
    ax.axvline(0, color=INK, linewidth=1)
    ax.set_yticks(y, [str(k) for k in table.index])
    reach = float(max(abs(table["ci_low"]).max(), abs(table["ci_high"]).max()))
    ax.set_xlim(-reach * 1.6, reach * 1.6)
    ax.set_xlabel(_("Satisfaction after recovery minus before the incident (mean, 0-10 points, with 95% interval)"))
    ax.set_ylabel(_("Time to close"))
    ax.set_title(title)
    ax.grid(axis="x", alpha=0.3)
    ax.set_axisbelow(True)
    ax.figure.tight_layout()
    return ax
