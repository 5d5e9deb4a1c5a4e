"""Wall-clock time of ``cxlab demo``: two assignments in flight (the default) against one at a time.

Runs the default demo class (7 learners, every assignment) with ``demo.LANES = 1`` (each assignment
released, graded, fed back and reported before the next starts, as the demo did before) and with
``demo.LANES = 2``, alternately, in fresh folders, and prints both times and their ratio. Both runs
must give every learner the same grades. The issue's target: the default demo in under two minutes on
2 cores once the environment is installed. The script reports and always exits 0: it is not a test.
Run it as ``python benchmarks/demo.py`` (``--repeats``, ``--workers``).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import statistics
import tempfile
import time
from pathlib import Path

from cxlab import build, demo

KIT = build.find_kit(Path(__file__).parent)  # the kit this script belongs to, not where cxlab is installed


def timed_demo(lanes: int, workers: int | None) -> tuple[float, dict]:
    demo.LANES = lanes
    with tempfile.TemporaryDirectory(prefix="cxlab-bench-demo-") as folder:
        out = Path(folder) / "demo"
        started = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            demo.run(out, root=KIT, workers=workers)
        seconds = time.perf_counter() - started
        with open(out / "grades.csv", newline="", encoding="utf-8") as handle:
            grades = {(row["student_id"], row["assignment"]): row["score"] for row in csv.DictReader(handle)}
    return seconds, grades


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=1, help="runs of each kind, alternating (default 1)")
    parser.add_argument("--workers", type=int, default=None, help="workers per lane (default: the CPUs)")
    args = parser.parse_args()
    times: dict[int, list[float]] = {1: [], 2: []}
    grades: dict[int, dict] = {}
    for _ in range(args.repeats):
        for lanes in (1, 2):
            seconds, grades[lanes] = timed_demo(lanes, args.workers)
            times[lanes].append(seconds)
            print(f"demo with {lanes} assignment(s) in flight: {seconds:.1f} s", flush=True)
    one, two = statistics.median(times[1]), statistics.median(times[2])
    print(f"\nmedian: one at a time {one:.1f} s, two in flight {two:.1f} s: {one / two:.2f}x faster")
    print("grades identical" if grades[1] == grades[2] else "GRADES DIFFER between the two runs")


if __name__ == "__main__":
    main()
