"""The roster CSV: what a trainer types in a spreadsheet, and the one-line errors for mistakes."""

import pytest

from cxlab.classroom import roster
from cxlab.errors import CxlabError


def test_roster_reads_members_roles_and_names():
    text = "\ufeffusername,role,name\nwang,trainer,Wang Fang\nli01,learner,Li Na\nzhao_m,LEARNER,\n"
    parsed = roster.parse(text)
    assert parsed.usernames == ["wang", "li01", "zhao_m"]
    assert [m.username for m in parsed.trainers] == ["wang"]
    assert [m.username for m in parsed.learners] == ["li01", "zhao_m"]
    assert parsed.members[1].name == "Li Na"


def test_name_column_is_optional_and_blank_lines_are_skipped():
    parsed = roster.parse("username,role\nwang,trainer\n\nli01,learner\n")
    assert parsed.usernames == ["wang", "li01"]
    assert parsed.members[1].name == ""


def test_the_gradebooks_columns_may_ride_along_and_give_the_name():
    parsed = roster.parse("id,role,first_name,last_name,email,lms_id\nwang,trainer,Fang,Wang,w@x.cn,1\n")
    assert parsed.usernames == ["wang"] and parsed.members[0].name == "Fang Wang"


@pytest.mark.parametrize("text, words", [
    ("user,role\nwang,trainer\n", "first line"),
    ("username,role\nWang,trainer\n", "line 2: 'Wang' cannot be an account name"),
    ("username,role\nwang,trainer\nli+1,learner\n", "line 3"),
    ("username,role\nwang,trainer\nroot,learner\n", "'root' cannot be an account name"),
    ("username,role\nwang,teacher\n", "role 'teacher' of wang; expected learner or trainer"),
    ("username,role\nwang,trainer\nwang,learner\n", "line 3: wang is listed twice"),
    ("username,role\nli01,learner\n", "no trainer"),
    ("username,role\n", "nobody"),
])
def test_mistakes_are_one_line_errors_naming_the_line(text, words):
    with pytest.raises(CxlabError) as error:
        roster.parse(text, "class.csv")
    assert words in str(error.value)
    assert "\n" not in str(error.value)


def test_missing_roster_file_is_a_user_error(tmp_path):
    with pytest.raises(CxlabError, match="no such roster file"):
        roster.read(tmp_path / "absent.csv")
