"""cxlab.servqual: item gaps, dimension gaps and the weighted score."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cxlab import servqual


def survey(value, rows=2):
    return pd.DataFrame(np.full((rows, 22), value, dtype=float))


def test_dimensions_are_the_1988_grouping_of_the_22_items_in_order():
    assert list(servqual.DIMENSIONS) == [
        "tangibles", "reliability", "responsiveness", "assurance", "empathy",
    ]
    items = [item for group in servqual.DIMENSIONS.values() for item in group]
    assert items == list(range(1, 23))
    assert servqual.DIMENSIONS["reliability"] == (5, 6, 7, 8, 9)


def test_item_gap_is_perception_minus_expectation():
    expectations = survey(6)
    perceptions = survey(5)
    perceptions.iloc[1, 0] = 7
    gaps = servqual.item_gaps(expectations, perceptions)
    assert gaps.shape == (2, 22)
    assert gaps.iloc[0, 0] == -1 and gaps.iloc[1, 0] == 1


def test_item_gaps_pair_columns_by_position_not_by_name():
    expectations = pd.DataFrame([[6] * 22], columns=[f"e{i}" for i in range(1, 23)])
    perceptions = pd.DataFrame([list(range(1, 8)) * 3 + [7]], columns=[f"p{i}" for i in range(22, 0, -1)])
    gaps = servqual.item_gaps(expectations, perceptions)
    assert gaps.iloc[0].tolist() == [p - 6 for p in perceptions.iloc[0]]
    assert gaps.columns.tolist() == list(range(1, 23))


def test_item_gaps_keep_shared_column_names_and_index():
    names = [f"q{i}" for i in range(1, 23)]
    index = ["anna", "bo"]
    expectations = pd.DataFrame(6, index=index, columns=names)
    perceptions = pd.DataFrame(4, index=index, columns=names)
    pd.testing.assert_frame_equal(servqual.item_gaps(expectations, perceptions), perceptions - expectations)


def test_a_missing_answer_gives_a_missing_gap_only_there():
    expectations, perceptions = survey(6), survey(5)
    expectations.iloc[0, 3] = np.nan
    gaps = servqual.item_gaps(expectations, perceptions)
    assert np.isnan(gaps.iloc[0, 3])
    assert gaps.isna().sum().sum() == 1


def test_dimension_gaps_of_a_hand_worked_example():
    expectations = survey(6, rows=2)
    perceptions = survey(6, rows=2)
    # respondent 0: tangibles items 1-4 perceived 5, 5, 4, 4 -> gaps -1, -1, -2, -2, mean -1.5
    perceptions.iloc[0, 0:4] = [5, 5, 4, 4]
    # respondent 1: tangibles all met (gap 0); reliability items 5-9 all 3 -> gap -3
    perceptions.iloc[1, 4:9] = 3
    result = servqual.dimension_gaps(expectations, perceptions)
    assert result.index.tolist() == list(servqual.DIMENSIONS)
    assert result["tangibles"] == pytest.approx((-1.5 + 0) / 2)
    assert result["reliability"] == pytest.approx((0 + -3) / 2)
    assert result[["responsiveness", "assurance", "empathy"]].tolist() == [0, 0, 0]


def test_dimension_gap_averages_available_items_then_respondents_who_answered():
    expectations, perceptions = survey(6, rows=3), survey(6, rows=3)
    # respondent 0 answered only item 1 of tangibles (gap -2): their tangibles gap is -2
    perceptions.iloc[0, 0] = 4
    perceptions.iloc[0, 1:4] = np.nan
    # respondent 1 gaps on tangibles: -1 on every item
    perceptions.iloc[1, 0:4] = 5
    # respondent 2 answered no tangibles item: left out of that dimension's mean
    expectations.iloc[2, 0:4] = np.nan
    result = servqual.dimension_gaps(expectations, perceptions)
    assert result["tangibles"] == pytest.approx((-2 + -1) / 2)


def test_weighted_score_of_a_hand_worked_example():
    gaps = pd.Series(
        {"tangibles": -0.4, "reliability": -1.2, "responsiveness": -0.8, "assurance": -0.5, "empathy": 0.2}
    )
    points = {"tangibles": 10, "reliability": 35, "responsiveness": 25, "assurance": 20, "empathy": 10}
    # (10*-0.4 + 35*-1.2 + 25*-0.8 + 20*-0.5 + 10*0.2) / 100 = (-4 - 42 - 20 - 10 + 2) / 100
    assert servqual.weighted_score(gaps, points) == pytest.approx(-0.74)


def test_weights_need_not_sum_to_100():
    gaps = dict(zip(servqual.DIMENSIONS, [-1.0, -2.0, 0.0, 1.0, 2.0]))
    weights = dict(zip(servqual.DIMENSIONS, [1, 1, 1, 1, 1]))
    assert servqual.weighted_score(gaps, weights) == pytest.approx(0.0)
    assert servqual.weighted_score(gaps, {d: 7 * w for d, w in weights.items()}) == pytest.approx(0.0)


def test_weighted_score_accepts_dimension_gaps_output():
    gaps = servqual.dimension_gaps(survey(6), survey(5))
    weights = pd.Series(20, index=list(servqual.DIMENSIONS))
    assert servqual.weighted_score(gaps, weights) == pytest.approx(-1.0)


@given(st.integers(0, 2**32 - 1))
def test_without_missing_answers_dimension_gap_is_the_mean_of_its_item_gaps(seed):
    rng = np.random.default_rng(seed)
    e, p = rng.integers(1, 8, size=(2, 5, 22))
    result = servqual.dimension_gaps(e, p)
    for dimension, items in servqual.DIMENSIONS.items():
        columns = [i - 1 for i in items]
        assert result[dimension] == pytest.approx((p[:, columns] - e[:, columns]).mean())


# --- errors --------------------------------------------------------------------------------


def test_a_table_without_22_items_is_an_error():
    with pytest.raises(ValueError, match="22 item columns.*got 21"):
        servqual.item_gaps(np.full((2, 21), 4), np.full((2, 21), 4))


def test_tables_of_different_shapes_are_an_error():
    with pytest.raises(ValueError, match="same shape"):
        servqual.item_gaps(survey(4, rows=3), survey(4, rows=2))


@pytest.mark.parametrize("bad", [0, 8, 7.5])
def test_an_answer_outside_1_to_7_is_named_with_its_item(bad):
    perceptions = survey(4)
    perceptions.iloc[1, 5] = bad
    with pytest.raises(ValueError, match=rf"perceptions must be answers from 1 to 7; got {bad} for item 6"):
        servqual.item_gaps(survey(4), perceptions)


def test_text_in_a_survey_table_is_an_error():
    expectations = survey(4).astype(object)
    expectations.iloc[0, 2] = "n/a"
    with pytest.raises(ValueError, match="got 'n/a'"):
        servqual.dimension_gaps(expectations, survey(4))


def test_weights_missing_a_dimension_are_an_error():
    gaps = dict.fromkeys(servqual.DIMENSIONS, -1.0)
    weights = {"tangibles": 20, "reliability": 40, "responsiveness": 20, "assurance": 20}
    with pytest.raises(ValueError, match="weights have no value for the dimension 'empathy'"):
        servqual.weighted_score(gaps, weights)


def test_a_negative_weight_is_an_error():
    gaps = dict.fromkeys(servqual.DIMENSIONS, -1.0)
    weights = dict.fromkeys(servqual.DIMENSIONS, 20) | {"empathy": -5}
    with pytest.raises(ValueError, match="must not be negative; got -5 for empathy"):
        servqual.weighted_score(gaps, weights)


def test_a_misspelt_dimension_is_an_error():
    gaps = dict.fromkeys(servqual.DIMENSIONS, -1.0)
    weights = dict.fromkeys(servqual.DIMENSIONS, 20) | {"Empathy": 5}
    with pytest.raises(ValueError, match="unknown dimension 'Empathy'"):
        servqual.weighted_score(gaps, weights)


def test_all_zero_weights_are_an_error():
    with pytest.raises(ValueError, match="all zero"):
        servqual.weighted_score(
            dict.fromkeys(servqual.DIMENSIONS, -1.0), dict.fromkeys(servqual.DIMENSIONS, 0)
        )


def test_a_missing_dimension_gap_is_an_error():
    gaps = dict.fromkeys(servqual.DIMENSIONS, -1.0) | {"assurance": float("nan")}
    with pytest.raises(ValueError, match="gaps for assurance must be a number; got nan"):
        servqual.weighted_score(gaps, dict.fromkeys(servqual.DIMENSIONS, 20))
