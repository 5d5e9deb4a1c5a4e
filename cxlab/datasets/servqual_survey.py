"""``servqual_survey``: the 22 SERVQUAL statements, expected and perceived, and 100 importance points.

The items and their dimensions are :data:`cxlab.servqual.DIMENSIONS`, the one definition the
analysis and the data share.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cxlab.datasets.columns import AGE_BAND, BRANCH_ID, BRANCH_TYPE, DATE, Column, DatasetError, rating
from cxlab.servqual import DIMENSIONS, N_ITEMS

#: Survey waves (year-month): one before and one after the transformation.
SERVQUAL_WAVES = ("2024-10", "2025-10")


def _servqual_items() -> dict[str, Column]:
    dimension_of = {item: dim for dim, items in DIMENSIONS.items() for item in items}
    items: dict[str, Column] = {}
    for prefix, meaning in (("e", "Expectation"), ("p", "Perception")):
        for item in range(1, N_ITEMS + 1):
            items[f"{prefix}{item:02d}"] = rating(
                f"{meaning} of SERVQUAL item {item} ({dimension_of[item]}); 1 = strongly disagree, "
                "7 = strongly agree.",
                1,
                7,
                nullable=True,
            )
    return items


def _importance(dimension: str) -> Column:
    return Column(
        "int",
        f"Points (of 100) the respondent allocated to the importance of {dimension}; the five "
        "w_ columns of a row sum to exactly 100.",
        unit="points of 100",
        minimum=0,
        maximum=100,
    )


COLUMNS: dict[str, Column] = {
    "respondent_id": Column(
        "id", "Respondent identifier.", pattern=r"S\d{5,}", example="S00001", unique=True
    ),
    "date": DATE,
    "wave": Column(
        "category",
        "Survey wave (year-month): one before and one after the transformation.",
        categories=SERVQUAL_WAVES,
        ordered=True,
    ),
    "branch_id": BRANCH_ID,
    "branch_type": BRANCH_TYPE,
    "age_band": AGE_BAND,
    **_servqual_items(),
    **{f"w_{dimension}": _importance(dimension) for dimension in DIMENSIONS},
}


def check_rows(filename: str, frame: pd.DataFrame) -> None:
    weights = frame[[c for c in frame.columns if c.startswith("w_")]].sum(axis=1)
    bad = (weights != 100).to_numpy()
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise DatasetError(
            f"{filename}: row {row + 1}: importance points w_tangibles..w_empathy sum to "
            f"{int(weights.iloc[row])}; expected exactly 100"
        )
