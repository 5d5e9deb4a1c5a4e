"""Module 2 explorer: one visit's emotion curve, scored by the peak-end rule (:mod:`cxlab.journey`)."""

from __future__ import annotations

import pandas as pd

from cxlab.journey import JourneyCurve, journey_curve
from cxlab.lang import N_, _, gettext
from cxlab.widgets._layout import control_options, figure_output, key_value_table, show_figure, stacked

__all__ = ["JourneyCurve", "journey_curve", "journey_curve_html", "journey_explorer"]


def journey_curve_html(curve: JourneyCurve) -> str:
    """The visit's two scores, its peak, end and pain points, as a table."""
    return key_value_table([
        (_("Remembered visit (peak-end score)"), f"{curve.peak_end:+.2f}"),
        (_("Simple average of every touchpoint"), f"{curve.mean:+.2f}"),
        (_("Peak-end minus average"), f"{curve.peak_end - curve.mean:+.2f}"),
        (_("Peak (most intense moment)"), f"{curve.peak_touchpoint} ({curve.peak:+.0f})"),
        (_("End (last moment)"), f"{curve.end_touchpoint} ({curve.end:+.0f})"),
        (_("Pain points (below 0)"), ", ".join(curve.pain_points) or _("none")),
    ])


def journey_explorer(ratings, *, stages=None, title: str = N_("One branch visit: emotion curve")):
    """A slider (-3..+3) per touchpoint; the journey map and its scores follow every move.

    ``ratings`` maps touchpoints, in visit order, to their starting emotions; ``stages`` (optional)
    maps touchpoints to journey stages for the map. Returns the widget to display; its
    ``figure`` attribute is the (redrawn) matplotlib Figure.
    """
    import ipywidgets as widgets
    from matplotlib.figure import Figure

    from cxlab.plots import journey_map

    start = journey_curve(ratings)
    sliders = [
        widgets.IntSlider(value=int(round(v)), min=-3, max=3, description=f"{name}:", continuous_update=False,
                          **control_options(aligned_with=start.touchpoints))
        for name, v in zip(start.touchpoints, start.emotions)
    ]
    scores = widgets.HTML()
    plot = figure_output()
    figure = Figure(figsize=(max(7.0, 1.05 * len(sliders) + 1.5), 4.4))

    def show(change=None):
        curve = journey_curve(dict(zip(start.touchpoints, (s.value for s in sliders))))
        scores.value = journey_curve_html(curve)
        figure.clear()
        journey_map(pd.Series(curve.emotions, index=list(curve.touchpoints)), stages=stages, title=gettext(title),
                    show_values=False, ax=figure.add_subplot())
        show_figure(plot, figure)

    for slider in sliders:
        slider.observe(show, names="value")
    show()
    box = stacked(sliders, scores, plot)
    box.figure = figure
    return box
