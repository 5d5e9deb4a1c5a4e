"""The grading kernel: an ordinary IPython kernel, started with limits and a guard in place.

``python -m cxlab.grading.kernel --memory-mb 2048 --file-mb 64 [--no-plotting] [--datasets a,b] -f connection.json [ipykernel args]``

Before any learner code runs, this sets resource limits on its own process (they are inherited by
anything it starts), asks Linux to kill it if the grading worker dies, and installs
:mod:`cxlab.grading.guard`. Then it hands over to ipykernel.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys


def limit_resources(memory_mb: int, file_mb: int) -> None:
    """Cap address space (a memory bomb gets MemoryError), file size and core dumps."""
    import resource

    def cap(which, value):
        try:
            resource.setrlimit(which, (value, value))
        except (ValueError, OSError):
            pass  # not supported on this platform (RLIMIT_AS on macOS): grade without this cap

    if memory_mb > 0:
        cap(resource.RLIMIT_AS, memory_mb * 1024 * 1024)
    if file_mb > 0:
        cap(resource.RLIMIT_FSIZE, file_mb * 1024 * 1024)
    cap(resource.RLIMIT_CORE, 0)


PR_SET_PDEATHSIG, PR_SET_DUMPABLE = 1, 4


def prctl(option: int, value: int) -> None:
    """Linux's prctl(2) for this process; nothing where it is missing."""
    import ctypes

    try:
        ctypes.CDLL(None, use_errno=True).prctl(option, value, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def die_with_parent() -> None:
    """A grader killed with SIGKILL must not leave kernels running (Linux only)."""
    if not sys.platform.startswith("linux"):
        return
    prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(1)


def main(argv: list[str] | None = None) -> None:
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument("--memory-mb", type=int, default=0)
    options.add_argument("--file-mb", type=int, default=0)
    options.add_argument("--no-guard", action="store_true")
    # The assignment never draws: the guard need not preload matplotlib (see guard.PLOTTING).
    options.add_argument("--no-plotting", action="store_true")
    # The datasets the master loads (comma-separated): read and checked once, before any learner code.
    options.add_argument("--datasets", default="")
    # Outside bubblewrap only: inside, bwrap's --die-with-parent does this, and the kernel's
    # parent is the namespace's init (PID 1), which would look like an orphaned kernel.
    options.add_argument("--die-with-parent", action="store_true")
    ours, kernel_args = options.parse_known_args(sys.argv[1:] if argv is None else argv)

    limit_resources(ours.memory_mb, ours.file_mb)
    if ours.die_with_parent:
        die_with_parent()
    start(kernel_args, guard=not ours.no_guard, plotting=not ours.no_plotting,
          datasets=tuple(filter(None, ours.datasets.split(","))))


def start(kernel_args: list[str], guard: bool = True, plotting: bool = True, datasets: tuple[str, ...] = ()) -> None:
    """Start ipykernel with the guard installed before any learner code; returns when the kernel ends.

    Called here for a fresh kernel and by :mod:`cxlab.grading.zygote` in a kernel forked from a warm one.
    """
    # Kernel stdout/stderr go to a log file the grader reads only on a crash; no banner needed.
    from ipykernel.kernelapp import IPKernelApp

    app = IPKernelApp.instance()
    app.initialize(kernel_args)
    if guard:
        from cxlab.grading import guard as in_kernel_guard

        in_kernel_guard.install(app.shell, plotting=plotting, datasets=datasets)
    app.start()


if __name__ == "__main__":
    main()
