"""``complaints``: every complaint, its handling, and the customer's satisfaction after recovery."""

from __future__ import annotations

import pandas as pd

from cxlab.datasets.columns import AGE_BAND, BRANCH_ID, BRANCH_TYPE, Column, fail_first, not_before, rating
from cxlab.universe import SMART_CHANGE_DAY

COMPLAINT_CHANNELS = ("counter", "phone", "mobile app", "social media", "letter")
COMPLAINT_CATEGORIES = (
    "waiting time",
    "staff attitude",
    "fees and charges",
    "transaction error",
    "mobile app",
    "kiosk usability",
)
SEVERITIES = ("low", "medium", "high")

COLUMNS: dict[str, Column] = {
    "complaint_id": Column(
        "id", "Complaint identifier.", pattern=r"C\d{5,}", example="C00001", unique=True
    ),
    "branch_id": BRANCH_ID,
    "branch_type": BRANCH_TYPE,
    "opened_at": Column("datetime", "When the complaint was received."),
    "closed_at": Column(
        "datetime",
        "When the complaint was resolved; empty if still open at the data cut-off.",
        nullable=True,
    ),
    "channel": Column("category", "How the complaint arrived.", categories=COMPLAINT_CHANNELS),
    "category": Column(
        "category",
        f"What the complaint is about; 'kiosk usability' exists only in smart branches from {SMART_CHANGE_DAY}.",
        categories=COMPLAINT_CATEGORIES,
    ),
    "severity": Column("category", "Severity assigned at intake.", categories=SEVERITIES, ordered=True),
    "age_band": AGE_BAND,
    "first_contact_resolution": Column(
        "bool", "Resolved during the first contact, with no hand-over or call-back."
    ),
    "pre_rating": rating(
        "The customer's satisfaction (0-10) in their last survey before the incident.", 0, 10
    ),
    "recovery_satisfaction": rating(
        "Satisfaction (0-10) with Harbor Bank after the complaint was resolved; empty if still open.",
        0,
        10,
        nullable=True,
    ),
    "repeat": Column("bool", "The same customer complained again within 90 days."),
    "verbatim_zh": Column("text", "The complaint in the customer's words (Chinese)."),
    "verbatim_en": Column("text", "English gloss of verbatim_zh."),
}


def check_rows(filename: str, frame: pd.DataFrame) -> None:
    not_before(filename, frame, "closed_at", "opened_at")
    fail_first(
        filename,
        frame["closed_at"].isna().to_numpy() != frame["recovery_satisfaction"].isna().to_numpy(),
        "recovery_satisfaction must be set exactly when closed_at is set",
    )
