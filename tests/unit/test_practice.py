"""Practice checks: right answers say so, typical mistakes get their hint, grading and exams stand aside."""

from __future__ import annotations

import json

import nbformat
import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cxlab import build, practice
from cxlab.exam import hide_digests
from kit import COURSE


@pytest.fixture(autouse=True)
def practising(monkeypatch):
    monkeypatch.delenv(practice.GRADING_VARIABLE, raising=False)


RIGHT = practice.digest("branch_nps", {"HB01": 21.46, "HB02": -3.0}, decimals=1)


def test_the_same_answer_in_another_container_is_still_right(capsys):
    as_series = pd.Series([-3.0, 21.46], index=["HB02", "HB01"])
    assert practice.check("branch_nps", as_series, RIGHT, question=3, decimals=1) is True
    assert capsys.readouterr().out.strip() == "Question 3: correct."


def test_one_wrong_branch_is_not_right():
    with pytest.raises(practice.NotYetRight, match="Question 3: the form is right, but the value is not right yet"):
        practice.check("branch_nps", {"HB01": 21.46, "HB02": -2.0}, RIGHT, question=3, decimals=1)


def test_a_typical_mistake_gets_its_own_hint_and_others_the_general_one():
    share = practice.digest("bank_nps", 0.2146, decimals=1)
    mistakes = {share: "An NPS is in points: multiply the shares by 100."}
    right = practice.digest("bank_nps", 21.46, decimals=1)
    with pytest.raises(practice.NotYetRight, match="multiply the shares by 100"):
        practice.check("bank_nps", 0.2146, right, question=2, decimals=1, mistakes=mistakes)
    with pytest.raises(practice.NotYetRight) as other:
        practice.check("bank_nps", 30.0, right, question=2, decimals=1, mistakes=mistakes, hint="Count 9-10 only.")
    assert "multiply" not in str(other.value) and str(other.value).endswith("Count 9-10 only.")


def test_a_failed_check_is_an_assertion_so_nbgrader_counts_it_failed():
    assert issubclass(practice.NotYetRight, AssertionError)


def test_grading_kernels_never_decide_by_digest(monkeypatch, capsys):
    monkeypatch.setenv(practice.GRADING_VARIABLE, "1")
    assert practice.check("bank_nps", 99.0, practice.digest("bank_nps", 21.4), question=2) is None
    assert capsys.readouterr().out == ""


def test_an_exam_release_checks_the_form_only(capsys):
    assert practice.check("bank_nps", 99.0, None, question=2) is None
    assert "checked when your work is graded" in capsys.readouterr().out


def test_the_variable_name_salts_the_digest():
    assert practice.digest("bank_nps", 21.4) != practice.digest("branch_nps", 21.4)


@pytest.mark.parametrize("same", [3, 3.0, np.int64(3), np.float64(3.0)])
def test_whole_numbers_compare_whatever_their_type(same):
    assert practice.digest("count", same) == practice.digest("count", 3)


def test_order_matters_only_where_the_question_says_so():
    assert practice.digest("top", ["a", "b"]) != practice.digest("top", ["b", "a"])
    assert practice.digest("top", ["a", "b"], ordered=False) == practice.digest("top", ("b", "a"), ordered=False)
    assert practice.digest("top", {"a", "b"}) == practice.digest("top", {"b", "a"})


def test_a_one_column_table_is_its_column_and_a_wider_table_is_refused():
    frame = pd.DataFrame({"nps": [21.46, -3.0]}, index=["HB01", "HB02"])
    assert practice.digest("branch_nps", frame, decimals=1) == RIGHT
    with pytest.raises(TypeError, match="one column"):
        practice.digest("branch_nps", frame.assign(n=[1, 2]))


def test_missing_values_and_negative_zero_have_one_spelling():
    assert practice.digest("x", pd.NA) == practice.digest("x", float("nan")) == practice.digest("x", None)
    assert practice.digest("x", -0.04, decimals=1) == practice.digest("x", 0.0, decimals=1)


@given(st.floats(-100, 100, allow_nan=False))
def test_rounding_to_the_allowed_decimals_never_changes_the_verdict(value):
    """The questions allow "not rounded, or rounded to 1 decimal": both must agree."""
    assert practice.digest("bank_nps", value, decimals=1) == practice.digest("bank_nps", float(f"{value:.1f}"), decimals=1)


def test_hide_digests_removes_every_digest_and_nothing_else():
    source = 'practice.check("x", x, "cx1:0123456789abcdef", question=1,\n    mistakes={\'cx1:fedcba9876543210\': "hint cx1 text"})'
    hidden = hide_digests(source)
    assert "cx1:0" not in hidden and "cx1:f" not in hidden
    assert hidden.count("None") == 2 and '"hint cx1 text"' in hidden


@pytest.mark.slow
def test_an_assignment_listed_as_an_exam_is_released_without_digests(tmp_path):
    course = build.copy_course(COURSE, tmp_path / "course")
    assignment = next(p.parent.name for p in sorted((course / "source").glob("*/*.ipynb"))
                      if practice.DIGEST_PREFIX in p.read_text(encoding="utf-8"))
    config = course / "nbgrader_config.py"
    config.write_text(config.read_text(encoding="utf-8") + f"\nc.HideValueChecks.exam_assignments = [{assignment!r}]\n",
                      encoding="utf-8")
    build.generate_assignment(course, assignment)
    released = [nbformat.read(p, as_version=4) for p in (course / "release" / assignment).glob("*.ipynb")]
    text = json.dumps([cell.source for notebook in released for cell in notebook.cells])
    assert practice.DIGEST_PREFIX not in text, "an exam release still carries value-check digests"
    assert "practice.check(" in text, "the exam release should keep the checks (form only)"
