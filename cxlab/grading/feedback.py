"""Feedback for learners: what each question scored and what its checks said, never the hidden test code.

``generate(course, assignment)`` runs nbgrader's ``GenerateFeedback`` with the kit's template
(``templates/cxlab_feedback``) and preprocessors (:mod:`cxlab.grading.preprocessors`):

- hidden test regions are removed, a test cell's error is reduced to its message, and any printed
  line of hidden test code is replaced (stock feedback shows hidden tests: nbgrader #917, #1156);
- a failed question shows every failing message of its hidden tests (see
  :mod:`cxlab.grading.failures`) and nothing it printed before failing ("the form is right");
- everything the page says is in the course's language (``c.GradingKernelManager.language``: the
  Chinese course's pages are Chinese), through the template's ``gettext`` filter;
- graded cells are named "Question N"; written answers the trainer has not marked say "awaiting
  your trainer", and the total then reads "autograded x / y; written answers pending";
- long messages wrap; formulas in markdown are MathML, which the browser draws itself
  (:mod:`cxlab.grading.formulas`): the page needs no script, nothing from the network nor from a file
  beside it (nbgrader's ``release_feedback`` hands a learner the page alone);
- a hand-in that could not be graded at all gets a short page saying why, in place of nothing.

It returns a :class:`FeedbackResult`: the pages written (a list, as before) plus what the trainer
should know — how many written answers still await marking, and which hand-ins were not graded.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

from cxlab.errors import CxlabError
from cxlab.lang import N_, _, gettext, join_sentences

TEMPLATES = Path(__file__).parent / "templates"

ADVICE = {
    "invalid": N_("Check that you handed in the notebook under its original name, that it opens in JupyterLab, "
                  "and that you did not delete or change the check cells; then hand it in again."),
    "timeout": N_("A cell took too long. Restart the kernel and run every cell (Kernel > Restart Kernel and Run "
                  "All Cells): a cell that never finishes, such as an endless loop, must be fixed before you hand "
                  "in again."),
    "error": N_("Your notebook stopped the grader (it crashed, used too much memory or printed too much). Restart "
                "the kernel and run every cell, fix the cell that fails, then hand it in again."),
}


@dataclass
class FeedbackResult(list):
    """The feedback pages written — a list of paths, as ``generate`` always returned — and what to tell the trainer.

    ``pending_manual``: learner -> written answers the trainer has not marked yet (only learners
    with some); ``not_graded``: learner -> why the hand-in could not be graded (they got a page
    saying so).
    """

    pages: list[Path] = field(default_factory=list)
    assignment: str = ""
    pending_manual: dict[str, int] = field(default_factory=dict)
    not_graded: dict[str, str] = field(default_factory=dict)

    def __post_init__(self):
        list.__init__(self, self.pages)

    @property
    def warning(self) -> str:
        """One or two plain sentences for the trainer; empty when every page is final."""
        parts = []
        if self.pending_manual:
            answers = sum(self.pending_manual.values())
            parts.append(_("Manual grading is not finished: {answers} written answer(s) of {learners} learner(s) are "
                           "not marked yet, and their pages say \"awaiting your trainer\". Mark them (nbgrader "
                           "formgrader), then run `cxlab feedback {assignment}` again.").format(
                answers=answers, learners=len(self.pending_manual), assignment=self.assignment))
        if self.not_graded:
            parts.append(_("{count} hand-in(s) could not be graded ({learners}); their pages say why.").format(
                count=len(self.not_graded), learners=_(", ").join(sorted(self.not_graded))))
        return join_sentences(parts)


def generate(course: Path, assignment: str, students: list[str] | None = None, pool=None) -> FeedbackResult:
    """Write ``feedback/<learner>/<assignment>/*.html`` for every hand-in that was graded or tried.

    Rendering HTML takes about half a second a notebook, so a class is split across worker
    processes: ``pool`` (a :class:`cxlab.grading.workers.WorkerPool`) or, for more than a few
    learners, a pool of its own. Learners whose graded notebooks, gradebook entries and grading
    problems are identical (untouched releases, shared answers) get the same pages: each such group
    is rendered once and copied, since nothing on a feedback page names the learner.
    """
    from cxlab.grading.course import check_course, read_grades

    course = check_course(course, assignment)
    records = grading_problems(course, assignment)
    problems = {s: r.reason or r.status for s, r in records.items()}
    graded = sorted(p.parent.name for p in (course / "autograded").glob(f"*/{assignment}") if any(p.glob("*.ipynb")))
    failed = sorted(s for s in problems if s not in graded)
    if not graded and not failed:
        raise CxlabError(_("no graded hand-ins of {assignment} in {folder}; run `cxlab grade` first").format(
            assignment=assignment, folder=course / "autograded"))
    learners = [s for s in graded if not students or s in students]
    grades = read_grades(course, assignment, learners).submissions if learners else {}
    groups: dict[str, list[str]] = {}
    for student, key in _feedback_keys(course, assignment, learners, grades, problems).items():
        groups.setdefault(key, []).append(student)
    _render_all(course, assignment, [members[0] for members in groups.values()], problems, pool)
    for first, *others in groups.values():
        for student in others:
            _copy_feedback(course / "feedback" / first / assignment, course / "feedback" / student / assignment,
                           course / "autograded" / student / assignment / "timestamp.txt")
    not_graded = {s: problems[s] for s in failed if not students or s in students}
    for student in not_graded:
        write_not_graded(course, assignment, student, records[student].status, records[student].reason)
    pages = [path for s in sorted([*learners, *not_graded])
             for path in sorted((course / "feedback" / s / assignment).glob("*.html"))]
    pending = {s: grades[s].pending_manual for s in learners if s in grades and grades[s].pending_manual}
    return FeedbackResult(pages, assignment, pending, not_graded)


def grading_problems(course: Path, assignment: str) -> dict:
    """Learner -> the record of a last grading that was not clean (timeout, error, invalid)."""
    from cxlab.grading import state
    from cxlab.grading.course import report_dir
    from cxlab.grading.runner import GRADED

    log = state.GradingState(report_dir(course, assignment) / "state.jsonl")
    return {s: r for s, r in log.records.items() if r.status != GRADED and not r.retry}


def _feedback_keys(course: Path, assignment: str, learners: list[str], grades=None,
                   problems: dict[str, str] | None = None) -> dict[str, str]:
    """Per learner, a hash of everything their feedback is made from: graded files, grades, grading problem."""
    import hashlib

    from cxlab.grading import state
    from cxlab.grading.course import read_grades

    grades = grades if grades is not None else read_grades(course, assignment, learners).submissions
    if problems is None:
        problems = {s: r.reason or r.status for s, r in grading_problems(course, assignment).items()}
    keys = {}
    for student in learners:
        submission = grades[student]
        entries = (submission.cells, submission.comments, submission.late_penalty, problems.get(student, ""))
        # timestamp.txt is copied into the feedback as it is, never rendered: it need not match.
        files = state.fingerprint_files(course / "autograded" / student / assignment, ("timestamp.txt",))
        keys[student] = hashlib.sha256(repr((files, entries)).encode()).hexdigest()
    return keys


def _render_all(course: Path, assignment: str, learners: list[str], problems: dict[str, str], pool) -> None:
    from cxlab.grading.workers import WorkerPool

    if pool is None and len(learners) < 8:
        _render(str(course), assignment, learners, problems)
        return
    own = pool is None
    pool = pool or WorkerPool()
    try:
        chunks = [learners[i::pool.workers] for i in range(pool.workers) if learners[i::pool.workers]]
        for future in [pool.submit(_render, str(course), assignment, chunk, problems) for chunk in chunks]:
            future.result()
    finally:
        if own:
            pool.close()


def _link_or_copy(source: str, destination: str) -> None:
    """A hard link where the file system allows (a class of identical pages is stored once), else a copy."""
    import os
    import shutil

    try:
        os.link(source, destination)
    except OSError:
        shutil.copy2(source, destination)


def _copy_feedback(source: Path, destination: Path, timestamp: Path) -> None:
    """Another learner's identical feedback, with this learner's own hand-in time, as nbgrader copies it."""
    import shutil

    if destination.exists():
        shutil.rmtree(destination)
    shutil.copytree(source, destination, ignore=shutil.ignore_patterns("timestamp.txt"), copy_function=_link_or_copy)
    if timestamp.is_file():
        shutil.copyfile(timestamp, destination / "timestamp.txt")


def _render(course: str, assignment: str, learners: list[str], problems: dict[str, str] | None = None) -> None:
    """nbgrader's GenerateFeedback for these learners, with the kit's template and preprocessors (runs in a worker)."""
    import logging
    import warnings
    from functools import partial

    from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
    from nbgrader.converters import GenerateFeedback
    from traitlets.config import Config

    from cxlab.grading.course import course_config, course_language, coursedir
    from cxlab.grading.formulas import markdown2html_mathml
    from cxlab.grading.preprocessors import (FailedTestsShowErrorsOnly, FeedbackPage, GetGradesAndPending,
                                             HideHiddenTests, LabelQuestions)

    problems = problems or {}
    config = Config(course_config(course))
    config.GenerateFeedback.preprocessors = [GetGradesAndPending, LabelQuestions, HideHiddenTests,
                                             FailedTestsShowErrorsOnly, FeedbackPage, CSSHTMLHeaderPreprocessor]
    language = course_language(config)
    config.LabelQuestions.language = language
    config.HTMLExporter.filters = {"gettext": partial(gettext, language=language),
                                   "markdown2html_mathml": markdown2html_mathml}
    config.HTMLExporter.template_name = "cxlab_feedback"
    config.HTMLExporter.extra_template_basedirs = [str(TEMPLATES)]
    config.CourseDirectory.root = course
    config.CourseDirectory.assignment_id = assignment
    quiet = logging.getLogger("cxlab.grading.feedback")
    quiet.addHandler(logging.NullHandler())
    quiet.propagate = False
    for student in learners:
        config.CourseDirectory.student_id = student
        config.FeedbackPage.problem = problems.get(student, "")
        directory = coursedir(Path(course))
        directory.update_config(config)
        converter = GenerateFeedback(coursedir=directory, config=config, log=quiet)
        converter.force = True
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                converter.start()
            except Exception as error:  # nbgrader names the failing hand-in in its log, not the exception
                raise CxlabError(f"nbgrader generate_feedback {assignment} for {student} failed: {error}") from None


def write_not_graded(course: Path, assignment: str, student: str, status: str, reason: str) -> list[Path]:
    """A short page per notebook for a hand-in that could not be graded: why, and what to do.

    In the course's language; ``reason`` is the grader's own account of what happened, as it is.
    """
    import shutil

    from cxlab.grading.course import course_language

    language = course_language(course)

    def say(message: str) -> str:
        return html.escape(gettext(message, language))

    folder = course / "feedback" / student / assignment
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    names = sorted(p.stem for p in (course / "source" / assignment).glob("*.ipynb")) or [assignment]
    advice = ADVICE.get(status, ADVICE["error"])
    not_graded = say(N_("{notebook}: not graded"))
    could_not = say(N_("{notebook}: your hand-in could not be graded"))
    until = say(N_("Until then this assignment counts 0 points. If you think this is wrong, show this page to "
                   "your trainer."))
    pages = []
    for name in names:
        page = folder / f"{name}.html"
        notebook = html.escape(name)
        page.write_text(
            f"<!DOCTYPE html><html lang='{html.escape(language)}'><head><meta charset='utf-8'>"
            f"<title>{not_graded.format(notebook=notebook)}</title><style>"
            "body{font-family:system-ui,sans-serif;max-width:44em;margin:2em auto;line-height:1.5;color:#1a202c}"
            ".why{border-left:4px solid #d2413a;background:#fdf2f2;padding:.5em 1em;white-space:pre-wrap}"
            "</style></head><body>"
            f"<h1>{could_not.format(notebook=notebook)}</h1>"
            f"<p class='why'><b>{say(N_('Why:'))}</b> {html.escape(reason or status)}</p>"
            f"<p><b>{say(N_('What to do:'))}</b> {say(advice)}</p>"
            f"<p>{until}</p></body></html>",
            encoding="utf-8",
        )
        pages.append(page)
    return pages
