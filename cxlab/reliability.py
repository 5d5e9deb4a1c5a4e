"""Reliability of a multi-item scale: do the items of a questionnaire measure the same thing?"""

from __future__ import annotations

from typing import Any

import numpy as np

from cxlab._validate import numeric_frame

__all__ = ["cronbach_alpha"]


def cronbach_alpha(items: Any) -> float:
    """Cronbach's alpha of a set of questionnaire items.

    Parameters
    ----------
    items : pandas.DataFrame or 2-D array
        One row per respondent, one column per item of the scale (e.g. the four perception
        items of SERVQUAL's tangibles dimension).

    Returns
    -------
    float
        ``alpha = k / (k - 1) * (1 - sum of item variances / variance of the total score)``
        for ``k`` items. Values near 1 mean the items move together; 0.7 is a common rule of
        thumb for an acceptable scale. Alpha can be negative when items contradict each other
        (often a reverse-worded item that was not recoded).

    Notes
    -----
    Respondents with any missing item are dropped (listwise deletion), so every variance is
    computed on the same people. Variances use ``n - 1``. Fewer than 2 items, fewer than 2
    complete respondents, text, or a total score with no variance at all raise ``ValueError``.

    References
    ----------
    * Cronbach, L. J. (1951). Coefficient alpha and the internal structure of tests. *Psychometrika*, 16(3), 297–334.

    Examples
    --------
    Four customers rate three statements about the branch's look:

    >>> from cxlab.reliability import cronbach_alpha
    >>> ratings = [[5, 4, 5],
    ...            [3, 3, 4],
    ...            [6, 5, 6],
    ...            [2, 2, 3]]
    >>> round(cronbach_alpha(ratings), 3)
    0.983
    """
    frame = numeric_frame(items, "items", "numbers")
    if frame.shape[1] < 2:
        raise ValueError(f"Cronbach's alpha needs at least 2 items (columns); got {frame.shape[1]}")
    values = frame.to_numpy(dtype="float64")
    values = values[~np.isnan(values).any(axis=1)]
    if values.shape[0] < 2:
        raise ValueError(
            "Cronbach's alpha needs at least 2 respondents who answered every item; "
            f"got {values.shape[0]}"
        )
    k = values.shape[1]
    total_variance = values.sum(axis=1).var(ddof=1)
    if total_variance == 0:
        raise ValueError(
            "Cronbach's alpha is undefined: every respondent has the same total score "
            "(the total has zero variance)"
        )
    return float(k / (k - 1) * (1 - values.var(axis=0, ddof=1).sum() / total_variance))
