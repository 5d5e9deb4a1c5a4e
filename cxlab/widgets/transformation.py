"""Module 8 explorer: the smart-branch transformation's difference-in-differences, chosen three ways.

The estimate and its interval come from :func:`cxlab.transformation.did_estimate` (which calls
:mod:`cxlab.effects`); the bars from :func:`cxlab.plots.before_after_bars`.
"""

from __future__ import annotations

import html

import pandas as pd

from cxlab.transformation import (
    DID_AFTER_MONTHS,
    DID_OUTCOMES,
    DID_SEGMENTS,
    FULL_EFFECT_MONTH,
    TRANSFORMATION_DATE,
    DidEstimate,
    did_estimate,
)
from cxlab.lang import _
from cxlab.widgets._layout import control_options, figure_output, grid_table, show_figure, stacked

__all__ = [
    "DID_AFTER_MONTHS", "DID_OUTCOMES", "DID_SEGMENTS", "TRANSFORMATION_DATE", "DidEstimate", "did_estimate",
    "did_html", "transformation_explorer",
]


def did_html(estimate: DidEstimate) -> str:
    """The 2 × 2 table, the answers behind it, and the estimate with its 95% interval in words."""
    label, decimals = DID_OUTCOMES[estimate.outcome]
    f = f"{{:.{decimals}f}}"
    s = f"{{:+.{decimals}f}}"
    table = grid_table([_("before"), _("after"), _("change")], [
        (_("Smart branches"), f.format(estimate.before_smart), f.format(estimate.after_smart),
         s.format(estimate.change_smart)),
        (_("Traditional branches"), f.format(estimate.before_traditional), f.format(estimate.after_traditional),
         s.format(estimate.change_traditional)),
        (_("Answers (smart / traditional)"), f"{estimate.n_before_smart:,} / {estimate.n_before_traditional:,}",
         f"{estimate.n_after_smart:,} / {estimate.n_after_traditional:,}", ""),
    ])
    verdict = (_("the interval excludes 0: an effect") if estimate.ci_low > 0 or estimate.ci_high < 0
               else _("the interval includes 0: not distinguishable from no effect"))
    headline = _("Difference-in-differences: {effect}").format(effect=s.format(estimate.did))
    detail = _("{outcome}; 95% interval {low} to {high}").format(
        outcome=html.escape(label), low=s.format(estimate.ci_low), high=s.format(estimate.ci_high))
    why = _("Customers of one branch resemble each other, so the margin counts {clusters} branches, not every "
            "answer: errors clustered by branch, t with {freedom} degrees of freedom ({t}, not 1.96).").format(
        clusters=estimate.clusters, freedom=estimate.clusters - 1, t=f"{estimate.t_critical:.2f}")
    summary = (
        f"<p><b>{headline}</b> ± {f.format(estimate.margin)} ({detail}) — {verdict}.<br><small>{why}</small></p>"
    )
    return f"{table}{summary}"


def transformation_explorer(survey: pd.DataFrame, outcome: str = "nps", segment: str = "all",
                            after_from: str = FULL_EFFECT_MONTH):
    """Choose the outcome, the customers and the first "after" month; the DiD and its bars follow.

    ``survey`` is the ``nps_survey`` table. Returns the widget to display; its ``figure`` attribute
    is the (redrawn) matplotlib Figure of before/after bars with the smart branches' counterfactual.
    """
    import ipywidgets as widgets
    from matplotlib.figure import Figure

    from cxlab.plots import before_after_bars, simulated

    start = did_estimate(survey, outcome, segment, after_from)
    outcome_box = widgets.Dropdown(options=[(label, key) for key, (label, _) in DID_OUTCOMES.items()],
                                   value=start.outcome, description=_("Outcome:"), **control_options())
    segment_box = widgets.Dropdown(options=[(_("all customers") if s == "all" else _("aged {ages}").format(ages=s), s)
                                            for s in DID_SEGMENTS],
                                   value=start.segment, description=_("Customers:"), **control_options())
    month_box = widgets.SelectionSlider(options=[(pd.Timestamp(f"{m}-01").strftime("%b %Y"), m) for m in DID_AFTER_MONTHS],
                                        value=start.after_from, description=_("'After' starts in:"),
                                        continuous_update=False, **control_options())
    shown = widgets.HTML()
    plot = figure_output()
    figure = Figure(figsize=(7.5, 3.9))
    change_month = pd.Timestamp(TRANSFORMATION_DATE)

    def show(change=None):
        estimate = did_estimate(survey, outcome_box.value, segment_box.value, month_box.value)
        shown.value = did_html(estimate)
        label, decimals = DID_OUTCOMES[estimate.outcome]
        who = _("all customers") if estimate.segment == "all" else _("customers aged {ages}").format(
            ages=estimate.segment)
        figure.clear()
        before_after_bars(
            estimate.table(), ylabel=label, decimals=decimals, ax=figure.add_subplot(),
            baseline=1.0 if estimate.outcome == "satisfaction" else 0.0,
            title=simulated(_("{outcome}, {who}: before {change} vs from {after}").format(
                outcome=label.split(" (")[0], who=who, change=f"{change_month:%b %Y}",
                after=f"{pd.Timestamp(estimate.after_from + '-01'):%b %Y}")),
        )
        show_figure(plot, figure)

    for box in (outcome_box, segment_box, month_box):
        box.observe(show, names="value")
    show()
    explorer = stacked([outcome_box, segment_box, month_box], shown, plot)
    explorer.figure = figure
    return explorer
