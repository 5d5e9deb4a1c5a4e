"""cxlab.ipa.quadrants."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cxlab.ipa import QUADRANTS, quadrants

ATTRIBUTES = ["waiting time", "staff courtesy", "branch decor", "brochures"]
IMPORTANCE = pd.Series([6.5, 6.0, 3.5, 3.0], index=ATTRIBUTES)  # mean 4.75
PERFORMANCE = pd.Series([3.0, 6.0, 6.5, 3.5], index=ATTRIBUTES)  # mean 4.75


def test_each_quadrant_by_the_mean_cross_hairs():
    result = quadrants(IMPORTANCE, PERFORMANCE)
    assert result.to_dict() == {
        "waiting time": "Concentrate here",
        "staff courtesy": "Keep up the good work",
        "branch decor": "Possible overkill",
        "brochures": "Low priority",
    }


def test_the_index_of_the_series_is_kept():
    assert quadrants(IMPORTANCE, PERFORMANCE).index.equals(IMPORTANCE.index)


def test_lists_get_positions_as_index():
    result = quadrants([6.5, 3.0], [3.0, 6.0])
    assert result.tolist() == ["Concentrate here", "Possible overkill"]
    assert result.index.tolist() == [0, 1]


def test_a_value_on_the_line_counts_as_high():
    # both means are 2: the middle attribute sits exactly on both cross-hairs
    result = quadrants([1, 2, 3], [1, 2, 3])
    assert result.tolist() == ["Low priority", "Keep up the good work", "Keep up the good work"]


def test_explicit_cross_hairs_override_the_means():
    # scale midpoint 4: waiting (6.5, 3.0) is still "Concentrate here"; brochures (3.0, 3.5) low
    result = quadrants(IMPORTANCE, PERFORMANCE, cross=(4, 4))
    assert result["waiting time"] == "Concentrate here"
    assert quadrants(IMPORTANCE, PERFORMANCE, cross=(7, 7)).eq("Low priority").all()
    assert quadrants(IMPORTANCE, PERFORMANCE, cross=(1, 1)).eq("Keep up the good work").all()


def test_a_missing_value_gives_a_missing_label_and_stays_out_of_the_means():
    importance = [6.0, 2.0, np.nan, 100.0]
    performance = [2.0, 6.0, 5.0, np.nan]
    result = quadrants(importance, performance)  # means from the first two: 4 and 4
    assert result.iloc[:2].tolist() == ["Concentrate here", "Possible overkill"]
    assert result.iloc[2:].isna().all()


@given(
    st.lists(st.tuples(st.floats(1, 7), st.floats(1, 7)), min_size=1, max_size=30),
)
def test_every_attribute_gets_exactly_one_of_the_four_labels(pairs):
    importance, performance = zip(*pairs)
    result = quadrants(list(importance), list(performance))
    assert len(result) == len(pairs)
    assert set(result) <= set(QUADRANTS)


def test_different_lengths_are_an_error():
    with pytest.raises(ValueError, match="got 3 and 2 values"):
        quadrants([1, 2, 3], [1, 2])


def test_series_about_different_attributes_are_an_error():
    with pytest.raises(ValueError, match="same attributes in the same order"):
        quadrants(IMPORTANCE, PERFORMANCE[::-1])


@pytest.mark.parametrize("cross", [(4,), (4, 4, 4), (4, "high"), (4, np.nan)])
def test_a_cross_that_is_not_two_numbers_is_an_error(cross):
    with pytest.raises(ValueError, match="cross must"):
        quadrants(IMPORTANCE, PERFORMANCE, cross=cross)


def test_text_values_are_an_error():
    with pytest.raises(ValueError, match="performance must be numbers; got 'good'"):
        quadrants([5, 6], [4, "good"])
