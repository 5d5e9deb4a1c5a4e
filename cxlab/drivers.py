"""Key drivers by regression (Module 7): standardised coefficients, their intervals, and collinearity.

"Which part of the service moves the recommendation most?" A multiple regression of the outcome on
all the ratings at once answers it better than one correlation per rating, because each coefficient
is the effect of one rating *with the others held fixed*. Standardising every variable first (mean 0,
standard deviation 1) puts the coefficients on one scale: "one standard deviation more of this
rating goes with beta standard deviations more of the outcome".

When drivers are strongly correlated with each other, the regression cannot tell their effects
apart and a single coefficient becomes unstable (wide intervals, signs that flip between samples).
The variance inflation factor (VIF) measures this per driver: how many times the coefficient's
variance is inflated by the driver's correlation with the others (1 = not at all; above about 5 is
a common warning level).

statsmodels is imported inside the function so that ``import cxlab`` stays light.

References
----------
* Wooldridge, J. M. (2019). *Introductory Econometrics: A Modern Approach* (7th ed.). Cengage
  (standardised "beta" coefficients, section 6.1; multicollinearity and the VIF, section 3.4).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from cxlab._validate import numeric_1d, require_columns, show

__all__ = ["standardised_drivers", "variance_inflation"]


def _complete_rows(data: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"data must be a DataFrame with one row per customer; got a {type(data).__name__}")
    require_columns(data, columns, "data")
    rows = pd.DataFrame({
        c: numeric_1d(data[c], f"column {show(c)}", "numbers (ratings, scores)") for c in columns
    }, index=data.index).dropna()
    constant = [c for c in columns if rows[c].nunique() < 2]
    if constant:
        raise ValueError(f"column {show(constant[0])} has the same value in every complete row; it cannot explain anything")
    return rows


def variance_inflation(data: pd.DataFrame, drivers: Sequence[str]) -> pd.Series:
    """The variance inflation factor of each driver (rows with an empty value left out).

    ``VIF_j = 1 / (1 - R_j^2)``, with ``R_j^2`` from regressing driver j on the other drivers; it is
    the j-th diagonal entry of the inverse of the drivers' correlation matrix.

    Examples
    --------
    >>> import pandas as pd
    >>> from cxlab.drivers import variance_inflation
    >>> ratings = pd.DataFrame({"wait": [1, 2, 3, 4, 5, 6], "staff": [2, 1, 4, 3, 6, 5], "app": [3, 1, 2, 3, 1, 2]})
    >>> variance_inflation(ratings, ["wait", "staff", "app"]).round(2).to_dict()
    {'wait': 3.21, 'staff': 3.21, 'app': 1.07}
    """
    drivers = list(drivers)
    if len(drivers) < 2:
        raise ValueError(f"the VIF needs at least two drivers; got {drivers}")
    rows = _complete_rows(data, drivers)
    inverse = np.linalg.pinv(rows.corr().to_numpy())
    return pd.Series(np.diag(inverse), index=drivers, name="vif")


def standardised_drivers(data: pd.DataFrame, outcome: str, drivers: Sequence[str], confidence: float = 0.95) -> pd.DataFrame:
    """Ordinary least squares of ``outcome`` on ``drivers``, every variable standardised first.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per customer; rows with an empty value in ``outcome`` or any driver are left out.
    outcome : str
        The column to explain, e.g. ``"recommend"``.
    drivers : list of str
        The explaining columns, e.g. the five ``rate_`` columns.
    confidence : float, default 0.95
        Level of the intervals.

    Returns
    -------
    pandas.DataFrame
        One row per driver, in the order given: ``beta`` (standardised coefficient), ``ci_low``,
        ``ci_high``, ``p_value`` and ``vif``. ``attrs["n"]`` holds the rows used and
        ``attrs["r_squared"]`` the share of the outcome's variance explained.

    Notes
    -----
    Standardising uses the sample standard deviation (``ddof=1``), as ``pandas.Series.std`` does.
    The standardised coefficient equals the raw coefficient times ``sd(driver) / sd(outcome)``.

    Examples
    --------
    >>> import pandas as pd
    >>> from cxlab.drivers import standardised_drivers
    >>> visits = pd.DataFrame({"recommend": [9, 7, 10, 4, 8, 6, 9, 3],
    ...                        "wait": [5, 3, 5, 1, 4, 3, 4, 2], "staff": [4, 4, 5, 2, 3, 2, 5, 1]})
    >>> table = standardised_drivers(visits, "recommend", ["wait", "staff"])
    >>> table["beta"].round(3).to_dict(), table.attrs["n"]
    ({'wait': 0.549, 'staff': 0.498}, 8)
    """
    import statsmodels.api as sm

    from cxlab._validate import check_confidence

    check_confidence(confidence)
    if isinstance(drivers, str):
        drivers = [drivers]
    drivers = list(drivers)
    if not drivers:
        raise ValueError("drivers must name at least one column")
    if outcome in drivers:
        raise ValueError(f"the outcome {show(outcome)} cannot also be a driver")
    rows = _complete_rows(data, [outcome, *drivers])
    if len(rows) <= len(drivers) + 1:
        raise ValueError(
            f"only {len(rows)} complete rows for {len(drivers)} drivers; a regression needs more rows than drivers + 1"
        )
    standard = (rows - rows.mean()) / rows.std()
    fit = sm.OLS(standard[outcome], sm.add_constant(standard[drivers])).fit()
    interval = fit.conf_int(alpha=1 - confidence).loc[drivers]
    table = pd.DataFrame({
        "beta": fit.params[drivers],
        "ci_low": interval[0],
        "ci_high": interval[1],
        "p_value": fit.pvalues[drivers],
        "vif": variance_inflation(rows, drivers) if len(drivers) > 1 else pd.Series(1.0, index=drivers),
    })
    table.index.name = "driver"
    table.attrs.update(n=int(len(rows)), r_squared=float(fit.rsquared))
    return table
