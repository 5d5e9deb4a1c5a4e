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
from cxlab.grading.course import grade_id

SOLUTION_DELIMITERS = ("### BEGIN SOLUTION", "### END SOLUTION")


def _is_answer_cell(cell) -> bool:
    from nbgrader.utils import is_solution

    return bool(is_solution(cell))


def solution_text(master_source: str) -> str:
    """The master's answer as a learner would have typed it: delimiter lines removed."""
    lines = [line for line in master_source.splitlines() if line.strip() not in SOLUTION_DELIMITERS]
    return "\n".join(lines).strip("\n")


def fill_answers(release, answers: dict[str, str], notebook_name: str):
    """The release with the given answer cells replaced; an unknown grade id is an error."""
    known = {grade_id(cell) for cell in release.cells if _is_answer_cell(cell)}
    unknown = sorted(set(answers) - known)
    if unknown:
        raise CxlabError(
            f"{notebook_name}: no answer cell with grade id {', '.join(unknown)}; "
            f"answer cells are {', '.join(sorted(filter(None, known)))}"
        )
    for cell in release.cells:
        if _is_answer_cell(cell) and grade_id(cell) in answers:
            cell.source = answers[grade_id(cell)]
    return release


def solved(release, master, notebook_name: str):
    """The release with every answer cell holding the master's worked solution."""
    master_answers = {grade_id(cell): solution_text(cell.source) for cell in master.cells if _is_answer_cell(cell)}
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


# --------------------------------------------------------------------------- hostile hand-ins


@dataclass(frozen=True)
class HostileExpected:
    """What a hostile hand-in (``tests/grading/hostile/<assignment>/<name>/``) must end as."""

    total: float
    statuses: tuple[str, ...]  # the statuses `cxlab grade` may give it
    description: str = ""
    needs_sandbox: bool = False  # only meaningful (and only safe to run) inside the sandbox
    slow: bool = False  # runs into the time limit on purpose
    unguarded_total: float | None = None  # what it scores with the in-kernel guard off (proves the attack)


def read_hostile_expected(variant_dir: Path) -> HostileExpected:
    import yaml

    path = variant_dir / "expected.yml"
    if not path.exists():
        raise CxlabError(f"{variant_dir}: no expected.yml (every hostile hand-in says how it must end)")
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    status = data.get("status", "graded")
    return HostileExpected(
        total=float(data.get("total", 0)),
        statuses=tuple(status if isinstance(status, list) else [status]),
        description=str(data.get("description", "")),
        needs_sandbox=bool(data.get("needs_sandbox", False)),
        slow=bool(data.get("slow", False)),
        unguarded_total=None if data.get("unguarded_total") is None else float(data["unguarded_total"]),
    )


def tamper(notebook, spec: dict, notebook_name: str):
    """Edit what a learner must not be able to edit: delete, rewrite or re-label cells.

    ``spec`` keys: ``delete_cells`` (grade ids), ``replace_cells`` (grade id -> source, any cell),
    ``set_metadata`` (grade id -> keys merged into its nbgrader metadata, or a non-dict value that
    replaces the metadata outright).
    """
    by_id = {grade_id(cell): cell for cell in notebook.cells if grade_id(cell)}
    named = set(spec.get("delete_cells") or []) | set(spec.get("replace_cells") or {}) | set(
        spec.get("set_metadata") or {})
    unknown = sorted(named - set(by_id))
    if unknown:
        raise CxlabError(f"{notebook_name}: no cell with grade id {', '.join(unknown)}")
    deleted = set(spec.get("delete_cells") or [])
    notebook.cells = [cell for cell in notebook.cells if grade_id(cell) not in deleted]
    for name, source in (spec.get("replace_cells") or {}).items():
        by_id[name].source = source
    # Last: once a cell's metadata is replaced by a non-dict, it no longer has a grade id to find.
    for name, change in (spec.get("set_metadata") or {}).items():
        if isinstance(change, dict):
            by_id[name].metadata["nbgrader"].update(change)
        else:
            by_id[name].metadata["nbgrader"] = change
    return notebook


def write_hostile(variant_dir: Path, source_dir: Path, release_dir: Path, destination: Path) -> None:
    """Write a hostile hand-in: a variant (``answers.yml``) plus the ``tamper:`` it describes.

    Besides :func:`tamper`'s cell edits, ``tamper`` may hold ``rename`` (the notebook's new file
    name) and ``truncate_bytes`` (cut the written file, as a broken upload would).
    """
    import yaml

    write_variant(variant_dir, source_dir, release_dir, destination)
    answers_path = variant_dir / "answers.yml"
    spec = (yaml.safe_load(answers_path.read_text(encoding="utf-8")) or {}).get("tamper") if answers_path.exists() else None
    if not spec:
        return
    for path in sorted(destination.glob("*.ipynb")):
        notebook = tamper(read_notebook(path), spec, path.name)
        text = notebook_text(notebook)
        if spec.get("truncate_bytes"):
            text = text.encode("utf-8")[: int(spec["truncate_bytes"])].decode("utf-8", "ignore")
        target = destination / spec["rename"] if spec.get("rename") else path
        path.unlink()
        target.write_text(text, encoding="utf-8")
