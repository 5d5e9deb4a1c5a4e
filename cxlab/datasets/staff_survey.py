"""``staff_survey``: the employee-experience survey, one row per staff member (October 2024).

The first links of the service-profit chain (Heskett et al. 1994): what the bank gives its staff
(training, tools, the authority to act, care), how satisfied they are and whether they mean to stay.
``branch_id`` joins it to the customers' answers in ``nps_survey``.
"""

from __future__ import annotations

import pandas as pd

from cxlab.datasets.columns import BRANCH_ID, Column, DatasetError, rating

#: Roles on a branch roster, from the front line to the back office.
STAFF_ROLES = ("teller", "lobby manager", "advisor", "back office")
#: The month the survey ran (before the smart-branch change).
STAFF_SURVEY_MONTH = "2024-10"


def _agree(statement: str) -> Column:
    return rating(f'"{statement}" 1 = strongly disagree, 5 = strongly agree.', 1, 5)


COLUMNS: dict[str, Column] = {
    "staff_id": Column(
        "id",
        "Staff member (anonymised; the survey is confidential).",
        pattern=r"E\d{3,}",
        example="E001",
        unique=True,
    ),
    "branch_id": BRANCH_ID,
    "surveyed_on": Column("date", "Day the staff member answered (working days of October 2024)."),
    "role": Column("category", "Role at the branch.", categories=STAFF_ROLES),
    "tenure_years": Column(
        "float", "Years at Harbor Bank.", unit="years", minimum=0, maximum=45, decimals=1
    ),
    "training": _agree("I get the training I need to serve customers well."),
    "tools": _agree("My systems and tools let me serve customers without delay."),
    "empowerment": _agree("I can put a customer's problem right myself, without waiting for approval."),
    "care": _agree("The bank cares about my wellbeing."),
    "job_satisfaction": _agree("Overall, I am satisfied with my job."),
    "intent_to_stay": _agree("I expect to be working at Harbor Bank in two years' time."),
    "enps": rating(
        "Employee NPS question: how likely are you to recommend Harbor Bank as a place to work? "
        "0 = not at all likely, 10 = extremely likely.",
        0,
        10,
    ),
}


def check_rows(filename: str, frame: pd.DataFrame) -> None:
    months = frame["surveyed_on"].dt.strftime("%Y-%m")
    wrong = months != STAFF_SURVEY_MONTH
    if wrong.any():
        row = int(wrong.to_numpy().nonzero()[0][0])
        raise DatasetError(
            f"{filename}: row {row + 1}: surveyed_on is {frame['surveyed_on'].iloc[row]:%Y-%m-%d}; "
            f"the staff survey ran in {STAFF_SURVEY_MONTH}"
        )
