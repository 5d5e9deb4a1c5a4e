"""How long learners worked on an assignment, measured from their hand-ins instead of guessed.

What is recorded
    With JupyterLab's notebook setting ``recordTiming`` on (``cxlab lab`` and ``make setup`` turn it
    on), every code cell keeps, in ``metadata.execution``, the times of its *last* run as the kernel
    stamped its messages (ISO 8601, UTC): ``iopub.status.busy``, ``iopub.execute_input`` and
    ``shell.execute_reply.started`` when it started, ``shell.execute_reply`` and ``iopub.status.idle``
    when it ended (JupyterLab 4's notebook cell executor; nbclient writes the same keys). Markdown
    cells and cells never run carry nothing; with ``recordTiming`` off, no cell does.

What is measured
    The runs of all code cells of a hand-in's notebooks, sorted in time, are split into **sessions**
    wherever nothing ran for more than :data:`IDLE_BREAK` (30 minutes: a break, a meeting, the
    night); the **working time** is the sum of the sessions' lengths. It is a lower bound: reading
    before the first run and after the last is not seen, and a cell run again keeps only its last
    run, so earlier work on it leaves no trace.

    A hand-in whose cells were all run again back to back just before it was handed in ("Restart
    Kernel and Run All Cells", which every assignment's checklist asks for) keeps only that last run:
    its times say how long the notebook takes to run, not how long the learner worked. Such a
    hand-in is marked :attr:`WorkingTime.in_one_go` and left out of the class's figures.

Read the submitted notebook (``submitted/<learner>/<assignment>/``), never the graded copy:
nbgrader's autograde runs the notebook again with nbclient, whose ``record_timing`` (on by
default) first empties every cell's ``metadata.execution`` and then writes the grader's own run.

A hand-in is a learner's file, so nothing in it is trusted: a missing, malformed or absurd timestamp
is skipped, a timestamp before :data:`EARLIEST` or after the moment of reading is skipped, a run
longer than :data:`IDLE_BREAK` counts as that long, a working time over :data:`MOST_WORKING_TIME`
is cut to it (and marked :attr:`WorkingTime.clamped`), and an unreadable notebook counts as one
without timing. Nothing here raises on a learner's file.
"""

from __future__ import annotations

import json
import re
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from cxlab.lang import N_, _, gettext, join_sentences

#: Longer than this without any cell running is a break, not work.
IDLE_BREAK = timedelta(minutes=30)
#: Cells run one after the other with at most this between them were run in one go (Run All).
BACK_TO_BACK = timedelta(seconds=10)
#: Fewer cells than this run back to back say nothing about a re-run.
FEWEST_FOR_ONE_GO = 3
#: No assignment takes longer; a hand-in claiming more is cut to this.
MOST_WORKING_TIME = timedelta(hours=24)
#: JupyterLab (and its recordTiming) did not exist before this: an earlier time is garbage.
EARLIEST = datetime(2015, 1, 1, tzinfo=timezone.utc)
#: Clocks of a class server and the grading machine may differ a little; later than this past "now" is garbage.
CLOCK_SLACK = timedelta(days=1)
#: A notebook file larger than this is not read for its timing (a hand-in is not trusted to be small).
LARGEST_NOTEBOOK = 64 * 1024 * 1024

STARTED_KEYS = ("iopub.status.busy", "iopub.execute_input", "shell.execute_reply.started")
ENDED_KEYS = ("shell.execute_reply", "iopub.status.idle")

_TIMESTAMP = re.compile(
    r"(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:[.,](\d+))?\s*(Z|[+-]\d{2}:?\d{2})?", re.IGNORECASE)


@dataclass(frozen=True)
class Run:
    """One code cell's last run: when it started and when it ended."""

    start: datetime
    end: datetime


@dataclass(frozen=True)
class Session:
    """A stretch of work: runs with no gap longer than :data:`IDLE_BREAK` between them."""

    start: datetime
    end: datetime

    @property
    def minutes(self) -> float:
        return (self.end - self.start).total_seconds() / 60


@dataclass(frozen=True)
class WorkingTime:
    """A hand-in's working time: its sessions, summed (see the module docstring)."""

    sessions: tuple[Session, ...]
    cells: int  # code cells with a usable run time
    in_one_go: bool = False  # every cell run again back to back: the times are the re-run's, not the work's
    clamped: bool = False  # the sum was over MOST_WORKING_TIME and was cut to it

    @property
    def minutes(self) -> float:
        total = sum(session.minutes for session in self.sessions)
        return min(total, MOST_WORKING_TIME.total_seconds() / 60)

    @property
    def first(self) -> datetime:
        """The first activity: when the earliest recorded run started."""
        return self.sessions[0].start

    @property
    def last(self) -> datetime:
        """The last activity: when the latest recorded run ended."""
        return self.sessions[-1].end


def parse_timestamp(value: object) -> datetime | None:
    """A kernel's ISO 8601 timestamp as an aware UTC datetime, or ``None`` for anything else.

    Fractions finer than microseconds are cut; a time without a zone is taken as UTC (kernels
    stamp UTC).

    >>> parse_timestamp("2026-03-02T01:02:03.123456789Z")
    datetime.datetime(2026, 3, 2, 1, 2, 3, 123456, tzinfo=datetime.timezone.utc)
    >>> parse_timestamp("2026-03-02T09:02:03+08:00").isoformat()
    '2026-03-02T01:02:03+00:00'
    >>> parse_timestamp("yesterday") is None, parse_timestamp(17) is None, parse_timestamp("2026-02-30T00:00:00Z")
    (True, True, None)
    """
    if not isinstance(value, str) or len(value) > 64:
        return None
    match = _TIMESTAMP.fullmatch(value.strip())
    if not match:
        return None
    day, clock, fraction, zone = match.groups()
    zone = (zone or "Z").upper()
    if zone != "Z" and ":" not in zone:
        zone = f"{zone[:3]}:{zone[3:]}"
    text = f"{day}T{clock}{'.' + (fraction + '000000')[:6] if fraction else ''}{'+00:00' if zone == 'Z' else zone}"
    try:
        return datetime.fromisoformat(text).astimezone(timezone.utc)
    except ValueError:  # a 30th of February, an hour 25
        return None


def cell_run(cell: object, now: datetime | None = None) -> Run | None:
    """A code cell's last run from its ``metadata.execution``, or ``None`` when it carries no usable time.

    The start is the earliest start stamp, the end the latest end stamp; a run with only one of them
    lasted no time, and one longer than :data:`IDLE_BREAK` is cut to it.

    >>> cell = {"cell_type": "code", "metadata": {"execution": {
    ...     "iopub.execute_input": "2026-03-02T09:00:00.5Z", "shell.execute_reply": "2026-03-02T09:00:02.5Z"}}}
    >>> run = cell_run(cell)
    >>> (run.end - run.start).total_seconds()
    2.0
    >>> cell_run({"cell_type": "markdown", "metadata": {}}) is None
    True
    """
    if not isinstance(cell, Mapping) or cell.get("cell_type") != "code":
        return None
    metadata = cell.get("metadata")
    execution = metadata.get("execution") if isinstance(metadata, Mapping) else None
    if not isinstance(execution, Mapping):
        return None
    latest = (now or datetime.now(timezone.utc)) + CLOCK_SLACK

    def stamps(keys):
        found = (parse_timestamp(execution.get(key)) for key in keys)
        return [stamp for stamp in found if stamp is not None and EARLIEST <= stamp <= latest]

    started, ended = stamps(STARTED_KEYS), stamps(ENDED_KEYS)
    if not started and not ended:
        return None
    start = min(started) if started else max(ended)
    end = max(ended) if ended else start
    end = min(max(end, start), start + IDLE_BREAK)
    return Run(start, end)


def split_sessions(runs: Iterable[Run], idle: timedelta = IDLE_BREAK) -> list[Session]:
    """The runs grouped into sessions: a new one begins after more than ``idle`` without a cell running.

    >>> at = lambda minute: datetime(2026, 3, 2, 9, tzinfo=timezone.utc) + timedelta(minutes=minute)
    >>> runs = [Run(at(0), at(1)), Run(at(20), at(21)), Run(at(90), at(95))]
    >>> [session.minutes for session in split_sessions(runs)]
    [21.0, 5.0]
    """
    sessions: list[Session] = []
    for run in sorted(runs, key=lambda r: (r.start, r.end)):
        if sessions and run.start - sessions[-1].end <= idle:
            last = sessions[-1]
            sessions[-1] = Session(last.start, max(last.end, run.end))
        else:
            sessions.append(Session(run.start, run.end))
    return sessions


def run_in_one_go(runs: Iterable[Run], gap: timedelta = BACK_TO_BACK) -> bool:
    """Whether every run followed the one before within ``gap``: the whole notebook run again at once.

    >>> at = lambda second: datetime(2026, 3, 2, 9, tzinfo=timezone.utc) + timedelta(seconds=second)
    >>> run_in_one_go([Run(at(0), at(1)), Run(at(1.1), at(3)), Run(at(3.05), at(4))])
    True
    >>> run_in_one_go([Run(at(0), at(1)), Run(at(300), at(301)), Run(at(301.1), at(302))])
    False
    """
    ordered = sorted(runs, key=lambda r: (r.start, r.end))
    if len(ordered) < FEWEST_FOR_ONE_GO:
        return False
    reached = ordered[0].end
    for run in ordered[1:]:
        if run.start - reached > gap:
            return False
        reached = max(reached, run.end)
    return True


def working_time(notebooks: Iterable[object], idle: timedelta = IDLE_BREAK,
                 now: datetime | None = None) -> WorkingTime | None:
    """The working time of a hand-in made of ``notebooks`` (parsed JSON), or ``None`` when none of its
    cells carries a usable run time (``recordTiming`` was off, or nothing was run).

    >>> def cell(start, end):
    ...     return {"cell_type": "code", "metadata": {"execution": {
    ...         "iopub.execute_input": f"2026-03-02T{start}Z", "shell.execute_reply": f"2026-03-02T{end}Z"}}}
    >>> notebook = {"cells": [cell("09:00:00", "09:00:05"), cell("09:12:00", "09:12:01"),
    ...                       cell("13:30:00", "13:30:02"), {"cell_type": "code", "metadata": {}}]}
    >>> time = working_time([notebook])
    >>> round(time.minutes, 2), len(time.sessions), time.cells, time.in_one_go
    (12.05, 2, 3, False)
    >>> time.first.isoformat(), time.last.isoformat()
    ('2026-03-02T09:00:00+00:00', '2026-03-02T13:30:02+00:00')
    >>> working_time([{"cells": [{"cell_type": "code", "metadata": {}}]}, "not a notebook"]) is None
    True
    """
    now = now or datetime.now(timezone.utc)
    runs = []
    for notebook in notebooks:
        cells = notebook.get("cells") if isinstance(notebook, Mapping) else None
        if isinstance(cells, list):
            runs += [run for run in (cell_run(cell, now) for cell in cells) if run is not None]
    if not runs:
        return None
    sessions = tuple(split_sessions(runs, idle))
    total = sum((s.end - s.start for s in sessions), timedelta())
    return WorkingTime(sessions, len(runs), in_one_go=run_in_one_go(runs), clamped=total > MOST_WORKING_TIME)


def _read_notebook(path: Path) -> object:
    """A hand-in notebook's JSON, or ``None`` when it is not a readable, reasonably sized regular file."""
    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size > LARGEST_NOTEBOOK:
            return None
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):  # unreadable, not UTF-8, not JSON, nested to death
        return None


def hand_in_time(folder: Path, now: datetime | None = None) -> WorkingTime | None:
    """The working time of the hand-in in ``folder`` (a ``submitted/<learner>/<assignment>/``), from all
    of its notebooks; ``None`` when they carry no timing."""
    try:
        paths = sorted(Path(folder).glob("*.ipynb"))
    except OSError:
        return None
    return working_time((_read_notebook(path) for path in paths), now=now)


# --------------------------------------------------------------------------- the class


@dataclass(frozen=True)
class ClassTime:
    """Working times of a class's hand-ins of one assignment, beside the time its notebook states."""

    assignment: str
    hand_ins: int  # hand-ins found in submitted/
    times: dict[str, WorkingTime] = field(default_factory=dict)  # learner -> working time, hand-ins with timing
    stated_minutes: float | None = None

    def measured(self) -> list[float]:
        """Minutes worked, one per hand-in whose timing measures work (not run again in one go)."""
        return sorted(time.minutes for time in self.times.values() if not time.in_one_go)

    def in_one_go(self) -> list[str]:
        return sorted(learner for learner, time in self.times.items() if time.in_one_go)

    def quartiles(self) -> tuple[float, float, float] | None:
        """(first quartile, median, third quartile) of :meth:`measured`, or ``None`` without any."""
        return quartiles(self.measured())


def quartiles(values: list[float]) -> tuple[float, float, float] | None:
    """First quartile, median and third quartile (inclusive method: they stay within the values).

    >>> quartiles([60, 90, 120, 150, 180])
    (90.0, 120, 150.0)
    >>> quartiles([75]), quartiles([])
    ((75, 75, 75), None)
    """
    if not values:
        return None
    if len(values) == 1:
        return values[0], values[0], values[0]
    first, _median, third = statistics.quantiles(values, n=4, method="inclusive")
    return first, statistics.median(values), third


def class_time(course: Path, assignment: str, now: datetime | None = None) -> ClassTime:
    """Every hand-in of ``assignment`` in ``course/submitted/``, measured, and the master's stated time."""
    folders = sorted(p for p in (Path(course) / "submitted").glob(f"*/{assignment}") if p.is_dir())
    times = {}
    for folder in folders:
        time = hand_in_time(folder, now)
        if time is not None:
            times[folder.parent.name] = time
    return ClassTime(assignment, len(folders), times, assignment_stated_minutes(course, assignment))


# --------------------------------------------------------------------------- the time a notebook states

_TIME_LABEL = re.compile(r"\*\*\s*(?:Time|时间|用时|时长|所需时间)\s*[:：]?\s*\*\*\s*[:：]?", re.IGNORECASE)
_NUMBER = r"(\d+(?:\.\d+)?½?|½)"
_DURATION = re.compile(
    rf"(?:about|约|大约)\s*{_NUMBER}\s*(hours?|h\b|minutes?|min\b|小时|分钟)(?:\s*(?:and\s*)?{_NUMBER}\s*(?:minutes?|min\b|分钟))?",
    re.IGNORECASE)


def _amount(text: str) -> float:
    return float(text.replace("½", "") or 0) + (0.5 if "½" in text else 0)


def stated_minutes(text: str) -> float | None:
    """The minutes a notebook's "**Time:** about …" line states (English or Chinese), or ``None``.

    Only the first duration after the label counts: "about 2 hours if you are new to Python (about 75
    minutes once pandas feels familiar)" states 2 hours.

    >>> stated_minutes("**Time:** about 1 hour 15 minutes for a learner new to Python.")
    75.0
    >>> stated_minutes("**Time:** about 2½ hours if you are new to Python (about 90 minutes once ...)")
    150.0
    >>> stated_minutes("**用时**：约 100 分钟（在学完模块 0 的 Python 入门之后）。")
    100.0
    >>> stated_minutes("**时长**：对初学 Python 的学员约 1 小时 45 分钟（估算方法见培训师指南）。")
    105.0
    >>> stated_minutes("**时间：** 对刚接触 Python 的学员约 2 小时（逐题估算）"), stated_minutes("Time flies.")
    (120.0, None)
    """
    label = _TIME_LABEL.search(text)
    if not label:
        return None
    sentence = re.split(r"[.。]\s|[.。]$|\*\*", text[label.end():label.end() + 200])[0]
    duration = _DURATION.search(sentence)
    if not duration:
        return None
    amount, unit, more = duration.groups()
    hours = unit.lower().startswith("h") or unit == "小时"
    return _amount(amount) * (60 if hours else 1) + (_amount(more) if more else 0)


def assignment_stated_minutes(course: Path, assignment: str) -> float | None:
    """The time the assignment's master notebook (``source/<assignment>/``) states, or ``None``."""
    for path in sorted((Path(course) / "source" / assignment).glob("*.ipynb")):
        notebook = _read_notebook(path)
        for cell in notebook.get("cells", []) if isinstance(notebook, Mapping) else []:
            if isinstance(cell, Mapping) and cell.get("cell_type") == "markdown":
                source = cell.get("source", "")
                found = stated_minutes("".join(source) if isinstance(source, list) else str(source))
                if found is not None:
                    return found
    return None


# --------------------------------------------------------------------------- how the reports show it

NO_TIMING = N_("no timing recorded (turn on JupyterLab's recordTiming; `cxlab lab` does)")


def duration_text(minutes: float) -> str:
    """Minutes as a trainer reads them, in the current language.

    >>> duration_text(135.4), duration_text(42), duration_text(120)
    ('2 h 15 min', '42 min', '2 h')
    """
    hours, rest = divmod(round(minutes), 60)
    if not hours:
        return _("{minutes} min").format(minutes=rest)
    if not rest:
        return _("{hours} h").format(hours=hours)
    return _("{hours} h {minutes} min").format(hours=hours, minutes=rest)


def summary_sentence(time: ClassTime) -> str:
    """The class report's line on working time (plain text in the current language; the page escapes it)."""
    stated = ([_("The notebook states about {duration}.").format(duration=duration_text(time.stated_minutes))]
              if time.stated_minutes else [])
    if not time.times:
        return join_sentences([_("Working time: {none}.").format(none=gettext(NO_TIMING)), *stated])
    parts = [_("Working time, measured from the {timed} of {hand_ins} hand-in(s) whose cells carry run times (time "
               "between cell runs, breaks over 30 minutes left out):").format(timed=len(time.times),
                                                                            hand_ins=time.hand_ins)]
    spread = time.quartiles()
    if spread:
        first, median, third = spread
        parts.append(_("median {median}, quartiles {first} to {third} over {count} hand-in(s).").format(
            median=duration_text(median), first=duration_text(first), third=duration_text(third),
            count=len(time.measured())))
        parts += stated
        if time.stated_minutes and median > 1.25 * time.stated_minutes:
            parts.append(_("The median is well over the stated time: see “Checking the stated times against your "
                           "class” in the syllabus."))
    else:
        parts += [_("none measures work."), *stated]
    if time.in_one_go():
        parts.append(_("{count} hand-in(s) were run again in one go before handing in (Restart and Run All), which "
                       "keeps only that run's times: left out.").format(count=len(time.in_one_go())))
    return join_sentences(parts)
