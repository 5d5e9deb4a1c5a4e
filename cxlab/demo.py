"""``cxlab demo``: the whole pipeline on a simulated class, in a fresh folder.

build the course → a class of N learners hands in the assignments → ``cxlab grade``'s engine grades
them (parallel, sandboxed) → feedback and class reports → ``nbgrader export`` → a class summary and
three things to try next.

The default class is small enough to finish while a newcomer watches, yet shows every kind of
learner a trainer meets, once each: ``model-learner`` (the master's answers), ``blank-learner`` (the
release, untouched), a correct alternative answer, a typical mistake, an incomplete hand-in (some
answers left as the release stub), a hostile hand-in that attacks the grader and a damaged file (an
upload cut short). The whole default class hands in the first assignment, whose class report the
demo points to; after it, as learners drop in and out of a real course, only the model learner, the
damaged learner and one of ``ROTATION`` in turn hand in (the reports show the others as missing).
That keeps the default demo within two minutes however many modules the course has: every further
assignment costs two graded runs. ``--learners N`` adds learners drawn with a seed by the shares
in ``KINDS``, and then everybody hands in everything (``--learners 40``: a full class). The work is
drawn from the grading tests' libraries: ``tests/grading/variants/<assignment>/`` and
``tests/grading/hostile/<assignment>/``. Same seed, same class, same grades.

``--lang zh-CN`` runs the same class through the Chinese course (``course/zh-CN``): the learners'
work is the same (a Chinese master runs the English code), and the check messages, feedback pages,
class reports and the summary printed at the end are in Chinese.
"""

from __future__ import annotations

import contextlib
import random
import re
import shlex
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from cxlab import build
from cxlab.errors import CxlabError
from cxlab.grading import gradebook, report, submissions
from cxlab.grading.workers import WorkerPool
from cxlab.lang import ENGLISH, N_, Messages, _, speaking

MARKER = ".cxlab-demo"
# One learner of each kind, in this order: the default class, and the start of every larger one.
SHOWCASE = ("model", "blank", "alternative", "mistake", "incomplete", "hostile", "damaged")
DEFAULT_LEARNERS = len(SHOWCASE)
# Shares of the learners a larger class adds, and of hostile ones in it (3 in a class of 40).
KINDS = {"correct": 0.35, "mistake": 0.30, "incomplete": 0.20, "blank": 0.15}
HOSTILE_SHARE = 0.075
DAMAGED_VARIANT = "damaged-notebook"  # the hostile library's broken upload, where there is one
DAMAGED_BYTES = 3000  # an upload cut short: the first bytes of a solved notebook
DEMO_TIMEOUT = 120.0  # seconds a notebook may run; no demo hand-in needs more than a few
# After the first assignment, one of these showcase learners hands in each assignment, in turn. The
# model learner always hands in (the reports' top), and so does the damaged learner: a file that
# cannot be read is never run and costs nothing. The hostile learner attacks the first assignment only.
ROTATION = ("alternative", "mistake", "incomplete", "blank")


#: Each kind of learner as the summary names it.
KIND_WORDS = Messages({
    "model": N_("model"), "blank": N_("blank"), "alternative": N_("alternative"), "mistake": N_("mistake"),
    "incomplete": N_("incomplete"), "hostile": N_("hostile"), "damaged": N_("damaged"), "correct": N_("correct"),
})


@dataclass(frozen=True)
class HandIn:
    learner: str
    kind: str  # model, blank, correct, alternative, mistake, incomplete, hostile, damaged
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
    """Each learner's kind of work, the same in every assignment: (learner id, kind).

    The first learners are the showcase, one of each kind; the rest are drawn with the seed.
    """
    if learners < 2:
        raise CxlabError("a demo class needs at least 2 learners (the model and the blank learner)")
    showcase = list(SHOWCASE[:learners])
    others = learners - len(showcase)
    n_hostile = min(others, max(0, round(learners * HOSTILE_SHARE) - showcase.count("hostile")))
    rng = random.Random(seed)
    drawn = rng.choices(list(KINDS), weights=list(KINDS.values()), k=others - n_hostile) + ["hostile"] * n_hostile
    rng.shuffle(drawn)
    return [("model-learner", "model"), ("blank-learner", "blank")] + [
        (f"learner-{number:03d}", kind) for number, kind in enumerate(showcase[2:] + drawn, start=1)
    ]


def hands_in(kind: str, week: int) -> bool:
    """Does the showcase learner of this kind hand in the assignment at this place in the course (0: the first)?

    >>> [[kind for kind in SHOWCASE if hands_in(kind, week)] for week in range(3)]
    [['model', 'blank', 'alternative', 'mistake', 'incomplete', 'hostile', 'damaged'], ['model', 'alternative', 'damaged'], ['model', 'mistake', 'damaged']]
    """
    if week == 0 or kind in ("model", "damaged"):
        return True
    return kind in ROTATION and ROTATION[(week - 1) % len(ROTATION)] == kind


def simulate_class(learners: int, seed: int, assignment: str, tests_dir: Path, sandboxed: bool,
                   week: int = 0) -> list[HandIn]:
    """Who hands in what for one assignment: a pure function of its arguments.

    ``week``: the assignment's place in the course (0: the first); in the default class, after the
    first, only some learners hand in (:func:`hands_in`).
    """
    rng = random.Random(f"{seed}:{assignment}")
    variants = [(v, submissions.read_expected(v)) for v in _library(tests_dir / "grading" / "variants" / assignment)]
    full = max((e.total for _, e in variants), default=0)
    correct = [v.name for v, e in variants if e.total == full and full > 0]
    # A typical mistake loses some points; an incomplete variant does too, but it is not a mistake.
    mistakes = [v.name for v, e in variants if 0 < e.total < full and v.name.startswith("mistake-")]
    hostile, damaged = [], ""
    for path in _library(tests_dir / "grading" / "hostile" / assignment):
        expected = submissions.read_hostile_expected(path)
        if path.name == DAMAGED_VARIANT:
            damaged = path.name
        elif not expected.slow and (sandboxed or not expected.needs_sandbox):
            hostile.append(path.name)  # never one that needs the sandbox where there is none
    rng.shuffle(hostile)
    class_ = []
    for learner, kind in class_profile(learners, seed):
        if learners <= DEFAULT_LEARNERS and not hands_in(kind, week):
            continue
        if kind == "correct":
            class_.append(HandIn(learner, kind, rng.choice(correct + [""])))
        elif kind == "alternative":
            class_.append(HandIn(learner, kind, rng.choice(correct) if correct else ""))
        elif kind == "mistake" and mistakes:
            class_.append(HandIn(learner, kind, rng.choice(mistakes)))
        elif kind == "hostile" and hostile:
            class_.append(HandIn(learner, kind, hostile.pop()))
        elif kind == "damaged":
            class_.append(HandIn(learner, kind, damaged))
        elif kind in ("model", "blank", "hostile"):
            # Where the assignment has no attack library, the hostile learner hands in the release.
            class_.append(HandIn(learner, "blank" if kind == "hostile" else kind))
        else:
            class_.append(HandIn(learner, "incomplete", str(rng.random())))
    return class_


def write_hand_in(hand_in: HandIn, course: Path, assignment: str, tests_dir: Path) -> None:
    source, release = course / "source" / assignment, course / "release" / assignment
    destination = course / "submitted" / hand_in.learner / assignment
    if hand_in.kind in ("model", "correct", "alternative") and not hand_in.variant:
        submissions.write_solved(source, release, destination)
    elif hand_in.kind == "blank":
        submissions.write_blank(release, destination)
    elif hand_in.kind in ("correct", "alternative", "mistake"):
        submissions.write_variant(tests_dir / "grading" / "variants" / assignment / hand_in.variant,
                                  source, release, destination)
    elif hand_in.kind in ("hostile", "damaged") and hand_in.variant:
        submissions.write_hostile(tests_dir / "grading" / "hostile" / assignment / hand_in.variant,
                                  source, release, destination)
    elif hand_in.kind == "damaged":
        _write_damaged(source, release, destination)
    else:
        _write_incomplete(source, release, destination, random.Random(hand_in.variant))


def _write_damaged(source: Path, release: Path, destination: Path) -> None:
    """A solved notebook cut short, as an interrupted upload leaves it."""
    submissions.write_solved(source, release, destination)
    for path in destination.glob("*.ipynb"):
        path.write_bytes(path.read_bytes()[:DAMAGED_BYTES])


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


# Two assignments are in flight at once, each lane with its own warm workers: while one lane releases,
# renders feedback or writes its report (work that leaves its workers idle), the other lane grades.
# Kernels spend much of a hand-in waiting (start-up, messages), so the extra workers fill idle cores.
LANES = 2


def source_course(root: build.KitPaths, lang: str) -> Path:
    """The course the demo copies: the English one, or the Chinese edition ``cxlab build`` writes."""
    if lang == ENGLISH:
        return root.course
    from cxlab.i18n.editions import chinese_course

    course = chinese_course(root.root)
    if not (course / "source").is_dir():
        raise CxlabError(f"{course}: the Chinese course is missing; run `cxlab build` to write it")
    return course


def run(out: Path, root: build.KitPaths, learners: int = DEFAULT_LEARNERS, seed: int = 2026,
        workers: int | None = None, lang: str = ENGLISH):
    from concurrent.futures import ThreadPoolExecutor

    from cxlab.grading import sandbox

    started = time.perf_counter()
    course_source = source_course(root, lang)
    out = prepare_folder(out)
    course = build.copy_course(course_source, out / "course")
    names = build.assignments(course)
    if not names:
        raise CxlabError(f"{root.course / 'source'}: no assignments to demonstrate")
    sandboxed = sandbox.detect().enabled
    classes = {name: simulate_class(learners, seed, name, root.tests, sandboxed, week)
               for week, name in enumerate(names)}
    lanes = [names[i::LANES] for i in range(LANES) if names[i::LANES]]
    with contextlib.ExitStack() as stack:
        pools = [stack.enter_context(WorkerPool(workers)) for _ in lanes]
        # The workers start and import the grading and rendering libraries while this process releases.
        warming = [pool.submit(warm_up) for pool in pools for _ in range(pool.workers)]
        with speaking(lang):
            print(_("Releasing {count} assignments ...").format(count=len(names)), file=sys.stderr, flush=True)
        for name in names:
            release(course, name)
        for future in warming:
            future.result()
        with ThreadPoolExecutor(len(lanes)) as threads:
            finished = [threads.submit(_run_lane, lane, course, classes, root.tests, pool, lang)
                        for lane, pool in zip(lanes, pools)]
            done = {name: outcome for future in finished for name, outcome in future.result().items()}
    batches = {name: done[name][0] for name in names}
    items = {name: done[name][1] for name in names}
    titles = {name: report.question_titles(course, name) for name in names}

    grades_csv = out / "grades.csv"
    gradebook.export_grades(course, grades_csv)
    featured = names[0]
    with speaking(lang):  # what the trainer reads at the end, in the course's language
        print_summary(classes, batches, items, titles, learners, seed)
        print("\n" + _("Grades exported to {grades}; graded notebooks in {folder}.").format(
            grades=_shown(grades_csv), folder=_shown(course / "autograded")))
        print("\n" + _("Class report of {assignment}: {page} (one per assignment, in {folder}/)").format(
            assignment=featured, page=_shown(course / "reports" / featured / "index.html"),
            folder=_shown(course / "reports")))
        print("  " + _("It shows: {summary}").format(
            summary=report_in_one_line(batches[featured], items[featured], titles[featured])))
        print("\n" + _("Demo finished in {seconds} s ({learners} learners x {assignments} assignments; "
                       "`--learners 40` grades a full class).").format(
            seconds=f"{time.perf_counter() - started:.0f}", learners=learners, assignments=len(names)))
        print_next_steps(root, course, featured, classes[featured], lang)  # last, so it is what the trainer sees
    return batches


def release(course: Path, assignment: str) -> None:
    """``nbgrader generate_assignment --force``, run in this process.

    The same converter with the course's configuration, as ``cxlab build`` runs it, without starting
    a Python and importing nbgrader again for each assignment (about 3 CPU seconds each). It changes
    the working folder while it runs, so the demo releases everything before its lanes start.
    """
    import logging
    import warnings

    from nbgrader.converters import GenerateAssignment

    from cxlab.grading.course import course_config, coursedir

    directory = coursedir(course)
    directory.assignment_id = assignment
    quiet = logging.getLogger("cxlab.demo.nbgrader")
    quiet.addHandler(logging.NullHandler())
    quiet.propagate = False
    converter = GenerateAssignment(coursedir=directory, config=course_config(str(course)), log=quiet)
    converter.force = True
    converter.create_assignment = True
    try:
        with warnings.catch_warnings():  # SQLAlchemy 2 warnings from nbgrader's models, as `cxlab build` hides them
            warnings.simplefilter("ignore")
            converter.start()
    except Exception as error:
        raise CxlabError(f"nbgrader generate_assignment {assignment} failed: {error}") from None


def warm_up() -> None:
    """Run in each worker before the first hand-in: the imports every grading and rendering needs."""
    import nbclient  # noqa: F401
    import nbconvert.exporters  # noqa: F401
    import nbgrader.converters  # noqa: F401

    import cxlab.grading.preprocessors  # noqa: F401
    import cxlab.grading.runner  # noqa: F401


def _run_lane(names, course: Path, classes, tests_dir: Path, pool, lang: str = ENGLISH) -> dict:
    """Hand in, grade, feed back and report each assignment of one lane, with its warm pool (a thread of
    its own, so it takes up the demo's language itself)."""
    with speaking(lang):
        return _grade_lane(names, course, classes, tests_dir, pool)


def _grade_lane(names, course: Path, classes, tests_dir: Path, pool) -> dict:
    from cxlab.grading import cohort, feedback, report
    from cxlab.grading.runner import Limits

    done = {}
    for name in names:
        _say(_("{assignment}: handing in {count} learners' work, grading ...").format(
            assignment=name, count=len(classes[name])))
        clock = _Stopwatch()
        for hand_in in classes[name]:
            write_hand_in(hand_in, course, name, tests_dir)
        clock.lap(_("handing in"))
        batch = cohort.grade(course, name, limits=Limits(timeout=DEMO_TIMEOUT), pool=pool)
        clock.lap(_("grading"))
        feedback.generate(course, name, pool=pool)
        clock.lap(_("feedback"))
        report.write(course, name)
        done[name] = batch, report.item_analysis(report.read_class(course, name))
        clock.lap(_("report"))
        _say(f"{name}: {clock}")
    return done


def _say(line: str) -> None:
    """One whole line on stderr: the two lanes print at once, and print() writes the newline apart."""
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


class _Stopwatch:
    """Seconds per step of one assignment, so a slow demo says where its time went."""

    def __init__(self) -> None:
        self._last = time.perf_counter()
        self._laps: list[tuple[str, float]] = []

    def lap(self, step: str) -> None:
        now = time.perf_counter()
        self._laps.append((step, now - self._last))
        self._last = now

    def __str__(self) -> str:
        return _(", ").join(f"{step} {seconds:.1f} s" for step, seconds in self._laps)


def question_label(titles: dict[str, str], grade_id: str, short: bool = False) -> str:
    """The question as the learner reads its heading ("Question 2 — Harbor Bank's NPS"), without its
    points; ``short`` keeps "Question 2" alone. The grade id where the master has no heading.

    >>> question_label({"q2": "Question 2 — Harbor Bank's NPS (2 points)"}, "q2")
    "Question 2 — Harbor Bank's NPS"
    >>> question_label({"q2": "第 2 题——港湾银行的 NPS（2 分）"}, "q2", short=True)
    '第 2 题'
    """
    title = re.sub(r"\s*[(（]\d+ (?:points?|分)[)）]$", "", titles.get(grade_id, grade_id))
    return re.split(r"\s*—+\s*", title, maxsplit=1)[0] if short else title


def report_in_one_line(batch, items, titles: dict[str, str]) -> str:
    """What the class report tells a trainer, in one line."""
    statuses = list(batch.statuses.values())
    counts = _(", ").join(_("{count} {status}").format(count=statuses.count(s), status=report.status_word(s))
                          for s in dict.fromkeys(statuses))
    scores = list(batch.scores.values())
    mean = sum(score for score, _ in scores) / len(scores) if scores else 0
    top = max((m for _, m in scores), default=0)
    auto = [i for i in items if i.autograded and i.difficulty is not None]
    hardest = min(auto, key=lambda i: i.difficulty, default=None)
    hard = (_("; hardest: {question} (the class earned {share} of its points)").format(
        question=question_label(titles, hardest.grade_id), share=f"{hardest.difficulty:.0%}") if hardest else "")
    return _("{count} hand-ins ({counts}), mean score {mean} / {top}{hardest}; charts of scores, difficulty and "
             "discrimination, and every learner's row").format(
        count=len(statuses), counts=counts, mean=f"{mean:.1f}", top=f"{top:g}", hardest=hard)


def print_next_steps(root: build.KitPaths, course: Path, assignment: str, class_: list[HandIn],
                     lang: str = ENGLISH) -> None:
    """Three things a trainer can do next, as commands that work from the current folder. Opens nothing."""
    shown = next((h for h in class_ if h.kind == "mistake"), class_[0])
    pages = sorted((course / "feedback" / shown.learner / assignment).glob("*.html"))
    browser = f"{_python_command()} -m webbrowser"
    print("\n" + _("Next:"))
    print("  1. " + _("Open the class report:")
          + f"\n       {browser} {(course / 'reports' / assignment / 'index.html').as_uri()}")
    if pages:
        print("  2. " + _("Open the feedback {learner} ({kind}) received:").format(
            learner=shown.learner, kind=_kind_phrase(shown)) + f"\n       {browser} {pages[0].as_uri()}")
    else:
        print("  2. " + _("Read each learner's feedback: the pages in {folder}/<learner>/{assignment}/").format(
            folder=_shown(course / "feedback"), assignment=assignment))
    language = "" if lang == ENGLISH else f" --lang {lang}"  # the lab of the course the demo graded
    print("  3. " + _("Start JupyterLab on the kit with classroom settings:")
          + f"\n       {_cxlab_command()} --root {shlex.quote(_shown(root.root))} lab{language}")


def _kind_phrase(hand_in: HandIn) -> str:
    if hand_in.kind == "mistake":
        return _("a typical mistake: {variant}").format(variant=hand_in.variant)
    return KIND_WORDS.get(hand_in.kind, hand_in.kind)


def _cxlab_command() -> str:
    """How to run this very ``cxlab`` from the current folder, activated environment or not."""
    script = Path(sys.executable).parent / "cxlab"
    return _runnable(script) if script.is_file() else f"{_python_command()} -m cxlab.cli"


def _python_command() -> str:
    return _runnable(Path(sys.executable))


def _runnable(program: Path) -> str:
    shown = _shown(program)
    return shlex.quote(shown if "/" in shown else f"./{shown}")  # a bare name would be looked up on PATH


def _shown(path: Path) -> str:
    """A path as the trainer can type it here: relative below the current folder, absolute elsewhere."""
    path = Path(path).absolute()
    try:
        relative = path.relative_to(Path.cwd())
    except ValueError:
        return str(path)
    return str(relative) if str(relative) != "." else "."


def _column_label(assignment: str) -> str:
    """A module's number (``03``), or a case study's topic cut to fit its column (``service-culture``).

    >>> _column_label("03-nps-closed-loop"), _column_label("case-service-culture")
    ('03', 'service-culture')
    """
    number = assignment.split("-")[0]
    return number if number.isdigit() else assignment.removeprefix("case-")[:15]


def _cell(text: str, width: int, right: bool = True) -> str:
    """``text`` padded to ``width`` terminal columns (a Chinese character takes two)."""
    from cxlab.i18n.units import display_width

    gap = " " * max(0, width - display_width(text))
    return gap + text if right else text + gap


def print_summary(classes, batches, items, titles, learners: int, seed: int) -> None:
    """Per assignment: statuses, mean, hardest question; per learner: every score (in the current language)."""
    profile = class_profile(learners, seed)
    kinds = {}
    for _learner, kind in profile:
        kinds[kind] = kinds.get(kind, 0) + 1
    print("\n" + _("A simulated class of {learners} learners (seed {seed}): {kinds} (hostile: attacks the grader "
                   "instead of answering; damaged: an upload cut short).").format(
        learners=learners, seed=seed,
        kinds=_(", ").join(_("{count} {kind}").format(count=n, kind=KIND_WORDS.get(k, k)) for k, n in kinds.items())))
    statuses = ("graded", "timeout", "error", "invalid")
    width = max(len("assignment"), *(len(name) for name in batches)) + 2
    widths = [max(7, len(status) + 2) for status in statuses]
    print("\n" + _cell(_("assignment"), width, right=False)
          + "".join(_cell(report.status_word(s), w) for s, w in zip(statuses, widths))
          + _cell(_("mean score"), 14) + "  " + _("hardest question"))
    for name, batch in batches.items():
        counts = {s: sum(1 for v in batch.statuses.values() if v == s) for s in statuses}
        scores = list(batch.scores.values())
        mean = sum(s for s, _top in scores) / len(scores) if scores else 0
        top = max((m for _score, m in scores), default=0)
        auto = [i for i in items[name] if i.autograded and i.difficulty is not None]
        hardest = min(auto, key=lambda i: i.difficulty, default=None)
        hard = (_("{question} (the class earned {share})").format(
            question=question_label(titles[name], hardest.grade_id, short=True), share=f"{hardest.difficulty:.0%}")
            if hardest else "-")
        print(_cell(name, width, right=False) + "".join(_cell(str(counts[s]), w) for s, w in zip(statuses, widths))
              + _cell(f"{mean:.1f} / {top:g}", 14) + f"  {hard}")
    # Learners down, assignments across by their number (00, 01, ...): a row stays one line.
    print("\n" + _cell(_("learner"), 16, right=False) + _cell(_("kind"), 12, right=False)
          + "".join(_cell(_column_label(name), 16) for name in batches))
    for learner, kind in profile:
        cells = []
        for batch in batches.values():
            if learner not in batch.statuses:
                cells.append(_("missing"))
                continue
            score, top = batch.scores[learner]
            status = batch.statuses[learner]
            cells.append(f"{score:g}/{top:g}" + ("" if status == "graded" else f" {report.status_word(status)}"))
        print(_cell(learner, 16, right=False) + _cell(KIND_WORDS.get(kind, kind), 12, right=False)
              + "".join(_cell(c, 16) for c in cells))
