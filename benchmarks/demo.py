"""Time of ``cxlab demo``: wall clock and the CPU seconds of its whole process tree, with the load.

Runs the default demo class (every assignment; ``--learners`` to change it) in a fresh folder and
prints its wall time, the CPU seconds of the demo and everything it started (grading workers,
kernels, nbgrader; see :mod:`cputime`) and the load average before and after. The issue's target:
under two minutes on 2 idle cores once the environment is installed. On a shared machine the wall
time swings with other people's work; the CPU seconds do not, and on 2 idle cores the wall time is
at least half of them. ``--lanes 1 2`` also compares one assignment at a time with two in flight
(alternately, ``--repeats`` times each; both must give every learner the same grades). The script
reports and always exits 0: it is not a test. Run it as ``python benchmarks/demo.py``.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import os
import statistics
import tempfile
import time
from pathlib import Path

from cputime import TreeCPU, load

from cxlab import build, demo

KIT = build.find_kit(Path(__file__).parent)  # the kit this script belongs to, not where cxlab is installed


def timed_demo(lanes: int, learners: int, workers: int | None) -> tuple[float, float, dict]:
    """(wall seconds, CPU seconds of the process tree, every learner's grades) of one demo."""
    demo.LANES = lanes
    with tempfile.TemporaryDirectory(prefix="cxlab-bench-demo-") as folder:
        out = Path(folder) / "demo"
        with TreeCPU() as cpu:
            started = time.perf_counter()
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                demo.run(out, root=KIT, learners=learners, workers=workers)
            seconds = time.perf_counter() - started
        with open(out / "grades.csv", newline="", encoding="utf-8") as handle:
            grades = {(row["student_id"], row["assignment"]): row["score"] for row in csv.DictReader(handle)}
    return seconds, cpu.seconds, grades


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=demo.DEFAULT_LEARNERS)
    parser.add_argument("--lanes", type=int, nargs="+", default=[demo.LANES],
                        help=f"assignments in flight; several to compare (default {demo.LANES}, the demo's)")
    parser.add_argument("--repeats", type=int, default=1, help="runs of each kind, alternating (default 1)")
    parser.add_argument("--workers", type=int, default=None, help="workers per lane (default: the CPUs)")
    args = parser.parse_args()
    assignments = len(build.assignments(KIT.course))
    print(f"default demo: {args.learners} learners x {assignments} assignments; before: {load()}", flush=True)
    times: dict[int, list[float]] = {lanes: [] for lanes in args.lanes}
    grades: dict[int, dict] = {}
    for _ in range(args.repeats):
        for lanes in args.lanes:
            seconds, cpu, grades[lanes] = timed_demo(lanes, args.learners, args.workers)
            times[lanes].append(seconds)
            print(f"demo with {lanes} assignment(s) in flight: {seconds:.1f} s wall, {cpu:.1f} CPU seconds "
                  f"(at least {cpu / (os.cpu_count() or 1):.1f} s on {os.cpu_count()} idle cores); {load()}",
                  flush=True)
    if len(args.lanes) > 1:
        medians = {lanes: statistics.median(values) for lanes, values in times.items()}
        print("median wall: " + ", ".join(f"{lanes} in flight {value:.1f} s" for lanes, value in medians.items()))
        same = all(grades[lanes] == grades[args.lanes[0]] for lanes in args.lanes)
        print("grades identical" if same else "GRADES DIFFER between the runs")


if __name__ == "__main__":
    main()
