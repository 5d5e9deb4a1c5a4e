"""cxlab.reliability.cronbach_alpha."""

import numpy as np
import pandas as pd
import pytest

from cxlab.reliability import cronbach_alpha

# Four customers rate three statements about the branch's look.
RATINGS = [[5, 4, 5], [3, 3, 4], [6, 5, 6], [2, 2, 3]]


def test_alpha_of_a_hand_worked_example():
    # item variances (n - 1): 10/3, 5/3, 5/3 -> sum 20/3
    # totals 14, 10, 17, 7: mean 12, squared deviations 4 + 4 + 25 + 25 = 58 -> variance 58/3
    expected = 3 / 2 * (1 - (20 / 3) / (58 / 3))
    assert cronbach_alpha(RATINGS) == pytest.approx(expected)
    assert cronbach_alpha(RATINGS) == pytest.approx(0.98276, abs=1e-5)


def test_identical_items_have_alpha_1():
    scores = np.array([1, 2, 3, 4, 5])
    assert cronbach_alpha(np.column_stack([scores, scores, scores])) == pytest.approx(1.0)


def test_contradicting_items_give_a_negative_alpha():
    scores = np.array([1, 2, 3, 4, 5, 6, 7])
    assert cronbach_alpha(np.column_stack([scores, 8 - scores, scores + np.array([0, 1, 0, 1, 0, 1, 0])])) < 0


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_alpha_matches_pingouin(seed):
    pingouin = pytest.importorskip("pingouin")
    rng = np.random.default_rng(seed)
    trait = rng.normal(size=60)
    items = pd.DataFrame(
        {f"item{i}": np.clip(np.round(4 + trait + rng.normal(scale=1.2, size=60)), 1, 7) for i in range(5)}
    )
    assert cronbach_alpha(items) == pytest.approx(pingouin.cronbach_alpha(data=items)[0], abs=1e-12)


def test_missing_answers_drop_the_whole_respondent_like_pingouin_listwise():
    pingouin = pytest.importorskip("pingouin")
    rng = np.random.default_rng(7)
    items = pd.DataFrame(rng.integers(1, 8, size=(40, 4)).astype(float), columns=list("abcd"))
    items = items.add(rng.integers(0, 3, size=40), axis=0)
    items.iloc[[3, 10, 22], [0, 2, 3]] = np.nan
    expected = pingouin.cronbach_alpha(data=items, nan_policy="listwise")[0]
    assert cronbach_alpha(items) == pytest.approx(expected, abs=1e-12)
    assert cronbach_alpha(items) == pytest.approx(cronbach_alpha(items.dropna()))


def test_a_single_item_is_an_error():
    with pytest.raises(ValueError, match="at least 2 items"):
        cronbach_alpha(pd.DataFrame({"q1": [1, 2, 3]}))


def test_fewer_than_two_complete_respondents_is_an_error():
    with pytest.raises(ValueError, match="at least 2 respondents who answered every item; got 1"):
        cronbach_alpha([[1, 2], [3, np.nan], [np.nan, 1]])


def test_a_total_without_variance_is_an_error():
    with pytest.raises(ValueError, match="zero variance"):
        cronbach_alpha([[3, 4], [3, 4], [3, 4]])


def test_text_in_the_items_is_an_error():
    with pytest.raises(ValueError, match="got 'four'"):
        cronbach_alpha(pd.DataFrame({"q1": [1, 2, 3], "q2": [2, "four", 5]}))
