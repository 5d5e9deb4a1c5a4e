"""``queue_log``: every counter ticket of two sample weeks, one before and one after the change."""

from __future__ import annotations

import pandas as pd

from cxlab.datasets.columns import BRANCH_ID, BRANCH_TYPE, DATE, Column, fail_first, not_before

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
SERVICE_TYPES = ("cash & deposits", "account opening", "loans & advice", "cards", "other")

COLUMNS: dict[str, Column] = {
    "ticket_id": Column(
        "id", "Queue ticket identifier.", pattern=r"T\d{6,}", example="T000001", unique=True
    ),
    "branch_id": BRANCH_ID,
    "branch_type": BRANCH_TYPE,
    "date": DATE,
    "weekday": Column("category", "Day of the week of `date`.", categories=WEEKDAYS, ordered=True),
    "arrived_at": Column("datetime", "When the customer took the ticket (doors open 09:00-17:00)."),
    "service_start": Column("datetime", "When a counter called the ticket."),
    "service_end": Column("datetime", "When the counter finished serving the ticket."),
    "service_type": Column("category", "What the customer came for.", categories=SERVICE_TYPES),
    "counter": Column(
        "int",
        "Counter number that served the ticket (1 to the branch's counters).",
        minimum=1,
        maximum=12,
    ),
    "wait_minutes": Column(
        "float",
        "service_start - arrived_at.",
        unit="minutes",
        minimum=0,
        maximum=600,
        decimals=2,
    ),
    "service_minutes": Column(
        "float",
        "service_end - service_start.",
        unit="minutes",
        minimum=0,
        maximum=600,
        decimals=2,
    ),
}


def check_rows(filename: str, frame: pd.DataFrame) -> None:
    fail_first(
        filename,
        frame["weekday"].astype(str).to_numpy() != frame["date"].dt.day_name().to_numpy(dtype=object),
        "weekday does not match date",
    )
    not_before(filename, frame, "service_start", "arrived_at")
    not_before(filename, frame, "service_end", "service_start")
