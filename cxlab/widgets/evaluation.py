"""Module 7 explorer: pairwise judgements in, AHP weights and the consistency ratio out.

One slider per pair of criteria on Saaty's 1/9-9 scale; every move rebuilds the matrix with
:func:`cxlab.ahp.judgement_matrix`, computes the weights and the ratio with
:func:`cxlab.ahp.priorities`, names the judgement to revisit with :func:`cxlab.ahp.least_consistent`
and draws :func:`cxlab.plots.ahp_weights`. ipywidgets and matplotlib are imported inside.
"""

from __future__ import annotations

import html
from fractions import Fraction

from cxlab.ahp import SAATY_SCALE, AHPResult, judgement_matrix, least_consistent, priorities
from cxlab.lang import _
from cxlab.widgets._layout import control_options, figure_output, grid_table, show_figure, stacked

__all__ = ["ahp_explorer", "ahp_html", "saaty_label"]


def saaty_label(value: float) -> str:
    """A judgement as a learner writes it: ``3``, ``1/5``."""
    fraction = Fraction(value).limit_denominator(9)
    return str(fraction.numerator) if fraction.denominator == 1 else f"1/{fraction.denominator}"


def ahp_html(result: AHPResult, revisit: tuple[str, str, float] | None = None) -> str:
    """The weights (largest first), the consistency ratio and, when it is too high, the pair to revisit."""
    weights = result.weights.sort_values(ascending=False)
    rows = [(str(k), f"{v:.1%}") for k, v in weights.items()]
    table = grid_table([_("weight")], rows)
    if result.consistent:
        verdict = _("below 0.10: the judgements are consistent enough to use.")
    else:
        verdict = _("0.10 or more: the judgements contradict each other; revise one before using the weights.")
    text = f"<p><b>{html.escape(_('Consistency ratio (CR): {cr}').format(cr=f'{result.cr:.3f}'))}</b> — {html.escape(verdict)}</p>"
    if revisit is not None and not result.consistent:
        row, column, ratio = revisit
        implied = result.weights[row] / result.weights[column]
        hint = _("The judgement that disagrees most with your other answers: {row} vs {column}. You gave "
                 "{given}; the weights from all your answers imply about {implied}.").format(
            row=row, column=column, given=saaty_label(ratio * implied), implied=f"{implied:.2g}")
        text += f"<p>{html.escape(hint)}</p>"
    return text + table


def ahp_explorer(criteria, judgements, *, title: str = "AHP weights"):
    """One slider per pair of ``criteria`` (Saaty's scale, 1/9 to 9), starting at ``judgements``.

    ``judgements`` is a dict ``{(a, b): value}`` for every pair, as :func:`cxlab.ahp.judgement_matrix`
    takes it; each value is moved to the nearest point of Saaty's scale. A slider reads "a vs b":
    3 means a is 3 times as important as b, 1/3 that b is 3 times as important as a. Returns the
    widget; its ``figure`` attribute is the (redrawn) chart of the weights and its ``result()`` the
    current :class:`cxlab.ahp.AHPResult`.
    """
    import ipywidgets as widgets
    import numpy as np
    from matplotlib.figure import Figure

    from cxlab.plots import ahp_weights

    start = judgement_matrix(criteria, judgements)
    names = list(start.columns)
    pairs = [(a, b) for i, a in enumerate(names) for b in names[i + 1:]]
    options = [(saaty_label(v), v) for v in SAATY_SCALE]
    descriptions = [_("{a} vs {b}:").format(a=a, b=b) for a, b in pairs]

    def nearest(value: float) -> float:
        return SAATY_SCALE[int(np.argmin(np.abs(np.log(np.array(SAATY_SCALE)) - np.log(value))))]

    sliders = [
        widgets.SelectionSlider(options=options, value=nearest(float(start.loc[a, b])), description=text,
                                continuous_update=False, **control_options(aligned_with=descriptions))
        for (a, b), text in zip(pairs, descriptions)
    ]
    shown = widgets.HTML()
    plot = figure_output()
    figure = Figure(figsize=(6.4, 1.3 + 0.45 * len(names)))
    current = {}

    def show(change=None):
        matrix = judgement_matrix(names, {pair: s.value for pair, s in zip(pairs, sliders)})
        current["result"] = result = priorities(matrix)
        shown.value = ahp_html(result, least_consistent(matrix))
        figure.clear()
        ahp_weights(result.weights, result.cr, title=title, ax=figure.add_subplot())
        show_figure(plot, figure)

    for slider in sliders:
        slider.observe(show, names="value")
    show()
    box = stacked(sliders, shown, plot)
    box.figure = figure
    box.result = lambda: current["result"]
    return box
