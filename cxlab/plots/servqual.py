"""Module 4 charts: the radar profile of the gaps, the importance-performance grid and the weighted gaps.

matplotlib is imported inside each function so that ``import cxlab`` stays light.
"""

from __future__ import annotations

import pandas as pd

from cxlab.lang import _
from cxlab.plots._look import AMBER, BLUE, MID_GREY, PALETTE, RED, numbers, pyplot

#: Colours of the five SERVQUAL dimensions, in the order of ``cxlab.servqual.DIMENSIONS``.
DIMENSION_COLOURS = (MID_GREY, RED, "#dd6b20", BLUE, "#38a169")


#: Colours of the four importance-performance quadrants (Martilla & James 1977).
_IPA_COLOURS = {
    "Concentrate here": RED,
    "Keep up the good work": "#2f855a",
    "Low priority": MID_GREY,
    "Possible overkill": AMBER,
}


def radar(
    values: pd.Series | pd.DataFrame,
    *,
    title: str,
    rlabel: str,
    rlim: tuple[float, float] | None = None,
    reference: float | None = None,
    reference_label: str = "",
    decimals: int | None = None,
    ax=None,
):
    """A radar (spider) chart: one spoke per row of ``values``, one closed polygon per column.

    Made for SERVQUAL profiles such as the gap P - E of the five dimensions (rows) for smart and
    traditional branches (columns): the eye compares the shapes and sees which spoke one group
    pulls in or pushes out. Spokes run clockwise from the top in the order of the index.

    Parameters
    ----------
    values : pandas.Series or pandas.DataFrame
        At least three rows (the spokes, e.g. dimensions); a Series draws one polygon, a DataFrame
        one per column, named in the legend. Every value must be a number.
    title, rlabel : str
        The chart's title and the label of the radial scale with its unit
        (e.g. ``"Gap P - E (points on the 1-7 scale)"``), written under the chart as the Axes'
        xlabel; the legend goes below it.
    rlim : (float, float), optional
        The values at the centre and at the rim. By default the data's range with some room. The
        centre can be the *lowest* value of a negative scale: with ``rlim=(-1.5, 0.25)``, a
        dimension with a large shortfall sits close to the centre.
    reference : float, optional
        Draws a dashed ring at this value, e.g. ``0`` for "no gap" (perception equals expectation),
        labelled ``reference_label`` in the legend.
    decimals : int, optional
        Writes each polygon's values next to its points (readable for one or two polygons).
    ax : matplotlib polar Axes, optional
        Where to draw (``plt.subplots(subplot_kw={"projection": "polar"})``); a new figure otherwise.

    Returns
    -------
    matplotlib.projections.polar.PolarAxes
        Each polygon is a closed line labelled with its column name (the first point repeated at
        the end); the reference ring is the line labelled ``reference_label`` (or "reference").

    Notes
    -----
    A radar chart exaggerates differences on spokes far from the centre and depends on the order
    of the spokes; read the numbers too. Fewer than three rows, a missing value or text raise
    ``ValueError`` naming the spoke; an ``ax`` that is not polar raises ``ValueError``.
    """
    plt = pyplot()
    import numpy as np

    if isinstance(values, pd.Series):
        frame = values.to_frame(name=values.name if values.name is not None else "values")
    elif isinstance(values, pd.DataFrame):
        frame = values
    else:
        raise TypeError(f"values must be a pandas Series or DataFrame, one row per spoke; got {type(values).__name__}")
    if len(frame.index) < 3:
        raise ValueError(f"a radar chart needs at least 3 spokes (rows); got {len(frame.index)}")
    numbers = frame.apply(pd.to_numeric, errors="coerce").astype(float)
    for column in frame.columns:
        bad = numbers.index[numbers[column].isna()]
        if len(bad):
            raise ValueError(f"no number for spoke {bad[0]!r} in {column!r}; every spoke needs a value")
    if ax is None:
        _figure, ax = plt.subplots(figsize=(6.2, 5.2), subplot_kw={"projection": "polar"})
    elif getattr(ax, "name", "") != "polar":
        raise ValueError("ax must be a polar Axes: plt.subplots(subplot_kw={'projection': 'polar'})")
    ax.set_theta_offset(np.pi / 2)
    ax.set_theta_direction(-1)
    angles = np.linspace(0, 2 * np.pi, len(frame.index), endpoint=False)
    closed = np.append(angles, angles[0])
    for i, column in enumerate(frame.columns):
        radii = numbers[column].to_numpy()
        colour = PALETTE[i % len(PALETTE)]
        ax.plot(closed, np.append(radii, radii[0]), marker="o", color=colour, linewidth=2, label=str(column))
        ax.fill(closed, np.append(radii, radii[0]), color=colour, alpha=0.08)
        if decimals is not None:
            for angle, radius in zip(angles, radii):
                ax.annotate(f"{radius:.{decimals}f}", xy=(angle, radius), xytext=(0, 7 if i == 0 else -13),
                            textcoords="offset points", ha="center", fontsize=8.5, color=colour)
    low, high = float(np.nanmin(numbers.to_numpy())), float(np.nanmax(numbers.to_numpy()))
    if reference is not None:
        low, high = min(low, reference), max(high, reference)
    if rlim is None:
        room = 0.15 * (high - low) if high > low else 1.0
        rlim = (low - room, high + room)
    ax.set_ylim(*rlim)
    if reference is not None:
        ring = np.linspace(0, 2 * np.pi, 200)
        ax.plot(ring, np.full(ring.size, reference), color="grey", linestyle="--", linewidth=1.2,
                label=reference_label or _("reference"))
    ax.set_xticks(angles, [str(label) for label in frame.index])
    ax.tick_params(axis="x", pad=8)
    ax.tick_params(axis="y", labelsize=8, labelcolor="dimgrey")
    ax.set_rlabel_position(180 / len(frame.index))
    ax.set_xlabel(rlabel, labelpad=10)
    ax.set_title(title, pad=24)
    ax.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=len(frame.columns) + 1,
              fontsize=9)
    ax.figure.tight_layout()
    return ax


def ipa_chart(
    importance: pd.Series,
    performance: pd.Series,
    *,
    title: str,
    xlabel: str,
    ylabel: str,
    cross: tuple[float, float] | None = None,
    decimals: int = 2,
    ax=None,
):
    """Importance-performance grid: performance across, importance up, four labelled quadrants.

    The layout of Martilla & James (1977): the cross-hairs split the attributes into
    *Concentrate here* (top left: important, performing below the line), *Keep up the good work*
    (top right), *Low priority* (bottom left) and *Possible overkill* (bottom right). Each point is
    named and coloured by its quadrant, computed by :func:`cxlab.ipa.quadrants` (a value on a
    cross-hair counts as high).

    Parameters
    ----------
    importance, performance : pandas.Series or dict
        One value per attribute, with the same names (e.g. the mean of the 100 points each SERVQUAL
        dimension received, and the dimension's gap P - E).
    title, xlabel, ylabel : str
        Title and axis labels with units: ``xlabel`` describes performance, ``ylabel`` importance.
    cross : (float, float), optional
        Where the cross-hairs go, as ``(importance, performance)`` like :func:`cxlab.ipa.quadrants`;
        by default the means of the plotted values.
    decimals : int
        Decimals of the values written beside each point's name.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        The points are one scatter collection per quadrant (labelled with the quadrant name); the
        cross-hairs are the lines labelled ``"mean importance"`` and ``"mean performance"`` (or
        ``"importance cross-hair"``/``"performance cross-hair"`` for a given ``cross``).

    Notes
    -----
    Inputs are validated by :func:`cxlab.ipa.quadrants`; an attribute without both values raises
    ``ValueError`` here, since it cannot be placed on the grid.

    References
    ----------
    * Martilla, J. A., & James, J. C. (1977). Importance-performance analysis. *Journal of Marketing*, 41(1), 77–79.
    """
    plt = pyplot()
    import numpy as np

    from cxlab.ipa import quadrants

    importance = pd.Series(importance) if isinstance(importance, dict) else importance
    performance = pd.Series(performance) if isinstance(performance, dict) else performance
    if not isinstance(importance, pd.Series) or not isinstance(performance, pd.Series):
        raise TypeError("importance and performance must be pandas Series (or dicts) named by attribute")
    labels = quadrants(importance, performance, cross=cross)
    imp, perf = importance.astype(float), performance.astype(float)
    missing = labels.index[labels.isna()]
    if len(missing):
        raise ValueError(f"attribute {missing[0]!r} has no importance or no performance value; it cannot be placed")
    imp_line, perf_line = (float(imp.mean()), float(perf.mean())) if cross is None else map(float, cross)
    if ax is None:
        _figure, ax = plt.subplots(figsize=(7.5, 5.2))
    # The quadrants' names as the chart shows them (cxlab.ipa returns them as data, in English).
    shown = {"Concentrate here": _("Concentrate here"), "Keep up the good work": _("Keep up the good work"),
             "Low priority": _("Low priority"), "Possible overkill": _("Possible overkill")}
    for quadrant, colour in _IPA_COLOURS.items():
        members = labels.index[labels == quadrant]
        if len(members):
            ax.scatter(perf[members], imp[members], s=70, color=colour, zorder=3, label=shown[quadrant])
    for name in imp.index:
        ax.annotate(f"{name}\n({perf[name]:.{decimals}f}, {imp[name]:.{decimals}f})", xy=(perf[name], imp[name]),
                    xytext=(8, 4), textcoords="offset points", fontsize=8.5)
    imp_name, perf_name = (_("mean importance"), _("mean performance")) if cross is None else (
        _("importance cross-hair"), _("performance cross-hair"))
    ax.axhline(imp_line, color="grey", linestyle="--", linewidth=1, label=imp_name)
    ax.axvline(perf_line, color="grey", linestyle="--", linewidth=1, label=perf_name)
    x_low, x_high = min(perf.min(), perf_line), max(perf.max(), perf_line)
    y_low, y_high = min(imp.min(), imp_line), max(imp.max(), imp_line)
    x_room = 0.25 * (x_high - x_low) if x_high > x_low else 1.0
    y_room = 0.2 * (y_high - y_low) if y_high > y_low else 1.0
    ax.set_xlim(x_low - x_room, x_high + 1.6 * x_room)
    ax.set_ylim(y_low - y_room, y_high + y_room)
    corners = {
        "Concentrate here": (0.02, 0.97, "left", "top"),
        "Keep up the good work": (0.98, 0.97, "right", "top"),
        "Low priority": (0.02, 0.03, "left", "bottom"),
        "Possible overkill": (0.98, 0.03, "right", "bottom"),
    }
    for quadrant, (x, y, ha, va) in corners.items():
        ax.text(x, y, shown[quadrant], transform=ax.transAxes, ha=ha, va=va, fontsize=10, fontweight="bold",
                color=_IPA_COLOURS[quadrant], alpha=0.85)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(alpha=0.25)
    ax.figure.tight_layout()
    return ax


def weighted_gap_bars(contributions: pd.Series, *, title: str, ax=None):
    """Weight × gap of each SERVQUAL dimension as horizontal bars, the first priority at the top in red.

    ``contributions`` holds each dimension's share of the importance weights times its gap P - E,
    in priority order (most negative first), as :func:`cxlab.servqual.weighted_priorities` returns
    them; ``title`` is printed as given.

    Returns the matplotlib Axes.

    Examples
    --------
    >>> import pandas as pd
    >>> from cxlab.plots import weighted_gap_bars
    >>> ax = weighted_gap_bars(pd.Series({"reliability": -0.45, "empathy": -0.15}), title="What to fix first")
    >>> [label.get_text() for label in ax.get_yticklabels()]  # bottom to top
    ['empathy', 'reliability']
    """
    plt = pyplot()

    if ax is None:
        _figure, ax = plt.subplots(figsize=(6.4, 2.9))
    first = contributions.index[0]
    names = list(reversed(contributions.index))
    values = [float(contributions[d]) for d in names]
    ax.barh(names, values, color=[RED if d == first else BLUE for d in names])
    ax.axvline(0, color="grey", linewidth=0.8)
    ax.set_xlim(min(-0.05, min(values) * 1.15), 0.02)
    ax.set_title(title, fontsize=10)
    ax.set_xlabel(_("Weight × gap (points on the 1-7 scale)"))
    ax.set_ylabel("Dimension")
    ax.figure.tight_layout()
    return ax


def item_gap_bars(item_gap: pd.Series, *, labels, dimension_of, title: str | None = None, ax=None):
    """The gap P - E of every SERVQUAL item as horizontal bars, coloured by dimension, item 1 on top.

    ``item_gap`` is indexed by item number; ``labels`` maps an item number to a short text and
    ``dimension_of`` an item number to its dimension (``cxlab.servqual.DIMENSIONS`` inverted).

    Returns the matplotlib Axes.

    Examples
    --------
    >>> import pandas as pd
    >>> from cxlab.plots import item_gap_bars
    >>> ax = item_gap_bars(pd.Series({1: -0.2, 5: -1.1}), labels={1: "modern equipment", 5: "keeps promises"},
    ...                    dimension_of={1: "tangibles", 5: "reliability"})
    >>> [label.get_text() for label in ax.get_yticklabels()]
    ['modern equipment (1)', 'keeps promises (5)']
    """
    plt = pyplot()  # with the Chinese font behind the default one
    from matplotlib.patches import Patch

    from cxlab.lang import _

    values = numbers(item_gap, "item_gap", "(perceptions - expectations).mean()")
    if isinstance(values, pd.DataFrame):
        raise TypeError(_("item_gap must be one column (a Series indexed by item number), not a table"))
    unknown = [i for i in values.index if i not in labels or i not in dimension_of]
    if unknown:
        raise ValueError(_("item {item} has no short label or no dimension; give both for every item").format(item=unknown[0]))
    dimensions = list(dict.fromkeys(dimension_of[i] for i in sorted(dimension_of)))
    colour_of = {d: DIMENSION_COLOURS[k % len(DIMENSION_COLOURS)] for k, d in enumerate(dimensions)}
    if ax is None:
        _fig, ax = plt.subplots(figsize=(8.5, 0.9 + 0.24 * len(values)))
    ax.barh([f"{labels[i]} ({i})" for i in values.index], values.to_numpy(),
            color=[colour_of[dimension_of[i]] for i in values.index])
    ax.invert_yaxis()
    ax.axvline(0, color="grey", linewidth=0.8)
    ax.legend(handles=[Patch(color=c, label=d) for d, c in colour_of.items()], title=_("Dimension"),
              frameon=False, loc="lower left")
    ax.set_xlim(min(float(values.min()) * 1.1, -0.1), max(float(values.max()) * 1.1, 0.1))
    ax.set_title(title or _("Gap of each SERVQUAL item, all respondents (simulated)"))
    ax.set_xlabel(_("Mean gap P - E (points on the 1-7 scale; left of 0 = falls short)"))
    ax.set_ylabel(_("Item (short label, item number)"))
    ax.grid(axis="x", alpha=0.3)
    ax.figure.tight_layout()
    return ax


def expectation_perception(expectation: pd.Series, perception: pd.Series, *, bottom: float = 4.0,
                           title: str | None = None, ax=None):
    """Expectation and perception side by side for each dimension, each pair labelled with its gap P - E.

    The value axis starts at ``bottom`` (4 on the 1-7 scale) so the differences are visible; the
    y label says so, since bar lengths are then not proportions.

    Returns the matplotlib Axes.

    Examples
    --------
    >>> import pandas as pd
    >>> from cxlab.plots import expectation_perception
    >>> ax = expectation_perception(pd.Series({"tangibles": 5.6, "reliability": 6.4}),
    ...                             pd.Series({"tangibles": 5.3, "reliability": 5.2}))
    >>> sorted(text.get_text() for text in ax.texts)
    ['-0.30', '-1.20']
    """
    plt = pyplot()  # with the Chinese font behind the default one
    import numpy as np

    from cxlab.lang import _

    e = numbers(expectation, "expectation", "a Series of mean expectations by dimension")
    p = numbers(perception, "perception", "a Series of mean perceptions by dimension")
    if list(e.index) != list(p.index):
        raise ValueError(_("expectation and perception must list the same dimensions in the same order"))
    if ax is None:
        _fig, ax = plt.subplots(figsize=(8, 3.8))
    x = np.arange(len(e))
    ax.bar(x - 0.2, e.to_numpy(), width=0.4, color="#cbd5e0", label=_("expectation (excellent bank)"))
    ax.bar(x + 0.2, p.to_numpy(), width=0.4, color=BLUE, label=_("perception (Harbor Bank)"))
    for xi, ei, pi in zip(x, e, p):
        ax.annotate(f"{pi - ei:+.2f}", xy=(xi + 0.2, pi), xytext=(0, 3), textcoords="offset points",
                    ha="center", fontsize=9)
    ax.set_xticks(x, [str(d) for d in e.index])
    ax.set_ylim(bottom, 7)
    ax.set_title(title or _("Expectation and perception by dimension, with the gap P - E (simulated)"))
    ax.set_xlabel(_("SERVQUAL dimension"))
    ax.set_ylabel(_("Mean answer (1-7; axis starts at {bottom:g})").format(bottom=bottom))
    ax.legend(frameon=False, loc="upper right", fontsize=9)
    ax.figure.tight_layout()
    return ax
