"""The `cxlab` command as a person uses it: help, readable one-line errors, the demo."""

from __future__ import annotations

import subprocess

import pytest

from kit import ROOT, cxlab_command


def run(*args, cwd=ROOT):
    return subprocess.run(cxlab_command(*args), capture_output=True, text=True, cwd=cwd)


def test_help_lists_the_commands():
    result = run("--help")
    assert result.returncode == 0
    for command in ("build", "demo", "data", "lab"):
        assert command in result.stdout


def test_build_check_passes_on_the_committed_kit():
    result = run("build", "--check")
    assert result.returncode == 0, result.stderr
    assert "in sync" in result.stdout


def test_wrong_assignment_name_is_one_line_without_traceback():
    result = run("build", "42-no-such-module")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert "no assignment named '42-no-such-module'" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_kit_directory_is_one_line_without_traceback(tmp_path):
    result = run("--root", str(tmp_path / "missing"), "build", "--check")
    assert result.returncode == 2
    assert "no such directory" in result.stderr and "Traceback" not in result.stderr


def test_demo_refuses_to_empty_a_folder_it_did_not_make(tmp_path):
    (tmp_path / "thesis.docx").write_text("precious", encoding="utf-8")
    result = run("demo", "--out", str(tmp_path))
    assert result.returncode == 2 and "not made by `cxlab demo`" in result.stderr
    assert (tmp_path / "thesis.docx").read_text(encoding="utf-8") == "precious"


def demo_grades(out) -> dict[tuple[str, str], str]:
    """(learner, assignment) -> score, from the demo's nbgrader export."""
    import csv

    with open(out / "grades.csv", newline="", encoding="utf-8") as handle:
        return {(row["student_id"], row["assignment"]): row["score"] for row in csv.DictReader(handle)}


@pytest.mark.slow
def test_demo_grades_a_class_writes_every_report_and_repeats_itself_with_the_same_seed(tmp_path):
    out = tmp_path / "demo"
    # 8 learners: the model, the blank one, one hostile and five drawn from the variants.
    demo = ("demo", "--out", str(out), "--learners", "8", "--seed", "7", "--workers", "2")
    result = run(*demo, cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    first = demo_grades(out)
    assignments = sorted({a for _, a in first})
    assert len({learner for learner, _ in first}) == 8
    # nbgrader's export counts open questions too; the model learner earns every autograded point.
    assert all(float(first["model-learner", a]) > 0 for a in assignments)
    assert all(float(first["blank-learner", a]) == 0 for a in assignments)
    for assignment in assignments:
        reports = out / "course" / "reports" / assignment
        assert (reports / "index.html").is_file() and (reports / "items.csv").is_file(), assignment
        assert (out / "course" / "feedback" / "model-learner" / assignment).is_dir(), assignment
    assert "model-learner" in result.stdout and "hostile" in result.stdout
    # A second run into the same folder replaces the first one's output, with the very same grades.
    assert run(*demo, cwd=tmp_path).returncode == 0
    assert demo_grades(out) == first
