"""``cxlab export``: the course's gradebook as the file a learning-management system imports.

Three formats, one row of facts read from nbgrader's gradebook (every learner, every assignment):

``canvas``
    Canvas's gradebook CSV, as Canvas exports it and imports it again: ``Student`` ("Last, First"),
    ``ID`` (the Canvas user id, nbgrader's ``lms_user_id``, where the roster gave one: ``cxlab roster
    import``), ``SIS User ID``, ``SIS Login ID`` (the learner's id here), ``Section``, then one column
    per assignment, and under the header the ``Points Possible`` row, which gives a new assignment
    column its points. A learner who handed nothing in gets an empty cell, which Canvas leaves alone.
``moodle``
    A CSV for Moodle's "Import grades: CSV file": ``ID number``, ``Username``, ``Email address``, then
    one column per assignment. On import the trainer maps one of the first three to Moodle's user
    field of the same name and each assignment to a grade item whose maximum is the points printed
    by the command (a grade item Moodle creates from the file gets a maximum of 100).
``csv``
    Everything, one row per learner, assignment and question (plus a ``total`` row per assignment):
    ``student_id, last_name, first_name, email, lms_user_id, assignment, question, score, max_score,
    status`` — ``status`` is ``graded``, ``awaiting trainer`` (a written answer not marked yet) or
    ``not submitted``.

A written answer the trainer has not marked yet counts 0 in nbgrader's totals; the command says how
many hand-ins are in that state, so grades are not sent to the LMS half-marked without anyone noticing.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from cxlab.errors import CxlabError
from cxlab.grading.course import open_gradebook
from cxlab.grading.roster import Learner  # noqa: F401 - also found here, where it was first

FORMATS = ("canvas", "moodle", "csv")
CANVAS_IDENTITY = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
MOODLE_IDENTITY = ("ID number", "Username", "Email address")
CSV_COLUMNS = ("student_id", "last_name", "first_name", "email", "lms_user_id", "assignment", "question",
               "score", "max_score", "status")
TOTAL = "total"


@dataclass
class HandIn:
    score: float
    questions: dict[str, float]  # grade id -> score
    pending: set[str]  # grade ids of written answers not marked yet


@dataclass
class Course:
    learners: list[Learner]
    assignments: list[str]
    max_points: dict[str, float]  # assignment -> points
    questions: dict[str, dict[str, float]]  # assignment -> grade id -> points
    autograded: dict[str, set[str]] = field(default_factory=dict)  # assignment -> grade ids of code cells
    hand_ins: dict[tuple[str, str], HandIn] = field(default_factory=dict)  # (learner, assignment)

    def pending(self) -> list[tuple[str, str]]:
        return [key for key, hand_in in self.hand_ins.items() if hand_in.pending]


def read_course(course: Path) -> Course:
    """Every learner, assignment and graded hand-in in the course's gradebook."""
    course = Path(course).expanduser()
    if not course.is_dir():
        raise CxlabError(f"{course}: no such directory")
    if not (course / "gradebook.db").is_file():
        raise CxlabError(f"{course}: no gradebook.db; grade an assignment first (`cxlab grade ASSIGNMENT`)")
    with open_gradebook(course) as gradebook:
        learners = [Learner.of_student(s) for s in sorted(gradebook.students, key=lambda s: s.id)]
        assignments = sorted(gradebook.assignments, key=lambda a: a.name)
        found = Course(learners, [a.name for a in assignments], {}, {})
        for assignment in assignments:
            cells = {cell.name: float(cell.max_score)
                     for notebook in assignment.notebooks for cell in notebook.grade_cells}
            found.questions[assignment.name] = cells
            found.autograded[assignment.name] = {cell.name for notebook in assignment.notebooks
                                                 for cell in notebook.grade_cells if cell.cell_type == "code"}
            found.max_points[assignment.name] = sum(cells.values())
            for submission in assignment.submissions:
                grades = [grade for notebook in submission.notebooks for grade in notebook.grades]
                found.hand_ins[submission.student.id, assignment.name] = HandIn(
                    score=float(submission.score),
                    questions={grade.name: float(grade.score) for grade in grades},
                    pending={grade.name for grade in grades if grade.needs_manual_grade},
                )
    return found


def write(found: Course, fmt: str, out: Path) -> None:
    if fmt not in FORMATS:
        raise CxlabError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    out = Path(out)
    if not out.parent.is_dir():
        raise CxlabError(f"{out.parent}: no such folder for the export file")
    rows = {"canvas": _canvas_rows, "moodle": _moodle_rows, "csv": _csv_rows}[fmt](found)
    # Plain UTF-8, as both systems read their imports (Excel needs Data > From Text to show Chinese names).
    with open(out, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)


def export(course: Path, fmt: str, out: Path) -> Course:
    """Write ``out`` in ``fmt`` from ``course``'s gradebook; return what was read, for the summary."""
    found = read_course(course)
    write(found, fmt, out)
    return found


def _points(value: float) -> str:
    return f"{value:g}"


def _score(found: Course, learner: Learner, assignment: str) -> str:
    hand_in = found.hand_ins.get((learner.id, assignment))
    return _points(hand_in.score) if hand_in else ""


def _canvas_rows(found: Course):
    yield [*CANVAS_IDENTITY, *found.assignments]
    yield ["Points Possible", "", "", "", "", *(_points(found.max_points[a]) for a in found.assignments)]
    for learner in found.learners:
        yield [learner.display_name, learner.lms_user_id, learner.id, learner.id, "",
               *(_score(found, learner, a) for a in found.assignments)]


def _moodle_rows(found: Course):
    yield [*MOODLE_IDENTITY, *found.assignments]
    for learner in found.learners:
        yield [learner.lms_user_id or learner.id, learner.id, learner.email,
               *(_score(found, learner, a) for a in found.assignments)]


def _csv_rows(found: Course):
    yield list(CSV_COLUMNS)
    for learner in found.learners:
        identity = [learner.id, learner.last_name, learner.first_name, learner.email, learner.lms_user_id]
        for assignment in found.assignments:
            hand_in = found.hand_ins.get((learner.id, assignment))
            for question, points in found.questions[assignment].items():
                if hand_in is None:
                    score, status = "", "not submitted"
                else:
                    score = _points(hand_in.questions.get(question, 0.0))
                    status = "awaiting trainer" if question in hand_in.pending else "graded"
                yield [*identity, assignment, question, score, _points(points), status]
            total_status = ("not submitted" if hand_in is None
                            else "awaiting trainer" if hand_in.pending else "graded")
            yield [*identity, assignment, TOTAL, _score(found, learner, assignment),
                   _points(found.max_points[assignment]), total_status]
