"""Module 3 explorer: the margin of error of an NPS survey, with simulated surveys.

The margin and the simulated surveys come from :func:`cxlab.nps.nps_interval`; the chart from
:func:`cxlab.plots.nps_intervals`.
"""

from __future__ import annotations

import pandas as pd

from cxlab._validate import require_columns
from cxlab.nps import NPSInterval, nps_interval
from cxlab.lang import _
from cxlab.widgets._layout import control_options, figure_output, key_value_table, show_figure, stacked

__all__ = ["NPSInterval", "nps_interval", "nps_interval_explorer", "nps_interval_html"]


def nps_interval_html(result: NPSInterval, group: str | None = None) -> str:
    """The group's NPS, the margin of error for the chosen survey size and the coverage, as a table."""
    level = f"{result.confidence:.0%}"
    return key_value_table([
        (_("Answers from {group}").format(group=group or _("this group")), f"{result.answers:,}"),
        (_("NPS from all those answers"), _("{value} points").format(value=f"{result.nps:+.1f}")),
        (_("Answers in one survey (n)"), f"{result.n:,}"),
        (_("Margin of error ({level})").format(level=level), _("± {value} points").format(value=f"{result.margin:.1f}")),
        (_("A survey of this size usually lands between"), _("{low} and {high}").format(low=f"{result.ci_low:+.1f}", high=f"{result.ci_high:+.1f}")),
        (_("Simulated surveys whose interval holds the NPS of all answers"),
         _("{count} of {total}").format(count=result.covered, total=len(result.surveys))),
    ])


def nps_interval_explorer(survey: pd.DataFrame, *, group: str = "branch_id", start=None, column: str = "recommend",
                          n: int = 100, draws: int = 20, seed: int = 0):
    """A group dropdown, a survey-size slider and a button for new draws; the intervals follow.

    ``survey`` is the ``nps_survey`` table (or any table with a 0-10 ``column``); ``group`` names the
    column whose values fill the dropdown, ``start`` the value shown first. Returns the widget to
    display; its ``figure`` attribute is the (redrawn) matplotlib Figure and its ``redraw()`` draws
    new surveys (what the button does).
    """
    import ipywidgets as widgets
    from matplotlib.figure import Figure

    from cxlab.plots import nps_intervals, simulated

    require_columns(survey, (group, column))
    labels = sorted(str(v) for v in survey[group].dropna().unique())
    if not labels:
        raise ValueError(f"the column {group!r} has no values to choose from")
    if start is not None and str(start) not in labels:
        raise ValueError(f"{start!r} is not a value of {group!r}; choose one of {', '.join(labels[:6])}, ...")
    keys = survey[group].astype(str)
    chooser = widgets.Dropdown(options=labels, value=str(start) if start is not None else labels[0],
                               description=_("Group:"), **control_options())
    size = widgets.IntSlider(value=n, min=20, max=2000, step=10, description=_("Answers per survey (n):"),
                             continuous_update=False, **control_options())
    again = widgets.Button(description=_("Draw new surveys"), layout=widgets.Layout(width="auto", align_self="flex-start"))
    state = {"seed": seed}
    shown = widgets.HTML()
    plot = figure_output()
    figure = Figure(figsize=(8, 5.2))

    def show(change=None):
        result = nps_interval(survey.loc[keys == chooser.value, column], size.value, draws=draws,
                              seed=state["seed"])
        shown.value = nps_interval_html(result, chooser.value)
        figure.clear()
        misses = [label for label, covers in result.surveys["covers"].items() if not covers]
        nps_intervals(
            result.surveys, sort=False, reference=result.nps,
            reference_label=_("NPS of all {answers} answers").format(answers=f"{result.answers:,}"),
            band=(result.ci_low, result.ci_high),
            band_label=_("± margin of error for n = {n}").format(n=f"{result.n:,}"), highlight=misses,
            highlight_label=_("interval misses the NPS of all answers"),
            title=simulated(_("{group}: {surveys} simulated surveys of {n} answers").format(
                group=chooser.value, surveys=len(result.surveys), n=f"{result.n:,}")),
            ylabel=_("Simulated survey"), xlim=(-100, 100), ax=figure.add_subplot(),
        )
        show_figure(plot, figure)

    def redraw(button=None):
        state["seed"] += 1
        show()

    chooser.observe(show, names="value")
    size.observe(show, names="value")
    again.on_click(redraw)
    show()
    box = stacked([chooser, size, again], shown, plot)
    box.figure = figure
    box.redraw = redraw
    return box
