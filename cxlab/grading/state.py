"""What has been graded already: a fingerprint per hand-in, in an append-only log.

A batch may be killed at any moment (Ctrl-C, SIGKILL, a reboot). A hand-in counts as graded once
its record is appended here, which happens only after its scores are in the gradebook and its
graded notebook is in ``autograded/``. A rerun skips hand-ins whose fingerprint is unchanged and
grades the rest, so every hand-in ends up graded exactly once.

Each line is one JSON record; the last record of a learner wins. Appending a short line is atomic
for a process that dies (the page cache survives it), and a torn last line after a power cut is
ignored, which only means that hand-in is graded again.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path

#: Changing how hand-ins are graded changes every fingerprint, so a new engine regrades everything.
ENGINE_VERSION = "cxlab-grade-2"


@dataclass(frozen=True)
class Record:
    student: str
    fingerprint: str
    status: str
    reason: str
    graded_at: float
    retry: bool = False  # the grader itself failed: try again next run even if nothing changed


def fingerprint_files(folder: Path, ignore: tuple[str, ...] = ()) -> str:
    """A hash of every file's relative path and bytes under ``folder`` (ignored patterns skipped)."""
    digest = hashlib.sha256()
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            relative = path.relative_to(folder)
            if any(fnmatch.fnmatch(part, pattern) for part in relative.parts for pattern in ignore):
                continue
            if path.is_file() and not path.is_symlink():
                digest.update(str(relative).encode() + b"\0")
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def fingerprint(submission: Path, master: str, ignore: tuple[str, ...] = ()) -> str:
    """A hand-in's fingerprint: its files, the master's fingerprint, the engine version."""
    return hashlib.sha256(f"{ENGINE_VERSION}\0{master}\0{fingerprint_files(submission, ignore)}".encode()).hexdigest()


class GradingState:
    """The log of graded hand-ins of one assignment (``reports/<assignment>/state.jsonl``)."""

    def __init__(self, path: Path):
        self.path = path
        self.records: dict[str, Record] = {}
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                try:
                    record = Record(**json.loads(line))
                except (ValueError, TypeError):
                    continue  # a line torn by a crash: that hand-in is simply graded again
                self.records[record.student] = record

    def is_current(self, student: str, print_: str) -> bool:
        record = self.records.get(student)
        return record is not None and record.fingerprint == print_ and not record.retry

    def append(self, student: str, print_: str, status: str, reason: str, retry: bool = False) -> Record:
        record = Record(student, print_, status, reason, time.time(), retry)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps(asdict(record), ensure_ascii=False) + "\n"
        # One write() of one line, with O_APPEND: a crash leaves whole lines, never a mix of two.
        descriptor = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        try:
            os.write(descriptor, line.encode("utf-8"))
        finally:
            os.close(descriptor)
        self.records[student] = record
        return record
