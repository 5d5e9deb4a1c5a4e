"""Load and validate the Harbor Bank (港湾银行) datasets.

Harbor Bank is fictional: every file in ``datasets/`` is simulated by :mod:`cxlab.simulate`, and
``datasets/README.md`` (the data card) documents every column and the true effects built into the
data.

This package is the one place that describes the datasets. :data:`SCHEMAS` lists, for every
dataset and every column, its type, unit, allowed range or categories, whether it may be empty and
what it means. The loader checks each file against it, the generator writes files in its column
order and the data card's column tables are rendered from it (:func:`markdown_table`).

Where things live:

* ``columns.py`` -- :class:`Column`, :class:`DatasetError` and the columns several datasets share;
* one module per dataset (``branches.py``, ``nps_survey.py``, ``nps_followups.py``,
  ``servqual_survey.py``, ``visits.py``, ``complaints.py``, ``queue_log.py``, ``kpi_monthly.py``,
  ``staff_survey.py``)
  with its ``COLUMNS`` and the ``check_rows`` that compare its columns;
* ``schemas.py`` gathers them into :data:`SCHEMAS`; ``reading.py`` reads and checks a file;
  ``card.py`` renders the data card's column tables.

The files are found in ``$CXLAB_DATA_DIR`` if it is set, else with the package: an installed wheel
carries them in ``cxlab/_data`` (the build maps the repository's ``datasets/`` folder there), and a
checkout or an editable install reads the repository's ``datasets/`` folder itself.

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

import functools
import os
from hashlib import blake2b as _digest
from pathlib import Path
from pickle import dumps as _pickle, loads as _unpickle  # bound here: a learner's change to pickle cannot reach load

import pandas as pd

from cxlab.datasets.card import markdown_table
from cxlab.datasets.columns import CUTOFF, FIRST_DAY, LAST_DAY, Column, DatasetError
from cxlab.datasets.reading import parse, read_raw
from cxlab.datasets.schemas import SCHEMAS

__all__ = [
    "CUTOFF",
    "Column",
    "DatasetError",
    "FIRST_DAY",
    "LAST_DAY",
    "SCHEMAS",
    "data_dir",
    "load",
    "markdown_table",
    "names",
    "parse",
]

#: Environment variable that points the loader at another folder of CSV files.
DATA_DIR_VARIABLE = "CXLAB_DATA_DIR"

#: The package folder (``cxlab/``).
_PACKAGE = Path(__file__).resolve().parent.parent


def names() -> list[str]:
    """Names of the Harbor Bank datasets, in the order the data card lists them.

    >>> names()
    ['branches', 'nps_survey', 'nps_followups', 'servqual_survey', 'visits', 'complaints', 'queue_log', 'kpi_monthly', 'staff_survey']
    """
    return list(SCHEMAS)


def data_dir() -> Path:
    """Folder the CSV files are read from.

    ``$CXLAB_DATA_DIR`` if set; else the copy inside an installed wheel (``cxlab/_data``); else,
    in a checkout or an editable install, the repository's ``datasets/`` folder.
    """
    override = os.environ.get(DATA_DIR_VARIABLE)
    if override:
        return Path(override).expanduser()
    packaged = _PACKAGE / "_data"
    if packaged.is_dir():
        return packaged
    return _PACKAGE.parent / "datasets"


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
    cxlab.datasets.DatasetError: unknown dataset 'nps'; available: branches, nps_survey, nps_followups, servqual_survey, visits, complaints, queue_log, kpi_monthly, staff_survey
    """
    if not isinstance(name, str):
        raise TypeError(f"dataset name must be a string such as 'nps_survey', not {type(name).__name__}")
    if name not in SCHEMAS:
        raise DatasetError(f"unknown dataset {name!r}; available: {', '.join(SCHEMAS)}")
    return _unpickle(_checked(*_cache_key(name)))


def _cache_key(name: str) -> tuple[str, str, str]:
    """What :func:`_checked` keeps a dataset under: its name, its file and a digest of the file's bytes."""
    path = data_dir() / f"{name}.csv"
    try:
        version = _digest(path.read_bytes(), digest_size=16).hexdigest()
    except OSError:
        version = ""  # missing or unreadable: _checked raises the one-line error (errors are never cached)
    return name, str(path), version


@functools.lru_cache(maxsize=32)  # the nine datasets, with room for the versions a test writes
def _checked(name: str, path: str, version: str) -> bytes:
    """The dataset read, checked and typed once per file version, kept as pickled bytes.

    Hidden tests load the data again in every test cell, so that a learner's changes to their own
    copy cannot move the expected answer; parsing and checking a file costs up to 0.2 s, unpickling
    it about 5 ms. Bytes, not a frame: each load gets an independent copy, and nothing a learner
    does to one reaches the next. ``version``, a digest of the file's bytes (about 1 ms to compute),
    makes a changed file read and checked afresh.
    """
    frame = parse(name, read_raw(name, Path(path)), filename=Path(path).name)
    return _pickle(frame, protocol=5)
