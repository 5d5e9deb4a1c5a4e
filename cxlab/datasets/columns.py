"""What a column of a Harbor Bank dataset holds, and the pieces several datasets share.

:class:`Column` describes one column (type, unit, allowed values, meaning); each dataset's module
(:mod:`cxlab.datasets.branches`, :mod:`cxlab.datasets.nps_survey`, ...) lists its columns with it.
The dates come from :mod:`cxlab.universe`, so the checks and the descriptions cannot drift from
the generator.

>>> AGE_BAND.expectation()
"expected one of: '18-29', '30-44', '45-59', '60+'"
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from cxlab import universe

FIRST_DAY = pd.Timestamp(universe.FIRST_DAY)
LAST_DAY = pd.Timestamp(universe.LAST_DAY)
#: Data cut-off: nothing in the files happens after this moment.
CUTOFF = pd.Timestamp(universe.CUTOFF)
SMART_CHANGE_DAY = pd.Timestamp(universe.SMART_CHANGE_DAY)
FULL_EFFECT_DAY = pd.Timestamp(universe.FULL_EFFECT_DAY)

DATE_FORMAT = "%Y-%m-%d"
DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"


class DatasetError(ValueError):
    """A dataset file is missing, damaged or does not match its documented schema."""


# Learners meet this error as cxlab.datasets.DatasetError, its public name; tracebacks say so.
DatasetError.__module__ = "cxlab.datasets"


@dataclass(frozen=True)
class Column:
    """What one column of a dataset holds.

    ``kind`` is one of ``"id"`` (an identifier matching ``pattern``), ``"text"``, ``"category"``,
    ``"date"``, ``"datetime"``, ``"int"``, ``"float"`` and ``"bool"``. ``minimum``/``maximum``
    bound numbers; ``categories`` lists the allowed labels in their documented order, and
    ``ordered`` says whether that order means something (age bands, severities).
    ``decimals`` is how many decimals the generator writes for a ``"float"``.
    """

    kind: str
    description: str
    unit: str = ""
    minimum: float | None = None
    maximum: float | None = None
    categories: tuple[str, ...] = ()
    ordered: bool = False
    nullable: bool = False
    unique: bool = False
    pattern: str = ""
    example: str = ""
    decimals: int | None = None

    def expectation(self) -> str:
        """Describe the allowed values in words, as error messages and the data card show them."""
        if self.kind == "int":
            low, high = plain_number(self.minimum), plain_number(self.maximum)
            # "0-10" reads well; "-3-3" does not.
            return (
                f"expected whole numbers from {low} to {high}"
                if low.startswith("-")
                else f"expected whole numbers {low}-{high}"
            )
        if self.kind == "float":
            unit = f" {self.unit}" if self.unit else ""
            return f"expected a number from {plain_number(self.minimum)} to {plain_number(self.maximum)}{unit}"
        if self.kind == "category":
            return "expected one of: " + ", ".join(repr(c) for c in self.categories)
        if self.kind == "date":
            return f"expected a date YYYY-MM-DD from {FIRST_DAY:%Y-%m-%d} to {LAST_DAY:%Y-%m-%d}"
        if self.kind == "datetime":
            return (
                "expected a date and time YYYY-MM-DD HH:MM:SS "
                f"from {FIRST_DAY:%Y-%m-%d} to {CUTOFF:%Y-%m-%d %H:%M:%S}"
            )
        if self.kind == "bool":
            return "expected True or False"
        if self.kind == "id":
            return f"expected an identifier like {self.example}"
        return "expected text"

    def pandas_dtype(self) -> str:
        """The dtype :func:`load` returns for this column."""
        if self.kind == "int":
            return "Int64" if self.nullable else "int64"
        if self.kind == "float":
            return "float64"
        if self.kind in ("date", "datetime"):
            return "datetime64"
        if self.kind == "bool":
            return "boolean" if self.nullable else "bool"
        if self.kind == "category":
            return "category"
        return "str"


def plain_number(value: float | None) -> str:
    if value is None:
        return "any"
    return str(int(value)) if float(value).is_integer() else str(value)



# --- building blocks shared by several datasets ------------------------------------------------

AGE_BANDS = ("18-29", "30-44", "45-59", "60+")
BRANCH_TYPES = ("smart", "traditional")
PERIODS = universe.PERIODS


def _day(moment: pd.Timestamp) -> str:
    return f"{moment:%Y-%m-%d}"


BRANCH_ID = Column(
    "id",
    "Branch identifier, HB01-HB24; joins to `branches`.",
    pattern=r"HB(0[1-9]|1[0-9]|2[0-4])",
    example="HB07",
)
BRANCH_TYPE = Column(
    "category",
    "Study group of the branch, fixed over the whole period: 'smart' branches were transformed on "
    f"{_day(SMART_CHANGE_DAY)}, 'traditional' branches are the control group.",
    categories=BRANCH_TYPES,
)
AGE_BAND = Column("category", "Customer's age band.", unit="years", categories=AGE_BANDS, ordered=True)
DATE = Column("date", "Calendar day (branches open Monday-Friday).")
PERIOD = Column(
    "category",
    f"Phase of the transformation by calendar date: '{PERIODS[0]}' (until "
    f"{_day(SMART_CHANGE_DAY - pd.Timedelta(days=1))}), '{PERIODS[1]}' ({_day(SMART_CHANGE_DAY)} to "
    f"{_day(FULL_EFFECT_DAY - pd.Timedelta(days=1))}), '{PERIODS[2]}' (from {_day(FULL_EFFECT_DAY)}). "
    "The same for both groups.",
    categories=PERIODS,
    ordered=True,
)


def rating(what: str, low: int, high: int, nullable: bool = False) -> Column:
    """A whole-number answer on a ``low``-``high`` scale."""
    return Column("int", what, unit="points", minimum=low, maximum=high, nullable=nullable)


# --- checks across columns: facts a single column cannot show ------------------------------------


def fail_first(filename: str, bad: np.ndarray | pd.Series, message: str) -> None:
    """Raise :class:`DatasetError` naming the first row where ``bad`` is true."""
    bad = np.asarray(bad, dtype=bool)
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise DatasetError(f"{filename}: row {row + 1}: {message}")


def period_of(dates: pd.Series) -> np.ndarray:
    """The period name of each date (see :data:`PERIOD`)."""
    return np.where(
        dates < SMART_CHANGE_DAY, PERIODS[0], np.where(dates < FULL_EFFECT_DAY, PERIODS[1], PERIODS[2])
    )


def check_period(filename: str, frame: pd.DataFrame, date_column: str) -> None:
    fail_first(
        filename,
        frame["period"].astype(str).to_numpy() != period_of(frame[date_column]),
        f"period does not match {date_column} ({PERIODS[0]} < {_day(SMART_CHANGE_DAY)} <= {PERIODS[1]} "
        f"< {_day(FULL_EFFECT_DAY)} <= {PERIODS[2]})",
    )


def not_before(filename: str, frame: pd.DataFrame, later: str, earlier: str) -> None:
    fail_first(filename, (frame[later] < frame[earlier]).fillna(False), f"{later} is before {earlier}")
