"""Expectation-confirmation (Module 1): disconfirmation, its three outcomes, and the satisfaction split.

A customer compares what they got with what they expected; the gap (perception - expectation) is
the *disconfirmation*, and its sign predicts satisfaction (Oliver 1980). Satisfaction in turn
predicts recommendation and loyalty, the first links of the service-profit chain (Heskett et al.
1994). Pure functions on the ``nps_survey`` table; no files, no drawing.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import pandas as pd

from cxlab._validate import require_columns, whole_number

__all__ = [
    "DISCONFIRMATION_CLASSES", "DisconfirmationOutcome", "SatisfactionSplit",
    "disconfirmation_class", "disconfirmation_outcome", "satisfaction_split",
]

#: Oliver's (1980) three outcomes of comparing what a customer got with what they expected.
DISCONFIRMATION_CLASSES = ("positive", "confirmed", "negative")


def disconfirmation_class(gap: float) -> str:
    """Name the outcome of one disconfirmation (perception - expectation), after Oliver (1980).

    ``"positive"`` when the service was better than expected (gap above 0), ``"confirmed"`` when it
    was exactly as expected (gap 0) and ``"negative"`` when it was worse (gap below 0). The course
    uses this rule everywhere, so a learner's table and the explorer always agree. A gap that is
    not a number (text, NaN, True/False) raises ``ValueError``.

    References
    ----------
    * Oliver, R. L. (1980). A cognitive model of the antecedents and consequences of satisfaction decisions. *Journal of Marketing Research*, 17(4), 460–469.

    Examples
    --------
    >>> [disconfirmation_class(g) for g in (2, 0, -1)]
    ['positive', 'confirmed', 'negative']
    """
    if isinstance(gap, bool) or not isinstance(gap, numbers.Real) or gap != gap:
        raise ValueError(f"a disconfirmation must be a number (perception - expectation); got {gap!r}")
    if gap > 0:
        return "positive"
    if gap < 0:
        return "negative"
    return "confirmed"


@dataclass(frozen=True)
class DisconfirmationOutcome:
    """One expectation/perception pair and how the Harbor Bank customers who gave it felt.

    ``customers`` counts the surveyed customers who gave exactly this pair; the three averages are
    theirs (NaN when nobody did): mean satisfaction (1-5), the percent satisfied (4 or 5) and the
    mean answer to the recommendation question (0-10, unanswered questions left out).
    """

    expectation: int
    perception: int
    disconfirmation: int
    outcome: str
    customers: int
    mean_satisfaction: float
    percent_satisfied: float
    mean_recommend: float


def disconfirmation_outcome(survey: pd.DataFrame, expectation: int, perception: int) -> DisconfirmationOutcome:
    """Disconfirmation, its class and how Harbor Bank customers with that pair actually felt.

    ``expectation`` and ``perception`` are whole points on the survey's 1-7 scales (anything else
    raises ``ValueError``). The averages come from the rows of ``survey`` (the ``nps_survey``
    table, columns ``expectation``, ``perception``, ``satisfaction``, ``recommend``) with exactly
    this expectation and perception, rounded to 2 decimals (the percent to 1).

    References
    ----------
    * Oliver, R. L. (1980). A cognitive model of the antecedents and consequences of satisfaction decisions. *Journal of Marketing Research*, 17(4), 460–469.

    Examples
    --------
    >>> survey = pd.DataFrame({"expectation": [5, 5, 6], "perception": [6, 6, 6],
    ...                        "satisfaction": [5, 4, 3], "recommend": [10, None, 7]})
    >>> result = disconfirmation_outcome(survey, expectation=5, perception=6)
    >>> result.outcome, result.customers, result.mean_satisfaction, result.mean_recommend
    ('positive', 2, 4.5, 10.0)
    """
    expectation = whole_number(expectation, "expectation", 1, 7)
    perception = whole_number(perception, "perception", 1, 7)
    require_columns(survey, ("expectation", "perception", "satisfaction", "recommend"))
    same = survey[(survey["expectation"] == expectation) & (survey["perception"] == perception)]
    satisfaction = same["satisfaction"].astype("float")
    recommend = same["recommend"].astype("float")
    nan = float("nan")
    return DisconfirmationOutcome(
        expectation=expectation,
        perception=perception,
        disconfirmation=perception - expectation,
        outcome=disconfirmation_class(perception - expectation),
        customers=len(same),
        mean_satisfaction=round(float(satisfaction.mean()), 2) if len(same) else nan,
        percent_satisfied=round(float((satisfaction >= 4).mean() * 100), 1) if len(same) else nan,
        mean_recommend=round(float(recommend.mean()), 2) if recommend.notna().any() else nan,
    )


@dataclass(frozen=True)
class SatisfactionSplit:
    """Customers split at a satisfaction threshold: how much more the satisfied recommend and stay.

    ``satisfied`` are the customers with satisfaction at or above ``threshold`` (1-5 scale),
    ``others`` the rest. Recommendation means (0-10) leave out unanswered questions; loyalty means
    are on the 1-5 ``loyalty_intent`` scale. Each gap is satisfied minus others.
    """

    threshold: int
    satisfied: int
    others: int
    recommend_satisfied: float
    recommend_others: float
    recommend_gap: float
    loyalty_satisfied: float
    loyalty_others: float
    loyalty_gap: float


def satisfaction_split(survey: pd.DataFrame, threshold: int = 4) -> SatisfactionSplit:
    """Compare customers at or above a satisfaction threshold with everyone below it.

    ``threshold`` is a whole number from 2 to 5, so that both groups can hold customers; ``survey``
    needs the columns ``satisfaction``, ``recommend`` and ``loyalty_intent``. Means are rounded to
    2 decimals. The satisfaction -> loyalty link is the first step of the service-profit chain.

    References
    ----------
    * Heskett, J. L., Jones, T. O., Loveman, G. W., Sasser, W. E., & Schlesinger, L. A. (1994). Putting the service-profit chain to work. *Harvard Business Review*, 72(2), 164–174.

    Examples
    --------
    >>> survey = pd.DataFrame({"satisfaction": [5, 4, 2, 1], "recommend": [10, 8, 4, None],
    ...                        "loyalty_intent": [5, 4, 2, 1]})
    >>> split = satisfaction_split(survey, threshold=4)
    >>> split.satisfied, split.others, split.recommend_gap, split.loyalty_gap
    (2, 2, 5.0, 3.0)
    """
    threshold = whole_number(threshold, "threshold", 2, 5)
    require_columns(survey, ("satisfaction", "recommend", "loyalty_intent"))
    above = survey["satisfaction"].astype("float") >= threshold
    recommend = survey["recommend"].astype("float")
    loyalty = survey["loyalty_intent"].astype("float")
    rec_in, rec_out = float(recommend[above].mean()), float(recommend[~above].mean())
    loy_in, loy_out = float(loyalty[above].mean()), float(loyalty[~above].mean())
    return SatisfactionSplit(
        threshold=threshold,
        satisfied=int(above.sum()),
        others=int((~above).sum()),
        recommend_satisfied=round(rec_in, 2),
        recommend_others=round(rec_out, 2),
        recommend_gap=round(rec_in - rec_out, 2),
        loyalty_satisfied=round(loy_in, 2),
        loyalty_others=round(loy_out, 2),
        loyalty_gap=round(loy_in - loy_out, 2),
    )
