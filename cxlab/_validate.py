"""Input checks shared by the analytics modules.

Learners pass lists, numpy arrays or pandas Series (often read from CSV); these helpers turn them
into numpy arrays once, at the boundary, and raise errors that name the offending value.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Sequence
from typing import Any, Union

import numpy as np
import pandas as pd

#: What the public functions accept as a column of answers.
Values = Union[Sequence[Any], np.ndarray, pd.Series]

_NUMERIC_OBJECT_KINDS = {"integer", "floating", "mixed-integer-float", "decimal", "empty"}


def show(value: Any) -> str:
    """Write a value the way a learner typed it (``7.5``, ``11``, ``'abc'``), not ``np.float64(7.5)``."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        # numbers are often converted to float on the way in; a learner typed 11, not 11.0
        return str(int(value))
    return repr(value)


def _is_missing(value: Any) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (
        isinstance(value, float) and value != value
    )


def _first_non_number(values: np.ndarray) -> Any:
    for value in values:
        if _is_missing(value):
            continue
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
            return value
    return None


def numeric_1d(values: Any, what: str, expected: str) -> np.ndarray:
    """Return ``values`` as a 1-D integer or float array; missing answers become NaN.

    ``what`` names the data in messages ("NPS answers") and ``expected`` says what is allowed
    ("whole numbers from 0 to 10"), so errors read "NPS answers must be whole numbers from 0 to 10;
    got 'ten'".
    """
    if isinstance(values, pd.DataFrame):
        raise TypeError(
            f"{what} must be one column (a list, array or Series), not a whole table; "
            "pick the column first, e.g. frame['answer']"
        )
    if isinstance(values, (str, bytes, dict)) or not hasattr(values, "__len__"):
        raise TypeError(
            f"{what} must be a list, array or Series of values; got {type(values).__name__}"
        )
    if isinstance(values, (pd.Series, pd.Index)):
        if isinstance(values.dtype, pd.api.extensions.ExtensionDtype) and values.dtype.kind in "iuf":
            arr = values.to_numpy(dtype="float64", na_value=np.nan)
        else:
            arr = values.to_numpy()
    else:
        arr = np.asarray(values)
        if arr.dtype.kind in "USV":
            # A list mixing numbers and text comes back as all-text; keep the original objects so
            # the message can name the text value, not a stringified number.
            arr = np.asarray(values, dtype=object)
    if arr.ndim != 1:
        raise ValueError(f"{what} must be a single column of values; got an array of shape {arr.shape}")

    kind = arr.dtype.kind
    if kind in "iuf":
        return arr
    if kind == "O":
        if pd.api.types.infer_dtype(arr, skipna=True) in _NUMERIC_OBJECT_KINDS:
            return np.asarray(pd.to_numeric(arr, errors="coerce"))
        bad = _first_non_number(arr)
        if bad is None:
            return np.array([np.nan if _is_missing(v) else float(v) for v in arr])
        raise ValueError(f"{what} must be {expected}; got {show(bad)}")
    # booleans, text, dates, complex numbers: not answers on a scale
    raise ValueError(f"{what} must be {expected}; got {show(arr[0])}")


def numeric_frame(data: Any, what: str, expected: str) -> pd.DataFrame:
    """Return a table (DataFrame or 2-D array) with every column numeric; missing values become NaN."""
    if isinstance(data, pd.DataFrame):
        frame = data
    elif isinstance(data, (np.ndarray, list, tuple)):
        arr = np.asarray(data, dtype=object) if not isinstance(data, np.ndarray) else data
        if arr.ndim != 2:
            raise ValueError(
                f"{what} must be a table with one row per respondent and one column per item; "
                f"got an array of shape {arr.shape}"
            )
        frame = pd.DataFrame(arr)
    else:
        raise TypeError(f"{what} must be a DataFrame or a 2-D array; got {type(data).__name__}")
    if all(isinstance(dtype, np.dtype) and dtype.kind in "iuf" for dtype in frame.dtypes):
        return frame
    columns = {
        i: numeric_1d(frame.iloc[:, i], f"{what} (column {show(name)})", expected)
        for i, name in enumerate(frame.columns)
    }
    result = pd.DataFrame(columns, index=frame.index)
    result.columns = frame.columns
    return result


def check_confidence(confidence: float) -> float:
    """Return the two-sided normal quantile for ``confidence`` (0.95 gives 1.96)."""
    if isinstance(confidence, bool) or not isinstance(confidence, numbers.Real):
        raise TypeError(f"confidence must be a number such as 0.95; got {type(confidence).__name__}")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1 (e.g. 0.95 for 95%); got {show(confidence)}")
    from statistics import NormalDist  # lazy: keeps `import cxlab.nps` to numpy and pandas

    return NormalDist().inv_cdf(0.5 + confidence / 2)


def positive_number(value: Any, what: str) -> float:
    """Return ``value`` as a float, checking it is a finite number above zero."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{what} must be a number; got {show(value)}")
    if not (value > 0 and np.isfinite(value)):
        raise ValueError(f"{what} must be a number greater than 0; got {show(value)}")
    return float(value)


def whole_number(value: Any, what: str, low: int, high: int) -> int:
    """Return ``value`` as an int, checking it is a whole number from ``low`` to ``high``."""
    if (
        isinstance(value, (bool, np.bool_))
        or not isinstance(value, numbers.Real)
        or value != value
        or not float(value).is_integer()
        or not low <= value <= high
    ):
        raise ValueError(f"{what} must be a whole number from {low} to {high}; got {show(value)}")
    return int(value)


def require_columns(table: pd.DataFrame, columns: Iterable[str], table_name: str = "nps_survey") -> None:
    """Raise ``ValueError`` naming every column of ``columns`` that ``table`` lacks."""
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(
            f"the table has no column {', '.join(repr(c) for c in missing)}; "
            f"pass the {table_name} table, e.g. load({table_name!r})"
        )
