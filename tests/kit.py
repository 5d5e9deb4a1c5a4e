"""Where the pieces of the kit are, and what the course holds, discovered from the tree.

The harness finds assignments, lectures and variants here, so a new module is tested by adding its
notebooks and variants; no test names a module.
"""

from __future__ import annotations

import sys
from pathlib import Path

from cxlab.build import find_kit

ROOT = find_kit(Path(__file__).parent).root  # the kit these tests belong to, found as `cxlab` finds it
COURSE = ROOT / "course"
VARIANTS = ROOT / "tests" / "grading" / "variants"


def course_assignments() -> list[str]:
    source = COURSE / "source"
    return sorted(p.name for p in source.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))


def lecture_masters() -> list[Path]:
    return sorted((ROOT / "solutions").glob("*.ipynb"))


def assignment_masters() -> list[Path]:
    return sorted((COURSE / "source").glob("*/*.ipynb"))


def variants(assignment: str) -> list[Path]:
    folder = VARIANTS / assignment
    return sorted(p for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []


def cxlab_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "cxlab.cli", *args]
