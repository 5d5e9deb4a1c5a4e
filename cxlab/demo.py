"""``cxlab demo``: the whole pipeline on a simulated class, in a fresh folder.

build the course → a class of N learners hands in every assignment → ``cxlab grade``'s engine grades
them (parallel, sandboxed) → feedback and class reports → ``nbgrader export`` → a class summary.

The class is drawn with a seed from the grading tests' variants library
(``tests/grading/variants/<assignment>/``): alternative correct answers, typical mistakes, blank
hand-ins; plus incomplete hand-ins (some answers left as the release stub) and a few hostile ones
from ``tests/grading/hostile/<assignment>/``. Two learners are always there: ``model-learner`` (the
master's answers) and ``blank-learner`` (the release, untouched). Same seed, same class, same grades.
"""

from __future__ import annotations

import random
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from cxlab import build
from cxlab.errors import CxlabError
from cxlab.grading import gradebook, submissions

MARKER = ".cxlab-demo"
# Shares of the simulated learners (after the model and blank learners and the hostile few).
KINDS = {"correct": 0.35, "mistake": 0.30, "incomplete": 0.20, "blank": 0.15}
HOSTILE_SHARE = 0.075  # 3 in a class of 40
DEMO_TIMEOUT = 120.0  # seconds a notebook may run; no demo hand-in needs more than a few


@dataclass(frozen=True)
class HandIn:
    learner: str
    kind: str  # model, blank, correct, mistake, incomplete, hostile
    variant: str = ""  # the variant or hostile folder it comes from, "" for one made here


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


# --------------------------------------------------------------------------- the simulated class


def _library(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []


def class_profile(learners: int, seed: int) -> list[tuple[str, str]]:
    """Each learner's kind of work, the same in every assignment: (learner id, kind)."""
    if learners < 2:
        raise CxlabError("a demo class needs at least 2 learners (the model and the blank learner)")
    rng = random.Random(seed)
    others = learners - 2
    n_hostile = min(others, max(1, round(learners * HOSTILE_SHARE))) if others else 0
    kinds = rng.choices(list(KINDS), weights=list(KINDS.values()), k=others - n_hostile) + ["hostile"] * n_hostile
    rng.shuffle(kinds)
    return [("model-learner", "model"), ("blank-learner", "blank")] + [
        (f"learner-{number:03d}", kind) for number, kind in enumerate(kinds, start=1)
    ]


def simulate_class(learners: int, seed: int, assignment: str, tests_dir: Path, sandboxed: bool) -> list[HandIn]:
    """Who hands in what for one assignment: a pure function of its arguments."""
    rng = random.Random(f"{seed}:{assignment}")
    variants = [(v, submissions.read_expected(v)) for v in _library(tests_dir / "grading" / "variants" / assignment)]
    full = max((e.total for _, e in variants), default=0)
    correct = [v.name for v, e in variants if e.total == full and full > 0]
    mistakes = [v.name for v, e in variants if 0 < e.total < full]
    hostile = []
    for path in _library(tests_dir / "grading" / "hostile" / assignment):
        expected = submissions.read_hostile_expected(path)
        if not expected.slow and (sandboxed or not expected.needs_sandbox):
            hostile.append(path.name)  # never one that needs the sandbox where there is none
    rng.shuffle(hostile)
    class_ = []
    for learner, kind in class_profile(learners, seed):
        if kind == "correct":
            class_.append(HandIn(learner, kind, rng.choice(correct + [""])))
        elif kind == "mistake" and mistakes:
            class_.append(HandIn(learner, kind, rng.choice(mistakes)))
        elif kind == "hostile" and hostile:
            class_.append(HandIn(learner, kind, hostile.pop()))
        elif kind in ("model", "blank", "hostile"):
            class_.append(HandIn(learner, "blank" if kind == "hostile" else kind))
        else:
            class_.append(HandIn(learner, "incomplete", str(rng.random())))
    return class_


def write_hand_in(hand_in: HandIn, course: Path, assignment: str, tests_dir: Path) -> None:
    source, release = course / "source" / assignment, course / "release" / assignment
    destination = course / "submitted" / hand_in.learner / assignment
    if hand_in.kind in ("model", "correct") and not hand_in.variant:
        submissions.write_solved(source, release, destination)
    elif hand_in.kind == "blank":
        submissions.write_blank(release, destination)
    elif hand_in.kind in ("correct", "mistake"):
        submissions.write_variant(tests_dir / "grading" / "variants" / assignment / hand_in.variant,
                                  source, release, destination)
    elif hand_in.kind == "hostile":
        submissions.write_hostile(tests_dir / "grading" / "hostile" / assignment / hand_in.variant,
                                  source, release, destination)
    else:
        _write_incomplete(source, release, destination, random.Random(hand_in.variant))


def _write_incomplete(source: Path, release: Path, destination: Path, rng: random.Random) -> None:
    """The master's answers to the first questions, the rest left as the release's stubs."""
    destination.mkdir(parents=True, exist_ok=True)
    for release_path in sorted(release.glob("*.ipynb")):
        master = build.read_notebook(source / release_path.name)
        answers = {
            cell.metadata["nbgrader"]["grade_id"]: submissions.solution_text(cell.source)
            for cell in master.cells
            if cell.cell_type == "code" and cell.get("metadata", {}).get("nbgrader", {}).get("solution")
        }
        # Learners stop part-way rather than skip at random: answer the first k questions.
        keep = list(answers)[: rng.randint(1, max(1, len(answers) - 1))]
        notebook = submissions.fill_answers(build.read_notebook(release_path), {k: answers[k] for k in keep},
                                            release_path.name)
        (destination / release_path.name).write_text(build.notebook_text(notebook), encoding="utf-8")


# --------------------------------------------------------------------------- the run


def run(out: Path, root: build.KitPaths, learners: int = 40, seed: int = 2026, workers: int | None = None):
    from cxlab.grading import cohort, feedback, report, sandbox
    from cxlab.grading.runner import Limits

    started = time.perf_counter()
    out = prepare_folder(out)
    course = build.copy_course(root.course, out / "course")
    names = build.assignments(course)
    if not names:
        raise CxlabError(f"{root.course / 'source'}: no assignments to demonstrate")
    tests_dir = root.tests
    sandboxed = sandbox.detect().enabled
    classes: dict[str, list[HandIn]] = {}
    batches: dict[str, cohort.BatchReport] = {}
    items: dict[str, list[report.Item]] = {}
    with cohort.WorkerPool(workers) as pool:  # one set of warm workers for every assignment
        for name in names:
            print(f"{name}: releasing, handing in {learners} learners' work, grading ...", file=sys.stderr, flush=True)
            build.generate_assignment(course, name)
            classes[name] = simulate_class(learners, seed, name, tests_dir, sandboxed)
            for hand_in in classes[name]:
                write_hand_in(hand_in, course, name, tests_dir)
            batches[name] = cohort.grade(course, name, limits=Limits(timeout=DEMO_TIMEOUT), pool=pool)
            feedback.generate(course, name, pool=pool)
            report.write(course, name)
            items[name] = report.item_analysis(report.read_class(course, name))

    grades_csv = out / "grades.csv"
    gradebook.export_grades(course, grades_csv)
    print_summary(classes, batches, items, learners, seed)
    print(f"\nGrades exported to {grades_csv}")
    print(f"Class reports: {course / 'reports'}/<assignment>/index.html; feedback: {course / 'feedback'}")
    print(f"Graded notebooks in {course / 'autograded'}; gradebook {course / 'gradebook.db'}")
    print(f"Demo finished in {time.perf_counter() - started:.0f} s.")
    return batches


def print_summary(classes, batches, items, learners: int, seed: int) -> None:
    """Per assignment: statuses, mean, hardest question; per learner: every score."""
    profile = class_profile(learners, seed)
    kinds = {}
    for _, kind in profile:
        kinds[kind] = kinds.get(kind, 0) + 1
    print(f"\nA simulated class of {learners} learners (seed {seed}): "
          + ", ".join(f"{n} {k}" for k, n in kinds.items()) + " (hostile: attacks the grader instead of answering).")
    width = max(len("assignment"), *(len(name) for name in batches)) + 2
    print(f"\n{'assignment':<{width}}{'graded':>8}{'timeout':>9}{'error':>7}{'invalid':>9}{'mean score':>14}  hardest question")
    for name, batch in batches.items():
        counts = {s: sum(1 for v in batch.statuses.values() if v == s) for s in ("graded", "timeout", "error", "invalid")}
        scores = list(batch.scores.values())
        mean = sum(s for s, _ in scores) / len(scores) if scores else 0
        top = max((m for _, m in scores), default=0)
        auto = [i for i in items[name] if i.autograded and i.difficulty is not None]
        hardest = min(auto, key=lambda i: i.difficulty, default=None)
        hard = f"{hardest.grade_id} (the class earned {hardest.difficulty:.0%})" if hardest else "-"
        print(f"{name:<{width}}{counts['graded']:>8}{counts['timeout']:>9}{counts['error']:>7}{counts['invalid']:>9}"
              f"{f'{mean:.1f} / {top:g}':>14}  {hard}")
    # Learners down, assignments across by their number (00, 01, ...): a row stays one line.
    print(f"\n{'learner':<16}{'kind':<12}" + "".join(f"{name.split('-')[0]:>16}" for name in batches))
    for learner, kind in profile:
        cells = []
        for batch in batches.values():
            score, top = batch.scores.get(learner, (0, 0))
            status = batch.statuses.get(learner, "-")
            cells.append(f"{score:g}/{top:g}" + ("" if status == "graded" else f" {status}"))
        print(f"{learner:<16}{kind:<12}" + "".join(f"{c:>16}" for c in cells))
