"""What had to be repaired in a hand-in before it could be graded: restored cells, lost cell ids.

A learner who deletes a test cell, or edits a locked one, loses nothing: nbgrader puts it back from
the master in the gradebook (``OverwriteCells``, with ``add_missing_cells`` in nbgrader_config.py).
A notebook saved by another tool may have lost its cell ids, which nbformat adds again while
printing a ``MissingIDFieldWarning`` that names no learner. Neither changes a score, but a trainer
wants to know who did it: the worker notes both in the graded notebook's own metadata
(``metadata.cxlab.flags``), so the note travels with the notebook (to another process or machine)
and survives a resumed batch; ``grades.csv`` lists them in its ``flags`` column and the class
report among the hand-ins to look at.
"""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

from cxlab.grading.course import grade_id

IDS_MISSING = "cell ids missing (saved outside Jupyter?)"


def read_quietly(path: Path):
    """``nbformat.read``, with a lost-ids warning turned into a flag on the notebook instead of stderr.

    Raises what ``nbformat.read`` raises for a damaged file.
    """
    import nbformat
    from nbformat.warnings import MissingIDFieldWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", MissingIDFieldWarning)
        notebook = nbformat.read(path, as_version=4)
    # Whatever the learner's file says under our key is replaced: flags are ours to write.
    notebook.metadata["cxlab"] = {"flags": []}
    if any(issubclass(w.category, MissingIDFieldWarning) for w in caught):
        notebook.metadata["cxlab"]["flags"].append(IDS_MISSING)
    for other in caught:
        if not issubclass(other.category, MissingIDFieldWarning):
            warnings.warn_explicit(other.message, other.category, other.filename, other.lineno)
    return notebook


def graded_cells(notebook) -> dict[str, tuple[str, bool]]:
    """Grade id -> (source, edited) of every nbgrader cell in the hand-in, before nbgrader's repairs.

    Edited: the cell no longer matches the checksum nbgrader wrote into it at release (the release's
    test cells lack their hidden tests, so comparing with the master would call every one edited).
    """
    from nbgrader.utils import compute_checksum

    found = {}
    for cell in notebook.cells:
        name = grade_id(cell)
        if not name:
            continue
        released = cell.metadata["nbgrader"].get("checksum")
        try:
            edited = bool(released) and compute_checksum(cell) != released
        except Exception:  # metadata mangled beyond nbgrader's reading: nbgrader's own check reports it
            edited = False
        found[name] = (cell.source, edited)
    return found


def note_restored(notebook, before: dict[str, tuple[str, bool]]) -> list[str]:
    """Flag every cell nbgrader put back: deleted by the learner, or a locked cell's text edited."""
    found = []
    taken = {cell.get("id") for cell in notebook.cells}
    for cell in notebook.cells:
        name = grade_id(cell)
        if not name:
            continue
        if name not in before:
            found.append(f"restored {name} (deleted)")
            if not cell.get("id"):  # nbgrader adds the cell without one: nbformat would warn on every write
                cell["id"] = _new_id(name, taken)
        elif before[name][1] and before[name][0] != cell.source:
            found.append(f"restored {name} (edited)")
    notebook.metadata.setdefault("cxlab", {}).setdefault("flags", []).extend(found)
    return found


def _new_id(name: str, taken: set) -> str:
    """A cell id nbformat accepts (letters, digits, - and _; at most 64), unused in the notebook."""
    base = (re.sub(r"[^A-Za-z0-9_-]", "-", name) or "restored")[:50]
    candidate, number = f"{base}-restored", 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-restored-{number}"
    taken.add(candidate)
    return candidate


def of_notebook(path: Path) -> list[str]:
    """The flags a graded notebook carries (none for one graded before flags existed, or unreadable)."""
    try:
        metadata = json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
    except (OSError, ValueError):
        return []
    flags = metadata.get("cxlab", {}).get("flags", []) if isinstance(metadata, dict) else []
    return [str(flag) for flag in flags] if isinstance(flags, list) else []


def of_hand_in(course: Path, assignment: str, student: str) -> str:
    """One ``grades.csv`` cell: every flag of the learner's graded notebooks, with the notebook's name
    when the assignment has several."""
    folder = Path(course) / "autograded" / student / assignment
    notebooks = sorted(folder.glob("*.ipynb"))
    return "; ".join(f"{path.stem}: {flag}" if len(notebooks) > 1 else flag
                     for path in notebooks for flag in of_notebook(path))
