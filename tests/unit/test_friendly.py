"""Friendly errors: each beginner error, produced by real pandas code, gets its plain explanation.

Learner code is run the way a kernel runs a cell: compiled under a cell's file name that linecache
knows, in a namespace called ``__main__``. That is what the explainers and the traceback cutter
look for, so the tests exercise the same paths as a notebook does.
"""

from __future__ import annotations

import itertools
import linecache
import subprocess
import sys

import pandas as pd
import pytest

from cxlab import friendly

_cell_numbers = itertools.count(1)


def run_cell(source: str, namespace: dict) -> BaseException:
    """Run ``source`` as a notebook cell would run and return the error it raises."""
    filename = f"<cell-{next(_cell_numbers)}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(keepends=True), filename)
    namespace.setdefault("__name__", "__main__")
    try:
        exec(compile(source, filename, "exec"), namespace)
    except BaseException as error:  # noqa: BLE001 - the error is what the test is about
        return error
    raise AssertionError(f"the cell {source!r} ran without an error")


@pytest.fixture
def notebook() -> dict:
    """A learner's namespace: the setup cell ran, and two Harbor Bank tables are loaded."""
    survey = pd.DataFrame({
        "branch_id": ["HB01", "HB03", "HB03", "HB07"],
        "channel": ["Counter", "Online", "Counter", "Phone"],
        "recommend": [9, 6, 10, 8],
        "after": [1, 0, 1, 1],
        "date": pd.to_datetime(["2024-03-01", "2024-03-02", "2024-03-05", "2024-04-01"]),
    })
    followups = pd.DataFrame({
        "surveyed_at": pd.to_datetime(["2024-03-01 09:00", "2024-03-02 10:00"]),
        "contacted_at": pd.to_datetime(["2024-03-01 15:30", "2024-03-03 11:00"]),
        "score_text": ["9", "6"],
    })
    return {"pd": pd, "survey": survey, "followups": followups}


def explanation(source: str, namespace: dict) -> str:
    error = run_cell(source, namespace)
    message = friendly.explain(error, namespace)
    assert message is not None, f"no explanation for {type(error).__name__}: {error}"
    return message


# --------------------------------------------------------------------------- missing columns and labels


def test_wrong_capital_letter_in_a_column_suggests_the_real_column(notebook):
    message = explanation('survey["After"]', notebook)
    assert "no column called 'After'" in message
    assert "Did you mean 'after'" in message


def test_misspelled_column_suggests_recommend(notebook):
    message = explanation('survey["recomend"].mean()', notebook)
    assert "Did you mean 'recommend'" in message


def test_misspelled_column_in_a_list_of_columns_names_the_missing_one(notebook):
    message = explanation('survey[["branch_id", "Recommend"]]', notebook)
    assert "no column called 'Recommend'" in message
    assert "Did you mean 'recommend'" in message


def test_every_column_of_a_list_missing_names_the_first(notebook):
    message = explanation('survey[["Branch_id", "Recommend"]]', notebook)
    assert "no column called 'Branch_id'" in message
    assert "Did you mean 'branch_id'" in message


def test_misspelled_column_in_groupby_is_found(notebook):
    message = explanation('survey.groupby("brnach_id")["recommend"].mean()', notebook)
    assert "Did you mean 'branch_id'" in message


def test_missing_row_label_is_called_a_row_label(notebook):
    notebook["by_branch"] = notebook["survey"].groupby("branch_id")["recommend"].mean()
    message = explanation('by_branch.loc["HB3"]', notebook)
    assert "no row labelled 'HB3'" in message
    assert "'HB03'" in message


# The walk-through of the assignments (issue #11) met these with IPython's raw 17- to 22-line traceback.
@pytest.mark.parametrize("source, missing, suggested", [
    ('survey.dropna(subset=["Recommend"])', "Recommend", "recommend"),
    ('survey.groupby("branch_id")["Channel"].value_counts()', "Channel", "channel"),
    ('survey.groupby("branch_id")[["Recommend"]].mean()', "Recommend", "recommend"),
    ('survey.drop(columns=["Recomend"])', "Recomend", "recommend"),
    ('survey.set_index("Branch_id")', "Branch_id", "branch_id"),
])
def test_a_misspelled_column_is_explained_whichever_pandas_method_meets_it(notebook, source, missing, suggested):
    message = explanation(source, notebook)
    assert f"no column called '{missing}'" in message, message
    assert f"Did you mean '{suggested}'" in message, message


def test_key_error_of_a_plain_dict_is_left_to_python(notebook):
    error = run_cell('targets = {"HB01": 40}\ntargets["HB02"]', notebook)
    assert friendly.explain(error, notebook) is None


# --------------------------------------------------------------------------- and / or / if on a column


def test_and_between_conditions_suggests_ampersand_with_parentheses(notebook):
    message = explanation('survey[survey["branch_id"] == "HB03" and survey["recommend"] >= 9]', notebook)
    assert "Use & instead of `and`" in message
    assert '(survey["branch_id"] == "HB03") & (survey["recommend"] >= 9)' in message


def test_or_between_conditions_suggests_the_bar(notebook):
    message = explanation('survey[(survey["recommend"] >= 9) or (survey["after"] == 1)]', notebook)
    assert "Use | instead of `or`" in message


def test_if_on_a_whole_column_explains_choosing_and_counting_rows(notebook):
    message = explanation('if survey["recommend"] >= 9:\n    print("promoter")', notebook)
    assert "`if` expects a single True or False" in message
    assert '(survey["recommend"] >= 9).sum()' in message


# --------------------------------------------------------------------------- names


def test_branch_code_without_quotes_suggests_quotes(notebook):
    message = explanation('survey[survey["branch_id"] == HB03]', notebook)
    assert 'put it in quotes: "HB03"' in message


def test_a_value_of_the_data_without_quotes_suggests_quotes(notebook):
    message = explanation('survey[survey["channel"] == Online]', notebook)
    assert 'put it in quotes: "Online"' in message


def test_misspelled_table_name_suggests_the_defined_one(notebook):
    message = explanation("servey.head()", notebook)
    assert "Did you mean 'survey'" in message
    assert "quotes" not in message


def test_module_of_the_setup_cell_points_to_the_setup_cell(notebook):
    message = explanation("nps.score(survey)", notebook)
    assert "setup cell" in message
    assert "from cxlab import nps" in message


def test_unknown_name_says_the_cell_above_may_not_have_run(notebook):
    message = explanation("hours_to_contact.median()", notebook)
    assert "has not been run yet" in message


# --------------------------------------------------------------------------- text, numbers, dates, durations


def test_text_compared_with_a_number_is_explained(notebook):
    message = explanation('followups[followups["score_text"] >= 9]', notebook)
    assert "text where a number belongs" in message
    assert "pd.to_numeric" in message


def test_number_compared_with_text_in_quotes_is_explained(notebook):
    message = explanation('survey[survey["recommend"] >= "9"]', notebook)
    assert "remove the quotes" in message


def test_text_that_is_no_number_is_quoted_back(notebook):
    message = explanation('float("nine")', notebook)
    assert "The text 'nine' cannot be turned into a number" in message


def test_date_compared_with_a_year_number_suggests_dt_year(notebook):
    message = explanation('survey[survey["date"] > 2024]', notebook)
    assert '.dt.year == 2024' in message


def test_duration_formatted_as_hours_suggests_total_seconds(notebook):
    source = 'wait = (followups["contacted_at"] - followups["surveyed_at"]).median()\nprint(f"{wait:.1f} hours")'
    message = explanation(source, notebook)
    assert "number format" in message
    assert ".dt.total_seconds() / 3600" in message


def test_duration_column_compared_with_hours_suggests_total_seconds(notebook):
    message = explanation('(followups["contacted_at"] - followups["surveyed_at"]) > 24', notebook)
    assert "compared with a plain number" in message
    assert ".dt.total_seconds() / 3600" in message


# --------------------------------------------------------------------------- syntax and attributes


@pytest.mark.parametrize(("source", "expected"), [
    ('survey[“recommend”]', "Chinese (full-width) punctuation"),
    ('survey[survey["recommend"] >= 9', "opened and not closed"),
    ('print("HB03)', "opened and not closed"),
    ("    survey.head()", "spaces at the start of a line"),
    ('branches = ["HB01" "HB03",\n "HB07" "HB09" 3]', "separated by commas"),
    ("total = survey['recommend'].sum())", "closing bracket without an opening one"),
])
def test_beginner_syntax_errors_are_explained(notebook, source, expected):
    assert expected in explanation(source, notebook)


def test_misspelled_method_suggests_the_real_one(notebook):
    message = explanation('survey["recommend"].mena()', notebook)
    assert "This Series has nothing called .mena" in message
    assert "'mean'" in message


def test_attribute_with_no_close_match_is_left_to_python(notebook):
    error = run_cell("survey.xyzzyq", notebook)
    assert friendly.explain(error, notebook) is None


# --------------------------------------------------------------------------- safety of the machinery


def test_an_unknown_error_gets_no_explanation(notebook):
    assert friendly.explain(run_cell("1 / 0", notebook), notebook) is None


def test_a_failing_explainer_never_raises(monkeypatch, notebook):
    def broken(error, namespace):
        raise RuntimeError("bug in an explainer")

    monkeypatch.setattr(friendly, "EXPLAINERS", (broken, *friendly.EXPLAINERS))
    assert "Did you mean 'after'" in friendly.explain(run_cell('survey["After"]', notebook), notebook)


def test_traceback_keeps_the_learner_frames_and_names_pandas(notebook):
    error = run_cell('def first_score(table):\n    return table["Recommend"]\nfirst_score(survey)', notebook)
    shortened, library = friendly.learner_traceback(error.__traceback__)
    kept = []
    while shortened is not None:
        kept.append((shortened.tb_frame.f_code.co_name, shortened.tb_lineno))
        shortened = shortened.tb_next
    assert kept == [("<module>", 3), ("first_score", 2)]
    assert library == "pandas"


class RecordingShell:
    """Stands in for an IPython shell: records what would be shown."""

    def __init__(self, user_ns, interactive_tb=None):
        self.user_ns = user_ns
        self.InteractiveTB = interactive_tb
        self.shown = []

    def _showtraceback(self, etype, evalue, stb):
        self.shown.append(stb)


class FailingFormatter:
    def structured_traceback(self, *args, **kwargs):
        raise RuntimeError("formatter bug")


class BrokenShell(RecordingShell):
    @property
    def user_ns(self):
        raise RuntimeError("shell bug")

    @user_ns.setter
    def user_ns(self, value):
        pass


def test_a_fault_in_the_hook_shows_the_original_traceback(notebook):
    shell = BrokenShell(notebook)
    friendly.install(shell)
    error = run_cell('survey["After"]', notebook)
    shell._showtraceback(KeyError, error, ["stock traceback"])
    assert shell.shown == [["stock traceback"]]


def test_a_fault_while_cutting_the_traceback_keeps_the_explanation_above_the_full_one(notebook):
    shell = RecordingShell(notebook, FailingFormatter())
    friendly.install(shell)
    error = run_cell('survey["After"]', notebook)
    shell._showtraceback(KeyError, error, ["stock traceback"])
    (shown,) = shell.shown
    assert "Did you mean 'after'" in shown[0]
    assert shown[1:] == ["stock traceback"]


def test_an_unknown_error_keeps_the_stock_traceback(notebook):
    shell = RecordingShell(notebook)
    friendly.install(shell)
    error = run_cell("1 / 0", notebook)
    shell._showtraceback(ZeroDivisionError, error, ["stock traceback"])
    assert shell.shown == [["stock traceback"]]


def test_install_is_idempotent_and_uninstall_restores(notebook):
    shell = RecordingShell(notebook)
    friendly.install(shell)
    wrapper = shell._showtraceback
    friendly.install(shell)
    assert shell._showtraceback is wrapper
    friendly.uninstall(shell)
    assert shell._showtraceback.__func__ is RecordingShell._showtraceback


def test_syntax_error_gets_the_explanation_above_the_stock_lines(notebook):
    shell = RecordingShell(notebook)
    friendly.install(shell)
    error = run_cell('survey[“recommend”]', notebook)
    shell._showtraceback(SyntaxError, error, ["stock syntax report"])
    (shown,) = shell.shown
    assert "Chinese (full-width) punctuation" in shown[0]
    assert shown[1:] == ["stock syntax report"]


@pytest.mark.parametrize(("variable", "value", "wanted"), [
    ("CXLAB_GRADING", "1", False),
    ("NBGRADER_EXECUTION", "autograde", False),
    ("CXLAB_FRIENDLY", "0", False),
    ("NBGRADER_EXECUTION", "validate", True),
    ("CXLAB_FRIENDLY", "1", True),
])
def test_grading_and_opt_out_switch_it_off(monkeypatch, variable, value, wanted):
    for name in ("CXLAB_GRADING", "NBGRADER_EXECUTION", "CXLAB_FRIENDLY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv(variable, value)
    assert friendly.wanted() is wanted


def test_switched_off_at_run_time_the_stock_traceback_is_shown(monkeypatch, notebook):
    shell = RecordingShell(notebook)
    friendly.install(shell)
    monkeypatch.setenv("CXLAB_FRIENDLY", "0")
    error = run_cell('survey["After"]', notebook)
    shell._showtraceback(KeyError, error, ["stock traceback"])
    assert shell.shown == [["stock traceback"]]


def test_outside_a_kernel_nothing_is_installed():
    assert friendly.install_in_kernel() is False


def test_import_cxlab_outside_a_kernel_loads_neither_pandas_nor_this_module():
    probe = "import sys, cxlab; print(sorted(m for m in ('pandas', 'IPython', 'cxlab.friendly') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_every_message_is_a_plain_string_with_named_placeholders():
    import string

    for key, message in friendly.MESSAGES.items():
        fields = [field for _, field, _, _ in string.Formatter().parse(message) if field is not None]
        assert all(field.isidentifier() for field in fields), f"{key} has an unnamed placeholder: {fields}"


def test_every_setup_module_named_in_the_hint_exists():
    import importlib.util

    missing = [name for name in friendly.CXLAB_MODULES if importlib.util.find_spec(f"cxlab.{name}") is None]
    assert not missing, f"the setup-cell hint names modules cxlab does not have: {missing}"


# --------------------------------------------------------------------------- the answer cell's placeholder


def test_running_an_answer_cell_before_answering_says_to_replace_the_placeholder(notebook):
    message = explanation("# YOUR CODE HERE\nraise NotImplementedError()", notebook)
    assert "still holds the placeholder `raise NotImplementedError()`" in message
    assert "write your answer in their place" in message


def test_a_not_implemented_error_of_the_learners_own_is_left_to_python(notebook):
    error = run_cell('raise NotImplementedError("the bonus part")', notebook)
    assert friendly.explain(error, notebook) is None


# --------------------------------------------------------------------------- a missing value used as a number


def test_the_mean_of_an_empty_selection_used_as_a_number_points_to_the_selection(notebook):
    notebook["survey"] = notebook["survey"].astype({"recommend": "Int64"})
    message = explanation('answers = survey.loc[survey["date"].dt.year == "2024", "recommend"]\n'
                          "round(float(answers.mean()), 2)", notebook)
    assert "The value is missing" in message
    assert 'a number written in quotes (== "2025" instead of == 2025)' in message


def test_numpy_words_stay_out_of_the_text_and_number_explanation(notebook):
    notebook["survey"] = notebook["survey"].astype({"recommend": "Int64"})
    message = explanation('survey[survey["recommend"] >= "9"]', notebook)
    assert "Python was given text where a number belongs" in message
    assert "ufunc" not in message, message


def test_a_period_written_without_quotes_that_names_a_table_says_to_quote_it(notebook):
    notebook["before"] = notebook["survey"].head(2)  # an earlier answer made a table called before
    message = explanation('survey[survey["channel"] == before]', notebook)
    assert "do not line up" in message
    assert 'survey["period"] == "before"' in message
