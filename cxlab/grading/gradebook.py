"""Stock nbgrader on a course directory: ``nbgrader autograde`` and ``export``, and the scores it gave.

The scores are read by :func:`cxlab.grading.course.read_grades`, the kit's one gradebook reader;
:class:`CellScore` and :class:`SubmissionScore` live there and keep their names here.
"""

from __future__ import annotations

from pathlib import Path

from cxlab.build import last_error_line, run_nbgrader
from cxlab.errors import CxlabError
from cxlab.grading.course import CellScore, SubmissionScore, gradebook_url, read_grades

__all__ = ["CellScore", "SubmissionScore", "autograde", "export_grades", "gradebook_url", "read_scores"]


def autograde(course_dir: Path, assignment: str, timeout: float | None = None) -> None:
    """Stock ``nbgrader autograde`` of every submission of one assignment.

    Its kernels inherit the environment, so a course in another language gets ``CXLAB_LANG`` there.
    """
    from cxlab.grading.course import course_language
    from cxlab.lang import LANGUAGE_VARIABLE

    language = {LANGUAGE_VARIABLE: course_language(course_dir)}
    result = run_nbgrader(course_dir, "autograde", assignment, "--force", timeout=timeout, env=language)
    if result.returncode != 0:
        raise CxlabError(f"nbgrader autograde {assignment} failed: {last_error_line(result)}")


def read_scores(course_dir: Path, assignment: str) -> dict[str, SubmissionScore]:
    """Every autograded submission of an assignment, per grade cell, from the gradebook."""
    return read_grades(course_dir, assignment).submissions


def export_grades(course_dir: Path, csv_path: Path) -> None:
    """``nbgrader export``: the grades CSV an LMS imports."""
    result = run_nbgrader(course_dir, "export", "--to", str(csv_path.resolve()))
    if result.returncode != 0:
        raise CxlabError(f"nbgrader export failed: {last_error_line(result)}")
