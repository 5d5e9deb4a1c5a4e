"""Kernels forked from a warm process in a shared sandbox (cxlab.grading.zygote): one hand-in cannot
reach the next.

These run kernels the way the grader does (the zygote, GradingKernelManager, nbclient) but with the
in-kernel guard off, as if a learner had got past it: what separates hand-ins here is the zygote's
cleaning between kernels, which must hold on its own. The scores themselves are those of the graded
classes elsewhere (test_batch_grading.py compares ``cxlab grade`` with stock nbgrader, and every
``cxlab grade`` there forks its kernels from a zygote).
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys

import nbformat
import pytest
from nbclient import NotebookClient

from kit import COURSE, stock_graded
from cxlab.grading import runner, sandbox, zygote
from cxlab.datasets import data_dir, names
from cxlab.grading.preprocessors import GradingKernelManager

ASSIGNMENT = "00-orientation"
pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("sandbox_here")]

# What a learner who got past the guard leaves behind: a process that outlives the kernel, files in
# /tmp, /dev/shm and the scratch folder.
LINGER = """
import os, subprocess
subprocess.Popen(["sleep", "300"], start_new_session=True)
for path in ("/tmp/left-behind", "/dev/shm/left-behind", "left-behind"):
    with open(path, "w") as handle:
        handle.write("answers of learner one")
print("lingering", os.getpid())
"""
# What the next kernel sees: every process of its sandbox, and what lies in its folders.
LOOK = """
import json, os
processes = {}
for entry in os.listdir("/proc"):
    if entry.isdigit():
        try:
            processes[entry] = open(f"/proc/{entry}/cmdline", "rb").read().replace(b"\\0", b" ").decode()
        except OSError:
            pass
print(json.dumps({"processes": processes, "tmp": os.listdir("/tmp"), "shm": os.listdir("/dev/shm"),
                  "scratch": sorted(os.listdir("."))}))
"""
KILL_THE_ZYGOTE = "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)"


def task(assignment: str = ASSIGNMENT) -> runner.GradingTask:
    from cxlab.grading.cohort import mpl_font_cache

    source = COURSE / "source" / assignment
    return runner.GradingTask("learner", assignment, str(source), str(source), str(COURSE), "", (assignment,),
                              str(data_dir().resolve()), bwrap=sandbox.detect().bwrap, mpl_cache=mpl_font_cache())


def run_in_warm_kernel(code: str, assignment: str = ASSIGNMENT) -> tuple[zygote.Zygote, str]:
    """Run one cell in a kernel forked from this thread's zygote, as the grader does: (zygote, its output)."""
    grading = task(assignment)
    warm = runner._zygote(grading, assignment)
    assert warm is not None, "no zygote started where the sandbox works"
    zygote.empty(warm.slot)
    runner._fill_scratch(grading, warm.slot)
    km = GradingKernelManager(scratch=str(warm.slot), data_dir=grading.data_dir, bwrap=grading.bwrap, guard=False,
                              zygote=warm, plotting=False)
    km.use_scratch()
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    try:
        NotebookClient(notebook, km=km, timeout=60, allow_errors=True,
                       resources={"metadata": {"path": str(warm.slot)}}).execute()
    except Exception:  # noqa: BLE001 - a kernel that killed its zygote dies with it
        pass
    finally:
        try:
            warm.clean()
        except zygote.ZygoteError:
            pass
        zygote.empty(warm.slot)
    output = "".join(o.get("text", "") for o in notebook.cells[0].get("outputs", []))
    return warm, output


def test_what_a_kernel_leaves_behind_is_gone_before_the_next_one_starts():
    try:
        first, said = run_in_warm_kernel(LINGER)
        assert "lingering" in said, f"the first kernel did not run its cell: {said!r}"
        second, seen = run_in_warm_kernel(LOOK)
        assert second is first, "the second kernel was not forked from the same zygote"
        world = json.loads(seen)
        # Besides bubblewrap's init: the zygote and the looking kernel (forked, so named like it), nothing.
        others = [command for command in world["processes"].values() if "bwrap" not in command]
        assert len(others) == 2 and all("cxlab.grading.zygote" in c for c in others), world["processes"]
        assert "left-behind" not in world["tmp"] + world["shm"] + world["scratch"], world
    finally:
        zygote.close()


def test_one_zygote_serves_every_assignment_that_draws_alike_and_has_every_dataset_read():
    # 01 and 03 never draw; 00 does. A class of 03 graded after one of 01 (the demo, a course graded at
    # once) needs no new zygote, and one of 00 between them does not push theirs out.
    read = "import cxlab.datasets as d\nprint(d._checked.cache_info().currsize)"
    try:
        first, cached = run_in_warm_kernel(read, "01-foundations")
        drawing, _ = run_in_warm_kernel("print(1)", "00-orientation")
        again, _ = run_in_warm_kernel("print(1)", "03-nps-closed-loop")
        assert drawing is not first, "a master that draws needs matplotlib preloaded: a zygote of its own"
        assert again is first and first.alive(), "the zygote of 01 did not serve 03"
        assert int(cached) == len(names()), f"the zygote read {cached} datasets, not all {len(names())}"
    finally:
        zygote.close()


def test_a_kernel_that_kills_its_zygote_costs_the_next_hand_in_nothing():
    try:
        killed, _ = run_in_warm_kernel(KILL_THE_ZYGOTE)
        assert not killed.alive(), "the kernel could not kill its zygote: this test proves nothing"
        fresh, seen = run_in_warm_kernel("print(6 * 7)")
        assert fresh is not killed and fresh.alive()
        assert seen.strip() == "42"
    finally:
        zygote.close()


@pytest.mark.xdist_group(ASSIGNMENT)  # the released course of the stock grading of ASSIGNMENT, shared
def test_a_zygote_that_fails_to_start_a_kernel_costs_the_hand_in_nothing(monkeypatch, graded_workdir):
    # Not the learner's doing (a zygote that stopped answering on a busy machine): the notebook is
    # graded in a fresh kernel instead of being marked as an error.
    def stop_answering(self, *args, **kwargs):
        self.stop()
        raise zygote.ZygoteError("the warm kernel process stopped answering (no answer in time)")

    course, _ = stock_graded(ASSIGNMENT, graded_workdir)  # its gradebook holds the test cells
    master = dataclasses.replace(task(), course_dir=str(course), gradebook=str(course / "gradebook.db"))
    monkeypatch.setattr(zygote.Zygote, "start_kernel", stop_answering)
    try:
        result = runner.grade_submission(master)  # the master, handed in
        assert result.status == runner.GRADED, result.reason
        graded = result.notebooks[0]
        assert graded.complete and '"execution_count": 1' in graded.text, "the master did not run"
    finally:
        zygote.close()


def test_the_zygote_refuses_to_run_in_the_graders_pid_namespace():
    # Outside a sandbox of its own, its kill(-1) would reach every process of the grader's user.
    result = subprocess.run([sys.executable, "-m", "cxlab.grading.zygote",
                             f"--outside-pid-namespace={os.readlink('/proc/self/ns/pid')}"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "not in a PID namespace of its own" in result.stderr
