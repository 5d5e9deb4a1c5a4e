"""Interactive explorers for the lectures.

Each explorer is split in two: a pure function that computes what to show (unit-tested without a
browser) and a thin ipywidgets wrapper that calls it whenever the learner changes an input.
ipywidgets is imported inside the wrappers so that ``import cxlab`` stays light.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class BranchProfile:
    branch_id: str
    name: str
    district: str
    branch_type: str
    survey_answers: int
    mean_recommend: float
    mean_wait_minutes: float


def branch_profile(branches: pd.DataFrame, survey: pd.DataFrame, branch_id: str) -> BranchProfile:
    """What the orientation explorer shows for one branch."""
    match = branches[branches["branch_id"] == branch_id]
    if match.empty:
        raise ValueError(f"no branch with id {branch_id!r}; ids run from HB01 to HB{len(branches):02d}")
    row = match.iloc[0]
    answers = survey[survey["branch_id"] == branch_id]
    return BranchProfile(
        branch_id=branch_id,
        name=str(row["name"]),
        district=str(row["district"]),
        branch_type=str(row["branch_type"]),
        survey_answers=len(answers),
        mean_recommend=round(float(answers["recommend"].astype("float").mean()), 2),
        mean_wait_minutes=round(float(answers["wait_minutes"].astype("float").mean()), 1),
    )


def profile_html(profile: BranchProfile) -> str:
    rows = [
        ("Branch", f"{profile.branch_id} — {profile.name}"),
        ("District", profile.district),
        ("Type", profile.branch_type),
        ("Survey answers", f"{profile.survey_answers:,}"),
        ("Average recommendation (0–10)", f"{profile.mean_recommend:.2f}"),
        ("Average reported wait", f"{profile.mean_wait_minutes:.1f} min"),
    ]
    cells = "".join(f"<tr><th style='text-align:left'>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in rows)
    return f"<table class='cxlab-profile'>{cells}</table>"


def branch_explorer(branches: pd.DataFrame, survey: pd.DataFrame):
    """A dropdown of branches; choosing one shows its profile. Returns the widget to display."""
    import ipywidgets as widgets

    choices = [(f"{b} — {n}", b) for b, n in zip(branches["branch_id"], branches["name"])]
    dropdown = widgets.Dropdown(options=choices, description="Branch:")
    shown = widgets.HTML()

    def show(change=None):
        shown.value = profile_html(branch_profile(branches, survey, dropdown.value))

    dropdown.observe(show, names="value")
    show()
    return widgets.VBox([dropdown, shown])
