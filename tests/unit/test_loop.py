"""cxlab.loop.closed_within: every case counts, an open case is never closed in time."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cxlab.loop import closed_within


def test_open_cases_stay_in_the_denominator():
    hours = pd.Series([1.0, 10.0, np.nan, np.nan])
    assert closed_within(hours, [24]).tolist() == [50.0]


def test_a_case_closed_exactly_at_the_horizon_counts():
    assert closed_within(pd.Series([48.0, 49.0]), [48]).tolist() == [50.0]


def test_the_index_is_the_horizons_given():
    assert list(closed_within(pd.Series([5.0]), [24, 48]).index) == [24, 48]


def test_negative_hours_say_the_subtraction_is_reversed():
    with pytest.raises(ValueError, match="not the other way round"):
        closed_within(pd.Series([5.0, -3.0]), [24])


def test_no_cases_is_refused():
    with pytest.raises(ValueError, match="no cases"):
        closed_within(pd.Series([], dtype=float), [24])


def test_a_list_is_refused():
    with pytest.raises(TypeError, match="pandas Series of hours"):
        closed_within([1.0, 2.0], [24])


@given(st.lists(st.one_of(st.none(), st.floats(0, 500)), min_size=1, max_size=50))
def test_the_curve_never_falls_and_stays_within_0_and_100(values):
    curve = closed_within(pd.Series(values, dtype=float), [0, 12, 24, 48, 96, 1000])
    assert curve.between(0, 100).all() and curve.is_monotonic_increasing
