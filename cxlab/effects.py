"""Did a change work? Before/after, difference-in-differences, month-by-month effects, parallel trends.

The method of Module 8 (Angrist & Pischke 2009, ch. 5): compare the change in the group that
changed with the change in a control group over the same months. The regression
``outcome ~ treated + after + treated × after`` gives the same estimate as the 2 × 2 table of means
(its interaction coefficient) and a standard error. Customers of one branch resemble each other,
so errors are clustered by branch; with only 24 branches the usual clustered errors are too small,
so intervals use the t distribution with G - 1 degrees of freedom (G clusters) and a wild cluster
bootstrap is offered as a check (Cameron, Gelbach & Miller 2008).

Pure functions on frames: no files, no drawing. statsmodels, scipy and wildboottest are imported
inside the functions that need them, so ``import cxlab.effects`` stays light. Outcomes are means of
a numeric column; for an NPS use :func:`cxlab.nps.promoter_points`, whose mean is the NPS.
Rows with a missing outcome are left out everywhere.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cxlab._validate import check_confidence, require_columns

__all__ = [
    "BeforeAfter", "DidFit", "WildBootstrap", "EventStudy", "ParallelTrends",
    "before_after", "did_regression", "wild_cluster_bootstrap", "event_study", "parallel_trends",
]


@dataclass(frozen=True)
class BeforeAfter:
    """Means of an outcome by group and period: ``means`` and ``counts`` (rows: groups; columns:
    ``before``, ``after``), ``change`` (after - before, per group)."""

    means: pd.DataFrame
    counts: pd.DataFrame
    change: pd.Series


@dataclass(frozen=True)
class DidFit:
    """A difference-in-differences from the regression with an interaction term.

    ``estimate`` is the interaction coefficient (the treated group's change minus the control's);
    ``se`` its standard error clustered by ``clusters`` groups (statsmodels' CR1 small-sample
    factor); ``ci_low``/``ci_high`` the interval ``estimate ± t_critical × se`` with ``t_critical``
    from the t distribution with ``df`` = clusters - 1 degrees of freedom, and ``p_value`` the
    two-sided test of no effect on the same distribution. ``n`` counts the rows used.
    """

    estimate: float
    se: float
    df: int
    t_critical: float
    ci_low: float
    ci_high: float
    p_value: float
    confidence: float
    clusters: int
    n: int

    @property
    def margin(self) -> float:
        """Half the width of the interval."""
        return self.t_critical * self.se


@dataclass(frozen=True)
class WildBootstrap:
    """Wild cluster bootstrap of a difference-in-differences (restricted, Rademacher weights).

    ``p_value`` tests no effect; ``ci_low``/``ci_high`` are the effects the bootstrap test does
    not reject at ``1 - confidence`` (test inversion, to ``tolerance``); ``reps`` bootstrap draws
    over ``clusters`` clusters.
    """

    estimate: float
    p_value: float
    ci_low: float
    ci_high: float
    confidence: float
    reps: int
    clusters: int


@dataclass(frozen=True)
class EventStudy:
    """Month-by-month differences-in-differences against a pooled baseline.

    ``effects`` has one row per month outside the baseline (index: the month) with columns
    ``estimate`` ((treated that month - treated baseline) - (control that month - control
    baseline)), ``se`` (clustered), ``ci_low``, ``ci_high`` (t with ``df`` = clusters - 1) and
    ``p_value``. The months share the baseline, and the clustered errors allow for that.
    """

    effects: pd.DataFrame
    baseline: tuple
    df: int
    t_critical: float
    confidence: float
    clusters: int


@dataclass(frozen=True)
class ParallelTrends:
    """Checks of the parallel-trends assumption on the months before the change.

    ``trend_difference`` is how much faster the treated group's outcome rose per month than the
    control's before the change (month effects removed), with its clustered ``se``, t(G - 1)
    interval and ``p_value``: near 0 and not significant is what parallel trends look like.
    ``placebo`` is a difference-in-differences for a pretend change at ``placebo_change``, using
    only months before the real change; it should be within its margin of zero.
    """

    trend_difference: float
    se: float
    ci_low: float
    ci_high: float
    p_value: float
    months: int
    placebo_change: pd.Timestamp
    placebo: DidFit


def _flag(data: pd.DataFrame, column: str) -> np.ndarray:
    """A 0/1 column as floats; anything but 0/1 (or False/True) raises ``ValueError``."""
    values = data[column]
    numbers = values.astype("float64") if values.dtype == bool else pd.to_numeric(values, errors="coerce")
    wrong = ~numbers.isin((0.0, 1.0))
    if wrong.any():
        raise ValueError(f"the column {column!r} must hold 0/1 (or False/True) in every row; got {values[wrong].iloc[0]!r}")
    return numbers.to_numpy(dtype="float64")


def _rows(data: pd.DataFrame, outcome: str, columns: tuple[str, ...]) -> pd.DataFrame:
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"data must be a pandas DataFrame, one row per answer; got {type(data).__name__}")
    require_columns(data, (outcome, *columns), "data")
    y = pd.to_numeric(data[outcome], errors="coerce").astype("float64")
    bad = data[outcome].notna() & y.isna()
    if bad.any():
        raise ValueError(f"the outcome {outcome!r} must hold numbers; got {data.loc[bad, outcome].iloc[0]!r}")
    return data.assign(**{outcome: y})[y.notna()]


def _clustered_fit(y: np.ndarray, X: pd.DataFrame, groups: pd.Series):
    """OLS with errors clustered by ``groups`` (CR1) and the number of clusters."""
    import statsmodels.api as sm

    if len(y) <= X.shape[1]:
        raise ValueError(f"too few rows ({len(y)}) to estimate {X.shape[1]} coefficients and their errors; "
                         "a difference-in-differences needs more answers in its cells")
    codes, uniques = pd.factorize(groups, sort=True)
    if len(uniques) < 2:
        raise ValueError("clustered errors need at least 2 clusters (branches); the data has "
                         f"{len(uniques)}")
    fit = sm.OLS(y, X).fit(cov_type="cluster", cov_kwds={"groups": codes})
    return fit, len(uniques)


def _t_interval(estimate: float, se: float, clusters: int, confidence: float) -> tuple[float, float, float, float]:
    """t critical value with G - 1 df, the interval and the two-sided p-value."""
    from scipy import stats

    df = clusters - 1
    t_critical = float(stats.t.ppf(0.5 + confidence / 2, df))
    p_value = float(2 * stats.t.sf(abs(estimate / se), df)) if se > 0 else float("nan")
    return t_critical, estimate - t_critical * se, estimate + t_critical * se, p_value


def _did_design(rows: pd.DataFrame, treated: str, after: str) -> pd.DataFrame:
    t, a = _flag(rows, treated), _flag(rows, after)
    for name, mask in (("treated, before", (t == 1) & (a == 0)), ("treated, after", (t == 1) & (a == 1)),
                       ("control, before", (t == 0) & (a == 0)), ("control, after", (t == 0) & (a == 1))):
        if not mask.any():
            raise ValueError(f"no rows for the {name} cell: a difference-in-differences needs all four")
    return pd.DataFrame({"const": 1.0, "treated": t, "after": a, "treated:after": t * a}, index=rows.index)


def before_after(data: pd.DataFrame, outcome: str, *, group: str, period: str,
                 before: str = "before", after: str = "after") -> BeforeAfter:
    """Mean of ``outcome`` for each group before and after, and each group's change.

    Rows whose ``period`` is neither ``before`` nor ``after`` (e.g. ``"transition"``) are left
    out, and so are missing outcomes. A group without rows in a period has a NaN mean and count 0.
    The difference of two groups' changes is the difference-in-differences (Angrist & Pischke 2009).

    References
    ----------
    * Angrist, J. D., & Pischke, J.-S. (2009). *Mostly Harmless Econometrics*. Princeton University Press (difference-in-differences).

    Examples
    --------
    >>> data = pd.DataFrame({"branch_type": ["smart", "smart", "traditional", "traditional"],
    ...                      "period": ["before", "after"] * 2, "wait": [10.0, 6.0, 11.0, 12.0]})
    >>> result = before_after(data, "wait", group="branch_type", period="period")
    >>> result.change.to_dict()
    {'smart': -4.0, 'traditional': 1.0}
    """
    rows = _rows(data, outcome, (group, period))
    rows = rows[rows[period].astype(str).isin([before, after])]
    grouped = rows.groupby([rows[group].astype(str), rows[period].astype(str)])[outcome]
    means = grouped.mean().unstack().reindex(columns=[before, after])
    counts = grouped.size().unstack().reindex(columns=[before, after]).fillna(0).astype(int)
    means.columns = counts.columns = pd.Index(["before", "after"])
    means.index.name = counts.index.name = group
    return BeforeAfter(means=means, counts=counts, change=(means["after"] - means["before"]).rename("change"))


def did_regression(data: pd.DataFrame, outcome: str, *, treated: str, after: str, cluster: str = "branch_id",
                   confidence: float = 0.95) -> DidFit:
    """Difference-in-differences as ``outcome ~ treated * after`` with errors clustered by ``cluster``.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per observation (an answer, a branch-month) of the two periods to compare.
    outcome : str
        Numeric column; missing values are left out.
    treated, after : str
        0/1 (or False/True) columns: the row belongs to the changed group; the row is after the change.
    cluster : str, default "branch_id"
        Rows of one cluster share errors; the interval uses t with (clusters - 1) degrees of freedom.
    confidence : float, default 0.95

    Returns
    -------
    DidFit

    Notes
    -----
    The interaction coefficient equals ``(treated after - treated before) - (control after -
    control before)`` of the cell means exactly. statsmodels' clustered errors (with its small-sample
    factor) are anti-conservative with few clusters when read against the normal distribution; the
    t(G - 1) reference follows Cameron, Gelbach & Miller (2008) and Cameron & Miller's advice. For
    a second opinion, see :func:`wild_cluster_bootstrap`. A missing cell or fewer than 2 clusters
    raises ``ValueError``.

    References
    ----------
    * Angrist, J. D., & Pischke, J.-S. (2009). *Mostly Harmless Econometrics*. Princeton University Press (difference-in-differences).
    * Cameron, A. C., Gelbach, J. B., & Miller, D. L. (2008). Bootstrap-based improvements for inference with clustered errors. *Review of Economics and Statistics*, 90(3), 414–427.

    Examples
    --------
    >>> data = pd.DataFrame({"branch": ["A", "A", "B", "B", "C", "C", "D", "D"],
    ...                      "smart": [1, 1, 1, 1, 0, 0, 0, 0], "after": [0, 1] * 4,
    ...                      "wait": [10.0, 6.0, 12.0, 7.0, 11.0, 12.0, 9.0, 9.0]})
    >>> fit = did_regression(data, "wait", treated="smart", after="after", cluster="branch")
    >>> round(fit.estimate, 2), fit.clusters, fit.df
    (-5.0, 4, 3)
    """
    check_confidence(confidence)
    rows = _rows(data, outcome, (treated, after, cluster))
    X = _did_design(rows, treated, after)
    fit, clusters = _clustered_fit(rows[outcome].to_numpy(), X, rows[cluster])
    estimate, se = float(fit.params["treated:after"]), float(fit.bse["treated:after"])
    t_critical, low, high, p_value = _t_interval(estimate, se, clusters, confidence)
    return DidFit(estimate=estimate, se=se, df=clusters - 1, t_critical=t_critical, ci_low=low, ci_high=high,
                  p_value=p_value, confidence=float(confidence), clusters=clusters, n=len(rows))


def wild_cluster_bootstrap(data: pd.DataFrame, outcome: str, *, treated: str, after: str, cluster: str = "branch_id",
                           reps: int = 9999, confidence: float = 0.95, seed: int = 0,
                           tolerance: float | None = None) -> WildBootstrap:
    """Wild cluster bootstrap p-value and interval of the difference-in-differences.

    The restricted wild cluster bootstrap-t with Rademacher weights (Cameron, Gelbach & Miller
    2008, the ``wildboottest`` package's WCR11): each draw flips the sign of every cluster's
    residuals at random, under the null of no effect. The interval collects the effects ``b`` whose
    bootstrap test does not reject ``effect = b`` at ``1 - confidence``, found by bisection to
    ``tolerance`` (default: 2% of the clustered standard error; about 15 bootstrap runs, 2-3 s on
    the Harbor Bank survey). The same ``seed`` gives the same draws, so the result repeats.
    ``reps`` runs from 99 to 99,999: more draws, a steadier p-value.

    References
    ----------
    * Cameron, A. C., Gelbach, J. B., & Miller, D. L. (2008). Bootstrap-based improvements for inference with clustered errors. *Review of Economics and Statistics*, 90(3), 414–427.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> data = pd.DataFrame({"branch": np.repeat(np.arange(12), 20), "after": np.tile([0, 1], 120)})
    >>> data["smart"] = (data["branch"] < 6).astype(int)
    >>> data["wait"] = 10 - 4 * data["smart"] * data["after"] + rng.normal(0, 1, len(data))
    >>> boot = wild_cluster_bootstrap(data, "wait", treated="smart", after="after", cluster="branch", reps=199)
    >>> boot.p_value < 0.05, boot.ci_low < -4 < boot.ci_high
    (True, True)
    """
    from cxlab._validate import whole_number

    reps = whole_number(reps, "reps (bootstrap draws)", 99, 99_999)
    check_confidence(confidence)
    rows = _rows(data, outcome, (treated, after, cluster))
    X = _did_design(rows, treated, after)
    y = rows[outcome].to_numpy()
    fit, clusters = _clustered_fit(y, X, rows[cluster])
    estimate, se = float(fit.params["treated:after"]), float(fit.bse["treated:after"])
    groups = pd.factorize(rows[cluster], sort=True)[0]
    interaction = X["treated:after"].to_numpy()
    design = X.to_numpy()

    def p_value(effect: float) -> float:
        # Testing effect = b is testing 0 on the outcome minus b × interaction.
        return _wild_p_value(design, y - effect * interaction, groups, reps, seed)

    alpha = 1 - confidence
    step = tolerance if tolerance is not None else 0.02 * se
    t_critical = _t_interval(estimate, se, clusters, confidence)[0]

    def bound(direction: int) -> float:
        # Start from the t(G - 1) bound, which the bootstrap bound is usually close to, and walk
        # out (or in) a quarter of a standard error at a time until the test changes its verdict.
        inside = outside = estimate + direction * t_critical * se
        if p_value(outside) >= alpha:
            while p_value(outside) >= alpha:
                inside, outside = outside, outside + direction * se / 4
        else:
            while inside != estimate and p_value(inside) < alpha:
                outside, inside = inside, max(inside - se / 4, estimate) if direction > 0 else min(inside + se / 4, estimate)
        while abs(outside - inside) > step:
            middle = (inside + outside) / 2
            inside, outside = (middle, outside) if p_value(middle) >= alpha else (inside, middle)
        return (inside + outside) / 2

    return WildBootstrap(estimate=estimate, p_value=p_value(0.0), ci_low=bound(-1), ci_high=bound(+1),
                         confidence=float(confidence), reps=reps, clusters=clusters)


def _wild_p_value(design: np.ndarray, y: np.ndarray, groups: np.ndarray, reps: int, seed: int) -> float:
    """Two-sided WCR11 p-value for the last coefficient being 0 (wildboottest's clustered bootstrap)."""
    import warnings

    restriction = np.zeros(design.shape[1])
    restriction[-1] = 1.0
    boot = _wild_bootstrap_class()(X=design, Y=y, cluster=groups, R=restriction, B=reps, seed=seed, parallel=False)
    boot.get_scores(bootstrap_type="11", impose_null=True, adj=True, cluster_adj=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "full enumeration" notice when 2^G < reps: the exact answer, wanted
        boot.get_weights(weights_type="rademacher")
    boot.get_numer()
    boot.get_denom()
    boot.get_tboot()
    boot.get_vcov()
    boot.get_tstat()
    boot.get_pvalue(pval_type="two-tailed")
    return float(boot.pvalue)


def _wild_bootstrap_class():
    """wildboottest's WildboottestCL with its CRV1 bootstrap denominator computed by numpy.

    The package compiles that loop with numba inside the method, so every call pays a second of
    compilation; an interval needs about fifteen calls. The formula is the package's own:
    ``denominator_b = ssc × Σ_g (C_g v_gb - (H v_b)_g)²``.
    """
    from wildboottest.wildboottest import WildboottestCL

    class NumpyDenominator(WildboottestCL):
        def get_denom(self):
            if self.crv_type != "crv1":
                return super().get_denom()
            middle = self.R @ self.tXXinv
            H = np.array([[middle @ xx @ self.tXXinv @ self.scores_mat[:, h] for h in range(self.G)]
                          for xx in self.tXgXg_list])
            z = self.Cg[:, None] * self.v - H @ self.v
            self.denom = self.ssc * np.sum(z ** 2, axis=0)

    return NumpyDenominator


def event_study(data: pd.DataFrame, outcome: str, *, treated: str, month: str, baseline: Collection,
                cluster: str = "branch_id", confidence: float = 0.95) -> EventStudy:
    """Difference-in-differences for each month against a pooled ``baseline`` of months.

    One regression with a cell for the baseline and one for every other month, each interacted
    with ``treated``; the interaction of a month is ``(treated that month - treated baseline) -
    (control that month - control baseline)`` of the cell means, exactly. Errors are clustered by
    ``cluster`` and intervals use t(G - 1), so the months' shared baseline is allowed for (a sum of
    four independent cell variances would not). Months before the change outside the baseline
    are "leads": they should scatter around 0 if the trends were parallel.

    References
    ----------
    * Angrist, J. D., & Pischke, J.-S. (2009). *Mostly Harmless Econometrics*. Princeton University Press (difference-in-differences).
    * Cameron, A. C., Gelbach, J. B., & Miller, D. L. (2008). Bootstrap-based improvements for inference with clustered errors. *Review of Economics and Statistics*, 90(3), 414–427.

    Examples
    --------
    >>> data = pd.DataFrame({"branch": list("ABCD") * 3, "smart": [1, 1, 0, 0] * 3,
    ...                      "month": ["2025-05"] * 4 + ["2025-06"] * 4 + ["2025-10"] * 4,
    ...                      "wait": [10, 11, 10, 11, 10, 11, 10, 11, 6, 7, 10, 12.0]})
    >>> study = event_study(data, "wait", treated="smart", month="month", baseline=["2025-05", "2025-06"],
    ...                     cluster="branch")
    >>> study.effects["estimate"].round(2).to_dict()
    {'2025-10': -4.5}
    """
    check_confidence(confidence)
    rows = _rows(data, outcome, (treated, month, cluster))
    base = set(baseline)
    in_base = rows[month].isin(base).to_numpy()
    if not in_base.any():
        raise ValueError(f"no rows in the baseline months {sorted(map(str, base))[:3]}...: check `baseline`")
    t = _flag(rows, treated)
    months = sorted(rows.loc[~in_base, month].unique())
    if not months:
        raise ValueError("every month is in the baseline: leave at least one month out to estimate its effect")
    X = pd.DataFrame({"const": 1.0, "treated": t}, index=rows.index)
    for m in months:
        X[f"month {m}"] = (rows[month] == m).astype(float).to_numpy()
    for m in months:
        X[f"treated x {m}"] = t * X[f"month {m}"].to_numpy()
    fit, clusters = _clustered_fit(rows[outcome].to_numpy(), X, rows[cluster])
    effects = []
    for m in months:
        estimate, se = float(fit.params[f"treated x {m}"]), float(fit.bse[f"treated x {m}"])
        t_critical, low, high, p_value = _t_interval(estimate, se, clusters, confidence)
        effects.append({"month": m, "estimate": estimate, "se": se, "ci_low": low, "ci_high": high,
                        "p_value": p_value})
    return EventStudy(effects=pd.DataFrame(effects).set_index("month"), baseline=tuple(sorted(base)),
                      df=clusters - 1, t_critical=t_critical, confidence=float(confidence), clusters=clusters)


def parallel_trends(data: pd.DataFrame, outcome: str, *, treated: str, month: str, change,
                    cluster: str = "branch_id", placebo_change=None, confidence: float = 0.95) -> ParallelTrends:
    """Test the months before ``change`` for parallel trends: a trend difference and a placebo DiD.

    Only rows with ``month`` before ``change`` are used (``month`` holds dates or month strings such
    as ``"2025-03"``). The trend test fits ``outcome ~ month effects + treated + treated × t`` (``t``
    = months since the first) and reports the coefficient of ``treated × t``: how many units a month
    faster the treated group rose. The placebo pretends the change happened at ``placebo_change``
    (default: the middle month of the period before) and runs :func:`did_regression` on it. Both
    use errors clustered by ``cluster`` and t(G - 1). Passing the check does not prove the
    assumption; failing it is a warning.

    References
    ----------
    * Angrist, J. D., & Pischke, J.-S. (2009). *Mostly Harmless Econometrics*. Princeton University Press (difference-in-differences).

    Examples
    --------
    A treated group whose wait rose half a minute a month faster than the control's:

    >>> months = pd.date_range("2024-01-01", periods=6, freq="MS")
    >>> data = pd.DataFrame({"branch": np.tile(list("ABCDEFGH"), 6), "month": np.repeat(months, 8),
    ...                      "smart": np.tile([1, 1, 1, 1, 0, 0, 0, 0], 6)})
    >>> noise = np.random.default_rng(0).normal(0, 0.1, len(data))
    >>> data["wait"] = 10 + 0.5 * data["smart"] * np.repeat(np.arange(6), 8) + noise
    >>> check = parallel_trends(data, "wait", treated="smart", month="month", change="2024-07-01", cluster="branch")
    >>> round(check.trend_difference, 2), check.months, str(check.placebo_change.date())
    (0.5, 6, '2024-04-01')
    >>> check.p_value < 0.01
    True
    """
    check_confidence(confidence)
    rows = _rows(data, outcome, (treated, month, cluster))
    when = pd.to_datetime(rows[month].astype(str))
    rows = rows[(when < pd.Timestamp(change)).to_numpy()]
    when = when[when < pd.Timestamp(change)]
    months = sorted(when.unique())
    if len(months) < 3:
        raise ValueError(f"a trend check needs at least 3 months before the change ({change}); the data has {len(months)}")
    t = _flag(rows, treated)
    index = {m: i for i, m in enumerate(months)}
    X = pd.DataFrame({"const": 1.0, "treated": t}, index=rows.index)
    for m in months[1:]:
        X[f"month {m:%Y-%m}"] = (when == m).astype(float).to_numpy()
    X["treated x t"] = t * when.map(index).to_numpy(dtype=float)
    fit, clusters = _clustered_fit(rows[outcome].to_numpy(), X, rows[cluster])
    trend, se = float(fit.params["treated x t"]), float(fit.bse["treated x t"])
    _, low, high, p_value = _t_interval(trend, se, clusters, confidence)
    placebo_at = pd.Timestamp(placebo_change) if placebo_change is not None else pd.Timestamp(months[len(months) // 2])
    placebo_rows = rows.assign(_placebo_after=(when >= placebo_at).astype(int).to_numpy())
    placebo = did_regression(placebo_rows, outcome, treated=treated, after="_placebo_after", cluster=cluster,
                             confidence=confidence)
    return ParallelTrends(trend_difference=trend, se=se, ci_low=low, ci_high=high, p_value=p_value,
                          months=len(months), placebo_change=placebo_at, placebo=placebo)
