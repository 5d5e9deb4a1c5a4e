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


@pytest.mark.parametrize(("as_number", "as_text"), [
    (12, "12"), (21.46, "21.5"), ([-3.0, 21.46], ["-3.0", "21.5"]), ({"HB01": 21.46, "HB02": -3}, {"HB01": "21.5", "HB02": "-3.0"}),
])
def test_numbers_written_in_quotes_are_not_the_right_answer(as_number, as_text):
    right = practice.digest("x", as_number, decimals=1)
    assert practice.check("x", as_number, right, question=1, decimals=1) is True
    with pytest.raises(practice.NotYetRight):
        practice.check("x", as_text, right, question=1, decimals=1)


def test_text_answers_are_compared_as_before():
    assert practice.digest("busiest", " HB03 ") == practice.digest("busiest", "HB03")
    assert practice.digest("busiest", "HB03") != practice.digest("busiest", "HB04")


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


# The form checks: one call each, the same plain sentence for the same slip in every assignment.
# They read the learner's variables from the namespace of the code that calls them (here, this module).


@pytest.fixture
def learner(monkeypatch):
    """Set a learner's variable in this module's globals, as a notebook cell would in its namespace."""
    def define(**variables):
        for name, value in variables.items():
            monkeypatch.setitem(globals(), name, value)
    return define


def test_answer_returns_the_learners_variable(learner):
    learner(bank_nps=21.5)
    assert practice.answer("bank_nps") == 21.5


def test_a_missing_name_says_define_it_and_check_the_spelling():
    with pytest.raises(AssertionError, match=r"^Define a variable named bank_npss \(check the spelling; did you run your cell\?\)$"):
        practice.answer("bank_npss")


@pytest.mark.parametrize("value", [21, 21.4, np.float64(21.4), np.int64(21)])
def test_expect_number_returns_a_number_as_given(learner, value):
    learner(bank_nps=value)
    assert practice.expect_number("bank_nps", low=-100, high=100) is value


@pytest.mark.parametrize("value, words", [
    ("21.4", "bank_nps should be a single number; you gave a str. Write a number without quotes."),
    (pd.Series([21.4]), "you gave a Series. If you have a Series with one entry, take the number out of it."),
    (pd.Timedelta(hours=3), "you gave a Timedelta. A duration must be turned into hours first: .total_seconds() / 3600."),
    (True, "bank_nps should be a single number; you gave a bool."),
    (float("nan"), "bank_nps is empty (NaN or <NA>): the rows you used held no value. Check your selection."),
    (pd.NA, "bank_nps is empty (NaN or <NA>)"),
])
def test_expect_number_names_the_wrong_type(learner, value, words):
    learner(bank_nps=value)
    with pytest.raises(AssertionError) as failure:
        practice.expect_number("bank_nps", low=-100, high=100)
    assert words in str(failure.value)


@pytest.mark.parametrize("bounds, words", [
    (dict(low=0, high=100), "rate should be between 0 and 100; yours is 120. Give a percentage."),
    (dict(low=0), ""),
    (dict(high=100), "rate should be at most 100; yours is 120. Give a percentage."),
    (dict(low=200), "rate should be at least 200; yours is 120. Give a percentage."),
])
def test_expect_number_says_the_range_and_the_hint(learner, bounds, words):
    learner(rate=120)
    if not words:
        assert practice.expect_number("rate", hint="Give a percentage.", **bounds) == 120
        return
    with pytest.raises(AssertionError, match=f"^{words.replace('.', '[.]')}$"):
        practice.expect_number("rate", hint="Give a percentage.", **bounds)


def test_expect_number_asks_for_a_whole_count(learner):
    learner(cases_still_open=12.5)
    with pytest.raises(AssertionError, match="cases_still_open should be a whole number \\(a count\\); yours is 12.5"):
        practice.expect_number("cases_still_open", low=0, whole=True)


def test_expect_choice_returns_the_choice_as_written_and_names_the_allowed_ones(learner):
    learner(worst=" Empathy ", busiest=7)
    assert practice.expect_choice("worst", ["tangibles", "empathy"], ignore_case=True) == "empathy"
    with pytest.raises(AssertionError, match="' Empathy ' is not an answer worst can take. Choose one of: 'tangibles', 'empathy'."):
        practice.expect_choice("worst", ["tangibles", "empathy"])
    with pytest.raises(AssertionError, match="busiest should be a text in quotes, such as 'HB01'; you gave a int."):
        practice.expect_choice("busiest", ["HB01", "HB02"])


def test_expect_choices_takes_a_list_or_the_index_of_a_series(learner):
    learner(top=pd.Series([0.5, 0.4], index=["rate_staff", "rate_wait"]), three=["a", "b", "c"], odd=["a", "z"])
    assert practice.expect_choices("top", ["rate_wait", "rate_staff", "rate_digital"], count=2) == ["rate_staff", "rate_wait"]
    with pytest.raises(AssertionError, match="List exactly 2 answers in three; you listed 3."):
        practice.expect_choices("three", ["a", "b", "c"], count=2)
    with pytest.raises(AssertionError, match="'z' is not an answer odd can hold. Choose from: 'a', 'b'."):
        practice.expect_choices("odd", ["a", "b"], count=2)
    learner(top="rate_wait")
    with pytest.raises(AssertionError, match=r"top should be a list of 2 answers, such as \['a', 'b'\]; you gave a str."):
        practice.expect_choices("top", ["a", "b"], count=2)


@pytest.mark.parametrize("value, right", [(True, True), (np.bool_(False), True), ("True", False), (1, False)])
def test_expect_bool_wants_true_or_false_without_quotes(learner, value, right):
    learner(significant=value)
    if right:
        assert practice.expect_bool("significant") is bool(value)
    else:
        with pytest.raises(AssertionError, match="significant should be True or False \\(without quotes\\)"):
            practice.expect_bool("significant")


def test_expect_values_keeps_the_row_order_and_checks_length_and_range(learner):
    learner(gap=pd.Series([3, 1, 2], index=[2, 0, 1]), short=[1, 2], wide=[1, 9], table=pd.DataFrame({"a": [1]}))
    assert practice.expect_values("gap", length=3, low=-6, high=6) == [1, 2, 3]
    with pytest.raises(AssertionError, match="short should hold 3 values, one for each row; it holds 2."):
        practice.expect_values("short", length=3)
    with pytest.raises(AssertionError, match="Every value of wide should be between -6 and 6; 1 is 9.0."):
        practice.expect_values("wide", length=2, low=-6, high=6)
    with pytest.raises(AssertionError, match="table should hold one value for each row \\(a Series or a list\\); you gave a DataFrame."):
        practice.expect_values("table", length=1)


def test_expect_series_accepts_a_dict_a_series_or_one_column_and_returns_floats_by_key(learner):
    keys = ["HB01", "HB02"]
    for value in ({"HB02": -3, "HB01": 21.5}, pd.Series([21.5, -3], index=keys),
                  pd.DataFrame({"nps": [21.5, -3], "n": [10, 20]}, index=keys)):
        learner(branch_nps=value)
        got = practice.expect_series("branch_nps", keys=keys, low=-100, high=100, column="nps")
        assert got.to_dict() == {"HB01": 21.5, "HB02": -3.0} and got.dtype == float


def test_expect_series_matches_keys_loosely_and_drops_what_it_is_told(learner):
    learner(counts={" Promoter": 5, "PASSIVES": 3, "detractors": 2, "total": 10})
    got = practice.expect_series("counts", keys=["promoters", "passives", "detractors"], drop=["total"])
    assert list(got.index) == ["promoters", "passives", "detractors"]
    learner(weights={"w_empathy": 0.5, "w_tangibles": 0.5})
    got = practice.expect_series("weights", keys=["tangibles", "empathy"], key=lambda k: k.removeprefix("w_"))
    assert got.to_dict() == {"tangibles": 0.5, "empathy": 0.5}


@pytest.mark.parametrize("value, words", [
    ([1, 2], "branch_nps should be a Series (or a dict) with one value for each key; you gave a list."),
    (pd.DataFrame({"a": [1], "b": [2]}, index=["HB01"]), "branch_nps is a table with 2 columns. Keep the one column the question asks for."),
    ({"HB01": 1}, "The keys (index) of branch_nps should be 'HB01', 'HB02'; you have 'HB01'."),
    ({"HB01": 1, "HB02": "x"}, "Every value of branch_nps should be a number; HB02 is 'x'."),
    ({"HB01": 1, "HB02": float("nan")}, "branch_nps has no value (NaN) for HB02."),
    ({"HB01": 1, "HB02": 101}, "Every value of branch_nps should be between -100 and 100; HB02 is 101.0."),
    ({"HB01": 1, "HB02": 1.5}, "Every value of branch_nps should be a whole number (a count); HB02 is 1.5."),
])
def test_expect_series_says_what_is_wrong_in_plain_words(learner, value, words):
    learner(branch_nps=value)
    with pytest.raises(AssertionError) as failure:
        practice.expect_series("branch_nps", keys=["HB01", "HB02"], low=-100, high=100, whole=True, hint="Group by branch.")
    assert str(failure.value) == f"{words} Group by branch."


def test_form_checks_speak_the_learners_language(learner, monkeypatch):
    from cxlab import lang

    monkeypatch.setattr(lang, "translations", lambda language: {practice.MISSING: "定义 {name}"})
    monkeypatch.setattr(lang, "current_language", lambda: "zh-CN")
    with pytest.raises(AssertionError, match="^定义 bank_npss$"):
        practice.answer("bank_npss")


def test_several_digests_can_share_one_hint(capsys):
    right = practice.digest("top", ["a", "b"])
    shared = {(practice.digest("top", ["c", "d"]), practice.digest("top", ["d", "c"])): "These are the best, not the worst."}
    with pytest.raises(practice.NotYetRight, match="Question 2: not right yet. These are the best, not the worst."):
        practice.check("top", ["d", "c"], right, question=2, mistakes=shared)


def test_the_right_items_in_another_order_get_the_order_hint():
    right = practice.digest("top", ["a", "b", "c"])
    with pytest.raises(practice.NotYetRight, match="not right yet. List the worst first."):
        practice.check("top", ["c", "a", "b"], right, question=2, wrong_order="List the worst first.")
    with pytest.raises(practice.NotYetRight, match="the value is not right yet"):
        practice.check("top", ["c", "a", "x"], right, question=2, wrong_order="List the worst first.")


def test_an_answer_that_follows_from_the_learners_own_earlier_answers_is_accepted(capsys):
    right = practice.digest("corr", 0.512, decimals=3)
    assert practice.check("corr", 0.431, right, question=5, decimals=3, follows=lambda: 0.4312) is True
    assert "follows from your own earlier answers" in capsys.readouterr().out
    with pytest.raises(practice.NotYetRight):
        practice.check("corr", 0.431, right, question=5, decimals=3, follows=lambda: 0.6)
    with pytest.raises(practice.NotYetRight):  # no usable earlier answer: judged on its own
        practice.check("corr", 0.431, right, question=5, decimals=3, follows=lambda: undefined_name)  # noqa: F821


def test_check_matching_names_the_one_wrong_entry(learner, capsys):
    right = practice.digest("sem_or_cem", {"A": "CEM", "B": "SEM", "C": "CEM"})
    learner(sem_or_cem={"a": " cem", "B": "SEM", "C": "CEM"})
    assert practice.check_matching("sem_or_cem", right, question=11, keys="ABC", choices=["CEM", "SEM"],
                                   one_wrong="One statement is wrong: {}.") == {"A": "CEM", "B": "SEM", "C": "CEM"}
    assert "Question 11: correct." in capsys.readouterr().out
    learner(sem_or_cem={"A": "CEM", "B": "CEM", "C": "CEM"})
    with pytest.raises(practice.NotYetRight, match="One statement is wrong: B."):
        practice.check_matching("sem_or_cem", right, question=11, keys="ABC", choices=["CEM", "SEM"],
                                one_wrong="One statement is wrong: {}.")
    learner(sem_or_cem={"A": "SEM", "B": "CEM", "C": "CEM"})
    with pytest.raises(practice.NotYetRight, match="At least two are wrong."):
        practice.check_matching("sem_or_cem", right, question=11, keys="ABC", choices=["CEM", "SEM"],
                                one_wrong="One statement is wrong: {}.", hint="At least two are wrong.")


@pytest.mark.parametrize("value, words", [
    (["CEM"], "lanes should be a dict like {'step one': 'front stage', …}; you gave a list."),
    ({"step one": "front stage"}, "lanes should have one entry for each of 'step one', 'step two'; you have 'STEP ONE'."),
    ({"step one": "front stage", "step two": "middle"},
     "lanes['step two'] is 'middle', which is not one of: 'front stage', 'back stage'. Check the spelling."),
])
def test_check_matching_says_what_is_wrong_with_the_form(learner, value, words):
    learner(lanes=value)
    with pytest.raises(AssertionError) as failure:
        practice.check_matching("lanes", None, question=8, keys=["step one", "step two"], choices=["front stage", "back stage"])
    assert str(failure.value) == words


def test_check_matching_by_position_folds_spellings_and_compares_in_key_order(learner, capsys):
    right = practice.digest("lanes", ["frontstage", "backstage"])
    learner(lanes={"step two": "Back-stage", "step one": "front_stage"})
    got = practice.check_matching("lanes", right, question=8, keys=["step one", "step two"], by_position=True,
                                  choices=["frontstage", "backstage"], aliases={"front stage": "frontstage", "back stage": "backstage"})
    assert got == {"step one": "frontstage", "step two": "backstage"}
    assert "Question 8: correct." in capsys.readouterr().out


def test_expect_series_names_a_length_that_betrays_a_usual_slip(learner):
    learner(emotion={f"V{i}": 0.5 for i in range(7)})
    with pytest.raises(AssertionError, match="^That is one entry per visit. Group by touchpoint.$"):
        practice.expect_series("emotion", keys=["waiting", "counter"], wrong_lengths={7: "That is one entry per visit."},
                               hint="Group by touchpoint.")


def test_figures_are_checked_for_lines_title_and_labels_and_read_back(learner):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots()
    learner(fig=figure, not_a_figure=axes)
    with pytest.raises(AssertionError, match="not_a_figure should be a chart \\(a matplotlib Figure\\); you gave a Axes"):
        practice.expect_figure("not_a_figure")
    axes.bar(["18-24", "25-34"], [3, 5])
    with pytest.raises(AssertionError, match="has no line on it"):
        practice.expect_figure("fig", lines=True)
    with pytest.raises(AssertionError, match="^Give the chart a title"):
        practice.expect_figure("fig", titled=True)
    assert practice.bar_chart(figure) == ([3, 5], False, False)
    axes.set_title("Answers by age band"), axes.set_xlabel("Age band"), axes.set_ylabel("Answers")
    axes.plot([0, 1], [-1.5, 2.0])
    assert practice.expect_figure("fig", lines=True, titled=True, labelled=True) is figure
    assert practice.bar_chart(figure) == ([3, 5], True, True)
    assert practice.line_curves(figure) == [[-1.5, 2.0]]
    plt.close(figure)


def test_expect_items_takes_any_list_and_the_true_rows_of_a_condition(learner):
    branches = ["HB01", "HB02", "HB03"]
    for value in (["HB01", " HB03"], ("HB01", "HB03"), {"HB03", "HB01"}, pd.Index(["HB01", "HB03"]),
                  np.array(["HB01", "HB03"]), pd.Series(["HB01", "HB03"]),
                  pd.Series([True, False, True], index=branches)):
        learner(top=value)
        assert sorted(practice.expect_items("top", branches, at_most=2)) == ["HB01", "HB03"]


@pytest.mark.parametrize("value, words", [
    ("HB01", "top should be a list of answers, such as ['HB01', 'HB02']; you gave a str."),
    (pd.DataFrame({"rank": [1]}, index=["HB01"]), "top should be a list of answers, such as ['HB01', 'HB02']; you gave a DataFrame."),
    (["HB01", "HB9"], "'HB9' is not an answer top can hold. Choose from: 'HB01', 'HB02', 'HB03'."),
    (["HB01", "HB02", "HB03"], "top should list at most 2 answers; you listed 3."),
    (["HB01", "HB01"], "'HB01' appears twice in top: list each answer once."),
])
def test_expect_items_says_what_is_wrong_in_plain_words(learner, value, words):
    learner(top=value)
    with pytest.raises(AssertionError) as failure:
        practice.expect_items("top", ["HB01", "HB02", "HB03"], at_most=2, unique=True, hint="Use the branch ids.")
    assert str(failure.value) == f"{words} Use the branch ids."


def test_expect_items_allows_an_item_twice_unless_told(learner):
    learner(top=["HB01", "HB01"])
    assert practice.expect_items("top", ["HB01", "HB02"]) == ["HB01", "HB01"]


def test_expect_table_returns_the_asked_columns_by_row_as_floats(learner):
    learner(scorecard=pd.DataFrame({"nps": [-3, 21.5], "wait": [4, 6], "n": ["a", "b"]}, index=["hb02", "HB01 "]))
    got = practice.expect_table("scorecard", columns=["nps", "wait"], rows=["HB01", "HB02"], ranges={"nps": (-100, 100)})
    assert got.to_dict() == {"nps": {"HB01": 21.5, "HB02": -3.0}, "wait": {"HB01": 6.0, "HB02": 4.0}}
    assert list(got.index) == ["HB01", "HB02"] and (got.dtypes == float).all()
    assert practice.cells(got) == {"HB01 nps": 21.5, "HB01 wait": 6.0, "HB02 nps": -3.0, "HB02 wait": 4.0}


@pytest.mark.parametrize("value, words", [
    ({"HB01": 1}, "scorecard should be a table (a DataFrame) with the columns 'nps', 'wait'; you gave a dict."),
    (pd.DataFrame({"nps": [1, 2]}, index=["HB01", "HB02"]), "The columns of scorecard should be 'nps', 'wait'; they are 'nps'."),
    (pd.DataFrame({"nps": [1], "wait": [2]}, index=["HB01"]), "The rows (index) of scorecard should be 'HB01', 'HB02'; they are 'HB01'."),
    (pd.DataFrame({"nps": [1, 2], "wait": [2, 3]}, index=["HB01", "HB01"]),
     "The rows (index) of scorecard should be 'HB01', 'HB02'; they are 'HB01', 'HB01'."),
    (pd.DataFrame({"nps": [1, float("nan")], "wait": [2, 3]}, index=["HB01", "HB02"]), "scorecard has no value (NaN) for HB02 nps."),
    (pd.DataFrame({"nps": [1, 2], "wait": [2, "x"]}, index=["HB01", "HB02"]), "Every value of scorecard should be a number; HB02 wait is 'x'."),
    (pd.DataFrame({"nps": [1, 200], "wait": [2, 3]}, index=["HB01", "HB02"]),
     "Every value of scorecard should be between -100 and 100; HB02 nps is 200.0."),
])
def test_expect_table_says_what_is_wrong_in_plain_words(learner, value, words):
    learner(scorecard=value)
    with pytest.raises(AssertionError) as failure:
        practice.expect_table("scorecard", columns=["nps", "wait"], rows=["HB01", "HB02"], ranges={"nps": (-100, 100)},
                              hint="Group by branch_id.")
    assert str(failure.value) == f"{words} Group by branch_id."


def test_numpy_values_are_shown_plainly_not_as_numpys_repr(learner):
    learner(trends_parallel=np.str_("True"), worst=np.str_("Empathy"))
    with pytest.raises(AssertionError) as failure:
        practice.expect_bool("trends_parallel")
    assert str(failure.value) == "trends_parallel should be True or False (without quotes); you gave a str."
    with pytest.raises(AssertionError) as failure:
        practice.expect_choice("worst", ["tangibles", "empathy"])
    assert str(failure.value).startswith("'Empathy' is not an answer worst can take") and "np." not in str(failure.value)


@pytest.mark.parametrize("given", [
    [-0.5, -1.0, 0.25],
    {"p01": -0.5, "p02": -1.0, "p03": 0.25},
    pd.Series([-0.5, -1.0, 0.25]),  # positions 0-2 are the items 1-3
    pd.DataFrame({"gap": [0.25, -0.5, -1.0]}, index=[3, 1, 2]),
])
def test_expect_numbered_reads_items_by_number_whatever_the_container(learner, given):
    learner(item_gap=given)
    assert practice.expect_numbered("item_gap", count=3, low=-6, high=6).to_dict() == {1: -0.5, 2: -1.0, 3: 0.25}


def test_expect_numbered_names_a_table_a_usual_length_and_wrong_keys(learner):
    learner(table_gap=pd.DataFrame({"1": [1, 2], "2": [3, 4]}), per_person=[0.5] * 5, lettered={"a": 1, "b": 2})
    with pytest.raises(AssertionError, match=r"^table_gap is a table \(2 rows x 2 columns\).*Take the mean of each column"):
        practice.expect_numbered("table_gap", count=2)
    with pytest.raises(AssertionError, match="^One value per respondent.$"):
        practice.expect_numbered("per_person", count=2, wrong_lengths={5: "One value per respondent."})
    with pytest.raises(AssertionError, match=r"^The keys \(index\) of lettered should be 1, 2; you have 'a', 'b'.$"):
        practice.expect_numbered("lettered", count=2)


def test_earlier_answers_gives_none_for_a_missing_or_unusable_answer(learner):
    learner(importance={"w_tangibles": 40.0, "w_empathy": 60.0}, alpha="high", item_gap=[1.0, 2.0])
    read = practice.earlier_answers(["tangibles", "empathy"], key=lambda key: key.removeprefix("w_"))
    assert read("importance").to_dict() == {"tangibles": 40.0, "empathy": 60.0}
    assert read("alpha") is None and read("no_such_answer") is None
    assert practice.earlier_answers(count=2)("item_gap").to_dict() == {1: 1.0, 2: 2.0}


def test_expect_radar_reads_each_shape_and_names_what_is_missing(learner):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from cxlab import plots

    gaps = pd.DataFrame({"smart": [-0.5, -1.0, -0.25], "traditional": [-1.0, -1.5, -0.5]},
                        index=["tangibles", "empathy", "assurance"])
    chart = plots.radar(gaps, title="Gaps", rlabel="Gap P - E (points)", reference=0)
    learner(radar_chart=chart, figure=chart.figure)
    drawn = practice.expect_radar("radar_chart", shapes=["smart", "traditional"], spokes=gaps.index, low=-6, high=6)
    assert drawn["smart empathy"] == -1.0 and drawn["traditional assurance"] == -0.5 and len(drawn) == 6
    with pytest.raises(AssertionError, match="^figure should be the chart plots.radar returns"):
        practice.expect_radar("figure", shapes=["smart"], spokes=gaps.index)
    with pytest.raises(AssertionError, match="should have one shape for each of 'smart', 'new'"):
        practice.expect_radar("radar_chart", shapes=["smart", "new"], spokes=gaps.index)
    with pytest.raises(AssertionError, match="between -0.6 and 6; smart empathy is -1.0"):
        practice.expect_radar("radar_chart", shapes=["smart", "traditional"], spokes=gaps.index, low=-0.6, high=6)
    plt.close(chart.figure)


def test_expect_some_choices_takes_any_number_of_answers_even_none(learner):
    learner(outside=["Empathy", "assurance"], none=[], text="empathy")
    assert practice.expect_some_choices("outside", ["assurance", "empathy", "tangibles"], ignore_case=True) == ["assurance", "empathy"]
    assert practice.expect_some_choices("none", ["assurance"]) == []
    with pytest.raises(AssertionError, match=r"text should be a list of answers, such as \['assurance'\]; you gave a str"):
        practice.expect_some_choices("text", ["assurance"])


def test_accepted_picks_the_right_form_the_answer_has_and_stays_none_in_an_exam(capsys):
    forms = (practice.digest("score", -0.514, decimals=2), practice.digest("score", -0.52, decimals=2))
    assert practice.check("score", -0.52, practice.accepted("score", -0.52, forms, decimals=2), question=5, decimals=2)
    with pytest.raises(practice.NotYetRight):
        practice.check("score", -0.6, practice.accepted("score", -0.6, forms, decimals=2), question=5, decimals=2)
    assert practice.accepted("score", -0.52, (None, None), decimals=2) is None


def test_expect_table_names_the_columns_a_swap_and_the_rows(learner):
    months = pd.to_datetime(["2025-07-01", "2025-08-01"])
    learner(monthly_wait=pd.DataFrame({"smart": [9.5, 8.0], "traditional": [11.0, 11.5]}, index=months),
            swapped=pd.DataFrame({"2025-07": [9.5, 11.0]}, index=["smart", "traditional"]),
            not_a_table={"smart": 1.0}, too_long=pd.DataFrame({"smart": [500.0, 8.0], "traditional": [1.0, 2.0]}))
    table = practice.expect_table("monthly_wait", columns=["smart", "traditional"], rows=["2025-07", "2025-08"],
                                  key=practice.month_text, low=0, high=60)
    assert table.loc["2025-08", "traditional"] == 11.5 and list(table.columns) == ["smart", "traditional"]
    with pytest.raises(AssertionError, match="^swapped has 'smart', 'traditional' as rows, not as columns"):
        practice.expect_table("swapped", columns=["smart", "traditional"])
    with pytest.raises(AssertionError, match=r"^not_a_table should be a table \(a DataFrame\) with the columns 'smart'; you gave a dict"):
        practice.expect_table("not_a_table", columns=["smart"])
    with pytest.raises(AssertionError, match=r"^The rows \(index\) of monthly_wait should be '2025-07', '2025-09'"):
        practice.expect_table("monthly_wait", columns=["smart"], rows=["2025-07", "2025-09"], key=practice.month_text)
    with pytest.raises(AssertionError, match="^too_long should have 3 rows; it has 2"):
        practice.expect_table("too_long", columns=["smart"], rows=3)
    with pytest.raises(AssertionError, match="between 0 and 60; 0 smart is 500.0"):
        practice.expect_table("too_long", columns=["smart"], low=0, high=60)


def test_a_matching_answer_may_be_a_series_or_a_one_column_table(learner, capsys):
    learner(as_series=pd.Series({"tangibles": "low priority", "empathy": "Concentrate here"}),
            as_table=pd.DataFrame({"quadrant": ["low priority", "concentrate here"]}, index=["tangibles", "empathy"]))
    for name in ("as_series", "as_table"):
        given = practice.check_matching(name, practice.digest(name, {"tangibles": "Low priority", "empathy": "Concentrate here"}),
                                        question=8, keys=["tangibles", "empathy"], choices=["Concentrate here", "Low priority"])
        assert given == {"tangibles": "Low priority", "empathy": "Concentrate here"}
    assert capsys.readouterr().out.count("correct") == 2


def test_check_carried_accepts_what_follows_from_earlier_answers_and_judges_the_rest(capsys):
    right = practice.digest("dimension_gap", {"tangibles": -0.5, "empathy": -1.0}, decimals=2)
    own = {"tangibles": 0.5, "empathy": 1.0}  # from a wrong Question 1, carried forward
    assert practice.check_carried("dimension_gap", {"tangibles": 0.5, "empathy": 1.004}, right, question=2,
                                  decimals=2, follows=lambda: own) is True
    assert "follows from your own earlier answers" in capsys.readouterr().out
    with pytest.raises(practice.NotYetRight, match="Question 2: the form is right, but the value is not right yet"):
        practice.check_carried("dimension_gap", {"tangibles": 0.9, "empathy": 1.0}, right, question=2, decimals=2, follows=lambda: own)
    with pytest.raises(practice.NotYetRight):
        practice.check_carried("worst", "empathy", practice.digest("worst", "tangibles"), question=7, follows=lambda: {}["missing"])
    assert practice.check_carried("worst", "tangibles", practice.digest("worst", "tangibles"), question=7, follows=lambda: 1 / 0)


def test_expect_labels_reads_a_dict_or_a_series_as_written_in_the_choices(learner):
    learner(ipa_quadrant=pd.Series({"Empathy": "concentrate-here", "tangibles": "LOW priority"}), wrong={"empathy": "fix it"})
    assert practice.expect_labels("ipa_quadrant", keys=["tangibles", "empathy"], choices=["Concentrate here", "Low priority"]) == {
        "tangibles": "Low priority", "empathy": "Concentrate here"}
    with pytest.raises(AssertionError, match=r"^wrong should have one entry for each of 'tangibles', 'empathy'"):
        practice.expect_labels("wrong", keys=["tangibles", "empathy"], choices=["Low priority"])
