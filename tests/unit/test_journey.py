"""cxlab.journey.peak_end."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cxlab.journey import peak_end

# greeting +1, long wait -3, teller +1, goodbye +2
VISIT = [1, -3, 1, 2]


def test_extreme_peak_is_the_most_intense_moment_either_way():
    assert peak_end(VISIT) == (-3 + 2) / 2


def test_max_and_min_peaks():
    assert peak_end(VISIT, peak="max") == (2 + 2) / 2
    assert peak_end(VISIT, peak="min") == (-3 + 2) / 2


def test_equally_intense_moments_take_the_earliest_as_peak():
    assert peak_end([3, -3, 0]) == (3 + 0) / 2
    assert peak_end([-3, 3, 0]) == (-3 + 0) / 2


def test_the_end_counts_even_when_it_is_the_peak():
    assert peak_end([0, 1, -2]) == -2.0


def test_duration_does_not_matter_only_peak_and_end():
    short = [0, -3, -1]
    long = [0, -3, -2, -2, -2, -2, -1]
    assert peak_end(short) == peak_end(long)


def test_missing_ratings_are_dropped_so_the_end_is_the_last_rating_given():
    assert peak_end(pd.Series([1, -3, 2, np.nan])) == (-3 + 2) / 2
    assert peak_end([None, 2]) == 2.0


@given(st.lists(st.integers(-3, 3), min_size=1, max_size=30), st.sampled_from(["extreme", "max", "min"]))
def test_remembered_experience_lies_within_the_ratings(ratings, peak):
    assert min(ratings) <= peak_end(ratings, peak=peak) <= max(ratings)


@given(st.lists(st.integers(-3, 3), min_size=1, max_size=30))
def test_max_peak_is_never_below_min_peak(ratings):
    assert peak_end(ratings, peak="max") >= peak_end(ratings, peak="min")


@pytest.mark.parametrize("empty", [[], [np.nan, None]])
def test_no_ratings_is_an_error(empty):
    with pytest.raises(ValueError, match="no emotion ratings"):
        peak_end(empty)


def test_an_unknown_peak_is_an_error():
    with pytest.raises(ValueError, match="peak must be 'extreme', 'max' or 'min'; got 'worst'"):
        peak_end(VISIT, peak="worst")


def test_text_ratings_are_an_error():
    with pytest.raises(ValueError, match="emotion ratings must be numbers; got 'happy'"):
        peak_end([1, "happy"])
