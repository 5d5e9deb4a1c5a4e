"""The orientation explorer (Module 0), tested without a browser: a new choice updates what it shows."""

from __future__ import annotations

import pandas as pd
import pytest

from cxlab import widgets


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


def test_choosing_another_branch_changes_what_is_shown(branches, survey):
    explorer = widgets.branch_explorer(branches, survey)
    controls, shown = explorer.children
    (dropdown,) = controls.children
    before = shown.value
    assert "Wharf Road" in before and "8.00" in before
    dropdown.value = "HB02"
    assert shown.value != before
    assert "Hill Street" in shown.value and "20.0 min" in shown.value
