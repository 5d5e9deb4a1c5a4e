"""``nps_survey``: one row per surveyed customer after a branch visit or contact."""

from __future__ import annotations

import pandas as pd

from cxlab.datasets.columns import (
    AGE_BAND,
    BRANCH_ID,
    BRANCH_TYPE,
    PERIOD,
    SMART_CHANGE_DAY,
    Column,
    check_period,
    fail_first,
    rating,
)
from cxlab.universe import SMART_CHANGE_DAY as SMART_CHANGE_DATE

SEGMENTS = ("mass", "affluent", "small business")
SURVEY_CHANNELS = ("counter", "self-service", "mobile app", "phone")

COLUMNS: dict[str, Column] = {
    "response_id": Column(
        "id", "Survey response identifier.", pattern=r"R\d{6,}", example="R000001", unique=True
    ),
    "date": Column("date", "Day of the branch visit or contact that was surveyed."),
    "branch_id": BRANCH_ID,
    "branch_type": BRANCH_TYPE,
    "period": PERIOD,
    "age_band": AGE_BAND,
    "segment": Column("category", "Customer segment.", categories=SEGMENTS),
    "channel": Column(
        "category",
        "Service used on that visit or contact; 'self-service' (kiosks and tablets) exists only "
        f"in smart branches from {SMART_CHANGE_DATE}.",
        categories=SURVEY_CHANNELS,
    ),
    "recommend": rating(
        "'How likely are you to recommend Harbor Bank to a friend or colleague?' 0 = not at all "
        "likely, 10 = extremely likely (the NPS question; empty = not answered).",
        0,
        10,
        nullable=True,
    ),
    "satisfaction": rating(
        "Overall satisfaction with the visit; 1 = very dissatisfied, 5 = very satisfied.", 1, 5
    ),
    "expectation": rating(
        "How good the customer expected the service to be before the visit; 1 = very poor, 7 = excellent.",
        1,
        7,
    ),
    "perception": rating(
        "How good the service actually was; 1 = very poor, 7 = excellent (perception - "
        "expectation is the disconfirmation).",
        1,
        7,
    ),
    "rate_wait": rating(
        "Rating of the waiting time; 1 = very poor, 5 = excellent.", 1, 5, nullable=True
    ),
    "rate_staff": rating(
        "Rating of staff professionalism; 1 = very poor, 5 = excellent.", 1, 5, nullable=True
    ),
    "rate_environment": rating(
        "Rating of the branch environment (space, cleanliness, comfort); 1 = very poor, 5 = excellent.",
        1,
        5,
        nullable=True,
    ),
    "rate_digital": rating(
        "Rating of the technology used (app, kiosk, tablet); 1 = very poor, 5 = excellent.",
        1,
        5,
        nullable=True,
    ),
    "rate_personalisation": rating(
        "Rating of how well the service fitted the customer's own needs; 1 = very poor, 5 = excellent.",
        1,
        5,
        nullable=True,
    ),
    "wait_minutes": Column(
        "float",
        "Waiting time the customer reported (queue at the branch, hold time on the phone); "
        "empty for mobile-app contacts.",
        unit="minutes",
        minimum=0,
        maximum=240,
        nullable=True,
        decimals=1,
    ),
    "loyalty_intent": rating(
        "'I will keep banking with Harbor Bank'; 1 = strongly disagree, 5 = strongly agree.", 1, 5
    ),
    "comment_zh": Column("text", "Free-text comment in Chinese (empty for about half).", nullable=True),
    "comment_en": Column("text", "English gloss of comment_zh.", nullable=True),
}


def check_rows(filename: str, frame: pd.DataFrame) -> None:
    check_period(filename, frame, "date")
    fail_first(
        filename,
        (frame["channel"] == "self-service")
        & ((frame["branch_type"] != "smart") | (frame["date"] < SMART_CHANGE_DAY)),
        f"channel 'self-service' exists only in smart branches from {SMART_CHANGE_DATE}",
    )
