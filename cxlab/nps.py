"""Net Promoter Score: categories, the score, its margin of error, comparisons and group tables.

Customers answer "How likely is it that you would recommend Harbor Bank to a friend or colleague?"
on a 0-10 scale. Promoters answer 9-10, passives 7-8 and detractors 0-6; the NPS is the percentage
of promoters minus the percentage of detractors (Reichheld, 2003).

This module imports only numpy and pandas so that notebooks load it instantly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from cxlab._validate import Values, check_confidence, numeric_1d, show, whole_number

__all__ = [
    "NPSSummary", "NPSComparison", "NPSInterval", "categorize", "score", "summary", "compare", "by_group",
    "nps_interval", "promoter_points",
]

_EXPECTED = "whole numbers from 0 to 10"
# Answer 0..10 -> category; a lookup table keeps categorising to one vectorised take().
_CATEGORY_OF_ANSWER = np.array(["detractor"] * 7 + ["passive"] * 2 + ["promoter"] * 2, dtype=object)


@dataclass(frozen=True)
class NPSSummary:
    """NPS of one group of answers, with the counts behind it and a confidence interval."""

    n: int
    promoters: int
    passives: int
    detractors: int
    nps: float
    se: float
    ci_low: float
    ci_high: float


@dataclass(frozen=True)
class NPSComparison:
    """Difference NPS(a) - NPS(b) between two independent groups, with its test and interval."""

    difference: float
    se: float
    z: float
    p_value: float
    ci_low: float
    ci_high: float


def _answers(scores: Any, what: str = "NPS answers") -> tuple[np.ndarray, np.ndarray | None]:
    """Validate answers; return them as intp codes 0..10 and the mask of kept (non-missing) rows.

    The mask is None when nothing was missing, so the common case makes no copy.
    """
    arr = numeric_1d(scores, what, _EXPECTED)
    keep = None
    if arr.dtype.kind == "f":
        # One cast and one comparison check both "whole number" and "not missing" on the fast
        # path; the slower NaN mask is only built when something failed that check.
        with np.errstate(invalid="ignore"):
            codes = arr.astype(np.intp)
        exact = codes == arr
        if not exact.all():
            missing = np.isnan(arr)
            if missing.any():
                keep = ~missing
                arr, codes, exact = arr[keep], codes[keep], exact[keep]
            if not exact.all():
                bad = ~exact | (arr < 0) | (arr > 10)
                raise ValueError(f"{what} must be {_EXPECTED}; got {show(arr[np.argmax(bad)])}")
        arr = codes
    if arr.size and (arr.min() < 0 or arr.max() > 10):
        bad = arr[np.flatnonzero((arr < 0) | (arr > 10))[0]]
        raise ValueError(f"{what} must be {_EXPECTED}; got {show(bad)}")
    return arr.astype(np.intp, copy=False), keep


def _no_answers(what: str = "NPS answers") -> ValueError:
    return ValueError(f"no {what} to score: the data is empty or every answer is missing")


def _counts(codes: np.ndarray) -> tuple[int, int, int]:
    counts = np.bincount(codes, minlength=11)
    return int(counts[9:].sum()), int(counts[7:9].sum()), int(counts[:7].sum())


def _nps_and_se(promoters, passives, detractors):
    """NPS and its standard error; works on scalars and on numpy arrays (one entry a group)."""
    n = promoters + passives + detractors
    p = promoters / n
    d = detractors / n
    # max(.., 0) only absorbs rounding: p + d - (p - d)**2 >= 0 for proportions.
    variance = np.maximum(p + d - (p - d) ** 2, 0.0)
    # the score itself from counts, so 4 promoters and 3 detractors in 10 give exactly 10.0
    return 100 * (promoters - detractors) / n, 100 * np.sqrt(variance / n)


def categorize(scores: Values) -> pd.Series:
    """Label each answer as ``"detractor"``, ``"passive"`` or ``"promoter"``.

    Parameters
    ----------
    scores : list, numpy.ndarray or pandas.Series
        Answers to the recommendation question, whole numbers from 0 to 10.

    Returns
    -------
    pandas.Series
        ``"detractor"`` for 0-6, ``"passive"`` for 7-8 and ``"promoter"`` for 9-10. The index is
        the input's index (positions 0, 1, ... for a list or array), so the result lines up with
        the survey table it came from.

    Notes
    -----
    Missing answers (NaN or None) are dropped: they have no category and their rows are absent
    from the result. An answer outside 0-10, a non-whole number such as 7.5 or text raises
    ``ValueError`` naming the answer.

    References
    ----------
    * Reichheld, F. F. (2003). The one number you need to grow. *Harvard Business Review*, 81(12), 46–54.

    Examples
    --------
    >>> from cxlab import nps
    >>> nps.categorize([10, 8, 3, None]).tolist()
    ['promoter', 'passive', 'detractor']
    """
    codes, keep = _answers(scores)
    if isinstance(scores, pd.Series):
        index, name = scores.index, scores.name
    else:
        index, name = pd.RangeIndex(len(scores)), None
    if keep is not None:
        index = index[keep]
    return pd.Series(_CATEGORY_OF_ANSWER[codes], index=index, name=name)


def score(scores: Values) -> float:
    """Net Promoter Score: percent promoters (9-10) minus percent detractors (0-6).

    Parameters
    ----------
    scores : list, numpy.ndarray or pandas.Series
        Answers to the recommendation question, whole numbers from 0 to 10.

    Returns
    -------
    float
        The NPS, between -100 (everyone a detractor) and 100 (everyone a promoter).

    Notes
    -----
    Passives (7-8) count in the total but neither add nor subtract. Missing answers (NaN or
    None) are dropped and not counted. An answer outside 0-10, a non-whole number or text raises
    ``ValueError``, and so does an empty list or one where every answer is missing.

    References
    ----------
    * Reichheld, F. F. (2003). The one number you need to grow. *Harvard Business Review*, 81(12), 46–54.

    Examples
    --------
    Four promoters, three passives and three detractors out of ten customers:

    >>> from cxlab import nps
    >>> nps.score([10, 9, 9, 8, 7, 7, 6, 5, 10, 3])
    10.0
    """
    codes, _ = _answers(scores)
    if codes.size == 0:
        raise _no_answers()
    promoters, _, detractors = _counts(codes)
    return 100 * (promoters - detractors) / codes.size


def summary(scores: Values, confidence: float = 0.95) -> NPSSummary:
    """NPS with its counts, standard error and a confidence interval.

    Parameters
    ----------
    scores : list, numpy.ndarray or pandas.Series
        Answers to the recommendation question, whole numbers from 0 to 10.
    confidence : float, default 0.95
        Confidence level of the interval, between 0 and 1.

    Returns
    -------
    NPSSummary
        ``n`` (answers used), ``promoters``, ``passives``, ``detractors`` (counts), ``nps``,
        ``se`` (standard error, in NPS points) and ``ci_low``, ``ci_high`` (the interval).

    Notes
    -----
    With ``p`` and ``d`` the proportions of promoters and detractors among the ``n`` answers,
    the standard error is ``100 * sqrt((p + d - (p - d)**2) / n)``, the variance of a promoter
    (+1), passive (0) or detractor (-1) score divided by ``n``. The interval is the normal (Wald)
    interval ``nps ± z * se``, clipped to [-100, 100]; it is too narrow for small groups or
    when nearly everyone gives the same answer, which is why the course reports ``n`` beside it.
    This margin of error is common practice rather than part of Reichheld's proposal.

    Missing answers (NaN or None) are dropped and not counted in ``n``. An answer outside 0-10,
    a non-whole number or text raises ``ValueError``, and so do no answers at all.

    References
    ----------
    * Reichheld, F. F. (2003). The one number you need to grow. *Harvard Business Review*, 81(12), 46–54.

    Examples
    --------
    >>> from cxlab import nps
    >>> result = nps.summary([10, 9, 9, 8, 7, 7, 6, 5, 10, 3])
    >>> result.n, result.promoters, result.passives, result.detractors, result.nps
    (10, 4, 3, 3, 10.0)
    >>> round(result.se, 2), round(result.ci_low, 1), round(result.ci_high, 1)
    (26.27, -41.5, 61.5)
    """
    z = check_confidence(confidence)
    codes, _ = _answers(scores)
    if codes.size == 0:
        raise _no_answers()
    promoters, passives, detractors = _counts(codes)
    nps, se = _nps_and_se(promoters, passives, detractors)
    nps, se = float(nps), float(se)
    return NPSSummary(
        n=int(codes.size),
        promoters=promoters,
        passives=passives,
        detractors=detractors,
        nps=nps,
        se=se,
        ci_low=max(nps - z * se, -100.0),
        ci_high=min(nps + z * se, 100.0),
    )


def compare(a: Values, b: Values, confidence: float = 0.95) -> NPSComparison:
    """Compare the NPS of two independent groups (two branches, or two separate samples of customers).

    Parameters
    ----------
    a, b : list, numpy.ndarray or pandas.Series
        Answers (0-10) of the two groups. They must be different customers: for the same
        customers asked twice this test is not valid.
    confidence : float, default 0.95
        Confidence level of the interval for the difference.

    Returns
    -------
    NPSComparison
        ``difference`` = NPS(a) - NPS(b) in points, its ``se``, the test statistic ``z``, the
        two-sided ``p_value`` for "no difference", and the interval ``ci_low``, ``ci_high``.

    Notes
    -----
    ``se = sqrt(se_a**2 + se_b**2)`` with each group's standard error from :func:`summary`;
    ``z = difference / se`` and the p-value is two-sided from the normal distribution. The
    interval ``difference ± z * se`` is not clipped. If both groups have no spread at all
    (``se`` is 0), ``z`` is 0 with p-value 1 when the scores are equal, and infinite with
    p-value 0 otherwise.

    Missing answers are dropped in each group; invalid answers, or a group with no answers,
    raise ``ValueError``.

    References
    ----------
    * Reichheld, F. F. (2003). The one number you need to grow. *Harvard Business Review*, 81(12), 46–54.

    Examples
    --------
    >>> from cxlab import nps
    >>> smart = [10, 9, 9, 10, 8, 7, 9, 10, 6, 9]
    >>> traditional = [7, 6, 9, 5, 8, 10, 3, 7, 6, 9]
    >>> result = nps.compare(smart, traditional)
    >>> result.difference, round(result.z, 2), round(result.p_value, 3)
    (70.0, 2.08, 0.037)
    """
    from statistics import NormalDist  # lazy: keeps `import cxlab.nps` to numpy and pandas

    z_crit = check_confidence(confidence)
    first, second = summary(a), summary(b)
    difference = first.nps - second.nps
    se = math.sqrt(first.se**2 + second.se**2)
    if se > 0:
        z = difference / se
    else:
        z = 0.0 if difference == 0 else math.copysign(math.inf, difference)
    p_value = 2 * NormalDist().cdf(-abs(z))
    return NPSComparison(
        difference=difference,
        se=se,
        z=z,
        p_value=p_value,
        ci_low=difference - z_crit * se,
        ci_high=difference + z_crit * se,
    )


def by_group(
    frame: pd.DataFrame, by: str | list[str], column: str, confidence: float = 0.95
) -> pd.DataFrame:
    """NPS summary for each group (branch, month, age band, ...) of a survey table.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per survey answer.
    by : str or list of str
        Column(s) that define the groups, e.g. ``"branch"`` or ``["district", "branch"]``.
    column : str
        Column holding the 0-10 answers.
    confidence : float, default 0.95
        Confidence level of each group's interval.

    Returns
    -------
    pandas.DataFrame
        Indexed by group (sorted), with columns ``n``, ``promoters``, ``passives``,
        ``detractors``, ``nps``, ``se``, ``ci_low``, ``ci_high`` computed as in :func:`summary`.

    Notes
    -----
    Rows with a missing answer, or a missing group label, are dropped; a group whose answers are
    all missing does not appear. An invalid answer raises ``ValueError`` naming it, and so does
    a table with no answers left.

    References
    ----------
    * Reichheld, F. F. (2003). The one number you need to grow. *Harvard Business Review*, 81(12), 46–54.

    Examples
    --------
    >>> import pandas as pd
    >>> from cxlab import nps
    >>> survey = pd.DataFrame({
    ...     "branch": ["Harbor Road", "Harbor Road", "Harbor Road", "Old Town", "Old Town"],
    ...     "answer": [10, 9, 4, 8, 6],
    ... })
    >>> table = nps.by_group(survey, "branch", "answer")
    >>> table[["n", "promoters", "detractors"]].to_dict("index")
    {'Harbor Road': {'n': 3, 'promoters': 2, 'detractors': 1}, 'Old Town': {'n': 2, 'promoters': 0, 'detractors': 1}}
    >>> table["nps"].round(1).tolist()
    [33.3, -50.0]
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a pandas DataFrame; got {type(frame).__name__}")
    z = check_confidence(confidence)
    keys = list(by) if isinstance(by, (list, tuple)) else [by]
    for name in [*keys, column]:
        if name not in frame.columns:
            raise ValueError(
                f"the table has no column {show(name)}; its columns are {list(frame.columns)}"
            )

    what = f"NPS answers in column {show(column)}"
    codes, keep = _answers(frame[column], what)
    grouped = frame.groupby(keys[0] if len(keys) == 1 else keys, sort=True, observed=True)
    group_ids = grouped.ngroup().to_numpy()
    if keep is not None:
        group_ids = group_ids[keep]
    if group_ids.dtype.kind == "f":  # rows without a group label come back as NaN
        labelled = ~np.isnan(group_ids)
        group_ids, codes = group_ids[labelled].astype(np.intp), codes[labelled]
    if codes.size == 0:
        raise _no_answers(what)

    n_groups = grouped.ngroups
    counts = np.bincount(group_ids * 11 + codes, minlength=n_groups * 11).reshape(n_groups, 11)
    answered = counts.sum(axis=1) > 0  # a group whose answers are all missing is left out
    counts = counts[answered]
    promoters, passives, detractors = counts[:, 9:].sum(1), counts[:, 7:9].sum(1), counts[:, :7].sum(1)
    nps, se = _nps_and_se(promoters, passives, detractors)
    return pd.DataFrame(
        {
            "n": counts.sum(axis=1),
            "promoters": promoters,
            "passives": passives,
            "detractors": detractors,
            "nps": nps,
            "se": se,
            "ci_low": np.maximum(nps - z * se, -100.0),
            "ci_high": np.minimum(nps + z * se, 100.0),
        },
        index=grouped.size().index[answered],
    )


def promoter_points(scores: Values) -> pd.Series:
    """Each answer as its contribution to the NPS: +100 for a promoter, 0 a passive, -100 a detractor.

    The mean of these points is the NPS, so an NPS can be averaged, differenced and put into a
    regression like any other mean (the difference-in-differences of Module 8 does). Missing
    answers stay missing (NaN); invalid answers raise ``ValueError`` as in :func:`summary`.

    References
    ----------
    * Reichheld, F. F. (2003). The one number you need to grow. *Harvard Business Review*, 81(12), 46–54.

    Examples
    --------
    >>> points = promoter_points([10, 8, 3, None])
    >>> points.tolist()[:3], float(points.mean())
    ([100.0, 0.0, -100.0], 0.0)
    """
    codes, keep = _answers(scores)
    values = np.select([codes >= 9, codes <= 6], [100.0, -100.0], 0.0)
    index = scores.index if isinstance(scores, pd.Series) else None
    if keep is None:
        return pd.Series(values, index=index, dtype="float64")
    full = np.full(keep.size, np.nan)
    full[keep] = values
    return pd.Series(full, index=index, dtype="float64")


@dataclass(frozen=True, eq=False)
class NPSInterval:
    """The margin of error of one survey size for one group, and simulated surveys of that size.

    ``nps`` is the NPS of all ``answers`` of the group (customers who skipped the question left
    out), treated as the truth a smaller survey tries to find. ``margin`` is the margin of error of
    one survey of ``n`` answers from customers who answer like this group, and ``ci_low`` /
    ``ci_high`` the band ``nps ± margin`` (clipped to -100..100) where such a survey's NPS usually
    lands. ``surveys`` holds simulated surveys of ``n`` answers each, drawn with replacement from the
    group's answers: one row per survey (``survey`` 1, 2, ...) with columns ``n``, ``nps``, ``se``,
    ``ci_low``, ``ci_high`` (each survey's own interval, from :func:`summary`) and ``covers``
    (whether that interval contains ``nps``); ``covered`` counts the surveys that do.
    """

    n: int
    answers: int
    nps: float
    confidence: float
    margin: float
    ci_low: float
    ci_high: float
    surveys: pd.DataFrame
    covered: int


def nps_interval(answers: Values, n: int, *, draws: int = 20, confidence: float = 0.95, seed: int = 0) -> NPSInterval:
    """Margin of error of an NPS survey of ``n`` answers, and ``draws`` simulated surveys of that size.

    ``answers`` are the 0-10 answers of one group (a branch, a segment); missing answers are
    dropped and invalid ones raise ``ValueError`` as in :func:`summary`. The margin is ``z * se``
    with the standard error of :func:`summary` rescaled from the group's size to ``n`` (it shrinks
    with the square root of ``n``: four times the answers, half the margin). The same ``seed`` gives
    the same surveys. ``n`` runs from 2 to 1,000,000 and ``draws`` from 1 to 10,000.

    References
    ----------
    * Reichheld, F. F. (2003). The one number you need to grow. *Harvard Business Review*, 81(12), 46–54.

    Examples
    --------
    >>> result = nps_interval([10] * 50 + [8] * 30 + [3] * 20, n=400, draws=5)
    >>> result.nps, round(result.margin, 1), len(result.surveys)
    (30.0, 7.7, 5)
    """
    n = whole_number(n, "n (answers in the survey)", 2, 1_000_000)
    draws = whole_number(draws, "draws (simulated surveys)", 1, 10_000)
    z = check_confidence(confidence)
    whole = summary(answers, confidence)
    margin = z * whole.se * math.sqrt(whole.n / n)
    # NPS depends on the category only, so a pool with one answer per category keeps the shares exactly.
    pool = np.repeat([10, 8, 0], [whole.promoters, whole.passives, whole.detractors])
    drawn = np.random.default_rng(seed).choice(pool, size=(draws, n), replace=True)
    rows = []
    for number, sample in enumerate(drawn, start=1):
        one = summary(sample, confidence)
        rows.append({"survey": number, "n": one.n, "nps": one.nps, "se": one.se, "ci_low": one.ci_low,
                     "ci_high": one.ci_high, "covers": bool(one.ci_low <= whole.nps <= one.ci_high)})
    surveys = pd.DataFrame(rows).set_index("survey")
    return NPSInterval(
        n=n,
        answers=whole.n,
        nps=whole.nps,
        confidence=float(confidence),
        margin=margin,
        ci_low=max(whole.nps - margin, -100.0),
        ci_high=min(whole.nps + margin, 100.0),
        surveys=surveys,
        covered=int(surveys["covers"].sum()),
    )
