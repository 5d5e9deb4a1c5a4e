"""Did a change work (Module 8's method): before/after cells, the DiD regression with branch-clustered
errors and t(G - 1), the wild cluster bootstrap, month-by-month effects and the parallel-trends check.

Expected values are computed independently: cell means with pandas, the regression and its clustered
variance with a hand-built design matrix and numpy, critical values with scipy.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from cxlab import effects


def panel(effect=-4.0, branches=12, rows_per_cell=15, seed=0, trend=0.0, months=6):
    """Branch-level data: half the branches treated, ``months`` months, the last third 'after'.

    Each branch has its own level (so its customers resemble each other), each month a shared shock,
    the treated group gets ``effect`` after the change and rises ``trend`` a month faster throughout.
    """
    rng = np.random.default_rng(seed)
    level = rng.normal(0, 1.5, branches)
    shock = rng.normal(0, 0.5, months)
    change = months - months // 3
    rows = []
    for b in range(branches):
        treated = int(b < branches // 2)
        for m in range(months):
            after = int(m >= change)
            y = 10 + level[b] + shock[m] + treated * (effect * after + trend * m) + rng.normal(0, 2, rows_per_cell)
            rows += [{"branch": f"B{b:02d}", "smart": treated, "month": f"2024-{m + 1:02d}", "after": after,
                      "wait": v} for v in y]
    return pd.DataFrame(rows)


def hand_did(data, outcome="wait"):
    """OLS of outcome on [1, smart, after, smart*after] with CR1 clustered errors, by hand."""
    X = np.column_stack([np.ones(len(data)), data["smart"], data["after"], data["smart"] * data["after"]])
    y = data[outcome].to_numpy(float)
    beta, *_ = np.linalg.lstsq(X, y, rcond=None)
    residual = y - X @ beta
    bread = np.linalg.inv(X.T @ X)
    meat = np.zeros((4, 4))
    groups = data["branch"].to_numpy()
    for g in np.unique(groups):
        score = X[groups == g].T @ residual[groups == g]
        meat += np.outer(score, score)
    n, k, G = len(y), X.shape[1], len(np.unique(groups))
    variance = bread @ meat @ bread * G / (G - 1) * (n - 1) / (n - k)
    return beta[3], np.sqrt(variance[3, 3]), G


def test_the_did_is_the_difference_of_the_cell_changes():
    data = panel()
    cells = data.groupby(["smart", "after"])["wait"].mean()
    expected = (cells[1, 1] - cells[1, 0]) - (cells[0, 1] - cells[0, 0])
    fit = effects.did_regression(data, "wait", treated="smart", after="after", cluster="branch")
    assert fit.estimate == pytest.approx(expected, abs=1e-9)


def test_the_clustered_error_is_the_cr1_sandwich_and_the_interval_uses_t_with_g_minus_1_df():
    data = panel(branches=24)
    estimate, se, clusters = hand_did(data)
    fit = effects.did_regression(data, "wait", treated="smart", after="after", cluster="branch")
    assert (fit.estimate, fit.se) == pytest.approx((estimate, se), rel=1e-9)
    assert (fit.clusters, fit.df) == (24, 23)
    assert fit.t_critical == pytest.approx(stats.t.ppf(0.975, 23)) and fit.t_critical > 2.06
    assert (fit.ci_low, fit.ci_high) == pytest.approx((estimate - fit.t_critical * se, estimate + fit.t_critical * se))
    assert fit.p_value == pytest.approx(2 * stats.t.sf(abs(estimate / se), 23))
    assert fit.n == len(data)


def test_a_higher_confidence_widens_the_interval():
    data = panel()
    narrow = effects.did_regression(data, "wait", treated="smart", after="after", cluster="branch")
    wide = effects.did_regression(data, "wait", treated="smart", after="after", cluster="branch", confidence=0.99)
    assert wide.ci_high - wide.ci_low > narrow.ci_high - narrow.ci_low


@settings(max_examples=20, deadline=None)
@given(shift=st.floats(-50, 50), seed=st.integers(0, 10_000))
def test_a_level_shift_of_one_group_leaves_the_did_unchanged_and_a_shift_after_adds_to_it(shift, seed):
    data = panel(rows_per_cell=3, seed=seed)
    base = effects.did_regression(data, "wait", treated="smart", after="after", cluster="branch").estimate
    level = data.assign(wait=data["wait"] + shift * data["smart"])
    after = data.assign(wait=data["wait"] + shift * data["smart"] * data["after"])
    assert effects.did_regression(level, "wait", treated="smart", after="after",
                                  cluster="branch").estimate == pytest.approx(base, abs=1e-6)
    assert effects.did_regression(after, "wait", treated="smart", after="after",
                                  cluster="branch").estimate == pytest.approx(base + shift, abs=1e-6)


def test_missing_outcomes_are_left_out():
    data = panel()
    with_gaps = pd.concat([data, data.head(5).assign(wait=np.nan)], ignore_index=True)
    fit = effects.did_regression(with_gaps, "wait", treated="smart", after="after", cluster="branch")
    assert fit.n == len(data)
    assert fit.estimate == pytest.approx(hand_did(data)[0])


@pytest.mark.parametrize("change, message", [
    (lambda d: d[~((d["smart"] == 0) & (d["after"] == 1))], "control, after"),
    (lambda d: d.assign(smart=d["smart"] * 2), "'smart' must hold 0/1"),
    (lambda d: d.drop(columns="branch"), "no column 'branch'"),
    (lambda d: d.assign(branch="B00"), "at least 2 clusters"),
    (lambda d: d.assign(wait="slow"), "'wait' must hold numbers"),
])
def test_what_cannot_give_a_did_is_named(change, message):
    with pytest.raises(ValueError, match=message):
        effects.did_regression(change(panel()), "wait", treated="smart", after="after", cluster="branch")


def test_before_after_gives_each_groups_cells_and_change_and_skips_other_periods():
    data = pd.DataFrame({"group": ["smart"] * 5 + ["traditional"] * 4,
                         "period": ["before", "before", "transition", "after", "after", "before", "before", "after",
                                    "after"],
                         "wait": [10.0, 12.0, 99.0, 6.0, np.nan, 11.0, 9.0, 11.0, 13.0]})
    result = effects.before_after(data, "wait", group="group", period="period")
    assert result.means.loc["smart"].tolist() == [11.0, 6.0]
    assert result.counts.loc["smart"].tolist() == [2, 1]
    assert result.change.to_dict() == {"smart": -5.0, "traditional": 2.0}


def test_event_study_effects_are_the_monthly_cell_differences_against_the_pooled_baseline():
    data = panel(months=9)
    baseline = [f"2024-{m:02d}" for m in range(1, 7)]
    study = effects.event_study(data, "wait", treated="smart", month="month", baseline=baseline, cluster="branch")
    means = data.groupby(["smart", data["month"].isin(baseline), "month"])["wait"].mean()
    base = data[data["month"].isin(baseline)].groupby("smart")["wait"].mean()
    for month in ("2024-07", "2024-08", "2024-09"):
        expected = (means[1, False, month] - base[1]) - (means[0, False, month] - base[0])
        assert study.effects.loc[month, "estimate"] == pytest.approx(expected, abs=1e-9)
    assert list(study.effects.index) == ["2024-07", "2024-08", "2024-09"]
    assert study.df == 11 and study.t_critical == pytest.approx(stats.t.ppf(0.975, 11))
    row = study.effects.loc["2024-07"]
    assert row["ci_high"] - row["estimate"] == pytest.approx(study.t_critical * row["se"])
    assert (study.effects["estimate"] < 0).all(), "the built-in effect of -4 shows in every month after"


def test_event_study_months_before_the_change_outside_the_baseline_are_leads_near_zero():
    data = panel(months=9, effect=-4.0, rows_per_cell=40)
    study = effects.event_study(data, "wait", treated="smart", month="month", baseline=["2024-05", "2024-06"],
                                cluster="branch")
    leads = study.effects.loc[["2024-01", "2024-02", "2024-03", "2024-04"]]
    assert (leads["ci_low"] < 0).all() and (leads["ci_high"] > 0).all(), "no effect before the change"


def test_parallel_trends_pass_when_parallel_and_fail_when_the_gap_grows():
    parallel = effects.parallel_trends(panel(months=12, rows_per_cell=30), "wait", treated="smart", month="month",
                                       change="2024-09-01", cluster="branch")
    assert parallel.months == 8 and parallel.p_value > 0.05
    assert parallel.ci_low < 0 < parallel.ci_high
    diverging = effects.parallel_trends(panel(months=12, rows_per_cell=30, trend=0.6), "wait", treated="smart",
                                        month="month", change="2024-09-01", cluster="branch")
    assert diverging.trend_difference == pytest.approx(0.6, abs=0.15) and diverging.p_value < 0.01


def test_the_placebo_is_a_did_at_the_pretend_date_on_the_months_before():
    data = panel(months=12, rows_per_cell=10)
    check = effects.parallel_trends(data, "wait", treated="smart", month="month", change="2024-09-01",
                                    placebo_change="2024-05-01", cluster="branch")
    before = data[data["month"] < "2024-09"].assign(fake=lambda d: (d["month"] >= "2024-05").astype(int))
    assert check.placebo.estimate == pytest.approx(hand_did(before.assign(after=before["fake"]))[0], abs=1e-9)
    assert check.placebo_change == pd.Timestamp("2024-05-01")


def test_wild_bootstrap_p_value_is_the_packages_own_and_the_interval_holds_the_estimate():
    import statsmodels.api as sm
    from wildboottest.wildboottest import wildboottest

    data = panel(branches=12, rows_per_cell=5, effect=-3.0)
    boot = effects.wild_cluster_bootstrap(data, "wait", treated="smart", after="after", cluster="branch",
                                          reps=999, seed=11)
    X = pd.DataFrame({"const": 1.0, "smart": data["smart"], "after": data["after"],
                      "interaction": data["smart"] * data["after"]}).astype(float)
    groups = pd.factorize(data["branch"], sort=True)[0]
    package = wildboottest(sm.OLS(data["wait"].to_numpy(), X), B=999, cluster=groups, param="interaction",
                           seed=11, parallel=False, show=False)
    assert boot.p_value == pytest.approx(float(package["p-value"].iloc[0]))
    assert boot.ci_low < boot.estimate < boot.ci_high
    assert boot.clusters == 12 and boot.reps == 999
    again = effects.wild_cluster_bootstrap(data, "wait", treated="smart", after="after", cluster="branch",
                                           reps=999, seed=11)
    assert again == boot, "the same seed gives the same result"


def test_wild_bootstrap_finds_a_clear_effect_and_not_a_null_one():
    clear = effects.wild_cluster_bootstrap(panel(branches=16, effect=-5.0), "wait", treated="smart", after="after",
                                           cluster="branch", reps=499)
    assert clear.p_value < 0.05 and clear.ci_high < 0
    null = effects.wild_cluster_bootstrap(panel(branches=16, effect=0.0, seed=3), "wait", treated="smart",
                                          after="after", cluster="branch", reps=499)
    assert null.ci_low < 0 < null.ci_high


def test_wild_bootstrap_refuses_too_few_draws():
    with pytest.raises(ValueError, match="reps"):
        effects.wild_cluster_bootstrap(panel(), "wait", treated="smart", after="after", cluster="branch", reps=10)
