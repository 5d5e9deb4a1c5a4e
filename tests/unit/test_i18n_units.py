"""Splitting English masters into translatable units: what is a unit, what stays as it is."""

from __future__ import annotations

import textwrap

from cxlab.i18n.code import split_code
from cxlab.i18n.markdown import split_markdown
from cxlab.i18n.units import join, units_of


def msgids(segments):
    return [unit.msgid for unit in units_of(segments)]


def code_msgids(source, vocabulary=frozenset()):
    segments = split_code(textwrap.dedent(source), vocabulary)
    assert join(segments) == textwrap.dedent(source), "segments must give the source back exactly"
    return msgids(segments)


# --------------------------------------------------------------------------- markdown


def test_markdown_paragraphs_are_units_with_their_lines_joined():
    text = "## Waiting at the counter\n\nCustomers wait longest\nat lunchtime, when `counters` are few.\n"
    segments = split_markdown(text)
    assert join(segments) == text
    assert msgids(segments) == ["Waiting at the counter", "Customers wait longest at lunchtime, when `counters` are few."]


def test_each_list_item_is_a_unit_without_its_marker():
    text = "You will\n\n1. count the promoters\n   and the detractors;\n2. compute the NPS.\n- a bullet\n"
    assert msgids(split_markdown(text)) == [
        "You will",
        "count the promoters and the detractors;",
        "compute the NPS.",
        "a bullet",
    ]


def test_table_cells_with_prose_are_units_and_column_names_are_not():
    text = "| column | meaning |\n| --- | --- |\n| `branch_id` | the branch, `HB01` to `HB24` |\n"
    segments = split_markdown(text)
    assert join(segments) == text
    assert msgids(segments) == ["column", "meaning", "the branch, `HB01` to `HB24`"]


def test_code_blocks_math_and_nbgrader_markers_are_never_units():
    text = (
        "### BEGIN SOLUTION\n**Plan.** Call every detractor.\n### END SOLUTION\n\n"
        "```python\nprint('not a unit either')\n```\n\n$$\nNPS = P - D\n$$\n\nYOUR ANSWER HERE\n"
    )
    segments = split_markdown(text)
    assert join(segments) == text
    assert msgids(segments) == ["**Plan.** Call every detractor."]


def test_display_math_on_one_line_is_kept():
    text = "The score:\n\n$$NPS = P - D$$\n\nwhere P is the share of promoters.\n"
    assert msgids(split_markdown(text)) == ["The score:", "where P is the share of promoters."]


def test_math_and_code_spans_stay_inside_their_paragraph():
    text = "The gap is $P - E$, computed by `servqual.gaps(...)` for each item.\n"
    assert msgids(split_markdown(text)) == [text.strip()]


def test_block_quotes_drop_their_markers():
    text = "> NPS = % promoters\n> minus % detractors\n"
    segments = split_markdown(text)
    assert msgids(segments) == ["NPS = % promoters minus % detractors"]
    assert join(segments) == text


# --------------------------------------------------------------------------- code: comments


def test_comments_are_units_but_nbgrader_markers_and_pragmas_are_not():
    source = """
    # Check for Question 1 (the form of your answer)
    ### BEGIN SOLUTION
    x = 1  # noqa: F841
    ### END SOLUTION
    ### BEGIN HIDDEN TESTS
    y = 2  # the hidden value
    ### END HIDDEN TESTS
    """
    assert code_msgids(source) == ["Check for Question 1 (the form of your answer)", "the hidden value"]


def test_consecutive_comment_lines_are_one_unit():
    source = """
    # Waits are longest at lunchtime because
    # two counters close for the break.
    waits = [3, 5]
    """
    assert code_msgids(source) == ["Waits are longest at lunchtime because two counters close for the break."]


# --------------------------------------------------------------------------- code: strings


def test_printed_text_assert_messages_and_chart_labels_are_sentences():
    source = """
    print("Done")
    assert nps <= 100, "An NPS lies between -100 and +100."
    ax.set_title("NPS by branch")
    ax.set_xlabel("Wait (minutes)")
    plt.bar(x, y, label="Smart branches")
    slider = widgets.IntSlider(description="Counters")
    raise ValueError("recommend must be 0 to 10")
    """
    assert code_msgids(source) == [
        "Done",
        "An NPS lies between -100 and +100.",
        "NPS by branch",
        "Wait (minutes)",
        "Smart branches",
        "Counters",
        "recommend must be 0 to 10",
    ]


def test_column_names_indexes_dict_keys_and_comparisons_are_data():
    source = """
    survey = load("nps_survey")
    answers = survey["recommend"].dropna()
    table = survey[["branch_id", "rate wait"]]
    counts = {"promoters": 1, "wait time": 2}
    fixed = followups[followups["outcome"] == "issue fixed"]
    chosen = survey[survey["channel"].isin(["mobile app", "self service"])]
    by_branch = nps.by_group(survey, column="branch id")
    sep = ", ".join(names)
    """
    assert code_msgids(source) == []


def test_other_strings_are_translated_only_when_they_read_as_a_sentence():
    source = """
    palette = "#2b6cb0"
    month = "2025-07"
    name = "closed_loop_rate"
    note = "Smart branches opened in July"
    """
    assert code_msgids(source) == ["Smart branches opened in July"]


def test_names_from_the_datasets_are_kept_even_where_people_read_them():
    source = 'print("issue fixed")\nprint("Willow Bank")\nprint("The issue was fixed")\n'
    assert code_msgids(source, frozenset({"issue fixed", "Willow Bank"})) == ["The issue was fixed"]


def test_practice_hints_and_mistake_messages_are_sentences_but_their_keys_are_not():
    source = """
    practice.check(
        "q1", bank_nps,
        mistakes={0.215: "You gave a proportion; multiply by 100."},
        hint="Promoters answer 9 or 10.",
    )
    """
    assert code_msgids(source) == ["You gave a proportion; multiply by 100.", "Promoters answer 9 or 10."]


def test_marker_comments_opt_out_and_in():
    source = """
    print("Kept in English on purpose")  # i18n: skip
    table = pd.DataFrame({"call-back rate": rates})  # i18n: translate
    # i18n: skip
    steps = [
        "The customer takes a ticket",
        "The teller checks the ID card",
    ]
    """
    assert code_msgids(source) == ["call-back rate"]


def test_fstring_msgid_keeps_its_fields_exactly():
    source = 'print(f"{len(survey):,} answers; {survey[\'recommend\'].isna().sum()} skipped {{sic}}.")\n'
    assert code_msgids(source) == ["{len(survey):,} answers; {survey['recommend'].isna().sum()} skipped {{sic}}."]


def test_strings_written_side_by_side_are_one_unit():
    source = """
    assert ok, (
        f"The groups add up to {total:,}; "
        "every answer belongs to one group."
    )
    """
    assert code_msgids(source) == ["The groups add up to {total:,}; every answer belongs to one group."]


def test_a_string_used_as_data_anywhere_in_the_notebook_is_data_everywhere():
    from cxlab.i18n.code import data_strings

    used = data_strings('table[["not called", "called within two days"]]')
    source = 'calls = np.where(contacted, "called within two days", "not called")\n'
    assert code_msgids(source) == ["called within two days", "not called"]
    assert code_msgids(source, frozenset(used)) == []


def test_a_cell_python_cannot_read_has_no_units_and_stays_as_it_is():
    source = "print('unterminated\n%matplotlib inline\n"
    assert split_code(source) == [source]


def test_magic_lines_do_not_stop_the_rest_of_the_cell_being_read():
    source = "%matplotlib inline\nprint('Waiting times by hour')\n"
    assert code_msgids(source) == ["Waiting times by hour"]


def test_model_formulas_and_matplotlib_coordinate_names_are_data():
    source = """
    model = smf.ols("mean_wait_min ~ smart * after", data=kpi).fit()
    formula = "nps ~ smart + after"
    ax.annotate("Smart branches open", xy=(1, 2), textcoords="offset points", xytext=(0, 8))
    """
    assert code_msgids(source) == ["Smart branches open"]
