"""One hand-in in, one result out: the unit of work of batch grading.

:func:`grade_submission` is a pure function of a :class:`GradingTask` (paths and settings, all
picklable) and returns a :class:`SubmissionResult` (plain data: the executed notebooks as text, a
status, a reason, timings). It never writes to the gradebook or the course, so it can run in a local
worker process today and on a Dask worker tomorrow, with a shared file system.

For each notebook of the assignment it does what ``nbgrader autograde`` does before scoring —
nbgrader's own sanitize preprocessors (restore test cells, points and kernelspec from the master in
the gradebook), then nbgrader's ``Execute`` — with three differences:

- the kernel runs in the sandbox (:mod:`cxlab.grading.sandbox`) from a scratch folder holding only
  the hand-in's notebooks and files and the course's support files; the datasets are mounted
  read-only. It is forked from the worker's warm process in that sandbox (:mod:`cxlab.grading.zygote`),
  which has imported the libraries once, and cleaned away after the notebook;
- a marker cell precedes each test cell for the in-kernel guard (:mod:`cxlab.grading.guard`) and
  is removed again before anything is saved;
- a notebook gets a wall-clock limit and an output budget; past either, the kernel is killed;
- the kernel (:class:`cxlab.grading.preprocessors.GradingKernelManager`) runs with
  ``CXLAB_GRADING=1``, so practice helpers (friendly errors, value checks) stay out of grading;
- a test cell's hidden part runs so that it reports every failing message
  (:mod:`cxlab.grading.failures`); the saved notebook keeps the master's source.

The gradebook is read from a snapshot (a copy the batch makes at the start), never the live one.
"""

from __future__ import annotations

import contextlib
import fnmatch
import json
import logging
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from cxlab.grading.course import course_config, course_language

GRADED, TIMEOUT, ERROR, INVALID = "graded", "timeout", "error", "invalid"
# nbgrader's preprocessors log every restored cell of every hand-in; the batch reports per hand-in.
QUIET = logging.getLogger("cxlab.grading.nbgrader")
QUIET.addHandler(logging.NullHandler())
QUIET.propagate = False
STATUSES = (GRADED, TIMEOUT, ERROR, INVALID)
MAX_NOTEBOOK_MB = 20  # a hand-in notebook larger than this is not read at all


@dataclass(frozen=True)
class Limits:
    """What one notebook may use. ``timeout`` is wall-clock seconds for the whole notebook."""

    timeout: float = 300.0
    memory_mb: int = 2048
    file_mb: int = 64
    output_mb: int = 10


@dataclass(frozen=True)
class GradingTask:
    student: str
    assignment: str
    submission_dir: str  # submitted/<student>/<assignment>/
    source_dir: str  # source/<assignment>/: support files overwrite the hand-in's, as in nbgrader
    course_dir: str  # where nbgrader_config.py is read from
    gradebook: str  # path of the read-only gradebook snapshot
    notebooks: tuple[str, ...]  # the assignment's notebook names, from the gradebook
    data_dir: str
    limits: Limits = field(default_factory=Limits)
    bwrap: str | None = None  # None: no sandbox (detected unavailable, already warned)
    mpl_cache: str | None = None  # matplotlib's font list, copied so kernels need not rebuild it
    ignore: tuple[str, ...] = (".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback")
    guard: bool = True  # the in-kernel guard; off only to prove, in tests, what it stops
    warm: bool = True  # fork kernels from a warm process in the sandbox (cxlab.grading.zygote); False: fresh ones


@dataclass(frozen=True)
class NotebookResult:
    name: str
    status: str
    reason: str
    seconds: float
    text: str | None = None  # the executed, sanitized notebook (nbformat JSON), ready for scoring
    # False when the kernel was stopped (deadline, crash, output flood): every autograded cell then
    # scores zero, as stock nbgrader gives a hand-in whose grading fails.
    complete: bool = True


@dataclass(frozen=True)
class SubmissionResult:
    student: str
    assignment: str
    status: str
    reason: str
    notebooks: tuple[NotebookResult, ...]
    seconds: float
    retry: bool = False  # a failure of the grader itself, not of the hand-in: grade again next run
    shared_with: str = ""  # set when this is another learner's run of an identical hand-in


def combine(results: list[NotebookResult]) -> tuple[str, str]:
    """A hand-in's status is its worst notebook's; its reason lists every problem."""
    for status in (ERROR, TIMEOUT, INVALID):
        if any(r.status == status for r in results):
            return status, "; ".join(r.reason for r in results if r.status != GRADED)
    return GRADED, ""


def grade_submission(task: GradingTask) -> SubmissionResult:
    """Sanitize and execute every notebook of one hand-in. Never raises for a bad hand-in."""
    started = time.perf_counter()
    try:
        results = [_grade_notebook(task, name) for name in task.notebooks]
    except Exception as error:  # a bug or an environment problem in the grader, not the learner's fault
        reason = f"grader failure: {error.__class__.__name__}: {error}".splitlines()[0][:300]
        return SubmissionResult(task.student, task.assignment, ERROR, reason, (), time.perf_counter() - started, True)
    status, reason = combine(results)
    return SubmissionResult(task.student, task.assignment, status, reason, tuple(results), time.perf_counter() - started)


# --------------------------------------------------------------------------- one notebook


def _grade_notebook(task: GradingTask, name: str) -> NotebookResult:
    started = time.perf_counter()
    path = Path(task.submission_dir) / f"{name}.ipynb"

    def invalid(reason: str) -> NotebookResult:
        return NotebookResult(name, INVALID, reason, time.perf_counter() - started)

    if not path.is_file():
        found = sorted(p.name for p in Path(task.submission_dir).glob("*.ipynb"))
        return invalid(f"no notebook named {path.name} in the hand-in (found: {', '.join(found) or 'none'})")
    if path.stat().st_size > MAX_NOTEBOOK_MB * 1024 * 1024:
        return invalid(f"{path.name} is larger than {MAX_NOTEBOOK_MB} MB")
    notebook, problem = _read(path)
    if notebook is None:
        return invalid(problem)
    resources = nbgrader_resources(task, name)
    try:
        notebook, resources = _sanitize(notebook, resources, task)
    except Exception as error:
        return invalid(f"{path.name}: grading metadata was edited and cannot be restored "
                       f"({error.__class__.__name__}: {_first_line(error)})")
    ran = _execute_warm(notebook, resources, task, name)
    if ran is not None:
        status, reason, complete = ran
    else:
        with tempfile.TemporaryDirectory(prefix="cxlab-grade-") as scratch:
            scratch_dir = Path(scratch) / "work"
            _fill_scratch(task, scratch_dir)
            status, reason, complete = _execute(notebook, resources, task, scratch_dir, Path(scratch) / "kernel.log")
    try:
        notebook, resources = _after_execution(notebook, resources, task)
    except Exception as error:
        return invalid(f"{path.name}: grading metadata is not valid after running "
                       f"({error.__class__.__name__}: {_first_line(error)})")
    import nbformat

    return NotebookResult(name, status, reason, time.perf_counter() - started, nbformat.writes(notebook), complete)


def _execute_warm(notebook, resources, task: GradingTask, name: str) -> tuple[str, str, bool] | None:
    """:func:`_execute` in a kernel forked from this worker's zygote; None where there is none, or where
    it failed before the kernel started (not the hand-in's doing: the notebook, untouched, then runs
    in a fresh kernel)."""
    warm = _zygote(task, name)
    if warm is None:
        return None
    from cxlab.grading.zygote import ZygoteError, empty

    try:
        empty(warm.slot)
        _fill_scratch(task, warm.slot)
        return _execute(notebook, resources, task, warm.slot, warm.log_path, warm)
    except ZygoteError:
        return None
    finally:
        empty(warm.slot)


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [""])[0][:200]


def _read(path: Path):
    from cxlab.grading import flags

    try:
        return flags.read_quietly(path), ""  # lost cell ids: a flag of this hand-in, not a warning on stderr
    except Exception as error:  # nbformat raises unrelated types for damaged JSON, wrong schema, bad bytes
        if isinstance(error, ValueError) and "JSON" in str(error):
            return None, f"{path.name} is damaged: not valid notebook JSON (cut short, or edited outside Jupyter?)"
        return None, f"{path.name} is damaged and cannot be read ({error.__class__.__name__}: {_first_line(error)[:120]})"


def nbgrader_resources(task: GradingTask, name: str, db_url: str | None = None) -> dict:
    """The resources nbgrader's preprocessors expect for one notebook of a hand-in."""
    from cxlab.grading.course import sqlite_url

    return {
        "unique_key": name,
        "output_files_dir": f"{name}_files",
        "nbgrader": {
            "student": task.student,
            "assignment": task.assignment,
            "notebook": name,
            "db_url": db_url or sqlite_url(task.gradebook),
        },
    }


def _pipeline(config, trait: str) -> list:
    from nbgrader.converters import Autograde

    configured = config.Autograde.get(trait) if "Autograde" in config else None
    steps = configured or Autograde.class_traits()[trait].default()
    return [_import(step) if isinstance(step, str) else step for step in steps]


def _import(dotted: str):
    import importlib

    module, name = dotted.rsplit(".", 1)
    return getattr(importlib.import_module(module), name)


def run_preprocessors(steps, notebook, resources, config):
    """Run nbgrader preprocessor classes in order, as nbgrader's converters do."""
    check_schema_once()
    for step in steps:
        notebook, resources = step(config=config, log=QUIET)(notebook, resources)
    return notebook, resources


def check_schema_once() -> None:
    """Make nbgrader's cell-metadata check check its schema once per process, not once per cell.

    nbgrader validates every graded cell with ``jsonschema.validate``, which first validates the
    schema itself against JSON Schema's metaschema: nine tenths of the check's time (about 0.2 s of
    CPU for each pass over a notebook of 40 graded cells, and autograde makes two). The cells are
    still checked, by the same validator class, with the same errors (``best_match``), against a
    schema checked once.
    """
    from nbgrader.nbgraderformat import common

    if not isinstance(common.jsonschema, _CheckedSchemas):
        common.jsonschema = _CheckedSchemas(common.jsonschema)


class _CheckedSchemas:
    """Stands in for the ``jsonschema`` module in nbgrader's metadata checks; see :func:`check_schema_once`."""

    def __init__(self, jsonschema):
        self.jsonschema = jsonschema
        self.validators = {}

    def __getattr__(self, name):
        return getattr(self.jsonschema, name)

    def validate(self, instance, schema) -> None:
        key = json.dumps(schema, sort_keys=True)  # nbgrader reads its schema afresh for each notebook
        validator = self.validators.get(key)
        if validator is None:
            kind = self.jsonschema.validators.validator_for(schema)
            kind.check_schema(schema)
            validator = self.validators[key] = kind(schema)
        error = self.jsonschema.exceptions.best_match(validator.iter_errors(instance))
        if error is not None:
            raise error


def _sanitize(notebook, resources, task: GradingTask):
    """nbgrader's sanitize preprocessors, against the gradebook snapshot."""
    from cxlab.grading import flags

    config = course_config(task.course_dir)
    before = flags.graded_cells(notebook)
    notebook, resources = run_preprocessors(_pipeline(config, "sanitize_preprocessors"), notebook, resources, config)
    flags.note_restored(notebook, before)  # cells nbgrader put back, for grades.csv
    return notebook, resources


def scoring_preprocessors(config):
    """nbgrader's autograde preprocessors after Execute: (those that run here, those that write the gradebook).

    Only SaveAutoGrades and AssignLatePenalties touch the gradebook, and neither changes the
    notebook, so the others (IgnorePattern, LimitOutput, CheckCellMetadata, ...) run in the worker,
    in nbgrader's order, and the main process only scores.
    """
    from nbgrader.preprocessors import AssignLatePenalties, Execute, SaveAutoGrades

    steps = [step for step in _pipeline(config, "autograde_preprocessors") if not issubclass(step, Execute)]
    writes = [step for step in steps if issubclass(step, (SaveAutoGrades, AssignLatePenalties))]
    return [step for step in steps if step not in writes], writes


def _after_execution(notebook, resources, task: GradingTask):
    config = course_config(task.course_dir)
    before, _ = scoring_preprocessors(config)
    return run_preprocessors(before, notebook, resources, config)


def _ignored(name: str, patterns) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in patterns)


def copy_tree(source: Path, destination: Path, ignore, skip_notebooks: bool) -> None:
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source)
        if any(_ignored(part, ignore) for part in relative.parts) or path.is_symlink() or not path.is_file():
            continue  # a symlink in a hand-in could point at the course: never follow it
        if skip_notebooks and path.suffix == ".ipynb":
            continue
        target = destination / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)


def _fill_scratch(task: GradingTask, scratch: Path) -> None:
    """The kernel's whole world: the hand-in's own files, then the course's support files.

    Notebooks come from the hand-in as the learner wrote them (never the sanitized copy, which holds
    the hidden tests); other files as nbgrader autograde places them, source versions winning.
    """
    scratch.mkdir(parents=True, exist_ok=True)
    copy_tree(Path(task.submission_dir), scratch, task.ignore, skip_notebooks=False)
    copy_tree(Path(task.source_dir), scratch, task.ignore, skip_notebooks=True)
    _prepare_home(scratch, task.mpl_cache)


def _prepare_home(scratch: Path, mpl_cache: str | None) -> None:
    """The folders the kernel's environment names (see GradingKernelManager.kernel_environment)."""
    for folder in (".mpl", ".ipython", ".jupyter", ".local"):
        (scratch / folder).mkdir(exist_ok=True)
    if mpl_cache and Path(mpl_cache).is_file():
        shutil.copyfile(mpl_cache, scratch / ".mpl" / Path(mpl_cache).name)


def _zygote(task: GradingTask, name: str):
    """This worker's warm kernel process for ``task``'s notebook (:mod:`cxlab.grading.zygote`), or None:
    without a sandbox, when asked for fresh kernels, or where one cannot start."""
    if task.bwrap is None or not task.warm:
        return None
    from cxlab.grading import zygote
    from cxlab.grading.preprocessors import GradingKernelManager

    language = course_language(course_config(task.course_dir))
    needs = master_needs(task, name)
    # Not the datasets: a zygote reads them all, and serves every assignment of the same kind.
    key = (task.bwrap, task.data_dir, language, needs["plotting"], task.mpl_cache)

    def make(slot: Path, log: Path):
        _prepare_home(slot, task.mpl_cache)  # matplotlib reads its font list in the zygote
        env = GradingKernelManager(scratch=str(slot), data_dir=task.data_dir, language=language).kernel_environment()
        return zygote.Zygote(task.bwrap, slot, task.data_dir, env, needs["plotting"], log)

    return zygote.for_notebook(key, make)


# --------------------------------------------------------------------------- execution


def _execute(notebook, resources, task: GradingTask, scratch: Path, log_path: Path,
             warm=None) -> tuple[str, str, bool]:
    """Run the notebook in place; return (status, reason, ran to the end). Markers come and go here.

    ``warm``: the zygote to fork the kernel from (its log is shared by its kernels: read from here on)."""
    import nbformat
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    from cxlab.grading import guard
    from cxlab.grading.failures import every_failure
    from cxlab.grading.preprocessors import GradingExecute, GradingKernelManager, is_test_cell

    config = course_config(task.course_dir)
    limits = task.limits
    markers = []
    cells = []
    written = {}  # test cell -> its source as the master has it, restored after the run
    for cell in notebook.cells:
        if is_test_cell(cell):
            written[id(cell)] = cell.source
            cell.source = every_failure(cell.source)
            marker = nbformat.v4.new_code_cell(guard.marker_source(cell.source))
            markers.append(marker)
            cells.append(marker)
        cells.append(cell)
    notebook.cells = cells

    deadline_hit = threading.Event()
    log_from = log_path.stat().st_size if warm is not None and log_path.exists() else 0
    log = open(log_path, "ab" if warm is not None else "wb")
    km = GradingKernelManager(scratch=str(scratch), data_dir=task.data_dir, bwrap=task.bwrap,
                              memory_mb=limits.memory_mb, file_mb=limits.file_mb, guard=task.guard, log_file=log,
                              language=course_language(config), zygote=warm,
                              **master_needs(task, resources["nbgrader"]["notebook"]))
    km.use_scratch()

    def kill_kernel() -> None:
        if warm is not None:  # the kernel, all it started, and its /tmp: gone before the next hand-in
            from cxlab.grading.zygote import ZygoteError

            with contextlib.suppress(ZygoteError):
                warm.clean()
            return
        provisioner = getattr(km, "provisioner", None)
        process = getattr(provisioner, "process", None)
        if process is not None and process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGKILL)  # bwrap (or the kernel) leads its own session
            except OSError:
                process.kill()
            try:
                process.wait(timeout=10)  # reaped: a worker grading hundreds of hand-ins keeps no zombies
            except subprocess.TimeoutExpired:
                pass

    def on_deadline() -> None:
        deadline_hit.set()
        kill_kernel()

    executor = GradingExecute(config=config, log=QUIET, output_budget_mb=limits.output_mb, on_flood=kill_kernel)
    executor.timeout = max(1, int(min(executor.timeout or limits.timeout, limits.timeout)))
    watchdog = threading.Timer(limits.timeout, on_deadline)
    watchdog.daemon = True
    problem = None
    run_resources = dict(resources, metadata={"path": str(scratch)})
    watchdog.start()
    try:
        executor.preprocess(notebook, run_resources, km=km)
    except (DeadKernelError, CellTimeoutError, RuntimeError, OSError, TimeoutError) as error:
        problem = error
    finally:
        watchdog.cancel()
        kill_kernel()
        log.close()
        marker_ids = {id(m) for m in markers}
        notebook.cells = [c for c in notebook.cells if id(c) not in marker_ids]
        for cell in notebook.cells:
            cell.source = written.get(id(cell), cell.source)

    if warm is not None:
        from cxlab.grading.zygote import ZygoteError

        if isinstance(problem, ZygoteError):
            raise problem  # the zygote failed to start the kernel, so no cell ran: see _execute_warm
    if deadline_hit.is_set():
        status, reason = TIMEOUT, f"ran longer than {limits.timeout:g} s (the limit per notebook) and was stopped"
    elif executor.flooded:
        status, reason = ERROR, f"printed more than {limits.output_mb} MB of output; the kernel was stopped"
    elif problem is not None:
        status, reason = ERROR, f"the kernel stopped before the end ({_why_dead(problem, log_path, limits, log_from)})"
    else:
        slow = [_cell_label(c, i) for i, c in enumerate(notebook.cells) if _timed_out(c)]
        if slow:
            return TIMEOUT, f"{', '.join(slow)} ran longer than {executor.timeout} s and was stopped", True
        return GRADED, "", True
    _mark_not_run(notebook, reason)
    return status, reason, False


def master_needs(task: GradingTask, name: str) -> dict:
    """What the grading kernel's guard prepares for this notebook: whether the master draws (then
    matplotlib is protected too) and which datasets it loads (read once, before any learner code).

    Read from the course's master, never from the hand-in, which the learner controls.
    """
    from cxlab.grading.guard import datasets_loaded, needs_plotting

    try:
        text = (Path(task.source_dir) / f"{name}.ipynb").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {"plotting": True, "datasets": ""}  # no master to read: protect plotting as well
    return {"plotting": needs_plotting(text), "datasets": ",".join(datasets_loaded(text))}


def _timed_out(cell) -> bool:
    return cell.cell_type == "code" and any(
        o.get("output_type") == "error" and o.get("ename") == "CellTimeoutError" for o in cell.get("outputs", [])
    )


def _cell_label(cell, index: int) -> str:
    from cxlab.grading.course import grade_id

    name = grade_id(cell)
    return f"cell {name}" if name else f"cell {index + 1}"


def _why_dead(problem: BaseException, log_path: Path, limits: Limits, log_from: int = 0) -> str:
    try:
        log = log_path.read_bytes()[log_from:][-20000:].decode("utf-8", "replace")
    except OSError:
        log = ""
    if "MemoryError" in log or "Cannot allocate memory" in log:
        return f"out of memory: the limit is {limits.memory_mb} MB"
    return _first_line(problem) or problem.__class__.__name__


def _mark_not_run(notebook, reason: str) -> None:
    """A test cell the kernel never reached must not count as passed (no output = full marks)."""
    import nbformat

    from cxlab.grading.preprocessors import is_test_cell

    for cell in notebook.cells:
        if is_test_cell(cell) and cell.get("execution_count") is None:
            cell.outputs = [nbformat.v4.new_output("error", ename="NotGraded", evalue=f"Not run: the notebook {reason}.",
                                                   traceback=[f"NotGraded: not run: the notebook {reason}."])]


def result_to_json(result: SubmissionResult) -> str:
    """Results cross process (and, later, machine) boundaries as plain JSON-able data."""
    from dataclasses import asdict

    return json.dumps(asdict(result))
