"""cxlab.ahp: priority weights and consistency of pairwise comparison matrices."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cxlab import ahp

# The classic three-criterion textbook matrix: 1 is 3x as important as 2 and 5x as 3; 2 is 3x as 3.
CLASSIC = [[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]]


def test_random_index_is_saatys_table():
    assert ahp.RANDOM_INDEX == {
        1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45, 10: 1.49,
    }


def test_classic_matrix_weights_by_power_iteration():
    matrix = np.array(CLASSIC)
    vector = np.ones(3)
    for _ in range(100):  # power method: the principal eigenvector without numpy.linalg
        vector = matrix @ vector
        vector /= vector.sum()
    lambda_max = (matrix @ vector / vector).mean()

    result = ahp.priorities(CLASSIC)
    np.testing.assert_allclose(result.weights, vector, atol=1e-12)
    assert result.lambda_max == pytest.approx(lambda_max, abs=1e-12)
    assert result.ci == pytest.approx((lambda_max - 3) / 2)
    assert result.cr == pytest.approx((lambda_max - 3) / 2 / 0.58)
    # the published rounded values of this example
    assert np.round(result.weights, 3).tolist() == [0.637, 0.258, 0.105]
    assert round(result.lambda_max, 3) == 3.039
    assert round(result.cr, 3) == 0.033
    assert result.consistent


def test_geometric_method_of_the_classic_matrix_by_hand():
    # row geometric means: 15**(1/3), 1, (1/15)**(1/3)
    means = np.array([15 ** (1 / 3), 1.0, (1 / 15) ** (1 / 3)])
    weights = means / means.sum()
    lambda_max = np.mean(np.array(CLASSIC) @ weights / weights)

    result = ahp.priorities(CLASSIC, method="geometric")
    np.testing.assert_allclose(result.weights, weights, rtol=1e-12)
    assert result.lambda_max == pytest.approx(lambda_max)
    assert result.cr == pytest.approx((lambda_max - 3) / 2 / 0.58)


def test_a_consistent_matrix_gives_its_exact_weights():
    weights = np.array([0.5, 0.3, 0.2])
    matrix = weights[:, None] / weights[None, :]  # 5/3, 5/2, 3/2 ...
    for method in ("eigenvector", "geometric"):
        result = ahp.priorities(matrix, method=method)
        np.testing.assert_allclose(result.weights, weights, atol=1e-12)
        assert result.lambda_max == pytest.approx(3.0)
        assert result.ci == pytest.approx(0.0, abs=1e-12)
        assert result.cr == pytest.approx(0.0, abs=1e-12)


def test_a_two_by_two_matrix_is_always_consistent():
    result = ahp.priorities([[1, 4], [1 / 4, 1]])
    np.testing.assert_allclose(result.weights, [0.8, 0.2])
    assert result.cr == 0.0


def test_circular_judgements_are_inconsistent():
    # waiting > courtesy > decor > waiting, each strongly: no weights can satisfy that
    circular = [[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]]
    result = ahp.priorities(circular)
    assert result.cr > 0.10
    assert not result.consistent


def test_labelled_matrix_gives_labelled_weights():
    criteria = ["waiting", "courtesy", "decor"]
    result = ahp.priorities(pd.DataFrame(CLASSIC, index=criteria, columns=criteria))
    assert isinstance(result.weights, pd.Series)
    assert result.weights.index.tolist() == criteria
    assert result.weights.sum() == pytest.approx(1.0)
    assert result.weights.idxmax() == "waiting"


@given(
    st.lists(st.floats(0.1, 10.0), min_size=2, max_size=10),
    st.sampled_from(["eigenvector", "geometric"]),
)
def test_weights_of_any_consistent_matrix_are_recovered(raw, method):
    weights = np.array(raw)
    matrix = weights[:, None] / weights[None, :]
    result = ahp.priorities(matrix, method=method)
    np.testing.assert_allclose(result.weights, weights / weights.sum(), rtol=0, atol=1e-9)
    assert result.weights.sum() == pytest.approx(1.0, abs=1e-12)
    assert result.lambda_max == pytest.approx(len(raw), abs=1e-9)
    assert result.cr == pytest.approx(0.0, abs=1e-9)


# --- errors --------------------------------------------------------------------------------


def test_a_matrix_that_is_not_square_is_an_error():
    with pytest.raises(ValueError, match="must be square.*got 2 x 3"):
        ahp.priorities([[1, 2, 3], [1 / 2, 1, 2]])


@pytest.mark.parametrize("n", [1, 11])
def test_a_matrix_outside_2_to_10_criteria_is_an_error(n):
    with pytest.raises(ValueError, match=f"between 2 and 10 criteria.*got {n}"):
        ahp.priorities(np.ones((n, n)))


@pytest.mark.parametrize("bad", [0, -3, np.inf])
def test_a_non_positive_judgement_is_an_error(bad):
    matrix = np.ones((3, 3))
    matrix[0, 2] = bad
    with pytest.raises(ValueError, match="must be positive numbers.*row 1, column 3"):
        ahp.priorities(matrix)


def test_a_missing_judgement_is_an_error():
    matrix = np.ones((3, 3))
    matrix[1, 2] = np.nan
    with pytest.raises(ValueError, match="missing judgement in row 2, column 3"):
        ahp.priorities(matrix)


def test_a_diagonal_other_than_1_is_an_error():
    criteria = ["waiting", "courtesy"]
    matrix = pd.DataFrame([[1, 2], [1 / 2, 2]], index=criteria, columns=criteria)
    with pytest.raises(ValueError, match="diagonal .* must be 1.*got 2 in row 'courtesy'"):
        ahp.priorities(matrix)


def test_a_matrix_that_is_not_reciprocal_is_an_error():
    with pytest.raises(ValueError, match="not reciprocal: row 1, column 2 is 3.*1/3 = 0.333333; got 0.5"):
        ahp.priorities([[1, 3], [0.5, 1]])


def test_a_rounded_fraction_is_not_reciprocal_enough():
    with pytest.raises(ValueError, match="not reciprocal"):
        ahp.priorities([[1, 3], [0.333, 1]])


def test_an_unknown_method_is_an_error():
    with pytest.raises(ValueError, match="method must be 'eigenvector' or 'geometric'; got 'mean'"):
        ahp.priorities(CLASSIC, method="mean")


def test_text_in_the_matrix_is_an_error():
    with pytest.raises(ValueError, match="square table of numbers"):
        ahp.priorities([[1, "three"], [1 / 3, 1]])
