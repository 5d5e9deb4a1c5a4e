"""Grading on a Dask cluster: the batch's tasks, carried as bytes to workers that share no files with us.

``cxlab grade ASSIGNMENT --scheduler tcp://HOST:8786`` hands :class:`DaskPool` to the batch
(:func:`cxlab.grading.cohort.grade`) in place of the local :class:`~cxlab.grading.workers.WorkerPool`;
everything else — what to grade, the gradebook, ``autograded/``, the state log, ``grades.csv`` —
stays in the instructor's process, exactly as with local workers. What travels:

- once per batch and worker, a :class:`Batch`: the assignment's support files, a snapshot of the
  gradebook (it holds the masters), the course's ``nbgrader_config.py``, the limits and the sandbox
  rule (scattered to every worker);
- per hand-in, a :class:`HandIn`: the files of ``submitted/<learner>/<assignment>/``. A notebook
  over :data:`~cxlab.grading.runner.MAX_NOTEBOOK_MB` travels as its size only, and a folder over
  :data:`MAX_HAND_IN_MB` is refused here with a one-line reason and never sent;
- back, the :class:`~cxlab.grading.runner.SubmissionResult`, whose notebooks carry the executed text.

On the worker, :func:`grade_on_worker` unpacks into a temporary folder, points a
:class:`~cxlab.grading.runner.GradingTask` at it, runs :func:`~cxlab.grading.runner.grade_submission`
(the same code as local workers, so the same scores) and removes the folder. Every worker finds its
own bubblewrap; one that cannot sandbox refuses to run learner code (an ERROR result saying why,
graded again on the next run) unless the instructor turned the sandbox off (``CXLAB_SANDBOX=off``),
a decision the batch carries. A worker that dies mid-task is replaced by Dask, which runs the task
elsewhere (up to the scheduler's ``distributed.scheduler.allowed-failures``); a task that still fails
becomes an ERROR result with ``retry=True``, so the next run grades that hand-in again.

Dask is imported only here, and this module only for ``--scheduler``: ``import cxlab`` stays light.
"""

from __future__ import annotations

import fnmatch
import functools
import os
import socket
import tempfile
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

from cxlab.errors import CxlabError
from cxlab.grading import runner, sandbox, state
from cxlab.grading.runner import ERROR, INVALID, MAX_NOTEBOOK_MB, GradingTask, Limits, SubmissionResult

#: A hand-in folder larger than this (notebooks over MAX_NOTEBOOK_MB not counted) is not sent at all.
MAX_HAND_IN_MB = 100
#: How long to wait for the scheduler, and then for its first worker, before giving up.
CONNECT_SECONDS = 10
#: A task whose function raised (not a dead worker: Dask reruns those by itself) is tried once more.
RETRIES = 1
MB = 1024 * 1024


@dataclass(frozen=True)
class Batch:
    """What every hand-in of one batch needs: sent once to each worker."""

    assignment: str
    notebooks: tuple[str, ...]
    source_files: dict[str, bytes]  # source/<assignment>/ without its notebooks (the gradebook holds the masters)
    gradebook: bytes  # the batch's snapshot, read-only
    config: bytes  # the course's nbgrader_config.py
    limits: Limits
    ignore: tuple[str, ...]
    sandbox: bool  # False only when the instructor ran with CXLAB_SANDBOX=off
    datasets: str  # fingerprint of the instructor's datasets: a worker with others must not grade


@dataclass(frozen=True)
class HandIn:
    student: str
    files: dict[str, bytes]  # relative path -> bytes, as runner.copy_tree would copy them
    oversized: dict[str, int] = field(default_factory=dict)  # notebook -> size: too large to read, not sent


@dataclass(frozen=True)
class ClusterSandbox:
    """The sandbox rule of a batch on the cluster; each worker finds its own bubblewrap."""

    enabled: bool
    bwrap = None  # the instructor's bwrap means nothing on a worker
    why_not: str = f"{sandbox.SANDBOX_VARIABLE}=off for this batch: every Dask worker runs learner code unconfined"

    def describe(self) -> str:
        return "bubblewrap on every Dask worker (one that cannot sandbox refuses)" if self.enabled else \
            f"none ({self.why_not})"


# --------------------------------------------------------------------------- packing, on the client


def _files(folder: Path, ignore: tuple[str, ...], skip_notebooks: bool):
    """(relative path, path) of what runner.copy_tree copies: no ignored names, no symlinks."""
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(fnmatch.fnmatch(part, pattern) for part in relative.parts for pattern in ignore):
            continue
        if path.is_symlink() or not path.is_file() or (skip_notebooks and path.suffix == ".ipynb"):
            continue
        yield relative.as_posix(), path


def datasets_fingerprint(folder: Path) -> str:
    return state.fingerprint_files(folder, ("*.md",))


def pack_batch(task: GradingTask, sandboxed: bool) -> Batch:
    source = {name: path.read_bytes() for name, path in _files(Path(task.source_dir), task.ignore, True)}
    return Batch(
        assignment=task.assignment, notebooks=task.notebooks, source_files=source,
        gradebook=Path(task.gradebook).read_bytes(),
        config=(Path(task.course_dir) / "nbgrader_config.py").read_bytes(),
        limits=task.limits, ignore=task.ignore, sandbox=sandboxed,
        datasets=datasets_fingerprint(Path(task.data_dir)),
    )


def pack_hand_in(task: GradingTask) -> HandIn | SubmissionResult:
    """The hand-in as bytes, or an INVALID result when its folder is too large to send."""
    files, oversized, total = {}, {}, 0
    wanted = {f"{name}.ipynb" for name in task.notebooks}
    for name, path in _files(Path(task.submission_dir), task.ignore, False):
        size = path.stat().st_size
        if name in wanted and size > MAX_NOTEBOOK_MB * MB:
            oversized[name] = size  # the runner refuses it unread; its size says why
            continue
        total += size
        if total > MAX_HAND_IN_MB * MB:
            reason = (f"the hand-in folder holds more than {MAX_HAND_IN_MB} MB of files, too much to send to the "
                      "grading cluster; it was not graded (remove large files such as data copies and hand in again)")
            return SubmissionResult(task.student, task.assignment, INVALID, reason, (), 0.0)
        files[name] = path.read_bytes()
    return HandIn(task.student, files, oversized)


# --------------------------------------------------------------------------- grading, on a worker


@functools.cache
def _worker_datasets() -> tuple[Path, str]:
    from cxlab.datasets import data_dir

    folder = data_dir().resolve()
    return folder, datasets_fingerprint(folder)


def _unpack(files: dict[str, bytes], folder: Path) -> None:
    root = folder.resolve()
    for name, data in files.items():
        target = (folder / name).resolve()
        if not target.is_relative_to(root):
            raise ValueError(f"a file name leaves its folder: {name}")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def _refused(batch: Batch, hand_in: HandIn, reason: str) -> SubmissionResult:
    # Not the learner's fault: retry=True keeps any earlier grade and grades the hand-in next run.
    return SubmissionResult(hand_in.student, batch.assignment, ERROR, f"{reason} (worker {socket.gethostname()})",
                            (), 0.0, retry=True)


def grade_on_worker(batch: Batch, hand_in: HandIn) -> SubmissionResult:
    """Runs on a Dask worker: unpack, grade with the local runner, clean up."""
    import logging

    from cxlab.grading import skip_slow_optional_imports
    from cxlab.grading.cohort import mpl_font_cache

    skip_slow_optional_imports()
    logging.getLogger("traitlets").setLevel(logging.CRITICAL)
    box = sandbox.detect()
    if batch.sandbox and not box.enabled:
        return _refused(batch, hand_in, f"not graded: this Dask worker cannot sandbox learner code ({box.why_not}) "
                                        f"and refuses to run it unconfined")
    data_dir, datasets = _worker_datasets()
    if datasets != batch.datasets:
        return _refused(batch, hand_in, f"not graded: this Dask worker's Harbor Bank datasets ({data_dir}) differ "
                                        "from the instructor's; install the same cxlab on every worker")
    with tempfile.TemporaryDirectory(prefix="cxlab-dask-") as work:
        root = Path(work)
        _unpack(hand_in.files, root / "submitted")
        (root / "submitted").mkdir(exist_ok=True)
        for name, size in hand_in.oversized.items():
            with open(root / "submitted" / name, "wb") as stand_in:
                stand_in.truncate(size)  # sparse: no bytes travelled or are written, the size is what counts
        _unpack(batch.source_files, root / "source")
        (root / "source").mkdir(exist_ok=True)
        _unpack({"nbgrader_config.py": batch.config, "gradebook.db": batch.gradebook}, root / "course")
        task = GradingTask(
            student=hand_in.student, assignment=batch.assignment, submission_dir=str(root / "submitted"),
            source_dir=str(root / "source"), course_dir=str(root / "course"),
            gradebook=str(root / "course" / "gradebook.db"), notebooks=batch.notebooks, data_dir=str(data_dir),
            limits=batch.limits, bwrap=box.bwrap if batch.sandbox else None, mpl_cache=mpl_font_cache(),
            ignore=batch.ignore,
        )
        return runner.grade_submission(task)


# --------------------------------------------------------------------------- the pool


def _one_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [error.__class__.__name__])[0][:200]


def _failed(task: GradingTask, error: BaseException) -> SubmissionResult:
    if error.__class__.__name__ == "KilledWorker":
        why = "every Dask worker that ran this hand-in died (KilledWorker)"
    else:
        why = f"grading on the Dask cluster failed ({error.__class__.__name__}: {_one_line(error)})"
    return SubmissionResult(task.student, task.assignment, ERROR, f"{why}; it is graded again on the next run",
                            (), 0.0, retry=True)


class DaskPool:
    """An existing Dask cluster, used as :func:`cxlab.grading.cohort.grade`'s ``pool``.

    The interface of :class:`~cxlab.grading.workers.WorkerPool` (``grade``, ``submit``, ``discard``,
    ``close``, a context manager); its futures are ``concurrent.futures`` ones that always end in a
    result, never an exception, so a lost worker never loses a hand-in.
    """

    def __init__(self, address: str, connect_seconds: float = CONNECT_SECONDS):
        try:
            from distributed import Client
        except ImportError:
            raise CxlabError("grading on a Dask cluster needs dask.distributed: "
                             "pip install 'dask[distributed]'") from None
        self.address = address
        try:
            self.client = Client(address, timeout=connect_seconds, set_as_default=False)
        except Exception as error:  # OSError, TimeoutError, ValueError for a malformed address
            raise CxlabError(f"cannot reach the Dask scheduler at {address}: {_one_line(error)}") from None
        try:
            self.client.wait_for_workers(1, timeout=connect_seconds)
        except Exception:
            self.client.close()
            raise CxlabError(f"the Dask scheduler at {address} has no workers: start `dask worker {address}` "
                             "on the grading machines") from None
        self._batch: tuple[str, object] | None = None  # (snapshot path, its scattered Batch)
        self._remote: set = set()
        # ``cxlab grade`` decides here, as for local workers, whether learner code may run unconfined.
        self.sandboxed = os.environ.get(sandbox.SANDBOX_VARIABLE, "").lower() != "off"

    @property
    def workers(self) -> int:
        """Hand-ins the cluster grades at once: the threads of its workers now."""
        return max(1, sum(w.get("nthreads", 1) for w in self.client.scheduler_info()["workers"].values()))

    def sandbox(self) -> ClusterSandbox:
        return ClusterSandbox(self.sandboxed)

    def submit(self, function, *args) -> Future:
        local: Future = Future()
        remote = self.client.submit(function, *args, pure=False, retries=RETRIES)
        self._remote.add(remote)

        def settle(finished) -> None:
            self._remote.discard(finished)
            try:
                local.set_result(finished.result())
            except BaseException as error:  # KilledWorker, CancelledError, lost data: all become a result
                local.set_exception(error)

        remote.add_done_callback(settle)
        return local

    def grade(self, task: GradingTask) -> Future:
        """Grade one hand-in on the cluster; the future's result is always a SubmissionResult."""
        outer: Future = Future()
        packed = pack_hand_in(task)
        if isinstance(packed, SubmissionResult):
            outer.set_result(packed)
            return outer
        try:
            if self._batch is None or self._batch[0] != task.gradebook:
                self._batch = (task.gradebook, self.client.scatter(pack_batch(task, self.sandboxed), broadcast=True))
            inner = self.submit(grade_on_worker, self._batch[1], packed)
        except Exception as error:  # the scheduler went away: this hand-in waits for the next run
            outer.set_result(_failed(task, error))
            return outer

        def settle(finished: Future) -> None:
            error = finished.exception()
            outer.set_result(_failed(task, error) if error is not None else finished.result())

        inner.add_done_callback(settle)
        return outer

    def discard(self) -> None:
        """Interrupted: cancel what still runs on the cluster (the cluster itself stays up)."""
        if self._remote:
            self.client.cancel(list(self._remote))
            self._remote.clear()
        self._batch = None

    def close(self) -> None:
        self.discard()
        self.client.close()

    def __enter__(self):
        return self

    def __exit__(self, kind, error, traceback):
        self.close()
