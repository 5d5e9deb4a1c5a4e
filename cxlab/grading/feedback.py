"""Feedback for learners: scores and what each hidden test said, never the hidden test code.

Stock ``nbgrader generate_feedback`` renders the autograded notebook, so a learner's feedback holds
every hidden test in full (nbgrader issues #917, #1156), and the next cohort can copy them. Here the
same nbgrader converter runs with one more preprocessor, :class:`HideHiddenTests`, which

- removes the ``BEGIN HIDDEN TESTS`` regions from every test cell (what the release shows);
- reduces a test cell's error output to its message (``AssertionError: ...``), because a traceback
  quotes the failing line and its neighbours — hidden code;
- removes from every output any line of hidden test code, in case a hand-in printed its own
  history or notebook (the in-kernel guard blanks those, but feedback must not depend on it).
"""

from __future__ import annotations

from pathlib import Path

from cxlab.errors import CxlabError

REMOVED = "[hidden test code removed]"
MIN_LINE = 12  # shorter lines ("else:", "pass") are not worth hiding and would censor normal text


def _hide_hidden_tests_class():
    from nbgrader.preprocessors import ClearHiddenTests, NbGraderPreprocessor
    from nbgrader.utils import is_grade

    class HideHiddenTests(NbGraderPreprocessor):
        """Strip hidden tests from test cells and from everything a hand-in printed."""

        def preprocess(self, nb, resources):
            clearer = ClearHiddenTests(parent=self.parent, config=self.config, enforce_metadata=False)
            begin, end = clearer.begin_test_delimeter, clearer.end_test_delimeter
            self.hidden = _hidden_lines(nb, begin, end)
            for cell in nb.cells:
                clearer._remove_hidden_test_region(cell)
                if cell.cell_type == "code":
                    test = is_grade(cell)
                    cell.outputs = [self._clean(output, test) for output in cell.outputs]
            return nb, resources

        def _clean(self, output, test_cell: bool):
            if output.output_type == "error":
                if test_cell:
                    message = f"{output.ename}: {output.evalue}" if output.evalue else output.ename
                    output.traceback = [self._scrub(message)]
                else:
                    output.traceback = [self._scrub(line) for line in output.traceback]
                output.evalue = self._scrub(output.evalue)
            elif output.output_type == "stream":
                output.text = self._scrub(output.text)
            elif "data" in output:
                for kind, value in list(output.data.items()):
                    if kind.startswith("text/") or kind in ("application/json",):
                        output.data[kind] = self._scrub(value if isinstance(value, str) else str(value))
            return output

        def _scrub(self, text: str) -> str:
            if not self.hidden or not text:
                return text
            lines = text.split("\n")
            kept = [REMOVED if _normalise(line) and any(h in _normalise(line) for h in self.hidden) else line
                    for line in lines]
            return "\n".join(kept)

    return HideHiddenTests


def _normalise(line: str) -> str:
    import re

    return re.sub(r"\s+", " ", re.sub(r"\x1b\[[0-9;]*m", "", line)).strip()


def _hidden_lines(nb, begin: str, end: str) -> set[str]:
    """Every line of hidden test code in the notebook, normalised, long enough to be distinctive."""
    hidden = set()
    for cell in nb.cells:
        inside = False
        for line in cell.source.split("\n"):
            if begin in line:
                inside = True
            elif end in line:
                inside = False
            elif inside and len(_normalise(line)) >= MIN_LINE:
                hidden.add(_normalise(line))
    return hidden


def generate(course: Path, assignment: str, students: list[str] | None = None, pool=None) -> list[Path]:
    """Write ``feedback/<learner>/<assignment>/*.html`` for every autograded hand-in.

    Rendering HTML takes about half a second a notebook, so a class is split across worker
    processes: ``pool`` (a :class:`cxlab.grading.cohort.WorkerPool`) or, for more than a few
    learners, a pool of its own. Learners whose graded notebooks and gradebook entries are
    identical (untouched releases, shared answers) get the same pages: each such group is rendered
    once and copied, since nothing in nbgrader's feedback page names the learner.
    """
    from cxlab.grading import cohort

    course = cohort.check_course(course, assignment)
    graded = sorted(p.parent.name for p in (course / "autograded").glob(f"*/{assignment}") if any(p.glob("*.ipynb")))
    if not graded:
        raise CxlabError(f"no graded hand-ins of {assignment} in {course / 'autograded'}; run `cxlab grade` first")
    learners = [s for s in graded if not students or s in students]
    groups: dict[str, list[str]] = {}
    for student, key in _feedback_keys(course, assignment, learners).items():
        groups.setdefault(key, []).append(student)
    rendered = [members[0] for members in groups.values()]
    if pool is None and len(rendered) < 8:
        _render(str(course), assignment, rendered)
    else:
        own = pool is None
        pool = pool or cohort.WorkerPool()
        try:
            chunks = [rendered[i::pool.workers] for i in range(pool.workers) if rendered[i::pool.workers]]
            for future in [pool.submit(_render, str(course), assignment, chunk) for chunk in chunks]:
                future.result()
        finally:
            if own:
                pool.close()
    for first, *others in groups.values():
        for student in others:
            _copy_feedback(course / "feedback" / first / assignment, course / "feedback" / student / assignment,
                           course / "autograded" / student / assignment / "timestamp.txt")
    return [path for s in learners for path in sorted((course / "feedback" / s / assignment).glob("*.html"))]


def _feedback_keys(course: Path, assignment: str, learners: list[str]) -> dict[str, str]:
    """Per learner, a hash of everything their feedback is made from: graded files and gradebook entries."""
    import hashlib
    import warnings

    from nbgrader.api import Gradebook

    from cxlab.grading import cohort, state

    directory = cohort.coursedir(course)
    keys = {}
    with warnings.catch_warnings(), Gradebook(directory.db_url, directory.course_id) as gradebook:
        warnings.simplefilter("ignore")  # SQLAlchemy 2 warnings from nbgrader's models
        for student in learners:
            submission = gradebook.find_submission(assignment, student)
            entries = [("penalty", submission.late_submission_penalty)]
            for notebook in submission.notebooks:
                entries += [(notebook.name, g.name, g.score, g.max_score) for g in notebook.grades]
                entries += [(notebook.name, c.name, c.comment) for c in notebook.comments]
            # timestamp.txt is copied into the feedback as it is, never rendered: it need not match.
            files = state.fingerprint_files(course / "autograded" / student / assignment, ("timestamp.txt",))
            keys[student] = hashlib.sha256(repr((files, sorted(entries, key=repr))).encode()).hexdigest()
    return keys


def _copy_feedback(source: Path, destination: Path, timestamp: Path) -> None:
    """Another learner's identical feedback, with this learner's own hand-in time, as nbgrader copies it."""
    import shutil

    if destination.exists():
        shutil.rmtree(destination)
    shutil.copytree(source, destination, ignore=shutil.ignore_patterns("timestamp.txt"))
    if timestamp.is_file():
        shutil.copyfile(timestamp, destination / "timestamp.txt")


def _render(course: str, assignment: str, learners: list[str]) -> None:
    """nbgrader's GenerateFeedback for these learners, with :class:`HideHiddenTests` (runs in a worker)."""
    import logging
    import warnings

    from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
    from nbgrader.converters import GenerateFeedback
    from nbgrader.preprocessors import GetGrades
    from traitlets.config import Config

    from cxlab.grading import cohort, runner

    config = Config(runner.course_config(course))
    config.GenerateFeedback.preprocessors = [GetGrades, _hide_hidden_tests_class(), CSSHTMLHeaderPreprocessor]
    config.HTMLExporter.template_name = "feedback"
    config.CourseDirectory.root = course
    config.CourseDirectory.assignment_id = assignment
    quiet = logging.getLogger("cxlab.grading.feedback")
    quiet.addHandler(logging.NullHandler())
    quiet.propagate = False
    for student in learners:
        config.CourseDirectory.student_id = student
        directory = cohort.coursedir(Path(course))
        directory.update_config(config)
        converter = GenerateFeedback(coursedir=directory, config=config, log=quiet)
        converter.force = True
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                converter.start()
            except Exception as error:  # nbgrader names the failing hand-in in its log, not the exception
                raise CxlabError(f"nbgrader generate_feedback {assignment} for {student} failed: {error}") from None
