"""Module 3 charts: NPS with its intervals (a forest plot) and the PDCA closed loop.

matplotlib is imported inside each function so that ``import cxlab`` stays light.
"""

from __future__ import annotations

import pandas as pd

from cxlab.lang import N_, _, gettext
from cxlab.plots._look import BLACK, BLUE, DARK_GREY, INK, RED, pyplot


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
