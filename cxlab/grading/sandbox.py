"""Where learner code runs: a bubblewrap sandbox around the kernel, and the limits it runs under.

A graded notebook is somebody else's code, run with the instructor's rights unless something stops
it. On Linux, the kernel is started inside ``bwrap`` (bubblewrap, the sandbox Flatpak uses):

- it sees a file system made only of what Python needs — the system libraries, this Python and its
  virtual environment, the ``cxlab`` package and the datasets, all read-only — plus its own scratch
  folder; the course (masters, gradebook, other learners' hand-ins) and home folders do not exist;
- it has its own network namespace, so no network at all, not even the grader's loopback ports; it
  talks to the grader over Unix sockets in the scratch folder (jupyter_client's ``ipc`` transport);
- it has its own PID namespace and session, no capabilities, and dies with the worker that started it.

Memory, file size and core dumps are capped with rlimits by :mod:`cxlab.grading.kernel`, inside.

Where bubblewrap is missing or cannot create namespaces (some containers), grading still works, with
a one-time plain warning: the kernel then runs with the grader's rights.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

#: Set to "off" to grade without a sandbox even where bubblewrap works (for comparison and tests).
SANDBOX_VARIABLE = "CXLAB_SANDBOX"

# Only these /etc files: the dynamic loader cache, time zone, user names, fonts. Never all of /etc,
# which holds private keys a root grader could read.
ETC_FILES = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "passwd", "group", "nsswitch.conf", "fonts")
SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
TMP_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class Sandbox:
    """How kernels are isolated in this run: ``bwrap`` is the program's path, or None for none."""

    bwrap: str | None
    why_not: str = ""

    @property
    def enabled(self) -> bool:
        return self.bwrap is not None

    def describe(self) -> str:
        return "bubblewrap" if self.enabled else f"none ({self.why_not})"


@functools.cache
def detect() -> Sandbox:
    """Find out once whether bubblewrap can create the namespaces the sandbox needs, here."""
    if os.environ.get(SANDBOX_VARIABLE, "").lower() == "off":
        return Sandbox(None, f"{SANDBOX_VARIABLE}=off")
    if not sys.platform.startswith("linux"):
        return Sandbox(None, "bubblewrap needs Linux")
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        return Sandbox(None, "bubblewrap is not installed; on Debian or Ubuntu: apt-get install bubblewrap")
    probe = [bwrap, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--size", "1048576", "--tmpfs", "/tmp",
             "--remount-ro", "/", "--unshare-all",
             "--die-with-parent", "--new-session", "--cap-drop", "ALL", "--", "/bin/true"]
    try:
        result = subprocess.run(probe, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as error:
        return Sandbox(None, f"bubblewrap does not start: {error}")
    if result.returncode != 0:
        reason = (result.stderr.strip().splitlines() or [f"exit code {result.returncode}"])[-1]
        return Sandbox(None, f"bubblewrap cannot create namespaces here ({reason})")
    return Sandbox(bwrap)


def warning(sandbox: Sandbox) -> str:
    """The one-time warning a person reads when learner code will run unconfined."""
    return (
        "cxlab: warning: learner code will run WITHOUT a sandbox: "
        f"{sandbox.why_not}. Submissions could read the master notebooks and the gradebook, and reach "
        "the network. Grading goes on."
    )


def python_paths() -> list[Path]:
    """What the kernel's Python needs to import its packages, read-only.

    Only the interpreter, the virtual environment, site-packages folders and the ``cxlab`` package
    itself — never a sys.path entry such as a repository root, which would expose ``course/``.
    """
    import cxlab

    paths = {Path(sys.base_prefix), Path(sys.prefix), Path(cxlab.__file__).resolve().parent}
    paths.add(Path(os.path.realpath(sys.executable)).parent.parent)
    for entry in sys.path:
        if entry and Path(entry).name in ("site-packages", "dist-packages") and Path(entry).is_dir():
            paths.add(Path(entry))
    return sorted(_outermost(p.resolve() for p in paths if p.exists()))


def _outermost(paths) -> list[Path]:
    kept: list[Path] = []
    for path in sorted(set(paths), key=lambda p: len(p.parts)):
        if not any(path.is_relative_to(outer) for outer in kept):
            kept.append(path)
    return kept


def bwrap_command(sandbox: Sandbox, scratch: Path, data_dir: Path, env: dict[str, str], command: list[str]) -> list[str]:
    """The bwrap command line that runs ``command`` confined to ``scratch``.

    Order matters: later mounts cover earlier ones, so the private /tmp comes first and everything
    that may live under /tmp (the scratch folder, a virtual environment or checkout there, the
    datasets) is bound in after it.
    """
    args = [sandbox.bwrap]
    for name in SYSTEM_DIRS:
        if os.path.islink(name):
            args += ["--symlink", os.readlink(name), name]
        elif os.path.isdir(name):
            args += ["--ro-bind", name, name]
    for name in ETC_FILES:
        args += ["--ro-bind-try", f"/etc/{name}", f"/etc/{name}"]
    # /tmp is memory, which the address-space cap does not count: give it a size of its own.
    args += ["--dev", "/dev", "--proc", "/proc", "--size", str(TMP_BYTES), "--tmpfs", "/tmp"]
    for path in python_paths():
        args += ["--ro-bind", str(path), str(path)]
    args += ["--bind", str(scratch), str(scratch)]
    args += ["--ro-bind-try", str(data_dir), str(data_dir)]
    # The root bwrap builds is a tmpfs: read-only, so the only writable places are the scratch
    # folder and this sandbox's own, private /tmp.
    args += ["--remount-ro", "/"]
    args += ["--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL", "--chdir", str(scratch)]
    args += ["--clearenv"]
    for key, value in env.items():
        args += ["--setenv", key, value]
    return [*args, "--", *command]
