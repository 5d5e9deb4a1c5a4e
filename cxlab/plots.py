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


#: Swimlanes of a service blueprint, top to bottom (Bitner, Ostrom & Morgan 2008).
BLUEPRINT_LANES = ("customer action", "frontstage", "backstage", "support process")
#: The three lines that separate the lanes, each drawn below the lane it names.
BLUEPRINT_LINES = (
    ("line of interaction", "-"),
    ("line of visibility", "--"),
    ("line of internal interaction", ":"),
)
_LANE_TITLES = {
    "customer action": "Customer\nactions",
    "frontstage": "Frontstage\n(visible staff\n& technology)",
    "backstage": "Backstage\n(invisible\nstaff work)",
    "support process": "Support\nprocesses\n(systems, units)",
}
_PAIN_RED, _CURVE_BLUE, _WAIT_AMBER = "#c53030", "#2b6cb0", "#dd8a0b"


def _wrapped(label: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(str(label), width=width, break_long_words=False)) or str(label)


def journey_map(
    emotions: pd.Series,
    *,
    title: str,
    stages=None,
    channels=None,
    pain_points=None,
    pain_below: float = 0.0,
    ylabel: str = "Emotion (points, -3 to +3)",
    xlabel: str = "Touchpoint, in the order of the visit",
    scale: tuple[float, float] = (-3.0, 3.0),
    show_values: bool = True,
    ax=None,
):
    """A customer journey map: stages across, touchpoints in order, the emotion curve on top.

    Parameters
    ----------
    emotions : pandas.Series
        Emotion at each touchpoint (for example the mean over many visits), indexed by touchpoint
        name, in the order the journey passes them.
    title : str
        Chart title.
    stages : mapping touchpoint -> stage, optional
        Journey stage of each touchpoint (awareness, consideration, purchase, usage, after-sales;
        Lemon & Verhoef 2016). Consecutive touchpoints of one stage share a shaded band named at
        the top of the chart.
    channels : mapping touchpoint -> str, optional
        Channel(s) of each touchpoint, printed under its name ("online / phone").
    pain_points : iterable of touchpoint names, optional
        Touchpoints to highlight as pain points. By default every touchpoint whose emotion is
        below ``pain_below``.
    pain_below : float, default 0
        Threshold for the default pain points (0 = the neutral line).
    ylabel, xlabel : str
        Axis labels.
    scale : (low, high), default (-3, 3)
        The rating scale; the y axis shows all of it, so a curve is never exaggerated.
    show_values : bool, default True
        Print each touchpoint's value beside its point (the peak and the end carry theirs in
        their labels).
    ax : matplotlib Axes, optional
        Where to draw; a new figure is made if omitted.

    Returns
    -------
    matplotlib.axes.Axes
        The chart. The emotion curve is the line labelled ``"emotion curve"``; pain points are the
        collection labelled ``"pain point"``; the peak and the end are annotations whose text
        starts with ``"Peak"`` and ``"End"`` (``"Peak and end"`` when they are the same moment).

    Notes
    -----
    The peak is the most intense moment, positive or negative (largest distance from 0; the
    earliest if two are equally intense) and the end is the last touchpoint, as in
    :func:`cxlab.journey.peak_end`. Missing emotions (NaN) raise ``ValueError``: a journey map
    needs a value at every touchpoint it shows.

    References
    ----------
    * Lemon, K. N., & Verhoef, P. C. (2016). Understanding customer experience throughout the customer journey. *Journal of Marketing*, 80(6), 69–96.
    * Kahneman, D., Fredrickson, B. L., Schreiber, C. A., & Redelmeier, D. A. (1993). When more pain is preferred to less: Adding a better end. *Psychological Science*, 4(6), 401–405.

    Examples
    --------
    >>> import pandas as pd
    >>> from cxlab.plots import journey_map
    >>> visit = pd.Series({"greeting": 1, "waiting": -3, "teller": 1, "goodbye": 2})
    >>> ax = journey_map(visit, title="One branch visit")
    >>> [label.get_text() for label in ax.get_xticklabels()]
    ['greeting', 'waiting', 'teller', 'goodbye']
    """
    import matplotlib.pyplot as plt
    import matplotlib.transforms as mtransforms
    import numpy as np

    if isinstance(emotions, pd.DataFrame) or not isinstance(emotions, pd.Series):
        raise TypeError(
            "emotions must be a pandas Series indexed by touchpoint "
            f"(e.g. visits.groupby('touchpoint')['emotion'].mean()); got {type(emotions).__name__}"
        )
    if emotions.empty:
        raise ValueError("emotions is empty: a journey map needs at least one touchpoint")
    values = pd.to_numeric(emotions, errors="coerce").astype("float64")
    if values.isna().any():
        missing = [str(t) for t in values.index[values.isna()]]
        raise ValueError(f"emotions has no number for touchpoint(s) {', '.join(missing)}")
    names = [str(t) for t in values.index]
    y = values.to_numpy()
    x = np.arange(len(y))
    if stages is not None:
        unknown = [t for t in names if t not in {str(k) for k in stages}]
        if unknown:
            raise ValueError(f"stages gives no stage for touchpoint(s) {', '.join(unknown)}")
        stages = {str(k): str(v) for k, v in dict(stages).items()}
    if pain_points is None:
        pain = [i for i, v in enumerate(y) if v < pain_below]
    else:
        wanted = [str(t) for t in pain_points]
        unknown = [t for t in wanted if t not in names]
        if unknown:
            raise ValueError(f"pain point(s) {', '.join(unknown)} are not touchpoints of this journey")
        pain = [names.index(t) for t in wanted]

    if ax is None:
        _, ax = plt.subplots(figsize=(max(7.0, 1.05 * len(y) + 1.5), 4.6))
    low, high = scale
    top = high + 0.9  # headroom for the stage names
    ax.set_xlim(-0.5, len(y) - 0.5)
    ax.set_ylim(low - 0.4, top)

    if stages is not None:
        runs, start = [], 0
        for i in range(1, len(names) + 1):
            if i == len(names) or stages[names[i]] != stages[names[start]]:
                runs.append((stages[names[start]], start, i - 1))
                start = i
        for k, (stage, first, last) in enumerate(runs):
            ax.axvspan(first - 0.5, last + 0.5, color="#edf2f7" if k % 2 == 0 else "#f7fafc", zorder=0)
            if k:
                ax.axvline(first - 0.5, color="#a0aec0", linewidth=0.8, zorder=1)
            ax.text((first + last) / 2, high + 0.45, _wrapped(stage, 11 if last == first else 22),
                    ha="center", va="center", fontsize=9, fontweight="bold", color="#2d3748")
        ax.axhline(high + 0.05, color="#a0aec0", linewidth=0.6, zorder=1)
    ax.axhspan(low - 0.4, min(pain_below, top), color=_PAIN_RED, alpha=0.04, zorder=0)
    ax.axhline(0, color="grey", linestyle="--", linewidth=0.9, zorder=1)

    ax.plot(x, y, marker="o", color=_CURVE_BLUE, linewidth=2.2, markersize=6, label="emotion curve", zorder=3)
    if pain:
        ax.scatter(x[pain], y[pain], s=170, facecolors="none", edgecolors=_PAIN_RED, linewidths=2.2,
                   label="pain point", zorder=4)
    peak = int(np.argmax(np.abs(y)))
    end = len(y) - 1
    whole = bool(np.all(y == np.round(y)))
    value = (lambda v: f"{v:+.0f}") if whole else (lambda v: f"{v:+.2f}")
    offset = mtransforms.offset_copy(ax.transData, fig=ax.figure, x=9, y=0, units="points")
    for i, v in enumerate(y):
        if show_values and i not in (peak, end):
            ax.text(x[i], v, value(v), transform=offset, fontsize=8, va="center", ha="left",
                    color=_PAIN_RED if i in pain else "#2d3748", zorder=5)

    arrow = dict(arrowstyle="->", color="#2d3748", linewidth=1)

    def mark(i, text):
        # Above a good moment, below a bad one (away from the curve); beside it when the edge of
        # the scale is too close.
        left_half = i < len(y) / 2
        if y[i] >= 0 and y[i] + 1.4 <= high:
            dx, dy = (12 if left_half else -12), 30
        elif y[i] < 0 and y[i] - 1.4 >= low - 0.4:
            dx, dy = (12 if left_half else -12), -34
        else:
            dx, dy = (32 if left_half else -32), 0
        ax.annotate(text, xy=(x[i], y[i]), xytext=(dx, dy), textcoords="offset points",
                    ha="left" if left_half else "right", va="center", fontsize=9, fontweight="bold",
                    color="#2d3748", arrowprops=arrow, zorder=6,
                    bbox=dict(boxstyle="round,pad=0.2", facecolor="white", edgecolor="none", alpha=0.85))

    if peak == end:
        mark(end, f"Peak and end ({value(y[end])})")
    else:
        mark(peak, f"Peak ({value(y[peak])})")
        mark(end, f"End ({value(y[end])})")

    labels = [_wrapped(t, 12) + (f"\n({channels[t]})" if channels and t in channels else "") for t in names]
    ax.set_xticks(x)
    ax.set_xticklabels(labels, fontsize=8.5)
    ax.set_yticks(np.arange(np.ceil(low), np.floor(high) + 1))
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(loc="best", frameon=False, fontsize=8.5)
    ax.figure.tight_layout()
    return ax


def service_blueprint(steps, *, title: str, links=None, ax=None):
    """A service blueprint: the steps of a service in swimlanes, with the three dividing lines.

    Parameters
    ----------
    steps : pandas.DataFrame or list of dicts
        One row per step, listed in the order the service flows, with columns

        - ``step``: what happens, in a few words (each step's text must be unique);
        - ``lane``: one of ``"customer action"``, ``"frontstage"``, ``"backstage"``,
          ``"support process"``;
        - ``column`` (optional): the moment in time, 0, 1, 2, ...; steps that happen together
          share a column (steps of one lane in one column are stacked in the order listed).
          Defaults to one column per step;
        - ``fail`` and ``wait`` (optional, true/false): a fail point (where the service often
          goes wrong) and a wait point (where the customer waits).
    title : str
        Chart title.
    links : list of (step, step) pairs, optional
        Arrows to draw, from one step's text to another's. By default, the blueprint
        convention: the customer actions joined left to right, and within each moment the steps
        joined in the order listed (the vertical hand-offs across the lines).
    ax : matplotlib Axes, optional
        Where to draw; a new figure is made if omitted.

    Returns
    -------
    matplotlib.axes.Axes
        The chart. Lane names are text on the left; the three lines are the lines labelled
        ``"line of interaction"`` (customer action | frontstage), ``"line of visibility"``
        (frontstage | backstage) and ``"line of internal interaction"`` (backstage | support
        process); fail and wait points are badges with the text ``"F"`` and ``"W"``.

    Notes
    -----
    Raises ``ValueError`` for a missing column, an empty table, a repeated step, an unknown lane
    (the message names the step and the four lanes) or a link to an unknown step.

    References
    ----------
    * Shostack, G. L. (1984). Designing services that deliver. *Harvard Business Review*, 62(1), 133–139.
    * Bitner, M. J., Ostrom, A. L., & Morgan, F. N. (2008). Service blueprinting: A practical technique for service innovation. *California Management Review*, 50(3), 66–94.

    Examples
    --------
    >>> from cxlab.plots import service_blueprint
    >>> ax = service_blueprint(
    ...     [{"step": "Hands over ID", "lane": "customer action", "column": 0},
    ...      {"step": "Teller checks ID", "lane": "frontstage", "column": 0},
    ...      {"step": "ID system lookup", "lane": "support process", "column": 0, "wait": True}],
    ...     title="Checking an ID")
    >>> [line.get_label() for line in ax.get_lines() if line.get_label().startswith("line of")]
    ['line of interaction', 'line of visibility', 'line of internal interaction']
    """
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    table = pd.DataFrame(steps)
    for column in ("step", "lane"):
        if column not in table.columns:
            raise ValueError(f"steps needs a column {column!r}; it has {', '.join(map(str, table.columns)) or 'none'}")
    if table.empty:
        raise ValueError("steps is empty: a blueprint needs at least one step")
    table["step"] = table["step"].astype(str)
    repeated = table["step"][table["step"].duplicated()].tolist()
    if repeated:
        raise ValueError(f"step {repeated[0]!r} appears twice; give every step its own text")
    for row in table.itertuples(index=False):
        if str(row.lane) not in BLUEPRINT_LANES:
            raise ValueError(
                f"step {row.step!r} has lane {row.lane!r}; the lanes are {', '.join(map(repr, BLUEPRINT_LANES))}"
            )
    if "column" not in table.columns:
        table["column"] = range(len(table))
    table["column"] = pd.to_numeric(table["column"], errors="raise").astype(float)
    for flag in ("fail", "wait"):
        table[flag] = table[flag].fillna(False).astype(bool) if flag in table.columns else False
    rows = list(table.itertuples(index=False))
    if links is None:
        customer = sorted((r for r in rows if r.lane == "customer action"), key=lambda r: r.column)
        links = [(a.step, b.step) for a, b in zip(customer, customer[1:]) if a.column != b.column]
        for column in sorted({r.column for r in rows}):
            moment = [r for r in rows if r.column == column]
            links += [(a.step, b.step) for a, b in zip(moment, moment[1:])]
    by_step = {r.step: r for r in rows}
    for pair in links:
        unknown = [str(s) for s in pair if str(s) not in by_step]
        if unknown:
            raise ValueError(f"link {tuple(pair)!r} names an unknown step {unknown[0]!r}")

    n_columns = int(table["column"].max()) + 1
    lane_y = {lane: len(BLUEPRINT_LANES) - 1 - k for k, lane in enumerate(BLUEPRINT_LANES)}
    if ax is None:
        _, ax = plt.subplots(figsize=(max(8.0, 1.45 * n_columns + 2.0), 6.0))
    left, right = -1.5, n_columns - 0.45
    ax.set_xlim(left, right)
    ax.set_ylim(-0.5, len(BLUEPRINT_LANES) - 0.5)
    for k, lane in enumerate(BLUEPRINT_LANES):
        yc = lane_y[lane]
        ax.axhspan(yc - 0.5, yc + 0.5, color="#f7fafc" if k % 2 else "#edf2f7", zorder=0)
        ax.text(left + 0.08, yc + 0.08, _LANE_TITLES[lane], ha="left", va="center", fontsize=9.5,
                fontweight="bold", color="#2d3748")
    ax.axvline(-0.62, color="#a0aec0", linewidth=0.8)
    for (name, style), boundary in zip(BLUEPRINT_LINES, (2.5, 1.5, 0.5)):
        ax.plot([left, right], [boundary, boundary], linestyle=style, color="#1a202c",
                linewidth=1.6, label=name, zorder=2)
        ax.text(left + 0.08, boundary - 0.04, name, ha="left", va="top", fontsize=8.5,
                fontstyle="italic", color="#1a202c", zorder=2)

    # Steps sharing a lane and a moment are stacked inside the lane, in the order listed.
    y_of = {}
    for (lane, column), group in table.groupby(["lane", "column"], sort=False):
        spacing = 0.46 if len(group) == 2 else 0.8 / max(len(group) - 1, 1)
        for k, step in enumerate(group["step"]):
            y_of[step] = lane_y[str(lane)] + spacing * ((len(group) - 1) / 2 - k)
    boxes = {}
    for row in rows:
        boxes[row.step] = ax.text(
            row.column, y_of[row.step], _wrapped(row.step, 16), ha="center", va="center",
            fontsize=9, zorder=4,
            bbox=dict(boxstyle="round,pad=0.4", facecolor="white",
                      edgecolor=_PAIN_RED if row.fail else "#4a5568", linewidth=1.8 if row.fail else 1),
        )
    for a_step, b_step in links:
        a, b = by_step[str(a_step)], by_step[str(b_step)]
        if a.column == b.column:
            down = y_of[a.step] > y_of[b.step]
            start, end = ((0.5, 0), (0.5, 1)) if down else ((0.5, 1), (0.5, 0))
        else:
            start, end = ((1, 0.5), (0, 0.5)) if b.column > a.column else ((0, 0.5), (1, 0.5))
        ax.annotate("", xy=end, xycoords=boxes[b.step], xytext=start, textcoords=boxes[a.step], zorder=3,
                    arrowprops=dict(arrowstyle="-|>", color="#4a5568", linewidth=1.1, shrinkA=1, shrinkB=1))
    for row in rows:
        for flag, letter, colour, corner, nudge in (("fail", "F", _PAIN_RED, (1.0, 1.0), (3, 5)),
                                                    ("wait", "W", _WAIT_AMBER, (0.0, 1.0), (-3, 5))):
            if getattr(row, flag):
                ax.annotate(letter, xy=corner, xycoords=boxes[row.step], xytext=nudge, textcoords="offset points",
                            ha="center", va="center", fontsize=8.5, fontweight="bold", color="white", zorder=5,
                            bbox=dict(boxstyle="circle,pad=0.25", facecolor=colour, edgecolor="none"))

    ax.set_xticks(range(n_columns))
    ax.set_xticklabels([str(i + 1) for i in range(n_columns)])
    ax.set_yticks([])
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.set_title(title)
    ax.set_xlabel("Moment in the service (1 = first; time flows left to right)")
    ax.set_ylabel("Swimlane")
    ax.legend(
        handles=[
            Line2D([], [], marker="o", linestyle="none", markersize=10, color=_PAIN_RED, label="F = fail point"),
            Line2D([], [], marker="o", linestyle="none", markersize=10, color=_WAIT_AMBER, label="W = wait point"),
        ],
        loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=2, frameon=False, fontsize=9,
    )
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
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3.8))
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
    import matplotlib.pyplot as plt
    import numpy as np

    if ax is None:
        _, ax = plt.subplots(figsize=(7, 4.5))
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
    import matplotlib.pyplot as plt

    ordered = values.astype(float).sort_values()
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 0.9 + 0.32 * len(ordered)))
    palette = ["#2b6cb0", "#dd6b20", "#38a169", "#805ad5", "#d53f8c", "#718096"]
    labels = [str(k) for k in ordered.index]
    if groups is not None:
        group_of = {str(k): str(v) for k, v in dict(groups).items()}
        names = list(dict.fromkeys(group_of[label] for label in reversed(labels)))
        colour_of = {name: palette[i % len(palette)] for i, name in enumerate(names)}
        colours = [colour_of[group_of[label]] for label in labels]
    else:
        colours = [palette[0]] * len(labels)
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
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3.6))
    labels = [str(k) for k in values.index]
    strong = {str(h) for h in (highlight or [])}
    colours = ["#2b6cb0" if not strong or label in strong else "#a3bfdf" for label in labels]
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


# --------------------------------------------------------------------------- NPS and the closed loop (Module 3)


def nps_intervals(
    table: pd.DataFrame,
    *,
    title: str,
    ylabel: str,
    xlabel: str = "NPS (points, -100 to +100)",
    reference: float | None = None,
    reference_label: str = "",
    band: tuple[float, float] | None = None,
    band_label: str = "",
    highlight=None,
    highlight_label: str = "",
    sort: bool = True,
    decimals: int | None = None,
    xlim: tuple[float, float] | None = None,
    ax=None,
):
    """NPS with its confidence interval for several groups, one row each (a forest plot).

    Parameters
    ----------
    table : pandas.DataFrame
        One row per group (branch, quarter, simulated survey), indexed by its label, with columns
        ``nps``, ``ci_low`` and ``ci_high`` in points — the table :func:`cxlab.nps.by_group` returns.
    title, ylabel, xlabel : str
        Chart title and axis labels.
    reference : float, optional
        A vertical dashed line, e.g. the NPS of the whole bank, named by ``reference_label``.
    band : (low, high), optional
        A shaded vertical band, e.g. the margin of error around ``reference``, named by ``band_label``.
    highlight : iterable of labels, optional
        Rows drawn in red (named ``highlight_label`` in the legend), e.g. branches whose whole
        interval lies below the bank's NPS.
    sort : bool, default True
        Sort the rows by NPS, highest at the top; ``False`` keeps the table's order, top to bottom.
    decimals : int, optional
        Print each NPS beside its interval with this many decimals.
    xlim : (low, high), optional
        Range of the NPS axis; by default it fits the intervals.
    ax : matplotlib Axes, optional
        Where to draw; a new figure is made if omitted.

    Returns
    -------
    matplotlib.axes.Axes
        The chart: one tick label per row, top to bottom as drawn; the intervals are error bars
        labelled ``"NPS and 95% interval"`` and ``highlight_label`` (or ``"highlighted"``).

    Notes
    -----
    A table without the three columns, an empty table or a row with a missing value raises
    ``ValueError``.

    References
    ----------
    * Reichheld, F. F. (2003). The one number you need to grow. *Harvard Business Review*, 81(12), 46–54.

    Examples
    --------
    >>> import pandas as pd
    >>> from cxlab.plots import nps_intervals
    >>> table = pd.DataFrame({"nps": [5.0, 20.0], "ci_low": [-3.0, 14.0], "ci_high": [13.0, 26.0]},
    ...                      index=["HB01", "HB02"])
    >>> ax = nps_intervals(table, title="Two branches (simulated)", ylabel="Branch")
    >>> [label.get_text() for label in ax.get_yticklabels()]  # top to bottom, highest NPS first
    ['HB02', 'HB01']
    """
    import matplotlib.pyplot as plt
    import numpy as np

    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"table must be a pandas DataFrame with columns nps, ci_low, ci_high; got {type(table).__name__}")
    missing = [c for c in ("nps", "ci_low", "ci_high") if c not in table.columns]
    if missing:
        raise ValueError(
            f"table needs the columns nps, ci_low and ci_high (as from cxlab.nps.by_group); missing {', '.join(missing)}"
        )
    if table.empty:
        raise ValueError("table is empty: there is no NPS to draw")
    values = table[["nps", "ci_low", "ci_high"]].astype(float)
    if values.isna().any().any():
        raise ValueError(f"row {values.index[values.isna().any(axis=1)][0]!r} has no NPS or no interval")
    # Rows are listed top to bottom: by NPS, highest first, when sorted; else in the table's order.
    values = values.sort_values("nps", ascending=False, kind="stable") if sort else values
    labels = [str(k) for k in values.index]
    y = np.arange(len(values))[::-1]
    strong = {str(h) for h in (highlight if highlight is not None else [])}
    if ax is None:
        _, ax = plt.subplots(figsize=(7.5, 1.2 + 0.28 * len(values)))
    if band is not None:
        ax.axvspan(band[0], band[1], color="#bee3f8", alpha=0.6, zorder=0, label=band_label or None)
    if reference is not None:
        ax.axvline(reference, color="grey", linestyle="--", linewidth=1, zorder=1, label=reference_label or None)
    for is_strong, colour, name in ((False, "#2b6cb0", "NPS and 95% interval"),
                                    (True, "#c53030", highlight_label or "highlighted")):
        rows = [i for i, label in enumerate(labels) if (label in strong) == is_strong]
        if not rows:
            continue
        part = values.iloc[rows]
        ax.errorbar(part["nps"], y[rows], xerr=[part["nps"] - part["ci_low"], part["ci_high"] - part["nps"]],
                    fmt="o", color=colour, ecolor=colour, elinewidth=2, capsize=3, markersize=5, zorder=3,
                    label=name)
    if decimals is not None:
        for yi, row in zip(y, values.itertuples()):
            ax.annotate(f"{row.nps:.{decimals}f}", xy=(row.ci_high, yi), xytext=(4, 0), textcoords="offset points",
                        va="center", fontsize=8, color="#2d3748")
    ax.set_yticks(y, labels)
    ax.set_ylim(-0.7, len(values) - 0.3)
    if xlim is None:
        low, high = float(values["ci_low"].min()), float(values["ci_high"].max())
        if reference is not None:
            low, high = min(low, reference), max(high, reference)
        pad = max((high - low) * 0.06, 2.0)
        xlim = (max(low - pad, -100.0), min(high + pad * (2.5 if decimals is not None else 1), 100.0))
    ax.set_xlim(*xlim)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(axis="x", alpha=0.3)
    ax.set_axisbelow(True)
    ax.legend(frameon=True, framealpha=0.9, edgecolor="none", fontsize=8.5, loc="best")
    ax.figure.tight_layout()
    return ax


#: The four stages of the Shewhart / Deming cycle, in the order they run.
PDCA_STAGES = ("Plan", "Do", "Check", "Act")


def pdca_cycle(steps, *, title: str, ax=None):
    """The PDCA cycle (plan, do, check, act) as a wheel, each stage with what it means in practice.

    Parameters
    ----------
    steps : mapping stage -> str
        What each of ``"Plan"``, ``"Do"``, ``"Check"`` and ``"Act"`` means for the team, in a
        sentence or two; printed beside its quarter of the wheel.
    title : str
        Chart title.
    ax : matplotlib Axes, optional
        Where to draw; a new figure is made if omitted.

    Returns
    -------
    matplotlib.axes.Axes
        The diagram: Plan top right, then clockwise Do, Check and Act, with arrows showing the
        direction. The first four texts of the Axes are the stage names, the next four the
        descriptions (in the same order).

    Notes
    -----
    A missing or unknown stage, or an empty description, raises ``ValueError``.

    References
    ----------
    * Deming, W. E. (1986). *Out of the Crisis*. MIT Press (the PDCA / Shewhart cycle).

    Examples
    --------
    >>> from cxlab.plots import pdca_cycle
    >>> ax = pdca_cycle({"Plan": "Set a target", "Do": "Call back", "Check": "Measure", "Act": "Standardise"},
    ...                 title="PDCA")
    >>> [t.get_text() for t in ax.texts][:4]
    ['Plan', 'Do', 'Check', 'Act']
    """
    import math
    import textwrap

    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyArrowPatch, Wedge

    given = {str(k): v for k, v in dict(steps).items()}
    unknown = [k for k in given if k not in PDCA_STAGES]
    absent = [s for s in PDCA_STAGES if not str(given.get(s, "")).strip()]
    if unknown or absent:
        problem = f"unknown stage(s) {', '.join(map(repr, unknown))}" if unknown else f"no text for {', '.join(absent)}"
        raise ValueError(f"steps must describe each of Plan, Do, Check and Act; {problem}")
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 3.9))
    # Quarters as (start, end) angles counter-clockwise from 3 o'clock; the cycle runs clockwise.
    quarters = {"Plan": (0, 90), "Do": (270, 360), "Check": (180, 270), "Act": (90, 180)}
    colours = {"Plan": "#2b6cb0", "Do": "#38a169", "Check": "#dd6b20", "Act": "#805ad5"}
    middles = {s: math.radians(sum(quarters[s]) / 2) for s in PDCA_STAGES}
    for stage in PDCA_STAGES:
        ax.add_patch(Wedge((0, 0), 1.0, *quarters[stage], width=0.55, facecolor=colours[stage], edgecolor="white",
                           linewidth=3))
    for stage in PDCA_STAGES:
        ax.text(0.72 * math.cos(middles[stage]), 0.72 * math.sin(middles[stage]), stage, ha="center", va="center",
                fontsize=13, fontweight="bold", color="white")
    for stage in PDCA_STAGES:
        right, top = math.cos(middles[stage]) > 0, math.sin(middles[stage]) > 0
        ax.text(1.25 if right else -1.25, 0.55 if top else -0.55,
                "\n".join(textwrap.wrap(str(given[stage]), width=40)), ha="left" if right else "right",
                va="center", multialignment="left", fontsize=9.5, color="#1a202c",
                bbox=dict(boxstyle="round,pad=0.5", facecolor="white", edgecolor=colours[stage], linewidth=1.5))
    for angle in (90, 0, 270, 180):  # one clockwise arrow on the rim where each stage begins
        a, b = math.radians(angle + 18), math.radians(angle - 18)
        ax.add_patch(FancyArrowPatch((1.1 * math.cos(a), 1.1 * math.sin(a)), (1.1 * math.cos(b), 1.1 * math.sin(b)),
                                     connectionstyle="arc3,rad=-0.25", arrowstyle="-|>", mutation_scale=14,
                                     color="#4a5568", linewidth=1.5))
    ax.text(0, 0, "closed\nloop", ha="center", va="center", fontsize=10, color="#4a5568", style="italic")
    ax.set_xlim(-3.9, 3.9)
    ax.set_ylim(-1.25, 1.25)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(title)
    ax.figure.tight_layout()
    return ax


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
    import matplotlib.pyplot as plt
    import numpy as np

    missing = [c for c in ("before", "after") if c not in table.columns]
    if missing or len(table) != 2:
        raise ValueError("table needs two rows (treated group first, then control) and the columns 'before' and 'after'")
    if ax is None:
        _, ax = plt.subplots(figsize=(7.5, 3.9))
    values = table[["before", "after"]].astype(float)
    groups = [str(g) for g in values.index]
    x = np.arange(len(groups))
    width = 0.26
    pale, strong, grey = "#a3bfdf", "#2b6cb0", "#718096"
    # The treated group gets a third (counterfactual) bar, so its pair shifts left to stay centred.
    shift = np.array([width / 2 if counterfactual else 0.0, 0.0])
    bars = [
        (ax.bar(x - width / 2 - shift, values["before"] - baseline, width, bottom=baseline, color=pale,
                label="before"), values["before"].to_numpy()),
        (ax.bar(x + width / 2 - shift, values["after"] - baseline, width, bottom=baseline, color=strong,
                label="after"), values["after"].to_numpy()),
    ]
    shown = list(values.to_numpy().ravel())
    if counterfactual:
        expected = values.iloc[0]["before"] + (values.iloc[1]["after"] - values.iloc[1]["before"])
        ghost = ax.bar([x[0] + width], [expected - baseline], width, bottom=baseline, facecolor="white",
                       edgecolor=grey, hatch="//", label=f"{groups[0]} after, had it moved like {groups[1]}")
        bars.append((ghost, np.array([expected])))
        shown.append(expected)
        did = values.iloc[0]["after"] - expected
        ax.annotate(f"difference-in-differences: {did:+.{decimals}f}", xy=(0.02, 0.97), xycoords="axes fraction",
                    ha="left", va="top", fontsize=10, fontweight="bold", color="#1a365d")
    for container, numbers in bars:
        ax.bar_label(container, labels=[f"{v:.{decimals}f}" for v in numbers], padding=2, fontsize=9)
    low, high = min(baseline, min(shown)), max(baseline, max(shown))
    span = (high - low) or 1.0
    ax.set_ylim(low - (0.12 * span if low < baseline else 0), high + 0.3 * span)
    ax.axhline(baseline, color="grey", linewidth=0.8)
    ax.set_xticks(x, [f"{g} branches" for g in groups])
    ax.set_title(title)
    ax.set_xlabel("Group")
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
    import matplotlib.pyplot as plt
    import numpy as np

    if ax is None:
        _, ax = plt.subplots(figsize=(8, 3.8))
    values = estimates.astype(float)
    half = margins.reindex(values.index).astype(float)
    x = np.arange(len(values))
    labels = [k.strftime("%b %y") if isinstance(k, pd.Timestamp) else str(k) for k in values.index]
    colours = np.where(values - half > 0, "#2b6cb0", np.where(values + half < 0, "#c53030", "#a0aec0"))
    ax.axhline(0, color="grey", linewidth=1)
    if shade is not None:
        where = list(values.index)
        first, last = where.index(shade[0]), where.index(shade[1])
        ax.axvspan(first - 0.5, last + 0.5, color="#edf2f7", zorder=0)
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


# --------------------------------------------------------------------------- SERVQUAL (Module 4)

#: Colours of the four importance-performance quadrants (Martilla & James 1977).
_IPA_COLOURS = {
    "Concentrate here": "#c53030",
    "Keep up the good work": "#2f855a",
    "Low priority": "#718096",
    "Possible overkill": "#dd8a0b",
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
    import matplotlib.pyplot as plt
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
        _, ax = plt.subplots(figsize=(6.2, 5.2), subplot_kw={"projection": "polar"})
    elif getattr(ax, "name", "") != "polar":
        raise ValueError("ax must be a polar Axes: plt.subplots(subplot_kw={'projection': 'polar'})")
    ax.set_theta_offset(np.pi / 2)
    ax.set_theta_direction(-1)
    angles = np.linspace(0, 2 * np.pi, len(frame.index), endpoint=False)
    closed = np.append(angles, angles[0])
    palette = ["#2b6cb0", "#dd6b20", "#38a169", "#805ad5", "#718096"]
    for i, column in enumerate(frame.columns):
        radii = numbers[column].to_numpy()
        colour = palette[i % len(palette)]
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
                label=reference_label or "reference")
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
    import matplotlib.pyplot as plt
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
        _, ax = plt.subplots(figsize=(7.5, 5.2))
    for quadrant, colour in _IPA_COLOURS.items():
        members = labels.index[labels == quadrant]
        if len(members):
            ax.scatter(perf[members], imp[members], s=70, color=colour, zorder=3, label=quadrant)
    for name in imp.index:
        ax.annotate(f"{name}\n({perf[name]:.{decimals}f}, {imp[name]:.{decimals}f})", xy=(perf[name], imp[name]),
                    xytext=(8, 4), textcoords="offset points", fontsize=8.5)
    imp_name, perf_name = ("mean importance", "mean performance") if cross is None else (
        "importance cross-hair", "performance cross-hair")
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
        ax.text(x, y, quadrant, transform=ax.transAxes, ha=ha, va=va, fontsize=10, fontweight="bold",
                color=_IPA_COLOURS[quadrant], alpha=0.85)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(alpha=0.25)
    ax.figure.tight_layout()
    return ax
