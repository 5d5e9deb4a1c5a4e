"""Module 4 explorer: importance weights for the five SERVQUAL gaps, and what to fix first.

The score and the order of priorities come from :func:`cxlab.priorities.weighted_priorities`; the
bars from :func:`cxlab.plots.weighted_gap_bars`.
"""

from __future__ import annotations

import html

from cxlab.priorities import WeightedPriorities, weighted_priorities
from cxlab.lang import N_, _, gettext
from cxlab.widgets._layout import control_options, figure_output, show_figure, stacked

__all__ = ["WeightedPriorities", "priorities_html", "servqual_weights_explorer", "weighted_priorities"]


def priorities_html(result: WeightedPriorities) -> str:
    """The weighted score, then the dimensions in priority order with gap, weight and weight × gap."""
    header = (
        f"<tr><th style='text-align:left'>{_('priority')}</th><th style='text-align:left'>{_('dimension')}</th>"
        f"<th style='text-align:right'>{_('gap P − E')}</th><th style='text-align:right'>{_('weight')}</th>"
        f"<th style='text-align:right'>{_('weight × gap')}</th></tr>"
    )
    body = "".join(
        f"<tr><td>{rank}</td><td>{html.escape(d)}</td>"
        f"<td style='text-align:right'>{result.gaps[d]:+.2f}</td>"
        f"<td style='text-align:right'>{result.shares[d]:.0%}</td>"
        f"<td style='text-align:right'>{result.contributions[d]:+.3f}</td></tr>"
        for rank, d in enumerate(result.priority, start=1)
    )
    score = _("Weighted SERVQUAL score: {score}").format(score=f"{result.weighted_score:+.3f}")
    rest = _("(unweighted mean of the five gaps: {mean}). Your points add up to {points}; only their "
             "proportions matter.").format(mean=f"{result.unweighted_score:+.3f}", points=f"{result.total_points:g}")
    summary = f"<p><b>{score}</b> {rest}</p>"
    return f"{summary}<table class='cxlab-profile'>{header}{body}</table>"


def servqual_weights_explorer(gaps, weights=None, *, title: str = N_("Weighted gaps: what to fix first")):
    """Five sliders (0-100 points of importance, one per dimension); the weighted score and the
    priority order follow every move.

    ``gaps`` maps the five dimensions to their gaps P - E (e.g. :func:`cxlab.servqual.dimension_gaps`);
    ``weights`` gives the starting points (e.g. the mean of the 100-point allocation), 20 each by
    default. Returns the widget to display; its ``figure`` attribute is the (redrawn) bar chart of
    weight × gap in priority order. Sliders that are all at 0 show a message instead of a score.
    """
    import ipywidgets as widgets
    import pandas as pd
    from matplotlib.figure import Figure

    from cxlab.plots import weighted_gap_bars
    from cxlab.servqual import DIMENSIONS

    start = weighted_priorities(gaps, weights if weights is not None else {d: 20 for d in DIMENSIONS})
    sliders = [
        widgets.IntSlider(value=int(round(start.points[d])), min=0, max=100, description=f"{d}:",
                          continuous_update=False, **control_options(aligned_with=DIMENSIONS))
        for d in DIMENSIONS
    ]
    shown = widgets.HTML()
    plot = figure_output()
    figure = Figure(figsize=(6.4, 2.9))

    def show(change=None):
        points = {d: s.value for d, s in zip(DIMENSIONS, sliders)}
        figure.clear()
        try:
            result = weighted_priorities(start.gaps, points)
        except ValueError as error:
            shown.value = f"<p><b>{html.escape(str(error))}</b></p>"
        else:
            shown.value = priorities_html(result)
            contributions = pd.Series({d: result.contributions[d] for d in result.priority})
            weighted_gap_bars(contributions, title=_("{title} (weighted score {score})").format(
                title=gettext(title), score=f"{result.weighted_score:+.2f}"),
                              ax=figure.add_subplot())
        show_figure(plot, figure)

    for slider in sliders:
        slider.observe(show, names="value")
    show()
    box = stacked(sliders, shown, plot)
    box.figure = figure
    return box
