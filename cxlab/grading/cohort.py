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

import contextlib
import csv
import os
import shutil
import signal
import sqlite3
import sys
import tempfile
import time
import warnings
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path

from cxlab.errors import CxlabError
from cxlab.grading import runner, sandbox, state
from cxlab.grading.runner import ERROR, GRADED, INVALID, STATUSES, TIMEOUT, GradingTask, Limits, SubmissionResult

GRADES_COLUMNS = ("student_id", "score", "max_score", "status", "reason")


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
        counts = {s: sum(1 for v in self.statuses.values() if v == s) for s in STATUSES}
        parts = [f"{n} {s}" for s, n in counts.items() if n]
        total = [score for score, _ in self.scores.values()]
        top = max((m for _, m in self.scores.values()), default=0)
        mean = f"; mean score {sum(total) / len(total):.1f} / {top:g}" if total else ""
        return (
            f"{self.assignment}: {len(self.graded)} hand-in(s) graded in {_duration(self.seconds)} "
            f"with {self.workers} worker(s), sandbox: {self.sandbox}; skipped {len(self.skipped)} unchanged. "
            f"Class of {len(self.statuses)}: {', '.join(parts) or 'nobody'}{mean}.\n"
            f"Grades: {self.reports / 'grades.csv'}"
        )


def report_dir(course: Path, assignment: str) -> Path:
    return course / "reports" / assignment


def _duration(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 90 else f"{seconds // 60:.0f} min {seconds % 60:.0f} s"


# --------------------------------------------------------------------------- the course and its hand-ins


def check_course(course: Path, assignment: str) -> Path:
    """The course folder, resolved, or a one-line error naming what is missing."""
    course = Path(course).expanduser()
    if not course.is_dir():
        raise CxlabError(f"{course}: no such directory")
    course = course.resolve()
    source = course / "source"
    if not (source / assignment).is_dir():
        available = sorted(p.name for p in source.iterdir() if p.is_dir()) if source.is_dir() else []
        raise CxlabError(
            f"no assignment named {assignment!r} in {source}; available: {', '.join(available) or 'none'}"
        )
    return course


def coursedir(course: Path):
    from nbgrader.coursedir import CourseDirectory

    _scripts_on_path()
    return CourseDirectory(config=runner.course_config(str(course)), root=str(course))


def _scripts_on_path() -> None:
    """nbgrader creates a gradebook by running ``alembic`` by name: this Python's scripts come first."""
    scripts = str(Path(sys.executable).parent)
    if os.environ.get("PATH", "").split(os.pathsep)[0] != scripts:
        os.environ["PATH"] = os.pathsep.join([scripts, os.environ.get("PATH", "")])


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
            raise CxlabError(f"no hand-in of {assignment} by {', '.join(missing)} in {course / 'submitted'}")
        found = {s: found[s] for s in wanted}
    return found


def ensure_in_gradebook(course: Path, assignment: str) -> list[str]:
    """The assignment's notebook names from the gradebook, releasing it first if nbgrader never did."""
    from nbgrader.api import Gradebook, MissingEntry

    from cxlab.build import generate_assignment

    url, course_id = coursedir(course).db_url, coursedir(course).course_id
    if (course / "gradebook.db").exists():
        with Gradebook(url, course_id) as gradebook:
            try:
                return [n.name for n in gradebook.find_assignment(assignment).notebooks]
            except MissingEntry:
                pass
    generate_assignment(course, assignment)
    with Gradebook(url, course_id) as gradebook:
        return [n.name for n in gradebook.find_assignment(assignment).notebooks]


def snapshot_gradebook(course: Path, destination: Path) -> Path:
    """A consistent copy of the gradebook for workers to read the masters from (SQLite backup API)."""
    path = destination / "gradebook-snapshot.db"
    with sqlite3.connect(course / "gradebook.db") as live, sqlite3.connect(path) as copy:
        live.backup(copy)
    return path


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
    with warnings.catch_warnings():
        # nbgrader's gradebook code triggers SQLAlchemy 2 "not in session" warnings; stock nbgrader
        # hides them too (PYTHONWARNINGS=ignore in cxlab.build.run_nbgrader).
        warnings.simplefilter("ignore")
        _save_result(course, task, result)


def _save_result(course: Path, task: GradingTask, result: SubmissionResult) -> None:
    import nbformat
    from nbgrader.api import Gradebook

    directory = coursedir(course)
    config = runner.course_config(str(course))
    with Gradebook(directory.db_url, directory.course_id) as gradebook:
        gradebook.update_or_create_student(task.student)
        timestamp = directory.get_existing_timestamp(task.submission_dir)
        extra = {"timestamp": timestamp} if timestamp else {}
        gradebook.update_or_create_submission(task.assignment, task.student, **extra)
    if result.retry:
        return  # the grader failed, not the hand-in: keep whatever grades it had; next run retries

    _, scoring = runner._scoring_split(config)
    staging = course / "autograded" / task.student / f".{task.assignment}.cxlab-new"
    _remove(staging)
    staging.mkdir(parents=True)
    runner._copy_tree(Path(task.submission_dir), staging, task.ignore, skip_notebooks=True)
    runner._copy_tree(Path(task.source_dir), staging, task.ignore, skip_notebooks=True)
    # As stock nbgrader: a notebook that is missing or unreadable scores zero everywhere. Beyond it,
    # a notebook whose kernel was stopped scores zero on every autograded cell.
    zero_all = set(task.notebooks) - {nb.name for nb in result.notebooks if nb.text is not None}
    zero_auto = {nb.name for nb in result.notebooks if not nb.complete}
    for notebook_result in result.notebooks:
        if notebook_result.text is None:
            continue
        notebook = nbformat.reads(notebook_result.text, as_version=4)
        resources = runner._resources(task, notebook_result.name)
        resources["nbgrader"]["db_url"] = directory.db_url
        try:
            notebook, _ = runner._run(scoring, notebook, resources, config)
        except Exception:
            zero_all.add(notebook_result.name)  # metadata that even nbgrader's last check refuses
        (staging / f"{notebook_result.name}.ipynb").write_text(nbformat.writes(notebook), encoding="utf-8")
    with Gradebook(directory.db_url, directory.course_id) as gradebook:
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


def grade_columns(course: Path, assignment: str) -> list[str]:
    """The graded cells' ids in the order a learner meets them in the master notebooks."""
    import nbformat

    ids = []
    for path in sorted((course / "source" / assignment).glob("*.ipynb")):
        try:
            notebook = nbformat.read(path, as_version=4)
        except Exception:
            continue
        for cell in notebook.cells:
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if meta.get("grade") and meta.get("grade_id") and meta["grade_id"] not in ids:
                ids.append(meta["grade_id"])
    return ids


def write_grades_csv(course: Path, assignment: str, log: state.GradingState, learners: list[str]) -> dict:
    """``grades.csv``: one row per learner with a grade, one column per graded cell."""
    from nbgrader.api import Gradebook, MissingEntry

    directory = coursedir(course)
    columns = grade_columns(course, assignment)
    rows = {}
    with Gradebook(directory.db_url, directory.course_id) as gradebook:
        for student in learners:
            try:
                submission = gradebook.find_submission(assignment, student)
            except MissingEntry:
                continue
            cells = {}
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    pending = grade.manual_score is None and grade.auto_score is None
                    cells[grade.name] = "" if pending else f"{grade.score:g}"
            for name in cells:
                if name not in columns:
                    columns.append(name)
            record = log.records.get(student)
            rows[student] = {
                "student_id": student,
                "score": f"{submission.score:g}",
                "max_score": f"{submission.max_score:g}",
                "status": record.status if record else GRADED,
                "reason": (record.reason if record else "").replace("\n", " "),
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


# --------------------------------------------------------------------------- progress


class Progress:
    """A tqdm bar with counts and ETA on a terminal; a plain line every 10% or 15 s otherwise."""

    def __init__(self, total: int, label: str, stream=None):
        self.total, self.label, self.done, self.failed = total, label, 0, 0
        self.stream = stream or sys.stderr
        self.started = self.last_time = time.monotonic()
        self.last_done = 0
        self.bar = None
        if total and hasattr(self.stream, "isatty") and self.stream.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, desc=label, unit="hand-in", file=self.stream, dynamic_ncols=True)

    def update(self, status: str) -> None:
        self.done += 1
        self.failed += status != GRADED
        if self.bar is not None:
            self.bar.set_postfix_str(f"{self.failed} not graded cleanly" if self.failed else "")
            self.bar.update()
            return
        now = time.monotonic()
        step = max(1, self.total // 10)
        if self.done == self.total or self.done - self.last_done >= step or now - self.last_time >= 15:
            elapsed = now - self.started
            eta = elapsed / self.done * (self.total - self.done)
            print(f"{self.label}: {self.done}/{self.total} hand-ins graded "
                  f"({self.failed} timeout/error/invalid), {_duration(elapsed)} elapsed, ETA {_duration(eta)}",
                  file=self.stream, flush=True)
            self.last_done, self.last_time = self.done, now

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


# --------------------------------------------------------------------------- the batch


def _worker_init() -> None:
    """Workers leave Ctrl-C to the main process and die with it, even on SIGKILL."""
    import logging

    from cxlab.grading import skip_slow_optional_imports

    skip_slow_optional_imports()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    logging.getLogger("traitlets").setLevel(logging.CRITICAL)
    from cxlab.grading.kernel import die_with_parent

    die_with_parent()


def _lock(course: Path, assignment: str):
    import fcntl  # POSIX only, like the sandbox: the one place that needs it, so report and feedback need not

    path = report_dir(course, assignment) / ".lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "w")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        raise CxlabError(f"another `cxlab grade` is already grading {assignment} in {course}") from None
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

    ``pool``: workers to reuse (see :class:`WorkerPool`); by default the batch starts its own.
    """
    stream = stream or sys.stderr
    started = time.perf_counter()
    course = check_course(course, assignment)
    found = hand_ins(course, assignment, students)
    lock = _lock(course, assignment)
    try:
        return _grade_locked(course, assignment, found, workers, limits, force, stream, started, pool)
    finally:
        lock.close()


def _grade_locked(course, assignment, found, workers, limits, force, stream, started, pool) -> BatchReport:
    batch_started = time.time()
    from nbgrader.api import Gradebook

    notebooks = tuple(ensure_in_gradebook(course, assignment))
    directory = coursedir(course)
    ignore = tuple(directory.ignore)
    log = state.GradingState(report_dir(course, assignment) / "state.jsonl")
    master = state.fingerprint_files(course / "source" / assignment, ignore)
    with Gradebook(directory.db_url, directory.course_id) as gradebook:
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
    box = sandbox.detect()
    report.sandbox = box.describe()
    report.workers = pool.workers if pool else max(1, min(workers or os.cpu_count() or 1, len(todo) or 1))
    results: list[SubmissionResult] = []
    if todo:
        if not box.enabled:
            print(sandbox.warning(box), file=stream, flush=True)
        from cxlab.datasets import data_dir

        with tempfile.TemporaryDirectory(prefix="cxlab-batch-") as work:
            snapshot = snapshot_gradebook(course, Path(work))
            tasks = {
                s: GradingTask(
                    student=s, assignment=assignment, submission_dir=str(found[s]),
                    source_dir=str(course / "source" / assignment), course_dir=str(course),
                    gradebook=str(snapshot), notebooks=notebooks, data_dir=str(data_dir().resolve()),
                    limits=limits, bwrap=box.bwrap, mpl_cache=mpl_font_cache(), ignore=ignore,
                )
                for s in todo
            }
            groups: dict[str, list[str]] = {}
            for s in todo:
                groups.setdefault(same[s], []).append(s)
            progress = Progress(len(tasks), f"grading {assignment}", stream)
            own_pool = pool is None
            pool = pool or WorkerPool(report.workers)
            try:
                unique = {members[0]: tasks[members[0]] for members in groups.values()}
                for task, result in _run_pool(unique, pool):
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


@contextlib.contextmanager
def _main_script_hidden():
    """Workers need only cxlab; a spawned worker must not re-run the caller's script.

    multiprocessing's spawn re-executes ``__main__`` from its file in every worker, which runs a
    script without an ``if __name__ == "__main__"`` guard again (and again). Hiding the file while
    the workers start makes them skip it; ``python -m`` callers and pytest are unaffected.
    """
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None) if getattr(main, "__spec__", None) is None else None
    if path is not None:
        del main.__file__
    try:
        yield
    finally:
        if path is not None:
            main.__file__ = path


class WorkerPool:
    """Grading worker processes, reusable across batches so their start-up is paid once.

    ``with WorkerPool(2) as pool:`` then ``grade(..., pool=pool)`` for several assignments, and
    :func:`cxlab.grading.feedback.generate` with the same pool. A pool whose worker died, or whose
    batch was interrupted, is killed and replaced on next use.
    """

    def __init__(self, workers: int | None = None):
        self.workers = max(1, workers or os.cpu_count() or 1)
        self._executor = None

    def submit(self, function, *args):
        import multiprocessing

        if self._executor is None:
            context = multiprocessing.get_context("spawn")  # no forked copies of this process's threads
            self._executor = ProcessPoolExecutor(max_workers=self.workers, mp_context=context,
                                                 initializer=_worker_init)
        with _main_script_hidden():  # workers start on the first submit()
            return self._executor.submit(function, *args)

    def discard(self) -> None:
        """Kill the workers now (interrupted, or one died): never wait for kernels still running."""
        if self._executor is not None:
            for process in list((getattr(self._executor, "_processes", None) or {}).values()):
                process.kill()
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True)
            self._executor = None

    def __enter__(self):
        return self

    def __exit__(self, kind, error, traceback):
        if kind is None:
            self.close()
        else:
            self.discard()


def _run_pool(tasks: dict[str, GradingTask], pool: WorkerPool):
    """Yield (task, result) as workers finish. A worker that dies is replaced; its task retried once."""
    pending = list(tasks.values())
    attempts = {s: 0 for s in tasks}
    while pending:
        futures = {pool.submit(runner.grade_submission, task): task for task in pending}
        pending = []
        finished = False
        try:
            while futures:
                done, _ = wait(futures, return_when=FIRST_COMPLETED)
                broken = False
                for future in done:
                    task = futures.pop(future)
                    try:
                        result = future.result()
                    except BrokenProcessPool:
                        broken = True
                        attempts[task.student] += 1
                        if attempts[task.student] < 2:
                            pending.append(task)
                            continue
                        result = SubmissionResult(task.student, task.assignment, ERROR,
                                                  "the grading worker crashed twice on this hand-in", (), 0.0, True)
                    yield task, result
                if broken:
                    for task in futures.values():
                        attempts[task.student] += 1
                        pending.append(task)
                    futures = {}
                    pool.discard()
            finished = True
        finally:
            if not finished:
                pool.discard()
