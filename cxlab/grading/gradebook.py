"""Run nbgrader's autograder on a course directory and read the scores back from its gradebook."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cxlab.build import last_error_line, run_nbgrader
from cxlab.errors import CxlabError


@dataclass(frozen=True)
class CellScore:
    notebook: str
    grade_id: str
    score: float
    max_score: float
    autograded: bool  # code cells; markdown answers are open questions graded by a person


@dataclass(frozen=True)
class SubmissionScore:
    student: str
    assignment: str
    cells: tuple[CellScore, ...]

    @property
    def auto_score(self) -> float:
        return sum(cell.score for cell in self.cells if cell.autograded)

    @property
    def auto_max(self) -> float:
        return sum(cell.max_score for cell in self.cells if cell.autograded)

    @property
    def max_score(self) -> float:
        return sum(cell.max_score for cell in self.cells)

    def by_cell(self) -> dict[str, float]:
        return {cell.grade_id: cell.score for cell in self.cells}


def autograde(course_dir: Path, assignment: str, timeout: float | None = None) -> None:
    """Stock ``nbgrader autograde`` of every submission of one assignment."""
    result = run_nbgrader(course_dir, "autograde", assignment, "--force", timeout=timeout)
    if result.returncode != 0:
        raise CxlabError(f"nbgrader autograde {assignment} failed: {last_error_line(result)}")


def gradebook_url(course_dir: Path) -> str:
    return f"sqlite:///{(course_dir / 'gradebook.db').resolve()}"


def read_scores(course_dir: Path, assignment: str) -> dict[str, SubmissionScore]:
    """Every autograded submission of an assignment, per grade cell, from the gradebook."""
    from nbgrader.api import Gradebook

    results = {}
    with Gradebook(gradebook_url(course_dir)) as gradebook:
        for submission in gradebook.find_assignment(assignment).submissions:
            cells = []
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    cells.append(
                        CellScore(
                            notebook=notebook.name,
                            grade_id=grade.name,
                            score=float(grade.score),
                            max_score=float(grade.max_score),
                            autograded=grade.cell.cell_type == "code",
                        )
                    )
            results[submission.student.id] = SubmissionScore(submission.student.id, assignment, tuple(cells))
    return results


def export_grades(course_dir: Path, csv_path: Path) -> None:
    """``nbgrader export``: the grades CSV an LMS imports."""
    result = run_nbgrader(course_dir, "export", "--to", str(csv_path.resolve()))
    if result.returncode != 0:
        raise CxlabError(f"nbgrader export failed: {last_error_line(result)}")
