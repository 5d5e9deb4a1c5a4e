"""cxlab.chain.link: the correlation of two branch measures, its interval and its line."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cxlab.chain import link

BRANCHES = [f"HB{i:02d}" for i in range(1, 9)]


def test_a_perfect_line_has_r_one_and_its_slope():
    staff = pd.Series(np.arange(8, dtype=float), index=BRANCHES)
    result = link(staff, 10 + 5 * staff)
    assert result.r == pytest.approx(1.0) and result.slope == pytest.approx(5.0)
    assert result.intercept == pytest.approx(10.0) and result.n == 8


def test_branches_are_matched_by_id_not_by_position():
    staff = pd.Series(np.arange(8, dtype=float), index=BRANCHES)
    reversed_nps = (3 * staff).iloc[::-1]
    assert link(staff, reversed_nps).r == pytest.approx(1.0)


def test_branches_missing_from_either_measure_are_left_out():
    staff = pd.Series(np.arange(8, dtype=float), index=BRANCHES)
    nps = pd.Series([1.0, 3, 2, 5, 4, np.nan, 6, 8], index=BRANCHES).drop("HB08")
    assert link(staff, nps).n == 6


def test_the_interval_matches_fishers_z():
    staff = pd.Series([3.1, 3.4, 3.9, 3.3, 3.6, 3.0, 3.8, 3.5], index=BRANCHES)
    nps = pd.Series([8.0, 15, 31, 17, 20, 12, 22, 25], index=BRANCHES)
    result = link(staff, nps)
    half = 1.959964 / math.sqrt(8 - 3)
    assert result.ci_low == pytest.approx(math.tanh(math.atanh(result.r) - half), abs=1e-5)
    assert result.ci_high == pytest.approx(math.tanh(math.atanh(result.r) + half), abs=1e-5)


def test_too_few_branches_say_how_many_were_found():
    with pytest.raises(ValueError, match="at least 4 branches with both measures; found 3"):
        link(pd.Series([1.0, 2, 3]), pd.Series([2.0, 4, 7]))


def test_a_constant_measure_is_refused():
    with pytest.raises(ValueError, match="same at every branch"):
        link(pd.Series([3.0] * 5), pd.Series([1.0, 2, 3, 4, 6]))


def test_a_list_is_refused_with_the_type_named():
    with pytest.raises(TypeError, match="cause should be a pandas Series"):
        link([1, 2, 3, 4], pd.Series([1.0, 2, 3, 4]))


# Branch measures in hundredths (a score such as 31.25): values closer than float precision would
# become one value once shifted, a constant measure that link rightly refuses.
@given(st.lists(st.integers(-5000, 5000), min_size=5, max_size=30, unique=True).map(lambda xs: [x / 100 for x in xs]),
       st.floats(0.1, 10), st.floats(-20, 20))
def test_r_stays_within_its_interval_and_within_minus_one_and_one(values, scale, shift):
    cause = pd.Series(values)
    effect = pd.Series(np.sin(np.arange(len(values))) * 7 + np.array(values) * 0.3)
    result = link(cause, effect)
    assert -1 <= result.ci_low <= result.r <= result.ci_high <= 1
    # Rescaling a measure changes the slope, never r.
    assert link(cause * scale + shift, effect).r == pytest.approx(result.r, abs=1e-9)
