"""`cxlab` finds the kit where it runs, the way git finds its repository (issue #11).

The real console script runs in a copy of the kit: it must build the copy, never the checkout the
package was installed from; outside any kit it says so in one line.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import cxlab
from cxlab import build
from cxlab.errors import CxlabError
from kit import ROOT

# Generated folders and environments: a copy starts as clean as a fresh clone.
NOT_COPIED = shutil.ignore_patterns(".git", ".venv", "__pycache__", ".ipynb_checkpoints", "demo-output",
                                    "release", "submitted", "autograded", "feedback", "feedback_cache",
                                    "reports", "gradebook.db", "screenshots")


def console_script() -> list[str]:
    """The installed `cxlab` command of this environment, as a trainer types it."""
    script = Path(sys.executable).parent / "cxlab"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "cxlab.cli"]


def cxlab_in(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*console_script(), *args], capture_output=True, text=True, cwd=folder,
                          env=dict(os.environ, PYTHONWARNINGS="ignore"), timeout=600)


@pytest.fixture(scope="module")
def kit_copy(tmp_path_factory) -> Path:
    copy = tmp_path_factory.mktemp("kit") / "cx-lab-copy"
    shutil.copytree(ROOT, copy, ignore=NOT_COPIED)
    return copy


def judged_this_kit(result: subprocess.CompletedProcess) -> bool:
    """`build --check` found the kit and its learner editions in sync. (Its exit code also reflects the
    Chinese edition's translation progress, which is not what these tests are about.)"""
    return result.returncode in (0, 1) and "learner editions are in sync" in result.stdout and (
        "learner edition(s) out of date" not in result.stderr)


def released(kit_root: Path) -> dict[str, float]:
    """Each released notebook of a kit with its modification time."""
    return {str(p.relative_to(kit_root)): p.stat().st_mtime for p in (kit_root / "course" / "release").rglob("*.ipynb")}


def test_the_package_is_not_inside_the_copy(kit_copy):
    # Otherwise the tests below could pass by finding the kit beside the package.
    assert kit_copy not in Path(cxlab.__file__).resolve().parents


@pytest.mark.slow
def test_build_in_a_copy_releases_into_the_copy_not_the_original(kit_copy):
    assignment = build.assignments(kit_copy / "course")[0]
    original_before = released(ROOT)
    result = cxlab_in(kit_copy, "build", assignment)
    assert result.returncode == 0, result.stderr[-2000:]
    assert f"into {kit_copy / 'course' / 'release'}" in result.stdout
    assert any(name.startswith(f"course/release/{assignment}/") for name in released(kit_copy))
    assert released(ROOT) == original_before, "the build touched the original checkout's release/"


def test_a_subfolder_of_the_copy_finds_the_copy(kit_copy):
    result = cxlab_in(kit_copy / "notebooks", "build", "--check")
    assert judged_this_kit(result), result.stderr[-2000:]
    assert build.find_kit(kit_copy / "notebooks").root == kit_copy.resolve()
    assert build.find_kit(kit_copy / "course" / "source").root == kit_copy.resolve()


def test_a_copy_with_a_stale_edition_is_judged_on_its_own_files(kit_copy, tmp_path):
    # A second copy with one learner edition removed: run there, --check must see the gap.
    second = tmp_path / "second"
    shutil.copytree(kit_copy, second, ignore=NOT_COPIED)
    edition = sorted((second / "notebooks").glob("*.ipynb"))[0]
    edition.unlink()
    result = cxlab_in(second / "solutions", "build", "--check")
    assert result.returncode == 1
    assert f"notebooks/{edition.name}: missing" in result.stderr


@pytest.mark.parametrize("command", [("build", "--check"), ("build",), ("lab", "--no-browser"), ("demo",),
                                     ("grade", "00-orientation"), ("report", "00-orientation")])
def test_outside_any_kit_every_command_says_so_in_one_line(command, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = cxlab_in(empty, *command)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("cxlab: error: no CX Lab kit here or above")
    assert str(empty.resolve()) in lines[0] and "--root DIR" in lines[0]
    assert not (empty / "demo-output").exists(), "nothing is written outside a kit"


def test_root_overrides_the_current_folder(kit_copy, tmp_path):
    # From an empty folder, --root (before or after the command) points at the copy.
    for args in (("--root", str(kit_copy), "build", "--check"), ("build", "--check", "--root", str(kit_copy))):
        result = cxlab_in(tmp_path, *args)
        assert judged_this_kit(result), result.stderr[-2000:]


def test_root_wins_over_the_kit_around_the_current_folder(kit_copy, tmp_path):
    # Inside the copy, --root naming a folder that is no kit is an error, not a silent fall-back.
    result = cxlab_in(kit_copy / "notebooks", "--root", str(tmp_path), "build", "--check")
    assert result.returncode == 2
    assert result.stderr.strip() == f"cxlab: error: {tmp_path.resolve()}: not a CX Lab kit (no course/nbgrader_config.py)"


def test_commands_told_where_to_work_need_no_kit(tmp_path):
    # --course-dir: the complaint is about that folder, not about a missing kit.
    result = cxlab_in(tmp_path, "report", "00-orientation", "--course-dir", str(tmp_path))
    assert result.returncode == 2
    assert f"{tmp_path}: not a course directory" in result.stderr and "no CX Lab kit" not in result.stderr
    # `cxlab data --out DIR` only generates data.
    data = cxlab_in(tmp_path, "data", "--out", str(tmp_path / "data"), "--scale", "0.02")
    assert data.returncode == 0, data.stderr
    assert (tmp_path / "data" / "kpi_monthly.csv").is_file()


def test_find_kit_takes_the_nearest_kit(tmp_path):
    outer, inner = tmp_path / "outer", tmp_path / "outer" / "trainers" / "inner"
    for kit_root in (outer, inner):
        (kit_root / "course").mkdir(parents=True)
        (kit_root / "course" / "nbgrader_config.py").write_text("", encoding="utf-8")
    (inner / "notebooks").mkdir()
    assert build.find_kit(inner / "notebooks").root == inner.resolve()
    assert build.find_kit(outer / "trainers").root == outer.resolve()


def test_a_course_folder_without_its_config_is_no_kit(tmp_path):
    (tmp_path / "course" / "source").mkdir(parents=True)
    with pytest.raises(CxlabError, match="no CX Lab kit here or above"):
        build.find_kit(tmp_path)
    with pytest.raises(CxlabError, match="not a CX Lab kit"):
        build.kit_at(tmp_path)


def test_find_kit_starts_from_the_current_folder(tmp_path, monkeypatch):
    (tmp_path / "course").mkdir()
    (tmp_path / "course" / "nbgrader_config.py").write_text("", encoding="utf-8")
    (tmp_path / "deep" / "er").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "deep" / "er")
    assert build.kit().root == tmp_path.resolve()
    assert build.kit(str(tmp_path)).root == tmp_path.resolve()
