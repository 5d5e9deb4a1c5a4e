"""Module 3 charts: NPS with its intervals (a forest plot) and the PDCA closed loop.

matplotlib is imported inside each function so that ``import cxlab`` stays light.
"""

from __future__ import annotations

import pandas as pd

from cxlab.lang import N_, _, gettext
from cxlab.plots._look import BLACK, BLUE, DARK_GREY, GREEN, INK, PALE_BLUE, RED, RULE_GREY, numbers, pyplot


def nps_intervals(
    table: pd.DataFrame,
    *,
    title: str,
    ylabel: str,
    xlabel: str = N_("NPS (points, -100 to +100)"),
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
    plt = pyplot()
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
        _figure, ax = plt.subplots(figsize=(7.5, 1.2 + 0.28 * len(values)))
    if band is not None:
        ax.axvspan(band[0], band[1], color="#bee3f8", alpha=0.6, zorder=0, label=band_label or None)
    if reference is not None:
        ax.axvline(reference, color="grey", linestyle="--", linewidth=1, zorder=1, label=reference_label or None)
    for is_strong, colour, name in ((False, BLUE, "NPS and 95% interval"),
                                    (True, RED, highlight_label or "highlighted")):
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
                        va="center", fontsize=8, color=INK)
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
    ax.set_xlabel(gettext(xlabel))
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

    plt = pyplot()
    from matplotlib.patches import FancyArrowPatch, Wedge

    given = {str(k): v for k, v in dict(steps).items()}
    unknown = [k for k in given if k not in PDCA_STAGES]
    absent = [s for s in PDCA_STAGES if not str(given.get(s, "")).strip()]
    if unknown or absent:
        problem = f"unknown stage(s) {', '.join(map(repr, unknown))}" if unknown else f"no text for {', '.join(absent)}"
        raise ValueError(f"steps must describe each of Plan, Do, Check and Act; {problem}")
    if ax is None:
        _figure, ax = plt.subplots(figsize=(10, 3.9))
    # Quarters as (start, end) angles counter-clockwise from 3 o'clock; the cycle runs clockwise.
    quarters = {"Plan": (0, 90), "Do": (270, 360), "Check": (180, 270), "Act": (90, 180)}
    colours = {"Plan": BLUE, "Do": "#38a169", "Check": "#dd6b20", "Act": "#805ad5"}
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
                va="center", multialignment="left", fontsize=9.5, color=BLACK,
                bbox=dict(boxstyle="round,pad=0.5", facecolor="white", edgecolor=colours[stage], linewidth=1.5))
    for angle in (90, 0, 270, 180):  # one clockwise arrow on the rim where each stage begins
        a, b = math.radians(angle + 18), math.radians(angle - 18)
        ax.add_patch(FancyArrowPatch((1.1 * math.cos(a), 1.1 * math.sin(a)), (1.1 * math.cos(b), 1.1 * math.sin(b)),
                                     connectionstyle="arc3,rad=-0.25", arrowstyle="-|>", mutation_scale=14,
                                     color=DARK_GREY, linewidth=1.5))
    ax.text(0, 0, _("closed\nloop"), ha="center", va="center", fontsize=10, color=DARK_GREY, style="italic")
    ax.set_xlim(-3.9, 3.9)
    ax.set_ylim(-1.25, 1.25)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(title)
    ax.figure.tight_layout()
    return ax


def answer_distribution(counts: pd.Series, *, title: str | None = None, ax=None):
    """How many customers gave each answer 0-10, the bars coloured by NPS group.

    ``counts`` is indexed by answer (``survey["recommend"].value_counts().sort_index()``);
    detractors (0-6) are red, passives (7-8) grey, promoters (9-10) green, as
    :func:`cxlab.nps.categorize` sorts them (Reichheld 2003).

    Returns the matplotlib Axes.

    Examples
    --------
    >>> import pandas as pd
    >>> from cxlab.plots import answer_distribution
    >>> ax = answer_distribution(pd.Series({6: 3, 8: 5, 10: 9}))
    >>> len(ax.patches)
    3
    """
    plt = pyplot()  # with the Chinese font behind the default one
    from matplotlib.patches import Patch

    from cxlab import nps
    from cxlab.lang import _

    values = numbers(counts, "counts", 'survey["recommend"].value_counts().sort_index()')
    if isinstance(values, pd.DataFrame):
        raise TypeError(_("counts must be one column (a Series indexed by answer 0-10), not a table"))
    group_colour = {"detractor": RED, "passive": RULE_GREY, "promoter": GREEN}
    group_label = {"detractor": _("detractors (0-6)"), "passive": _("passives (7-8)"), "promoter": _("promoters (9-10)")}
    groups = nps.categorize(pd.Series(values.index, dtype="float64"))
    if ax is None:
        _fig, ax = plt.subplots(figsize=(8, 3.8))
    ax.bar(values.index.astype(int), values.to_numpy(), color=[group_colour[str(g)] for g in groups])
    ax.set_xticks(range(11))
    ax.legend(handles=[Patch(color=c, label=group_label[g]) for g, c in group_colour.items()],
              frameon=False, loc="upper left")
    ax.set_title(title or _("Answers to the recommendation question (simulated)"))
    ax.set_xlabel(_("Answer (0 = not at all likely, 10 = extremely likely)"))
    ax.set_ylabel(_("Customers (count)"))
    ax.grid(axis="y", alpha=0.3)
    ax.figure.tight_layout()
    return ax


def hours_to_contact(hours: pd.Series, *, target: float = 48, cap: float = 150, title: str | None = None, ax=None):
    """A histogram of the hours from a detractor's answer to the call-back, with the target marked.

    Calls later than ``cap`` hours are counted in the last bar so that a few very late calls do
    not squeeze the rest; missing hours (nobody called) are left out. The dashed line is ``target``.

    Returns the matplotlib Axes.

    Examples
    --------
    >>> import pandas as pd
    >>> from cxlab.plots import hours_to_contact
    >>> ax = hours_to_contact(pd.Series([3.0, 20.0, 50.0, 400.0, None]))
    >>> ax.get_xlabel()
    'Hours to contact (calls after 150 hours are counted in the last bar)'
    """
    plt = pyplot()  # with the Chinese font behind the default one

    from cxlab.lang import _

    values = numbers(hours, "hours", 'followups["hours_to_contact"]')
    if isinstance(values, pd.DataFrame):
        raise TypeError(_("hours must be one column (a Series of hours), not a table"))
    if ax is None:
        _fig, ax = plt.subplots(figsize=(8, 3.6))
    ax.hist(values.dropna().clip(upper=cap), bins=range(0, int(cap) + 2, 6), color=BLUE)
    ax.axvline(target, color=RED, linestyle="--", linewidth=1.5, label=_("{hours:g} hours").format(hours=target))
    ax.set_title(title or _("Hours from the survey answer to the call-back (simulated)"))
    ax.set_xlabel(_("Hours to contact (calls after {cap:g} hours are counted in the last bar)").format(cap=cap))
    ax.set_ylabel(_("Detractors called (count)"))
    ax.legend(frameon=False)
    ax.grid(axis="y", alpha=0.3)
    ax.figure.tight_layout()
    return ax


def gain_by_outcome(gains: pd.DataFrame, *, not_called: float | None = None, title: str | None = None, ax=None):
    """Mean change in the recommendation answer after a call-back: one group per call outcome
    (rows), one bar per speed of the call (columns), with the change of detractors nobody called
    as a dashed line.

    Returns the matplotlib Axes.

    Examples
    --------
    >>> import pandas as pd
    >>> from cxlab.plots import gain_by_outcome
    >>> gains = pd.DataFrame({"within 48 h": [3.1, 1.4], "after 48 h": [1.6, 0.7]},
    ...                      index=["issue fixed", "explained"])
    >>> ax = gain_by_outcome(gains, not_called=0.2)
    >>> [label.get_text() for label in ax.get_yticklabels()]
    ['issue fixed', 'explained']
    """
    from cxlab.lang import _
    from cxlab.plots.common import grouped_bars

    label = _("not called ({change:+.2f})").format(change=not_called) if not_called is not None else ""
    return grouped_bars(gains, title=title or _("Change in the recommendation answer a month later, by call outcome (simulated)"),
                        xlabel=_("Mean change in answer (points on the 0-10 scale)"),
                        ylabel=_("Outcome of the call-back"), legend_title=_("Call-back"),
                        colours=[BLUE, PALE_BLUE], horizontal=True, reference=not_called, reference_label=label, ax=ax)
