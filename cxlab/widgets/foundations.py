"""Module 1 explorers: expectation-confirmation and the satisfaction split.

What they show is computed by :mod:`cxlab.experience`; these functions only wire the sliders to it
and format the answer.
"""

from __future__ import annotations

import pandas as pd

from cxlab.experience import (
    DISCONFIRMATION_CLASSES,
    DisconfirmationOutcome,
    SatisfactionSplit,
    disconfirmation_class,
    disconfirmation_outcome,
    satisfaction_split,
)
from cxlab.lang import N_, _, gettext
from cxlab.widgets._layout import control_options, grid_table, key_value_table, stacked

__all__ = [
    "DISCONFIRMATION_CLASSES", "DisconfirmationOutcome", "SatisfactionSplit", "disconfirmation_class",
    "disconfirmation_explorer", "disconfirmation_outcome", "outcome_html", "satisfaction_split",
    "satisfaction_split_explorer", "split_html",
]

_OUTCOME_WORDS = {
    "positive": N_("positively disconfirmed: better than expected"),
    "confirmed": N_("confirmed: exactly as expected"),
    "negative": N_("negatively disconfirmed: worse than expected"),
}


def outcome_html(outcome: DisconfirmationOutcome) -> str:
    """The disconfirmation, its outcome and how the customers with that pair felt, as a table."""
    def number(value: float, text: str) -> str:
        return _("no customer gave this pair") if value != value else text.format(value)

    return key_value_table([
        (_("Disconfirmation (perception − expectation)"), _("{value} points").format(value=f"{outcome.disconfirmation:+d}")),
        (_("Outcome"), gettext(_OUTCOME_WORDS[outcome.outcome])),
        (_("Surveyed customers with this pair"), f"{outcome.customers:,}"),
        (_("Their average satisfaction (1–5)"), number(outcome.mean_satisfaction, "{:.2f}")),
        (_("Of them satisfied (4 or 5)"), number(outcome.percent_satisfied, "{:.1f}%")),
        (_("Their average recommendation (0–10)"), number(outcome.mean_recommend, "{:.2f}")),
    ])


def disconfirmation_explorer(survey: pd.DataFrame, expectation: int = 5, perception: int = 5):
    """Two sliders (expectation, perception, 1-7); shows the disconfirmation and how customers felt."""
    import ipywidgets as widgets

    expected = widgets.IntSlider(value=expectation, min=1, max=7, description=_("Expectation before the visit (1–7):"),
                                 **control_options())
    perceived = widgets.IntSlider(value=perception, min=1, max=7, description=_("Perception of the service (1–7):"),
                                  **control_options())
    shown = widgets.HTML()

    def show(change=None):
        shown.value = outcome_html(disconfirmation_outcome(survey, expected.value, perceived.value))

    expected.observe(show, names="value")
    perceived.observe(show, names="value")
    show()
    return stacked([expected, perceived], shown)


def split_html(split: SatisfactionSplit) -> str:
    """Both groups side by side: customers, recommendation and loyalty, and the gaps."""
    def levels(low: int, high: int) -> str:
        return _("satisfaction {low}").format(low=low) if low == high else _("satisfaction {low}–{high}").format(
            low=low, high=high)

    return grid_table(
        [levels(split.threshold, 5), levels(1, split.threshold - 1), _("gap")],
        [
            (_("Customers"), f"{split.satisfied:,}", f"{split.others:,}", ""),
            (_("Average recommendation (0–10)"), f"{split.recommend_satisfied:.2f}", f"{split.recommend_others:.2f}",
             f"{split.recommend_gap:+.2f}"),
            (_("Average loyalty intent (1–5)"), f"{split.loyalty_satisfied:.2f}", f"{split.loyalty_others:.2f}",
             f"{split.loyalty_gap:+.2f}"),
        ],
    )


def satisfaction_split_explorer(survey: pd.DataFrame, threshold: int = 4):
    """A slider for the lowest satisfaction that counts as 'satisfied'; shows both groups side by side."""
    import ipywidgets as widgets

    slider = widgets.IntSlider(value=threshold, min=2, max=5, description=_("'Satisfied' starts at:"),
                               **control_options())
    shown = widgets.HTML()

    def show(change=None):
        shown.value = split_html(satisfaction_split(survey, slider.value))

    slider.observe(show, names="value")
    show()
    return stacked([slider], shown)
