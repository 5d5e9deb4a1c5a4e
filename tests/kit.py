"""Where the pieces of the kit are, and what the course holds, discovered from the tree.

The harness finds assignments, lectures and variants here, so a new module is tested by adding its
notebooks and variants; no test names a module.
"""

from __future__ import annotations

import os
import sys
from functools import cache
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


def error_outputs(notebook) -> list[str]:
    """Every error a run of ``notebook`` left in its outputs, one line each, naming its cell."""
    found = []
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                found.append(f"cell {index} ({cell.get('id')}): {output.get('ename')}: {output.get('evalue')}")
    return found


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


def hand_in_master_release_and_variants(course: Path, assignment: str, chosen: list[Path] | None = None) -> None:
    """Release ``assignment`` in ``course`` and hand in, as learners of one gradebook, its master
    (``master``), its blank release (``blank-release``) and every variant (``variant-<name>``), or
    only the ``chosen`` variants."""
    import shutil

    from cxlab import build
    from cxlab.grading import submissions

    build.generate_assignment(course, assignment)
    source, release = course / "source" / assignment, course / "release" / assignment
    submitted = course / "submitted"
    shutil.copytree(source, submitted / "master" / assignment)
    submissions.write_blank(release, submitted / "blank-release" / assignment)
    for variant in variants(assignment) if chosen is None else chosen:
        submissions.write_variant(variant, source, release, submitted / f"variant-{variant.name}" / assignment)


def in_a_thread_of_its_own(function):
    """``function()``, run in a new thread; its result (or its exception).

    For Playwright's sync API outside tests/e2e: the browser tests' session-wide Playwright may be
    running in this worker's main thread, and the sync API refuses to start inside another's event loop.
    """
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(function).result()


def hand_in_class(course: Path, assignment: str, learners: dict[str, str | None]) -> None:
    """Release ``assignment`` in ``course`` and hand in a small class: learner -> the variant they
    hand in (a folder of tests/grading/variants/<assignment>/), or None for the master's answers."""
    from cxlab import build
    from cxlab.grading import submissions

    build.generate_assignment(course, assignment)
    source, release = course / "source" / assignment, course / "release" / assignment
    for learner, variant in learners.items():
        destination = course / "submitted" / learner / assignment
        if variant is None:
            submissions.write_solved(source, release, destination)
        else:
            submissions.write_variant(ROOT / "tests" / "grading" / "variants" / assignment / variant,
                                      source, release, destination)


@cache
def stock_graded(assignment: str, workdir: str):
    """A copy of the English course with every hand-in of ``assignment`` (see above) graded by stock
    ``nbgrader autograde``, and the scores read back from its gradebook: (course, scores).

    Computed once per test process: the harness (test_assignments.py) and the comparison of ``cxlab
    grade`` with stock nbgrader (test_batch_grading.py) read the same grading; their tests of one
    assignment share an xdist group, so they run in the same process.
    """
    from cxlab import build
    from cxlab.grading import gradebook

    course = build.copy_course(COURSE, Path(workdir) / "stock" / assignment / "course")
    hand_in_master_release_and_variants(course, assignment)
    gradebook.autograde(course, assignment)
    return course, gradebook.read_scores(course, assignment)
