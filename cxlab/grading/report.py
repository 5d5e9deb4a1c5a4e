"""The class report: which questions the class struggles with, from nbgrader's gradebook.

``items.csv`` has one row per graded cell, with the two numbers of classical item analysis:

- **difficulty** (the *p-value* of test theory): mean points / max points; 1 means everybody earned
  every point, so a *low* value marks a hard question;
- **discrimination**: the correlation of the item's points with the rest of the score (the total
  minus this item, the "corrected item-total correlation"), so an item does not correlate with
  itself. Near 0 or negative, the item does not separate learners who know the material from those
  who do not: check its wording or its test. Empty when it is undefined (everybody scored the same
  on the item, or on the rest).

``index.html`` opens offline: charts are embedded PNG images, styles are inline. It speaks the course's
language (``c.GradingKernelManager.language``: the Chinese course's page is in Chinese); ``items.csv``
and grades.csv keep their English column names and status words, for the programs that read them.

References: Crocker, L. & Algina, J. (2008). *Introduction to Classical and Modern Test Theory*,
ch. 14 (item analysis).
"""

from __future__ import annotations

import base64
import csv
import html
import io
from dataclasses import dataclass, field
from pathlib import Path

from cxlab.lang import N_, Messages, _


ITEM_COLUMNS = ("grade_id", "max_points", "mean_points", "difficulty", "discrimination")
SCORED_NOTHING = N_("scored nothing (blank or not started)")
#: What a hand-in's status (grades.csv, the course report) and a reason to leave it apart read as on a page.
STATUS_WORDS = Messages({
    "graded": N_("graded"), "timeout": N_("timeout"), "error": N_("error"), "invalid": N_("invalid"),
    "not submitted": N_("not submitted"), "awaiting trainer": N_("awaiting trainer"), SCORED_NOTHING: SCORED_NOTHING,
})


def status_word(status: str) -> str:
    """``status`` as the page's reader says it (a status this table does not know is shown as it is)."""
    return STATUS_WORDS.get(status, status)


@dataclass(frozen=True)
class Item:
    grade_id: str
    max_points: float
    mean_points: float
    difficulty: float | None
    discrimination: float | None
    autograded: bool


@dataclass(frozen=True)
class ClassScores:
    """Points per learner and graded cell, as the gradebook holds them."""

    assignment: str
    cells: list[str]  # graded cells in the order learners meet them
    max_points: dict[str, float]
    autograded: dict[str, bool]
    points: dict[str, dict[str, float]]  # learner -> cell -> points
    pending: dict[str, frozenset[str]] = field(default_factory=dict)  # learner -> written answers not marked yet
    apart: dict[str, str] = field(default_factory=dict)  # learner -> why the item statistics leave them out
    titles: dict[str, str] = field(default_factory=dict)  # cell -> the question's heading in the master

    def totals(self) -> dict[str, float]:
        return {student: sum(by_cell.values()) for student, by_cell in self.points.items()}

    def analysed(self) -> list[str]:
        """The learners item analysis counts: not the hand-ins that could not run or scored nothing at all."""
        return sorted(s for s in self.points if s not in self.apart)

    def label(self, cell: str) -> str:
        return f"{cell} — {self.titles[cell]}" if self.titles.get(cell) else cell


def read_class(course: Path, assignment: str) -> ClassScores:
    """Points per learner and graded cell (a written answer not marked yet counts 0, as in nbgrader),
    which written answers await the trainer, and which hand-ins item analysis leaves apart."""
    from cxlab.grading.course import grade_columns, read_grades

    grades = read_grades(course, assignment)
    order = grade_columns(course, assignment)
    points = {student: submission.by_cell() for student, submission in grades.submissions.items()}
    pending = {student: frozenset(c.grade_id for c in submission.cells if c.pending)
               for student, submission in grades.submissions.items()}
    cells = [c for c in order if c in grades.max_points] + sorted(c for c in grades.max_points if c not in order)
    statuses = {row.get("student_id", ""): row.get("status", "") for row in _grades_rows(course, assignment)}
    apart = {}
    for student, by_cell in points.items():
        if statuses.get(student, "graded") != "graded":
            apart[student] = statuses[student]
        elif not any(by_cell.get(c, 0.0) for c in cells):
            apart[student] = SCORED_NOTHING
    return ClassScores(assignment, cells, grades.max_points, grades.autograded, points, pending, apart,
                       question_titles(course, assignment))


def question_titles(course: Path, assignment: str) -> dict[str, str]:
    """Each graded cell's question, as a learner reads it: the last heading above the cell in the master."""
    import nbformat

    from cxlab.grading.course import grade_id

    titles = {}
    for path in sorted((course / "source" / assignment).glob("*.ipynb")):
        heading = ""
        for cell in nbformat.read(path, as_version=4).cells:
            # An answer cell's own lines ("### BEGIN SOLUTION") are not a question's heading.
            if cell.cell_type == "markdown" and not cell.get("metadata", {}).get("nbgrader", {}).get("solution"):
                lines = [line.lstrip("#").strip() for line in cell.source.splitlines() if line.startswith("#")]
                heading = lines[-1] if lines else heading
            name = grade_id(cell)
            if name and cell.get("metadata", {}).get("nbgrader", {}).get("grade") and heading:
                titles.setdefault(name, heading.replace("*", "")[:90])
    return titles


def item_analysis(scores: ClassScores) -> list[Item]:
    """Difficulty and discrimination of every graded cell (see the module docstring), over the learners
    of :meth:`ClassScores.analysed`; a written answer not marked yet is left out, not counted as 0."""
    items = []
    for cell in scores.cells:
        learners = [s for s in scores.analysed() if cell not in scores.pending.get(s, ())]
        own = [scores.points[s].get(cell, 0.0) for s in learners]
        rest = [sum(v for k, v in scores.points[s].items() if k != cell and k not in scores.pending.get(s, ()))
                for s in learners]
        maximum = scores.max_points[cell]
        mean = sum(own) / len(own) if own else 0.0
        items.append(Item(
            grade_id=cell,
            max_points=maximum,
            mean_points=mean,
            difficulty=mean / maximum if maximum and own else None,
            discrimination=pearson(own, rest),
            autograded=scores.autograded[cell],
        ))
    return items


def common_mistakes(course: Path, scores: ClassScores, top: int = 3) -> dict[str, list[tuple[str, int]]]:
    """Per autograded question, its tests' failure messages and how many learners met each, most met first.

    The messages name the mistake (the tests are written that way), so this is what to teach again.
    """
    import nbformat

    from cxlab.grading.course import grade_id

    met: dict[str, dict[str, int]] = {}
    for student in scores.analysed():
        for path in sorted((course / "autograded" / student / scores.assignment).glob("*.ipynb")):
            try:
                notebook = nbformat.read(path, as_version=4)
            except Exception:  # a graded notebook nbgrader could not write whole: nothing to count
                continue
            for cell in notebook.cells:
                name = grade_id(cell)
                if cell.cell_type != "code" or not scores.autograded.get(name):
                    continue
                for output in cell.get("outputs", []):
                    if output.get("output_type") == "error":
                        message = (output.get("evalue") or "").strip().splitlines()
                        text = (message[0] if message else output.get("ename", "error"))[:200]
                        met.setdefault(name, {}).setdefault(text, 0)
                        met[name][text] += 1
    return {cell: sorted(found.items(), key=lambda m: (-m[1], m[0]))[:top] for cell, found in met.items()}


def pearson(x: list[float], y: list[float]) -> float | None:
    """Pearson's r (:func:`statistics.correlation`), or None where it is undefined (fewer than two
    learners, or no spread).

    >>> round(pearson([0, 1, 1, 0], [1, 3, 2, 0]), 12)
    0.894427191
    >>> pearson([1, 1, 1], [0, 2, 4]) is None
    True
    """
    import statistics

    try:
        return statistics.correlation(x, y)
    except statistics.StatisticsError:  # fewer than two points, or one of them constant
        return None


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.4g}"


def write_items_csv(items: list[Item], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(ITEM_COLUMNS)
        for item in items:
            writer.writerow([item.grade_id, _number(item.max_points), _number(item.mean_points),
                             _number(item.difficulty), _number(item.discrimination)])
    return path


# --------------------------------------------------------------------------- the HTML page


def _png(figure) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    import matplotlib.pyplot as plt

    plt.close(figure)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _charts(scores: ClassScores, items: list[Item]) -> list[tuple[str, str, str]]:
    """(title, embedded image, the sentence saying what to see) for each chart."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    from cxlab.i18n.fonts import use_chinese_font

    use_chinese_font()  # behind the default font: English looks as before, Chinese is drawn, not boxes
    totals = list(scores.totals().values())
    top = sum(scores.max_points.values())
    charts = []
    figure, axes = plt.subplots(figsize=(6.4, 3.2))
    axes.hist(totals, bins=min(20, max(5, int(top) + 1)), range=(0, max(top, 1)), color="#2b6cb0", edgecolor="white")
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))  # learners come whole: no 1.5 on the axis
    axes.set_title(_("Total scores, {assignment}").format(assignment=scores.assignment))
    axes.set_xlabel(_("Points (out of {top})").format(top=f"{top:g}"))
    axes.set_ylabel(_("Learners"))
    charts.append((_("Score distribution"), _png(figure),
                   _("Each bar counts the learners with that total; a pile at zero often means hand-ins that failed "
                     "to run (see the status column below).")))
    names = [i.grade_id for i in items]
    figure, axes = plt.subplots(figsize=(6.4, 0.45 * len(items) + 1.2))
    difficulty = [i.difficulty or 0 for i in items]
    axes.barh(names, difficulty, color=["#c53030" if d < 0.5 else "#2b6cb0" for d in difficulty])
    axes.invert_yaxis()
    axes.set_xlim(0, 1)
    axes.set_title(_("Difficulty: share of the points the class earned"))
    axes.set_xlabel(_("Mean points / max points (low = hard)"))
    charts.append((_("Difficulty by question"), _png(figure),
                   _("Red bars are questions where the class earned less than half of the points: revisit them in "
                     "class.")))
    figure, axes = plt.subplots(figsize=(6.4, 0.45 * len(items) + 1.2))
    discrimination = [i.discrimination if i.discrimination is not None else 0 for i in items]
    axes.barh(names, discrimination, color=["#c53030" if d < 0.2 else "#2f855a" for d in discrimination])
    axes.invert_yaxis()
    axes.axvline(0.2, color="grey", linestyle="--", linewidth=1)
    axes.set_xlim(-1, 1)
    axes.set_title(_("Discrimination: does the question separate strong from weak?"))
    axes.set_xlabel(_("Correlation with the rest of the score"))
    charts.append((_("Discrimination by question"), _png(figure),
                   _("Below the dashed line (0.2), a question hardly tells learners apart: check its wording and "
                     "tests. A question everybody got right (or wrong) has no bar.")))
    return charts


def _grades_rows(course: Path, assignment: str) -> list[dict[str, str]]:
    path = course / "reports" / assignment / "grades.csv"
    if not path.exists():
        return []
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def hand_ins_to_look_at(grades: list[dict[str, str]]) -> list[list[str]]:
    """[learner, status, reason and flags] for every grades.csv row not graded cleanly or flagged."""
    return [[row.get("student_id", ""), row.get("status", ""),
             "; ".join(filter(None, (row.get("reason", ""), row.get("flags", ""))))]
            for row in grades if row.get("status", "graded") != "graded" or row.get("flags")]


def _table(header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 60em; color: #1a202c; }
h1 { font-size: 1.6em; } h2 { font-size: 1.2em; margin-top: 2em; }
table { border-collapse: collapse; font-size: 0.9em; margin: 0.5em 0; }
th, td { border: 1px solid #cbd5e0; padding: 0.25em 0.6em; text-align: left; min-width: 3em; }
th { background: #edf2f7; } figure { margin: 1em 0; } figcaption { color: #4a5568; font-size: 0.9em; }
.note { color: #4a5568; }
"""


#: grades.csv's columns as the page heads them (a column not listed keeps its name).
GRADES_HEADINGS = Messages({
    "student_id": N_("learner"), "score": N_("score"), "max_score": N_("max score"), "status": N_("status"),
    "reason": N_("reason"), "flags": N_("flags"),
})


def html_page(title: str, body: list[str]) -> str:
    """A whole offline page in the current language: its ``lang`` attribute, the shared style, ``body``."""
    from cxlab.lang import current_language

    return (f"<!DOCTYPE html><html lang='{html.escape(current_language())}'><head><meta charset='utf-8'>"
            f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body>" + "\n".join(body)
            + "</body></html>")


def write_html(course: Path, scores: ClassScores, items: list[Item], path: Path) -> Path:
    """The class report, in the current language (``write`` speaks the course's)."""
    totals = sorted(scores.totals().values())
    top = sum(scores.max_points.values())
    grades = _grades_rows(course, scores.assignment)
    statuses = {}
    for row in grades:
        statuses[row.get("status", "")] = statuses.get(row.get("status", ""), 0) + 1
    mean = sum(totals) / len(totals) if totals else 0
    median = totals[len(totals) // 2] if totals else 0
    # Only autograded questions can be "hardest": an unmarked written answer would look hard for no reason.
    hardest = min((i for i in items if i.autograded and i.difficulty is not None), key=lambda i: i.difficulty,
                  default=None)
    awaiting = sorted(s for s, cells in scores.pending.items() if cells)
    escape = html.escape
    title = _("Class report: {assignment}").format(assignment=scores.assignment)
    parts = [
        f"<h1>{escape(title)}</h1>",
        "<p>" + escape(_("{learners} learners in the gradebook. Mean score {mean}, median {median}, out of {top} "
                         "points (questions read by the trainer count as 0 until graded).").format(
            learners=len(totals), mean=f"{mean:.1f}", median=f"{median:g}", top=f"{top:g}")) + "</p>",
    ]
    if awaiting:
        parts.append("<p><b>" + escape(_("{count} hand-in(s) still need manual grading").format(count=len(awaiting)))
                     + "</b> " + escape(_("(written answers not marked yet: left out of difficulty and discrimination "
                                          "until they are).")) + "</p>")
    if statuses:
        counted = _(", ").join(_("{count} {status}").format(count=n, status=status_word(s))
                                for s, n in sorted(statuses.items()))
        parts.append("<p>" + escape(_("Hand-ins: {counted}.").format(counted=counted)) + "</p>")
    if scores.apart:
        left_out = _(", ").join(_("{value} ({note})").format(value=s, note=status_word(why))
                                 for s, why in sorted(scores.apart.items()))
        parts.append("<p class='note'>" + escape(_("Left out of the question statistics (listed apart so they do not "
                                                   "distort them): {learners}.").format(learners=left_out)) + "</p>")
    to_look_at = hand_ins_to_look_at(grades)
    if to_look_at:
        parts.append(f"<h2>{escape(_('Hand-ins to look at'))}</h2><p class='note'>"
                     + escape(_("Not graded cleanly (the reason says why), or repaired before grading: a deleted or "
                                "edited cell nbgrader put back, cell ids lost. A repair changes no score, but ask the "
                                "learner what happened.")) + "</p>")
        parts.append(_table([_("learner"), _("status"), _("what happened")],
                            [[learner, status_word(status), what] for learner, status, what in to_look_at]))
    if hardest is not None:
        # The template is escaped first, then filled: the question's name alone is set in bold.
        parts.append("<p>" + escape(_("Hardest question: {question} (the class earned {share} of its points).")).format(
            question=f"<b>{escape(scores.label(hardest.grade_id))}</b>", share=f"{hardest.difficulty:.0%}") + "</p>")
    from cxlab.grading import timing  # how long the class worked, beside the time the notebook states

    worked = timing.summary_sentence(timing.class_time(course, scores.assignment))
    parts.append(f"<p>{escape(worked, quote=False)}</p>")
    for chart_title, image, caption in _charts(scores, items):
        parts.append(f"<h2>{escape(chart_title)}</h2><figure><img alt='{escape(chart_title)}' src='{image}'>"
                     f"<figcaption>{escape(caption)}</figcaption></figure>")
    parts.append(f"<h2>{escape(_('Questions'))}</h2>")
    parts.append(_table(
        [_("question"), _("title"), _("max points"), _("mean points"), _("difficulty"), _("discrimination"),
         _("graded by")],
        [[i.grade_id, scores.titles.get(i.grade_id, ""), _number(i.max_points), _number(i.mean_points),
          _number(i.difficulty), _number(i.discrimination), _("autograder") if i.autograded else _("trainer")]
         for i in items],
    ))
    mistakes = common_mistakes(course, scores)
    if mistakes:
        parts.append(f"<h2>{escape(_('Common mistakes'))}</h2><p class='note'>"
                     + escape(_("How many learners met each failure message of a question's tests: the messages name "
                                "the mistake, so the top rows are what to teach again.")) + "</p>")
        parts.append(_table([_("question"), _("message"), _("learners")],
                            [[scores.label(cell), message, str(count)]
                             for cell in scores.cells for message, count in mistakes.get(cell, [])]))
    if grades:
        columns = list(grades[0])
        parts.append(f"<h2>{escape(_('Learners'))}</h2><p class='note'>"
                     + escape(_("From grades.csv; the reason says why a hand-in was not graded cleanly.")) + "</p>")
        parts.append(_table([GRADES_HEADINGS.get(c, c) for c in columns],
                            [[status_word(row.get(c, "")) if c == "status" else row.get(c, "") for c in columns]
                             for row in grades]))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html_page(title, parts), encoding="utf-8")
    return path


def write(course: Path, assignment: str) -> tuple[Path, Path]:
    """Write ``reports/<assignment>/index.html`` (in the course's language) and ``items.csv``; returns both paths."""
    from cxlab.grading.course import check_course, speaking_course_language

    course = check_course(course, assignment)
    scores = read_class(course, assignment)
    items = item_analysis(scores)
    folder = course / "reports" / assignment
    with speaking_course_language(course):
        page = write_html(course, scores, items, folder / "index.html")
    return page, write_items_csv(items, folder / "items.csv")
