"""``cxlab roster``: a class list into nbgrader's gradebook, checked first, then names everywhere."""

from __future__ import annotations

import csv
import io
import subprocess

import pytest

from kit import COURSE, cxlab_command
from cxlab import build
from cxlab.errors import CxlabError
from cxlab.grading import export, roster

# Its module-scoped course is made once, on one worker.
pytestmark = pytest.mark.xdist_group("roster")

HEADER = "id,first_name,last_name,email,lms_id\n"
CLASS = HEADER + "wang,芳,王,wang@example.cn,1001\nli,Lei,Li,li@example.cn,1002\nzhao,Min,Zhao,,\n"


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A course whose gradebook holds the class (made once: nbgrader's database set-up is slow)."""
    folder = build.copy_course(COURSE, tmp_path_factory.mktemp("roster") / "course")
    path = folder.parent / "class.csv"
    path.write_text(CLASS, encoding="utf-8")
    roster.import_csv(folder, path)
    return folder


def write(tmp_path, text: str, name="roster.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_imported_learners_have_names_emails_and_lms_ids_in_the_gradebook(course):
    by_id = {m.id: m for m in roster.members(course)}
    assert by_id["wang"] == roster.Learner("wang", "芳", "王", "wang@example.cn", "1001")
    assert by_id["zhao"].email == "" and by_id["zhao"].lms_user_id == ""
    from cxlab.grading.course import open_gradebook

    with open_gradebook(course) as gradebook:  # what the formgrader reads: names, not "None, None"
        student = gradebook.find_student("li")
        assert (student.first_name, student.last_name, student.lms_user_id) == ("Lei", "Li", "1002")
        assert gradebook.find_student("zhao").email is None, "an empty cell is no email, not an empty string"


def test_exports_use_the_roster_names_and_lms_ids(course, tmp_path):
    found = export.read_course(course)
    export.write(found, "canvas", tmp_path / "canvas.csv")
    export.write(found, "moodle", tmp_path / "moodle.csv")
    canvas = {row[2]: row for row in csv.reader(open(tmp_path / "canvas.csv", encoding="utf-8"))}
    assert canvas["wang"][:2] == ["王, 芳", "1001"] and canvas["li"][:2] == ["Li, Lei", "1002"]
    moodle = {row[1]: row for row in csv.reader(open(tmp_path / "moodle.csv", encoding="utf-8"))}
    assert moodle["li"][0] == "1002" and moodle["li"][2] == "li@example.cn"
    assert moodle["zhao"][0] == "zhao", "without an LMS id the ID number is the learner's id"


def test_a_second_import_updates_learners_and_keeps_those_it_does_not_name(course, tmp_path):
    members, new = roster.import_csv(course, write(tmp_path, HEADER + "li,Lei,Li,lei.li@example.cn,1002\n"
                                                   "chen,Jie,Chen,chen@example.cn,1004\n"))
    assert new == ["chen"] and len(members) == 2
    by_id = {m.id: m for m in roster.members(course)}
    assert by_id["li"].email == "lei.li@example.cn"
    assert {"wang", "zhao", "chen"} <= set(by_id), "a learner left out of a later roster keeps their grades"


@pytest.mark.parametrize("text, says", [
    ("id,first_name,last_name,email,role\nwang,Fang,Wang,w@x.cn,learner\nli,Lei,Li,l@x.cn,learner,x\n",
     "row 3: more cells than the header's 5 columns"),
    ("first_name,last_name,email,lms_id\nFang,Wang,w@x.cn,1\n", "no column id"),
    (HEADER + "wang,Fang,Wang,w@x.cn,1\n,Lei,Li,l@x.cn,2\n", "row 3: the id is empty"),
    (HEADER + "wang,Fang,Wang,w@x.cn,1\nli,Lei,Li,l@x.cn,2\nwang,F,W,,\n", "row 4: id 'wang' is already on row 2"),
    (HEADER + "wang,Fang,Wang,w@x.cn,1\nli,Lei,Li,l@x.cn,1\n", "row 3: lms_id '1' is already on row 2"),
    (HEADER + "wang li,Fang,Wang,,\n", "row 2: the id 'wang li' cannot name a folder"),
    (HEADER + "wang,Fang,Wang,wang.example.cn,\n", "row 2: the email 'wang.example.cn' is not an email address"),
    (HEADER + "wang,Fang,Wang,,,extra\n", "row 2: more cells than the header's 5 columns"),
    (HEADER, "a header but no learners"),
])
def test_a_bad_roster_is_refused_in_one_line_naming_the_column_or_row(tmp_path, text, says):
    with pytest.raises(CxlabError) as raised:
        roster.read_csv(write(tmp_path, text))
    assert says in str(raised.value) and "\n" not in str(raised.value), str(raised.value)


def test_a_bad_roster_writes_nothing(course, tmp_path):
    before = roster.members(course)
    with pytest.raises(CxlabError):
        roster.import_csv(course, write(tmp_path, HEADER + "wang,X,Y,,\nwang,X,Y,,\n"))
    assert roster.members(course) == before


def test_excel_byte_order_mark_and_nbgraders_own_column_name_are_accepted(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes(("id,first_name,last_name,email,lms_user_id\r\nwang,芳,王,,1001\r\n").encode("utf-8-sig"))
    assert roster.read_csv(path) == [roster.Learner("wang", "芳", "王", "", "1001")]
    path.write_bytes("id,first_name,last_name,email,lms_id\nwang,王,,,\n".encode("gb18030"))
    with pytest.raises(CxlabError, match="not UTF-8"):
        roster.read_csv(path)


def test_the_roster_commands_print_a_summary_the_class_list_and_one_line_errors(course, tmp_path):
    def cxlab(*args):
        return subprocess.run(cxlab_command(*args, "--course-dir", str(course)), capture_output=True, text=True)

    done = cxlab("roster", "import", str(write(tmp_path, HEADER + "zhao,Min,Zhao,zhao@example.cn,1003\n")))
    assert done.returncode == 0, done.stderr
    assert "1 learner(s)" in done.stdout and "0 new, 1 updated" in done.stdout
    listed = list(csv.DictReader(io.StringIO(cxlab("roster", "list").stdout)))
    assert {row["id"]: row["lms_id"] for row in listed}["zhao"] == "1003"
    bad = cxlab("roster", "import", str(write(tmp_path, "name,email\nWang,w@x.cn\n", "bad.csv")))
    assert bad.returncode == 2 and "no column id (or username)" in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1 and "Traceback" not in bad.stderr
    missing = cxlab("roster", "import")
    assert missing.returncode == 2 and "needs the roster file" in missing.stderr


def test_the_class_servers_roster_imports_too_trainers_skipped_names_kept(tmp_path):
    """One class list for `cxlab classroom up --roster` and `cxlab roster import`."""
    from cxlab.classroom import roster as classroom_roster

    text = "username,role,name,email,lms_id\nwang,trainer,Wang Fang,,\nli01,learner,李娜,li@example.cn,1002\nzhao,learner,,,\n"
    assert [m.username for m in classroom_roster.parse(text).learners] == ["li01", "zhao"]
    assert classroom_roster.parse(text).members[1].name == "李娜"
    assert roster.read_csv(write(tmp_path, text)) == [
        roster.Learner("li01", "李娜", "", "li@example.cn", "1002"), roster.Learner("zhao")]
    assert roster.read_csv(write(tmp_path, "id\nli01\n")) == [roster.Learner("li01")], "only id is required"

