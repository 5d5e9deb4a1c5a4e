"""Module 0 explorer: choose a branch, see its profile (computed by :mod:`cxlab.branches`)."""

from __future__ import annotations

import pandas as pd

from cxlab.branches import BranchProfile, branch_profile
from cxlab.lang import _
from cxlab.widgets._layout import control_options, key_value_table, stacked

__all__ = ["BranchProfile", "branch_explorer", "branch_profile", "profile_html"]


def profile_html(profile: BranchProfile) -> str:
    """The branch profile as a two-column table."""
    return key_value_table([
        (_("Branch"), f"{profile.branch_id} — {profile.name}"),
        (_("District"), profile.district),
        (_("Type"), profile.branch_type),
        (_("Survey answers"), f"{profile.survey_answers:,}"),
        (_("Average recommendation (0–10)"), f"{profile.mean_recommend:.2f}"),
        (_("Average reported wait"), _("{minutes} min").format(minutes=f"{profile.mean_wait_minutes:.1f}")),
    ])


def branch_explorer(branches: pd.DataFrame, survey: pd.DataFrame):
    """A dropdown of branches; choosing one shows its profile. Returns the widget to display."""
    import ipywidgets as widgets

    choices = [(f"{b} — {n}", b) for b, n in zip(branches["branch_id"], branches["name"])]
    dropdown = widgets.Dropdown(options=choices, description=_("Branch:"), **control_options())
    shown = widgets.HTML()

    def show(change=None):
        shown.value = profile_html(branch_profile(branches, survey, dropdown.value))

    dropdown.observe(show, names="value")
    show()
    return stacked([dropdown], shown)
