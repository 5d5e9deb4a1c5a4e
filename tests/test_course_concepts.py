"""Every graded question says which concepts it assesses, and every concept is assessed or says why not.

The concepts live in ``course/concepts.yml`` (id -> module, label, optionally ``assessed: false`` with a
``reason``); a graded cell names its concepts in ``metadata.cxlab.concepts``. Autograded test cells
must name at least one; manually graded answer cells may name some, and those count as assessing them.
"""

from __future__ import annotations

import json

import pytest
import yaml

from kit import ROOT, assignment_masters

CONCEPTS_FILE = ROOT / "course" / "concepts.yml"


def load_concepts() -> dict:
    concepts = yaml.safe_load(CONCEPTS_FILE.read_text(encoding="utf-8"))
    assert isinstance(concepts, dict) and concepts, "course/concepts.yml must be a map of concept id -> fields"
    return concepts


def graded_cells(path):
    """(grade id, autograded?, concepts or None) of every graded cell of an assignment."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        meta = cell.get("metadata", {})
        grading = meta.get("nbgrader", {})
        if grading.get("grade"):
            concepts = meta.get("cxlab", {}).get("concepts")
            yield grading["grade_id"], not grading.get("solution"), concepts


def module_of(path) -> str:
    return path.parent.name


def ids(paths):
    return [pytest.param(p, id=module_of(p)) for p in paths]


def test_every_concept_has_a_module_a_label_and_an_honest_assessed_flag():
    modules = {p.name for p in (ROOT / "course" / "source").iterdir() if p.is_dir()}
    problems = []
    for concept, fields in load_concepts().items():
        if not isinstance(fields, dict):
            problems.append(f"{concept}: needs the fields module and label")
            continue
        if not str(fields.get("label", "")).strip():
            problems.append(f"{concept}: has no label")
        if not fields.get("module"):
            problems.append(f"{concept}: has no module")
        elif fields["module"] not in modules and not (ROOT / "solutions" / f"{fields['module']}.ipynb").exists():
            problems.append(f"{concept}: module {fields['module']!r} has neither a lecture nor an assignment")
        if fields.get("assessed", True) is False and not str(fields.get("reason", "")).strip():
            problems.append(f"{concept}: assessed: false needs a reason")
    assert not problems, "; ".join(problems)


@pytest.mark.parametrize("path", ids(assignment_masters()))
def test_every_autograded_test_cell_names_known_concepts(path):
    concepts = load_concepts()
    problems = []
    for grade_id, autograded, tagged in graded_cells(path):
        if autograded and not tagged:
            problems.append(f"{grade_id}: no concepts in metadata.cxlab.concepts")
        for concept in tagged or []:
            if concept not in concepts:
                problems.append(f"{grade_id}: concept {concept!r} is not in course/concepts.yml")
    assert not problems, f"{module_of(path)}: " + "; ".join(problems)


@pytest.mark.parametrize("path", ids(assignment_masters()))
def test_every_concept_of_the_module_is_assessed_or_says_why_not(path):
    module = module_of(path)
    # A later module (the capstone) may assess an earlier module's concept, so look at every assignment.
    assessed = {c for other in assignment_masters() for _, _, tagged in graded_cells(other) for c in tagged or []}
    missing = [
        concept for concept, fields in load_concepts().items()
        if fields.get("module") == module and concept not in assessed and fields.get("assessed", True) is not False
    ]
    assert not missing, (
        f"{module}: concept(s) {', '.join(missing)} are assessed by no graded cell; tag a question "
        "or mark them assessed: false with a reason in course/concepts.yml"
    )


def test_a_concept_marked_unassessed_is_really_unassessed():
    assessed = {c for path in assignment_masters() for _, _, tagged in graded_cells(path) for c in tagged or []}
    contradictions = [c for c, f in load_concepts().items() if f.get("assessed", True) is False and c in assessed]
    assert not contradictions, f"marked assessed: false but tagged on a question: {', '.join(contradictions)}"
