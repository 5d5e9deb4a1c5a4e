"""``visits``: branch visits, one row per touchpoint, with the emotion felt there (journey maps)."""

from __future__ import annotations

import pandas as pd

from cxlab.datasets.columns import AGE_BAND, BRANCH_ID, BRANCH_TYPE, DATE, Column, fail_first, rating

JOURNEY_STAGES = ("awareness", "consideration", "purchase", "usage", "after-sales")
#: Touchpoints in the order a visit passes them, with the journey stage each belongs to.
TOUCHPOINT_STAGES = {
    "website info": "awareness",
    "appointment booking": "consideration",
    "entrance & greeting": "purchase",
    "queue ticket / kiosk": "purchase",
    "waiting area": "purchase",
    "counter service": "usage",
    "advisor consultation": "usage",
    "document signing": "usage",
    "exit & farewell": "after-sales",
    "follow-up message": "after-sales",
}
TOUCHPOINTS = tuple(TOUCHPOINT_STAGES)
JOURNEY_CHANNELS = ("online", "phone", "branch")

COLUMNS: dict[str, Column] = {
    "visit_id": Column(
        "id", "Visit identifier; one row per step of the visit.", pattern=r"V\d{5,}", example="V00001"
    ),
    "date": DATE,
    "branch_id": BRANCH_ID,
    "branch_type": BRANCH_TYPE,
    "age_band": AGE_BAND,
    "step": Column("int", "Order of the touchpoint within the visit (1 = first).", minimum=1, maximum=10),
    "stage": Column(
        "category",
        "Journey stage of the touchpoint (after Lemon & Verhoef 2016, adapted to a branch visit).",
        categories=JOURNEY_STAGES,
        ordered=True,
    ),
    "touchpoint": Column(
        "category",
        "Touchpoint, listed in the order a visit passes them.",
        categories=TOUCHPOINTS,
    ),
    "channel": Column("category", "Channel of the touchpoint.", categories=JOURNEY_CHANNELS),
    "emotion": Column(
        "int",
        "Emotion felt at the touchpoint; -3 = very negative, 0 = neutral, +3 = very positive.",
        unit="points",
        minimum=-3,
        maximum=3,
    ),
    "visit_rating": rating(
        "Rating of the whole visit given afterwards, 0 = terrible, 10 = excellent (repeated on every "
        "row of the visit).",
        0,
        10,
    ),
    "recommend": rating(
        "Answer to the NPS question after the visit, 0-10 (repeated on every row of the visit).", 0, 10
    ),
}


def check_rows(filename: str, frame: pd.DataFrame) -> None:
    fail_first(
        filename,
        frame.duplicated(["visit_id", "step"]).to_numpy(),
        "the same visit_id and step appear twice; expected one row per step of a visit",
    )
