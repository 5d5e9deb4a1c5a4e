"""cxlab.nps: categories, score, margin of error, comparison and group tables."""

import math
import subprocess
import sys
from dataclasses import FrozenInstanceError

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cxlab import nps

# 4 promoters (10, 9, 9, 10), 3 passives (8, 7, 7), 3 detractors (6, 5, 3)
TEN_ANSWERS = [10, 9, 9, 8, 7, 7, 6, 5, 10, 3]
answers = st.lists(st.integers(0, 10), min_size=1, max_size=200)


# --- categories and score -------------------------------------------------------------------


def test_categories_follow_the_0_6_7_8_9_10_cut_points():
    result = nps.categorize(list(range(11)))
    assert result.tolist() == ["detractor"] * 7 + ["passive"] * 2 + ["promoter"] * 2


def test_categorize_keeps_the_series_index_and_drops_missing_answers():
    survey = pd.Series([9, np.nan, 3], index=["c1", "c2", "c3"], name="answer")
    result = nps.categorize(survey)
    assert result.to_dict() == {"c1": "promoter", "c3": "detractor"}
    assert result.name == "answer"


def test_score_of_a_hand_worked_example():
    # (4 promoters - 3 detractors) / 10 answers = 10 points
    assert nps.score(TEN_ANSWERS) == 10.0


def test_passives_do_not_count():
    assert nps.score([10, 0]) == 0.0
    assert nps.score([10, 0, 7, 8, 7, 8]) == 0.0
    assert nps.score([7, 8, 7]) == 0.0


def test_all_promoters_is_100_and_all_detractors_is_minus_100():
    assert nps.score([9, 10, 10]) == 100.0
    assert nps.score([0, 6, 3]) == -100.0


def test_missing_answers_are_dropped_and_not_counted():
    with_gaps = [10, None, 9, np.nan, 3]
    assert nps.score(with_gaps) == pytest.approx(100 * (2 - 1) / 3)
    assert nps.summary(with_gaps).n == 3


@pytest.mark.parametrize(
    "kind",
    ["list", "int array", "float array", "uint8 array", "series", "nullable Int64", "object array"],
)
def test_every_kind_of_input_gives_the_same_score(kind):
    data = {
        "list": TEN_ANSWERS,
        "int array": np.array(TEN_ANSWERS),
        "float array": np.array(TEN_ANSWERS, dtype=float),
        "uint8 array": np.array(TEN_ANSWERS, dtype=np.uint8),
        "series": pd.Series(TEN_ANSWERS),
        "nullable Int64": pd.Series(TEN_ANSWERS, dtype="Int64"),
        "object array": np.array(TEN_ANSWERS, dtype=object),
    }[kind]
    assert nps.score(data) == 10.0


# --- summary -------------------------------------------------------------------------------


def test_summary_of_a_hand_worked_example():
    result = nps.summary(TEN_ANSWERS)
    p, d, n = 0.4, 0.3, 10
    se = 100 * math.sqrt((p + d - (p - d) ** 2) / n)  # 100 * sqrt(0.069) = 26.268
    assert (result.n, result.promoters, result.passives, result.detractors) == (10, 4, 3, 3)
    assert result.nps == 10.0
    assert result.se == pytest.approx(se) and result.se == pytest.approx(26.2679, abs=1e-4)
    assert result.ci_low == pytest.approx(10 - 1.959964 * se, abs=1e-4)
    assert result.ci_high == pytest.approx(10 + 1.959964 * se, abs=1e-4)


def test_summary_counts_are_python_integers():
    result = nps.summary(np.array(TEN_ANSWERS))
    for count in (result.n, result.promoters, result.passives, result.detractors):
        assert type(count) is int


def test_a_higher_confidence_gives_a_wider_interval():
    narrow = nps.summary(TEN_ANSWERS, confidence=0.80)
    wide = nps.summary(TEN_ANSWERS, confidence=0.99)
    assert wide.ci_low < narrow.ci_low and wide.ci_high > narrow.ci_high
    assert wide.ci_high - wide.nps == pytest.approx(2.575829 * wide.se, abs=1e-4)


def test_interval_is_clipped_to_the_nps_scale():
    result = nps.summary([10, 10, 9, 0])
    assert result.ci_high == 100.0
    assert result.ci_low > -100.0


def test_summary_is_frozen():
    with pytest.raises(FrozenInstanceError):
        nps.summary(TEN_ANSWERS).nps = 50


# --- compare -------------------------------------------------------------------------------


def test_compare_of_a_hand_worked_example():
    smart = [10, 9, 9, 10, 8, 7, 9, 10, 6, 9]  # 7 promoters, 2 passives, 1 detractor: NPS 60
    traditional = TEN_ANSWERS  # NPS 10
    se_smart = 100 * math.sqrt((0.7 + 0.1 - 0.6**2) / 10)
    se_trad = 100 * math.sqrt((0.4 + 0.3 - 0.1**2) / 10)
    se = math.sqrt(se_smart**2 + se_trad**2)
    z = 50 / se
    p_value = math.erfc(z / math.sqrt(2))  # two-sided normal tail

    result = nps.compare(smart, traditional)
    assert result.difference == pytest.approx(50.0)
    assert result.se == pytest.approx(se)
    assert result.z == pytest.approx(z)
    assert result.p_value == pytest.approx(p_value)
    assert result.ci_low == pytest.approx(50 - 1.959964 * se, abs=1e-4)
    assert result.ci_high == pytest.approx(50 + 1.959964 * se, abs=1e-4)


def test_compare_is_antisymmetric():
    ab = nps.compare([10, 9, 3, 7], TEN_ANSWERS)
    ba = nps.compare(TEN_ANSWERS, [10, 9, 3, 7])
    assert ab.difference == pytest.approx(-ba.difference)
    assert ab.p_value == pytest.approx(ba.p_value)


def test_compare_of_identical_groups_without_spread_is_not_significant():
    result = nps.compare([10, 10], [9, 9])
    assert (result.difference, result.se, result.z, result.p_value) == (0.0, 0.0, 0.0, 1.0)


# --- by_group ------------------------------------------------------------------------------


def test_by_group_matches_summary_of_each_group():
    survey = pd.DataFrame(
        {
            "branch": ["North", "South", "North", "South", "North", "East", "East"],
            "answer": [10, 3, 9, 8, 6, 7, np.nan],
        }
    )
    table = nps.by_group(survey, "branch", "answer")
    assert list(table.columns) == [
        "n", "promoters", "passives", "detractors", "nps", "se", "ci_low", "ci_high",
    ]
    assert table.index.tolist() == ["East", "North", "South"]
    for branch, row in table.iterrows():
        expected = nps.summary(survey.loc[survey.branch == branch, "answer"])
        for field in table.columns:
            assert row[field] == pytest.approx(getattr(expected, field)), (branch, field)


def test_by_group_drops_groups_without_answers_and_rows_without_a_group():
    survey = pd.DataFrame(
        {"branch": ["North", "North", "South", None], "answer": [10, 2, np.nan, 9]}
    )
    table = nps.by_group(survey, "branch", "answer")
    assert table.index.tolist() == ["North"]
    assert table.loc["North", "n"] == 2


def test_by_group_accepts_several_grouping_columns():
    survey = pd.DataFrame(
        {
            "district": ["Bay", "Bay", "Hill", "Hill"],
            "smart": [True, False, True, True],
            "answer": [10, 0, 9, 7],
        }
    )
    table = nps.by_group(survey, ["district", "smart"], "answer")
    assert table.loc[("Hill", True), "nps"] == pytest.approx(50.0)
    assert table.loc[("Bay", False), "nps"] == -100.0


# --- errors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bad", "shown"),
    [([9, 7.5], "7.5"), ([9, 11], "11"), ([-1, 9], "-1"), (["nine", 9], "'nine'"),
     (np.array([3.0, np.inf]), "inf"), (pd.Series(["9", "10"]), "'9'"), ([True, False], "True")],
)
def test_an_invalid_answer_is_named_in_the_error(bad, shown):
    with pytest.raises(ValueError, match=f"whole numbers from 0 to 10; got {shown}"):
        nps.score(bad)


@pytest.mark.parametrize("empty", [[], [None, np.nan], pd.Series([], dtype=float)])
def test_no_answers_left_is_an_error(empty):
    with pytest.raises(ValueError, match="no NPS answers"):
        nps.summary(empty)


def test_a_whole_table_instead_of_a_column_is_a_type_error():
    with pytest.raises(TypeError, match="pick the column"):
        nps.score(pd.DataFrame({"answer": [9, 10]}))


def test_a_confidence_given_in_percent_is_an_error():
    with pytest.raises(ValueError, match="confidence must be between 0 and 1"):
        nps.summary(TEN_ANSWERS, confidence=95)


def test_by_group_names_an_unknown_column():
    with pytest.raises(ValueError, match="no column 'score'"):
        nps.by_group(pd.DataFrame({"branch": ["a"], "answer": [9]}), "branch", "score")


def test_by_group_names_the_column_with_an_invalid_answer():
    survey = pd.DataFrame({"branch": ["a", "b"], "answer": [9, 12]})
    with pytest.raises(ValueError, match="column 'answer' must be whole numbers from 0 to 10; got 12"):
        nps.by_group(survey, "branch", "answer")


def test_compare_rejects_an_empty_group():
    with pytest.raises(ValueError, match="no NPS answers"):
        nps.compare(TEN_ANSWERS, [])


# --- properties ----------------------------------------------------------------------------


@given(answers)
def test_nps_stays_within_minus_100_and_100(values):
    result = nps.summary(values)
    assert -100 <= result.nps <= 100
    assert -100 <= result.ci_low <= result.nps <= result.ci_high <= 100
    assert result.se >= 0


@given(answers, st.randoms(use_true_random=False))
def test_shuffling_answers_changes_nothing(values, random):
    shuffled = values.copy()
    random.shuffle(shuffled)
    assert nps.summary(shuffled) == nps.summary(values)


@given(answers, st.integers(9, 10))
def test_adding_a_promoter_never_lowers_nps(values, promoter):
    assert nps.score(values + [promoter]) >= nps.score(values)


@given(answers, st.integers(0, 6))
def test_adding_a_detractor_never_raises_nps(values, detractor):
    assert nps.score(values + [detractor]) <= nps.score(values)


@given(answers)
def test_counts_add_up_to_n(values):
    result = nps.summary(values)
    assert result.promoters + result.passives + result.detractors == result.n == len(values)


# --- weight --------------------------------------------------------------------------------


def test_importing_nps_loads_neither_scipy_nor_plotting():
    code = (
        "import sys, cxlab.nps; "
        "print(sorted(m for m in ('scipy', 'matplotlib', 'statsmodels', 'ipywidgets', 'nbgrader') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
