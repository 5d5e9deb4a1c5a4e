"""SERVQUAL: gaps between what customers expect and what they perceive, item by item and by dimension.

Customers rate 22 statements twice on a 1-7 scale: what an excellent bank would do (expectation,
E) and what Harbor Bank does (perception, P). The gap P - E is negative where the bank falls short.
The items group into five dimensions (Parasuraman, Zeithaml & Berry, 1988).
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from cxlab._validate import numeric_frame, show
from cxlab.lang import N_, gettext

__all__ = ["DIMENSIONS", "item_gaps", "item_wording", "dimension_gaps", "weighted_score"]

#: The five SERVQUAL dimensions and their item numbers (1-22), in the 1988 order.
DIMENSIONS: dict[str, tuple[int, ...]] = {
    "tangibles": (1, 2, 3, 4),
    "reliability": (5, 6, 7, 8, 9),
    "responsiveness": (10, 11, 12, 13),
    "assurance": (14, 15, 16, 17),
    "empathy": (18, 19, 20, 21, 22),
}
N_ITEMS = 22
#: Harbor Bank's wording of the 22 items, adapted for a bank from the revised scale (Parasuraman,
#: Berry & Zeithaml, 1991), each completing "Harbor Bank ...", and a short label for charts.
_ITEM_WORDING = (
    (N_("has modern-looking equipment (kiosks, screens, counters)"), N_("modern equipment")),
    (N_("has branches that are visually appealing"), N_("appealing branches")),
    (N_("has staff who look neat and professional"), N_("neat, professional staff")),
    (N_("has forms, brochures and statements that are clear and easy to read"), N_("clear forms and statements")),
    (N_("does what it promises by the time it promises"), N_("keeps promises on time")),
    (N_("shows a sincere interest in solving a customer's problem"), N_("sincere interest in problems")),
    (N_("gets the service right the first time"), N_("right the first time")),
    (N_("provides its services at the time it says it will"), N_("service when it says")),
    (N_("keeps accurate, error-free records"), N_("error-free records")),
    (N_("tells customers exactly when a service will be done"), N_("says when it will be done")),
    (N_("has staff who serve customers promptly"), N_("prompt service")),
    (N_("has staff who are always willing to help"), N_("always willing to help")),
    (N_("has staff who are never too busy to respond to a request"), N_("never too busy to respond")),
    (N_("has staff whose behaviour gives customers confidence"), N_("staff inspire confidence")),
    (N_("makes customers feel safe in their transactions"), N_("safe transactions")),
    (N_("has staff who are consistently courteous"), N_("courteous staff")),
    (N_("has staff with the knowledge to answer customers' questions"), N_("knowledgeable staff")),
    (N_("gives customers individual attention"), N_("individual attention")),
    (N_("has staff who give customers personal attention"), N_("personal attention")),
    (N_("has its customers' best interests at heart"), N_("best interests at heart")),
    (N_("has staff who understand customers' specific needs"), N_("understands specific needs")),
    (N_("has opening hours convenient to all its customers"), N_("convenient opening hours")),
)
_EXPECTED = "answers from 1 to 7"


def item_wording() -> pd.DataFrame:
    """The 22 items of Harbor Bank's SERVQUAL questionnaire: dimension, wording and a short label.

    Indexed by item number (1-22, named ``item``), with the columns ``dimension`` (a key of
    :data:`DIMENSIONS`), ``wording`` (the statement, completing "Harbor Bank ...") and
    ``short_label`` (a few words for a chart), both in the current language.

    References
    ----------
    * Parasuraman, A., Berry, L. L., & Zeithaml, V. A. (1991). Refinement and reassessment of the SERVQUAL scale. *Journal of Retailing*, 67(4), 420–450.

    Examples
    --------
    >>> items = item_wording()
    >>> items.loc[7].tolist()
    ['reliability', 'gets the service right the first time', 'right the first time']
    >>> int((items["dimension"] == "empathy").sum())
    5
    """
    dimension_of = {item: dimension for dimension, items in DIMENSIONS.items() for item in items}
    rows = {item: (dimension_of[item], gettext(wording), gettext(short_label))
            for item, (wording, short_label) in enumerate(_ITEM_WORDING, start=1)}
    return pd.DataFrame.from_dict(rows, orient="index", columns=["dimension", "wording", "short_label"]
                                  ).rename_axis("item")


def _answers(data: Any, what: str) -> pd.DataFrame:
    frame = numeric_frame(data, what, _EXPECTED)
    if frame.shape[1] != N_ITEMS:
        raise ValueError(
            f"{what} must have {N_ITEMS} item columns, one per SERVQUAL statement in item order; "
            f"got {frame.shape[1]}"
        )
    values = frame.to_numpy(dtype="float64")
    outside = ~np.isnan(values) & ((values < 1) | (values > 7))
    if outside.any():
        row, col = np.argwhere(outside)[0]
        raise ValueError(
            f"{what} must be {_EXPECTED}; got {show(values[row, col])} for item {col + 1} "
            f"(column {show(frame.columns[col])}, row {show(frame.index[row])})"
        )
    return frame


def item_gaps(expectations: Any, perceptions: Any) -> pd.DataFrame:
    """Gap perception - expectation for every respondent and item.

    Parameters
    ----------
    expectations, perceptions : pandas.DataFrame or 2-D array
        One row per respondent (the same respondents in the same order in both) and the 22 items
        as columns in item order (item 1 first). Column names are free: position decides which
        item a column is. Answers on 1-7.

    Returns
    -------
    pandas.DataFrame
        P - E, same shape as the inputs. Negative gaps mean the bank falls short of what the
        customer expects. Columns keep the item names when both tables use the same names,
        otherwise they are the item numbers 1-22 (the numbering of :data:`DIMENSIONS`); the
        index is kept when both tables share it.

    Notes
    -----
    A missing answer (NaN) in either table gives a missing gap for that respondent and item.
    Tables of different shapes, a number of columns other than 22, text, or an answer outside
    1-7 raise ``ValueError``.

    References
    ----------
    * Parasuraman, A., Zeithaml, V. A., & Berry, L. L. (1988). SERVQUAL: A multiple-item scale for measuring consumer perceptions of service quality. *Journal of Retailing*, 64(1), 12–40.
    * Parasuraman, A., Zeithaml, V. A., & Berry, L. L. (1985). A conceptual model of service quality and its implications for future research. *Journal of Marketing*, 49(4), 41–50.

    Examples
    --------
    Two customers who expect 6 on every item; the first perceives 5 everywhere, the second 7:

    >>> import numpy as np
    >>> from cxlab import servqual
    >>> expected = np.full((2, 22), 6)
    >>> perceived = np.vstack([np.full(22, 5), np.full(22, 7)])
    >>> gaps = servqual.item_gaps(expected, perceived)
    >>> gaps.shape, gaps[1].tolist()
    ((2, 22), [-1, 1])
    """
    expected = _answers(expectations, "expectations")
    perceived = _answers(perceptions, "perceptions")
    if expected.shape != perceived.shape:
        raise ValueError(
            "expectations and perceptions must have the same shape (the same respondents, "
            f"22 items each); got {expected.shape[0]} and {perceived.shape[0]} rows"
        )
    same_columns = expected.columns.equals(perceived.columns)
    columns = perceived.columns if same_columns else pd.RangeIndex(1, N_ITEMS + 1)
    index = perceived.index if expected.index.equals(perceived.index) else None
    return pd.DataFrame(perceived.to_numpy() - expected.to_numpy(), index=index, columns=columns)


def dimension_gaps(expectations: Any, perceptions: Any) -> pd.Series:
    """Mean gap P - E of each SERVQUAL dimension.

    Parameters
    ----------
    expectations, perceptions : pandas.DataFrame or 2-D array
        As for :func:`item_gaps`: one row per respondent, 22 item columns in item order, 1-7.

    Returns
    -------
    pandas.Series
        Indexed by ``tangibles``, ``reliability``, ``responsiveness``, ``assurance``,
        ``empathy`` (in that order): the average gap of the dimension's items. The most
        negative dimension is where the bank falls shortest.

    Notes
    -----
    Each respondent's dimension gap is the mean of the item gaps they answered (both E and P
    present); the dimension gap is then the mean over the respondents who have at least one such
    item. A dimension that nobody answered is NaN. Errors as for :func:`item_gaps`.

    References
    ----------
    * Parasuraman, A., Zeithaml, V. A., & Berry, L. L. (1988). SERVQUAL: A multiple-item scale for measuring consumer perceptions of service quality. *Journal of Retailing*, 64(1), 12–40.

    Examples
    --------
    Customers expect 6 everywhere and perceive 5, except 4 on the reliability items 5-9:

    >>> import numpy as np
    >>> from cxlab import servqual
    >>> expected = np.full((3, 22), 6)
    >>> perceived = np.full((3, 22), 5)
    >>> perceived[:, 4:9] = 4
    >>> servqual.dimension_gaps(expected, perceived).to_dict()
    {'tangibles': -1.0, 'reliability': -2.0, 'responsiveness': -1.0, 'assurance': -1.0, 'empathy': -1.0}
    """
    gaps = item_gaps(expectations, perceptions).astype("float64")
    means = {}
    for dimension, items in DIMENSIONS.items():
        per_respondent = gaps.iloc[:, [item - 1 for item in items]].mean(axis=1, skipna=True)
        means[dimension] = per_respondent.mean(skipna=True)
    return pd.Series(means, name="gap", dtype="float64")


def _by_dimension(values: Any, what: str) -> dict[str, float]:
    if not (isinstance(values, (Mapping, pd.Series))):
        raise TypeError(
            f"{what} must map each dimension name to a number (a dict or Series); "
            f"got {type(values).__name__}"
        )
    values = dict(values.items())
    unknown = [key for key in values if key not in DIMENSIONS]
    if unknown:
        raise ValueError(
            f"{what} name an unknown dimension {show(unknown[0])}; "
            f"the dimensions are {', '.join(DIMENSIONS)}"
        )
    missing = [dimension for dimension in DIMENSIONS if dimension not in values]
    if missing:
        raise ValueError(f"{what} have no value for the dimension {show(missing[0])}")
    result = {}
    for dimension in DIMENSIONS:
        value = values[dimension]
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real) or np.isnan(value):
            raise ValueError(f"{what} for {dimension} must be a number; got {show(value)}")
        result[dimension] = float(value)
    return result


def weighted_score(gaps: Mapping[str, float] | pd.Series, weights: Mapping[str, float] | pd.Series) -> float:
    """Overall SERVQUAL gap, weighting each dimension by how much customers care about it.

    Parameters
    ----------
    gaps : pandas.Series or dict
        Gap of each of the five dimensions, e.g. the result of :func:`dimension_gaps`.
    weights : pandas.Series or dict
        Importance of each dimension, e.g. the 100 points customers shared out among them.
        They need not sum to 100: only their proportions matter.

    Returns
    -------
    float
        ``sum(weight * gap) / sum(weight)`` over the five dimensions.

    Notes
    -----
    Every dimension needs a gap and a weight. A missing gap or weight (including NaN), an unknown
    dimension name, a negative weight, or weights that are all zero raise ``ValueError``.

    References
    ----------
    * Parasuraman, A., Zeithaml, V. A., & Berry, L. L. (1988). SERVQUAL: A multiple-item scale for measuring consumer perceptions of service quality. *Journal of Retailing*, 64(1), 12–40.

    Examples
    --------
    >>> from cxlab import servqual
    >>> gaps = {"tangibles": -0.5, "reliability": -1.5, "responsiveness": -1.0,
    ...         "assurance": -0.5, "empathy": -1.0}
    >>> points = {"tangibles": 10, "reliability": 30, "responsiveness": 25,
    ...           "assurance": 20, "empathy": 15}
    >>> servqual.weighted_score(gaps, points)
    -1.0
    """
    gap = _by_dimension(gaps, "gaps")
    weight = _by_dimension(weights, "weights")
    for dimension, value in weight.items():
        if value < 0:
            raise ValueError(f"weights must not be negative; got {show(value)} for {dimension}")
    total = sum(weight.values())
    if total == 0:
        raise ValueError("weights are all zero; give at least one dimension a positive weight")
    return sum(weight[d] * gap[d] for d in DIMENSIONS) / total
