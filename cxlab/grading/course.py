"""The course folder and its gradebook: the one place that finds, checks and reads them.

nbgrader splits the same way: ``CourseDirectory`` knows where things are, ``Gradebook`` what they
scored. Here :func:`check_course` is the one check of a course and an assignment name,
:func:`coursedir` the one ``CourseDirectory`` (nbgrader's configuration as ``nbgrader`` run in the
course folder reads it), :func:`gradebook_url` the one database address and :func:`read_grades`
the one reader of scores — for the class report, ``grades.csv``, feedback and the tests alike.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

from cxlab.errors import CxlabError
from cxlab.lang import _


@dataclass(frozen=True)
class CellScore:
    notebook: str
    grade_id: str
    score: float
    max_score: float
    autograded: bool  # code cells; markdown answers are open questions graded by a person
    pending: bool = False  # nobody has scored it yet (a written answer the trainer has not marked)


@dataclass(frozen=True)
class SubmissionScore:
    student: str
    assignment: str
    cells: tuple[CellScore, ...]
    late_penalty: float = 0.0
    comments: tuple[tuple[str, str, str], ...] = ()  # (notebook, grade id, the trainer's comment)

    @property
    def score(self) -> float:
        return sum(cell.score for cell in self.cells)

    @property
    def max_score(self) -> float:
        return sum(cell.max_score for cell in self.cells)

    @property
    def auto_score(self) -> float:
        return sum(cell.score for cell in self.cells if cell.autograded)

    @property
    def auto_max(self) -> float:
        return sum(cell.max_score for cell in self.cells if cell.autograded)

    @property
    def pending_manual(self) -> int:
        """Written answers that await the trainer."""
        return sum(1 for cell in self.cells if cell.pending and not cell.autograded)

    def by_cell(self) -> dict[str, float]:
        return {cell.grade_id: cell.score for cell in self.cells}


@dataclass(frozen=True)
class ClassGrades:
    """An assignment's graded cells (from the master) and every submission's scores."""

    assignment: str
    max_points: dict[str, float]
    autograded: dict[str, bool]
    submissions: dict[str, SubmissionScore]


def check_course(course: Path, assignment: str) -> Path:
    """The course folder, resolved, or a one-line error naming what is missing."""
    from cxlab.build import resolve_assignments

    course = Path(course).expanduser()
    if not course.is_dir():
        raise CxlabError(f"{course}: no such directory")
    course = course.resolve()
    resolve_assignments(course, [assignment])
    return course


@functools.cache
def course_config(course_dir: str):
    """nbgrader's configuration as ``nbgrader`` run in the course folder sees it."""
    from jupyter_core.paths import jupyter_config_path
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    config = Config()
    # jupyter_config_path() lists the most important folder first; the course folder wins over all.
    for folder in [*reversed(jupyter_config_path()), course_dir]:
        if (Path(folder) / "nbgrader_config.py").is_file():
            config.merge(PyFileConfigLoader("nbgrader_config.py", path=str(folder)).load_config())
    return config


def course_language(config) -> str:
    """The language of a course's learners (``c.GradingKernelManager.language``; the Chinese course
    sets zh-CN): what cxlab says in its grading kernels and on its feedback pages."""
    from cxlab.lang import ENGLISH

    if isinstance(config, (str, Path)):
        config = course_config(str(config))
    return config.GradingKernelManager.get("language", ENGLISH) if "GradingKernelManager" in config else ENGLISH


def speaking_course_language(course: Path):
    """Speak the course's language (``c.GradingKernelManager.language``) inside a ``with`` block: what
    cxlab writes or prints about a Chinese course (reports, command output, errors) is Chinese.
    Where ``course`` holds no ``nbgrader_config.py`` it changes nothing: the command's own error says so."""
    import contextlib

    from cxlab.lang import speaking

    if not (Path(course) / "nbgrader_config.py").is_file():
        return contextlib.nullcontext()
    return speaking(course_language(course))


def coursedir(course: Path):
    """nbgrader's CourseDirectory for this course, configured from its ``nbgrader_config.py``."""
    from nbgrader.coursedir import CourseDirectory

    scripts_on_path()
    return CourseDirectory(config=course_config(str(course)), root=str(course))


def scripts_on_path() -> None:
    """nbgrader creates a gradebook by running ``alembic`` by name: this Python's scripts come first."""
    from cxlab.build import nbgrader_environment

    scripts = str(Path(sys.executable).parent)
    if os.environ.get("PATH", "").split(os.pathsep)[0] != scripts:
        os.environ["PATH"] = nbgrader_environment()["PATH"]


def sqlite_url(path: Path | str) -> str:
    return f"sqlite:///{Path(path).resolve()}"


def gradebook_url(course: Path) -> str:
    """The course's gradebook database, as nbgrader's configuration names it."""
    return coursedir(Path(course)).db_url


@contextlib.contextmanager
def open_gradebook(course: Path, url: str | None = None):
    """nbgrader's Gradebook of the course, its SQLAlchemy 2 warnings silenced (stock nbgrader hides them too)."""
    import warnings

    from nbgrader.api import Gradebook

    directory = coursedir(Path(course))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with Gradebook(url or directory.db_url, directory.course_id) as gradebook:
            yield gradebook


def read_grades(course: Path, assignment: str, students: list[str] | None = None) -> ClassGrades:
    """Every graded cell of an assignment and every (or the named) learner's scores, from the gradebook."""
    from nbgrader.api import MissingEntry

    course = Path(course)
    if not (course / "gradebook.db").exists():
        raise CxlabError(_("{course}: no gradebook.db; run `cxlab grade {assignment}` first").format(
            course=course, assignment=assignment))
    with open_gradebook(course) as gradebook:
        try:
            found = gradebook.find_assignment(assignment)
        except MissingEntry:
            raise CxlabError(_("{assignment} is not in the gradebook {gradebook}; run `cxlab grade {assignment}` "
                               "first").format(assignment=assignment, gradebook=course / "gradebook.db")) from None
        max_points, autograded = {}, {}
        for notebook in found.notebooks:
            for cell in notebook.grade_cells:
                max_points[cell.name] = float(cell.max_score)
                autograded[cell.name] = cell.cell_type == "code"
        submissions = {}
        for submission in found.submissions:
            student = submission.student.id
            if students is not None and student not in students:
                continue
            cells, comments, penalty = [], [], 0.0
            for notebook in submission.notebooks:
                penalty += float(notebook.late_submission_penalty or 0)
                cells += [CellScore(notebook.name, grade.name, float(grade.score), float(grade.max_score),
                                    grade.cell.cell_type == "code",
                                    grade.manual_score is None and grade.auto_score is None)
                          for grade in notebook.grades]
                comments += [(notebook.name, c.name, c.comment or "") for c in notebook.comments]
            submissions[student] = SubmissionScore(student, assignment, tuple(cells), penalty, tuple(comments))
    return ClassGrades(assignment, max_points, autograded, submissions)


# --------------------------------------------------------------------------- hand-ins and masters


def report_dir(course: Path, assignment: str) -> Path:
    return course / "reports" / assignment


def hand_ins(course: Path, assignment: str, wanted: list[str] | None = None) -> dict[str, Path]:
    """Learner id -> hand-in folder, for every ``submitted/<learner>/<assignment>/``."""
    directory = coursedir(course)
    excluded = set(filter(None, directory.student_id_exclude.split(",")))
    found = {
        path.parent.name: path
        for path in sorted((course / "submitted").glob(f"*/{assignment}"))
        if path.is_dir() and path.parent.name not in excluded and not path.parent.name.startswith(".")
    }
    if wanted:
        missing = [s for s in wanted if s not in found]
        if missing:
            raise CxlabError(_("no hand-in of {assignment} by {learners} in {folder}").format(
                assignment=assignment, learners=_(", ").join(missing), folder=course / "submitted"))
        found = {s: found[s] for s in wanted}
    return found


def ensure_in_gradebook(course: Path, assignment: str) -> list[str]:
    """The assignment's notebook names from the gradebook, releasing it first if nbgrader never did."""
    from nbgrader.api import MissingEntry

    from cxlab.build import generate_assignment

    if (course / "gradebook.db").exists():
        with open_gradebook(course) as gradebook:
            try:
                return [n.name for n in gradebook.find_assignment(assignment).notebooks]
            except MissingEntry:
                pass
    generate_assignment(course, assignment)
    with open_gradebook(course) as gradebook:
        return [n.name for n in gradebook.find_assignment(assignment).notebooks]


def snapshot_gradebook(course: Path, destination: Path) -> Path:
    """A consistent copy of the gradebook for workers to read the masters from (SQLite backup API)."""
    path = destination / "gradebook-snapshot.db"
    with sqlite3.connect(course / "gradebook.db") as live, sqlite3.connect(path) as copy:
        live.backup(copy)
    return path


def grade_id(cell) -> str | None:
    """A cell's nbgrader grade id (nbgrader has no helper for it); None for a cell without one."""
    meta = cell.get("metadata", {}).get("nbgrader")
    return meta.get("grade_id") if isinstance(meta, dict) else None


def grade_columns(course: Path, assignment: str) -> list[str]:
    """The graded cells' ids in the order a learner meets them in the master notebooks."""
    import nbformat
    from nbgrader.utils import is_grade

    ids = []
    for path in sorted((course / "source" / assignment).glob("*.ipynb")):
        try:
            notebook = nbformat.read(path, as_version=4)
        except Exception:
            continue
        for cell in notebook.cells:
            name = grade_id(cell) if is_grade(cell) else None
            if name and name not in ids:
                ids.append(name)
    return ids
