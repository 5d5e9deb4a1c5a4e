"""``cxlab collect-zip``: hand-ins downloaded from Canvas or Moodle as one zip, into ``submitted/``.

This is nbgrader's ``zip_collect`` (:class:`nbgrader.apps.ZipCollectApp`: extract the archive, name
each file's learner and notebook, keep the latest of duplicates, copy into
``submitted/<learner>/<assignment>/``) with a collector that reads the two systems' download names
and finds the learner through the roster (:mod:`cxlab.grading.roster`):

Canvas ("Download Submissions")
    ``doejohn_12345_6789012_04-servqual.ipynb``, ``doejohn_LATE_12345_6789012_04-servqual-1.ipynb``:
    the learner's name as "lastfirst", ``LATE`` for a late hand-in, the Canvas user id, the file's id,
    then the learner's file name (Canvas adds ``-1``, ``-2`` to a file handed in again). The learner
    is found by the user id (the roster's ``lms_id``), else by the name.
Moodle ("Download all submissions")
    ``John Doe_1234_assignsubmission_file_04-servqual.ipynb``, or with "Download submissions in
    folders" ``John Doe_1234_assignsubmission_file_/04-servqual.ipynb``: the learner's full name, a
    number Moodle makes up per assignment (so it cannot be matched), the plugin, then the file. The
    learner is found by the full name (either order), or a user name or email where a site shows that
    instead.

Every file of the zip is either imported or named in one line saying why not: an unknown learner, a
name neither system writes, a file that is not a notebook, a notebook the assignment does not have,
a learner who already has a hand-in (``--force`` replaces it, as nbgrader's ``--force``). Those files
are kept in ``downloaded/<assignment>/left-out/`` so nothing is lost. When a learner has two files for
one notebook, the newer one in the zip wins, as in nbgrader, and the line says which. A damaged zip
imports nothing. Each learner's folder is moved into place whole, never half-written.

The zip's file times only order duplicates: they are when the LMS built the zip, not when the learner
handed in, so no ``timestamp.txt`` is written (the LMS applies its own late policy).
"""

from __future__ import annotations

import logging
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath

from cxlab.errors import CxlabError
from cxlab.grading.roster import Learner

CANVAS = (r"(?P<name>[^_/]+)(?:_LATE)?_(?P<student_id>\d+)_(?P<attachment>\d+)_(?P<file_id>[^/]+)")
MOODLE = (r"(?P<student_id>[^_/]+)_(?P<participant>\d+)_assignsubmission_(?P<plugin>[a-z]+)_/?(?P<file_id>[^/]+)")
PATTERNS = {"canvas": CANVAS, "moodle": MOODLE}
LEFT_OUT = "left-out"


@dataclass
class Intake:
    """What a zip brought: learner -> notebooks imported, and one line per file left out or replaced."""

    assignment: str
    lms: str
    imported: dict[str, list[str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # a file not imported, and why
    notes: list[str] = field(default_factory=list)  # imported, but the trainer should know (duplicates)
    left_out: Path | None = None
    unchanged: set[str] = field(default_factory=set)  # learners whose hand-in was already there, identical

    def summary(self) -> str:
        notebooks = sum(len(names) for names in self.imported.values())
        text = (f"{self.assignment}: imported {notebooks} notebook(s) of {len(self.imported)} learner(s) from "
                f"the {self.lms.capitalize()} zip into submitted/<learner>/{self.assignment}/.")
        if self.problems:
            text += f" {len(self.problems)} file(s) left out, kept in {self.left_out}."
        return text


class Roster:
    """Finds a learner's id from what an LMS writes in a file name."""

    def __init__(self, members: list[Learner]):
        self._keys: dict[str, set[str]] = {}
        for member in members:
            for key in (member.id, member.email, member.full_name,
                        " ".join(filter(None, (member.last_name, member.first_name))),
                        _squeezed(member.last_name + member.first_name)):
                if key:
                    self._keys.setdefault(_normal(key), set()).add(member.id)
        self._lms = {member.lms_user_id: member.id for member in members if member.lms_user_id}

    def find(self, lms_id: str = "", name: str = "") -> tuple[str | None, str]:
        """(learner id, "") or (None, why not)."""
        if lms_id and lms_id in self._lms:
            return self._lms[lms_id], ""
        found = self._keys.get(_normal(name), set()) | self._keys.get(_squeezed(name), set())
        if len(found) == 1:
            return found.pop(), ""
        if found:
            return None, f"{len(found)} learners in the roster match {name!r} ({', '.join(sorted(found))})"
        said = f"LMS id {lms_id} or name {name!r}" if lms_id else f"name {name!r}"
        return None, f"no learner in the roster with {said} (import the roster: `cxlab roster import`)"


def _normal(text: str) -> str:
    return " ".join(text.casefold().split())


def _squeezed(text: str) -> str:
    """Canvas's "lastfirst": lower case, only letters and digits."""
    return re.sub(r"[\W_]", "", text.casefold())


def _collector_class():
    """nbgrader's FileNameCollectorPlugin, taught the LMS names and the roster (nbgrader loads on demand)."""
    from nbgrader.plugins import FileNameCollectorPlugin

    class RosterCollector(FileNameCollectorPlugin):
        """Names the learner and notebook of a file by ``named_regexp`` (Canvas's or Moodle's
        download names, matched against the file's path inside the zip), then the roster."""

        def setup(self, lms: str, roster: Roster, notebooks: set[str], extracted: Path, times: dict,
                  problems: list[str]) -> None:
            self.named_regexp = PATTERNS[lms]
            self.roster, self.notebooks, self.extracted, self.times = roster, notebooks, extracted, times
            self.problems = problems
            self.lms = lms

        def collect(self, submitted_file: str):
            inside = _inside(Path(submitted_file), self.extracted)
            learner, notebook, why = self.identify(inside)
            if why:
                self.problems.append(f"{inside}: {why}")
                return None
            stamp = self.times.get(str(inside))
            return {"student_id": learner, "file_id": notebook, "timestamp": stamp.isoformat() if stamp else None}

        def identify(self, inside: PurePosixPath) -> tuple[str | None, str | None, str]:
            """(learner id, notebook file name, "") for a file to import; else why not, in words."""
            match = re.fullmatch(self.named_regexp, str(inside))
            if not match:
                return None, None, f"not a {self.lms.capitalize()} download name"
            if inside.suffix not in self.valid_ext:
                return None, None, "not a notebook (.ipynb); only notebooks are graded"
            if self.lms == "canvas":
                learner, why = self.roster.find(lms_id=match["student_id"], name=match["name"])
            else:
                learner, why = self.roster.find(name=match["student_id"])
            if learner is None:
                return None, None, why
            notebook = self._notebook(match["file_id"])
            if notebook is None:
                return None, None, (f"{match['file_id']} is not a notebook of this assignment "
                                    f"({', '.join(sorted(self.notebooks))})")
            return learner, notebook, ""

        def _notebook(self, file_id: str) -> str | None:
            stem = PurePosixPath(file_id).stem
            # Canvas renames a file handed in again "name-1.ipynb"; Jupyter's copies are "name-Copy1".
            for candidate in (stem, re.sub(r"-\d+$", "", stem), re.sub(r"-Copy\d+$", "", stem)):
                if candidate in self.notebooks:
                    return f"{candidate}.ipynb"
            return None

    return RosterCollector


def _app_class():
    from nbgrader.apps import ZipCollectApp

    class CollectInto(ZipCollectApp):
        """nbgrader's zip_collect, remembering which file it chose for each learner and notebook."""

        chosen: dict = {}

        def _transfer_files(self, collected_data):
            self.chosen = {student: dict(zip(data["file_ids"], data["src_files"]))
                           for student, data in collected_data.items()}
            for data in collected_data.values():
                data["timestamp"] = None  # zip times order duplicates; they are not hand-in times
            super()._transfer_files(collected_data)

    return CollectInto


def detect_lms(names: list[str]) -> str:
    """Moodle's names carry ``_assignsubmission_``; anything else is read as Canvas's."""
    return "moodle" if any("_assignsubmission_" in name for name in names) else "canvas"


def _check_zip(path: Path) -> tuple[list[str], dict[str, datetime]]:
    """The zip's file names and times, or a one-line error: nothing is imported from a damaged zip."""
    if not path.is_file():
        raise CxlabError(f"{path}: no such file")
    if not zipfile.is_zipfile(path):
        with open(path, "rb") as handle:
            started_as_zip = handle.read(4) == b"PK\x03\x04"
        if started_as_zip:  # a download cut short loses the zip's directory, which sits at its end
            raise CxlabError(f"{path}: the zip is damaged or cut short (its list of files is missing); "
                             "download it again")
        raise CxlabError(f"{path}: not a zip file (download the hand-ins again as one .zip)")
    try:
        with zipfile.ZipFile(path) as archive:
            entries = [entry for entry in archive.infolist() if not entry.is_dir()]
            for entry in entries:
                name = PurePosixPath(entry.filename)
                if name.is_absolute() or ".." in name.parts:
                    raise CxlabError(f"{path}: the entry {entry.filename} points outside the zip's folder; refused")
                if entry.flag_bits & 0x1:
                    raise CxlabError(f"{path}: {entry.filename} is password-protected; download the zip again")
            damaged = archive.testzip()
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise CxlabError(f"{path}: the zip is damaged ({error}); download it again") from None
    if damaged:
        raise CxlabError(f"{path}: the zip is damaged ({damaged} fails its checksum); download it again")
    if not entries:
        raise CxlabError(f"{path}: the zip is empty")
    return [e.filename for e in entries], {e.filename: datetime(*e.date_time) for e in entries}


def collect_zip(course: Path, assignment: str, zip_path: Path, *, lms: str | None = None,
                force: bool = False) -> Intake:
    """Import the hand-ins of ``assignment`` in an LMS's zip into ``course/submitted/``."""
    from cxlab.grading import roster
    from cxlab.grading.course import check_course, coursedir

    course = check_course(course, assignment)
    zip_path = Path(zip_path).expanduser().resolve()
    names, times = _check_zip(zip_path)
    lms = lms or detect_lms(names)
    if lms not in PATTERNS:
        raise CxlabError(f"unknown LMS {lms!r}; choose one of {', '.join(PATTERNS)}")
    notebooks = {p.stem for p in (course / "source" / assignment).glob("*.ipynb")}
    found = Intake(assignment, lms)
    members = roster.members(course)
    with tempfile.TemporaryDirectory(prefix="cxlab-zip-") as work:
        staging = Path(work)
        archive = staging / "downloaded" / assignment / "archive"
        archive.mkdir(parents=True)
        shutil.copyfile(zip_path, archive / zip_path.name)
        release = staging / "release" / assignment
        release.mkdir(parents=True)
        for name in notebooks:
            (release / f"{name}.ipynb").touch()  # zip_collect reads only the release's notebook names
        app = _run_zip_collect(course, staging, assignment, lms, Roster(members), notebooks, times, found.problems)
        if not members:
            found.problems.insert(0, "the course has no roster yet, so no learner could be named: "
                                     "run `cxlab roster import FILE.csv` first")
        _note_duplicates(app, found)
        ignore = tuple(coursedir(course).ignore)
        _move_in(course, staging / "submitted", assignment, found, force, ignore)
        if found.problems:
            found.left_out = _keep_left_out(course, assignment, app, set(found.imported) | found.unchanged)
    return found


def _run_zip_collect(course, staging, assignment, lms, roster_, notebooks, times, problems):
    from nbgrader.coursedir import CourseDirectory

    from cxlab.grading.course import course_config

    directory = CourseDirectory(config=course_config(str(course)), root=str(staging))
    directory.assignment_id = assignment
    app = _app_class()(coursedir=directory, config=course_config(str(course)))
    app.strict = True
    app.collector_plugin = _collector_class()
    messages = _quiet(app.log)
    app.init_plugins()
    extracted = Path(app._format_collect_path(app.extracted_directory))
    app.collector_plugin_inst.setup(lms, roster_, notebooks, extracted, times, problems)
    try:
        app.extract_archive_files()
        app.process_extracted_files()
    except SystemExit:  # nbgrader's fail(): its message is the last error it logged
        errors = [m for level, m in messages if level >= logging.ERROR]
        raise CxlabError(f"nbgrader zip_collect stopped: {errors[-1] if errors else 'no reason given'}; "
                         "nothing was imported") from None
    except (OSError, ValueError) as error:
        raise CxlabError(f"the zip could not be unpacked ({error}); nothing was imported") from None
    return app


def _quiet(log) -> list[tuple[int, str]]:
    """nbgrader logs every file it copies: keep its messages to ourselves, report per file instead."""
    messages: list[tuple[int, str]] = []

    class Keep(logging.Handler):
        def emit(self, record):
            messages.append((record.levelno, record.getMessage()))

    log.handlers = [Keep()]
    log.propagate = False
    log.setLevel(logging.INFO)
    return messages


def _note_duplicates(app, found: Intake) -> None:
    """A learner with two files for one notebook: nbgrader kept the newer; say which, and name the other."""
    collector = app.collector_plugin_inst
    extracted = collector.extracted
    by_target: dict[tuple[str, str], list[Path]] = {}
    for path in sorted(p for p in extracted.rglob("*") if p.is_file()):
        learner, notebook, _ = collector.identify(_inside(path, extracted))
        if learner:
            by_target.setdefault((learner, notebook), []).append(path)
    for (learner, notebook), paths in sorted(by_target.items()):
        if len(paths) < 2:
            continue
        kept = Path(app.chosen.get(learner, {}).get(notebook, paths[-1]))
        others = [p for p in paths if p != kept]
        found.notes.append(
            f"{learner}: {len(paths)} files for {notebook}; kept the newest in the zip, "
            f"{_inside(kept, extracted)}, as nbgrader zip_collect does (left out: "
            f"{', '.join(str(_inside(p, extracted)) for p in others)})")
        found.problems.extend(f"{_inside(p, extracted)}: an older copy of {learner}'s {notebook}" for p in others)


def _inside(path: Path, extracted: Path) -> PurePosixPath:
    return PurePosixPath(*PurePosixPath(Path(path).relative_to(extracted).as_posix()).parts[1:])


def _move_in(course: Path, staged: Path, assignment: str, found: Intake, force: bool, ignore) -> None:
    """Each learner's staged folder replaces theirs in one rename; an existing hand-in only with ``force``."""
    from cxlab.grading import state

    if not staged.is_dir():
        return
    for learner_dir in sorted(p for p in staged.iterdir() if p.is_dir()):
        learner, source = learner_dir.name, learner_dir / assignment
        (source / "timestamp.txt").unlink(missing_ok=True)
        target = course / "submitted" / learner / assignment
        if target.exists():
            if state.fingerprint_files(target, ignore) == state.fingerprint_files(source, ignore):
                found.notes.append(f"{learner}: the same hand-in is already in submitted/; left as it was")
                found.unchanged.add(learner)
                continue
            if not force:
                found.problems.extend(f"{name.name}: {learner} already has a hand-in of {assignment} in "
                                      f"{target}; --force replaces it" for name in sorted(source.glob("*.ipynb")))
                continue
        target.parent.mkdir(parents=True, exist_ok=True)
        incoming = target.with_name(f".{assignment}.cxlab-zip")
        old = target.with_name(f".{assignment}.cxlab-old")
        for leftover in (incoming, old):
            if leftover.exists():
                shutil.rmtree(leftover)
        shutil.copytree(source, incoming)
        if target.exists():
            target.rename(old)
        incoming.rename(target)
        if old.exists():
            shutil.rmtree(old)
        found.imported[learner] = sorted(p.name for p in target.glob("*.ipynb"))


def _keep_left_out(course: Path, assignment: str, app, imported) -> Path:
    """Every extracted file that did not end in submitted/, kept under downloaded/ for the trainer."""
    extracted = app.collector_plugin_inst.extracted
    imported_files = {Path(src) for learner in imported for src in app.chosen.get(learner, {}).values()}
    folder = course / "downloaded" / assignment / LEFT_OUT
    for path in sorted(p for p in extracted.rglob("*") if p.is_file()):
        if path in imported_files:
            continue
        target = folder / _inside(path, extracted)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    return folder
