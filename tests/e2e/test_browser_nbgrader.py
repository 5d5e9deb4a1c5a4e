"""nbgrader in JupyterLab as learners and instructors use it: Assignments, Validate, formgrader.

The learner part fetches the course's first assignment from the Assignments tab, the way the README
tells learners to; Validate is then pressed on the blank fetched notebook (it must name a failing
check) and on a completed one (it must report success). The grading tests grade every assignment
with nbgrader itself; here the point is the buttons.
"""

from __future__ import annotations

import re

import nbformat
import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.xdist_group("e2e")]

VALIDATE_S = 180
DIALOG = ".jp-Dialog"
SUCCESS = "Success! Your notebook passes all the tests."
FAILED = "The following cell failed:"


def autograded_checks(notebook_path) -> list[str]:
    """The first line of every autograded test cell: how Validate names a check."""
    notebook = nbformat.read(notebook_path, as_version=4)
    checks = []
    for cell in notebook.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("grade") and not meta.get("solution"):
            first = next((line.strip() for line in cell.source.splitlines() if line.strip()), "")
            checks.append(first)
    return checks


def validate(lab, what: str) -> str:
    """Press Validate in the notebook's toolbar; returns the text of the results dialog."""
    button = lab.page.locator(
        ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-NotebookPanel-toolbar .jp-ToolbarButtonComponent",
        has_text=re.compile(r"^\s*Validate\s*$"),
    )
    lab.wait_for(button, f"nbgrader's Validate button in the toolbar of {what}", 30, "validate-button")
    button.first.click()
    dialog = lab.page.locator(DIALOG, has_text="Validation Results")
    lab.wait_for(dialog, f"nbgrader's Validation Results for {what}", VALIDATE_S, "validate-result")
    return dialog.first.inner_text()


def close_dialog(lab) -> None:
    lab.page.locator(f"{DIALOG} .jp-Dialog-button", has_text="Ok").first.click()


def test_learner_fetches_an_assignment_and_validate_names_the_failing_check(lab_page, e2e_kit):
    assignment = e2e_kit.assignments[0]
    lab = lab_page(f"learner-{assignment}")
    lab.open_lab()

    nbgrader_menu = lab.page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Nbgrader$"))
    lab.wait_for(nbgrader_menu, "the Nbgrader menu (nbgrader's JupyterLab extension)", 30, "nbgrader-menu")
    nbgrader_menu.click()
    entry = lab.page.locator(".lm-Menu-item", has_text="Assignment List")
    lab.wait_for(entry, "Nbgrader > Assignment List", 10, "nbgrader-menu-items")
    lab.screenshot("1-nbgrader-menu")
    entry.first.click()
    released = lab.page.locator("#released_assignments_list .list_item", has_text=assignment)
    lab.wait_for(released, f"{assignment} under 'Released assignments' in the Assignments tab", 60, "released")
    lab.screenshot("2-assignments-tab")
    released.first.locator("button", has_text="Fetch").click()
    fetched = lab.page.locator("#fetched_assignments_list .list_item", has_text=assignment)
    lab.wait_for(fetched, f"{assignment} under 'Downloaded assignments' after Fetch", 60, "fetched")

    release = e2e_kit.release_notebooks(assignment)
    fetched_notebook = e2e_kit.root / assignment / release[0].name
    if not fetched_notebook.exists():
        lab.fail(f"Fetch did not put {release[0].name} into {fetched_notebook.parent}", "fetched-file")

    lab.open_notebook(f"{assignment}/{release[0].name}")
    lab.screenshot("3-fetched-notebook-with-validate")
    result = validate(lab, f"the blank {assignment}")
    shot = lab.screenshot("4-validate-blank")
    checks = autograded_checks(release[0])
    named = [check for check in checks if check in result]
    if FAILED not in result or not named:
        lab.fail(
            f"Validate on the blank {release[0].name} should name a failing check (one of {checks}); "
            f"it said: {result[:400]!r}",
            "validate-blank",
        )
    close_dialog(lab)
    print(f"Validate named {len(named)} failing check(s), first {named[0]!r}; screenshot {shot}")


def test_validate_reports_success_on_a_completed_notebook(lab_page, e2e_kit):
    assignment = e2e_kit.assignments[0]
    notebook = e2e_kit.release_notebooks(assignment)[0].name
    lab = lab_page(f"learner-{assignment}")
    path = e2e_kit.model_hand_in(assignment).relative_to(e2e_kit.root) / notebook
    lab.open_notebook(path.as_posix())
    result = validate(lab, f"the completed {assignment}")
    shot = lab.screenshot("5-validate-completed")
    if SUCCESS not in result:
        lab.fail(f"Validate on the completed {notebook} should report success; it said: {result[:600]!r}",
                 "validate-completed")
    close_dialog(lab)
    print(f"Validate reported success; screenshot {shot}")


def test_formgrader_lists_the_course_assignments(lab_page, e2e_kit):
    lab = lab_page("formgrader")
    lab.open_lab()
    lab.menu("Nbgrader", "Formgrader")
    frame = lab.page.frame_locator("iframe[src*='formgrader']")
    table = frame.locator("#main-table")
    lab.wait_for(table.locator("tr", has_text=e2e_kit.assignments[0]),
                 "the course's assignments in the formgrader's Manage Assignments table", 60, "formgrader")
    lab.page.wait_for_timeout(500)
    shot = lab.screenshot("1-manage-assignments")
    listed = table.inner_text()
    missing = [name for name in e2e_kit.assignments if name not in listed]
    if missing:
        lab.fail(f"the formgrader does not list {', '.join(missing)} (it lists: {listed[:300]!r})", "formgrader-list")
    print(f"formgrader lists {', '.join(e2e_kit.assignments)}; screenshot {shot}")
