"""One Harbor Bank branch at a glance (Module 0): who it is and what its customers say on average.

Pure functions on the ``branches`` and ``nps_survey`` tables; no files, no drawing.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from cxlab._validate import require_columns

__all__ = ["BranchProfile", "branch_profile"]


@dataclass(frozen=True)
class BranchProfile:
    """A branch's name, district and type, its number of survey answers and two averages."""

    branch_id: str
    name: str
    district: str
    branch_type: str
    survey_answers: int
    mean_recommend: float
    mean_wait_minutes: float


def branch_profile(branches: pd.DataFrame, survey: pd.DataFrame, branch_id: str) -> BranchProfile:
    """What the orientation explorer shows for one branch.

    ``mean_recommend`` is the mean 0-10 recommendation answer (2 decimals) and
    ``mean_wait_minutes`` the mean reported wait (1 decimal) of the branch's survey answers,
    missing answers left out. An unknown ``branch_id`` raises ``ValueError``. A plain average, the
    course's first statistic; Module 3 turns the answers into an NPS (Reichheld 2003).

    References
    ----------
    * Reichheld, F. F. (2003). The one number you need to grow. *Harvard Business Review*, 81(12), 46–54.

    Examples
    --------
    >>> branches = pd.DataFrame({"branch_id": ["HB01"], "name": ["Harbourfront"], "district": ["Central"],
    ...                          "branch_type": ["smart"]})
    >>> survey = pd.DataFrame({"branch_id": ["HB01", "HB01"], "recommend": [9, 6], "wait_minutes": [4.0, None]})
    >>> profile = branch_profile(branches, survey, "HB01")
    >>> profile.survey_answers, profile.mean_recommend, profile.mean_wait_minutes
    (2, 7.5, 4.0)
    """
    require_columns(branches, ("branch_id", "name", "district", "branch_type"), "branches")
    require_columns(survey, ("branch_id", "recommend", "wait_minutes"))
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
