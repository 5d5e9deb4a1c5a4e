"""Kernels forked from a warm process: a hand-in's kernel starts with its libraries already imported.

A fresh grading kernel spends about 1.5 s of CPU before the notebook's first cell: importing IPython,
ipykernel, numpy, pandas and matplotlib and reading the datasets the master loads. That is half of
what running a whole notebook costs, and it is the same for every hand-in. A *zygote* (the name
Android gives its warm process) is started once per grading worker (and per kind of master: one that
draws, one that does not), inside the bubblewrap sandbox a kernel would get, does all of that once (every
dataset included, so one zygote serves every assignment), and then forks one kernel per notebook.
The kernel installs the guard and starts ipykernel exactly as a fresh one does
(:func:`cxlab.grading.kernel.start`), so everything a learner's code can touch is made after the fork.

One sandbox then serves many hand-ins, one after another. What keeps a hand-in from reaching the next:

- processes: after each notebook the zygote kills every other process of the sandbox's PID namespace
  (``kill(-1, SIGKILL)``: the namespace holds only bubblewrap's init, the zygote and what its kernel
  started), reaps them and checks that none is left; it refuses to run outside a PID namespace of its
  own, where that call would reach the grader's processes;
- files: the worker empties the scratch folder, and the zygote the sandbox's /tmp and /dev/shm;
- the zygote itself: it is not dumpable, so no kernel can trace it or read or write its memory
  (``/proc/PID/mem``), and a kernel closes the control channel (the zygote's stdin and stdout) before
  any code of the learner's runs. A kernel can still signal it (they are the same user): a zygote that
  does not answer in time is killed with its sandbox, and the next notebook gets a new one.

Where a zygote cannot start, grading falls back to a fresh sandboxed kernel per notebook.

Protocol: one JSON object per line; the grader writes requests to the zygote's stdin, the zygote
answers each on its stdout. ``start`` forks a kernel, ``poll`` asks whether it still runs, ``clean``
kills everything but the zygote and empties its temporary folders.
"""

from __future__ import annotations

import argparse
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

INLINE_BACKEND = "module://matplotlib_inline.backend_inline"
START_SECONDS = 120.0  # the zygote's imports, on a CI machine busy with other tests
ANSWER_SECONDS = 15.0  # any other request: a zygote slower than this is stopped, not trusted


class ZygoteError(RuntimeError):
    """The zygote did not answer as it should: it is stopped. A kernel it was to start is started afresh
    instead (the hand-in is not at fault); one it had started counts as dead."""


# --------------------------------------------------------------------------- inside the sandbox


def _preload(plotting: bool) -> None:
    """Import what every kernel imports, and read every dataset (some 0.6 s, once per worker): then the
    zygote serves every assignment, and a class graded after another needs no new one."""
    import importlib

    from cxlab.grading import guard

    # What ipykernel sets before a kernel imports matplotlib: imported now, matplotlib reads it now.
    os.environ.setdefault("MPLBACKEND", INLINE_BACKEND)
    for name in ("ipykernel.kernelapp", "ipykernel.ipkernel", "IPython", "cxlab.grading.kernel",
                 *guard.PRELOAD, *(guard.PLOTTING if plotting else ())):
        try:
            importlib.import_module(name)
        except Exception:
            pass  # a kernel that needs it fails on it as a fresh kernel would
    try:
        from cxlab import datasets as data
    except Exception:
        return
    for name in data.names():
        try:
            data._checked(*data._cache_key(name))  # the guard's own priming then finds it read
        except Exception:
            pass  # the kernel reports an unreadable file where the master loads it


def _other_processes() -> list[int]:
    """Processes of this PID namespace besides its init and this zygote, ended but unreaped ones too."""
    return [int(entry) for entry in os.listdir("/proc") if entry.isdigit() and int(entry) not in (1, os.getpid())]


def _reap() -> dict[int, int]:
    """Wait for every child that has ended: pid -> exit code (negative: the signal that ended it)."""
    ended = {}
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return ended
        if pid == 0:
            return ended
        ended[pid] = os.waitstatus_to_exitcode(status)


def empty(folder) -> None:
    """Remove everything in ``folder``, never following a symlink (between two hand-ins)."""
    for entry in os.scandir(folder) if os.path.isdir(folder) else ():
        try:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                os.unlink(entry.path)
        except OSError:
            pass


class _Server:
    def __init__(self, control_in: int, control_out: int):
        self.control_in, self.control_out = control_in, control_out
        self.ended: dict[int, int] = {}

    def answer(self, request: dict) -> dict:
        op = request.get("op")
        if op == "start":
            return {"pid": self.fork_kernel(request)}
        if op == "poll":
            self.ended.update(_reap())
            pid = request["pid"]
            return {"exit": self.ended.get(pid)}
        if op == "clean":
            return {"clean": self.clean()}
        return {"error": f"unknown request {op!r}"}

    def fork_kernel(self, request: dict) -> int:
        pid = os.fork()
        if pid:
            return pid
        try:  # the kernel: nothing below may return into the zygote's loop
            self.become_kernel(request)
        except Exception:  # noqa: BLE001 - said in the sandbox's log, which the grader reads when a kernel dies
            import traceback

            traceback.print_exc(file=sys.__stderr__)
        finally:
            os._exit(1)

    def become_kernel(self, request: dict) -> None:
        from cxlab.grading import kernel

        os.setsid()
        # The control channel is the zygote's only door: shut before the learner's first line runs.
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(2, 1)  # the kernel's own output goes to the sandbox's log, as a fresh kernel's does
        os.closerange(3, 65536)
        kernel.die_with_parent()  # the zygote gone, its kernel goes too
        kernel.prctl(kernel.PR_SET_DUMPABLE, 1)  # as a fresh kernel is; the zygote stays undumpable
        kernel.limit_resources(int(request["memory_mb"]), int(request["file_mb"]))
        os.chdir(os.environ.get("HOME", "/"))
        kernel.start(list(request["args"]), guard=bool(request["guard"]), plotting=bool(request["plotting"]),
                     datasets=tuple(request["datasets"]))
        os._exit(0)

    def clean(self) -> bool:
        """Kill every process but init and the zygote, reap them, empty /tmp and /dev/shm."""
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.kill(-1, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.ended.update(_reap())
            if not _other_processes():
                break
            time.sleep(0.01)
        else:
            return False
        for folder in ("/tmp", "/dev/shm"):
            empty(folder)
        return True

    def serve(self) -> None:
        pending = b""
        while True:
            chunk = os.read(self.control_in, 65536)
            if not chunk:
                return  # the grader closed the channel (or died): the sandbox ends with it
            pending += chunk
            while b"\n" in pending:
                line, pending = pending.split(b"\n", 1)
                try:
                    reply = self.answer(json.loads(line))
                except Exception as error:  # noqa: BLE001 - answered, never fatal to the zygote
                    reply = {"error": f"{error.__class__.__name__}: {error}"}
                os.write(self.control_out, json.dumps(reply).encode() + b"\n")


def main(argv: list[str] | None = None) -> None:
    options = argparse.ArgumentParser(prog="python -m cxlab.grading.zygote")
    options.add_argument("--no-plotting", action="store_true")
    options.add_argument("--outside-pid-namespace", required=True,
                         help="the grader's /proc/self/ns/pid: this zygote must be in another one")
    args = options.parse_args(argv)
    if os.readlink("/proc/self/ns/pid") == args.outside_pid_namespace:
        sys.exit("cxlab zygote: not in a PID namespace of its own; refusing to start (kill(-1) would reach the grader)")
    from cxlab.grading.kernel import PR_SET_DUMPABLE, prctl

    prctl(PR_SET_DUMPABLE, 0)
    _preload(not args.no_plotting)
    from cxlab.grading import guard

    guard.freeze_start_up()
    server = _Server(os.dup(0), os.dup(1))
    os.write(server.control_out, json.dumps({"ready": os.getpid()}).encode() + b"\n")
    server.serve()


# --------------------------------------------------------------------------- grader side


class Zygote:
    """A warm process in a sandbox of its own, forking one kernel per notebook (see the module docstring)."""

    def __init__(self, bwrap: str, slot: Path, data_dir: str, env: dict[str, str], plotting: bool, log_path: Path):
        from cxlab.grading.sandbox import Sandbox, bwrap_command

        self.slot, self.log_path = slot, log_path
        self.lock = threading.Lock()
        self.buffer = b""
        command = [sys.executable, "-m", "cxlab.grading.zygote",
                   f"--outside-pid-namespace={os.readlink('/proc/self/ns/pid')}",
                   *([] if plotting else ["--no-plotting"])]
        with open(log_path, "ab") as log:
            self.process = subprocess.Popen(
                bwrap_command(Sandbox(bwrap), slot, Path(data_dir), env, command),
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, start_new_session=True)
        self.ask(None, START_SECONDS)

    def ask(self, request: dict | None, seconds: float = ANSWER_SECONDS) -> dict:
        """Send ``request`` (None: only read) and return the answer; a zygote that fails is stopped."""
        with self.lock:
            try:
                if request is not None:
                    self.process.stdin.write(json.dumps(request).encode() + b"\n")
                    self.process.stdin.flush()
                return self._read_answer(time.monotonic() + seconds)
            except (OSError, ValueError, ZygoteError) as error:
                self.stop()
                raise ZygoteError(f"the warm kernel process stopped answering ({error})") from error

    def _read_answer(self, deadline: float) -> dict:
        out = self.process.stdout.fileno()
        while b"\n" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([out], [], [], left)[0]:
                raise ZygoteError("no answer in time")
            chunk = os.read(out, 65536)
            if not chunk:
                raise ZygoteError("it ended")
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        answer = json.loads(line)
        if "error" in answer:
            raise ZygoteError(answer["error"])
        return answer

    def alive(self) -> bool:
        return self.process.poll() is None

    def start_kernel(self, args: list[str], memory_mb: int, file_mb: int, guard: bool, plotting: bool,
                     datasets: tuple[str, ...]) -> "ForkedKernel":
        pid = self.ask({"op": "start", "args": args, "memory_mb": memory_mb, "file_mb": file_mb, "guard": guard,
                        "plotting": plotting, "datasets": list(datasets)})["pid"]
        return ForkedKernel(self, pid)

    def clean(self) -> None:
        """Kill the kernel and all it started, and empty the temporary folders; raise if that failed."""
        if not self.ask({"op": "clean"})["clean"]:
            self.stop()
            raise ZygoteError("a process of the previous hand-in would not end")

    def stop(self) -> None:
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)  # bwrap leads its own session
            except OSError:
                self.process.kill()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass


class ForkedKernel:
    """What jupyter_client holds for a kernel process (``poll``, ``wait``, ``kill``...), for a forked one."""

    stdin = stdout = stderr = None

    def __init__(self, zygote: Zygote, pid: int):
        self.zygote, self.pid = zygote, pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                self.returncode = self.zygote.ask({"op": "poll", "pid": self.pid})["exit"]
            except ZygoteError:
                self.returncode = -signal.SIGKILL
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout)
            time.sleep(0.05)
        return self.returncode

    def kill(self) -> None:
        """The kernel and every process it started."""
        if self.returncode is None:
            try:
                self.zygote.clean()
            except ZygoteError:
                pass  # stopped with its sandbox: every process in it is gone
            self.returncode = -signal.SIGKILL

    terminate = kill

    def send_signal(self, signum: int) -> None:
        if signum in (signal.SIGKILL, signal.SIGTERM):
            self.kill()  # interrupts go to ipykernel as messages (see GradingKernelManager.use_scratch)


_warm = threading.local()  # per thread: a Dask worker may grade in several threads at once
KEPT = 2  # zygotes a thread keeps: one for masters that draw, one for those that do not


def for_notebook(key: tuple, make) -> Zygote | None:
    """This thread's zygote for ``key`` (what the kernel's world depends on), made with ``make(slot, log)``
    when there is none yet or the last one died; None where one cannot start (then: a fresh kernel)."""
    kept = _kept()
    current = kept.pop(key, None)
    if current is not None and current[0].alive():
        kept[key] = current  # the most recently used last
        return current[0]
    if current is not None:
        _stop(current)
    if key in _warm.failed:
        return None  # it could not start a moment ago: do not wait for it again
    while len(kept) >= KEPT:
        _stop(kept.pop(next(iter(kept))))
    folder = Path(tempfile.mkdtemp(prefix="cxlab-warm-"))
    slot = folder / "work"
    slot.mkdir()
    try:
        zygote = make(slot, folder / "kernel.log")
    except (ZygoteError, OSError):
        shutil.rmtree(folder, ignore_errors=True)
        _warm.failed.add(key)
        return None
    kept[key] = (zygote, folder)
    _everywhere.add(folder)
    return zygote


def _kept() -> dict:
    if not hasattr(_warm, "zygotes"):
        _warm.zygotes, _warm.failed = {}, set()
    return _warm.zygotes


def _stop(entry: tuple) -> None:
    zygote, folder = entry
    zygote.stop()
    shutil.rmtree(folder, ignore_errors=True)
    _everywhere.discard(folder)


def close() -> None:
    """Stop this thread's zygotes and remove their folders."""
    kept = _kept()
    while kept:
        _stop(kept.popitem()[1])


_everywhere: set[Path] = set()  # every thread's zygote folder, removed when the process ends


def _remove_folders() -> None:
    # A zygote's sandbox ends with the worker that started it (bwrap --die-with-parent); its folder
    # would stay behind in /tmp.
    for folder in list(_everywhere):
        shutil.rmtree(folder, ignore_errors=True)


def _at_exit() -> None:
    import atexit
    from multiprocessing import util

    atexit.register(_remove_folders)
    util.Finalize(None, _remove_folders, exitpriority=0)  # a pool worker ends without running atexit


_at_exit()


if __name__ == "__main__":
    main()
