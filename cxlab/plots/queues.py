"""Module 6 charts: the day's arrivals and waits, Little's law, Erlang C against a simulation, a
staffing plan and a lean process map.

They draw what :mod:`cxlab.waits` and :mod:`cxlab.queueing` compute. matplotlib is imported inside
each function so that ``import cxlab`` stays light.
"""

from __future__ import annotations

import pandas as pd

from cxlab.lang import N_, _, gettext
from cxlab.plots._look import AMBER, BLUE, DARK_GREY, INK, PALETTE, PALE_BLUE, RED, RULE_GREY, pyplot, wrapped

#: Colours of the lean classes of a process step, in the order of the legend.
LEAN_CLASSES = {"value-adding": BLUE, "necessary, no value": RULE_GREY, "waste": RED}
# The legend's words for the lean classes (the data keeps the English keys above).
LEAN_LABELS = {"value-adding": N_("value-adding"), "necessary, no value": N_("necessary, no value"), "waste": N_("waste")}


def _axes(ax, size):
    plt = pyplot()  # with the Chinese font behind the default one

    if ax is None:
        _figure, ax = plt.subplots(figsize=size)
    return ax


def _hour_labels(index) -> list[str]:
    return [f"{int(h):02d}:00" for h in index]


def arrivals_and_waits(demand: pd.DataFrame, *, title: str, ax=None):
    """Tickets per hour as bars and the mean wait of each hour as a line on a second axis.

    ``demand`` is the table :func:`cxlab.waits.hourly_demand` returns (``tickets_per_day`` and
    ``mean_wait`` by clock hour). The line usually peaks an hour after the bars: the queue that the
    busiest hour builds is still there in the next.

    Returns the Axes of the bars (the line's axis is ``ax.right``).

    >>> import pandas as pd
    >>> demand = pd.DataFrame({"tickets_per_day": [10, 16, 9], "mean_wait": [2.0, 9.0, 12.0]},
    ...                       index=pd.Index([11, 12, 13], name="hour"))
    >>> ax = arrivals_and_waits(demand, title="A day (simulated)")
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['11:00', '12:00', '13:00']
    """
    ax = _axes(ax, (8, 3.8))
    labels = _hour_labels(demand.index)
    positions = range(len(labels))
    ax.bar(positions, demand["tickets_per_day"].to_numpy(dtype=float), color=PALE_BLUE,
           label=_("tickets per branch-day (left axis)"))
    ax.set_xticks(list(positions), labels)
    ax.set_ylabel(_("Tickets taken in the hour\n(per branch-day)"))
    ax.set_xlabel(_("Hour of arrival"))
    right = ax.twinx()
    right.plot(list(positions), demand["mean_wait"].to_numpy(dtype=float), color=AMBER, marker="o", linewidth=2.2,
               label=_("mean wait (right axis)"))
    right.set_ylabel(_("Mean wait (minutes)"))
    right.set_ylim(bottom=0)
    handles = ax.get_legend_handles_labels()[0] + right.get_legend_handles_labels()[0]
    ax.legend(handles=handles, frameon=False, loc="upper left", fontsize=9)
    ax.set_ylim(0, float(demand["tickets_per_day"].max()) * 1.35)
    ax.set_title(title)
    ax.figure.tight_layout()
    ax.right = right
    return ax


def littles_law_check(table: pd.DataFrame, *, title: str, ax=None):
    """Each branch-day as a point: customers waiting by λ × W (x) against the head count (y).

    ``table`` is what :func:`cxlab.waits.littles_law` returns. Points on the dashed diagonal agree
    exactly.

    >>> import pandas as pd
    >>> table = pd.DataFrame({"waiting_predicted": [1.0, 2.5], "waiting_counted": [1.02, 2.49]})
    >>> ax = littles_law_check(table, title="Little's law (simulated)")
    >>> ax.get_xlabel().endswith("λ × W")
    True
    """
    ax = _axes(ax, (5.6, 5))
    predicted = table["waiting_predicted"].to_numpy(dtype=float)
    counted = table["waiting_counted"].to_numpy(dtype=float)
    top = float(max(predicted.max(), counted.max())) * 1.08
    ax.plot([0, top], [0, top], color=DARK_GREY, linestyle="--", linewidth=1, label=_("exact agreement"))
    ax.scatter(predicted, counted, s=18, color=BLUE, alpha=0.7, label=_("one branch-day"))
    ax.set_xlim(0, top)
    ax.set_ylim(0, top)
    ax.set_aspect("equal")
    ax.set_xlabel(_("Customers waiting by Little's law, λ × W"))
    ax.set_ylabel(_("Customers waiting, counted every minute"))
    ax.set_title(title)
    ax.legend(frameon=False, loc="upper left")
    ax.grid(alpha=0.3)
    ax.figure.tight_layout()
    return ax


def waits_by_hour(lines: pd.DataFrame, *, title: str, overloaded=None, ylabel: str | None = None, ax=None):
    """Mean wait by clock hour, one line per column (the log, Erlang C, a simulation...).

    ``lines`` is indexed by the clock hour; an empty value leaves a gap (Erlang C has no answer in
    an hour whose arrivals exceed the counters). ``overloaded`` lists hours to shade: arrivals
    exceed what the counters can serve.

    >>> import pandas as pd
    >>> lines = pd.DataFrame({"log": [2.0, 9.0], "Erlang C": [1.5, None]}, index=[11, 12])
    >>> ax = waits_by_hour(lines, title="Waits (simulated)", overloaded=[12])
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['log', 'Erlang C', 'arrivals exceed the counters']
    """
    ax = _axes(ax, (8, 3.8))
    positions = list(range(len(lines.index)))
    styles = ["-", "--", ":", "-."]
    for number, column in enumerate(lines.columns):
        ax.plot(positions, lines[column].to_numpy(dtype=float), marker="o", linewidth=2,
                linestyle=styles[number % len(styles)], color=PALETTE[number % len(PALETTE)], label=str(column))
    shaded = [positions[list(lines.index).index(h)] for h in (overloaded or []) if h in list(lines.index)]
    for number, position in enumerate(shaded):
        ax.axvspan(position - 0.5, position + 0.5, facecolor=RED, alpha=0.08, linewidth=0,
                   label=_("arrivals exceed the counters") if number == 0 else None)
    ax.set_xticks(positions, _hour_labels(lines.index))
    ax.set_xlim(-0.5, len(positions) - 0.5)
    ax.set_ylim(bottom=0)
    ax.set_xlabel(_("Hour of arrival"))
    ax.set_ylabel(ylabel or _("Mean wait (minutes)"))
    ax.set_title(title)
    # Below the axes: inside, the legend would cover the morning's points.
    entries = len(lines.columns) + (1 if shaded else 0)
    ax.legend(frameon=False, fontsize=9, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=min(entries, 3))
    ax.grid(axis="y", alpha=0.3)
    ax.figure.tight_layout()
    return ax


def staffing_bars(plan: pd.DataFrame, *, title: str, counters: int | None = None, ax=None):
    """Counters needed each hour (bars, labelled) with today's counters as a dashed line.

    ``plan`` is what :func:`cxlab.waits.staffing_plan` returns (``counters_needed`` by clock hour).
    Hours that need more counters than today's are drawn in red.

    >>> import pandas as pd
    >>> plan = pd.DataFrame({"counters_needed": [3, 5]}, index=[9, 12])
    >>> ax = staffing_bars(plan, title="Plan (simulated)", counters=4)
    >>> [float(p.get_height()) for p in ax.patches]
    [3.0, 5.0]
    """
    ax = _axes(ax, (8, 3.6))
    needed = plan["counters_needed"].astype(float)
    colours = [RED if counters is not None and value > counters else BLUE for value in needed]
    positions = list(range(len(needed)))
    bars = ax.bar(positions, needed.to_numpy(), color=colours)
    ax.bar_label(bars, labels=[f"{int(v)}" for v in needed], padding=2, fontsize=9)
    if counters is not None:
        ax.axhline(counters, color=INK, linestyle="--", linewidth=1.3,
                   label=_("counters open today: {counters}").format(counters=counters))
        ax.legend(frameon=False, loc="upper left", fontsize=9)
    ax.set_xticks(positions, _hour_labels(plan.index))
    ax.set_ylim(0, float(max(needed.max(), counters or 0)) * 1.3)
    ax.set_xlabel(_("Hour of arrival"))
    ax.set_ylabel(_("Counters needed"))
    ax.set_title(title)
    ax.grid(axis="y", alpha=0.3)
    ax.set_axisbelow(True)
    ax.figure.tight_layout()
    return ax


def process_map(steps: pd.DataFrame, *, title: str, ax=None):
    """A branch process as a row of boxes, one per step, as wide as its minutes and coloured by its
    lean class (value-adding, necessary but adding no value, waste).

    ``steps`` has one row per step, in order, with ``step`` (its name), ``minutes`` and ``lean``
    (one of :data:`LEAN_CLASSES`). The total time and the value-adding share are in the title's
    second line.

    >>> import pandas as pd
    >>> steps = pd.DataFrame({"step": ["take a ticket", "wait", "open the account"],
    ...                       "minutes": [1, 12, 20], "lean": ["necessary, no value", "waste", "value-adding"]})
    >>> ax = process_map(steps, title="Account opening (illustrative)")
    >>> len(ax.patches)
    3
    """
    from matplotlib.patches import Patch, Rectangle

    unknown = sorted(set(steps["lean"]) - set(LEAN_CLASSES))
    if unknown:
        raise ValueError(f"lean must be one of {', '.join(LEAN_CLASSES)}; got {', '.join(map(str, unknown))}")
    ax = _axes(ax, (10, 3.4))
    total = float(steps["minutes"].sum())
    left = 0.0
    for number, (name, minutes, lean) in enumerate(steps[["step", "minutes", "lean"]].itertuples(index=False)):
        ax.add_patch(Rectangle((left, 0), float(minutes), 1, facecolor=LEAN_CLASSES[lean], edgecolor="white",
                               linewidth=2))
        # Labels alternate above and below the bar, so narrow steps do not overlap.
        above = number % 2 == 0
        ax.text(left + float(minutes) / 2, 1.08 if above else -0.08, f"{wrapped(name, 16)}\n{minutes:g} min",
                ha="center", va="bottom" if above else "top", fontsize=8.5, color=INK)
        left += float(minutes)
    value = float(steps.loc[steps["lean"] == "value-adding", "minutes"].sum())
    ax.set_xlim(0, total)
    ax.set_ylim(-1.1, 2.1)
    ax.set_yticks([])
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    ax.set_xlabel(_("Minutes from entering the branch"))
    ax.set_title(title + "\n" + _("{total:g} minutes in all, {value:g} of them value-adding ({share:.0%})").format(
        total=total, value=value, share=value / total if total else 0))
    ax.legend(handles=[Patch(color=c, label=gettext(LEAN_LABELS[k])) for k, c in LEAN_CLASSES.items()], frameon=False,
              loc="upper center", bbox_to_anchor=(0.5, -0.32), ncol=3, fontsize=9)
    ax.figure.tight_layout()
    return ax


def queue_through_the_day(waiting: pd.Series, *, title: str, opens_at: int = 9, ax=None):
    """Customers waiting minute by minute through one (simulated) day, as a filled step line.

    ``waiting`` is indexed by minutes after opening, e.g.
    :meth:`cxlab.queueing.SimulatedDays.waiting_by_minute`.

    >>> import pandas as pd
    >>> ax = queue_through_the_day(pd.Series([0, 1, 3, 2, 0]), title="One day (simulated)")
    >>> ax.get_ylabel()
    'Customers waiting'
    """
    ax = _axes(ax, (8, 3.2))
    minutes = waiting.index.to_numpy(dtype=float)
    ax.fill_between(minutes, waiting.to_numpy(dtype=float), step="post", color=AMBER, alpha=0.35)
    ax.step(minutes, waiting.to_numpy(dtype=float), where="post", color=AMBER, linewidth=1.2)
    last = int(minutes.max()) if len(minutes) else 60
    ticks = list(range(0, last + 60, 60))
    ax.set_xticks(ticks, [f"{opens_at + t // 60:02d}:00" for t in ticks])
    ax.set_xlim(0, max(ticks))
    ax.set_ylim(bottom=0)
    ax.set_xlabel(_("Time of day"))
    ax.set_ylabel(_("Customers waiting"))
    ax.set_title(title)
    ax.grid(axis="y", alpha=0.3)
    ax.figure.tight_layout()
    return ax
