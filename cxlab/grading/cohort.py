"""Grade a whole class: parallel workers, one serial gradebook writer, resumable, with a progress bar.

``grade(course, assignment)`` is ``nbgrader autograde`` for every hand-in in
``course/submitted/<learner>/<assignment>/``, with the scores nbgrader would give, but:

- hand-ins run in parallel worker processes (:func:`cxlab.grading.runner.grade_submission`), each
  kernel in a sandbox;
- only this process writes the gradebook, one hand-in at a time, with nbgrader's own
  ``SaveAutoGrades`` and ``AssignLatePenalties``: learner code never sees the gradebook, and
  concurrent writers never corrupt it;
- a hand-in whose files and master are unchanged since it was graded is skipped
  (:mod:`cxlab.grading.state`), so a batch killed half-way is finished by running it again;
- ``reports/<assignment>/grades.csv`` gets a row per learner, with a status and a reason a trainer
  can act on, and ``timings.csv`` a row per graded notebook.
"""

from __future__ import annotations

import csv
import os
import shutil
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass, field, replace
from pathlib import Path

from cxlab.errors import CxlabError
from cxlab.grading import flags, runner, sandbox, state
from cxlab.grading.course import (check_course, course_config, coursedir, ensure_in_gradebook, grade_columns,
                                  hand_ins, open_gradebook, read_grades, report_dir, snapshot_gradebook)
from cxlab.grading.runner import GRADED, INVALID, STATUSES, GradingTask, Limits, SubmissionResult
from cxlab.grading.workers import Progress, WorkerPool, duration, run_tasks
from cxlab.lang import _

# check_course, coursedir, grade_columns, hand_ins, report_dir (cxlab.grading.course) and WorkerPool,
# Progress (cxlab.grading.workers) are still importable from here, where callers found them before.
__all__ = ["BatchReport", "WorkerPool", "Progress", "grade", "check_course", "coursedir", "grade_columns",
           "hand_ins", "report_dir", "open_gradebook", "save_result", "write_grades_csv", "append_timings"]

GRADES_COLUMNS = ("student_id", "score", "max_score", "status", "reason", "flags")


@dataclass
class BatchReport:
    assignment: str
    course: Path
    graded: list[str] = field(default_factory=list)  # learners graded in this run
    skipped: list[str] = field(default_factory=list)  # unchanged since they were graded
    statuses: dict[str, str] = field(default_factory=dict)  # every learner in grades.csv
    scores: dict[str, tuple[float, float]] = field(default_factory=dict)
    seconds: float = 0.0
    workers: int = 0
    sandbox: str = ""

    @property
    def reports(self) -> Path:
        return report_dir(self.course, self.assignment)

    def summary(self) -> str:
        """What the batch did, in the current language (``cxlab grade`` speaks the course's)."""
        from cxlab.grading.report import status_word

        counts = {s: sum(1 for v in self.statuses.values() if v == s) for s in STATUSES}
        parts = [_("{count} {status}").format(count=n, status=status_word(s)) for s, n in counts.items() if n]
        total = [score for score, _points in self.scores.values()]
        top = max((m for _score, m in self.scores.values()), default=0)
        mean = (_("; mean score {mean} / {top}").format(mean=f"{sum(total) / len(total):.1f}", top=f"{top:g}")
                if total else "")
        return _("{assignment}: {graded} hand-in(s) graded in {duration} with {workers} worker(s), sandbox: "
                 "{sandbox}; skipped {skipped} unchanged. Class of {learners}: {counts}{mean}.").format(
            assignment=self.assignment, graded=len(self.graded), duration=duration(self.seconds),
            workers=self.workers, sandbox=self.sandbox, skipped=len(self.skipped), learners=len(self.statuses),
            counts=_(", ").join(parts) or _("nobody"), mean=mean) + "\n" + _("Grades: {path}").format(
            path=self.reports / "grades.csv")




def mpl_font_cache() -> str | None:
    """matplotlib's font list, built once here so that no kernel spends seconds rebuilding it."""
    try:
        import matplotlib
        from matplotlib import font_manager

        path = Path(matplotlib.get_cachedir()) / f"fontlist-v{font_manager.FontManager.__version__}.json"
        return str(path) if path.is_file() else None
    except Exception:
        return None


# --------------------------------------------------------------------------- writing one result


def save_result(course: Path, task: GradingTask, result: SubmissionResult) -> None:
    """Score one hand-in into the gradebook and write ``autograded/<learner>/<assignment>/``."""
    import nbformat

    directory = coursedir(course)
    config = course_config(str(course))
    with open_gradebook(course) as gradebook:
        gradebook.update_or_create_student(task.student)
        timestamp = directory.get_existing_timestamp(task.submission_dir)
        extra = {"timestamp": timestamp} if timestamp else {}
        gradebook.update_or_create_submission(task.assignment, task.student, **extra)
    if result.retry:
        return  # the grader failed, not the hand-in: keep whatever grades it had; next run retries

    _checking, scoring = runner.scoring_preprocessors(config)
    staging = course / "autograded" / task.student / f".{task.assignment}.cxlab-new"
    _remove(staging)
    staging.mkdir(parents=True)
    runner.copy_tree(Path(task.submission_dir), staging, task.ignore, skip_notebooks=True)
    runner.copy_tree(Path(task.source_dir), staging, task.ignore, skip_notebooks=True)
    # As stock nbgrader: a notebook that is missing or unreadable scores zero everywhere. Beyond it,
    # a notebook whose kernel was stopped scores zero on every autograded cell.
    zero_all = set(task.notebooks) - {nb.name for nb in result.notebooks if nb.text is not None}
    zero_auto = {nb.name for nb in result.notebooks if not nb.complete}
    for notebook_result in result.notebooks:
        if notebook_result.text is None:
            continue
        notebook = nbformat.reads(notebook_result.text, as_version=4)
        resources = runner.nbgrader_resources(task, notebook_result.name, directory.db_url)
        try:
            with warnings.catch_warnings():  # SQLAlchemy 2 warnings from nbgrader's models
                warnings.simplefilter("ignore")
                notebook, _resources = runner.run_preprocessors(scoring, notebook, resources, config)
        except Exception:
            zero_all.add(notebook_result.name)  # metadata that even nbgrader's last check refuses
        (staging / f"{notebook_result.name}.ipynb").write_text(nbformat.writes(notebook), encoding="utf-8")
    with open_gradebook(course) as gradebook:
        for name in zero_all | zero_auto:
            for grade in gradebook.find_submission_notebook(name, task.assignment, task.student).grades:
                if name in zero_all or grade.cell.cell_type == "code":
                    grade.auto_score = 0
                    grade.needs_manual_grade = False
        gradebook.db.commit()
    final = course / "autograded" / task.student / task.assignment
    if any(nb.text is not None for nb in result.notebooks):
        _publish(staging, final, directory.groupshared)
    else:  # nothing could be graded: like nbgrader, leave no graded folder (and no feedback)
        _remove(staging)
        _remove(final)


def _publish(staging: Path, final: Path, groupshared: bool) -> None:
    """Swap the new graded folder in with renames, so a crash never leaves half of one."""
    mode = 0o664 if groupshared else 0o444  # nbgrader's permissions for autograded files
    for path in staging.rglob("*"):
        if path.is_file():
            path.chmod(mode)
    old = final.with_name(f".{final.name}.cxlab-old")
    _remove(old)
    if final.exists():
        final.rename(old)
    staging.rename(final)
    _remove(old)


def _remove(path: Path) -> None:
    if path.exists():
        for item in path.rglob("*"):
            if item.is_file():
                item.chmod(0o644)
        shutil.rmtree(path)


# --------------------------------------------------------------------------- reports of the batch


def write_grades_csv(course: Path, assignment: str, log: state.GradingState, learners: list[str]) -> dict:
    """``grades.csv``: one row per learner with a grade, one column per graded cell (empty: not marked yet)."""
    columns = grade_columns(course, assignment)
    rows = {}
    for student, submission in read_grades(course, assignment, learners).submissions.items():
        cells = {cell.grade_id: "" if cell.pending else f"{cell.score:g}" for cell in submission.cells}
        columns += [name for name in cells if name not in columns]
        record = log.records.get(student)
        rows[student] = {
            "student_id": student,
            "score": f"{submission.score:g}",
            "max_score": f"{submission.max_score:g}",
            "status": record.status if record else GRADED,
            "reason": (record.reason if record else "").replace("\n", " "),
            "flags": flags.of_hand_in(course, assignment, student),  # cells nbgrader restored, lost ids
            **cells,
        }
    path = report_dir(course, assignment) / "grades.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=[*GRADES_COLUMNS, *columns], restval="", lineterminator="\n")
        writer.writeheader()
        for student in sorted(rows):
            writer.writerow(rows[student])
    return rows


TIMINGS_COLUMNS = ("batch_started", "student_id", "notebook", "seconds", "status", "same_as")


def append_timings(course: Path, assignment: str, started: float, results: list[SubmissionResult]) -> Path:
    """Add this batch's rows to ``timings.csv``, a log across batches (started afresh if its columns changed)."""
    path = report_dir(course, assignment) / "timings.csv"
    with open(path, "a+", newline="", encoding="utf-8") as handle:
        handle.seek(0)
        if handle.readline().strip() != ",".join(TIMINGS_COLUMNS):
            handle.truncate(0)
            csv.writer(handle, lineterminator="\n").writerow(TIMINGS_COLUMNS)
        writer = csv.writer(handle, lineterminator="\n")
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(started))
        for result in results:
            for notebook in result.notebooks or [runner.NotebookResult("-", result.status, result.reason, 0.0)]:
                # A hand-in identical to an earlier one reuses its run: no time of its own.
                seconds = 0.0 if result.shared_with else notebook.seconds
                writer.writerow([stamp, result.student, notebook.name, f"{seconds:.2f}", notebook.status,
                                 result.shared_with])
    return path


# --------------------------------------------------------------------------- the batch


def _lock(course: Path, assignment: str):
    import fcntl  # POSIX only, like the sandbox: the one place that needs it, so report and feedback need not

    path = report_dir(course, assignment) / ".lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "w")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        raise CxlabError(_("another `cxlab grade` is already grading {assignment} in {course}").format(
            assignment=assignment, course=course)) from None
    return handle  # the lock lasts as long as the file stays open; the OS drops it if we die


def grade(
    course: Path,
    assignment: str,
    *,
    workers: int | None = None,
    limits: Limits = Limits(),
    students: list[str] | None = None,
    force: bool = False,
    stream=None,
    pool: WorkerPool | None = None,
) -> BatchReport:
    """Grade every hand-in of ``assignment`` in ``course``; see the module docstring.

    ``pool``: workers to reuse (see :class:`WorkerPool`), or a Dask cluster's
    (:class:`cxlab.grading.distributed.DaskPool`); by default the batch starts its own.
    """
    stream = stream or sys.stderr
    started = time.perf_counter()
    course = check_course(course, assignment)
    found = hand_ins(course, assignment, students)
    if not found:
        raise CxlabError(_("nothing to grade: no hand-in of {assignment} in {folder}/<learner>/{assignment}/ "
                           "(collect the hand-ins first)").format(assignment=assignment, folder=course / "submitted"))
    lock = _lock(course, assignment)
    try:
        return _grade_locked(course, assignment, found, workers, limits, force, stream, started, pool)
    finally:
        lock.close()


def _grade_locked(course, assignment, found, workers, limits, force, stream, started, pool) -> BatchReport:
    batch_started = time.time()
    notebooks = tuple(ensure_in_gradebook(course, assignment))
    directory = coursedir(course)
    ignore = tuple(directory.ignore)
    log = state.GradingState(report_dir(course, assignment) / "state.jsonl")
    master = state.fingerprint_files(course / "source" / assignment, ignore)
    with open_gradebook(course) as gradebook:
        in_gradebook = {s.student.id for s in gradebook.find_assignment(assignment).submissions}
    prints = {s: state.fingerprint(path, master, ignore) for s, path in found.items()}
    # Identical hand-ins (the untouched release, copies) give identical results: run each content
    # once and score it for every learner who handed it in. timestamp.txt differs per learner and
    # no notebook reads it, so it does not make two contents different.
    same = {s: state.fingerprint(path, master, (*ignore, "timestamp.txt")) for s, path in found.items()}
    todo = [
        s for s in found
        if force or not (
            log.is_current(s, prints[s]) and s in in_gradebook
            and ((course / "autograded" / s / assignment).is_dir() or log.records[s].status == INVALID)
        )
    ]
    report = BatchReport(assignment, course, skipped=[s for s in found if s not in todo])
    box = pool.sandbox() if pool else sandbox.detect()  # a Dask pool: the rule its workers follow
    report.sandbox = box.describe()
    report.workers = pool.workers if pool else max(1, min(workers or os.cpu_count() or 1, len(todo) or 1))
    results: list[SubmissionResult] = []
    if todo:
        if not box.enabled:
            print(sandbox.warning(box), file=stream, flush=True)
        from cxlab.datasets import data_dir

        with tempfile.TemporaryDirectory(prefix="cxlab-batch-") as work:
            snapshot = snapshot_gradebook(course, Path(work))
            font_cache = mpl_font_cache()
            tasks = {
                s: GradingTask(
                    student=s, assignment=assignment, submission_dir=str(found[s]),
                    source_dir=str(course / "source" / assignment), course_dir=str(course),
                    gradebook=str(snapshot), notebooks=notebooks, data_dir=str(data_dir().resolve()),
                    limits=limits, bwrap=box.bwrap, mpl_cache=font_cache, ignore=ignore,
                )
                for s in todo
            }
            groups: dict[str, list[str]] = {}
            for s in todo:
                groups.setdefault(same[s], []).append(s)
            progress = Progress(len(tasks), _("grading {assignment}").format(assignment=assignment), stream)
            own_pool = pool is None
            pool = pool or WorkerPool(report.workers)
            try:
                unique = {members[0]: tasks[members[0]] for members in groups.values()}
                for task, result in run_tasks(unique, pool):
                    for s in groups[same[task.student]]:
                        own = result if s == task.student else replace(result, student=s, shared_with=task.student)
                        save_result(course, tasks[s], own)
                        log.append(s, prints[s], own.status, own.reason, own.retry)
                        results.append(own)
                        report.graded.append(s)
                        progress.update(own.status)
            finally:
                progress.close()
                if own_pool:
                    pool.close()
                if results:
                    append_timings(course, assignment, batch_started, results)
    rows = write_grades_csv(course, assignment, log, list(hand_ins(course, assignment)))
    report.statuses = {s: row["status"] for s, row in rows.items()}
    report.scores = {s: (float(row["score"]), float(row["max_score"])) for s, row in rows.items()}
    report.seconds = time.perf_counter() - started
    return report


