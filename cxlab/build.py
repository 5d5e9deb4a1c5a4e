"""Course build: nbgrader releases of the graded masters, learner editions of the lectures.

One source of truth: a lecture is written once, with worked answers, in ``solutions/``; its learner
edition in ``notebooks/`` is generated from it by nbgrader's own ``ClearSolutions`` and
``ClearOutput`` preprocessors, so a learner sees exactly the stubs nbgrader would show. A graded
assignment is written once in ``course/source/<assignment>/`` and released with
``nbgrader generate_assignment``.
"""

from __future__ import annotations

import copy
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from cxlab.errors import CxlabError

#: What makes a folder a CX Lab kit: its nbgrader course configuration, found the way git finds ``.git``.
KIT_MARKER = Path("course") / "nbgrader_config.py"
EXCEPTION_LINE = re.compile(r"^[\w.]+(Error|Exception): ")


@dataclass(frozen=True)
class KitPaths:
    """Where the pieces of the kit live; every command can be pointed at a copy."""

    root: Path

    @property
    def course(self) -> Path:
        return self.root / "course"

    @property
    def solutions(self) -> Path:
        return self.root / "solutions"

    @property
    def notebooks(self) -> Path:
        return self.root / "notebooks"

    @property
    def tests(self) -> Path:
        return self.root / "tests"


# --------------------------------------------------------------------------- finding the kit
#
# The kit is found where the command runs, never where the package is installed: a trainer who
# copies the kit and builds in the copy must build the copy, and cxlab installed from a wheel has
# no kit beside it at all.


def find_kit(start: Path | None = None) -> KitPaths:
    """The kit holding ``start`` (default: the current folder): the nearest folder at or above it
    with ``course/nbgrader_config.py``."""
    if start is None:
        try:
            start = Path.cwd()
        except FileNotFoundError:
            raise CxlabError("the current folder no longer exists; cd into the kit or pass --root DIR") from None
    start = Path(start).resolve()
    for folder in (start, *start.parents):
        if (folder / KIT_MARKER).is_file():
            return KitPaths(folder)
    raise CxlabError(
        f"no CX Lab kit here or above {start} (looked for {KIT_MARKER.as_posix()}); cd into the kit or pass --root DIR"
    )


def kit_at(root: Path) -> KitPaths:
    """The kit in exactly this folder (``--root DIR``); a one-line error when it is not one."""
    folder = Path(root).resolve()
    if not folder.is_dir():
        raise CxlabError(f"{root}: no such directory")
    if not (folder / KIT_MARKER).is_file():
        raise CxlabError(f"{folder}: not a CX Lab kit (no {KIT_MARKER.as_posix()})")
    return KitPaths(folder)


def kit(root: Path | str | None = None) -> KitPaths:
    """The kit a command works on: ``--root DIR`` when given, otherwise found from the current folder."""
    return kit_at(Path(root)) if root else find_kit()


def assignments(course_dir: Path) -> list[str]:
    """The graded assignments of a course: every folder of ``source/`` that holds a notebook."""
    source = course_dir / "source"
    if not source.is_dir():
        raise CxlabError(f"{course_dir}: not a course directory (no source/ folder)")
    return sorted(p.name for p in source.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))


def resolve_assignments(course_dir: Path, wanted: list[str] | None) -> list[str]:
    """Check the names a user typed against the course; an unknown one is a one-line error."""
    available = assignments(course_dir)
    if not wanted:
        return available
    unknown = [name for name in wanted if name not in available]
    if unknown:
        raise CxlabError(
            f"no assignment named {', '.join(map(repr, unknown))} in {course_dir / 'source'}; "
            f"available: {', '.join(available) or 'none'}"
        )
    return wanted


def nbgrader_command(*args: str) -> list[str]:
    """The nbgrader of this Python environment, never one that happens to be first on PATH."""
    return [sys.executable, "-m", "cxlab.grading.nbgrader_main", *args]


def nbgrader_environment() -> dict[str, str]:
    """The environment for nbgrader: this Python's scripts first on PATH.

    nbgrader runs the ``alembic`` script by name when it creates a gradebook, and `make` calls
    ``.venv/bin/cxlab`` without activating the virtual environment.
    """
    scripts = str(Path(sys.executable).parent)
    return dict(os.environ, PATH=os.pathsep.join([scripts, os.environ.get("PATH", "")]), PYTHONWARNINGS="ignore")


def run_nbgrader(
    course_dir: Path, *args: str, timeout: float | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """Run one nbgrader command in the course root, where it finds nbgrader_config.py (``env``: more variables)."""
    env = {**nbgrader_environment(), **(env or {})}
    return subprocess.run(
        nbgrader_command(*args), cwd=course_dir, env=env, capture_output=True, text=True, timeout=timeout
    )


def generate_assignment(course_dir: Path, assignment: str) -> None:
    """``nbgrader generate_assignment``: the student version into ``release/`` and the gradebook."""
    result = run_nbgrader(course_dir, "generate_assignment", assignment, "--force")
    if result.returncode != 0:
        raise CxlabError(f"nbgrader generate_assignment {assignment} failed: {last_error_line(result)}")


def last_error_line(result: subprocess.CompletedProcess) -> str:
    """The line of nbgrader's log that says what went wrong, for a one-line error."""
    lines = [line.strip() for line in (result.stderr + result.stdout).splitlines() if line.strip()]
    exceptions = [line for line in lines if EXCEPTION_LINE.match(line)]
    if exceptions:
        return exceptions[-1]
    errors = [line for line in lines if "ERROR" in line]
    return errors[0] if errors else (lines[-1] if lines else f"exit code {result.returncode}")


# --------------------------------------------------------------------------- learner editions


def learner_edition(master):
    """The learner edition of a lecture: worked answers replaced by stubs, outputs cleared.

    nbgrader's ClearSolutions does the replacing, so ``### BEGIN SOLUTION`` regions in code and
    markdown cells become exactly the stubs a graded release shows. Lectures are never autograded,
    so their practice cells need no nbgrader metadata (``enforce_metadata=False``).
    """
    from nbconvert.preprocessors import ClearOutputPreprocessor
    from nbgrader.preprocessors import ClearSolutions

    notebook = copy.deepcopy(master)
    resources = {"language": "python"}
    notebook, resources = ClearSolutions(enforce_metadata=False).preprocess(notebook, resources)
    notebook, resources = ClearOutputPreprocessor().preprocess(notebook, resources)
    return notebook


def notebook_text(notebook) -> str:
    """The exact bytes a notebook is committed as (nbformat's own layout), for sync checks."""
    import nbformat

    return nbformat.writes(notebook) + "\n"


def read_notebook(path: Path):
    import nbformat

    try:
        return nbformat.read(path, as_version=4)
    except Exception as error:  # nbformat raises several unrelated types for a damaged file
        raise CxlabError(f"{path}: not a readable notebook ({error.__class__.__name__}: {error})") from None


def lecture_pairs(paths: KitPaths) -> list[tuple[Path, Path]]:
    """Each master lecture with the path of its learner edition."""
    if not paths.solutions.is_dir():
        return []
    return [(master, paths.notebooks / master.name) for master in sorted(paths.solutions.glob("*.ipynb"))]


def write_learner_editions(paths: KitPaths) -> list[Path]:
    """Regenerate every learner edition; returns those whose content changed."""
    paths.notebooks.mkdir(exist_ok=True)
    changed = []
    for master, edition in lecture_pairs(paths):
        text = notebook_text(learner_edition(read_notebook(master)))
        if not edition.exists() or edition.read_text(encoding="utf-8") != text:
            edition.write_text(text, encoding="utf-8")
            changed.append(edition)
    return changed


def stale_learner_editions(paths: KitPaths) -> list[str]:
    """One line per learner edition that is missing, out of date, or has no master any more."""
    problems = []
    masters = set()
    for master, edition in lecture_pairs(paths):
        masters.add(edition.name)
        expected = notebook_text(learner_edition(read_notebook(master)))
        if not edition.exists():
            problems.append(f"{edition.relative_to(paths.root)}: missing (run `cxlab build`)")
        elif edition.read_text(encoding="utf-8") != expected:
            problems.append(
                f"{edition.relative_to(paths.root)}: out of date with {master.relative_to(paths.root)} "
                "(run `cxlab build`)"
            )
    if paths.notebooks.is_dir():
        for orphan in sorted(paths.notebooks.glob("*.ipynb")):
            if orphan.name not in masters:
                problems.append(
                    f"{orphan.relative_to(paths.root)}: has no master in solutions/ "
                    "(learner editions are generated; write the lecture in solutions/)"
                )
    return problems


# --------------------------------------------------------------------------- the whole build


@dataclass(frozen=True)
class BuildReport:
    released: list[str]
    rewritten: list[Path]
    chinese_released: list[str] = field(default_factory=list)
    chinese_rewritten: list[Path] = field(default_factory=list)


def release(course_dir: Path, names: list[str], progress=None, label: str = "") -> list[str]:
    """``nbgrader generate_assignment`` of ``names`` (one course, one gradebook).

    Every assignment of the course at once is one nbgrader process (``"*"``): each start of
    nbgrader costs seconds, the same for one assignment or all.
    """
    if len(names) > 1 and names == assignments(course_dir):
        if progress:
            progress(f"{label}{', '.join(names)}")
        generate_assignment(course_dir, "*")
        return names
    for name in names:
        if progress:
            progress(f"{label}{name}")
        generate_assignment(course_dir, name)
    return names


def build(paths: KitPaths, wanted: list[str] | None = None, progress=None) -> BuildReport:
    """Release every graded assignment with nbgrader and regenerate the learner editions, in
    English and in Chinese (``cxlab.i18n``: the Chinese editions, then the Chinese course's release).

    The English releases run in a thread while the Chinese editions are rendered: each release is
    an nbgrader process, and the two courses have separate gradebooks, so nothing is shared.
    """
    from concurrent.futures import ThreadPoolExecutor

    from cxlab import i18n

    names = resolve_assignments(paths.course, wanted)
    with ThreadPoolExecutor(max_workers=1) as english:
        released = english.submit(release, paths.course, names, progress)
        rewritten = write_learner_editions(paths)
        chinese_rewritten = i18n.write_chinese_editions(paths.root)
        chinese_course = i18n.chinese_course(paths.root)
        chinese = release(chinese_course, resolve_assignments(chinese_course, wanted), progress,
                          f"{chinese_course.name}/")
        released.result()
    return BuildReport(released=names, rewritten=rewritten, chinese_released=chinese,
                       chinese_rewritten=chinese_rewritten)


def copy_course(source_course: Path, destination: Path) -> Path:
    """A working copy of the course (config, masters and the concepts they assess), for demos and tests.

    Generated folders (release/, submitted/, the gradebook) are never copied, so the copy starts
    as clean as a fresh clone.
    """
    destination.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source_course / "nbgrader_config.py", destination / "nbgrader_config.py")
    if (source_course / "concepts.yml").exists():  # the course report names concepts by these labels
        shutil.copy2(source_course / "concepts.yml", destination / "concepts.yml")
    shutil.copytree(
        source_course / "source",
        destination / "source",
        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"),
        dirs_exist_ok=True,
    )
    return destination
