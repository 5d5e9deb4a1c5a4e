"""``branches``: the 24 Harbor Bank branches, half of them transformed into smart branches."""

from __future__ import annotations

import pandas as pd

from cxlab.datasets.columns import BRANCH_ID, BRANCH_TYPE, Column, fail_first
from cxlab.universe import SMART_CHANGE_DAY

DISTRICTS = ("Old Town", "Harbourfront", "Hillside", "Riverside")

COLUMNS: dict[str, Column] = {
    "branch_id": Column(
        "id", "Branch identifier.", pattern=BRANCH_ID.pattern, example="HB07", unique=True
    ),
    "name": Column("text", "Branch name in English.", unique=True),
    "name_zh": Column("text", "Branch name in Chinese.", unique=True),
    "district": Column("category", "City district; six branches each.", categories=DISTRICTS),
    "branch_type": BRANCH_TYPE,
    "transformed_on": Column(
        "date",
        "Day the branch became a smart branch (kiosks, tablets, fewer counters, staff on the "
        "floor); empty for traditional branches.",
        nullable=True,
    ),
    "counters_before": Column(
        "int", f"Staffed service counters before {SMART_CHANGE_DAY}.", unit="counters", minimum=1, maximum=12
    ),
    "counters_after": Column(
        "int",
        f"Staffed service counters from {SMART_CHANGE_DAY} (equal to counters_before for traditional "
        "branches).",
        unit="counters",
        minimum=1,
        maximum=12,
    ),
    "staff": Column(
        "int",
        "Full-time staff at the branch (tellers, advisors, lobby staff, manager); unchanged by "
        "the transformation.",
        unit="people",
        minimum=1,
        maximum=40,
    ),
    "opened_year": Column("int", "Year the branch opened.", unit="year", minimum=1950, maximum=2025),
}


def check_rows(filename: str, frame: pd.DataFrame) -> None:
    smart = frame["branch_type"] == "smart"
    fail_first(
        filename,
        smart == frame["transformed_on"].isna(),
        "transformed_on must be set for smart branches and empty for traditional ones",
    )
    fail_first(
        filename, frame["counters_after"] > frame["counters_before"], "counters_after exceeds counters_before"
    )
