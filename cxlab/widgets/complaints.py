"""Module 5 explorer: the SLA target and the share of complaints meeting it, per channel (or any group).

The shares come from :func:`cxlab.complaints.sla_by_group`; the chart from :func:`cxlab.plots.sla_bars`.
"""

from __future__ import annotations

import pandas as pd

from cxlab._validate import require_columns
from cxlab.complaints import sla_by_group
from cxlab.lang import _
from cxlab.universe import CUTOFF
from cxlab.widgets._layout import control_options, figure_output, grid_table, show_figure, stacked

__all__ = ["SLA_GROUPS", "sla_explorer", "sla_html"]

#: Columns of the complaints table the explorer can compare.
SLA_GROUPS = ("channel", "category", "severity", "branch_type")


def _group_names() -> dict:
    """The words the explorer shows for each column it can compare by."""
    return {"channel": _("channel"), "category": _("category"), "severity": _("severity"),
            "branch_type": _("branch type")}


def sla_html(table: pd.DataFrame) -> str:
    """One row per group: complaints whose outcome is known, met, open past the SLA, too recent, the rate."""
    header = [_("outcome known"), _("met the SLA"), _("still open, past the SLA"), _("too recent to judge"),
              _("share met")]
    # itertuples keeps each column's type: the counts stay whole numbers (iterrows would make them 2,012.0).
    rows = [
        (str(row.Index), f"{row.eligible:,}", f"{row.met:,}", f"{row.open_past_sla:,}", f"{row.too_recent:,}",
         "-" if row.rate != row.rate else f"{row.rate:.1f}%")
        for row in table.itertuples()
    ]
    return grid_table(header, rows)


def sla_explorer(complaints: pd.DataFrame, *, by: str = "channel", sla_hours: float = 72, target: float = 80,
                 cutoff=CUTOFF):
    """Sliders for the SLA (hours) and the target share (%), a dropdown for the grouping; the table and bars follow.

    ``complaints`` is the ``complaints`` table (columns ``opened_at``, ``closed_at`` and the group
    columns). Returns the widget to display; its ``figure`` attribute is the (redrawn) matplotlib Figure
    and ``table`` the last table shown.
    """
    import ipywidgets as widgets
    from matplotlib.figure import Figure

    from cxlab.plots import simulated, sla_bars

    groups = [g for g in SLA_GROUPS if g in complaints.columns]
    if by not in groups:
        raise ValueError(f"by must be one of the complaints columns {', '.join(groups) or ', '.join(SLA_GROUPS)}; got {by!r}")
    require_columns(complaints, ("opened_at", "closed_at", by), "complaints")
    labels = [_("SLA (hours to close):"), _("Target (% meeting the SLA):"), _("Compare by:")]
    hours = widgets.IntSlider(value=int(sla_hours), min=4, max=240, step=4, description=labels[0],
                              continuous_update=False, **control_options(labels))
    goal = widgets.IntSlider(value=int(target), min=50, max=100, step=1, description=labels[1],
                             continuous_update=False, **control_options(labels))
    names = _group_names()
    chooser = widgets.Dropdown(options=[(names[g], g) for g in groups], value=by, description=labels[2],
                               **control_options(labels))
    shown = widgets.HTML()
    plot = figure_output()
    figure = Figure(figsize=(8, 4.2))
    box = None

    def show(change=None):
        table = sla_by_group(complaints, chooser.value, sla_hours=hours.value, cutoff=cutoff)
        shown.value = sla_html(table)
        figure.clear()
        sla_bars(table, sla_hours=hours.value, target=goal.value, ax=figure.add_subplot(),
                 title=simulated(_("Complaints closed within {hours} hours, by {group}").format(
                     hours=hours.value, group=names[chooser.value])))
        show_figure(plot, figure)
        if box is not None:
            box.table = table

    for control in (hours, goal, chooser):
        control.observe(show, names="value")
    box = stacked([hours, goal, chooser], shown, plot)
    box.figure = figure
    show()
    return box
