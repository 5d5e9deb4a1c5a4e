"""The service-profit chain: how closely two branch-level measures move together.

Heskett et al. (1994) describe a chain of links: internal service quality (what the organisation
gives its staff: training, tools, authority, care) drives employee satisfaction, which drives staff
loyalty and productivity, which drive the value customers receive, their satisfaction and loyalty,
and in the end growth and profit. A bank can look at one link with its own data: put, for every
branch, a staff measure next to a customer measure and see how closely they move together.

With 24 branches such a link is a correlation across few units. :func:`link` therefore returns the
correlation with its 95% interval (Fisher's z transformation, a standard result for Pearson's r) and
the least-squares line, so a chart can draw it and a reader can see how uncertain it is. A
correlation across branches is not proof that one causes the other.

References
----------
Heskett, J. L., Jones, T. O., Loveman, G. W., Sasser, W. E., & Schlesinger, L. A. (1994). Putting the
service-profit chain to work. *Harvard Business Review*, 72(2), 164-174.

Examples
--------
>>> import pandas as pd
>>> staff = pd.Series({"HB01": 3.1, "HB02": 3.4, "HB03": 3.9, "HB04": 3.3, "HB05": 3.6})
>>> customers = pd.Series({"HB01": 8.0, "HB02": 15.0, "HB03": 31.0, "HB04": 17.0, "HB05": 20.0})
>>> result = link(staff, customers)
>>> result.n, round(result.r, 2), round(result.slope, 1)
(5, 0.97, 26.7)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["Link", "link"]


@dataclass(frozen=True)
class Link:
    """One link of the chain: ``effect ≈ intercept + slope × cause`` over ``n`` branches."""

    n: int
    r: float
    ci_low: float
    ci_high: float
    slope: float
    intercept: float


def _numbers(values, name: str) -> pd.Series:
    if isinstance(values, dict):
        values = pd.Series(values)
    if not isinstance(values, pd.Series):
        raise TypeError(f"{name} should be a pandas Series (one value per branch), not {type(values).__name__}")
    try:
        return values.astype(float)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name} should hold numbers, one per branch; {error}") from None


def link(cause, effect, confidence: float = 0.95) -> Link:
    """Correlation, its interval and the least-squares line of ``effect`` on ``cause``.

    Parameters
    ----------
    cause, effect : pandas.Series
        One value per branch, indexed by branch; they are matched on the index, and branches
        missing from either (or empty) are left out.
    confidence : float
        Level of the interval for r (Fisher's z: ``tanh(atanh(r) ± z / sqrt(n - 3))``).

    Returns
    -------
    Link
        ``n``, ``r``, ``ci_low``, ``ci_high``, ``slope`` (effect units per cause unit) and ``intercept``.

    Raises
    ------
    ValueError
        Fewer than 4 branches in common, or a measure that is the same at every branch.
    """
    if not 0 < confidence < 1:
        raise ValueError(f"confidence should be between 0 and 1, such as 0.95; got {confidence!r}")
    pair = pd.concat({"cause": _numbers(cause, "cause"), "effect": _numbers(effect, "effect")}, axis=1,
                     join="inner").dropna()
    n = len(pair)
    if n < 4:
        raise ValueError(f"a link needs at least 4 branches with both measures; found {n}. "
                         "Do the two Series have the same branch ids as their index?")
    if pair["cause"].std() == 0 or pair["effect"].std() == 0:
        raise ValueError("one of the measures is the same at every branch, so it cannot move with the other")
    r = float(pair["cause"].corr(pair["effect"]))
    slope, intercept = np.polyfit(pair["cause"], pair["effect"], 1)
    from statistics import NormalDist

    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    centre, half = math.atanh(max(min(r, 1 - 1e-12), -1 + 1e-12)), z / math.sqrt(n - 3)
    return Link(n, r, math.tanh(centre - half), math.tanh(centre + half), float(slope), float(intercept))
