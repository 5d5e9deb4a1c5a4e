"""The simulated calendar: the days and months of the Harbor Bank period, from :mod:`cxlab.universe`.

>>> len(MONTHS), str(WORKING_DAYS[0]), period_of(np.array([CHANGE_DAY, EFFECT_DAY], dtype="datetime64[D]")).tolist()
(24, '2024-01-01', ['transition', 'after'])
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cxlab import universe

FIRST_DAY = np.datetime64(universe.FIRST_DAY)
LAST_DAY = np.datetime64(universe.LAST_DAY)
#: Smart branches open in their new form on this day.
CHANGE_DAY = np.datetime64(universe.SMART_CHANGE_DAY)
#: The NPS gain shows from here: the one-to-two-month lag.
EFFECT_DAY = np.datetime64(universe.FULL_EFFECT_DAY)
#: First day of every month of the period.
MONTHS = pd.date_range(universe.FIRST_DAY, universe.LAST_DAY, freq="MS").values.astype("datetime64[D]")
#: Monday to Friday; public holidays are not modelled.
WORKING_DAYS = pd.bdate_range(universe.FIRST_DAY, universe.LAST_DAY).values.astype("datetime64[D]")
ALL_DAYS = np.arange(FIRST_DAY, LAST_DAY + 1)
#: The data cut-off, to the second: nothing in the files happens later.
CUTOFF_S = np.datetime64(pd.Timestamp(universe.CUTOFF).to_datetime64(), "s")


def period_of(dates: np.ndarray) -> np.ndarray:
    """The period name (:data:`cxlab.universe.PERIODS`) of each day."""
    before, transition, after = universe.PERIODS
    return np.where(dates < CHANGE_DAY, before, np.where(dates < EFFECT_DAY, transition, after))


def month_index(days: np.ndarray) -> np.ndarray:
    """0 for the first month of the period (January 2024) ... 23 for the last."""
    months = days.astype("datetime64[M]").astype(int)
    return months - FIRST_DAY.astype("datetime64[M]").astype(int)
