"""How fast a closed loop closes: the share of cases closed within a number of hours.

A closed-loop process (a detractor called back, a complaint resolved) is often reported as "the
median time to close". That median is taken over the cases that *were* closed, so every case still
open or never handled drops out and the loop looks faster than it is. The honest view counts every
case: of all the cases, what share was closed within 24 hours, 48 hours, a week? A case still open
counts as not closed at every horizon. This is the closed-loop "check" of the PDCA cycle
(Deming 1986) put in numbers.

References
----------
Deming, W. E. (1986). *Out of the Crisis*. MIT Press (the PDCA / Shewhart cycle).

Examples
--------
>>> import pandas as pd
>>> hours = pd.Series([2.0, 30.0, 50.0, None])     # the last case is still open
>>> closed_within(hours, [24, 48, 72]).round(1).tolist()
[25.0, 50.0, 75.0]
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

__all__ = ["closed_within"]


def closed_within(hours_to_close, horizons: Iterable[float]) -> pd.Series:
    """Percentage (0-100) of **all** cases closed within each horizon (hours).

    Parameters
    ----------
    hours_to_close : pandas.Series
        Hours from the start of each case to its closing; empty (NaN) for a case not closed.
    horizons : iterable of numbers
        The horizons in hours, such as ``[24, 48, 72]``.

    Returns
    -------
    pandas.Series
        Indexed by horizon; open cases count in the denominator, never in the numerator.
    """
    if not isinstance(hours_to_close, pd.Series):
        raise TypeError(f"hours_to_close should be a pandas Series of hours, not {type(hours_to_close).__name__}")
    if len(hours_to_close) == 0:
        raise ValueError("hours_to_close has no cases")
    hours = pd.to_numeric(hours_to_close, errors="coerce").astype(float)
    if (hours < 0).any():
        raise ValueError("hours_to_close has negative hours: a case closed before it started? "
                         "Subtract the start from the end, not the other way round")
    horizons = list(horizons)
    values = np.nan_to_num(hours.to_numpy(), nan=np.inf)  # an open case is never closed in time
    shares = [100 * float(np.mean(values <= float(h))) for h in horizons]
    return pd.Series(shares, index=pd.Index(horizons, name="hours"), name="% closed")
