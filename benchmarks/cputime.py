"""CPU seconds of this process and every process it starts, kernels included (Linux, for benchmarks).

``resource.getrusage(RUSAGE_CHILDREN)`` counts only children that were waited for; a grading kernel
killed inside its sandbox is reaped by the sandbox's own init and its CPU never reaches us. So a
thread reads ``/proc/<pid>/stat`` of every descendant every ``interval`` seconds and keeps each
one's last reading: the tally misses at most one interval at the end of each process (a few
tens of milliseconds on processes that live seconds). On a shared machine, CPU seconds are what stays
comparable while wall time swings with other people's load.
"""

from __future__ import annotations

import os
import resource
import threading
import time

TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> tuple[int, str, float] | None:
    """(parent pid, start time, CPU seconds so far) of a process, or None once it is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            text = handle.read().decode("ascii", "replace")
    except OSError:
        return None
    fields = text[text.rfind(")") + 2:].split()  # the command name may hold spaces and parentheses
    return int(fields[1]), fields[19], (int(fields[11]) + int(fields[12])) / TICKS


class TreeCPU:
    """``with TreeCPU() as cpu: ...`` then ``cpu.seconds``: this process's CPU plus its descendants'."""

    def __init__(self, interval: float = 0.02):
        self.interval = interval
        self.seconds = 0.0
        self._seen: dict[tuple[int, str], float] = {}  # (pid, start time): CPU seconds at the last look
        self._known = set()
        self._stop = threading.Event()
        self._sampler_cpu = 0.0

    def _sample(self) -> None:
        stats = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                found = _stat(int(entry))
                if found is not None:
                    stats[int(entry)] = found
        parents = {os.getpid()} | {pid for pid, started in self._known if stats.get(pid, (0, ""))[1] == started}
        changed = True
        while changed:  # a descendant is a process whose parent is us or a descendant
            changed = False
            for pid, (parent, started, _) in stats.items():
                if parent in parents and pid not in parents:
                    self._known.add((pid, started))
                    parents.add(pid)
                    changed = True
        for pid, started in self._known:
            if pid in stats and stats[pid][1] == started:
                self._seen[(pid, started)] = stats[pid][2]

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.interval)
        self._sample()
        self._sampler_cpu = time.thread_time()

    def __enter__(self):
        self._sample()
        self._before = dict(self._seen)  # processes already running count from now on
        self._self_start = resource.getrusage(resource.RUSAGE_SELF)
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        end = resource.getrusage(resource.RUSAGE_SELF)
        own = (end.ru_utime - self._self_start.ru_utime) + (end.ru_stime - self._self_start.ru_stime)
        self.seconds = own - self._sampler_cpu + sum(v - self._before.get(k, 0.0) for k, v in self._seen.items())
        return False


def load() -> str:
    """The machine's load, to print beside every number measured on it."""
    return "load average " + ", ".join(f"{value:.2f}" for value in os.getloadavg()) + f" on {os.cpu_count()} CPUs"
