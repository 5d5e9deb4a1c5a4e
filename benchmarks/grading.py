"""Speed of ``cxlab grade`` against stock ``nbgrader autograde`` and against the floor, per assignment.

For each assignment measured (the heaviest by default: the most code cells in its master; ``--all``
for every one, ``--assignment NAME`` to choose):

* a class of distinct hand-ins (default 8: the master's answers, the blank release and every variant,
  each made distinct by a note cell so that none is a copy of another and every one really runs);
* graded with stock ``nbgrader autograde`` (one hand-in after another) and with ``cxlab grade
  --workers 2``, each a command of its own as an instructor runs it (start-up and imports count on
  both sides), each in a fresh copy of the same course, alternately, ``--rounds`` times; every
  score of every learner and cell must be identical;
* the floor: a fresh kernel running the master once with nbclient, no grading at all.

It prints, per hand-in, the CPU seconds of each side's whole process tree, kernels included
(:mod:`cputime`; comparable on a shared machine), the wall-clock speed-up of ``cxlab grade`` over
stock (the number that matters on an idle machine, and the one a loaded machine distorts), and the
load average while it ran. Targets on 2 cores: at least 1.7x stock, and per hand-in within 1.3x of
the floor. The script reports and always exits 0: it is not a test. Run it as
``python benchmarks/grading.py`` (``--all``, ``--assignment``, ``--learners``, ``--workers``, ``--rounds``).
"""

from __future__ import annotations

import argparse
import csv
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from cputime import TreeCPU, load

from cxlab import build
from cxlab.grading import cohort, gradebook, sandbox, submissions
from cxlab.grading.runner import Limits

FLOOR_REPEATS = 3
KIT = build.find_kit(Path(__file__).parent)  # the kit this script belongs to, not where cxlab is installed


def make_class(course: Path, assignment: str, learners: int) -> list[str]:
    """Distinct hand-ins drawn in turn from the master, the blank release and every variant."""
    import nbformat

    source, release = course / "source" / assignment, course / "release" / assignment
    variants_dir = KIT.tests / "grading" / "variants" / assignment
    kinds = ["solved", "blank"] + sorted(p.name for p in variants_dir.iterdir() if p.is_dir())
    names = []
    for number in range(learners):
        kind, learner = kinds[number % len(kinds)], f"learner-{number + 1:03d}"
        destination = course / "submitted" / learner / assignment
        if kind == "solved":
            submissions.write_solved(source, release, destination)
        elif kind == "blank":
            submissions.write_blank(release, destination)
        else:
            submissions.write_variant(variants_dir / kind, source, release, destination)
        for path in destination.glob("*.ipynb"):  # a note of their own: no two hand-ins are copies
            notebook = build.read_notebook(path)
            notebook.cells.append(nbformat.v4.new_markdown_cell(f"Handed in by {learner}."))
            path.write_text(build.notebook_text(notebook), encoding="utf-8")
        names.append(learner)
    return names


def heaviest(course: Path) -> str:
    """The assignment whose masters hold the most code cells."""
    def code_cells(name: str) -> int:
        return sum(sum(1 for c in build.read_notebook(p).cells if c.cell_type == "code")
                   for p in (course / "source" / name).glob("*.ipynb"))

    return max(build.assignments(course), key=code_cells)


@dataclass
class Measured:
    """Wall and CPU seconds of one side, one entry per round."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    def add(self, wall: float, cpu: float) -> None:
        self.wall.append(wall)
        self.cpu.append(cpu)

    def best_wall(self) -> float:
        return min(self.wall)

    def cpu_per(self, count: int) -> float:
        return statistics.median(self.cpu) / count


def timed(function) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process tree) of ``function()``."""
    with TreeCPU() as cpu:
        started = time.perf_counter()
        function()
        wall = time.perf_counter() - started
    return wall, cpu.seconds


def floor(course: Path, assignment: str) -> float:
    """CPU seconds of a fresh kernel running the master once with nbclient (the median of a few)."""
    from nbclient import NotebookClient

    def run_master() -> None:
        for path in sorted((course / "source" / assignment).glob("*.ipynb")):
            NotebookClient(build.read_notebook(path), timeout=600, kernel_name="python3",
                           resources={"metadata": {"path": str(path.parent)}}).execute()

    return statistics.median(timed(run_master)[1] for _ in range(FLOOR_REPEATS))


def compare_local(assignment: str, learners: int, workers: int, rounds: int, work: Path) -> dict:
    """Stock nbgrader and ``cxlab grade`` alternated on the same class; the floor beside them."""
    template = build.copy_course(KIT.course, work / "template")
    build.generate_assignment(template, assignment)
    names = make_class(template, assignment, learners)
    stock, ours = Measured(), Measured()
    different: set[str] = set()
    for round_ in range(rounds):
        theirs_dir, ours_dir = work / f"stock-{round_}", work / f"cxlab-{round_}"
        shutil.copytree(template, theirs_dir)
        shutil.copytree(template, ours_dir)
        stock.add(*timed(lambda: stock_autograde(theirs_dir, assignment)))
        ours.add(*timed(lambda: cxlab_grade(ours_dir, assignment, workers)))
        theirs, mine = gradebook.read_scores(theirs_dir, assignment), gradebook.read_scores(ours_dir, assignment)
        different |= {s for s in names if theirs[s].by_cell() != mine[s].by_cell()}
        shutil.rmtree(theirs_dir)
        shutil.rmtree(ours_dir)
    return {"assignment": assignment, "hand_ins": len(names), "stock": stock, "ours": ours,
            "floor": floor(template, assignment), "different": sorted(different)}


def stock_autograde(course: Path, assignment: str) -> None:
    """``nbgrader autograde`` untouched, as an instructor without the kit runs it (the kit's own calls of
    nbgrader start it faster: :mod:`cxlab.grading.nbgrader_main`)."""
    command = [sys.executable, "-m", "nbgrader", "autograde", assignment, "--force"]
    finished = subprocess.run(command, cwd=course, env=build.nbgrader_environment(), capture_output=True, text=True)
    if finished.returncode != 0:
        raise SystemExit(f"nbgrader autograde {assignment} failed: {build.last_error_line(finished)}")


def cxlab_grade(course: Path, assignment: str, workers: int) -> None:
    """``cxlab grade`` as an instructor runs it: a process of its own, as stock nbgrader's is."""
    command = [sys.executable, "-c", "from cxlab.cli import main; raise SystemExit(main())", "grade", assignment,
               "--course-dir", str(course), "--workers", str(workers), "--timeout", "600"]
    finished = subprocess.run(command, capture_output=True, text=True)
    if finished.returncode != 0:
        last = (finished.stderr.strip().splitlines() or [f"exit code {finished.returncode}"])[-1]
        raise SystemExit(f"cxlab grade {assignment} failed: {last}")


def print_local(row: dict, workers: int) -> None:
    n, stock, ours, floor_cpu = row["hand_ins"], row["stock"], row["ours"], row["floor"]
    speed_up = stock.best_wall() / ours.best_wall()
    print(f"\n{row['assignment']}: {n} distinct hand-ins, {len(stock.wall)} round(s) alternated; "
          f"sandbox: {sandbox.detect().describe()}")
    print(f"  CPU s per hand-in: stock nbgrader {stock.cpu_per(n):.2f}, cxlab grade {ours.cpu_per(n):.2f}, "
          f"floor (fresh kernel, master once) {floor_cpu:.2f}")
    print(f"  cxlab grade / floor: {ours.cpu_per(n) / floor_cpu:.2f} (target: within 1.3); "
          f"stock / cxlab grade in CPU: {stock.cpu_per(n) / ours.cpu_per(n):.2f}")
    print(f"  wall (best round): stock {stock.best_wall():.1f} s, cxlab grade --workers {workers} "
          f"{ours.best_wall():.1f} s: {speed_up:.2f}x (target: at least 1.7x on 2 idle cores)")
    print(f"  scores identical for every learner and cell: "
          f"{'yes' if not row['different'] else 'NO: ' + ', '.join(row['different'])}")


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--assignment", action="append", help="an assignment to measure (repeatable)")
    options.add_argument("--all", action="store_true", help="measure every assignment")
    options.add_argument("--learners", type=int, default=8)
    options.add_argument("--workers", type=int, default=2)
    options.add_argument("--rounds", type=int, default=2)
    options.add_argument("--dask", action="store_true",
                         help="instead: the local pool against a Dask LocalCluster with as many workers")
    args = options.parse_args()
    names = build.assignments(KIT.course) if args.all else args.assignment or [heaviest(KIT.course)]
    if args.dask:
        for name in names:
            dask_against_local_pool(name, args.learners, args.workers)
        return

    print(f"before: {load()}")
    for name in names:
        with tempfile.TemporaryDirectory(prefix="cxlab-bench-") as work:
            print_local(compare_local(name, args.learners, args.workers, args.rounds, Path(work)), args.workers)
        print(f"  {load()}", flush=True)


def dask_against_local_pool(assignment: str, learners: int, workers: int) -> None:
    """``cxlab grade --scheduler`` on a LocalCluster against the local pool, same class, same worker count.

    The cluster is started before the clock starts (as an instructor's cluster is already up); the
    local pool's start-up counts, as it does in ``cxlab grade``. The difference per hand-in is what
    packing the hand-in, shipping it as bytes, unpacking it on the worker and returning the result cost.
    """
    from distributed import LocalCluster

    from cxlab.grading.distributed import DaskPool
    from cxlab.grading.workers import WorkerPool

    with tempfile.TemporaryDirectory(prefix="cxlab-bench-dask-") as work:
        local = build.copy_course(KIT.course, Path(work) / "local")
        build.generate_assignment(local, assignment)
        names = make_class(local, assignment, learners)
        remote = Path(work) / "dask"
        shutil.copytree(local, remote)

        start = time.perf_counter()
        with WorkerPool(workers) as pool:
            cohort.grade(local, assignment, limits=Limits(timeout=600), pool=pool)
        local_seconds = time.perf_counter() - start

        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
            start = time.perf_counter()
            with DaskPool(cluster.scheduler_address) as pool:
                batch = cohort.grade(remote, assignment, limits=Limits(timeout=600), pool=pool)
            dask_seconds = time.perf_counter() - start

        ours, theirs = gradebook.read_scores(local, assignment), gradebook.read_scores(remote, assignment)
        different = [s for s in names if ours[s].by_cell() != theirs[s].by_cell()]
        inside = {}  # seconds per hand-in inside a worker (timings.csv): the rest is getting it there and back
        for side, course in (("local pool", local), ("Dask", remote)):
            with open(course / "reports" / assignment / "timings.csv", newline="", encoding="utf-8") as handle:
                inside[side] = statistics.mean(float(r["seconds"]) for r in csv.DictReader(handle))

    count = len(names)
    print(f"class: {count} distinct hand-ins of {assignment}; sandbox: {sandbox.detect().describe()}")
    print(f"local pool, {workers} workers:           {local_seconds:7.1f} s  "
          f"({local_seconds / count:.2f} s per hand-in)")
    print(f"Dask LocalCluster, {workers} workers:    {dask_seconds:7.1f} s  ({dask_seconds / count:.2f} s per hand-in; "
          f"statuses: {sorted(set(batch.statuses.values()))})")
    print(f"Dask overhead per hand-in (wall, {workers} at once): {(dask_seconds - local_seconds) / count:+.2f} s")
    for side, seconds in (("local pool", local_seconds), ("Dask", dask_seconds)):
        outside = seconds * workers / count - inside[side]
        print(f"{side}: {inside[side]:.2f} s per hand-in inside a worker, {outside:.2f} s of worker time per hand-in "
              "outside it (start-up, dispatch, transfer)")
    print(f"scores identical for every learner and cell: {'yes' if not different else 'NO: ' + ', '.join(different)}")


if __name__ == "__main__":
    main()
