"""``cxlab demo``: the whole pipeline on a tiny class, in a fresh folder, in well under two minutes.

build the course → hand in a model learner and a blank learner → autograde → export grades → print.

The class is a list of (learner, how their hand-in is made); a larger simulated class only needs a
longer list, and the grading step is one function call per assignment, so a parallel grader can
take its place without touching the rest.
"""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path

from cxlab import build
from cxlab.errors import CxlabError
from cxlab.grading import gradebook, submissions

MARKER = ".cxlab-demo"

# learner id -> how that learner's hand-in is written (source dir, release dir, destination)
HandIn = Callable[[Path, Path, Path], None]
DEMO_CLASS: dict[str, HandIn] = {
    "model-learner": submissions.write_solved,
    "blank-learner": lambda source, release, destination: submissions.write_blank(release, destination),
}


def prepare_folder(out: Path) -> Path:
    """A clean demo folder; refuse to empty a folder the demo did not make."""
    out = out.resolve()
    if out.exists():
        if not out.is_dir():
            raise CxlabError(f"{out}: exists and is not a folder")
        if any(out.iterdir()) and not (out / MARKER).exists():
            raise CxlabError(f"{out}: folder is not empty and was not made by `cxlab demo`; choose another --out")
        shutil.rmtree(out)
    out.mkdir(parents=True)
    (out / MARKER).write_text("made by cxlab demo; safe to delete\n", encoding="utf-8")
    return out


def _progress(total: int, description: str):
    from tqdm import tqdm

    return tqdm(total=total, desc=description, unit="step", file=sys.stderr, disable=None)


def run(out: Path, root: build.KitPaths) -> dict[str, dict[str, gradebook.SubmissionScore]]:
    started = time.perf_counter()
    out = prepare_folder(out)
    course = build.copy_course(root.course, out / "course")
    names = build.assignments(course)
    if not names:
        raise CxlabError(f"{root.course / 'source'}: no assignments to demonstrate")

    scores: dict[str, dict[str, gradebook.SubmissionScore]] = {}
    with _progress(total=3 * len(names), description="demo") as bar:
        for name in names:
            bar.set_postfix_str(f"release {name}")
            build.generate_assignment(course, name)
            bar.update()
            bar.set_postfix_str(f"hand in {name}")
            for learner, hand_in in DEMO_CLASS.items():
                hand_in(course / "source" / name, course / "release" / name, course / "submitted" / learner / name)
            bar.update()
            bar.set_postfix_str(f"autograde {name}")
            gradebook.autograde(course, name)
            scores[name] = gradebook.read_scores(course, name)
            bar.update()

    grades_csv = out / "grades.csv"
    gradebook.export_grades(course, grades_csv)
    print_table(scores)
    print(f"\nGrades exported to {grades_csv}")
    print(f"Graded notebooks in {course / 'autograded'}; gradebook {course / 'gradebook.db'}")
    print(f"Demo finished in {time.perf_counter() - started:.0f} s.")
    return scores


def print_table(scores: dict[str, dict[str, gradebook.SubmissionScore]]) -> None:
    print(f"\n{'assignment':<28}{'learner':<18}{'autograded':>12}{'open questions':>16}")
    for name, by_learner in scores.items():
        for learner, submission in sorted(by_learner.items()):
            manual = submission.max_score - submission.auto_max
            print(
                f"{name:<28}{learner:<18}"
                f"{submission.auto_score:>6g} / {submission.auto_max:<4g}"
                f"{'to grade: ' + format(manual, 'g') + ' pt' if manual else '-':>16}"
            )
