"""The formgrader's Autograde button, pressed in Chromium: ``cxlab grade`` runs, not stock nbgrader.

A learner whose hand-in is a damaged notebook: the dialog must give the one-line reason ``cxlab
grade`` writes ("... is damaged ...") and no traceback; the learner's grades.csv row says the same.
"""

from __future__ import annotations

import csv

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.xdist_group("e2e")]

GRADE_S = 240
LEARNER = "damaged-upload"


def test_the_autograde_button_grades_with_cxlab_and_names_a_damaged_hand_in(lab_page, e2e_kit):
    assignment = e2e_kit.assignments[0]
    release = e2e_kit.release_notebooks(assignment)[0]
    hand_in = e2e_kit.course / "submitted" / LEARNER / assignment
    hand_in.mkdir(parents=True, exist_ok=True)
    (hand_in / release.name).write_text(release.read_text(encoding="utf-8")[:3000], encoding="utf-8")

    lab = lab_page("autograde-button")
    lab.open_lab()  # logs the browser in (a cookie), which the formgrader's own API calls need
    lab.page.goto(lab.url(f"formgrader/manage_submissions/{assignment}"), wait_until="domcontentloaded")
    row = lab.page.locator("tr", has_text=LEARNER)
    lab.wait_for(row, f"{LEARNER}'s row in the formgrader's Manage Submissions of {assignment}", 60, "submissions")
    row.first.locator(".autograde a").click()
    dialog = lab.page.locator("#error-modal, #success-modal")
    lab.wait_for(dialog, "the Autograde dialog", GRADE_S, "autograde-dialog")
    lab.page.wait_for_timeout(500)
    shot = lab.screenshot("1-autograde-damaged")
    text = dialog.first.inner_text()
    if "Traceback" in text or "damaged" not in text:
        lab.fail(f"the dialog should name the damaged hand-in in one line, without a traceback: {text[:600]!r}",
                 "autograde-text")
    assert lab.page.locator("#error-modal").count() == 1, "a damaged hand-in is not a successful autograde"
    with open(e2e_kit.course / "reports" / assignment / "grades.csv", newline="", encoding="utf-8") as handle:
        rows = {row["student_id"]: row for row in csv.DictReader(handle)}
    assert rows[LEARNER]["status"] == "invalid" and "damaged" in rows[LEARNER]["reason"]
    print(f"the Autograde button ran cxlab grade and named the damaged hand-in; screenshot {shot}")
