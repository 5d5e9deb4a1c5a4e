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


@pytest.mark.slow
def test_demo_grades_the_model_learner_fully_and_the_blank_learner_zero(tmp_path):
    out = tmp_path / "demo"
    result = run("demo", "--out", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    grades = (out / "grades.csv").read_text(encoding="utf-8").splitlines()
    header = grades[0].split(",")
    rows = [dict(zip(header, line.split(","))) for line in grades[1:]]
    model = [r for r in rows if r["student_id"] == "model-learner"]
    blank = [r for r in rows if r["student_id"] == "blank-learner"]
    assert model and blank, f"both learners must appear in grades.csv: {grades}"
    # nbgrader's export counts open questions too; the model learner earns every autograded point.
    assert all(float(r["score"]) > 0 for r in model)
    assert all(float(r["score"]) == 0 for r in blank)
    assert "model-learner" in result.stdout and "blank-learner" in result.stdout
    # A second run into the same folder replaces the first one's output.
    assert run("demo", "--out", str(out), cwd=tmp_path).returncode == 0
