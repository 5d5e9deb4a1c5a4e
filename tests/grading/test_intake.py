"""Hand-ins arriving: an LMS's zip (``cxlab collect-zip``), what nbgrader had to repair in them
(``flags`` in grades.csv and the class report), and the formgrader's Autograde button.

The zips are real zips in Canvas's and Moodle's download names, made here from the course's own
notebooks; the learners come from a roster in nbgrader's gradebook.
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from kit import COURSE, cxlab_command
from cxlab import build
from cxlab.errors import CxlabError
from cxlab.grading import flags, intake, roster, submissions

# Its module-scoped course is made once, on one worker.
pytestmark = pytest.mark.xdist_group("intake")

ASSIGNMENT = "00-orientation"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"
ROSTER = ("id,first_name,last_name,email,lms_id\n"
          "wang,芳,王,wang@example.cn,1001\nli,Lei,Li,li@example.cn,1002\nzhao,Min,Zhao,zhao@example.cn,\n"
          "zhang1,Wei,Zhang,,\nzhang2,Wei,Zhang,,\n")
WHEN = (2026, 11, 30, 9, 0, 0)


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """A course with its roster in the gradebook (made once: nbgrader's database set-up is slow)."""
    folder = build.copy_course(COURSE, tmp_path_factory.mktemp("intake") / "course")
    (folder.parent / "roster.csv").write_text(ROSTER, encoding="utf-8")
    roster.import_csv(folder, folder.parent / "roster.csv")
    return folder


@pytest.fixture
def course(base, tmp_path):
    return Path(shutil.copytree(base, tmp_path / "course"))


def make_zip(path: Path, files: dict[str, bytes], times: dict[str, tuple] | None = None) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in files.items():
            archive.writestr(zipfile.ZipInfo(name, (times or {}).get(name, WHEN)), data)
    return path


def notebook(text: str) -> bytes:
    """The assignment's master with a learner's mark in it, so each hand-in's bytes are its own."""
    data = json.loads((COURSE / "source" / ASSIGNMENT / NOTEBOOK).read_text(encoding="utf-8"))
    data["cells"][0]["source"] = text
    return json.dumps(data).encode("utf-8")


def handed_in(course: Path, learner: str) -> bytes:
    return (course / "submitted" / learner / ASSIGNMENT / NOTEBOOK).read_bytes()


# --------------------------------------------------------------------------- an LMS's zip


def test_a_canvas_zip_lands_in_submitted_by_user_id_or_name_and_names_every_file_left_out(course, tmp_path):
    files = {
        f"wangfang_1001_501_{NOTEBOOK}": notebook("wang"),
        f"lilei_1002_502_{NOTEBOOK}": notebook("li, first try"),
        f"lilei_LATE_1002_503_{ASSIGNMENT}-1.ipynb": notebook("li, handed in again"),
        f"zhaomin_3003_504_{NOTEBOOK}": notebook("zhao: no LMS id in the roster, found by name"),
        f"nobody_9999_505_{NOTEBOOK}": notebook("not in the class"),
        "wangfang_1001_506_notes.pdf": b"%PDF-1.4",
        "wangfang_1001_507_homework.ipynb": notebook("a notebook the assignment does not have"),
        "README.txt": b"not a hand-in",
    }
    times = {f"lilei_LATE_1002_503_{ASSIGNMENT}-1.ipynb": (2026, 11, 30, 18, 0, 0)}
    found = intake.collect_zip(course, ASSIGNMENT, make_zip(tmp_path / "canvas.zip", files, times))
    assert found.lms == "canvas"
    assert found.imported == {"wang": [NOTEBOOK], "li": [NOTEBOOK], "zhao": [NOTEBOOK]}
    assert handed_in(course, "wang") == files[f"wangfang_1001_501_{NOTEBOOK}"]
    assert handed_in(course, "li") == files[f"lilei_LATE_1002_503_{ASSIGNMENT}-1.ipynb"], "the newer file wins"
    assert handed_in(course, "zhao") == files[f"zhaomin_3003_504_{NOTEBOOK}"]
    assert not (course / "submitted" / "li" / ASSIGNMENT / "timestamp.txt").exists()
    [duplicate] = found.notes
    assert duplicate.startswith(f"li: 2 files for {NOTEBOOK}; kept the newest") and "lilei_1002_502" in duplicate
    problems = {line.split(":")[0]: line for line in found.problems}
    assert set(problems) == {f"nobody_9999_505_{NOTEBOOK}", "wangfang_1001_506_notes.pdf",
                             "wangfang_1001_507_homework.ipynb", "README.txt", f"lilei_1002_502_{NOTEBOOK}"}
    assert "no learner in the roster with LMS id 9999" in problems[f"nobody_9999_505_{NOTEBOOK}"]
    assert "not a notebook" in problems["wangfang_1001_506_notes.pdf"]
    assert "not a notebook of this assignment" in problems["wangfang_1001_507_homework.ipynb"]
    assert "not a Canvas download name" in problems["README.txt"]
    kept = {p.name for p in found.left_out.rglob("*") if p.is_file()}
    assert kept == set(problems), "every file not imported is kept for the trainer"


def test_a_moodle_zip_in_folders_or_flat_is_matched_by_full_name_either_way_round(course, tmp_path):
    files = {
        f"Lei Li_4411_assignsubmission_file_/{NOTEBOOK}": notebook("li"),
        f"Zhao Min_4412_assignsubmission_file_{NOTEBOOK}": notebook("zhao, family name first"),
        f"王 芳_4413_assignsubmission_file_/{NOTEBOOK}": notebook("wang"),
        "Lei Li_4411_assignsubmission_onlinetext_onlinetext.html": b"<p>see my notebook</p>",
        f"Wei Zhang_4414_assignsubmission_file_{NOTEBOOK}": notebook("which Wei Zhang?"),
    }
    found = intake.collect_zip(course, ASSIGNMENT, make_zip(tmp_path / "moodle.zip", files))
    assert found.lms == "moodle"
    assert sorted(found.imported) == ["li", "wang", "zhao"]
    assert handed_in(course, "zhao") == files[f"Zhao Min_4412_assignsubmission_file_{NOTEBOOK}"]
    assert handed_in(course, "wang") == files[f"王 芳_4413_assignsubmission_file_/{NOTEBOOK}"]
    problems = "\n".join(found.problems)
    assert "Lei Li_4411_assignsubmission_onlinetext_onlinetext.html: not a notebook" in problems
    assert "2 learners in the roster match 'Wei Zhang' (zhang1, zhang2)" in problems
    assert not (course / "submitted" / "zhang1").exists() and not (course / "submitted" / "zhang2").exists()


@pytest.mark.parametrize("damage, says", [
    (lambda data: data[: len(data) // 2], "damaged"),
    (lambda data: b"this is an HTML error page, not a zip", "not a zip file"),
])
def test_a_broken_zip_imports_nothing_and_says_so_in_one_line(course, tmp_path, damage, says):
    good = make_zip(tmp_path / "good.zip", {f"wangfang_1001_501_{NOTEBOOK}": notebook("wang"),
                                           f"lilei_1002_502_{NOTEBOOK}": notebook("li")})
    broken = tmp_path / "broken.zip"
    broken.write_bytes(damage(good.read_bytes()))
    with pytest.raises(CxlabError) as raised:
        intake.collect_zip(course, ASSIGNMENT, broken)
    assert says in str(raised.value) and str(broken) in str(raised.value) and "\n" not in str(raised.value)
    assert not (course / "submitted").exists()


def test_a_zip_entry_with_a_bad_checksum_imports_nothing(course, tmp_path):
    path = make_zip(tmp_path / "canvas.zip", {f"wangfang_1001_501_{NOTEBOOK}": b"A" * 4000})
    data = bytearray(path.read_bytes())
    data[data.index(b"A" * 100) + 50] = ord("B")  # stored uncompressed: flip one byte of the notebook
    path.write_bytes(bytes(data))
    with pytest.raises(CxlabError, match="fails its checksum"):
        intake.collect_zip(course, ASSIGNMENT, path)
    assert not (course / "submitted").exists()


def test_an_existing_hand_in_is_replaced_only_with_force_and_an_identical_one_is_left_alone(course, tmp_path):
    first = make_zip(tmp_path / "first.zip", {f"wangfang_1001_501_{NOTEBOOK}": notebook("first")})
    intake.collect_zip(course, ASSIGNMENT, first)
    again = intake.collect_zip(course, ASSIGNMENT, first)
    assert again.imported == {} and again.problems == [] and "left as it was" in again.notes[0]
    second = make_zip(tmp_path / "second.zip", {f"wangfang_1001_509_{NOTEBOOK}": notebook("second")})
    refused = intake.collect_zip(course, ASSIGNMENT, second)
    assert refused.imported == {} and "--force replaces it" in refused.problems[0]
    assert handed_in(course, "wang") == notebook("first")
    assert (refused.left_out / f"wangfang_1001_509_{NOTEBOOK}").read_bytes() == notebook("second")
    replaced = intake.collect_zip(course, ASSIGNMENT, second, force=True)
    assert replaced.imported == {"wang": [NOTEBOOK]} and handed_in(course, "wang") == notebook("second")
    assert not list((course / "submitted" / "wang").glob(".*")), "no staging folder is left behind"


def test_collect_zip_command_exits_1_naming_each_left_out_file_and_2_on_a_bad_zip(course, tmp_path):
    def cxlab(*args):
        return subprocess.run(cxlab_command("collect-zip", *args, "--course-dir", str(course)),
                              capture_output=True, text=True)

    clean = cxlab(ASSIGNMENT, str(make_zip(tmp_path / "a.zip", {f"wangfang_1001_501_{NOTEBOOK}": notebook("w")})))
    assert clean.returncode == 0, clean.stderr
    assert "imported 1 notebook(s) of 1 learner(s) from the Canvas zip" in clean.stdout
    partial = cxlab(ASSIGNMENT, str(make_zip(tmp_path / "b.zip", {f"lilei_1002_502_{NOTEBOOK}": notebook("l"),
                                                                "nobody_9_1_x.ipynb": b"{}"})))
    assert partial.returncode == 1
    assert partial.stderr.strip().splitlines() == [
        "cxlab: left out: nobody_9_1_x.ipynb: no learner in the roster with LMS id 9 or name 'nobody' "
        "(import the roster: `cxlab roster import`)"]
    (tmp_path / "c.zip").write_bytes(b"PK\x03\x04 cut short")
    broken = cxlab(ASSIGNMENT, str(tmp_path / "c.zip"))
    assert broken.returncode == 2 and len(broken.stderr.strip().splitlines()) == 1
    assert "Traceback" not in broken.stderr
    unknown = cxlab("99-nothing", str(tmp_path / "a.zip"))
    assert unknown.returncode == 2 and "Traceback" not in unknown.stderr


# --------------------------------------------------------------------------- repaired hand-ins, the button


@pytest.fixture(scope="module")
def graded(base, tmp_path_factory):
    """A class of five, graded once by `cxlab grade`: one deleted a test cell, one edited one, one lost
    its cell ids, one handed in a damaged file, one an honest solved notebook."""
    course = Path(shutil.copytree(base, tmp_path_factory.mktemp("graded") / "course"))
    build.generate_assignment(course, ASSIGNMENT)
    source, release, submitted = course / "source" / ASSIGNMENT, course / "release" / ASSIGNMENT, course / "submitted"
    for learner in ("wang", "li", "zhao", "chen", "zhang1"):
        submissions.write_solved(source, release, submitted / learner / ASSIGNMENT)
    deleted = submitted / "wang" / ASSIGNMENT / NOTEBOOK
    data = json.loads(deleted.read_text(encoding="utf-8"))
    data["cells"] = [c for c in data["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") != "q3-tests"]
    deleted.write_text(json.dumps(data), encoding="utf-8")
    no_ids = submitted / "li" / ASSIGNMENT / NOTEBOOK
    data = json.loads(no_ids.read_text(encoding="utf-8"))
    for cell in data["cells"]:
        del cell["id"]
    no_ids.write_text(json.dumps(data), encoding="utf-8")
    edited = submitted / "zhang1" / ASSIGNMENT / NOTEBOOK
    data = json.loads(edited.read_text(encoding="utf-8"))
    for cell in data["cells"]:
        if cell["metadata"].get("nbgrader", {}).get("grade_id") == "q1-tests":
            cell["source"] = "pass  # nothing to fail here"
    edited.write_text(json.dumps(data), encoding="utf-8")
    damaged = submitted / "zhao" / ASSIGNMENT / NOTEBOOK
    damaged.write_text(damaged.read_text(encoding="utf-8")[:5000], encoding="utf-8")
    done = subprocess.run(cxlab_command("grade", ASSIGNMENT, "--course-dir", str(course), "--workers", "2"),
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    with open(course / "reports" / ASSIGNMENT / "grades.csv", newline="", encoding="utf-8") as handle:
        rows = {row["student_id"]: row for row in csv.DictReader(handle)}
    return course, done, rows


def test_a_deleted_test_cell_is_restored_scored_and_flagged(graded):
    _, _, rows = graded
    assert rows["wang"]["flags"] == "restored q3-tests (deleted)"
    # chen handed in the same answers untouched: wang loses nothing, nbgrader put q3's test back.
    assert rows["wang"]["q3-tests"] == rows["chen"]["q3-tests"] == "2"
    assert rows["wang"]["score"] == rows["chen"]["score"]
    assert rows["chen"]["flags"] == "", "an untouched hand-in has no flag"
    assert rows["zhang1"]["flags"] == "restored q1-tests (edited)"
    assert rows["zhang1"]["score"] == rows["chen"]["score"]


def test_lost_cell_ids_are_a_flag_of_that_learner_not_a_warning_in_the_progress_output(graded):
    _, done, rows = graded
    assert rows["li"]["flags"] == flags.IDS_MISSING and rows["li"]["score"] == rows["chen"]["score"]
    assert "MissingIDFieldWarning" not in done.stderr and "missing an id field" not in done.stderr, done.stderr


def test_the_class_report_lists_the_hand_ins_to_look_at(graded):
    from cxlab.grading import report

    course, _, _ = graded
    page, _ = report.write(course, ASSIGNMENT)
    text = page.read_text(encoding="utf-8")
    section = text[text.index("Hand-ins to look at"):text.index("</table>", text.index("Hand-ins to look at"))]
    assert "restored q3-tests (deleted)" in section and "cell ids missing" in section
    assert "<td>zhao</td><td>invalid</td>" in section and "damaged" in section
    assert "<td>chen</td>" not in section


def test_the_formgraders_autograde_button_grades_with_cxlab_and_gives_a_one_line_reason(graded):
    from nbgrader.apps.api import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config.loader import PyFileConfigLoader

    from cxlab.grading import formgrader

    course, _, _ = graded
    stock = NbGraderAPI.autograde
    try:
        # What the formgrader does before each call: read the course's nbgrader_config.py.
        PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config()
        assert NbGraderAPI.autograde is formgrader.autograde, "nbgrader_config.py routes the button"
        api = NbGraderAPI(CourseDirectory(root=str(course)))
        damaged = api.autograde(ASSIGNMENT, "zhao")
        assert damaged["success"] is False and "error" not in damaged
        first = damaged["log"].splitlines()[0]
        assert first.startswith("zhao: invalid: ") and "damaged" in first and "Traceback" not in damaged["log"]
        honest = api.autograde(ASSIGNMENT, "wang")
        assert honest["success"] is True and "graded by cxlab grade" in honest["log"], honest
        assert "1 hand-in(s) graded" in honest["log"]
    finally:
        NbGraderAPI.autograde = stock
