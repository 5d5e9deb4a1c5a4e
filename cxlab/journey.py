"""Customer journeys: how an experience is remembered from its emotional moments."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from cxlab._validate import Values, numeric_1d, show

__all__ = ["JourneyCurve", "journey_curve", "peak_end", "peak_index"]

_PEAKS = ("extreme", "max", "min")


def peak_end(emotions: Values, peak: str = "extreme") -> float:
    """Remembered experience by the peak-end rule: the average of the peak and the final moment.

    Parameters
    ----------
    emotions : list, numpy.ndarray or pandas.Series
        Emotion ratings of one visit's touchpoints in the order they happened, on a scale
        centred on zero (e.g. -3 very unpleasant to +3 very pleasant).
    peak : {"extreme", "max", "min"}, default "extreme"
        Which moment is the peak: ``"extreme"`` the most intense one, positive or negative
        (largest absolute value, the earliest if two are equally intense); ``"max"`` the best;
        ``"min"`` the worst.

    Returns
    -------
    float
        ``(peak + end) / 2``, with ``end`` the last rating.

    Notes
    -----
    Missing ratings (NaN or None) are dropped, so ``end`` is the last rating given. No ratings
    left, text, or an unknown ``peak`` raise ``ValueError``. ``"extreme"`` measures intensity as
    distance from 0, so ratings on a 1-5 scale should be centred first (subtract 3).

    References
    ----------
    * Kahneman, D., Fredrickson, B. L., Schreiber, C. A., & Redelmeier, D. A. (1993). When more pain is preferred to less: Adding a better end. *Psychological Science*, 4(6), 401–405.

    Examples
    --------
    A visit: a friendly greeting (+1), a long wait (-3), a quick teller (+1) and a warm goodbye (+2):

    >>> from cxlab.journey import peak_end
    >>> peak_end([1, -3, 1, 2])
    -0.5
    >>> peak_end([1, -3, 1, 2], peak="max")
    2.0
    """
    values = _ratings(emotions)
    return float((values[peak_index(values, peak)] + values[-1]) / 2)


def _ratings(emotions: Values) -> np.ndarray:
    values = numeric_1d(emotions, "emotion ratings", "numbers").astype("float64")
    values = values[~np.isnan(values)]
    if values.size == 0:
        raise ValueError("no emotion ratings to score: the data is empty or every rating is missing")
    return values


def peak_index(emotions: Values, peak: str = "extreme") -> int:
    """Position of the peak moment among the ratings, by the rule :func:`peak_end` uses.

    ``"extreme"`` is the most intense moment (largest distance from 0, the earliest if two are
    equally intense), ``"max"`` the best and ``"min"`` the worst (the earliest of equals). Missing
    ratings are dropped first, so the position counts the ratings given. The journey map and the
    journey explorer mark this moment, so a chart and a score never disagree.

    References
    ----------
    * Kahneman, D., Fredrickson, B. L., Schreiber, C. A., & Redelmeier, D. A. (1993). When more pain is preferred to less: Adding a better end. *Psychological Science*, 4(6), 401–405.

    Examples
    --------
    >>> peak_index([1, -3, 1, 3]), peak_index([1, -3, 1, 3], peak="max")
    (1, 3)
    """
    if peak not in _PEAKS:
        raise ValueError(f"peak must be 'extreme', 'max' or 'min'; got {show(peak)}")
    values = _ratings(emotions)
    if peak == "extreme":
        return int(np.argmax(np.abs(values)))
    return int(np.argmax(values) if peak == "max" else np.argmin(values))


@dataclass(frozen=True)
class JourneyCurve:
    """One visit's emotion curve and two ways to score it: the peak-end rule and the plain mean."""

    touchpoints: tuple[str, ...]
    emotions: tuple[float, ...]
    peak_touchpoint: str
    peak: float
    end_touchpoint: str
    end: float
    peak_end: float
    mean: float
    pain_points: tuple[str, ...]


def journey_curve(ratings) -> JourneyCurve:
    """Score one visit from its touchpoint emotions (-3 to +3), given in the order they happened.

    ``ratings`` is a mapping or a pandas Series, touchpoint -> emotion. The peak and the end are
    those of :func:`peak_end` (peak by :func:`peak_index`); ``mean`` is the simple average; pain
    points are the touchpoints below 0. Raises ``ValueError`` for no touchpoints, a missing or
    non-numeric rating, or a rating outside -3..+3 (the message names the touchpoint).

    References
    ----------
    * Kahneman, D., Fredrickson, B. L., Schreiber, C. A., & Redelmeier, D. A. (1993). When more pain is preferred to less: Adding a better end. *Psychological Science*, 4(6), 401–405.

    Examples
    --------
    >>> curve = journey_curve({"greeting": 1, "waiting": -3, "teller": 1, "goodbye": 2})
    >>> (curve.peak_touchpoint, curve.end_touchpoint, curve.peak_end, curve.mean)
    ('waiting', 'goodbye', -0.5, 0.25)
    """
    items = list(ratings.items()) if hasattr(ratings, "items") else None
    if items is None:
        raise TypeError(f"ratings must map each touchpoint to its emotion (a dict or Series); got {type(ratings).__name__}")
    if not items:
        raise ValueError("ratings is empty: give at least one touchpoint and its emotion")
    names, values = [], []
    for name, value in items:
        if isinstance(value, bool) or not isinstance(value, (int, float)) and not hasattr(value, "__float__"):
            raise ValueError(f"the emotion at {name!r} must be a number from -3 to +3; got {value!r}")
        number = float(value)
        if math.isnan(number) or not -3 <= number <= 3:
            raise ValueError(f"the emotion at {name!r} must be a number from -3 to +3; got {value!r}")
        names.append(str(name))
        values.append(number)
    peak = peak_index(values)
    return JourneyCurve(
        touchpoints=tuple(names),
        emotions=tuple(values),
        peak_touchpoint=names[peak],
        peak=values[peak],
        end_touchpoint=names[-1],
        end=values[-1],
        peak_end=peak_end(values),
        mean=sum(values) / len(values),
        pain_points=tuple(n for n, v in zip(names, values) if v < 0),
    )
