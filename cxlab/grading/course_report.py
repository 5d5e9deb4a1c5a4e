"""The course at a glance (``cxlab report --all``): every learner through every assignment.

Writes ``reports/index.html`` (offline: inline styles, embedded PNG charts) and ``reports/course.csv``
(one row per learner: ``student_id``, then ``<assignment>_score`` (points, as nbgrader totals them) and
``<assignment>_status`` for every assignment). The page shows:

- **progress**: each learner's share of the points marked so far per assignment, and its status (``graded``,
  ``timeout``, ``error``, ``invalid`` from the batch's grades.csv, ``not submitted``, or ``awaiting
  trainer`` while a written answer is unmarked);
- the **hardest assignments and questions**: mean share of the points earned; questions: autograded ones
  only (an unmarked written answer would look hard only because nobody has marked it);
- **concept mastery**: for each concept of ``concepts.yml`` and each learner, the share of the points
  earned on the questions tagged with it (``metadata.cxlab.concepts`` in the masters), over the
  assignments the learner handed in; a written answer counts once the trainer has marked it, not as a 0
  before — a heat map, so a trainer sees what to teach again, to whom;
- the **learners at risk**: below the threshold (default 50 % of the points) on two assignments in a
  row, a missing hand-in counting as 0;
- beside each assignment, the **median working time** of its hand-ins, measured from the run times their
  cells carry (:mod:`cxlab.grading.timing`), blank where none does.

The page speaks the course's language (the Chinese course's is in Chinese); course.csv keeps its English
column names and status words, for the programs that read it.
"""

from __future__ import annotations

import csv
import html
from dataclasses import dataclass, field
from pathlib import Path

from cxlab.errors import CxlabError
from cxlab.grading import export
from cxlab.grading.report import _png, _table, html_page, status_word
from cxlab.lang import _

NOT_SUBMITTED = "not submitted"
AWAITING = "awaiting trainer"
DEFAULT_RISK_BELOW = 0.5


@dataclass(frozen=True)
class Progress:
    points: float | None  # None when nothing was handed in
    share: float | None  # points / max points
    status: str


@dataclass
class CourseView:
    learners: list[str]
    assignments: list[str]
    progress: dict[tuple[str, str], Progress]  # (learner, assignment)
    concept_names: dict[str, str]  # id -> label, in concepts.yml's order
    mastery: dict[tuple[str, str], float | None]  # (concept, learner) -> share of its points
    questions: list[tuple[str, str, float]]  # (assignment, grade id, difficulty), hardest first
    at_risk: dict[str, list[str]]  # learner -> the two (or more) consecutive assignments below the line
    working_minutes: dict[str, float] = field(default_factory=dict)  # assignment -> median, where measured
    titles: dict[tuple[str, str], str] = field(default_factory=dict)  # (assignment, grade id) -> its heading


def read_concepts(course: Path) -> tuple[dict[str, str], dict[tuple[str, str], list[str]]]:
    """concepts.yml's id -> label, and (assignment, grade id) -> the concepts its test cell assesses."""
    import nbformat

    from cxlab.i18n.concepts import read_concepts as read_concepts_file

    path = course / "concepts.yml"
    names = {}
    if path.is_file():
        listed = read_concepts_file(path.read_text(encoding="utf-8"), str(path))
        names = {key: str(value.get("label") or value.get("name") or key) for key, value in listed.items()}
    tags = {}
    for notebook_path in sorted((course / "source").glob("*/*.ipynb")):
        notebook = nbformat.read(notebook_path, as_version=4)
        for cell in notebook.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            concepts = cell.metadata.get("cxlab", {}).get("concepts")
            if grade_id and concepts:
                tags[notebook_path.parent.name, grade_id] = list(concepts)
    return names, tags


def _batch_statuses(course: Path, assignment: str) -> dict[str, str]:
    path = course / "reports" / assignment / "grades.csv"
    if not path.is_file():
        return {}
    with open(path, newline="", encoding="utf-8") as handle:
        return {row["student_id"]: row.get("status", "") for row in csv.DictReader(handle)}


def build_view(course: Path, risk_below: float = DEFAULT_RISK_BELOW) -> CourseView:
    if not 0 < risk_below <= 1:
        raise CxlabError(_("the at-risk threshold must be a share of the points between 0 and 1, not {value}").format(
            value=risk_below))
    found = export.read_course(course)
    learners = [learner.id for learner in found.learners]
    progress = {}
    for assignment in found.assignments:
        statuses = _batch_statuses(course, assignment)
        top = found.max_points[assignment]
        for learner in learners:
            hand_in = found.hand_ins.get((learner, assignment))
            if hand_in is None:
                progress[learner, assignment] = Progress(None, None, NOT_SUBMITTED)
                continue
            status = statuses.get(learner) or "graded"
            if status == "graded" and hand_in.pending:
                status = AWAITING
            # Judge a hand-in on the points marked so far: an unmarked written answer is not a 0 yet.
            marked = top - sum(found.questions[assignment][g] for g in hand_in.pending)
            progress[learner, assignment] = Progress(hand_in.score, hand_in.score / marked if marked else None, status)

    concept_names, tags = read_concepts(course)
    earned: dict[tuple[str, str], list[float]] = {}
    for (assignment, grade_id), concepts in tags.items():
        points = found.questions.get(assignment, {}).get(grade_id)
        for learner in learners:
            hand_in = found.hand_ins.get((learner, assignment))
            if not points or hand_in is None or grade_id in hand_in.pending:
                continue
            for concept in concepts:
                got, top = earned.setdefault((concept, learner), [0.0, 0.0])
                earned[concept, learner] = [got + hand_in.questions.get(grade_id, 0.0), top + points]
    for concept in {c for c, _ in earned}:
        concept_names.setdefault(concept, concept)
    mastery = {key: (got / top if top else None) for key, (got, top) in earned.items()}

    questions = []
    for assignment, cells in found.autograded.items():
        # A hand-in that could not run (invalid, error, timeout) says nothing about a question.
        hand_ins = [h for (l, a), h in found.hand_ins.items()
                    if a == assignment and progress[l, a].status in ("graded", AWAITING)]
        for grade_id in cells:
            points = found.questions[assignment][grade_id]
            if points and hand_ins:
                mean = sum(h.questions.get(grade_id, 0.0) for h in hand_ins) / len(hand_ins)
                questions.append((assignment, grade_id, mean / points))
    questions.sort(key=lambda q: q[2])

    at_risk = {}
    for learner in learners:
        run: list[str] = []
        for assignment in found.assignments:
            share = progress[learner, assignment].share
            if (share or 0.0) < risk_below:
                run.append(assignment)
                if len(run) >= 2:
                    at_risk[learner] = list(run)
            else:
                run = []
    from cxlab.grading.report import question_titles

    titles = {(assignment, grade_id): title for assignment in found.assignments
              for grade_id, title in question_titles(course, assignment).items()}
    return CourseView(learners, found.assignments, progress, concept_names, mastery, questions, at_risk,
                      _median_working_minutes(course, found.assignments), titles)


def _median_working_minutes(course: Path, assignments: list[str]) -> dict[str, float]:
    from cxlab.grading import timing

    spreads = {assignment: timing.class_time(course, assignment).quartiles() for assignment in assignments}
    return {assignment: spread[1] for assignment, spread in spreads.items() if spread}


def write_csv(view: CourseView, path: Path) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["student_id"] + [f"{a}_{part}" for a in view.assignments for part in ("score", "status")])
        for learner in view.learners:
            row = [learner]
            for assignment in view.assignments:
                entry = view.progress[learner, assignment]
                row += ["" if entry.points is None else f"{entry.points:g}", entry.status]
            writer.writerow(row)
    return path


def _assignment_means(view: CourseView) -> list[tuple[str, float, int]]:
    means = []
    for assignment in view.assignments:
        entries = [view.progress[l, assignment] for l in view.learners]
        handed = [e.share for e in entries if e.share is not None and e.status in ("graded", AWAITING)]
        if handed:
            means.append((assignment, sum(handed) / len(handed), len(handed)))
    return sorted(means, key=lambda m: m[1])


def _question(view: CourseView, assignment: str, grade_id: str) -> str:
    """A question as the learner read it ("q3-tests — Question 3 — …"), as the class report names it."""
    title = view.titles.get((assignment, grade_id))
    return f"{grade_id} — {title}" if title else grade_id


def _working_time(view: CourseView, assignment: str) -> str:
    from cxlab.grading.timing import duration_text

    minutes = view.working_minutes.get(assignment)
    return "" if minutes is None else duration_text(minutes)


def _heat_map(view: CourseView) -> str | None:
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    import numpy as np

    from cxlab.i18n.fonts import use_chinese_font

    use_chinese_font()  # concept labels and the title may be Chinese

    concepts = [c for c in view.concept_names if any((c, l) in view.mastery for l in view.learners)]
    if not concepts:
        return None
    grid = np.array([[np.nan if view.mastery.get((c, l)) is None else view.mastery[c, l] for l in view.learners]
                     for c in concepts])
    width = min(18.0, 3.5 + 0.28 * len(view.learners))
    figure, axes = plt.subplots(figsize=(width, 0.32 * len(concepts) + 1.6))
    colours = matplotlib.colormaps["RdYlGn"].with_extremes(bad="#cbd5e0")  # a concept not assessed yet: grey
    image = axes.imshow(grid, aspect="auto", cmap=colours, vmin=0, vmax=1, interpolation="nearest")
    axes.set_yticks(range(len(concepts)), [view.concept_names[c][:48] for c in concepts], fontsize=8)
    step = max(1, len(view.learners) // 60)  # a few hundred learners: label every n-th column
    axes.set_xticks(range(0, len(view.learners), step), view.learners[::step], rotation=90, fontsize=7)
    axes.set_title(_("Concept mastery: share of the points earned (grey: not assessed yet)"))
    figure.colorbar(image, ax=axes, fraction=0.03, pad=0.01)
    return _png(figure)


def write_html(view: CourseView, path: Path, risk_below: float) -> Path:
    """The course report, in the current language (``write`` speaks the course's)."""
    escape = html.escape
    parts = [f"<h1>{escape(_('Course report'))}</h1><p>" + escape(_(
        "{learners} learners, {assignments} assignments. Shares are points earned / points marked so far: a written "
        "answer the trainer has not marked yet (status “awaiting trainer”) is left out until it is. Hand-ins that "
        "could not be graded (invalid, error, timeout) count as 0 for their learner and are left out of the hardest "
        "assignments and questions.").format(learners=len(view.learners), assignments=len(view.assignments)))
             + "</p>"]
    parts.append(f"<h2>{escape(_('Learners at risk'))}</h2><p class='note'>" + escape(_(
        "Below {share} of the points on two assignments in a row (a missing hand-in counts as 0).").format(
        share=f"{risk_below:.0%}")) + "</p>")
    parts.append(_table([_("learner"), _("assignments below the line")],
                        [[l, ", ".join(a)] for l, a in sorted(view.at_risk.items())])
                 if view.at_risk else f"<p>{escape(_('Nobody.'))}</p>")
    parts.append(f"<h2>{escape(_('Hardest assignments'))}</h2><p class='note'>" + escape(_(
        "Median working time: the time between the first and last cell runs the hand-ins record (JupyterLab's "
        "recordTiming), breaks over 30 minutes and hand-ins re-run in one go left out; blank where none measures "
        "work. Each assignment's class report has the quartiles.")) + "</p>")
    parts.append(_table([_("assignment"), _("mean share of the points"), _("hand-ins"), _("median working time")],
                        [[a, f"{m:.0%}", str(n), _working_time(view, a)] for a, m, n in _assignment_means(view)]))
    parts.append(f"<h2>{escape(_('Hardest questions'))}</h2><p class='note'>" + escape(_(
        "Autograded questions, mean share of their points over the hand-ins (written answers are left out: "
        "unmarked, they would only look hard).")) + "</p>")
    parts.append(_table([_("assignment"), _("question"), _("mean share")],
                        [[a, _question(view, a, q), f"{d:.0%}"] for a, q, d in view.questions[:10]]))
    heat = _heat_map(view)
    parts.append(f"<h2>{escape(_('Concept mastery'))}</h2>")
    if heat:
        parts.append(f"<figure><img alt='{escape(_('Concept mastery heat map'))}' src='{heat}'><figcaption>"
                     + escape(_("Each row a concept, each column a learner; red cells are what to teach again, and "
                                "to whom.")) + "</figcaption></figure>")
    else:
        parts.append("<p>" + escape(_("No test cell of the masters names a concept yet (metadata.cxlab.concepts)."))
                     + "</p>")
    parts.append(f"<h2>{escape(_('Progress'))}</h2>")
    rows = []
    for learner in view.learners:
        row = [learner]
        for assignment in view.assignments:
            entry = view.progress[learner, assignment]
            shown = "—" if entry.share is None else f"{entry.share:.0%}"
            row.append(shown if entry.status == "graded"
                       else _("{value} ({note})").format(value=shown, note=status_word(entry.status)))
        rows.append(row)
    parts.append(_table([_("learner"), *view.assignments], rows))
    path.write_text(html_page(_("Course report"), parts), encoding="utf-8")
    return path


def write(course: Path, risk_below: float = DEFAULT_RISK_BELOW) -> tuple[Path, Path]:
    """Write ``reports/index.html`` (in the course's language) and ``reports/course.csv`` for the whole
    course; returns both."""
    from cxlab.grading.course import speaking_course_language

    course = Path(course).expanduser().resolve()
    view = build_view(course, risk_below)
    folder = course / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    with speaking_course_language(course):
        page = write_html(view, folder / "index.html", risk_below)
    return page, write_csv(view, folder / "course.csv")
