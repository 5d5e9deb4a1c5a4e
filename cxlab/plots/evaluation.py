"""Module 7 charts: driver coefficients, the scree plot, factor loadings, AHP weights, ranking ranges.

Each chart draws what an analytics module computed (:mod:`cxlab.drivers`, :mod:`cxlab.factors`,
:mod:`cxlab.ahp`, :mod:`cxlab.kpi`); none computes a statistic of its own. matplotlib is imported
inside each function so that ``import cxlab`` stays light.
"""

from __future__ import annotations

import pandas as pd

from cxlab.lang import _
from cxlab.plots._look import BLACK, BLUE, DARK_GREY, MID_GREY, PALE_BLUE, RED, RULE_GREY, pyplot, wrapped

__all__ = ["ahp_weights", "driver_chart", "loadings_map", "ranking_ranges", "scree_plot"]


def driver_chart(table: pd.DataFrame, *, title: str, xlabel: str | None = None, ax=None):
    """Standardised coefficients as horizontal bars, largest at the top, with their intervals.

    ``table`` is :func:`cxlab.drivers.standardised_drivers`' result (``beta``, ``ci_low``,
    ``ci_high``). Each bar is labelled with its value; the whisker is the confidence interval.

    Returns the matplotlib Axes.
    """
    plt = pyplot()  # with the Chinese font behind the default one

    ordered = table.sort_values("beta")
    if ax is None:
        _figure, ax = plt.subplots(figsize=(7.5, 1.0 + 0.45 * len(ordered)))
    labels = [str(k) for k in ordered.index]
    beta = ordered["beta"].astype(float)
    errors = [beta - ordered["ci_low"].astype(float), ordered["ci_high"].astype(float) - beta]
    bars = ax.barh(labels, beta, color=BLUE, xerr=errors, ecolor=DARK_GREY, capsize=3)
    ax.bar_label(bars, labels=[f"{v:.2f}" for v in beta], padding=8, fontsize=9)
    ax.axvline(0, color=RULE_GREY, linewidth=0.8)
    high = max(float(ordered["ci_high"].max()), 0.0)
    low = min(float(ordered["ci_low"].min()), 0.0)
    ax.set_xlim(low - 0.05 * (high - low), high + 0.25 * (high - low))
    ax.set_title(title)
    ax.set_xlabel(xlabel or _("Standardised coefficient (standard deviations of the outcome per standard deviation of the driver)"))
    ax.grid(axis="x", alpha=0.3)
    ax.set_axisbelow(True)
    ax.figure.tight_layout()
    return ax


def scree_plot(eigenvalues: pd.Series, *, title: str, chosen: int | None = None, ax=None):
    """The eigenvalues of the items' correlation matrix, largest first, with the line at 1.

    ``chosen`` marks the number of factors retained (a shaded band over those points). The "elbow"
    where the line flattens and Kaiser's rule (eigenvalue above 1) are the two usual first looks.

    Returns the matplotlib Axes.
    """
    plt = pyplot()  # with the Chinese font behind the default one

    if ax is None:
        _figure, ax = plt.subplots(figsize=(7.5, 3.6))
    numbers = list(range(1, len(eigenvalues) + 1))
    ax.plot(numbers, eigenvalues.to_numpy(dtype=float), marker="o", color=BLUE)
    ax.axhline(1, color=RED, linestyle="--", linewidth=1)
    ax.annotate(_("eigenvalue 1 (Kaiser's rule)"), xy=(numbers[-1], 1), xytext=(0, 4), textcoords="offset points",
                ha="right", fontsize=9, color=RED)
    if chosen:
        ax.axvspan(0.5, chosen + 0.5, color=PALE_BLUE, alpha=0.3, linewidth=0)
        ax.annotate(_("{n} factors kept").format(n=chosen), xy=(chosen + 0.5, float(eigenvalues.max())),
                    xytext=(-4, -2), textcoords="offset points", ha="right", va="top", fontsize=9, color=DARK_GREY)
    ax.set_xticks(numbers)
    ax.set_xlim(0.5, numbers[-1] + 0.5)
    ax.set_ylim(0, float(eigenvalues.max()) * 1.1)
    ax.set_title(title)
    ax.set_xlabel(_("Factor number (largest eigenvalue first)"))
    ax.set_ylabel(_("Eigenvalue (variance in items' units)"))
    ax.grid(alpha=0.3)
    ax.figure.tight_layout()
    return ax


def loadings_map(loadings: pd.DataFrame, *, title: str, row_labels: dict | None = None, ax=None):
    """The rotated loadings as a table of coloured cells (items down, factors across).

    ``row_labels`` replaces item names (``{"p01": "p01 tangibles"}``) so the intended dimension can be
    read beside each item. Darker = stronger loading; each cell shows its value.

    Returns the matplotlib Axes.
    """
    plt = pyplot()  # with the Chinese font behind the default one
    import numpy as np

    if ax is None:
        _figure, ax = plt.subplots(figsize=(7.5, 1.2 + 0.3 * len(loadings)))
    values = loadings.to_numpy(dtype=float)
    image = ax.imshow(np.abs(values), cmap="Blues", vmin=0, vmax=1, aspect="auto")
    for row in range(values.shape[0]):
        for column in range(values.shape[1]):
            # dark text on the pale cells, white on the dark ones: every value stays readable
            colour = "white" if abs(values[row, column]) > 0.55 else BLACK
            ax.text(column, row, f"{values[row, column]:.2f}", ha="center", va="center", fontsize=9, color=colour)
    labels = row_labels or {}
    ax.set_xticks(range(values.shape[1]), [str(c) for c in loadings.columns])
    ax.set_yticks(range(values.shape[0]), [str(labels.get(i, i)) for i in loadings.index])
    ax.figure.colorbar(image, ax=ax, label=_("Loading (correlation of item and factor, size)"))
    ax.set_title(title)
    ax.set_xlabel(_("Factor (after rotation)"))
    ax.set_ylabel(_("Item"))
    ax.figure.tight_layout()
    return ax


def ahp_weights(weights: pd.Series, cr: float, *, title: str, ax=None):
    """AHP priority weights as bars (largest at the top) and the consistency ratio beneath the title.

    The ratio is written in red when it reaches Saaty's limit of 0.10.

    Returns the matplotlib Axes.
    """
    plt = pyplot()  # with the Chinese font behind the default one

    ordered = pd.Series(weights, dtype=float).sort_values()
    if ax is None:
        _figure, ax = plt.subplots(figsize=(7, 1.2 + 0.45 * len(ordered)))
    bars = ax.barh([str(k) for k in ordered.index], ordered.to_numpy(), color=BLUE)
    ax.bar_label(bars, labels=[f"{v:.0%}" for v in ordered], padding=3, fontsize=9)
    ax.set_xlim(0, max(0.5, float(ordered.max()) * 1.2))
    ok = cr < 0.10
    verdict = _("consistent enough") if ok else _("too inconsistent: revise a judgement")
    ax.text(0, 1.02, _("Consistency ratio {cr} ({verdict}; limit 0.10)").format(cr=f"{cr:.3f}", verdict=verdict),
            transform=ax.transAxes, fontsize=9, color=DARK_GREY if ok else RED, va="bottom")
    ax.set_title(_wrapped_title(title), loc="left", pad=18)
    ax.set_xlabel(_("Weight (share of the total, all weights add up to 100%)"))
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _pos: f"{v:.0%}"))
    ax.grid(axis="x", alpha=0.3)
    ax.set_axisbelow(True)
    ax.figure.tight_layout()
    return ax


def _wrapped_title(title: str) -> str:
    """Lines of about 60 Latin letters; Chinese has no spaces to break at and each character is about
    twice as wide, so a title with Chinese in it is cut every 32 characters."""
    if title.isascii():
        return wrapped(title, 60)
    return "\n".join(title[i:i + 32] for i in range(0, len(title), 32))


def ranking_ranges(table: pd.DataFrame, *, title: str, ax=None):
    """Each branch's rank (a dot) and the range of ranks it took when the weights moved (a line).

    ``table`` is :func:`cxlab.kpi.ranking_stability`'s ``table`` (``rank``, ``best_rank``,
    ``worst_rank``). Rank 1 is at the top.

    Returns the matplotlib Axes.
    """
    plt = pyplot()  # with the Chinese font behind the default one

    ordered = table.sort_values("rank")
    if ax is None:
        _figure, ax = plt.subplots(figsize=(7.5, 1.2 + 0.26 * len(ordered)))
    positions = range(len(ordered))
    labels = [str(k) for k in ordered.index]
    ax.hlines(positions, ordered["best_rank"], ordered["worst_rank"], color=MID_GREY, linewidth=3, alpha=0.6,
              label=_("ranks reached when the weights move"))
    ax.plot(ordered["rank"], positions, "o", color=BLUE, label=_("rank with the chosen weights"))
    ax.set_yticks(list(positions), labels)
    ax.invert_yaxis()
    ax.set_xlim(0.5, len(ordered) + 0.5)
    ax.set_title(title)
    ax.set_xlabel(_("Rank (1 = best composite index)"))
    ax.set_ylabel(_("Branch (best first)"))
    ax.grid(axis="x", alpha=0.3)
    ax.legend(frameon=False, loc="upper right", fontsize=9)
    ax.figure.tight_layout()
    return ax
