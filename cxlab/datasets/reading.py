"""Reading a dataset file: every cell as text first, then checked and typed column by column.

A damaged file raises :class:`~cxlab.datasets.DatasetError` with one line naming the file, the
column and the row, so a learner (or a trainer) knows exactly where to look.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from cxlab.datasets.columns import CUTOFF, DATE_FORMAT, DATETIME_FORMAT, FIRST_DAY, LAST_DAY, Column, DatasetError
from cxlab.datasets.schemas import ROW_CHECKS, SCHEMAS


def read_raw(name: str, path: Path) -> pd.DataFrame:
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
    ROW_CHECKS[name](filename, frame)
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
