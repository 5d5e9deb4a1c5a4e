"""``nps_followups``: every detractor of ``nps_survey`` and the branch's call-back (the closed loop)."""

from __future__ import annotations

import pandas as pd

from cxlab.datasets.columns import BRANCH_ID, Column, fail_first, not_before, rating

FOLLOWUP_OUTCOMES = ("issue fixed", "explained", "apologised only", "no answer")

COLUMNS: dict[str, Column] = {
    "response_id": Column(
        "id",
        "The detractor's survey response; joins to `nps_survey`.",
        pattern=r"R\d{6,}",
        example="R000001",
        unique=True,
    ),
    "branch_id": BRANCH_ID,
    "surveyed_at": Column("datetime", "When the survey answer arrived."),
    "recommend": rating("The original answer to the NPS question (detractors only).", 0, 6),
    "contacted": Column(
        "bool",
        "Whether the branch called the customer back (an attempt counts, even if nobody answered).",
    ),
    "contacted_at": Column(
        "datetime", "When the call-back was made; empty if not contacted.", nullable=True
    ),
    "closed_at": Column(
        "datetime",
        "When the case was closed; empty if it was not closed (not contacted, no answer, or "
        "still open at the data cut-off).",
        nullable=True,
    ),
    "outcome": Column(
        "category",
        "Result of the call-back; empty if not contacted.",
        categories=FOLLOWUP_OUTCOMES,
        nullable=True,
    ),
    "recommend_after": rating(
        "Answer to the NPS question when re-surveyed about a month later; empty if not re-surveyed.",
        0,
        10,
        nullable=True,
    ),
}


def check_rows(filename: str, frame: pd.DataFrame) -> None:
    fail_first(
        filename,
        frame["contacted"].to_numpy() == frame["contacted_at"].isna().to_numpy(),
        "contacted_at must be set exactly when contacted is True",
    )
    not_before(filename, frame, "contacted_at", "surveyed_at")
    not_before(filename, frame, "closed_at", "contacted_at")
