"""Customer journeys: how an experience is remembered from its emotional moments."""

from __future__ import annotations

import numpy as np

from cxlab._validate import Values, numeric_1d, show

__all__ = ["peak_end"]

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
    if peak not in _PEAKS:
        raise ValueError(f"peak must be 'extreme', 'max' or 'min'; got {show(peak)}")
    values = numeric_1d(emotions, "emotion ratings", "numbers").astype("float64")
    values = values[~np.isnan(values)]
    if values.size == 0:
        raise ValueError("no emotion ratings to score: the data is empty or every rating is missing")
    if peak == "extreme":
        peak_value = values[np.argmax(np.abs(values))]
    elif peak == "max":
        peak_value = values.max()
    else:
        peak_value = values.min()
    return float((peak_value + values[-1]) / 2)
