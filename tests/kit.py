"""Where the pieces of the kit are, and what the course holds, discovered from the tree.

The harness finds assignments, lectures and variants here, so a new module is tested by adding its
notebooks and variants; no test names a module.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from cxlab.build import find_kit

ROOT = find_kit(Path(__file__).parent).root  # the kit these tests belong to, found as `cxlab` finds it
COURSE = ROOT / "course"
VARIANTS = ROOT / "tests" / "grading" / "variants"
#: Set by .ci/run: a machine where bubblewrap cannot sandbox learner code fails the sandbox tests
#: instead of skipping them, so CI never passes with the hostile hand-ins graded untested.
REQUIRE_SANDBOX = "CXLAB_REQUIRE_SANDBOX"


#: Copying the kit for a test of its Chinese edition: nothing generated (releases, gradebooks, the
#: Chinese editions themselves), so the test sees what `cxlab build` writes.
WITHOUT_GENERATED = (".git", ".venv", "__pycache__", ".ipynb_checkpoints", "demo-output", "release", "submitted",
                     "autograded", "feedback", "feedback_cache", "reports", "gradebook.db", "screenshots",
                     "zh-CN", "*.zh-CN.md")


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


def sandbox_required() -> bool:
    return os.environ.get(REQUIRE_SANDBOX, "").strip().lower() not in ("", "0", "false", "no")


def skip_without_sandbox() -> None:
    """Skip a test that needs the grading sandbox where there is none; fail instead when it is required."""
    from cxlab.grading import sandbox

    status = sandbox.detect()
    if status.enabled:
        return
    if sandbox_required():
        pytest.fail(f"the grading sandbox is required ({REQUIRE_SANDBOX}=1) but {status.why_not}", pytrace=False)
    pytest.skip(f"no sandbox: {status.why_not}")


def grade_master_release_and_variants(course: Path, assignment: str, stock: bool = True):
    """Release ``assignment`` in ``course``, hand in its master, its blank release and every variant as
    learners of one gradebook, grade them in one batch — stock ``nbgrader autograde`` (practice checks
    speak, as a learner would see them) or, with ``stock=False``, ``cxlab grade`` (parallel, sandboxed,
    the same scores: tests/grading/test_batch_grading.py compares them) — and return the scores."""
    import shutil
    import subprocess

    from cxlab import build
    from cxlab.grading import gradebook, submissions

    build.generate_assignment(course, assignment)
    source, release = course / "source" / assignment, course / "release" / assignment
    submitted = course / "submitted"
    shutil.copytree(source, submitted / "master" / assignment)
    submissions.write_blank(release, submitted / "blank-release" / assignment)
    for variant in variants(assignment):
        submissions.write_variant(variant, source, release, submitted / f"variant-{variant.name}" / assignment)
    if stock:
        gradebook.autograde(course, assignment)
    else:
        done = subprocess.run(cxlab_command("grade", assignment, "--course-dir", str(course), "--workers", "2",
                                            "--timeout", "180"), capture_output=True, text=True)
        assert done.returncode == 0, done.stderr[-3000:]
    return gradebook.read_scores(course, assignment)
