"""Importance-performance analysis: which service attributes to fix first."""

from __future__ import annotations

import numbers
from collections.abc import Sequence

import numpy as np
import pandas as pd

from cxlab._validate import Values, numeric_1d, show

__all__ = ["QUADRANTS", "quadrants"]

#: Quadrant labels of Martilla & James (1977).
QUADRANTS = ("Concentrate here", "Keep up the good work", "Low priority", "Possible overkill")


def _cross_value(value: object, what: str) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real) or not np.isfinite(value):
        raise ValueError(f"cross must give a number for {what}; got {show(value)}")
    return float(value)


def quadrants(
    importance: Values, performance: Values, cross: Sequence[float] | None = None
) -> pd.Series:
    """Place each service attribute in an importance-performance quadrant.

    Parameters
    ----------
    importance, performance : list, numpy.ndarray or pandas.Series
        One value per attribute (e.g. mean importance and mean performance rating of
        "waiting time", "staff courtesy", ...), in the same order.
    cross : (float, float), optional
        Where the cross-hairs are drawn, as ``(importance, performance)``. By default the means of
        the two columns; a scale midpoint such as ``(4, 4)`` is a common alternative.

    Returns
    -------
    pandas.Series
        For each attribute: ``"Concentrate here"`` (important, performing below the line),
        ``"Keep up the good work"`` (important, performing well), ``"Low priority"`` (less
        important, performing below the line) or ``"Possible overkill"`` (less important,
        performing well). The index is that of the Series given (positions for lists).

    Notes
    -----
    A value exactly on a cross-hair counts as high. An attribute with a missing importance or
    performance gets a missing label and is left out of the default means. Inputs of different
    lengths, Series with different indexes, text, or a ``cross`` that is not two numbers raise
    ``ValueError``.

    References
    ----------
    * Martilla, J. A., & James, J. C. (1977). Importance-performance analysis. *Journal of Marketing*, 41(1), 77–79.

    Examples
    --------
    >>> import pandas as pd
    >>> from cxlab.ipa import quadrants
    >>> attributes = ["waiting time", "staff courtesy", "branch decor", "brochures"]
    >>> importance = pd.Series([6.5, 6.0, 3.5, 3.0], index=attributes)
    >>> performance = pd.Series([3.0, 6.0, 6.5, 3.5], index=attributes)
    >>> quadrants(importance, performance).to_dict()
    {'waiting time': 'Concentrate here', 'staff courtesy': 'Keep up the good work', 'branch decor': 'Possible overkill', 'brochures': 'Low priority'}
    """
    imp = numeric_1d(importance, "importance", "numbers").astype("float64")
    perf = numeric_1d(performance, "performance", "numbers").astype("float64")
    if imp.size != perf.size:
        raise ValueError(
            "importance and performance must have one value per attribute; "
            f"got {imp.size} and {perf.size} values"
        )
    index = None
    for values in (importance, performance):
        if isinstance(values, pd.Series):
            if index is not None and not index.equals(values.index):
                raise ValueError(
                    "importance and performance must list the same attributes in the same order "
                    "(their indexes differ)"
                )
            index = values.index
    complete = ~(np.isnan(imp) | np.isnan(perf))
    if cross is None:
        if not complete.any():
            raise ValueError("no attribute has both an importance and a performance value")
        imp_line, perf_line = imp[complete].mean(), perf[complete].mean()
    else:
        if isinstance(cross, (str, bytes)) or not hasattr(cross, "__len__") or len(cross) != 2:
            raise ValueError(f"cross must be an (importance, performance) pair; got {show(cross)}")
        imp_line = _cross_value(cross[0], "importance")
        perf_line = _cross_value(cross[1], "performance")

    high_importance = imp >= imp_line
    high_performance = perf >= perf_line
    labels = np.where(
        high_importance,
        np.where(high_performance, "Keep up the good work", "Concentrate here"),
        np.where(high_performance, "Possible overkill", "Low priority"),
    ).astype(object)
    labels[~complete] = None
    return pd.Series(labels, index=index, name="quadrant")
