"""``cxlab grade --scheduler``: the same grading on a Dask cluster, tried on real clusters with real notebooks.

One small class of 00-orientation (the master's answers, the blank release, a typical mistake) is
graded once with local workers; then on a ``LocalCluster`` of two worker processes, on a scheduler
and workers started as separate ``dask`` processes (in another folder, with another HOME), and on a
cluster one of whose workers is killed mid-batch: every per-cell score must be the local one. The
payload sent to workers holds no path of the instructor's; an unreachable scheduler is one line.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from kit import COURSE, ROOT, cxlab_command, hand_in_class
from cxlab import build
from cxlab.grading import cohort, distributed, gradebook, runner, sandbox
from cxlab.grading.runner import ERROR, GRADED, INVALID, GradingTask, Limits

ASSIGNMENT = "00-orientation"
CLASS = {"model": None, "blank": "blank", "mistake": "mistake-missing-as-zero"}
LIMITS = Limits(timeout=120)

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("dask")]


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """The course with the class handed in, never graded: each test grades a copy of it."""
    course = build.copy_course(COURSE, tmp_path_factory.mktemp("dask") / "template")
    hand_in_class(course, ASSIGNMENT, CLASS)
    return course


def copy_of(template: Path, tmp_path: Path, name: str = "course") -> Path:
    return Path(shutil.copytree(template, tmp_path / name))


def scores(course: Path) -> dict[str, dict[str, float]]:
    return {s: grades.by_cell() for s, grades in gradebook.read_scores(course, ASSIGNMENT).items()}


@pytest.fixture(scope="module")
def local_scores(template, tmp_path_factory) -> dict[str, dict[str, float]]:
    course = copy_of(template, tmp_path_factory.mktemp("local"))
    report = cohort.grade(course, ASSIGNMENT, workers=2, limits=LIMITS)
    assert set(report.statuses.values()) == {GRADED}, report.summary()
    found = scores(course)
    assert found["model"] != found["blank"]  # the class tells answers apart, so equal scores mean something
    return found


@pytest.fixture
def local_cluster():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        yield cluster


def leftovers(course: Path) -> list[Path]:
    """Half-written graded folders: staging or swapped-out copies that a finished save removes."""
    return sorted(p for p in (course / "autograded").rglob("*") if p.name.endswith((".cxlab-new", ".cxlab-old")))


def log_lines(course: Path) -> list[dict]:
    path = course / "reports" / ASSIGNMENT / "state.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# --------------------------------------------------------------------------- on real clusters


@pytest.mark.usefixtures("sandbox_here")
def test_local_cluster_scores_every_cell_as_local_workers(template, local_scores, local_cluster, tmp_path):
    course = copy_of(template, tmp_path)
    with distributed.DaskPool(local_cluster.scheduler_address) as pool:
        report = cohort.grade(course, ASSIGNMENT, limits=LIMITS, pool=pool)
    assert report.statuses == {s: GRADED for s in CLASS}, report.summary()
    assert "bubblewrap on every Dask worker" in report.sandbox
    assert scores(course) == local_scores
    for learner in CLASS:  # the client wrote the graded notebooks from the text the workers sent back
        assert (course / "autograded" / learner / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").is_file()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def separate_cluster(tmp_path):
    """``dask scheduler`` and ``dask worker`` as their own processes, the workers elsewhere, with another HOME."""
    elsewhere = tmp_path / "worker-machine"
    (elsewhere / "home").mkdir(parents=True)
    address = f"tcp://127.0.0.1:{free_port()}"
    dask = [sys.executable, "-m", "dask"]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    started = [subprocess.Popen([*dask, "scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1],
                                 "--no-dashboard"], cwd=elsewhere, **quiet)]
    env = dict(os.environ, HOME=str(elsewhere / "home"))
    started.append(subprocess.Popen([*dask, "worker", address, "--nworkers", "2", "--nthreads", "1", "--no-dashboard",
                                     "--local-directory", str(elsewhere)], cwd=elsewhere, env=env, **quiet))
    try:
        yield address
    finally:
        for process in reversed(started):
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.mark.usefixtures("sandbox_here")
def test_separate_scheduler_and_workers_score_every_cell_as_local_workers(template, local_scores, separate_cluster,
                                                                          tmp_path):
    course = copy_of(template, tmp_path)
    done = subprocess.run(cxlab_command("grade", ASSIGNMENT, "--course-dir", str(course), "--scheduler",
                                        separate_cluster, "--timeout", "120"), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "3 graded" in done.stdout, done.stdout
    assert scores(course) == local_scores


@pytest.mark.usefixtures("sandbox_here")
def test_a_worker_killed_mid_batch_loses_nothing_and_a_rerun_grades_each_hand_in_once(
        template, local_scores, local_cluster, tmp_path):
    course = copy_of(template, tmp_path)
    pool = distributed.DaskPool(local_cluster.scheduler_address)
    outcome = {}
    batch = threading.Thread(target=lambda: outcome.update(report=cohort.grade(course, ASSIGNMENT, limits=LIMITS,
                                                                               pool=pool)))
    batch.start()
    busy = None
    deadline = time.monotonic() + 120
    while busy is None and time.monotonic() < deadline:
        busy = next((worker for worker, keys in pool.client.processing().items() if keys), None)
        time.sleep(0.2)
    assert busy is not None, "no grading task ever started on the cluster"
    time.sleep(2)  # well inside the task: its kernel is starting or running
    os.kill(pool.client.run(os.getpid, workers=[busy])[busy], signal.SIGKILL)
    batch.join(timeout=300)
    assert not batch.is_alive()
    assert busy not in pool.client.scheduler_info()["workers"], "the worker was not killed"
    first = outcome["report"]
    assert leftovers(course) == []
    # Dask ran the killed worker's task again elsewhere; had it failed for good, its hand-in would be
    # recorded as a retry (never as graded), and graded by the rerun below.
    records = log_lines(course)
    assert sorted(r["student"] for r in records) == sorted(CLASS)
    assert all(r["status"] == GRADED or (r["status"] == ERROR and r["retry"]) for r in records), records
    retried = {r["student"] for r in records if r["retry"]}

    second = cohort.grade(course, ASSIGNMENT, limits=LIMITS, pool=pool)
    pool.close()
    assert sorted(second.graded) == sorted(retried)
    assert sorted(second.skipped) == sorted(set(CLASS) - retried)
    final = log_lines(course)
    for learner in CLASS:
        assert sum(1 for r in final if r["student"] == learner and not r["retry"]) == 1, final
    assert second.statuses == {s: GRADED for s in CLASS}, (first.summary(), second.summary())
    assert leftovers(course) == []
    assert scores(course) == local_scores


# --------------------------------------------------------------------------- what travels, what is refused


def task_for(course: Path, learner: str, snapshot: Path) -> GradingTask:
    from cxlab.datasets import data_dir

    return GradingTask(student=learner, assignment=ASSIGNMENT,
                       submission_dir=str(course / "submitted" / learner / ASSIGNMENT),
                       source_dir=str(course / "source" / ASSIGNMENT), course_dir=str(course), gradebook=str(snapshot),
                       notebooks=(ASSIGNMENT,), data_dir=str(data_dir().resolve()), limits=LIMITS)


def test_the_payload_holds_the_hand_in_and_no_path_of_the_instructor(template, tmp_path):
    from cxlab.grading.course import snapshot_gradebook

    course = copy_of(template, tmp_path)
    snapshot = snapshot_gradebook(course, tmp_path)
    task = task_for(course, "model", snapshot)
    batch, hand_in = distributed.pack_batch(task, sandboxed=True), distributed.pack_hand_in(task)
    payload = pickle.dumps((batch, hand_in))
    notebook = course / "submitted" / "model" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    assert hand_in.files[notebook.name] == notebook.read_bytes()
    assert batch.gradebook == snapshot.read_bytes() and batch.sandbox
    for path in {course, tmp_path, ROOT, Path.home(), Path(task.data_dir)}:
        assert str(path).encode() not in payload, f"{path} travels to the workers"


def test_a_hand_in_folder_too_large_to_send_is_refused_in_one_line(template, tmp_path, monkeypatch):
    course = copy_of(template, tmp_path)
    folder = course / "submitted" / "model" / ASSIGNMENT
    (folder / "video.mp4").write_bytes(b"\0" * (2 * 1024 * 1024))
    monkeypatch.setattr(distributed, "MAX_HAND_IN_MB", 1)
    refused = distributed.pack_hand_in(task_for(course, "model", tmp_path / "unused.db"))
    assert refused.status == INVALID and not refused.retry
    assert "more than 1 MB" in refused.reason and "\n" not in refused.reason


def test_a_notebook_too_large_to_read_travels_as_its_size_only(template, tmp_path, monkeypatch):
    from cxlab.grading.course import snapshot_gradebook

    course = copy_of(template, tmp_path)
    task = task_for(course, "model", snapshot_gradebook(course, tmp_path))
    notebook = Path(task.submission_dir) / f"{ASSIGNMENT}.ipynb"
    monkeypatch.setattr(distributed, "MAX_NOTEBOOK_MB", 0)  # every notebook is "too large" here
    # sandboxed=False: nothing runs here, so this test needs no bubblewrap
    batch, hand_in = distributed.pack_batch(task, sandboxed=False), distributed.pack_hand_in(task)
    assert notebook.name not in hand_in.files and hand_in.oversized == {notebook.name: notebook.stat().st_size}
    seen = {}

    def runner_sees(task: GradingTask):  # on the worker the runner finds a file of the same size, and refuses it
        seen["size"] = (Path(task.submission_dir) / notebook.name).stat().st_size

    monkeypatch.setattr(runner, "grade_submission", runner_sees)
    distributed.grade_on_worker(batch, hand_in)
    assert seen == {"size": notebook.stat().st_size}


def test_a_worker_that_cannot_sandbox_refuses_to_run_learner_code(template, tmp_path, monkeypatch):
    from cxlab.grading.course import snapshot_gradebook

    course = copy_of(template, tmp_path)
    task = task_for(course, "model", snapshot_gradebook(course, tmp_path))
    batch, hand_in = distributed.pack_batch(task, sandboxed=True), distributed.pack_hand_in(task)
    ran = []
    monkeypatch.setattr(sandbox, "detect", lambda: sandbox.Sandbox(None, "bubblewrap is not installed"))
    monkeypatch.setattr(runner, "grade_submission", lambda task: ran.append(task))
    result = distributed.grade_on_worker(batch, hand_in)
    assert ran == []
    assert result.status == ERROR and result.retry  # graded on the next run, on a worker that can sandbox
    assert "cannot sandbox learner code (bubblewrap is not installed)" in result.reason
    assert "\n" not in result.reason


def test_unreachable_scheduler_is_one_line_naming_it_and_writes_nothing(template, tmp_path):
    course = copy_of(template, tmp_path)
    before = sorted(str(p.relative_to(course)) for p in course.rglob("*"))
    address = f"tcp://127.0.0.1:{free_port()}"  # nobody listens there
    done = subprocess.run(cxlab_command("grade", ASSIGNMENT, "--course-dir", str(course), "--scheduler", address),
                          capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.startswith(f"cxlab: error: cannot reach the Dask scheduler at {address}")
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert sorted(str(p.relative_to(course)) for p in course.rglob("*")) == before

    both = subprocess.run(cxlab_command("grade", ASSIGNMENT, "--course-dir", str(course), "--scheduler", address,
                                        "--workers", "2"), capture_output=True, text=True)
    assert both.returncode == 2 and "--workers does not apply with --scheduler" in both.stderr


def test_dask_is_imported_only_for_a_cluster():
    code = ("import sys, cxlab, cxlab.cli, cxlab.grading.cohort, cxlab.grading.workers;"
            "print(','.join(m for m in ('dask', 'distributed') if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "", f"plain cxlab grade loaded {loaded}"
