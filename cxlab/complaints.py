"""Complaints and service recovery: the Pareto table, the SLA, the time to close, recovery and themes.

A complaint is the cheapest improvement idea a bank gets: the customer names the failure for free.
This module turns a table of complaints into the figures a branch reviews:

- :func:`pareto` / :func:`vital_few` — which few categories make most complaints (Pareto analysis,
  a common quality-management practice);
- :func:`hours_to_close`, :func:`sla_compliance`, :func:`sla_by_group` — the share of complaints closed
  within a service-level agreement (SLA), with complaints still open at the data cut-off handled
  honestly;
- :func:`median_time_to_close` — the median time to close, both the naive median over the closed
  complaints (biased low: the open ones are the slow ones) and the Kaplan–Meier median, which counts an
  open complaint as "at least this long" (Kaplan & Meier, 1958);
- :func:`recovery_change`, :func:`recovery_by_speed` — satisfaction after recovery minus before the
  incident, the measure behind the *recovery paradox* (Smith & Bolton, 1998; de Matos, Henrique & Rossi,
  2007);
- :func:`code_themes` — coding verbatim comments into themes with a keyword codebook.

Only numpy and pandas are imported here; scipy and statsmodels load inside the functions that need them.

References
----------
* Smith, A. K., & Bolton, R. N. (1998). An experimental investigation of customer reactions to service
  failure and recovery encounters: Paradox or peril? *Journal of Service Research*, 1(1), 65–81.
* de Matos, C. A., Henrique, J. L., & Rossi, C. A. V. (2007). Service recovery paradox: A meta-analysis.
  *Journal of Service Research*, 10(1), 60–77.
* Tax, S. S., Brown, S. W., & Chandrashekaran, M. (1998). Customer evaluations of service complaint
  experiences: Implications for relationship marketing. *Journal of Marketing*, 62(2), 60–76.
* Kaplan, E. L., & Meier, P. (1958). Nonparametric estimation from incomplete observations. *Journal of
  the American Statistical Association*, 53(282), 457–481.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from cxlab._validate import check_confidence, numeric_1d, positive_number, require_columns, show
from cxlab.universe import CUTOFF

__all__ = [
    "RecoveryChange", "ResolutionMedian", "SLACompliance", "code_themes", "hours_to_close", "median_time_to_close",
    "pareto", "recovery_by_speed", "recovery_change", "sla_by_group", "sla_compliance", "vital_few",
    "SPEED_BANDS",
]

#: Time-to-close bands of :func:`recovery_by_speed`, in hours: within 24 h, 24-72 h, after 72 h.
SPEED_BANDS = (24.0, 72.0)


def _one_column(values: Any, what: str) -> pd.Series:
    if isinstance(values, pd.DataFrame):
        raise TypeError(f"{what} must be one column, not a whole table; pick the column first, e.g. complaints['category']")
    if isinstance(values, (str, bytes)) or not hasattr(values, "__len__"):
        raise TypeError(f"{what} must be a list or a column (Series); got {type(values).__name__}")
    return values if isinstance(values, pd.Series) else pd.Series(list(values))


def _threshold(threshold: float) -> float:
    if isinstance(threshold, bool) or not isinstance(threshold, numbers.Real) or not 0 < threshold <= 100:
        raise ValueError(f"threshold must be a percentage above 0 and at most 100, e.g. 80; got {show(threshold)}")
    return float(threshold)


def pareto(categories: Any, *, threshold: float = 80.0) -> pd.DataFrame:
    """Pareto table: complaints per category, largest first, with the share and the cumulative share.

    Parameters
    ----------
    categories : list or pandas.Series
        One category label per complaint (e.g. ``complaints["category"]``). Missing labels are dropped.
    threshold : float, default 80
        The cumulative percentage the "vital few" must reach.

    Returns
    -------
    pandas.DataFrame
        Indexed by category, largest count first (ties in name order), with columns ``complaints``
        (count), ``share`` (% of all complaints), ``cumulative`` (% of the categories so far) and
        ``vital_few`` (True for the fewest top categories that together reach ``threshold`` percent).
        Categories of a categorical column that have no complaint are left out.

    Notes
    -----
    Pareto analysis — a few causes make most of the problems — is a common quality-management
    practice; the 80% line is a convention, not a law. An empty column raises ``ValueError``.

    Examples
    --------
    >>> table = pareto(["waiting", "fees", "waiting", "staff", "waiting", "staff"])
    >>> table["complaints"].tolist(), table["share"].round(1).tolist()
    ([3, 2, 1], [50.0, 33.3, 16.7])
    >>> table["cumulative"].round(1).tolist(), table.index[table["vital_few"]].tolist()
    ([50.0, 83.3, 100.0], ['waiting', 'staff'])
    """
    threshold = _threshold(threshold)
    labels = _one_column(categories, "categories").dropna().astype(str)
    if labels.empty:
        raise ValueError("no complaints to count: the category column is empty or every label is missing")
    counts = labels.value_counts()
    order = sorted(counts.index, key=lambda name: (-counts[name], name))
    counts = counts.reindex(order)
    share = 100 * counts / counts.sum()
    cumulative = 100 * counts.cumsum() / counts.sum()
    # A category is among the vital few while the categories above it have not yet reached the line.
    before = cumulative.shift(fill_value=0.0)
    table = pd.DataFrame({
        "complaints": counts.astype("int64"), "share": share, "cumulative": cumulative,
        "vital_few": before < threshold - 1e-9,
    })
    table.index.name = "category"
    return table


def vital_few(categories: Any, *, threshold: float = 80.0) -> list[str]:
    """The fewest top categories that together make at least ``threshold`` percent of complaints.

    >>> vital_few(["waiting", "fees", "waiting", "staff", "waiting", "staff"])
    ['waiting', 'staff']
    """
    table = pareto(categories, threshold=threshold)
    return table.index[table["vital_few"]].tolist()


def _datetimes(values: Any, what: str) -> pd.Series:
    column = _one_column(values, what)
    if pd.api.types.is_datetime64_any_dtype(column):
        return column
    if column.isna().all():
        return column.astype("datetime64[ns]")
    try:
        return pd.to_datetime(column)
    except (ValueError, TypeError) as error:
        raise ValueError(f"{what} must be dates and times such as '2025-07-01 09:30'; {error}") from None


def hours_to_close(opened: Any, closed: Any) -> pd.Series:
    """Hours from opening to closing each complaint; NaN where the complaint is still open.

    ``opened`` and ``closed`` are columns of dates and times of the same length (``closed`` empty for an
    open complaint). The whole duration counts, days included (``.dt.total_seconds() / 3600``, not
    ``.dt.seconds``, which drops the whole days). A complaint closed before it was opened raises
    ``ValueError`` naming its row.

    >>> hours_to_close(["2025-03-01 09:00", "2025-03-01 09:00"], ["2025-03-02 10:30", None]).tolist()
    [25.5, nan]
    """
    start, end = _datetimes(opened, "opened"), _datetimes(closed, "closed")
    if len(start) != len(end):
        raise ValueError(f"opened and closed must have the same length; got {len(start)} and {len(end)}")
    end = pd.Series(end.to_numpy(), index=start.index)
    if start.isna().any():
        raise ValueError(f"every complaint needs an opening time; row {start.index[start.isna()][0]!r} has none")
    hours = (end - start).dt.total_seconds() / 3600
    if (hours < 0).any():
        raise ValueError(f"row {hours.index[hours < 0][0]!r} was closed before it was opened; check the two columns")
    return hours.rename("hours_to_close")


def _cutoff(cutoff: Any) -> pd.Timestamp:
    try:
        return pd.Timestamp(cutoff)
    except (ValueError, TypeError):
        raise ValueError(f"cutoff must be a date and time such as '2025-12-31 23:59:59'; got {show(cutoff)}") from None


@dataclass(frozen=True)
class SLACompliance:
    """How many complaints met a service-level agreement (SLA) of ``sla_hours``.

    ``eligible`` complaints were opened at least ``sla_hours`` before the cut-off, so whether they met
    the SLA is known: ``met`` closed within it, ``missed`` did not (closed later, or ``open_past_sla``:
    still open and already older than the SLA). ``too_recent`` complaints were opened within the last
    ``sla_hours`` before the cut-off and are left out. ``rate`` is ``100 * met / eligible`` (NaN when
    nothing is eligible); ``closed_only_rate`` is the naive rate over the closed complaints only.
    """

    sla_hours: float
    eligible: int
    met: int
    missed: int
    open_past_sla: int
    too_recent: int
    rate: float
    closed_only_rate: float


def sla_compliance(opened: Any, closed: Any, *, sla_hours: float = 72, cutoff: Any = CUTOFF) -> SLACompliance:
    """Share of complaints closed within ``sla_hours``, with complaints still open handled honestly.

    Parameters
    ----------
    opened, closed : columns of dates and times
        When each complaint was opened and closed (``closed`` empty while it is open).
    sla_hours : float, default 72
        The service-level agreement: the hours within which a complaint should be closed.
    cutoff : date and time, default the Harbor Bank data cut-off (2025-12-31 23:59:59)
        When the data were extracted.

    Returns
    -------
    SLACompliance
        The counts and the rate (in %), see the class.

    Notes
    -----
    Two honest rules. A complaint still open *and already older than the SLA* has missed it: leaving it
    out (or counting only closed complaints) flatters the rate, because the open complaints are the slow
    ones. A complaint opened less than ``sla_hours`` before the cut-off may still meet the SLA, so it is
    left out until its time is up. Counting its fate as unknown is the same idea as censoring in
    survival analysis (Kaplan & Meier, 1958).

    Examples
    --------
    >>> result = sla_compliance(
    ...     ["2025-12-01 09:00", "2025-12-01 09:00", "2025-12-01 09:00", "2025-12-31 12:00"],
    ...     ["2025-12-02 09:00", "2025-12-09 09:00", None, None], sla_hours=72)
    >>> result.eligible, result.met, result.missed, result.open_past_sla, result.too_recent
    (3, 1, 2, 1, 1)
    >>> round(result.rate, 1), result.closed_only_rate
    (33.3, 50.0)
    """
    sla = positive_number(sla_hours, "sla_hours (the SLA in hours)")
    limit = _cutoff(cutoff)
    start = _datetimes(opened, "opened")
    hours = hours_to_close(opened, closed)
    age = (limit - start).dt.total_seconds() / 3600
    known = age >= sla
    met = known & (hours <= sla)
    open_late = known & hours.isna()
    eligible = int(known.sum())
    closed = hours.notna()
    return SLACompliance(
        sla_hours=sla,
        eligible=eligible,
        met=int(met.sum()),
        missed=int(eligible - met.sum()),
        open_past_sla=int(open_late.sum()),
        too_recent=int((~known).sum()),
        rate=100 * float(met.sum()) / eligible if eligible else math.nan,
        closed_only_rate=100 * float((hours[closed] <= sla).mean()) if closed.any() else math.nan,
    )


def sla_by_group(
    frame: pd.DataFrame, by: str, *, sla_hours: float = 72, cutoff: Any = CUTOFF,
    opened: str = "opened_at", closed: str = "closed_at",
) -> pd.DataFrame:
    """:func:`sla_compliance` for each group (channel, branch, category) of a complaints table.

    Returns a table indexed by group (sorted) with the fields of :class:`SLACompliance` as columns
    (``sla_hours`` left out). Rows with a missing group label are dropped.

    >>> table = pd.DataFrame({"channel": ["phone", "phone", "letter"],
    ...                       "opened_at": pd.to_datetime(["2025-06-01 09:00"] * 3),
    ...                       "closed_at": pd.to_datetime(["2025-06-01 10:00", "2025-06-09 10:00", "2025-06-02 09:00"])})
    >>> sla_by_group(table, "channel")["rate"].tolist()
    [100.0, 50.0]
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be the complaints table (a DataFrame); got {type(frame).__name__}")
    require_columns(frame, (by, opened, closed), "complaints")
    rows = {}
    for key, group in frame.groupby(by, observed=True, sort=True):
        result = sla_compliance(group[opened], group[closed], sla_hours=sla_hours, cutoff=cutoff)
        rows[key] = {name: getattr(result, name) for name in SLACompliance.__dataclass_fields__ if name != "sla_hours"}
    if not rows:
        raise ValueError(f"no complaints to group: the table is empty or every {by!r} is missing")
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = by
    return table


@dataclass(frozen=True)
class ResolutionMedian:
    """The median hours to close a group of complaints, two ways.

    ``closed_only`` is the median over the ``n - still_open`` closed complaints — biased low whenever
    complaints are still open, because those are the slow ones. ``kaplan_meier`` counts each open
    complaint as "open for at least its age at the cut-off" (Kaplan & Meier, 1958) and is the first time
    by which at least half of the complaints are estimated to be closed (NaN if that is not reached
    within the data). With no open complaint it is the lower middle of the sorted hours.
    """

    n: int
    still_open: int
    closed_only: float
    kaplan_meier: float


def median_time_to_close(opened: Any, closed: Any, *, cutoff: Any = CUTOFF) -> ResolutionMedian:
    """Median hours to close: the naive median over the closed complaints and the Kaplan–Meier median.

    The Kaplan–Meier (product-limit) estimate is computed with ``statsmodels``
    (``statsmodels.duration.survfunc.SurvfuncRight``): a closed complaint is an event at its hours to
    close, an open complaint is censored at its age at ``cutoff``.

    References
    ----------
    * Kaplan, E. L., & Meier, P. (1958). Nonparametric estimation from incomplete observations.
      *Journal of the American Statistical Association*, 53(282), 457–481.

    Examples
    --------
    Four complaints closed after 2, 4, 6 and 8 hours, and two still open after 30 hours:

    >>> opened = pd.to_datetime(["2025-12-31 00:00"] * 4 + ["2025-12-30 18:00"] * 2)
    >>> closed = pd.Series(pd.to_datetime(["2025-12-31 02:00", "2025-12-31 04:00", "2025-12-31 06:00",
    ...                                    "2025-12-31 08:00", None, None]))
    >>> result = median_time_to_close(opened, closed, cutoff="2026-01-01 00:00")
    >>> result.still_open, result.closed_only, result.kaplan_meier
    (2, 5.0, 6.0)
    """
    from statsmodels.duration.survfunc import SurvfuncRight

    limit = _cutoff(cutoff)
    start = _datetimes(opened, "opened")
    hours = hours_to_close(opened, closed)
    if hours.empty:
        raise ValueError("no complaints: the columns are empty")
    age = (limit - start).dt.total_seconds() / 3600
    is_open = hours.isna()
    if (age[is_open] < 0).any():
        raise ValueError("a complaint still open was opened after the cut-off; check cutoff")
    durations = hours.where(~is_open, age).to_numpy(dtype=float)
    closed_hours = hours[~is_open]
    curve = SurvfuncRight(durations, (~is_open).to_numpy().astype(int))
    # The first time the estimated share still open falls to one half or below; the tolerance keeps a
    # product that is 0.5 on paper (6/12) from missing the line by a rounding error.
    reached = np.flatnonzero(curve.surv_prob <= 0.5 + 1e-9)
    km = float(curve.surv_times[reached[0]]) if reached.size else math.nan
    return ResolutionMedian(
        n=int(len(hours)),
        still_open=int(is_open.sum()),
        closed_only=float(closed_hours.median()) if len(closed_hours) else math.nan,
        kaplan_meier=km,
    )


@dataclass(frozen=True)
class RecoveryChange:
    """Mean change of satisfaction from before the incident to after the recovery (0-10 points).

    ``mean`` = mean of ``after - before`` over the ``n`` complaints with both ratings, ``ci_low`` /
    ``ci_high`` its t-interval, ``share_above`` the % of customers who ended *above* their rating
    before the incident, ``share_below`` the % who ended below it.
    """

    n: int
    mean: float
    se: float
    ci_low: float
    ci_high: float
    share_above: float
    share_below: float


def recovery_change(before: Any, after: Any, *, confidence: float = 0.95) -> RecoveryChange:
    """Satisfaction after recovery minus satisfaction before the incident, with a confidence interval.

    A positive mean is the *recovery paradox*: customers whose problem was put right end up more
    satisfied than before anything went wrong (Smith & Bolton, 1998). The paradox is not a rule: the
    meta-analysis of de Matos, Henrique & Rossi (2007) finds it for satisfaction but not for loyalty
    (repurchase) or word of mouth, and only under conditions (a first failure, not a severe one, an
    excellent recovery) — a single study or a simulated bank does not prove it in general.

    Pairs where either rating is missing (an open complaint has no rating after) are dropped. The
    interval is ``mean ± t * se`` with ``t`` from Student's t with ``n - 1`` degrees of freedom.

    References
    ----------
    * Smith, A. K., & Bolton, R. N. (1998). *Journal of Service Research*, 1(1), 65–81.
    * de Matos, C. A., Henrique, J. L., & Rossi, C. A. V. (2007). *Journal of Service Research*, 10(1), 60–77.

    Examples
    --------
    >>> result = recovery_change([6, 7, 5, 8], [8, 8, 5, 7])
    >>> result.n, result.mean, result.share_above, result.share_below
    (4, 0.5, 50.0, 25.0)
    >>> round(result.ci_low, 2), round(result.ci_high, 2)
    (-1.55, 2.55)
    """
    from scipy import stats

    check_confidence(confidence)
    pre = numeric_1d(before, "ratings before the incident", "numbers from 0 to 10").astype(float)
    post = numeric_1d(after, "ratings after the recovery", "numbers from 0 to 10").astype(float)
    if len(pre) != len(post):
        raise ValueError(f"before and after must have the same length; got {len(pre)} and {len(post)}")
    both = ~(np.isnan(pre) | np.isnan(post))
    change = post[both] - pre[both]
    n = int(change.size)
    if n < 2:
        raise ValueError(f"need at least 2 complaints with a rating before and after; got {n}")
    mean = float(change.mean())
    se = float(change.std(ddof=1) / math.sqrt(n))
    t = float(stats.t.ppf(0.5 + confidence / 2, n - 1))
    return RecoveryChange(
        n=n, mean=mean, se=se, ci_low=mean - t * se, ci_high=mean + t * se,
        share_above=100 * float((change > 0).mean()), share_below=100 * float((change < 0).mean()),
    )


def recovery_by_speed(
    frame: pd.DataFrame, *, bands: tuple[float, ...] = SPEED_BANDS, before: str = "pre_rating",
    after: str = "recovery_satisfaction", opened: str = "opened_at", closed: str = "closed_at",
    confidence: float = 0.95,
) -> pd.DataFrame:
    """:func:`recovery_change` for each band of time to close: within 24 h, 24-72 h, after 72 h.

    Returns a table indexed by band label (``"within 24 h"``, ``"24-72 h"``, ``"after 72 h"`` for the
    default bands; a band includes its upper limit) with the fields of :class:`RecoveryChange` as
    columns. Open complaints have no time to close and no rating after, so they are in no band.

    >>> table = pd.DataFrame({"opened_at": pd.to_datetime(["2025-01-01 09:00"] * 4),
    ...     "closed_at": pd.to_datetime(["2025-01-01 10:00", "2025-01-01 12:00", "2025-01-05 09:00", "2025-01-09 09:00"]),
    ...     "pre_rating": [6, 6, 7, 7], "recovery_satisfaction": [8, 7, 5, 4]})
    >>> recovery_by_speed(table, bands=(24,))["mean"].tolist()
    [1.5, -2.5]
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be the complaints table (a DataFrame); got {type(frame).__name__}")
    require_columns(frame, (before, after, opened, closed), "complaints")
    limits = [positive_number(b, "each band limit (hours)") for b in bands]
    if limits != sorted(set(limits)):
        raise ValueError(f"bands must be increasing hours, e.g. (24, 72); got {bands}")
    hours = hours_to_close(frame[opened], frame[closed])
    edges = [0.0, *limits, math.inf]
    labels = [f"within {_h(limits[0])} h"] + [f"{_h(a)}-{_h(b)} h" for a, b in zip(limits, limits[1:])] + [
        f"after {_h(limits[-1])} h"]
    band = pd.cut(hours, edges, labels=labels, include_lowest=True)
    rows = {}
    for label in labels:
        rows[label] = recovery_change(frame.loc[band == label, before], frame.loc[band == label, after],
                                      confidence=confidence).__dict__
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "time to close"
    return table


def _h(hours: float) -> str:
    return f"{hours:g}"


def code_themes(texts: Any, codebook: Mapping[str, Any]) -> pd.DataFrame:
    """Code comments into themes: one True/False column per theme, True where a keyword appears.

    Parameters
    ----------
    texts : list or pandas.Series
        The comments (Chinese, English or both). Missing comments match no theme.
    codebook : dict
        Theme name -> keywords (a list of words, or one word). A comment belongs to a theme when it
        contains any of its keywords (letters compared without case). A comment may belong to several
        themes, or to none: the column ``"uncoded"`` marks those, so a coder sees what the codebook
        misses and can add a keyword.

    Notes
    -----
    Keyword coding is the first step of qualitative content analysis, a common practice; a person
    should read a sample of each theme to check the codebook, and the uncoded comments to extend it.

    Examples
    --------
    >>> codebook = {"waiting": ["排队", "queue"], "fees": ["费"]}
    >>> coded = code_themes(["排队一个多小时", "a long Queue", "年费", "手机银行登录不了"], codebook)
    >>> coded.sum().to_dict()
    {'waiting': 2, 'fees': 1, 'uncoded': 1}
    """
    column = _one_column(texts, "texts")
    if not isinstance(codebook, Mapping) or not codebook:
        raise ValueError("codebook must be a dict of theme -> keywords, e.g. {'waiting': ['排队', '等']}")
    if "uncoded" in codebook:
        raise ValueError("'uncoded' is the column for comments no theme matches; name your theme differently")
    lowered = column.astype("string").str.lower()
    coded = {}
    for theme, keywords in codebook.items():
        words = [keywords] if isinstance(keywords, str) else list(keywords)
        if not words or any(not isinstance(w, str) or not w.strip() for w in words):
            raise ValueError(f"theme {theme!r} needs one or more keywords (non-empty text); got {keywords!r}")
        hits = pd.Series(False, index=column.index)
        for word in words:
            hits |= lowered.str.contains(word.lower(), regex=False).fillna(False).astype(bool)
        coded[str(theme)] = hits
    table = pd.DataFrame(coded, index=column.index)
    table["uncoded"] = ~table.any(axis=1)
    return table
