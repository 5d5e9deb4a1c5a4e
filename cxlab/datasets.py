"""Load and validate the Harbor Bank (港湾银行) datasets.

Harbor Bank is fictional: every file in ``datasets/`` is simulated by :mod:`cxlab.simulate`, and
``datasets/README.md`` (the data card) documents every column and the true effects built into the
data.

This module is the one place that describes the datasets. :data:`SCHEMAS` lists, for every dataset
and every column, its type, unit, allowed range or categories, whether it may be empty and what it
means. The loader checks each file against it, the generator writes files in its column order and
the data card's column tables are rendered from it (:func:`markdown_table`).

Only pandas and numpy are imported here, so ``import cxlab.datasets`` stays light.

Examples
--------
>>> from cxlab import datasets
>>> datasets.names()[:3]
['branches', 'nps_survey', 'nps_followups']
>>> branches = datasets.load("branches")
>>> len(branches), branches["branch_type"].value_counts()["smart"]
(24, np.int64(12))
>>> list(datasets.load("nps_survey")["age_band"].cat.categories)
['18-29', '30-44', '45-59', '60+']
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = [
    "Column",
    "DatasetError",
    "SCHEMAS",
    "data_dir",
    "load",
    "markdown_table",
    "names",
    "parse",
]

#: Environment variable that points the loader at another folder of CSV files.
DATA_DIR_VARIABLE = "CXLAB_DATA_DIR"

FIRST_DAY = pd.Timestamp("2024-01-01")
LAST_DAY = pd.Timestamp("2025-12-31")
#: Data cut-off: nothing in the files happens after this moment.
CUTOFF = pd.Timestamp("2025-12-31 23:59:59")

DATE_FORMAT = "%Y-%m-%d"
DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"


class DatasetError(ValueError):
    """A dataset file is missing, damaged or does not match its documented schema."""


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
            low, high = _number(self.minimum), _number(self.maximum)
            # "0-10" reads well; "-3-3" does not.
            return (
                f"expected whole numbers from {low} to {high}"
                if low.startswith("-")
                else f"expected whole numbers {low}-{high}"
            )
        if self.kind == "float":
            unit = f" {self.unit}" if self.unit else ""
            return f"expected a number from {_number(self.minimum)} to {_number(self.maximum)}{unit}"
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


def _number(value: float | None) -> str:
    if value is None:
        return "any"
    return str(int(value)) if float(value).is_integer() else str(value)


# --- building blocks shared by several datasets ------------------------------------------------

AGE_BANDS = ("18-29", "30-44", "45-59", "60+")
BRANCH_TYPES = ("smart", "traditional")
PERIODS = ("before", "transition", "after")
DISTRICTS = ("Old Town", "Harbourfront", "Hillside", "Riverside")
SEGMENTS = ("mass", "affluent", "small business")
SURVEY_CHANNELS = ("counter", "self-service", "mobile app", "phone")
FOLLOWUP_OUTCOMES = ("issue fixed", "explained", "apologised only", "no answer")
SERVQUAL_WAVES = ("2024-10", "2025-10")
#: SERVQUAL items by dimension (Parasuraman, Zeithaml & Berry 1988): item numbers 1-22.
SERVQUAL_DIMENSIONS = {
    "tangibles": (1, 2, 3, 4),
    "reliability": (5, 6, 7, 8, 9),
    "responsiveness": (10, 11, 12, 13),
    "assurance": (14, 15, 16, 17),
    "empathy": (18, 19, 20, 21, 22),
}
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
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
SERVICE_TYPES = ("cash & deposits", "account opening", "loans & advice", "cards", "other")

BRANCH_ID = Column(
    "id",
    "Branch identifier, HB01-HB24; joins to `branches`.",
    pattern=r"HB(0[1-9]|1[0-9]|2[0-4])",
    example="HB07",
)
BRANCH_TYPE = Column(
    "category",
    "Study group of the branch, fixed over the whole period: 'smart' branches were transformed on "
    "2025-07-01, 'traditional' branches are the control group.",
    categories=BRANCH_TYPES,
)
AGE_BAND = Column("category", "Customer's age band.", unit="years", categories=AGE_BANDS, ordered=True)
DATE = Column("date", "Calendar day (branches open Monday-Friday).")
PERIOD = Column(
    "category",
    "Phase of the transformation by calendar date: 'before' (until 2025-06-30), 'transition' "
    "(2025-07-01 to 2025-08-31), 'after' (from 2025-09-01). The same for both groups.",
    categories=PERIODS,
    ordered=True,
)


def _rating(what: str, low: int, high: int, nullable: bool = False) -> Column:
    return Column("int", what, unit="points", minimum=low, maximum=high, nullable=nullable)


def _servqual_items() -> dict[str, Column]:
    dimension_of = {item: dim for dim, items in SERVQUAL_DIMENSIONS.items() for item in items}
    items: dict[str, Column] = {}
    for prefix, meaning in (("e", "Expectation"), ("p", "Perception")):
        for item in range(1, 23):
            items[f"{prefix}{item:02d}"] = _rating(
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


# --- the schemas --------------------------------------------------------------------------------

SCHEMAS: dict[str, dict[str, Column]] = {
    "branches": {
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
            "int", "Staffed service counters before 2025-07-01.", unit="counters", minimum=1, maximum=12
        ),
        "counters_after": Column(
            "int",
            "Staffed service counters from 2025-07-01 (equal to counters_before for traditional "
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
    },
    "nps_survey": {
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
            "in smart branches from 2025-07-01.",
            categories=SURVEY_CHANNELS,
        ),
        "recommend": _rating(
            "'How likely are you to recommend Harbor Bank to a friend or colleague?' 0 = not at all "
            "likely, 10 = extremely likely (the NPS question; empty = not answered).",
            0,
            10,
            nullable=True,
        ),
        "satisfaction": _rating(
            "Overall satisfaction with the visit; 1 = very dissatisfied, 5 = very satisfied.", 1, 5
        ),
        "expectation": _rating(
            "How good the customer expected the service to be before the visit; 1 = very poor, 7 = excellent.",
            1,
            7,
        ),
        "perception": _rating(
            "How good the service actually was; 1 = very poor, 7 = excellent (perception - "
            "expectation is the disconfirmation).",
            1,
            7,
        ),
        "rate_wait": _rating(
            "Rating of the waiting time; 1 = very poor, 5 = excellent.", 1, 5, nullable=True
        ),
        "rate_staff": _rating(
            "Rating of staff professionalism; 1 = very poor, 5 = excellent.", 1, 5, nullable=True
        ),
        "rate_environment": _rating(
            "Rating of the branch environment (space, cleanliness, comfort); 1 = very poor, 5 = excellent.",
            1,
            5,
            nullable=True,
        ),
        "rate_digital": _rating(
            "Rating of the technology used (app, kiosk, tablet); 1 = very poor, 5 = excellent.",
            1,
            5,
            nullable=True,
        ),
        "rate_personalisation": _rating(
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
        "loyalty_intent": _rating(
            "'I will keep banking with Harbor Bank'; 1 = strongly disagree, 5 = strongly agree.", 1, 5
        ),
        "comment_zh": Column("text", "Free-text comment in Chinese (empty for about half).", nullable=True),
        "comment_en": Column("text", "English gloss of comment_zh.", nullable=True),
    },
    "nps_followups": {
        "response_id": Column(
            "id",
            "The detractor's survey response; joins to `nps_survey`.",
            pattern=r"R\d{6,}",
            example="R000001",
            unique=True,
        ),
        "branch_id": BRANCH_ID,
        "surveyed_at": Column("datetime", "When the survey answer arrived."),
        "recommend": _rating("The original answer to the NPS question (detractors only).", 0, 6),
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
        "recommend_after": _rating(
            "Answer to the NPS question when re-surveyed about a month later; empty if not re-surveyed.",
            0,
            10,
            nullable=True,
        ),
    },
    "servqual_survey": {
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
        "w_tangibles": _importance("tangibles"),
        "w_reliability": _importance("reliability"),
        "w_responsiveness": _importance("responsiveness"),
        "w_assurance": _importance("assurance"),
        "w_empathy": _importance("empathy"),
    },
    "visits": {
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
        "visit_rating": _rating(
            "Rating of the whole visit given afterwards, 0 = terrible, 10 = excellent (repeated on every "
            "row of the visit).",
            0,
            10,
        ),
        "recommend": _rating(
            "Answer to the NPS question after the visit, 0-10 (repeated on every row of the visit).", 0, 10
        ),
    },
    "complaints": {
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
            "What the complaint is about; 'kiosk usability' exists only in smart branches from 2025-07-01.",
            categories=COMPLAINT_CATEGORIES,
        ),
        "severity": Column("category", "Severity assigned at intake.", categories=SEVERITIES, ordered=True),
        "age_band": AGE_BAND,
        "first_contact_resolution": Column(
            "bool", "Resolved during the first contact, with no hand-over or call-back."
        ),
        "pre_rating": _rating(
            "The customer's satisfaction (0-10) in their last survey before the incident.", 0, 10
        ),
        "recovery_satisfaction": _rating(
            "Satisfaction (0-10) with Harbor Bank after the complaint was resolved; empty if still open.",
            0,
            10,
            nullable=True,
        ),
        "repeat": Column("bool", "The same customer complained again within 90 days."),
        "verbatim_zh": Column("text", "The complaint in the customer's words (Chinese)."),
        "verbatim_en": Column("text", "English gloss of verbatim_zh."),
    },
    "queue_log": {
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
    },
    "kpi_monthly": {
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
    },
}


def names() -> list[str]:
    """Names of the Harbor Bank datasets, in the order the data card lists them.

    >>> names()
    ['branches', 'nps_survey', 'nps_followups', 'servqual_survey', 'visits', 'complaints', 'queue_log', 'kpi_monthly']
    """
    return list(SCHEMAS)


def data_dir() -> Path:
    """Folder the CSV files are read from: ``$CXLAB_DATA_DIR`` if set, else the repository's ``datasets/``."""
    override = os.environ.get(DATA_DIR_VARIABLE)
    if override:
        return Path(override).expanduser()
    return Path(__file__).resolve().parent.parent / "datasets"


def load(name: str) -> pd.DataFrame:
    """Read ``datasets/<name>.csv``, check it against its schema and return a typed frame.

    Dates and times are ``datetime64``, labels are pandas ``Categorical`` (in the documented
    order; age bands, periods, severities, journey stages, waves and weekdays are ordered),
    whole numbers are ``int64`` (``Int64`` where a value may be missing), true/false columns are
    ``bool`` and free text is ``str``.

    Parameters
    ----------
    name : str
        One of :func:`names`.

    Returns
    -------
    pandas.DataFrame
        The dataset, columns in the documented order.

    Raises
    ------
    ValueError
        One line naming the dataset, the file and what is wrong: an unknown name, a missing or
        truncated file, a missing or unexpected column, or a value that cannot be read or is
        outside its documented range (rows are counted from 1, the first line after the header).

    Examples
    --------
    >>> survey = load("nps_survey")
    >>> survey["recommend"].dtype
    Int64Dtype()
    >>> load("nps")
    Traceback (most recent call last):
    ...
    cxlab.datasets.DatasetError: unknown dataset 'nps'; available: branches, nps_survey, nps_followups, servqual_survey, visits, complaints, queue_log, kpi_monthly
    """
    if not isinstance(name, str):
        raise TypeError(f"dataset name must be a string such as 'nps_survey', not {type(name).__name__}")
    if name not in SCHEMAS:
        raise DatasetError(f"unknown dataset {name!r}; available: {', '.join(SCHEMAS)}")
    path = data_dir() / f"{name}.csv"
    raw = _read_raw(name, path)
    frame = parse(name, raw, filename=path.name)
    return frame


def _read_raw(name: str, path: Path) -> pd.DataFrame:
    """Read every cell as text, so each value can be checked and reported with its row."""
    regenerate = "run `cxlab data` or `python -m cxlab.simulate` to regenerate the datasets"
    if not path.is_file():
        raise DatasetError(f"{name}: file {path} not found; {regenerate}")
    try:
        with path.open("rb") as handle:
            size = handle.seek(0, os.SEEK_END)
            if size == 0:
                raise DatasetError(f"{path.name}: the file is empty ({path}); {regenerate}")
            handle.seek(size - 1)
            last_byte = handle.read(1)
    except OSError as error:
        raise DatasetError(f"{name}: cannot read {path}: {error.strerror}") from None
    if last_byte != b"\n":
        # The generator ends every file with a newline; a file that stops mid-line was cut short.
        raise DatasetError(
            f"{path.name}: the file looks truncated (its last line is incomplete) ({path}); {regenerate}"
        )
    try:
        return pd.read_csv(
            path,
            dtype=str,
            keep_default_na=False,
            na_values=[],
            encoding="utf-8",
            on_bad_lines="error",
        )
    except UnicodeDecodeError:
        raise DatasetError(f"{path.name}: the file is not valid UTF-8 text ({path})") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        detail = " ".join(str(error).split())
        raise DatasetError(f"{path.name}: the file cannot be read as CSV ({detail}) ({path})") from None


def parse(name: str, raw: pd.DataFrame, filename: str | None = None) -> pd.DataFrame:
    """Check a frame of text cells against the schema of ``name`` and convert it to typed columns.

    This is the part of :func:`load` after reading the file; empty strings (or missing values)
    mean an empty cell.
    """
    schema = SCHEMAS[name]
    filename = filename or f"{name}.csv"
    missing = [column for column in schema if column not in raw.columns]
    if missing:
        raise DatasetError(
            f"{filename}: column {missing[0]!r} is missing; expected columns: {', '.join(schema)}"
        )
    extra = [column for column in raw.columns if column not in schema]
    if extra:
        raise DatasetError(
            f"{filename}: unexpected column {str(extra[0])!r}; expected columns: {', '.join(schema)}"
        )
    typed = {column: _parse_column(filename, column, spec, raw[column]) for column, spec in schema.items()}
    frame = pd.DataFrame(typed)
    for check in _ROW_CHECKS.get(name, ()):
        check(filename, frame)
    return frame


def _parse_column(filename: str, column: str, spec: Column, raw: pd.Series) -> pd.Series:
    text = raw.fillna("").astype(str).to_numpy(dtype=object)
    is_empty = text == ""
    if is_empty.any() and not spec.nullable:
        row = int(np.flatnonzero(is_empty)[0])
        raise DatasetError(f"{filename}: column {column!r} is empty in row {row + 1}; {spec.expectation()}")
    parsed, bad = _PARSERS[spec.kind](spec, text, is_empty)
    bad = bad & ~is_empty
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise DatasetError(
            f"{filename}: column {column!r} has {_show(text[row])} in row {row + 1}; {spec.expectation()}"
        )
    if spec.unique:
        duplicated = pd.Series(text).duplicated(keep="first").to_numpy() & ~is_empty
        if duplicated.any():
            row = int(np.flatnonzero(duplicated)[0])
            first = int(np.flatnonzero(text == text[row])[0])
            raise DatasetError(
                f"{filename}: column {column!r} has {_show(text[row])} twice (rows {first + 1} and "
                f"{row + 1}); expected each value once"
            )
    return parsed


def _show(value: str) -> str:
    try:
        float(value)
    except ValueError:
        return repr(value)
    return value


def _numbers(text: np.ndarray, is_empty: np.ndarray) -> np.ndarray:
    """Text cells as floats; empty cells and text that is not a number become NaN."""
    filled = np.where(is_empty, "nan", text)
    try:
        return filled.astype(float)  # fast when every cell is a number, as in a healthy file
    except ValueError:
        return pd.to_numeric(pd.Series(filled), errors="coerce").to_numpy(float)


def _parse_int(spec: Column, text: np.ndarray, is_empty: np.ndarray) -> tuple[pd.Series, np.ndarray]:
    numbers = _numbers(text, is_empty)
    with np.errstate(invalid="ignore"):
        bad = (
            np.isnan(numbers)
            | (numbers != np.round(numbers))
            | (numbers < spec.minimum)
            | (numbers > spec.maximum)
        )
    if spec.nullable:
        values = pd.array(np.where(is_empty | bad, 0, numbers).astype(np.int64), dtype="Int64")
        values[is_empty] = pd.NA
        return pd.Series(values), bad
    return pd.Series(np.where(bad, 0, numbers).astype(np.int64)), bad


def _parse_float(spec: Column, text: np.ndarray, is_empty: np.ndarray) -> tuple[pd.Series, np.ndarray]:
    numbers = _numbers(text, is_empty)
    with np.errstate(invalid="ignore"):
        bad = ~np.isfinite(numbers) | (numbers < spec.minimum) | (numbers > spec.maximum)
    return pd.Series(np.where(is_empty, np.nan, numbers)), bad


def _parse_category(spec: Column, text: np.ndarray, is_empty: np.ndarray) -> tuple[pd.Series, np.ndarray]:
    bad = ~pd.Series(text).isin(spec.categories).to_numpy()
    values = pd.Categorical(
        np.where(is_empty | bad, None, text), categories=list(spec.categories), ordered=spec.ordered
    )
    return pd.Series(values), bad


def _parse_moment(spec: Column, text: np.ndarray, is_empty: np.ndarray) -> tuple[pd.Series, np.ndarray]:
    fmt, last = (DATE_FORMAT, LAST_DAY) if spec.kind == "date" else (DATETIME_FORMAT, CUTOFF)
    # Both formats have a fixed width, which also rejects "2025-1-5"-style dates.
    width = 10 if spec.kind == "date" else 19
    lengths = pd.Series(text).str.len().to_numpy()
    moments = pd.to_datetime(pd.Series(np.where(is_empty, None, text)), format=fmt, errors="coerce")
    bad = moments.isna().to_numpy() | (lengths != width)
    with np.errstate(invalid="ignore"):
        bad |= ((moments < FIRST_DAY) | (moments > last)).to_numpy()
    return moments, bad


def _parse_bool(spec: Column, text: np.ndarray, is_empty: np.ndarray) -> tuple[pd.Series, np.ndarray]:
    lowered = pd.Series(text).str.lower()
    truth = lowered.map({"true": True, "false": False})
    bad = truth.isna().to_numpy()
    if spec.nullable:
        return pd.Series(pd.array(truth.where(~bad, None), dtype="boolean")), bad
    return pd.Series(truth.fillna(False).to_numpy(dtype=bool)), bad


def _parse_id(spec: Column, text: np.ndarray, is_empty: np.ndarray) -> tuple[pd.Series, np.ndarray]:
    bad = ~pd.Series(text).str.fullmatch(spec.pattern).to_numpy(dtype=bool)
    return pd.Series(np.where(is_empty, None, text), dtype="str"), bad


def _parse_text(spec: Column, text: np.ndarray, is_empty: np.ndarray) -> tuple[pd.Series, np.ndarray]:
    return pd.Series(np.where(is_empty, None, text), dtype="str"), np.zeros(len(text), dtype=bool)


_PARSERS = {
    "int": _parse_int,
    "float": _parse_float,
    "category": _parse_category,
    "date": _parse_moment,
    "datetime": _parse_moment,
    "bool": _parse_bool,
    "id": _parse_id,
    "text": _parse_text,
}


# --- checks across columns: facts a single column cannot show ------------------------------------


def _fail_first(filename: str, bad: np.ndarray | pd.Series, message: str) -> None:
    bad = np.asarray(bad, dtype=bool)
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise DatasetError(f"{filename}: row {row + 1}: {message}")


def _period_of(dates: pd.Series) -> np.ndarray:
    return np.where(
        dates < pd.Timestamp("2025-07-01"),
        "before",
        np.where(dates < pd.Timestamp("2025-09-01"), "transition", "after"),
    )


def _check_period(filename: str, frame: pd.DataFrame, date_column: str) -> None:
    _fail_first(
        filename,
        frame["period"].astype(str).to_numpy() != _period_of(frame[date_column]),
        f"period does not match {date_column} (before < 2025-07-01 <= transition < 2025-09-01 <= after)",
    )


def _not_before(filename: str, frame: pd.DataFrame, later: str, earlier: str) -> None:
    _fail_first(filename, (frame[later] < frame[earlier]).fillna(False), f"{later} is before {earlier}")


def _check_branches(filename: str, frame: pd.DataFrame) -> None:
    smart = frame["branch_type"] == "smart"
    _fail_first(
        filename,
        smart == frame["transformed_on"].isna(),
        "transformed_on must be set for smart branches and empty for traditional ones",
    )
    _fail_first(
        filename, frame["counters_after"] > frame["counters_before"], "counters_after exceeds counters_before"
    )


def _check_nps_survey(filename: str, frame: pd.DataFrame) -> None:
    _check_period(filename, frame, "date")
    _fail_first(
        filename,
        (frame["channel"] == "self-service")
        & ((frame["branch_type"] != "smart") | (frame["date"] < pd.Timestamp("2025-07-01"))),
        "channel 'self-service' exists only in smart branches from 2025-07-01",
    )


def _check_followups(filename: str, frame: pd.DataFrame) -> None:
    _fail_first(
        filename,
        frame["contacted"].to_numpy() == frame["contacted_at"].isna().to_numpy(),
        "contacted_at must be set exactly when contacted is True",
    )
    _not_before(filename, frame, "contacted_at", "surveyed_at")
    _not_before(filename, frame, "closed_at", "contacted_at")


def _check_servqual(filename: str, frame: pd.DataFrame) -> None:
    weights = frame[[c for c in frame.columns if c.startswith("w_")]].sum(axis=1)
    bad = (weights != 100).to_numpy()
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise DatasetError(
            f"{filename}: row {row + 1}: importance points w_tangibles..w_empathy sum to "
            f"{int(weights.iloc[row])}; expected exactly 100"
        )


def _check_visits(filename: str, frame: pd.DataFrame) -> None:
    _fail_first(
        filename,
        frame.duplicated(["visit_id", "step"]).to_numpy(),
        "the same visit_id and step appear twice; expected one row per step of a visit",
    )


def _check_complaints(filename: str, frame: pd.DataFrame) -> None:
    _not_before(filename, frame, "closed_at", "opened_at")
    _fail_first(
        filename,
        frame["closed_at"].isna().to_numpy() != frame["recovery_satisfaction"].isna().to_numpy(),
        "recovery_satisfaction must be set exactly when closed_at is set",
    )


def _check_queue_log(filename: str, frame: pd.DataFrame) -> None:
    _fail_first(
        filename,
        frame["weekday"].astype(str).to_numpy() != frame["date"].dt.day_name().to_numpy(dtype=object),
        "weekday does not match date",
    )
    _not_before(filename, frame, "service_start", "arrived_at")
    _not_before(filename, frame, "service_end", "service_start")


def _check_kpi(filename: str, frame: pd.DataFrame) -> None:
    _check_period(filename, frame, "month")
    _fail_first(filename, frame["month"].dt.day != 1, "month must be the first day of a month")
    _fail_first(
        filename,
        frame.duplicated(["branch_id", "month"]).to_numpy(),
        "the same branch_id and month appear twice; expected one row per branch and month",
    )


_ROW_CHECKS = {
    "branches": (_check_branches,),
    "nps_survey": (_check_nps_survey,),
    "nps_followups": (_check_followups,),
    "servqual_survey": (_check_servqual,),
    "visits": (_check_visits,),
    "complaints": (_check_complaints,),
    "queue_log": (_check_queue_log,),
    "kpi_monthly": (_check_kpi,),
}


# --- the data card ---------------------------------------------------------------------------------

_KIND_LABELS = {
    "id": "identifier",
    "text": "text",
    "category": "category",
    "date": "date",
    "datetime": "date-time",
    "int": "integer",
    "float": "decimal",
    "bool": "true/false",
}


def _allowed(spec: Column) -> str:
    if spec.kind == "int":
        return f"{_number(spec.minimum)} to {_number(spec.maximum)}"
    if spec.kind == "float":
        return f"{_number(spec.minimum)} to {_number(spec.maximum)}, {spec.decimals} decimals"
    if spec.kind == "category":
        joiner = " < " if spec.ordered else ", "
        return joiner.join(f"'{c}'" for c in spec.categories)
    if spec.kind == "date":
        return "YYYY-MM-DD"
    if spec.kind == "datetime":
        return "YYYY-MM-DD HH:MM:SS"
    if spec.kind == "bool":
        return "True, False"
    if spec.kind == "id":
        return f"like {spec.example}" + (", unique" if spec.unique else "")
    return "free text" + (", unique" if spec.unique else "")


def markdown_table(name: str) -> str:
    """The column table of ``name`` for the data card, rendered from :data:`SCHEMAS`.

    The data card pastes this table under each dataset; a test checks it is current.
    """
    schema = SCHEMAS[name]
    lines = [
        "| column | type (pandas dtype) | unit | allowed values | may be empty | description |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for column, spec in schema.items():
        kind = _KIND_LABELS[spec.kind]
        if spec.kind == "category" and spec.ordered:
            kind = "ordered category"
        lines.append(
            f"| `{column}` | {kind} (`{spec.pandas_dtype()}`) | {spec.unit or '-'} | {_allowed(spec)} | "
            f"{'yes' if spec.nullable else 'no'} | {spec.description} |"
        )
    return "\n".join(lines)
