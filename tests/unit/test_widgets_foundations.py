"""Module 1 explorers, tested without a browser: what each explorer shows, and that moving a slider
updates it. The measures themselves are tested in test_experience.py."""

from __future__ import annotations

import math


from test_experience import survey  # noqa: F401  (the same small tables, as fixtures)

from cxlab import experience, widgets


def test_the_old_names_are_the_measures_of_cxlab_experience():
    assert widgets.disconfirmation_class is experience.disconfirmation_class
    assert widgets.disconfirmation_outcome is experience.disconfirmation_outcome
    assert widgets.satisfaction_split is experience.satisfaction_split


def test_outcome_for_a_pair_nobody_gave_is_shown_as_empty_not_zero(survey):
    outcome = experience.disconfirmation_outcome(survey, expectation=7, perception=1)
    assert math.isnan(outcome.mean_satisfaction)
    assert "no customer gave this pair" in widgets.outcome_html(outcome)


def test_moving_a_slider_updates_what_is_shown(survey):
    explorer = widgets.disconfirmation_explorer(survey, expectation=5, perception=6)
    controls, shown = explorer.children
    expected, perceived = controls.children
    assert "+1 points" in shown.value and "better than expected" in shown.value
    perceived.value = 3
    assert "-2 points" in shown.value and "worse than expected" in shown.value
    expected.value = 3
    assert "exactly as expected" in shown.value and "2.00" in shown.value


def test_slider_labels_take_the_width_their_text_needs(survey):
    controls, _ = widgets.disconfirmation_explorer(survey).children
    for slider in controls.children:
        assert slider.style.description_width == "initial", f"{slider.description!r} would be cut at a fixed width"


def test_moving_the_threshold_updates_the_table(survey):
    explorer = widgets.satisfaction_split_explorer(survey, threshold=4)
    controls, shown = explorer.children
    (slider,) = controls.children
    before = shown.value
    assert "satisfaction 4–5" in before and "+5.67" in before
    slider.value = 2
    assert shown.value != before and "satisfaction 2–5" in shown.value and "satisfaction 1<" in shown.value
