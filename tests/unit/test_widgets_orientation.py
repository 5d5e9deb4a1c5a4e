"""The orientation explorer (Module 0), tested without a browser: a new choice updates what it shows."""

from __future__ import annotations

from test_branches import branches, survey  # noqa: F401  (the same small tables, as fixtures)

from cxlab import widgets


def test_choosing_another_branch_changes_what_is_shown(branches, survey):
    explorer = widgets.branch_explorer(branches, survey)
    controls, shown = explorer.children
    (dropdown,) = controls.children
    before = shown.value
    assert "Wharf Road" in before and "8.00" in before
    dropdown.value = "HB02"
    assert shown.value != before
    assert "Hill Street" in shown.value and "20.0 min" in shown.value
