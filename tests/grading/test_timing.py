"""Working time measured from hand-ins (cxlab.grading.timing): the cells' run times as JupyterLab records
them, split into sessions at breaks, summed, and shown in the class and course reports.

The hand-ins carry ``metadata.execution`` exactly as JupyterLab 4's cell executor writes it with
``recordTiming`` on (``iopub.status.busy``, ``iopub.execute_input``, ``shell.execute_reply.started``,
``iopub.status.idle``, ``shell.execute_reply``: the kernel's message dates, ISO 8601 in UTC).
"""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timedelta, timezone

import nbformat
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxlab.grading import course_report, report, timing
from cxlab.grading.timing import IDLE_BREAK, Run

MORNING = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
NOW = datetime(2026, 3, 10, tzinfo=timezone.utc)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def jupyterlab_execution(start: datetime, seconds: float) -> dict[str, str]:
    """A code cell's ``metadata.execution`` after one run, with the keys and order JupyterLab writes."""
    end = start + timedelta(seconds=seconds)
    return {"iopub.status.busy": _stamp(start),
            "iopub.execute_input": _stamp(start + timedelta(milliseconds=2)),
            "shell.execute_reply.started": _stamp(start + timedelta(milliseconds=3)),
            "iopub.status.idle": _stamp(end + timedelta(milliseconds=1)),
            "shell.execute_reply": _stamp(end)}


def hand_in(runs: list[tuple[float, float]], day: datetime = MORNING) -> nbformat.NotebookNode:
    """A notebook whose code cells ran at (minutes after ``day``, seconds the run took), with a markdown
    cell and a never-run code cell in between, as a learner's notebook has."""
    notebook = nbformat.v4.new_notebook()
    notebook.cells.append(nbformat.v4.new_markdown_cell("# An assignment", id="title"))
    for number, (minute, seconds) in enumerate(runs):
        cell = nbformat.v4.new_code_cell("total = 1", id=f"run-{number}")
        cell.metadata["execution"] = jupyterlab_execution(day + timedelta(minutes=minute), seconds)
        notebook.cells.append(cell)
    notebook.cells.append(nbformat.v4.new_code_cell("never_run = True", id="never-run"))
    return notebook


# --------------------------------------------------------------------------- one hand-in


def test_two_sittings_count_their_own_lengths_and_the_break_between_them_does_not():
    # 09:00-09:40 (a run every 10 minutes, the last one 30 s long), then after lunch 12:00-12:20.
    notebook = hand_in([(0, 1), (10, 1), (20, 1), (30, 1), (40, 30), (180, 1), (190, 1), (200, 60)])
    time = timing.working_time([notebook], now=NOW)
    assert [round(s.minutes, 3) for s in time.sessions] == [40.5, 21.0]
    assert time.minutes == pytest.approx(61.5)
    assert (time.first, time.last) == (MORNING, MORNING + timedelta(minutes=201, milliseconds=1)), "idle comes last"
    assert time.cells == 8 and not time.in_one_go and not time.clamped


def test_a_notebook_without_recorded_timing_has_no_working_time(tmp_path):
    notebook = hand_in([(0, 1)])
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
    assert timing.working_time([notebook], now=NOW) is None
    folder = tmp_path / "submitted" / "li" / "01-first"
    folder.mkdir(parents=True)
    nbformat.write(notebook, folder / "01-first.ipynb")
    assert timing.hand_in_time(folder, now=NOW) is None


def test_restart_and_run_all_before_handing_in_is_recognised():
    run_all = hand_in([(0, 0.5), (0.01, 2), (0.05, 0.1), (0.06, 1)])
    assert timing.working_time([run_all], now=NOW).in_one_go
    worked = hand_in([(0, 0.5), (4, 2), (11, 0.1), (25, 1)])
    assert not timing.working_time([worked], now=NOW).in_one_go


def test_a_really_executed_notebook_carries_the_kernels_times_and_nbclient_replaces_the_learners(tmp_path):
    """nbclient, which nbgrader's autograde runs, empties a cell's timing and writes its own run: the graded
    copy says when the grader ran it, so the report reads the submitted notebook."""
    from nbclient import NotebookClient
    from nbgrader.preprocessors import Execute

    assert Execute().record_timing, "nbgrader's autograde records (so first clears) each cell's timing"
    notebook = hand_in([(0, 1), (20, 1), (45, 1)])
    before = timing.working_time([notebook], now=NOW)
    NotebookClient(notebook, kernel_name="python3", timeout=60).execute()
    executed = notebook.cells[1].metadata["execution"]
    assert set(timing.STARTED_KEYS[:2] + timing.ENDED_KEYS) <= set(executed), executed
    after = timing.working_time([notebook])
    assert after.first > before.last + timedelta(days=30), "the learner's times are gone"
    assert after.cells == 4 and after.in_one_go and after.minutes < 1


def test_every_notebook_of_a_hand_in_counts():
    first, second = hand_in([(0, 1), (10, 1)]), hand_in([(15, 1), (25, 60)])
    time = timing.working_time([first, second], now=NOW)
    assert (len(time.sessions), time.minutes) == (1, pytest.approx(26.0))


# --------------------------------------------------------------------------- a hand-in is not trusted


def test_garbage_timestamps_are_skipped_not_believed():
    notebook = hand_in([(0, 1), (10, 1)])
    bad = [{"iopub.execute_input": "yesterday", "shell.execute_reply": 12},
           {"iopub.execute_input": "1999-01-01T00:00:00Z", "shell.execute_reply": "1999-01-01T05:00:00Z"},
           {"iopub.execute_input": "2091-01-01T00:00:00Z"},
           {"iopub.execute_input": "2026-02-30T10:00:00Z"},
           "not a mapping", ["a", "list"], None]
    for number, execution in enumerate(bad):
        cell = nbformat.v4.new_code_cell("x = 1", id=f"bad-{number}")
        cell.metadata["execution"] = execution
        notebook.cells.append(cell)
    notebook.cells.append({"cell_type": "code", "source": "no metadata at all"})
    notebook.cells.append("not a cell")
    time = timing.working_time([notebook], now=NOW)
    assert time.cells == 2 and time.minutes == pytest.approx(10 + 1 / 60, abs=1e-4)


def test_absurd_runs_and_totals_are_clamped():
    # A cell that "ran" 3 days counts as at most a break's length; end before start counts as nothing.
    long_run = hand_in([(0, 3 * 24 * 3600)])
    assert timing.working_time([long_run], now=NOW).minutes == IDLE_BREAK.total_seconds() / 60
    backwards = hand_in([(0, 1)])
    backwards.cells[1].metadata["execution"]["shell.execute_reply"] = _stamp(MORNING - timedelta(hours=2))
    backwards.cells[1].metadata["execution"]["iopub.status.idle"] = _stamp(MORNING - timedelta(hours=2))
    assert timing.working_time([backwards], now=NOW).minutes == 0
    # A run every 25 minutes for four days chains into one "session": cut to the most an assignment takes.
    forever = hand_in([(25 * n, 1) for n in range(4 * 24 * 60 // 25)])
    time = timing.working_time([forever], now=NOW)
    assert time.clamped and time.minutes == timing.MOST_WORKING_TIME.total_seconds() / 60


def test_unreadable_hostile_or_odd_files_count_as_no_timing(tmp_path):
    folder = tmp_path / "hand-in"
    folder.mkdir()
    (folder / "damaged.ipynb").write_text("{not json", encoding="utf-8")
    (folder / "deep.ipynb").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    (folder / "binary.ipynb").write_bytes(b"\xff\xfe\x00garbage")
    (folder / "list.ipynb").write_text("[1, 2, 3]", encoding="utf-8")
    (folder / "cells.ipynb").write_text(json.dumps({"cells": {"not": "a list"}}), encoding="utf-8")
    outside = tmp_path / "secret.ipynb"
    nbformat.write(hand_in([(0, 1), (10, 1)]), outside)
    (folder / "link.ipynb").symlink_to(outside)
    assert timing.hand_in_time(folder, now=NOW) is None, "a symlink out of the hand-in is not followed"
    assert timing.hand_in_time(tmp_path / "missing", now=NOW) is None


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=40)
    | st.sampled_from(["2026-03-02T09:00:00Z", "2026-03-02T09:10:00.5Z", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z"]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["cells", "cell_type", "code", "metadata", "execution", *timing.STARTED_KEYS,
                         *timing.ENDED_KEYS, "other"]), children, max_size=5),
    max_leaves=30)


@settings(max_examples=150, deadline=None)
@given(json_values)
def test_no_notebook_makes_working_time_raise_or_leave_its_bounds(notebook):
    time = timing.working_time([notebook], now=NOW)
    assert time is None or 0 <= time.minutes <= timing.MOST_WORKING_TIME.total_seconds() / 60


# --------------------------------------------------------------------------- splitting into sessions

runs_strategy = st.lists(
    st.tuples(st.integers(0, 3 * 24 * 3600), st.integers(0, int(IDLE_BREAK.total_seconds()))).map(
        lambda pair: Run(MORNING + timedelta(seconds=pair[0]), MORNING + timedelta(seconds=pair[0] + pair[1]))),
    min_size=1, max_size=40)


@given(runs_strategy)
def test_sessions_are_ordered_apart_by_more_than_a_break_and_hold_every_run(runs):
    sessions = timing.split_sessions(runs)
    for before, after in zip(sessions, sessions[1:]):
        assert after.start - before.end > IDLE_BREAK
    for run in runs:
        assert sum(s.start <= run.start and run.end <= s.end for s in sessions) == 1
    assert sessions[0].start == min(r.start for r in runs) and sessions[-1].end == max(r.end for r in runs)


@given(runs_strategy, st.randoms(use_true_random=False))
def test_the_order_runs_are_listed_in_changes_nothing(runs, rng):
    shuffled = list(runs)
    rng.shuffle(shuffled)
    assert timing.split_sessions(shuffled) == timing.split_sessions(runs)


@given(runs_strategy)
def test_working_time_lies_between_the_longest_run_and_the_whole_span(runs):
    sessions = timing.split_sessions(runs)
    worked = sum((s.end - s.start for s in sessions), timedelta())
    longest = max(r.end - r.start for r in runs)
    span = max(r.end for r in runs) - min(r.start for r in runs)
    assert longest <= worked <= span


@given(runs_strategy, runs_strategy)
def test_two_sittings_a_day_apart_add_up(morning, later):
    next_day = [Run(r.start + timedelta(days=4), r.end + timedelta(days=4)) for r in later]
    def worked(runs):
        return sum((s.end - s.start for s in timing.split_sessions(runs)), timedelta())
    assert worked(morning + next_day) == worked(morning) + worked(next_day)


# --------------------------------------------------------------------------- the stated time


@pytest.mark.parametrize("line, minutes", [
    ("**Time:** about 2 hours for a learner new to Python (estimated question by question).", 120),
    ("**Time:** about 1 hour 15 minutes for a learner new to Python.", 75),
    ("**Time:** about 2½ hours if you are new to Python (about 90 minutes once pandas feels familiar).", 150),
    ("**Time:** about 40 minutes (after the Python primer). **Points:** 8 checked automatically", 40),
    ("**用时**：约 100 分钟（在学完模块 0 的 Python 入门之后）。", 100),
    ("**时长**：对初学 Python 的学员约 1 小时 45 分钟（估算方法见培训讲师指南）。", 105),
    ("**Time** — what the customer expects *before* it, lives through *during* it.", None),
    ("No time stated here, about 3 hours of reading though.", None),
])
def test_the_stated_time_is_read_from_the_masters_time_line(line, minutes):
    assert timing.stated_minutes(line) == minutes


def test_every_graded_master_of_the_kit_states_a_time_the_parser_reads():
    from kit import COURSE

    for folder in sorted(p for p in (COURSE / "source").iterdir() if p.is_dir()):
        stated = timing.assignment_stated_minutes(COURSE, folder.name)
        assert stated is not None and 20 <= stated <= 300, f"{folder.name}: stated time {stated}"


def test_no_master_ships_run_times_that_would_count_as_a_learners_work():
    """Masters cleared with nbconvert or nbstripout keep ``metadata.execution`` (JupyterLab's own "Clear
    outputs" drops it); released to learners, the author's runs would be measured as theirs."""
    from kit import COURSE

    masters = sorted(COURSE.glob("source/*/*.ipynb")) + sorted(COURSE.glob("zh-CN/source/*/*.ipynb"))
    assert masters
    timed = [str(path.relative_to(COURSE)) for path in masters if timing.hand_in_time(path.parent) is not None]
    assert not timed, f"run times left in {timed}: remove metadata.execution from their cells"


# --------------------------------------------------------------------------- a class with known timings


@pytest.fixture
def timed_course(small_course, tmp_path):
    """small_course (conftest.py) with hand-ins carrying known run times:

    01-first: wang worked 61.5 min (two sittings), zhao 91 min (one sitting), li handed in without timing;
    02-second: wang re-ran everything in one go before handing in, zhao without timing.
    The 01-first master states "about 50 minutes"; 02-second states nothing.
    """
    course = shutil.copytree(small_course, tmp_path / "course")
    master = course / "source" / "01-first" / "01-first.ipynb"
    notebook = nbformat.read(master, as_version=4)
    notebook.cells.insert(0, nbformat.v4.new_markdown_cell(
        "# First\n\n**Time:** about 50 minutes for a learner new to Python.", id="intro"))
    nbformat.write(notebook, master)
    hand_ins = {
        ("wang", "01-first"): hand_in([(0, 1), (10, 1), (20, 1), (30, 1), (40, 30), (180, 1), (190, 1), (200, 60)]),
        ("zhao", "01-first"): hand_in([(0, 1), (30, 1), (60, 1), (90, 60)]),
        ("li", "01-first"): nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1", id="untimed")]),
        ("wang", "02-second"): hand_in([(0, 0.5), (0.01, 1), (0.03, 1)]),
        ("zhao", "02-second"): nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1", id="untimed")]),
    }
    for (student, assignment), notebook in hand_ins.items():
        folder = course / "submitted" / student / assignment
        folder.mkdir(parents=True)
        nbformat.write(notebook, folder / f"{assignment}.ipynb")
    # The graded copy carries the grader's run (nbclient's record_timing): it must not be what is measured.
    graded = course / "autograded" / "wang" / "01-first"
    graded.mkdir(parents=True, exist_ok=True)
    nbformat.write(hand_in([(0, 1), (1, 1), (2, 1)], day=NOW - timedelta(days=1)), graded / "01-first.ipynb")
    return course


def test_the_class_figures_follow_the_hand_ins_known_times(timed_course):
    first = timing.class_time(timed_course, "01-first", now=NOW)
    assert (first.hand_ins, sorted(first.times), first.stated_minutes) == (3, ["wang", "zhao"], 50)
    assert first.measured() == pytest.approx([61.5, 91.0]), "read from submitted/, not autograded/"
    assert first.quartiles() == pytest.approx((68.875, 76.25, 83.625))
    second = timing.class_time(timed_course, "02-second", now=NOW)
    assert (second.hand_ins, second.in_one_go(), second.measured(), second.quartiles()) == (2, ["wang"], [], None)


def test_the_class_report_shows_median_quartiles_counts_and_the_stated_time(timed_course):
    page, _ = report.write(timed_course, "01-first")
    text = page.read_text(encoding="utf-8")
    assert ("measured from the 2 of 3 hand-in(s) whose cells carry run times" in text
            and "median 1 h 16 min, quartiles 1 h 9 min to 1 h 24 min over 2 hand-in(s)." in text
            and "The notebook states about 50 min." in text), text
    assert "well over the stated time" in text
    second, _ = report.write(timed_course, "02-second")
    text = second.read_text(encoding="utf-8")
    assert "1 of 2 hand-in(s)" in text and "none measures work" in text
    assert "1 hand-in(s) were run again in one go before handing in" in text


def test_without_any_timing_the_class_report_says_how_to_record_it_in_one_line(small_course, tmp_path):
    course = shutil.copytree(small_course, tmp_path / "course")
    page, _ = report.write(course, "01-first")
    lines = [line for line in page.read_text(encoding="utf-8").splitlines() if "Working time" in line]
    assert lines == ["<p>Working time: no timing recorded (turn on JupyterLab's recordTiming; `cxlab lab` does).</p>"]


def test_the_course_report_gives_each_assignment_its_median_working_time(timed_course):
    view = course_report.build_view(timed_course)
    assert view.working_minutes == pytest.approx({"01-first": 76.25}), "02-second: nothing measures work"
    page, table = course_report.write(timed_course)
    text = page.read_text(encoding="utf-8")
    assert "<th>median working time</th>" in text and "<td>1 h 16 min</td>" in text
    assert "working" not in table.read_text(encoding="utf-8"), "course.csv keeps its columns"

