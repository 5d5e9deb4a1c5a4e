"""The frames as ``load`` returns them, and as CSV files byte for byte.

Floats are rounded to the decimals the schema documents, dates use fixed formats, lines end in
``\\n``, files are UTF-8 without an index: the same seed gives the same files.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from cxlab.datasets import SCHEMAS
from cxlab.datasets.columns import DATE_FORMAT, DATETIME_FORMAT


def conform(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Order the columns as the schema lists them and give them the types ``load`` returns."""
    schema = SCHEMAS[name]
    if list(frame.columns) != list(schema) and sorted(frame.columns) != sorted(schema):
        raise RuntimeError(
            f"generator for {name} made columns {sorted(set(frame.columns) ^ set(schema))} "
            "that do not match its schema"
        )
    typed = {}
    for column, spec in schema.items():
        values = frame[column]
        if spec.kind in ("id", "text"):
            typed[column] = pd.Series(values.to_numpy(dtype=object), dtype="str")
        elif spec.kind == "category":
            typed[column] = pd.Series(
                pd.Categorical(
                    values.to_numpy(dtype=object), categories=list(spec.categories), ordered=spec.ordered
                )
            )
        elif spec.kind in ("date", "datetime"):
            typed[column] = pd.Series(pd.to_datetime(values).to_numpy().astype("datetime64[us]"))
        elif spec.kind == "int":
            numbers = values.to_numpy(dtype=float)
            typed[column] = (
                pd.Series(pd.array(numbers, dtype="Int64"))
                if spec.nullable
                else pd.Series(numbers.astype(np.int64))
            )
        elif spec.kind == "float":
            typed[column] = pd.Series(np.round(values.to_numpy(dtype=float), spec.decimals))
        elif spec.kind == "bool":
            typed[column] = pd.Series(values.to_numpy(dtype=bool))
    return pd.DataFrame(typed)


def csv_ready(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Dates and times as fixed-format text; everything else pandas writes deterministically."""
    out = frame.copy()
    for column, spec in SCHEMAS[name].items():
        if spec.kind == "date":
            out[column] = frame[column].dt.strftime(DATE_FORMAT)
        elif spec.kind == "datetime":
            out[column] = frame[column].dt.strftime(DATETIME_FORMAT)
    return out


def write_frames(frames: dict[str, pd.DataFrame], directory: Path) -> dict[str, Path]:
    """Write each frame to ``<directory>/<name>.csv``: UTF-8, ``\n`` line ends, no index.

    Each file is written under a temporary name first and then moved into place, so a reader
    never sees half a file.
    """
    directory.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, frame in frames.items():
        path = directory / f"{name}.csv"
        partial = path.with_suffix(".csv.partial")
        csv_ready(name, frame).to_csv(partial, index=False, lineterminator="\n", encoding="utf-8", na_rep="")
        os.replace(partial, path)
        paths[name] = path
    return paths
