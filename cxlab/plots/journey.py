"""Module 2 charts: the customer journey map and the service blueprint.

matplotlib is imported inside each function so that ``import cxlab`` stays light.
"""

from __future__ import annotations

import pandas as pd

from cxlab.lang import N_, _, gettext
from cxlab.plots._look import AMBER, BAND, BAND_LIGHT, BLACK, BLUE, DARK_GREY, INK, RED, RULE_GREY, numbers, pyplot, wrapped


#: Swimlanes of a service blueprint, top to bottom (Bitner, Ostrom & Morgan 2008).
BLUEPRINT_LANES = ("customer action", "frontstage", "backstage", "support process")
#: The three lines that separate the lanes, each drawn below the lane it names.
BLUEPRINT_LINES = (
    ("line of interaction", "-"),
    ("line of visibility", "--"),
    ("line of internal interaction", ":"),
)
_LANE_TITLES = {
    "customer action": N_("Customer\nactions"),
    "frontstage": N_("Frontstage\n(visible staff\n& technology)"),
    "backstage": N_("Backstage\n(invisible\nstaff work)"),
    "support process": N_("Support\nprocesses\n(systems, units)"),
}


def journey_map(
    emotions: pd.Series,
    *,
    title: str,
    stages=None,
    channels=None,
    pain_points=None,
    pain_below: float = 0.0,
    ylabel: str = N_("Emotion (points, -3 to +3)"),
    xlabel: str = N_("Touchpoint, in the order of the visit"),
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
    plt = pyplot()
    import matplotlib.transforms as mtransforms
    import numpy as np

    from cxlab.journey import peak_index

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
        _figure, ax = plt.subplots(figsize=(max(7.0, 1.05 * len(y) + 1.5), 4.6))
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
            ax.axvspan(first - 0.5, last + 0.5, color=BAND if k % 2 == 0 else BAND_LIGHT, zorder=0)
            if k:
                ax.axvline(first - 0.5, color=RULE_GREY, linewidth=0.8, zorder=1)
            ax.text((first + last) / 2, high + 0.45, wrapped(stage, 11 if last == first else 22),
                    ha="center", va="center", fontsize=9, fontweight="bold", color=INK)
        ax.axhline(high + 0.05, color=RULE_GREY, linewidth=0.6, zorder=1)
    ax.axhspan(low - 0.4, min(pain_below, top), color=RED, alpha=0.04, zorder=0)
    ax.axhline(0, color="grey", linestyle="--", linewidth=0.9, zorder=1)

    ax.plot(x, y, marker="o", color=BLUE, linewidth=2.2, markersize=6, label=_("emotion curve"), zorder=3)
    if pain:
        ax.scatter(x[pain], y[pain], s=170, facecolors="none", edgecolors=RED, linewidths=2.2,
                   label=_("pain point"), zorder=4)
    peak = peak_index(y)
    end = len(y) - 1
    whole = bool(np.all(y == np.round(y)))
    value = (lambda v: f"{v:+.0f}") if whole else (lambda v: f"{v:+.2f}")
    offset = mtransforms.offset_copy(ax.transData, fig=ax.figure, x=9, y=0, units="points")
    for i, v in enumerate(y):
        if show_values and i not in (peak, end):
            ax.text(x[i], v, value(v), transform=offset, fontsize=8, va="center", ha="left",
                    color=RED if i in pain else INK, zorder=5)

    arrow = dict(arrowstyle="->", color=INK, linewidth=1)

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
                    color=INK, arrowprops=arrow, zorder=6,
                    bbox=dict(boxstyle="round,pad=0.2", facecolor="white", edgecolor="none", alpha=0.85))

    if peak == end:
        mark(end, _("Peak and end ({value})").format(value=value(y[end])))
    else:
        mark(peak, _("Peak ({value})").format(value=value(y[peak])))
        mark(end, _("End ({value})").format(value=value(y[end])))

    labels = [wrapped(t, 12) + (f"\n({channels[t]})" if channels and t in channels else "") for t in names]
    ax.set_xticks(x)
    ax.set_xticklabels(labels, fontsize=8.5)
    ax.set_yticks(np.arange(np.ceil(low), np.floor(high) + 1))
    ax.set_title(title)
    ax.set_xlabel(gettext(xlabel))
    ax.set_ylabel(gettext(ylabel))
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
    plt = pyplot()
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
        _figure, ax = plt.subplots(figsize=(max(8.0, 1.45 * n_columns + 2.0), 6.0))
    left, right = -1.5, n_columns - 0.45
    ax.set_xlim(left, right)
    ax.set_ylim(-0.5, len(BLUEPRINT_LANES) - 0.5)
    for k, lane in enumerate(BLUEPRINT_LANES):
        yc = lane_y[lane]
        ax.axhspan(yc - 0.5, yc + 0.5, color=BAND_LIGHT if k % 2 else BAND, zorder=0)
        ax.text(left + 0.08, yc + 0.08, gettext(_LANE_TITLES[lane]), ha="left", va="center", fontsize=9.5,
                fontweight="bold", color=INK)
    ax.axvline(-0.62, color=RULE_GREY, linewidth=0.8)
    # The lines' names as the chart shows them (BLUEPRINT_LINES holds them as data, in English).
    shown = {"line of interaction": _("line of interaction"), "line of visibility": _("line of visibility"),
             "line of internal interaction": _("line of internal interaction")}
    for (name, style), boundary in zip(BLUEPRINT_LINES, (2.5, 1.5, 0.5)):
        ax.plot([left, right], [boundary, boundary], linestyle=style, color=BLACK,
                linewidth=1.6, label=shown[name], zorder=2)
        ax.text(left + 0.08, boundary - 0.04, shown[name], ha="left", va="top", fontsize=8.5,
                fontstyle="italic", color=BLACK, zorder=2)

    # Steps sharing a lane and a moment are stacked inside the lane, in the order listed.
    y_of = {}
    for (lane, column), group in table.groupby(["lane", "column"], sort=False):
        spacing = 0.46 if len(group) == 2 else 0.8 / max(len(group) - 1, 1)
        for k, step in enumerate(group["step"]):
            y_of[step] = lane_y[str(lane)] + spacing * ((len(group) - 1) / 2 - k)
    boxes = {}
    for row in rows:
        boxes[row.step] = ax.text(
            row.column, y_of[row.step], wrapped(row.step, 16), ha="center", va="center",
            fontsize=9, zorder=4,
            bbox=dict(boxstyle="round,pad=0.4", facecolor="white",
                      edgecolor=RED if row.fail else DARK_GREY, linewidth=1.8 if row.fail else 1),
        )
    for a_step, b_step in links:
        a, b = by_step[str(a_step)], by_step[str(b_step)]
        if a.column == b.column:
            down = y_of[a.step] > y_of[b.step]
            start, end = ((0.5, 0), (0.5, 1)) if down else ((0.5, 1), (0.5, 0))
        else:
            start, end = ((1, 0.5), (0, 0.5)) if b.column > a.column else ((0, 0.5), (1, 0.5))
        ax.annotate("", xy=end, xycoords=boxes[b.step], xytext=start, textcoords=boxes[a.step], zorder=3,
                    arrowprops=dict(arrowstyle="-|>", color=DARK_GREY, linewidth=1.1, shrinkA=1, shrinkB=1))
    for row in rows:
        for flag, letter, colour, corner, nudge in (("fail", "F", RED, (1.0, 1.0), (3, 5)),
                                                    ("wait", "W", AMBER, (0.0, 1.0), (-3, 5))):
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
    ax.set_xlabel(_("Moment in the service (1 = first; time flows left to right)"))
    ax.set_ylabel(_("Swimlane"))
    ax.legend(
        handles=[
            Line2D([], [], marker="o", linestyle="none", markersize=10, color=RED, label=_("F = fail point")),
            Line2D([], [], marker="o", linestyle="none", markersize=10, color=AMBER, label=_("W = wait point")),
        ],
        loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=2, frameon=False, fontsize=9,
    )
    ax.figure.tight_layout()
    return ax


def emotion_by_group(
    means: pd.DataFrame,
    *,
    title: str,
    xlabel: str,
    legend_title: str | None = None,
    colours=None,
    scale: tuple[float, float] = (-3.0, 3.0),
    ax=None,
):
    """Mean emotion at a touchpoint, grouped: one group of bars per row of ``means``, one bar per column.

    For comparisons such as the same touchpoint in two channels (rows: touchpoints, columns:
    channels) or one touchpoint by age band and branch type (rows: age bands, columns: branch type
    and period). The value axis shows ``scale``, the emotion scale, so a small gap looks small.

    Returns the matplotlib Axes.

    Examples
    --------
    >>> import pandas as pd
    >>> from cxlab.plots import emotion_by_group
    >>> means = pd.DataFrame({"online": [1.2, 0.8], "phone": [1.1, 0.9]},
    ...                      index=["appointment booking", "follow-up message"])
    >>> ax = emotion_by_group(means, title="Same touchpoint, two channels", xlabel="Touchpoint")
    >>> [float(limit) for limit in ax.get_ylim()]
    [-3.0, 3.0]
    """
    from cxlab.lang import _
    from cxlab.plots.common import grouped_bars

    return grouped_bars(means, title=title, xlabel=xlabel, ylabel=_("Mean emotion (points, -3 to +3)"),
                        legend_title=legend_title, colours=colours, lim=scale, ax=ax)


def score_vs_rating(
    summary: pd.DataFrame,
    scores: dict,
    *,
    rating: str = "visit_rating",
    min_visits: int = 30,
    title: str | None = None,
):
    """One panel per visit score: the mean rating (± 1 SD) of the visits with each score.

    ``summary`` has one row per visit; ``scores`` maps a score column (for example ``"peak_end"``,
    ``"mean_emotion"``) to its axis label. Scores are rounded to the nearest 0.5 so that visits
    with almost the same score form one point; points resting on fewer than ``min_visits`` visits
    are left out. Each panel's title gives the correlation of the score with the rating, so the
    eye and the number can be compared.

    Returns the matplotlib Figure.
    """
    plt = pyplot()  # with the Chinese font behind the default one

    from cxlab.lang import _

    if not isinstance(summary, pd.DataFrame):
        raise TypeError(_("summary must be a table with one row per visit; got {kind}").format(kind=type(summary).__name__))
    missing = [c for c in [*scores, rating] if c not in summary.columns]
    if missing:
        raise ValueError(_("summary has no column {column!r}; its columns are {columns}").format(
            column=missing[0], columns=", ".join(map(str, summary.columns))))
    fig, axes = plt.subplots(1, len(scores), figsize=(5 * len(scores), 3.8), sharey=True, squeeze=False)
    for ax, (column, label) in zip(axes[0], scores.items()):
        rounded = (summary[column].astype(float) * 2).round() / 2
        by_score = summary.groupby(rounded)[rating].agg(["mean", "std", "size"])
        by_score = by_score[by_score["size"] >= min_visits]
        ax.errorbar(by_score.index, by_score["mean"], yerr=by_score["std"], marker="o", capsize=3, color=BLUE)
        r = summary[column].astype(float).corr(summary[rating].astype(float))
        ax.set_title(_("{label}: r = {r:.2f}").format(label=label, r=r))
        ax.set_xlabel(_("{label}, rounded to 0.5 (points)").format(label=label))
        ax.grid(alpha=0.3)
    axes[0][0].set_ylabel(_("Visit rating (0-10): mean ± 1 SD"))
    fig.suptitle(title or _("Which summary of a visit goes with its rating? (simulated; groups of {n}+ visits)").format(n=min_visits))
    fig.tight_layout()
    return fig


def moments_of_truth(gaps: pd.Series, *, top: int = 2, title: str | None = None, ax=None):
    """The recommendation gap of each touchpoint as horizontal bars, the ``top`` largest in red.

    ``gaps`` is indexed by touchpoint: the mean recommendation of visits that were not negative at
    the touchpoint minus that of visits that were (Module 2). The largest gaps are the moments of
    truth (Carlzon 1987).

    Returns the matplotlib Axes.

    Examples
    --------
    >>> import pandas as pd
    >>> from cxlab.plots import moments_of_truth
    >>> ax = moments_of_truth(pd.Series({"greeting": 0.4, "waiting area": 2.1, "counter service": 2.6}))
    >>> [label.get_text() for label in ax.get_yticklabels()]
    ['greeting', 'waiting area', 'counter service']
    """
    plt = pyplot()  # with the Chinese font behind the default one

    from cxlab.lang import _

    values = numbers(gaps, "gaps", "recommend_gap").sort_values()
    if isinstance(values, pd.DataFrame):
        raise TypeError(_("gaps must be one column (a Series indexed by touchpoint), not a table"))
    if ax is None:
        _fig, ax = plt.subplots(figsize=(8, 0.9 + 0.35 * len(values)))
    strongest = set(values.index[-top:]) if top > 0 else set()
    ax.barh([str(t) for t in values.index], values.to_numpy(),
            color=[RED if t in strongest else RULE_GREY for t in values.index])
    ax.set_title(title or _("Moments of truth: what a bad moment costs in recommendation (simulated)"))
    ax.set_xlabel(_("Recommendation gap (points on the 0-10 scale): non-negative minus negative visits"))
    ax.set_ylabel(_("Touchpoint"))
    ax.grid(axis="x", alpha=0.3)
    ax.figure.tight_layout()
    return ax
