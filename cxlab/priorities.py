"""Which SERVQUAL dimension to fix first (Module 4): the gaps weighted by importance, as priorities.

Beside :mod:`cxlab.servqual` (which owns the dimensions and the weighted score) because the order
of priorities is a decision aid built on the score, not part of the scale. Pure functions; no
files, no drawing.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["WeightedPriorities", "weighted_priorities"]


@dataclass(frozen=True)
class WeightedPriorities:
    """The weighted SERVQUAL score and the order of priorities behind it.

    ``shares`` are the weights as fractions of their total (they add up to 1), ``contributions``
    each dimension's share times its gap P - E (they add up to ``weighted_score``); ``priority``
    lists the dimensions from the most negative contribution (fix first) to the least, ties in
    the 1988 order of the dimensions. ``unweighted_score`` is the plain mean of the five gaps, for
    comparison. Dicts follow the order of :data:`cxlab.servqual.DIMENSIONS`.
    """

    points: dict
    total_points: float
    shares: dict
    gaps: dict
    contributions: dict
    weighted_score: float
    unweighted_score: float
    priority: tuple[str, ...]


def weighted_priorities(gaps, weights) -> WeightedPriorities:
    """Weight the five SERVQUAL dimension gaps by importance and rank them as priorities.

    ``gaps`` and ``weights`` map each of the five dimensions to a number (dicts or Series), as for
    :func:`cxlab.servqual.weighted_score`, which computes the score and validates the inputs (a
    missing or unknown dimension, a negative weight or weights that are all zero raise
    ``ValueError``). Weights are points of importance such as the 100 points of the survey; only
    their proportions matter.

    References
    ----------
    * Parasuraman, A., Zeithaml, V. A., & Berry, L. L. (1988). SERVQUAL: A multiple-item scale for measuring consumer perceptions of service quality. *Journal of Retailing*, 64(1), 12–40.

    Examples
    --------
    >>> gaps = {"tangibles": -0.5, "reliability": -1.5, "responsiveness": -1.0,
    ...         "assurance": -0.5, "empathy": -1.0}
    >>> points = {"tangibles": 10, "reliability": 30, "responsiveness": 25,
    ...           "assurance": 20, "empathy": 15}
    >>> result = weighted_priorities(gaps, points)
    >>> result.weighted_score, result.priority[:2]
    (-1.0, ('reliability', 'responsiveness'))
    """
    from cxlab.servqual import DIMENSIONS, weighted_score

    score = weighted_score(gaps, weights)
    gap = {d: float(dict(gaps.items())[d]) for d in DIMENSIONS}
    point = {d: float(dict(weights.items())[d]) for d in DIMENSIONS}
    total = sum(point.values())
    shares = {d: point[d] / total for d in DIMENSIONS}
    contributions = {d: shares[d] * gap[d] for d in DIMENSIONS}
    order = list(DIMENSIONS)
    priority = tuple(sorted(order, key=lambda d: (contributions[d], order.index(d))))
    return WeightedPriorities(
        points=point,
        total_points=total,
        shares=shares,
        gaps=gap,
        contributions=contributions,
        weighted_score=score,
        unweighted_score=sum(gap.values()) / len(gap),
        priority=priority,
    )
