"""Charts any module uses: trends by group, means by level, heat maps, ranked and column bars.

matplotlib is imported inside each function so that ``import cxlab`` stays light.
"""

from __future__ import annotations

import pandas as pd

from cxlab.lang import _
from cxlab.plots._look import BLUE, PALETTE, PALE_BLUE, numbers, pyplot


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

    Used for before/after stories such as the smart-branch change (``cxlab.universe.SMART_CHANGE_DAY``): the event line
    lets the eye compare the two groups before and after it.

    Returns the matplotlib Axes.
    """
    plt = pyplot()

    if ax is None:
        _figure, ax = plt.subplots(figsize=(8, 3.8))
    for column in monthly.columns:
        ax.plot(monthly.index, monthly[column], marker="o", markersize=3, label=str(column))
    if event is not None:
        ax.axvline(pd.Timestamp(event), color="grey", linestyle="--", linewidth=1)
        if event_label:
            ax.annotate(event_label, xy=(pd.Timestamp(event), 1), xycoords=("data", "axes fraction"),
                        xytext=(4, -12), textcoords="offset points", fontsize=9, color="dimgrey")
    ax.set_title(title)
    ax.set_xlabel(_("Month"))
    ax.set_ylabel(ylabel)
    ax.legend(frameon=False)
    ax.grid(alpha=0.3)
    ax.figure.tight_layout()
    return ax


def mean_by_level(
    means: pd.Series | pd.DataFrame,
    *,
    title: str,
    xlabel: str,
    ylabel: str,
    ylim: tuple[float, float] | None = None,
    reference: float | None = None,
    reference_label: str = "",
    ax=None,
):
    """A line with markers through the mean of an outcome at each level of an ordered scale.

    ``means`` is a Series (one line) or a DataFrame (one line per column) whose index holds the
    levels in order: disconfirmation from -6 to +6, satisfaction from 1 to 5. Lines make a rising
    or falling relationship easy to see; a horizontal ``reference`` line (for example the overall
    mean) gives the eye a baseline.

    Returns the matplotlib Axes.
    """
    plt = pyplot()

    if ax is None:
        _figure, ax = plt.subplots(figsize=(7, 3.8))
    frame = means.to_frame() if isinstance(means, pd.Series) else means
    for column in frame.columns:
        ax.plot(frame.index, frame[column].astype(float), marker="o", label=str(column))
    if reference is not None:
        ax.axhline(reference, color="grey", linestyle="--", linewidth=1)
        if reference_label:
            ax.annotate(reference_label, xy=(0, reference), xycoords=("axes fraction", "data"),
                        xytext=(4, 4), textcoords="offset points", fontsize=9, color="dimgrey")
    ax.set_xticks(list(frame.index))
    if ylim is not None:
        ax.set_ylim(*ylim)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if isinstance(means, pd.DataFrame):
        ax.legend(frameon=False)
    ax.grid(alpha=0.3)
    ax.figure.tight_layout()
    return ax


def heatmap(
    table: pd.DataFrame,
    *,
    title: str,
    xlabel: str,
    ylabel: str,
    colorbar_label: str,
    decimals: int = 1,
    cmap: str = "RdYlGn",
    vmin: float | None = None,
    vmax: float | None = None,
    ax=None,
):
    """A table of numbers as coloured cells, each cell labelled with its value; empty cells stay blank.

    Rows are drawn top to bottom in the table's order, columns left to right, so a cross-table
    such as mean satisfaction by expectation (rows) and perception (columns) reads like the table.

    Returns the matplotlib Axes.
    """
    plt = pyplot()
    import numpy as np

    if ax is None:
        _figure, ax = plt.subplots(figsize=(7, 4.5))
    values = table.to_numpy(dtype=float)
    image = ax.imshow(np.ma.masked_invalid(values), cmap=cmap, vmin=vmin, vmax=vmax, aspect="auto")
    low, high = image.get_clim()
    for row in range(values.shape[0]):
        for column in range(values.shape[1]):
            value = values[row, column]
            if value == value:
                share = (value - low) / (high - low) if high > low else 0.5
                colour = "white" if share < 0.2 or share > 0.85 else "black"
                ax.text(column, row, f"{value:.{decimals}f}", ha="center", va="center", fontsize=9, color=colour)
    ax.set_xticks(range(values.shape[1]), [str(c) for c in table.columns])
    ax.set_yticks(range(values.shape[0]), [str(r) for r in table.index])
    ax.figure.colorbar(image, ax=ax, label=colorbar_label)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.figure.tight_layout()
    return ax


def ranked_bars(
    values: pd.Series,
    *,
    title: str,
    xlabel: str,
    groups: pd.Series | dict | None = None,
    decimals: int = 2,
    reference: float | None = None,
    reference_label: str = "",
    baseline: float = 0.0,
    xlim: tuple[float, float] | None = None,
    ax=None,
):
    """Horizontal bars, largest at the top, each labelled with its value.

    ``groups`` (same keys as ``values``) colours the bars and adds a legend beside the chart, for
    example the factor group of each rating (service, environment, technology, personalisation) or
    the district of each branch. A vertical ``reference`` line marks a comparison such as the
    average of all branches. Bars start at ``baseline``: use the lowest point of a rating scale
    (1 for a 1-5 scale), since a bar from 0 would suggest a value the scale cannot take.

    Returns the matplotlib Axes.
    """
    plt = pyplot()

    ordered = values.astype(float).sort_values()
    if ax is None:
        _figure, ax = plt.subplots(figsize=(7, 0.9 + 0.32 * len(ordered)))
    labels = [str(k) for k in ordered.index]
    if groups is not None:
        group_of = {str(k): str(v) for k, v in dict(groups).items()}
        names = list(dict.fromkeys(group_of[label] for label in reversed(labels)))
        colour_of = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(names)}
        colours = [colour_of[group_of[label]] for label in labels]
    else:
        colours = [PALETTE[0]] * len(labels)
    bars = ax.barh(labels, ordered.to_numpy() - baseline, left=baseline, color=colours)
    ax.bar_label(bars, labels=[f"{v:.{decimals}f}" for v in ordered], padding=3, fontsize=9)
    if groups is not None:
        from matplotlib.patches import Patch

        ax.legend(handles=[Patch(color=c, label=n) for n, c in colour_of.items()], frameon=False,
                  loc="center left", bbox_to_anchor=(1.01, 0.5))
    if reference is not None:
        ax.axvline(reference, color="grey", linestyle="--", linewidth=1)
        if reference_label:
            ax.annotate(reference_label, xy=(reference, 1), xycoords=("data", "axes fraction"),
                        xytext=(4, -12), textcoords="offset points", fontsize=9, color="dimgrey")
    if xlim is None:
        top = max(float(ordered.max()), reference if reference is not None else baseline)
        xlim = (baseline, baseline + (top - baseline) * 1.15)
    ax.set_xlim(*xlim)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.figure.tight_layout()
    return ax


def column_bars(
    values: pd.Series,
    *,
    title: str,
    xlabel: str,
    ylabel: str,
    highlight: list | None = None,
    decimals: int | None = None,
    baseline: float = 0.0,
    ylim: tuple[float, float] | None = None,
    ax=None,
):
    """Vertical bars in the order of ``values``' index (hours of the day, classes, levels).

    Bars whose label is in ``highlight`` are drawn in a strong colour and the rest in a pale one, to
    point the eye at the peak hours or the class being discussed. ``decimals`` labels each bar.
    Bars start at ``baseline`` (1 for an average on a 1-5 scale).

    Returns the matplotlib Axes.
    """
    plt = pyplot()

    if ax is None:
        _figure, ax = plt.subplots(figsize=(7, 3.6))
    labels = [str(k) for k in values.index]
    strong = {str(h) for h in (highlight or [])}
    colours = [BLUE if not strong or label in strong else PALE_BLUE for label in labels]
    bars = ax.bar(labels, values.astype(float).to_numpy() - baseline, bottom=baseline, color=colours)
    if decimals is not None:
        ax.bar_label(bars, labels=[f"{v:.{decimals}f}" for v in values.astype(float)], padding=2, fontsize=9)
    if ylim is not None:
        ax.set_ylim(*ylim)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(axis="y", alpha=0.3)
    ax.set_axisbelow(True)
    ax.figure.tight_layout()
    return ax


def grouped_bars(
    table: pd.DataFrame,
    *,
    title: str,
    xlabel: str,
    ylabel: str,
    legend_title: str | None = None,
    colours=None,
    lim: tuple[float, float] | None = None,
    horizontal: bool = False,
    reference: float | None = None,
    reference_label: str = "",
    ax=None,
):
    """One group of bars per row of ``table``, one bar per column, with a legend of the columns.

    ``lim`` fixes the value axis (the whole rating scale, so a small difference is not blown up);
    ``horizontal`` draws the groups top to bottom in the table's order; ``reference`` adds a dashed
    line (for example the change among customers nobody called), named in the legend by
    ``reference_label``. A zero line is drawn whenever the axis spans zero.

    Returns the matplotlib Axes.
    """
    plt = pyplot()  # with the Chinese font behind the default one
    import numpy as np

    values = numbers(table, "table", "visits.pivot_table(index=..., columns=..., values=...)")
    if isinstance(values, pd.Series):
        values = values.to_frame()
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 0.9 + 0.55 * values.size) if horizontal else (8, 3.8))
    colours = list(colours) if colours is not None else list(PALETTE)
    positions = np.arange(len(values))
    width = 0.8 / len(values.columns)
    for k, column in enumerate(values.columns):
        offset = positions - 0.4 + width * (k + 0.5)
        draw = ax.barh if horizontal else ax.bar
        draw(offset, values[column].to_numpy(), width, color=colours[k % len(colours)], label=str(column))
    labels = [str(i) for i in values.index]
    if horizontal:
        ax.set_yticks(positions, labels)
        ax.invert_yaxis()
        rule, span = ax.axvline, ax.set_xlim
    else:
        ax.set_xticks(positions, labels)
        rule, span = ax.axhline, ax.set_ylim
    if lim is not None:
        span(*lim)
    low, high = ax.get_xlim() if horizontal else ax.get_ylim()
    if low < 0 < high:
        rule(0, color="grey", linewidth=0.8)
    if reference is not None:
        rule(reference, color="grey", linestyle="--", linewidth=1.2, label=reference_label or None)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(title=legend_title, frameon=False, fontsize=8.5)
    ax.grid(axis="x" if horizontal else "y", alpha=0.3)
    ax.set_axisbelow(True)
    ax.figure.tight_layout()
    return ax
