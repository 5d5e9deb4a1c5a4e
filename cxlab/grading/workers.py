"""Worker processes for grading and rendering, and the progress line a person watches meanwhile.

:class:`WorkerPool` holds worker processes that a batch (and then feedback) reuses, so their
start-up is paid once; :func:`run_tasks` feeds it grading tasks and survives a worker that dies.
:class:`Progress` is a tqdm bar on a terminal and a plain line every 10 % or 15 s otherwise. Only
plain data crosses to a worker (:class:`cxlab.grading.runner.GradingTask` in,
:class:`~cxlab.grading.runner.SubmissionResult` out), so :class:`cxlab.grading.distributed.DaskPool`,
with the same interface, stands in for a Dask cluster.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from cxlab.grading import runner, sandbox
from cxlab.grading.runner import ERROR, GRADED, GradingTask, SubmissionResult
from cxlab.lang import _


def duration(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 90 else f"{seconds // 60:.0f} min {seconds % 60:.0f} s"


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
            self.bar.set_postfix_str(_("{count} not graded cleanly").format(count=self.failed) if self.failed else "")
            self.bar.update()
            return
        now = time.monotonic()
        step = max(1, self.total // 10)
        if self.done == self.total or self.done - self.last_done >= step or now - self.last_time >= 15:
            elapsed = now - self.started
            eta = elapsed / self.done * (self.total - self.done)
            # "graded" counts only clean runs: a hand-in that timed out or could not be read is not graded.
            line = _("{label}: {done}/{total} hand-ins done ({graded} graded, {failed} timeout/error/invalid), "
                     "{elapsed} elapsed, ETA {eta}").format(
                label=self.label, done=self.done, total=self.total, graded=self.done - self.failed,
                failed=self.failed, elapsed=duration(elapsed), eta=duration(eta))
            self.stream.write(line + "\n")  # in one write: batches graded side by side share the stream
            self.stream.flush()
            self.last_done, self.last_time = self.done, now

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()




def _worker_init(environment: dict[str, str], grader: int) -> None:
    """Workers leave Ctrl-C to the main process and die with it, even on SIGKILL.

    ``environment``: the main process's variables when the pool started. A worker is forked from
    the fork server, which kept the variables of when it started; the pool's are the ones meant.
    ``grader``: the main process's id.
    """
    import logging

    os.environ.clear()
    os.environ.update(environment)

    from cxlab.grading import skip_slow_optional_imports

    skip_slow_optional_imports()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    logging.getLogger("traitlets").setLevel(logging.CRITICAL)
    from cxlab.grading.kernel import die_with_parent

    die_with_parent()  # the fork server: it ends when the grader and all its workers have
    _die_with(grader)


def _die_with(pid: int) -> None:
    """End this process the moment process ``pid`` ends, however it ends (even SIGKILL).

    A worker's parent is the fork server, not the grader, so Linux's parent-death signal does not
    reach it when the grader is killed; and the fork server waits for its workers. A thread waits on
    the grader's pidfd and kills this worker, whose kernels die with it (bubblewrap's
    ``--die-with-parent``, or the kernel's own parent-death signal).
    """
    import select
    import threading

    try:
        handle = os.pidfd_open(pid)
    except ProcessLookupError:
        os._exit(1)  # the grader is already gone
    except (AttributeError, OSError):  # not Linux 5.3 or later: look every second instead

        def wait() -> None:
            while True:
                try:
                    os.kill(pid, 0)  # signal 0: only asks whether the process exists
                except ProcessLookupError:
                    return
                except PermissionError:
                    pass
                time.sleep(1)
    else:

        def wait() -> None:
            select.select([handle], [], [])

    def watch() -> None:
        wait()
        os.kill(os.getpid(), signal.SIGKILL)

    threading.Thread(target=watch, name="cxlab-die-with-grader", daemon=True).start()


@contextlib.contextmanager
def _main_script_hidden():
    """Workers need only cxlab; a new worker must not re-run the caller's script.

    multiprocessing (spawn and fork server alike) re-executes ``__main__`` from its file in every
    worker, which runs a script without an ``if __name__ == "__main__"`` guard again (and again).
    Hiding the file while the workers start makes them skip it; ``python -m`` callers and pytest
    are unaffected.
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

    def sandbox(self) -> sandbox.Sandbox:
        """How the kernels of this pool's workers are isolated (they run on this machine)."""
        return sandbox.detect()

    def grade(self, task: GradingTask):
        """Grade one hand-in in a worker: a future of its :class:`SubmissionResult`."""
        return self.submit(runner.grade_submission, task)

    def submit(self, function, *args):
        import multiprocessing

        if self._executor is None:
            # Forked from multiprocessing's fork server (one clean process, never this one with its
            # threads), which imports what grading needs once (see cxlab.grading.preload).
            if "forkserver" in multiprocessing.get_all_start_methods():
                context = multiprocessing.get_context("forkserver")
                context.set_forkserver_preload(["cxlab.grading.preload"])
            else:  # Windows: spawned workers import all that themselves
                context = multiprocessing.get_context("spawn")
            self._executor = ProcessPoolExecutor(max_workers=self.workers, mp_context=context,
                                                 initializer=_worker_init, initargs=(dict(os.environ), os.getpid()))
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


def run_tasks(tasks: dict[str, GradingTask], pool):
    """Yield (task, result) as workers finish. A worker that dies is replaced; its task retried once.

    ``pool``: a :class:`WorkerPool`, or a :class:`cxlab.grading.distributed.DaskPool`, whose futures
    always end in a result (Dask itself reruns the task of a worker that died).
    """
    pending = list(tasks.values())
    attempts = {s: 0 for s in tasks}
    while pending:
        futures = {pool.grade(task): task for task in pending}
        pending = []
        finished = False
        try:
            while futures:
                done, _pending = wait(futures, return_when=FIRST_COMPLETED)
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
