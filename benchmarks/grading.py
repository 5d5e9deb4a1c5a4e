"""Speed of ``cxlab grade`` against stock ``nbgrader autograde``, on the same class, in one run.

Measures:

* one class of distinct hand-ins (default 24 learners of 00-orientation: the master's answers,
  the blank release and every variant, each made distinct by a note cell so that none is a copy of
  another and every one really runs) graded twice, in two copies of the course: with stock
  ``nbgrader autograde`` (one notebook after another) and with ``cxlab grade --workers 2``; every
  score of every learner and cell must be identical. Target on 2 cores: at least 1.7x faster;
* the time per notebook under ``cxlab grade`` (the median of ``timings.csv``: sanitize, sandbox,
  kernel start, run, guard) against starting a kernel and running the master once with nbclient
  (the median of several). Target: within 1.3x.

Both sides run in the sandbox's absence or presence as this machine allows (the summary says which).
The script reports and always exits 0: it is not a test. Run it as ``python benchmarks/grading.py``
(``--learners``, ``--workers``, ``--assignment`` to change the class).
"""

from __future__ import annotations

import argparse
import csv
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from cxlab import build
from cxlab.grading import cohort, gradebook, sandbox, submissions
from cxlab.grading.runner import Limits

BASELINE_REPEATS = 5
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


def kernel_and_master_once(course: Path, assignment: str) -> float:
    """Median seconds to start a kernel and run the master notebook with nbclient."""
    from nbclient import NotebookClient

    times = []
    for _ in range(BASELINE_REPEATS):
        for path in sorted((course / "source" / assignment).glob("*.ipynb")):
            notebook = build.read_notebook(path)
            start = time.perf_counter()
            NotebookClient(notebook, timeout=600, kernel_name="python3",
                           resources={"metadata": {"path": str(path.parent)}}).execute()
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--assignment", default="00-orientation")
    options.add_argument("--learners", type=int, default=24)
    options.add_argument("--workers", type=int, default=2)
    options.add_argument("--dask", action="store_true",
                         help="instead: the local pool against a Dask LocalCluster with as many workers")
    args = options.parse_args()
    if args.dask:
        return dask_against_local_pool(args.assignment, args.learners, args.workers)

    with tempfile.TemporaryDirectory(prefix="cxlab-bench-") as work:
        stock = build.copy_course(KIT.course, Path(work) / "stock")
        build.generate_assignment(stock, args.assignment)
        learners = make_class(stock, args.assignment, args.learners)
        ours = Path(work) / "cxlab"
        shutil.copytree(stock, ours)  # the same release, gradebook and hand-ins

        start = time.perf_counter()
        gradebook.autograde(stock, args.assignment)
        stock_seconds = time.perf_counter() - start

        start = time.perf_counter()
        batch = cohort.grade(ours, args.assignment, workers=args.workers, limits=Limits(timeout=600))
        ours_seconds = time.perf_counter() - start

        theirs, mine = gradebook.read_scores(stock, args.assignment), gradebook.read_scores(ours, args.assignment)
        different = [s for s in learners if theirs[s].by_cell() != mine[s].by_cell()]
        with open(ours / "reports" / args.assignment / "timings.csv", newline="", encoding="utf-8") as handle:
            per_notebook = statistics.median(float(r["seconds"]) for r in csv.DictReader(handle))
        baseline = kernel_and_master_once(stock, args.assignment)

    print(f"class: {len(learners)} distinct hand-ins of {args.assignment}; sandbox: {sandbox.detect().describe()}")
    print(f"nbgrader autograde (serial):     {stock_seconds:7.1f} s  ({stock_seconds / len(learners):.2f} s per hand-in)")
    print(f"cxlab grade --workers {args.workers}:        {ours_seconds:7.1f} s  "
          f"({ours_seconds / len(learners):.2f} s per hand-in; statuses: {sorted(set(batch.statuses.values()))})")
    print(f"speed-up: {stock_seconds / ours_seconds:.2f}x (target: at least 1.7x with 2 workers on 2 cores)")
    print(f"scores identical for every learner and cell: {'yes' if not different else 'NO: ' + ', '.join(different)}")
    print(f"per notebook, cxlab grade (median of timings.csv): {per_notebook:.2f} s")
    print(f"kernel start + master run once (median of {BASELINE_REPEATS}): {baseline:.2f} s")
    print(f"ratio: {per_notebook / baseline:.2f} (target: within 1.3)")


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
