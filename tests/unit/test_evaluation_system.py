"""Module 7's analytics: AHP from judgements, the composite index and its stability, standardised
drivers with their VIF, and exploratory factor analysis (cxlab.ahp, cxlab.kpi, cxlab.drivers,
cxlab.factors)."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxlab import ahp, drivers, factors, kpi

CRITERIA = ["quality", "efficiency", "satisfaction", "innovation"]
KPIS = pd.DataFrame(
    {"wait": [6.0, 9.0, 12.0, 7.5], "nps": [30.0, 10.0, 20.0, 25.0], "fcr": [0.4, 0.5, 0.3, 0.35]},
    index=["HB01", "HB02", "HB03", "HB04"],
)
saaty = st.sampled_from(ahp.SAATY_SCALE)


# --- AHP from one judgement per pair -------------------------------------------------------

def test_judgement_matrix_is_reciprocal_with_unit_diagonal():
    matrix = ahp.judgement_matrix(["a", "b", "c"], {("a", "b"): 3, ("c", "a"): 1 / 5, ("b", "c"): 1 / 2})
    values = matrix.to_numpy()
    np.testing.assert_allclose(np.diag(values), 1)
    np.testing.assert_allclose(values * values.T, 1)
    assert values[0, 2] == pytest.approx(5) and values[2, 1] == pytest.approx(2)


@given(st.lists(st.floats(0.05, 20), min_size=2, max_size=8))
def test_consistency_ratio_is_zero_for_a_consistent_matrix(true_weights):
    """Judgements that are exact ratios of weights: CR 0 and the weights come back."""
    names = [f"c{i}" for i in range(len(true_weights))]
    judgements = {(names[i], names[j]): true_weights[i] / true_weights[j]
                  for i in range(len(names)) for j in range(i + 1, len(names))}
    result = ahp.priorities(ahp.judgement_matrix(names, judgements))
    assert result.cr == pytest.approx(0, abs=1e-7)
    np.testing.assert_allclose(result.weights, np.array(true_weights) / sum(true_weights), rtol=1e-6)


@given(st.lists(saaty, min_size=6, max_size=6))
def test_any_saaty_judgements_give_weights_summing_to_one_and_a_nonnegative_cr(values):
    pairs = [(CRITERIA[i], CRITERIA[j]) for i in range(4) for j in range(i + 1, 4)]
    result = ahp.priorities(ahp.judgement_matrix(CRITERIA, dict(zip(pairs, values))))
    assert result.weights.sum() == pytest.approx(1)
    assert (result.weights > 0).all()
    assert result.cr >= 0


def test_reversing_one_judgement_raises_the_consistency_ratio():
    judgements = {("quality", "efficiency"): 2, ("quality", "satisfaction"): 1, ("quality", "innovation"): 5,
                  ("efficiency", "satisfaction"): 1 / 2, ("efficiency", "innovation"): 3,
                  ("satisfaction", "innovation"): 5}
    good = ahp.priorities(ahp.judgement_matrix(CRITERIA, judgements)).cr
    judgements[("efficiency", "innovation")] = 1 / 3
    bad = ahp.priorities(ahp.judgement_matrix(CRITERIA, judgements)).cr
    assert good < 0.10 < bad


def test_least_consistent_names_the_reversed_judgement():
    judgements = {("quality", "efficiency"): 2, ("quality", "satisfaction"): 1, ("quality", "innovation"): 4,
                  ("efficiency", "satisfaction"): 1 / 2, ("efficiency", "innovation"): 1 / 7,
                  ("satisfaction", "innovation"): 4}
    row, column, ratio = ahp.least_consistent(ahp.judgement_matrix(CRITERIA, judgements))
    assert (row, column) == ("efficiency", "innovation") and ratio < 1


@pytest.mark.parametrize("order", [["waiting", "courtesy", "appearance"], ["appearance", "waiting", "courtesy"]])
def test_a_tie_names_the_first_pair_in_reading_order(order):
    # Three criteria: the one inconsistent triad shows equally in all three pairs, so the answer a learner
    # reads must not depend on which of three equal numbers floating point made a hair larger.
    judgements = {("waiting", "courtesy"): 3, ("waiting", "appearance"): 1 / 5, ("courtesy", "appearance"): 3}
    row, column, _ = ahp.least_consistent(ahp.judgement_matrix(order, judgements))
    assert (row, column) == (order[0], order[1])


@pytest.mark.parametrize("criteria, judgements, message", [
    (["a", "b", "c"], {("a", "b"): 3, ("a", "c"): 2}, "no value for the pair ('b', 'c')"),
    (["a", "b"], {("a", "x"): 3}, "'x', which is not one of the criteria"),
    (["a", "b"], {("a", "b"): 0}, "positive number"),
    (["a", "b"], {("a", "b"): "three"}, "must be a number"),
    (["a", "b"], {("a", "b"): 3, ("b", "a"): 3}, "judged twice"),
    (["a", "a"], {}, "appear once"),
])
def test_bad_judgements_get_one_line_errors(criteria, judgements, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")) as error:
        ahp.judgement_matrix(criteria, judgements)
    assert "\n" not in str(error.value)


def test_judgements_must_be_a_dict():
    with pytest.raises(TypeError, match="dict"):
        ahp.judgement_matrix(["a", "b"], [3])


# --- composite index ------------------------------------------------------------------------

def test_scaling_puts_the_best_branch_at_100_whatever_the_direction():
    scaled = kpi.scale_0_100(KPIS, lower_is_better=["wait"])
    assert scaled.loc["HB01", "wait"] == 100 and scaled.loc["HB03", "wait"] == 0
    assert scaled.loc["HB01", "nps"] == 100 and scaled.loc["HB02", "nps"] == 0


@given(st.lists(st.floats(0.01, 10), min_size=3, max_size=3))
def test_index_lies_between_0_and_100_and_ignores_the_scale_of_the_weights(weights):
    named = dict(zip(KPIS.columns, weights))
    index = kpi.composite_index(KPIS, named, lower_is_better=["wait"])
    assert index.between(-1e-9, 100 + 1e-9).all()
    doubled = kpi.composite_index(KPIS, {k: 2 * v for k, v in named.items()}, lower_is_better=["wait"])
    pd.testing.assert_series_equal(index, doubled)


@given(st.floats(0.1, 5), st.floats(-50, 50))
def test_index_does_not_change_when_a_kpi_changes_unit(factor, shift):
    """Minutes or hours, a shifted scale: min-max scaling gives the same index."""
    moved = KPIS.assign(wait=KPIS["wait"] * factor + shift)
    weights = {"wait": 0.5, "nps": 0.3, "fcr": 0.2}
    pd.testing.assert_series_equal(kpi.composite_index(KPIS, weights, ["wait"]),
                                   kpi.composite_index(moved, weights, ["wait"]))


def test_forgetting_to_turn_waiting_round_changes_the_ranking():
    weights = {"wait": 0.6, "nps": 0.2, "fcr": 0.2}
    right = kpi.composite_index(KPIS, weights, lower_is_better=["wait"])
    wrong = kpi.composite_index(KPIS, weights)
    assert right.idxmax() == "HB01" and wrong.idxmax() != "HB01"


def test_ranking_stability_with_no_spread_keeps_every_rank():
    result = kpi.ranking_stability(KPIS, {"wait": 0.4, "nps": 0.4, "fcr": 0.2}, ["wait"], spread=0.0, draws=20)
    assert (result.table["share_same_rank"] == 1).all()
    assert (result.table["best_rank"] == result.table["rank"]).all()
    assert result.table["rank"].tolist() == sorted(result.table["rank"])


def test_ranking_stability_ranges_contain_the_rank():
    table = kpi.ranking_stability(KPIS, {"wait": 0.4, "nps": 0.4, "fcr": 0.2}, ["wait"], spread=0.9, draws=300).table
    assert (table["best_rank"] <= table["rank"]).all() and (table["rank"] <= table["worst_rank"]).all()
    assert table["share_same_rank"].between(0, 1).all()


@pytest.mark.parametrize("call, message", [
    (lambda: kpi.composite_index(KPIS, {"wait": 1, "nps": 1}), "missing 'fcr'"),
    (lambda: kpi.composite_index(KPIS, {"wait": 1, "nps": 1, "fcr": 1, "app": 1}), "'app' is not a KPI column"),
    (lambda: kpi.composite_index(KPIS, {"wait": -1, "nps": 1, "fcr": 1}), "0 or more"),
    (lambda: kpi.scale_0_100(KPIS, lower_is_better=["waiting"]), "'waiting', which is not a column"),
    (lambda: kpi.scale_0_100(KPIS.assign(nps=[1.0, np.nan, 2.0, 3.0])), "empty value in column 'nps', row 'HB02'"),
    (lambda: kpi.ranking_stability(KPIS, {"wait": 1, "nps": 1, "fcr": 1}, spread=1.5), "spread"),
])
def test_bad_kpi_input_gets_one_line_errors(call, message):
    with pytest.raises(ValueError, match=message) as error:
        call()
    assert "\n" not in str(error.value)


# --- drivers --------------------------------------------------------------------------------

def _ratings(n=600, seed=3, shared=0.0):
    rng = np.random.default_rng(seed)
    common = rng.normal(size=n)
    wait = rng.normal(size=n) + shared * common
    staff = rng.normal(size=n) + shared * common
    app = rng.normal(size=n)
    recommend = 2 * wait + 1 * staff + 0 * app + rng.normal(size=n)
    return pd.DataFrame({"recommend": recommend, "wait": wait * 3 + 10, "staff": staff, "app": app})


def test_standardised_beta_is_raw_coefficient_times_sd_ratio():
    import statsmodels.api as sm

    data = _ratings()
    raw = sm.OLS(data["recommend"], sm.add_constant(data[["wait", "staff", "app"]])).fit().params
    table = drivers.standardised_drivers(data, "recommend", ["wait", "staff", "app"])
    for name in ["wait", "staff", "app"]:
        expected = raw[name] * data[name].std() / data["recommend"].std()
        assert table.loc[name, "beta"] == pytest.approx(expected)
    assert table.loc["wait", "beta"] > table.loc["staff", "beta"] > abs(table.loc["app", "beta"])
    assert table.attrs["n"] == 600 and 0 < table.attrs["r_squared"] < 1


def test_vif_matches_statsmodels_and_grows_with_correlated_drivers():
    from statsmodels.stats.outliers_influence import variance_inflation_factor
    import statsmodels.api as sm

    data = _ratings(shared=3.0)
    design = sm.add_constant(data[["wait", "staff", "app"]]).to_numpy()
    ours = drivers.variance_inflation(data, ["wait", "staff", "app"])
    for k, name in enumerate(["wait", "staff", "app"], start=1):
        assert ours[name] == pytest.approx(variance_inflation_factor(design, k))
    assert ours["wait"] > 5 > ours["app"]
    table = drivers.standardised_drivers(data, "recommend", ["wait", "staff", "app"])
    pd.testing.assert_series_equal(table["vif"], ours, check_names=False)


def test_rows_with_an_empty_value_are_left_out():
    data = _ratings().astype({"staff": "Float64"})
    data.loc[data.index[:10], "staff"] = pd.NA
    assert drivers.standardised_drivers(data, "recommend", ["wait", "staff"]).attrs["n"] == 590


@pytest.mark.parametrize("call, message", [
    (lambda d: drivers.standardised_drivers(d, "recommend", ["wait", "rate_wait"]), "rate_wait"),
    (lambda d: drivers.standardised_drivers(d, "recommend", ["recommend"]), "cannot also be a driver"),
    (lambda d: drivers.standardised_drivers(d.head(3), "recommend", ["wait", "staff"]), "only 3 complete rows"),
    (lambda d: drivers.standardised_drivers(d.assign(app=1.0), "recommend", ["app"]), "same value in every"),
])
def test_bad_driver_input_gets_one_line_errors(call, message):
    with pytest.raises(ValueError, match=message) as error:
        call(_ratings())
    assert "\n" not in str(error.value)


# --- factor analysis ------------------------------------------------------------------------

def _two_dimensions(n=500, seed=5):
    rng = np.random.default_rng(seed)
    speed, care = rng.normal(size=(2, n))
    items = {f"q{i}": (speed if i <= 3 else care) + rng.normal(scale=0.7, size=n) for i in range(1, 7)}
    items["q7"] = rng.normal(size=n)  # belongs to nothing
    return pd.DataFrame(items)


def test_factor_analysis_finds_the_two_built_in_dimensions_and_the_stray_item():
    result = factors.explore_factors(_two_dimensions(), n_factors=2)
    groups = factors.item_factors(result.loadings)
    assert groups["q1"] == groups["q2"] == groups["q3"] != groups["q4"] == groups["q5"] == groups["q6"]
    assert groups["q7"] == "none"
    assert result.communalities.idxmin() == "q7"
    # two strong factors; the stray item alone is a third eigenvalue near 1 (why Kaiser's rule over-counts)
    assert (result.eigenvalues > 2).sum() == 2 and result.eigenvalues[3] < 1.2
    assert result.eigenvalues.is_monotonic_decreasing and result.eigenvalues.sum() == pytest.approx(7)
    assert 0 < result.kmo < 1 and result.bartlett_p < 1e-6


@settings(max_examples=15, deadline=None)
@given(st.permutations(range(7)))
def test_factor_groups_do_not_depend_on_the_order_of_the_items(order):
    items = _two_dimensions()
    shuffled = items.iloc[:, list(order)]
    a = factors.item_factors(factors.explore_factors(items, 2).loadings)
    b = factors.item_factors(factors.explore_factors(shuffled, 2).loadings).reindex(a.index)
    together = lambda g: {frozenset(g.index[g == f]) for f in set(g) if f != "none"}  # noqa: E731
    assert together(a) == together(b)


def test_loadings_come_with_the_largest_factor_first_and_positive():
    loadings = factors.explore_factors(_two_dimensions(), n_factors=2).loadings
    assert list(loadings.columns) == ["F1", "F2"]
    strength = (loadings**2).sum()
    assert strength["F1"] >= strength["F2"]
    assert (loadings.max() > 0).all()


@pytest.mark.parametrize("kwargs, message", [
    ({"n_factors": 7}, "from 1 to 5"),
    ({"n_factors": 0}, "from 1 to 5"),
    ({"n_factors": 2, "rotation": "quartimax-ish"}, "rotation must be one of"),
])
def test_bad_factor_input_gets_one_line_errors(kwargs, message):
    with pytest.raises(ValueError, match=message) as error:
        factors.explore_factors(_two_dimensions().iloc[:, :6], **kwargs)
    assert "\n" not in str(error.value)


def test_text_answers_are_named():
    items = _two_dimensions().astype(object)
    items.loc[3, "q2"] = "seven"
    with pytest.raises(ValueError, match="'seven'"):
        factors.explore_factors(items, 2)
