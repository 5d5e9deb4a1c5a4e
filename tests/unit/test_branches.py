"""One branch at a glance (Module 0), computed by cxlab.branches."""

from __future__ import annotations

import pandas as pd
import pytest

from cxlab import branches as branch_measures


@pytest.fixture
def branches():
    return pd.DataFrame(
        {"branch_id": ["HB01", "HB02"], "name": ["Wharf Road", "Hill Street"],
         "district": ["Harbourfront", "Hillside"], "branch_type": ["smart", "traditional"]}
    )


@pytest.fixture
def survey():
    return pd.DataFrame(
        {"branch_id": ["HB01", "HB01", "HB01", "HB02"],
         "recommend": pd.array([10, 6, None, 3], dtype="Int64"),
         "wait_minutes": [4.0, 8.0, 6.0, 20.0]}
    )


def test_profile_skips_missing_answers_in_the_mean_but_counts_the_rows(branches, survey):
    profile = branch_measures.branch_profile(branches, survey, "HB01")
    assert profile.survey_answers == 3
    assert profile.mean_recommend == 8.0
    assert profile.mean_wait_minutes == 6.0
    assert (profile.district, profile.branch_type) == ("Harbourfront", "smart")


def test_unknown_branch_is_named_in_the_error(branches, survey):
    with pytest.raises(ValueError, match="no branch with id 'HB99'"):
        branch_measures.branch_profile(branches, survey, "HB99")
