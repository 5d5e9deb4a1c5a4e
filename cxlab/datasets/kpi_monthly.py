"""``kpi_monthly``: the branch-by-month management report, computed from the other datasets."""

from __future__ import annotations

import pandas as pd

from cxlab.datasets.columns import BRANCH_ID, BRANCH_TYPE, PERIOD, Column, check_period, fail_first

COLUMNS: dict[str, Column] = {
    "branch_id": BRANCH_ID,
    "month": Column("date", "First day of the month."),
    "branch_type": BRANCH_TYPE,
    "period": PERIOD,
    "visits": Column(
        "int",
        "Customer visits to the branch in the month (counter and self-service).",
        unit="visits",
        minimum=0,
        maximum=10**9,
    ),
    "mean_wait_min": Column(
        "float",
        "Mean wait for a counter from the branch's queue system.",
        unit="minutes",
        minimum=0,
        maximum=240,
        decimals=2,
    ),
    "nps": Column(
        "float",
        "Net Promoter Score of the month's `nps_survey` responses at the branch: % promoters (9-10) "
        "- % detractors (0-6); empty if no responses.",
        unit="points",
        minimum=-100,
        maximum=100,
        nullable=True,
        decimals=1,
    ),
    "satisfaction_mean": Column(
        "float",
        "Mean `satisfaction` (1-5) of the month's `nps_survey` responses at the branch.",
        unit="points",
        minimum=1,
        maximum=5,
        nullable=True,
        decimals=3,
    ),
    "complaints": Column(
        "int",
        "Complaints opened in the month (from `complaints`).",
        unit="complaints",
        minimum=0,
        maximum=10**9,
    ),
    "complaints_per_1000_visits": Column(
        "float",
        "complaints / visits * 1000.",
        unit="per 1,000 visits",
        minimum=0,
        maximum=1000,
        decimals=3,
    ),
    "fcr_rate": Column(
        "float",
        "Share of the month's complaints resolved at first contact; empty if no complaints.",
        unit="share 0-1",
        minimum=0,
        maximum=1,
        nullable=True,
        decimals=3,
    ),
    "mean_resolution_hours": Column(
        "float",
        "Mean hours from opened_at to closed_at of the month's closed complaints; empty if none closed.",
        unit="hours",
        minimum=0,
        maximum=10000,
        nullable=True,
        decimals=2,
    ),
    "sla_72h_rate": Column(
        "float",
        "Share of the month's complaints closed within 72 hours (still-open complaints count as "
        "missed); empty if no complaints.",
        unit="share 0-1",
        minimum=0,
        maximum=1,
        nullable=True,
        decimals=3,
    ),
    "digital_share": Column(
        "float",
        "Share of the branch's customers' transactions done on the app or at self-service kiosks.",
        unit="share 0-1",
        minimum=0,
        maximum=1,
        decimals=3,
    ),
    "staff": Column(
        "int", "Staff on the branch roster that month.", unit="people", minimum=0, maximum=40
    ),
    "training_hours": Column(
        "float",
        "Staff training delivered that month, all staff together.",
        unit="hours",
        minimum=0,
        maximum=10000,
        decimals=1,
    ),
}


def check_rows(filename: str, frame: pd.DataFrame) -> None:
    check_period(filename, frame, "month")
    fail_first(filename, frame["month"].dt.day != 1, "month must be the first day of a month")
    fail_first(
        filename,
        frame.duplicated(["branch_id", "month"]).to_numpy(),
        "the same branch_id and month appear twice; expected one row per branch and month",
    )
