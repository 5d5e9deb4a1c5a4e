"""The Chinese course passes the English course's harness: for every assignment, its Chinese master
earns full marks, its release earns zero, and variants' answers applied to the Chinese master score
exactly what their expected.yml says. A wrong Chinese hand-in hears its verdict in Chinese and gets a
Chinese feedback page.

The first assignment is graded with stock `nbgrader autograde` in a Chinese course of its own, with
every variant, so its practice checks speak and its Chinese verdicts and feedback page can be read.
All the others are handed in to ONE temporary Chinese course (the English configuration made Chinese,
as `cxlab build` makes course/zh-CN/) and graded by `cxlab grade`'s engine, one batch per assignment
sharing one warm pool of workers, in one xdist group: its master, its blank release and its first
mistake variant. Every other variant is graded on the English master by test_assignments.py, and
`test_the_chinese_masters_run_the_english_code` below shows that a Chinese master's code is the
English code with only its human text (strings, comments) changed, so a variant's answers meet the
same code in both editions: grading all of them twice more would double the suite's longest part and
prove nothing new. The Chinese masters are rendered from the English ones and today's catalogs, so
the harness holds however far the translation is.
"""

from __future__ import annotations

import ast
import copy
import io
from functools import cache
from pathlib import Path

import pytest

from kit import COURSE, ROOT, course_assignments, error_outputs, hand_in_master_release_and_variants, variants
from cxlab import build
from cxlab.grading import feedback, gradebook, submissions
from cxlab.i18n.editions import chinese_course_config, speak_chinese
from cxlab.i18n.code import mask_magics
from cxlab.i18n.render import translate_notebook
from cxlab.i18n.sources import catalog_path, sources

ASSIGNMENTS = course_assignments()
# Stock nbgrader, whose kernels let the practice checks speak, for the assignment whose Chinese
# verdicts and feedback page are read below; `cxlab grade` (the same scores, in parallel) for the rest,
# which keeps the Chinese harness from doubling the suite's longest part.
SPOKEN = ASSIGNMENTS[0]
BATCHED = [a for a in ASSIGNMENTS if a != SPOKEN]
WORKERS = 2
TIMEOUT = 180  # seconds a notebook may run; generous, for a CI machine busy with the other tests


def chinese_course_notebook(assignment: str, english):
    """The Chinese master of ``assignment`` as the Chinese course holds it."""
    source = next(s for s in sources(ROOT) if s.kind == "assignment" and s.path.parent.name == assignment)
    catalog = catalog_path(ROOT, source)
    return speak_chinese(translate_notebook(english, catalog if catalog.exists() else {}))


def chinese_course(assignments: list[str], folder: Path) -> Path:
    """A course holding the Chinese masters of ``assignments`` and the Chinese configuration."""
    course = build.copy_course(COURSE, folder)
    (course / "nbgrader_config.py").write_text(
        chinese_course_config((COURSE / "nbgrader_config.py").read_text(encoding="utf-8")), encoding="utf-8")
    for source in sources(ROOT):
        if source.kind == "assignment" and source.path.parent.name in assignments:
            chinese = chinese_course_notebook(source.path.parent.name, build.read_notebook(source.path))
            (course / "source" / source.path.parent.name / source.path.name).write_text(
                build.notebook_text(chinese), encoding="utf-8")
    return course


@cache
def stock_graded(workdir: str):
    """The Chinese course of SPOKEN with its hand-ins graded by stock nbgrader: (course, scores)."""
    course = chinese_course([SPOKEN], Path(workdir) / SPOKEN / "course")
    hand_in_master_release_and_variants(course, SPOKEN)
    gradebook.autograde(course, SPOKEN)
    return course, gradebook.read_scores(course, SPOKEN)


def graded_in_chinese(assignment: str) -> list:
    """The variants graded in the Chinese course: every one for SPOKEN, else the first mistake."""
    if assignment == SPOKEN:
        return variants(assignment)
    mistake = first_mistake(assignment)
    return [mistake] if mistake else []


@cache
def batch_graded(workdir: str, assignments: tuple[str, ...]) -> dict[str, dict | Exception]:
    """assignment -> its scores, ``assignments`` graded in one Chinese course with one pool (or the
    error that stopped an assignment's batch, raised again by that assignment's test alone)."""
    from cxlab.grading import cohort
    from cxlab.grading.runner import Limits

    course = chinese_course(list(assignments), Path(workdir) / "batch" / "course")
    graded = {}
    with cohort.WorkerPool(WORKERS) as pool:
        for assignment in assignments:
            try:
                hand_in_master_release_and_variants(course, assignment, graded_in_chinese(assignment))
                cohort.grade(course, assignment, limits=Limits(timeout=TIMEOUT), pool=pool, stream=io.StringIO())
                graded[assignment] = gradebook.read_scores(course, assignment)
            except Exception as error:  # noqa: BLE001 - reported by the test of this assignment
                graded[assignment] = error
    return graded


@pytest.fixture(scope="session")
def zh_workdir(tmp_path_factory) -> str:
    return str(tmp_path_factory.mktemp("graded-zh"))


@pytest.fixture
def batch(request) -> tuple[str, ...]:
    """The BATCHED assignments this run tests: all of them, or those `-k` picked (`-k 03` grades 03 alone)."""
    chosen = {item.callspec.params.get("assignment") for item in request.session.items
              if item.path == request.path and hasattr(item, "callspec")}
    return tuple(a for a in BATCHED if a in chosen)


def graded(assignment: str, workdir: str, batch: tuple[str, ...]):
    """(the Chinese course it was graded in, the scores)."""
    if assignment == SPOKEN:
        return stock_graded(workdir)
    scores = batch_graded(workdir, batch)[assignment]
    if isinstance(scores, Exception):
        raise scores
    return Path(workdir) / "batch" / "course", scores


def by_assignment(names):
    return [pytest.param(n, marks=[pytest.mark.slow, pytest.mark.xdist_group("zh-spoken" if n == SPOKEN else "zh-batch")],
                         id=n) for n in names]


def describe(score) -> str:
    return ", ".join(f"{c.grade_id}={c.score:g}/{c.max_score:g}" for c in score.cells if c.autograded)


@pytest.mark.parametrize("assignment", by_assignment(ASSIGNMENTS))
def test_chinese_master_full_marks_release_zero_variants_as_expected(assignment, zh_workdir, batch):
    course, scores = graded(assignment, zh_workdir, batch)
    master, blank = scores["master"], scores["blank-release"]
    assert master.auto_max > 0 and master.auto_score == master.auto_max, f"master loses points: {describe(master)}"
    # Every cell of the Chinese master ran (errors allowed, as the English harness runs it): none may hold
    # an error, so a translated string that breaks code is caught in every assignment, charts included.
    ran = sorted((course / "autograded" / "master" / assignment).glob("*.ipynb"))
    errors = [f"{path.name} {error}" for path in ran for error in error_outputs(build.read_notebook(path))]
    assert ran and not errors, f"the Chinese master raised errors when run top to bottom:\n" + "\n".join(errors)
    assert blank.auto_score == 0, f"the unedited Chinese release earns points: {describe(blank)}"
    wrong = []
    for variant in graded_in_chinese(assignment):
        expected = submissions.read_expected(variant)
        got = {c.grade_id: c.score for c in scores[f"variant-{variant.name}"].cells if c.autograded}
        if got != expected.cells:
            wrong.append(f"{variant.name}: got {got}, expected {expected.cells}")
    assert not wrong, "\n".join(wrong)


class _HumanTextBlind(ast.NodeTransformer):
    """Every string the same, and an f-string only its fields (a translation may reorder them)."""

    def visit_Constant(self, node):
        return ast.Constant("text") if isinstance(node.value, str) else node

    def visit_JoinedStr(self, node):
        fields = sorted(ast.dump(self.visit(value)) for value in node.values if isinstance(value, ast.FormattedValue))
        return ast.Constant(repr(fields) if fields else "text")


def code_shape(source: str) -> str:
    return ast.dump(_HumanTextBlind().visit(ast.parse(mask_magics(source))))


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_chinese_masters_run_the_english_code(assignment):
    """Code cell by code cell, the Chinese master is the English one with only strings and comments
    changed: the same statements, names, numbers and f-string fields. A variant's answers therefore
    meet the same code in both editions. (That no string used as data is translated is the sentence
    rule's part, shown by tests/unit/test_i18n_masters_run.py.)"""
    english = build.read_notebook(COURSE / "source" / assignment / f"{assignment}.ipynb")
    chinese = chinese_course_notebook(assignment, copy.deepcopy(english))
    english = speak_chinese(english)  # the one line of code the Chinese course adds: use_language("zh-CN")
    english_code = [(c.id, code_shape(c.source)) for c in english.cells if c.cell_type == "code"]
    chinese_code = [(c.id, code_shape(c.source)) for c in chinese.cells if c.cell_type == "code"]
    changed = [cell for (cell, shape), (_, other) in zip(english_code, chinese_code) if shape != other]
    assert len(english_code) == len(chinese_code) and not changed, f"code that is not text changed in cells {changed}"
    assert any(e.source != c.source for e, c in zip(english.cells, chinese.cells) if e.cell_type == "code") or \
        not catalog_path(ROOT, next(s for s in sources(ROOT) if s.path.parent.name == assignment)).exists(), \
        "the comparison saw no translated code at all"


def first_mistake(assignment: str):
    mistakes = [v for v in variants(assignment) if v.name.startswith("mistake-")]
    return mistakes[0] if mistakes else None


@pytest.mark.parametrize("assignment", by_assignment([SPOKEN]))
def test_a_wrong_chinese_hand_in_hears_chinese_and_gets_a_chinese_feedback_page(assignment, zh_workdir):
    course, _ = stock_graded(zh_workdir)
    mistake = first_mistake(assignment)
    student = f"variant-{mistake.name}"
    lost = [grade_id for grade_id, points in submissions.read_expected(mistake).cells.items() if points == 0]
    texts = []
    for path in (course / "autograded" / student / assignment).glob("*.ipynb"):
        for cell in build.read_notebook(path).cells:
            if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") in lost:
                texts += [o.get("text", "") or f"{o.get('ename', '')}: {o.get('evalue', '')}" for o in cell.outputs]
    shown = "\n".join(texts)
    assert "题：还不对。" in shown, f"the practice check of {lost} should answer in Chinese; it says:\n{shown[-1500:]}"

    (page,) = feedback.generate(course, assignment, students=[student])
    html = page.read_text(encoding="utf-8")
    # The page's own words (the notebook's text is as far translated as its catalog).
    assert "作业反馈" in html and "第 1 题：检查结果" in html and "得分：" in html, html[:3000]
    assert "Question 1: the checks" not in html and "your feedback" not in html
