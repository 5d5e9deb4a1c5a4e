"""Grading the grader: every assignment graded with the real nbgrader pipeline.

For each assignment, one temporary course is built from a copy of ``course/``; the master, the
blank release and every variant are handed in as learners; stock ``nbgrader autograde`` grades them
all, once per test process (``kit.stock_graded``, shared with test_batch_grading.py); the scores are
read back from nbgrader's gradebook. Stock nbgrader, not ``cxlab grade``, because its kernels let the
practice checks speak (see below), and it is what the course promises to work with.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kit import course_assignments, error_outputs, stock_graded, variants
from cxlab import build
from cxlab.grading import gradebook, submissions

ASSIGNMENTS = course_assignments()


def by_assignment(names):
    return [pytest.param(name, marks=[pytest.mark.slow, pytest.mark.xdist_group(name)], id=name) for name in names]


def every_variant():
    return [
        pytest.param(name, variant, marks=[pytest.mark.slow, pytest.mark.xdist_group(name)], id=f"{name}/{variant.name}")
        for name in ASSIGNMENTS
        for variant in variants(name)
    ]


def describe(score: gradebook.SubmissionScore) -> str:
    return ", ".join(f"{c.grade_id}={c.score:g}/{c.max_score:g}" for c in score.cells if c.autograded)


@pytest.mark.parametrize("assignment", by_assignment(ASSIGNMENTS))
def test_master_earns_full_autograded_marks(assignment, graded_workdir):
    _, scores = stock_graded(assignment, graded_workdir)
    master = scores["master"]
    assert master.auto_max > 0, f"{assignment}: no autograded questions found in the gradebook"
    assert master.auto_score == master.auto_max, f"{assignment}: the master loses points: {describe(master)}"


@pytest.mark.parametrize("assignment", by_assignment(ASSIGNMENTS))
def test_master_runs_top_to_bottom_without_errors(assignment, graded_workdir):
    """nbgrader autograde ran every cell of the master in a fresh kernel, errors allowed and each cell
    against the course's time limit (a cell that overran holds an error): none may hold an error."""
    course, _ = stock_graded(assignment, graded_workdir)
    ran = sorted((course / "autograded" / "master" / assignment).glob("*.ipynb"))
    assert ran, f"{assignment}: nbgrader autograde left no graded notebook of the master"
    errors = [f"{path.name} {error}" for path in ran for error in error_outputs(build.read_notebook(path))]
    assert not errors, f"{assignment}: the master raised errors when run top to bottom:\n" + "\n".join(errors)


@pytest.mark.parametrize("assignment", by_assignment(ASSIGNMENTS))
def test_blank_release_earns_zero(assignment, graded_workdir):
    _, scores = stock_graded(assignment, graded_workdir)
    blank = scores["blank-release"]
    assert blank.auto_score == 0, f"{assignment}: the unedited release earns points: {describe(blank)}"


@pytest.mark.parametrize("assignment, variant", every_variant())
def test_variant_scores_what_it_expects(assignment, variant, graded_workdir):
    _, scores = stock_graded(assignment, graded_workdir)
    expected = submissions.read_expected(variant)
    got = scores[f"variant-{variant.name}"]
    autograded = {c.grade_id: c.score for c in got.cells if c.autograded}
    assert set(expected.cells) == set(autograded), (
        f"{variant}/expected.yml must list every autograded cell: {sorted(autograded)}"
    )
    assert autograded == expected.cells, f"{variant.name} ({expected.description}): got {describe(got)}"
    assert got.auto_score == expected.total, f"{variant.name}: total {got.auto_score:g}, expected {expected.total:g}"


@pytest.mark.parametrize("assignment", by_assignment(ASSIGNMENTS))
def test_variants_cover_right_and_wrong_answers(assignment):
    """A variants library that holds only right answers would never catch a lenient test."""
    found = [submissions.read_expected(v) for v in variants(assignment)]
    full = [e for e in found if e.cells and all(e.cells[k] > 0 for k in e.cells) and e.total == sum(e.cells.values())]
    assert len(found) >= 2, f"{assignment}: needs at least two variants in tests/grading/variants/{assignment}/"
    assert any(e.total > 0 and any(v == 0 for v in e.cells.values()) for e in found), (
        f"{assignment}: no variant with a typical mistake (one that loses a question's points)"
    )
    assert full, f"{assignment}: no alternative correct solution among the variants"


# `nbgrader validate` runs a notebook as autograde does and reports its test cells: a master with full
# autograded marks passes it, and a release that scores zero fails every test. So the command is run
# on one assignment, to prove it works on the kit's notebooks, not on every one again (two more runs
# of each notebook: about two minutes of test time). The browser tests press the Validate button.
VALIDATED = ["00-orientation"]


@pytest.mark.parametrize("assignment", by_assignment(VALIDATED))
def test_master_passes_nbgrader_validate(assignment, graded_workdir):
    course, _ = stock_graded(assignment, graded_workdir)
    for notebook in sorted((course / "source" / assignment).glob("*.ipynb")):
        result = build.run_nbgrader(course, "validate", str(notebook))
        assert "Success! Your notebook passes all the tests." in result.stdout, (
            f"{notebook.name}: nbgrader validate failed:\n{result.stdout[-2000:]}{result.stderr[-1000:]}"
        )


@pytest.mark.parametrize("assignment", by_assignment(VALIDATED))
def test_blank_release_fails_its_own_tests(assignment, graded_workdir):
    course, _ = stock_graded(assignment, graded_workdir)
    for notebook in sorted((course / "release" / assignment).glob("*.ipynb")):
        result = build.run_nbgrader(course, "validate", "--invert", str(notebook))
        assert "Success! The notebook does not pass any tests." in result.stdout, (
            f"{notebook.name}: some tests pass on the blank release:\n{result.stdout[-2000:]}"
        )


# Practice checks (cxlab.practice) are on in these kernels: stock `nbgrader autograde` does not set
# CXLAB_GRADING. So the grading above also proves that the visible value checks agree with the hidden
# tests (an alternative correct solution that a practice check refused would lose its points), and the
# graded notebooks hold what a learner would read under each check.

def _test_cell_outputs(course: Path, student: str, assignment: str) -> dict[str, str]:
    """grade id of each test cell -> the text it printed or raised in the autograded notebook."""
    texts = {}
    for path in sorted((course / "autograded" / student / assignment).glob("*.ipynb")):
        for cell in build.read_notebook(path).cells:
            grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
            if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("grade"):
                texts[grade_id] = "\n".join(
                    output.get("text", "") or f"{output.get('ename', '')}: {output.get('evalue', '')}"
                    for output in cell.get("outputs", [])
                )
    return texts


@pytest.mark.parametrize("assignment", by_assignment(ASSIGNMENTS))
def test_master_hears_correct_from_every_practice_check(assignment, graded_workdir):
    course, _ = stock_graded(assignment, graded_workdir)
    masters = {c.metadata.get("nbgrader", {}).get("grade_id"): c.source
               for p in (course / "source" / assignment).glob("*.ipynb") for c in build.read_notebook(p).cells}
    outputs = _test_cell_outputs(course, "master", assignment)
    checked = [grade_id for grade_id in outputs if "practice.check(" in masters.get(grade_id, "")]
    silent = [grade_id for grade_id in checked if ": correct." not in outputs[grade_id]]
    assert not silent, f"{assignment}: these practice checks did not say 'correct' on the master: {silent}"


def every_mistake():
    return [param for param in every_variant() if param.values[1].name.startswith("mistake-")]


@pytest.mark.parametrize("assignment, variant", every_mistake())
def test_a_typical_mistake_gets_its_practice_hint(assignment, variant, graded_workdir):
    """Each mistake variant names (in expected.yml, `practice_hint`) words its learner must read."""
    import yaml

    course, _ = stock_graded(assignment, graded_workdir)
    expected = yaml.safe_load((variant / "expected.yml").read_text(encoding="utf-8"))
    hint = expected.get("practice_hint")
    assert hint, f"{variant}/expected.yml: add `practice_hint`, words of the hint its practice check shows"
    lost = [grade_id for grade_id, points in expected["cells"].items() if points == 0]
    outputs = _test_cell_outputs(course, f"variant-{variant.name}", assignment)
    shown = "\n".join(outputs.get(grade_id, "") for grade_id in lost)
    assert hint in shown, f"{variant.name}: the check of {lost} should say {hint!r}; it says:\n{shown[-1500:]}"
