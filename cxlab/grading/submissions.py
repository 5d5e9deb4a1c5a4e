"""Submissions made from the course's own notebooks: a solved hand-in, a blank one, a variant.

A variant (``tests/grading/variants/<assignment>/<variant>/``) describes a learner's hand-in without
copying the whole notebook, so it stays valid when the master's wording changes:

- ``expected.yml`` — what the hand-in must score: ``total`` and ``cells`` (grade id → points);
- either the literal notebook file(s) to hand in (a damaged or hostile hand-in needs that), or
  ``answers.yml``: ``base: solved`` (every answer cell filled with the master's solution) or
  ``base: release`` (the blank release), then ``answers``: answer-cell grade id → the learner's
  source. For an assignment with several notebooks, ``answers`` is keyed by notebook file name first.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from cxlab.build import read_notebook, notebook_text
from cxlab.errors import CxlabError

SOLUTION_DELIMITERS = ("### BEGIN SOLUTION", "### END SOLUTION")


def _grade_id(cell) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def _is_answer_cell(cell) -> bool:
    return bool(cell.get("metadata", {}).get("nbgrader", {}).get("solution"))


def solution_text(master_source: str) -> str:
    """The master's answer as a learner would have typed it: delimiter lines removed."""
    lines = [line for line in master_source.splitlines() if line.strip() not in SOLUTION_DELIMITERS]
    return "\n".join(lines).strip("\n")


def fill_answers(release, answers: dict[str, str], notebook_name: str):
    """The release with the given answer cells replaced; an unknown grade id is an error."""
    known = {_grade_id(cell) for cell in release.cells if _is_answer_cell(cell)}
    unknown = sorted(set(answers) - known)
    if unknown:
        raise CxlabError(
            f"{notebook_name}: no answer cell with grade id {', '.join(unknown)}; "
            f"answer cells are {', '.join(sorted(filter(None, known)))}"
        )
    for cell in release.cells:
        if _is_answer_cell(cell) and _grade_id(cell) in answers:
            cell.source = answers[_grade_id(cell)]
    return release


def solved(release, master, notebook_name: str):
    """The release with every answer cell holding the master's worked solution."""
    master_answers = {_grade_id(cell): solution_text(cell.source) for cell in master.cells if _is_answer_cell(cell)}
    return fill_answers(release, master_answers, notebook_name)


@dataclass(frozen=True)
class Expected:
    total: float
    cells: dict[str, float] = field(default_factory=dict)
    description: str = ""


def read_expected(variant_dir: Path) -> Expected:
    import yaml

    path = variant_dir / "expected.yml"
    if not path.exists():
        raise CxlabError(f"{variant_dir}: no expected.yml (every variant says what it must score)")
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if "total" not in data:
        raise CxlabError(f"{path}: missing 'total'")
    return Expected(
        total=float(data["total"]),
        cells={str(k): float(v) for k, v in (data.get("cells") or {}).items()},
        description=str(data.get("description", "")),
    )


def write_variant(variant_dir: Path, source_dir: Path, release_dir: Path, destination: Path) -> None:
    """Write the hand-in a variant describes into ``destination`` (a submitted/<learner>/<a>/ folder)."""
    import yaml

    destination.mkdir(parents=True, exist_ok=True)
    literal = sorted(variant_dir.glob("*.ipynb"))
    if literal:
        for path in literal:
            shutil.copy2(path, destination / path.name)
        return
    answers_path = variant_dir / "answers.yml"
    if not answers_path.exists():
        raise CxlabError(f"{variant_dir}: neither a notebook nor answers.yml to hand in")
    spec = yaml.safe_load(answers_path.read_text(encoding="utf-8")) or {}
    base = spec.get("base", "solved")
    if base not in ("solved", "release"):
        raise CxlabError(f"{answers_path}: base must be 'solved' or 'release', not {base!r}")
    answers = spec.get("answers") or {}
    notebooks = sorted(release_dir.glob("*.ipynb"))
    nested = any(isinstance(value, dict) for value in answers.values())
    for release_path in notebooks:
        notebook = read_notebook(release_path)
        if base == "solved":
            notebook = solved(notebook, read_notebook(source_dir / release_path.name), release_path.name)
        own = answers.get(release_path.name, {}) if nested else answers
        notebook = fill_answers(notebook, own, release_path.name)
        (destination / release_path.name).write_text(notebook_text(notebook), encoding="utf-8")


def write_solved(source_dir: Path, release_dir: Path, destination: Path) -> None:
    """Hand in the release with every answer filled from the master (a model learner)."""
    destination.mkdir(parents=True, exist_ok=True)
    for release_path in sorted(release_dir.glob("*.ipynb")):
        notebook = solved(read_notebook(release_path), read_notebook(source_dir / release_path.name), release_path.name)
        (destination / release_path.name).write_text(notebook_text(notebook), encoding="utf-8")


def write_blank(release_dir: Path, destination: Path) -> None:
    """Hand in the release untouched (a learner who submitted without working)."""
    destination.mkdir(parents=True, exist_ok=True)
    for release_path in sorted(release_dir.glob("*.ipynb")):
        shutil.copy2(release_path, destination / release_path.name)
