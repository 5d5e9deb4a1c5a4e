"""A small real course for the report and export tests: nbgrader's gradebook made with its own API.

Two assignments, three learners — wang (a Chinese name and a Canvas id), li (never handed in the
second assignment), zhao (a written answer the trainer has not marked yet) — with masters whose test
cells name their concepts, and the concepts.yml they come from.
"""

from __future__ import annotations

import shutil

import nbformat
import pytest

from kit import COURSE
from cxlab.grading.course import open_gradebook

CELLS = {"01-first": {"q1-tests": ("code", 2, ["nps-score"]), "q2-answer": ("markdown", 3, ["nps-advice"])},
         "02-second": {"q1-tests": ("code", 4, ["nps-score", "margin-of-error"])}}
SCORES = {("wang", "01-first"): {"q1-tests": (2, None), "q2-answer": (None, 2.5)},
          ("wang", "02-second"): {"q1-tests": (4, None)},
          ("li", "01-first"): {"q1-tests": (0, None), "q2-answer": (None, 1)},
          ("zhao", "01-first"): {"q1-tests": (2, None), "q2-answer": (None, None)},
          ("zhao", "02-second"): {"q1-tests": (1, None)}}
CONCEPTS = """# 03-nps-closed-loop
nps-score:
  module: 03-nps-closed-loop
  label: Net Promoter Score
margin-of-error:
  module: 03-nps-closed-loop
  label: Margin of error of an NPS
nps-advice:
  module: 03-nps-closed-loop
  label: Advice from an NPS
"""


def _master(cells: dict) -> nbformat.NotebookNode:
    notebook = nbformat.v4.new_notebook()
    for number, (name, (kind, points, concepts)) in enumerate(cells.items(), start=1):
        notebook.cells.append(nbformat.v4.new_markdown_cell(f"### Question {number} — about {name}", id=f"h{number}"))
        new = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
        cell = new("pass" if kind == "code" else "answer", id=name)
        cell.metadata["nbgrader"] = {"grade": True, "grade_id": name, "points": points, "locked": kind == "code",
                                     "solution": kind != "code", "schema_version": 3}
        if concepts:
            cell.metadata["cxlab"] = {"concepts": concepts}
        notebook.cells.append(cell)
    return notebook


@pytest.fixture(scope="session")
def small_course(tmp_path_factory):  # read only by the tests: made once, nbgrader's database set-up is slow
    folder = tmp_path_factory.mktemp("small") / "course"
    folder.mkdir()
    shutil.copy(COURSE / "nbgrader_config.py", folder / "nbgrader_config.py")
    (folder / "concepts.yml").write_text(CONCEPTS, encoding="utf-8")
    with open_gradebook(folder) as gradebook:
        for name, cells in CELLS.items():
            (folder / "source" / name).mkdir(parents=True)
            nbformat.write(_master(cells), folder / "source" / name / f"{name}.ipynb")
            gradebook.add_assignment(name)
            gradebook.add_notebook(name, name)
            for cell, (kind, points, _) in cells.items():
                gradebook.add_grade_cell(cell, name, name, max_score=points, cell_type=kind)
        gradebook.add_student("wang", first_name="芳", last_name="王", email="wang@example.cn", lms_user_id="1001")
        gradebook.add_student("li")
        gradebook.add_student("zhao")
        for (student, assignment), cells in SCORES.items():
            gradebook.add_submission(assignment, student)
            for cell, (auto, manual) in cells.items():
                grade = gradebook.find_grade(cell, assignment, assignment, student)
                grade.auto_score, grade.manual_score = auto, manual
                grade.needs_manual_grade = auto is None and manual is None
            gradebook.db.commit()
    # li's graded notebook of 01-first: the test of q1 failed with the message that names the mistake.
    graded = _master(CELLS["01-first"])
    test_cell = next(c for c in graded.cells if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "q1-tests")
    test_cell.outputs = [nbformat.v4.new_output("error", ename="AssertionError", traceback=[],
                                                evalue="NPS counts 9 and 10 as promoters.\nLook at q1 again.")]
    (folder / "autograded" / "li" / "01-first").mkdir(parents=True)
    nbformat.write(graded, folder / "autograded" / "li" / "01-first" / "01-first.ipynb")
    return folder


@pytest.fixture(scope="session")
def graded_workdir(tmp_path_factory) -> str:
    """Where the stock-nbgrader grading of each assignment (kit.stock_graded) is kept, once per process."""
    return str(tmp_path_factory.mktemp("graded"))
