"""The ``cxlab`` command: build the course, grade a class, report on it, run the demo, start JupyterLab.

Every user error (a wrong assignment name, a missing folder, a damaged file) ends in one line on
stderr and exit code 2; a traceback means a bug in CX Lab, never a mistake of the user's.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cxlab.errors import CxlabError


def _kit_paths(root: str | None):
    """The kit a command works on: ``--root DIR``, or found from the current folder upward."""
    from cxlab import build

    return build.kit(root)


def command_build(args: argparse.Namespace) -> int:
    from cxlab import build, i18n

    paths = _kit_paths(args.root)
    if args.check:
        return _check_build(paths)
    report = build.build(paths, args.assignment, progress=lambda name: print(f"releasing {name} ..."))
    print(f"Released {len(report.released)} assignment(s) into {paths.course / 'release'}.")
    print(f"Released {len(report.chinese_released)} Chinese assignment(s) into "
          f"{i18n.chinese_course(paths.root) / 'release'}.")
    for kind, rewritten in (("learner editions", report.rewritten), ("Chinese editions", report.chinese_rewritten)):
        if rewritten:
            print(f"Regenerated {kind}: " + ", ".join(str(p.relative_to(paths.root)) for p in rewritten))
        else:
            print(f"{kind[0].upper()}{kind[1:]} were already in sync.")
    return 0


def _check_build(paths) -> int:
    """``cxlab build --check``: learner editions, then the Chinese edition (editions and catalogs)."""
    from cxlab import build, i18n

    stale = build.stale_learner_editions(paths)
    chinese = i18n.problems(paths.root)
    for line in [*stale, *chinese]:
        print(line, file=sys.stderr)
    if stale:
        print(f"{len(stale)} learner edition(s) out of date; run `cxlab build`.", file=sys.stderr)
    else:
        print(f"All {len(build.lecture_pairs(paths))} learner editions are in sync with their masters.")
    if chinese:
        print(f"{len(chinese)} problem(s) in the Chinese edition: untranslated or fuzzy entries, editions out of "
              "date (run `python -m cxlab.i18n update`, translate, then `cxlab build`; see locale/README.md).",
              file=sys.stderr)
    else:
        print("The Chinese edition is complete and in sync with the English masters.")
    return 1 if stale or chinese else 0


def _course_dir(args: argparse.Namespace) -> Path:
    return Path(args.course_dir) if args.course_dir else _kit_paths(args.root).course


def command_grade(args: argparse.Namespace) -> int:
    from cxlab.grading import cohort
    from cxlab.grading.course import speaking_course_language
    from cxlab.grading.runner import Limits

    limits = Limits(timeout=args.timeout, memory_mb=args.memory_mb)
    if args.scheduler and args.workers:
        raise CxlabError("--workers does not apply with --scheduler: the cluster's Dask workers grade "
                         "(start more `dask worker`s to grade faster)")
    course = _course_dir(args)  # found before connecting: a wrong --root fails without a network wait
    with speaking_course_language(course), _grading_pool(args.scheduler) as pool:  # connected before anything is written
        report = cohort.grade(course, args.assignment, workers=args.workers, limits=limits,
                              students=args.student, force=args.force, pool=pool)
        print(report.summary())
    return 0


def _grading_pool(scheduler: str | None):
    """A Dask cluster's workers for ``--scheduler``; otherwise None: the batch starts local ones."""
    import contextlib

    if not scheduler:
        return contextlib.nullcontext()
    from cxlab.grading.distributed import DaskPool  # imports dask: only here

    return DaskPool(scheduler)


def command_feedback(args: argparse.Namespace) -> int:
    from cxlab.grading import feedback
    from cxlab.grading.course import speaking_course_language

    from cxlab.lang import _

    course = _course_dir(args)
    with speaking_course_language(course):  # its errors too
        written = feedback.generate(course, args.assignment)
        folder = written[0].parents[2] if written else course / "feedback"
        print(_("Wrote feedback for {count} hand-in(s) of {assignment} into {folder} (scores and test messages; "
                "hidden test code removed).").format(count=len(written), assignment=args.assignment, folder=folder))
        # Written answers not marked yet, hand-ins that could not be graded: the trainer must hear of it.
        warning = getattr(written, "warning", "")
        if warning:
            print(f"cxlab: {_('warning')}: {warning}", file=sys.stderr)
    return 0


def command_report(args: argparse.Namespace) -> int:
    from cxlab.grading import course_report, report
    from cxlab.grading.course import speaking_course_language

    if args.all == bool(args.assignment):
        raise CxlabError("name one ASSIGNMENT, or give --all for the whole course")
    from cxlab.lang import _

    course = _course_dir(args)
    with speaking_course_language(course):  # the pages follow the course's language anyway; its errors do too
        if args.all:
            page, table = course_report.write(course, risk_below=args.risk_below / 100)
            print(_("Course report: {page}").format(page=page) + "\n"
                  + _("Progress per learner: {table}").format(table=table))
            return 0
        page, items = report.write(course, args.assignment)
        print(_("Class report: {page}").format(page=page) + "\n" + _("Item analysis: {items}").format(items=items))
    return 0


def command_export(args: argparse.Namespace) -> int:
    from cxlab.grading import export

    found = export.export(_course_dir(args), args.format, Path(args.out))
    print(f"Wrote {args.out}: {len(found.learners)} learner(s) x {len(found.assignments)} assignment(s), "
          f"{args.format} format.")
    if args.format == "moodle":
        print("In Moodle, map each column to a grade item with these maximum points: "
              + ", ".join(f"{a} {found.max_points[a]:g}" for a in found.assignments))
    pending = found.pending()
    if pending:
        print(f"cxlab: warning: {len(pending)} hand-in(s) still need manual grading (written answers count 0 "
              f"until marked), e.g. {pending[0][0]} in {pending[0][1]}; mark them in the formgrader first.",
              file=sys.stderr)
    return 0


def command_collect_zip(args: argparse.Namespace) -> int:
    from cxlab.grading import intake

    found = intake.collect_zip(_course_dir(args), args.assignment, Path(args.zipfile), lms=args.lms, force=args.force)
    for line in found.notes:
        print(line)
    for line in found.problems:
        print(f"cxlab: left out: {line}", file=sys.stderr)
    print(found.summary())
    return 1 if found.problems else 0


def command_roster(args: argparse.Namespace) -> int:
    import csv

    from cxlab.grading import roster

    if args.action == "import":
        if not args.file:
            raise CxlabError("roster import needs the roster file: cxlab roster import FILE.csv")
        members, new = roster.import_csv(_course_dir(args), Path(args.file))
        print(f"Roster: {len(members)} learner(s) in the gradebook ({len(new)} new, "
              f"{len(members) - len(new)} updated) from {args.file}.")
        return 0
    members = roster.members(_course_dir(args))
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(roster.COLUMNS)
    for member in members:
        writer.writerow([member.id, member.first_name, member.last_name, member.email, member.lms_user_id])
    if not members:
        print("cxlab: no learners yet; `cxlab roster import FILE.csv` adds them", file=sys.stderr)
    return 0


def command_demo(args: argparse.Namespace) -> int:
    from cxlab import demo

    learners = args.learners or demo.DEFAULT_LEARNERS
    demo.run(Path(args.out), root=_kit_paths(args.root), learners=learners, seed=args.seed, workers=args.workers,
             lang=args.lang)
    return 0


def command_data(args: argparse.Namespace) -> int:
    from cxlab import simulate

    out = Path(args.out) if args.out else _kit_paths(args.root).root / "datasets"
    written = simulate.write(out, seed=args.seed, scale=args.scale)
    for path in written:
        print(f"wrote {path}")
    return 0


def command_lab(args: argparse.Namespace) -> int:
    from cxlab import lab

    return lab.start(_kit_paths(args.root).root, port=args.port, open_browser=not args.no_browser, language=args.lang)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="cxlab",
        description="CX Lab: build the course, grade a class and report on it, run the demo, regenerate the Harbor Bank data.",
    )
    top.add_argument("--root", metavar="DIR", help=ROOT_HELP)
    commands = _Commands(top.add_subparsers(dest="command", metavar="COMMAND"))

    build = commands.add_parser(
        "build",
        help="release every graded assignment and regenerate the learner and Chinese editions",
        description="Run nbgrader generate_assignment for every assignment in course/source/, regenerate "
        "notebooks/ from solutions/, write every Chinese edition (solutions/zh-CN/, notebooks/zh-CN/, "
        "course/zh-CN/, course/guide/zh-CN/, *.zh-CN.md) and release the Chinese course in course/zh-CN/.",
    )
    build.add_argument("assignment", nargs="*", help="only these assignments (default: all)")
    build.add_argument(
        "--check", action="store_true",
        help="change nothing; exit 1 naming every learner or Chinese edition that is out of date and every "
        "untranslated or fuzzy catalog entry"
    )
    build.set_defaults(run=command_build)

    grade = commands.add_parser(
        "grade",
        help="grade every hand-in of an assignment: parallel, sandboxed, resumable nbgrader autograde",
        description="Grade every COURSE/submitted/<learner>/ASSIGNMENT/ into the course's nbgrader gradebook "
        "and autograded/, as nbgrader autograde scores them, with learner code in a sandbox. Hand-ins graded "
        "before and unchanged since are skipped. Writes COURSE/reports/ASSIGNMENT/grades.csv and timings.csv.",
    )
    grade.add_argument("assignment", help="the assignment, a folder of COURSE/source/")
    _course_option(grade)
    grade.add_argument("--workers", type=_positive_int, default=None,
                       help="hand-ins graded at once (default: the number of CPUs); not with --scheduler")
    grade.add_argument("--scheduler", metavar="ADDRESS",
                       help="grade on an existing Dask cluster, e.g. tcp://10.0.0.5:8786, instead of local "
                            "processes: hand-ins travel as bytes, only this machine writes the gradebook, every "
                            "worker sandboxes learner code with bubblewrap or refuses to run it")
    grade.add_argument("--timeout", type=_positive_float, default=300.0,
                       help="wall-clock seconds a notebook may run before it is stopped (default: 300)")
    grade.add_argument("--memory-mb", type=_positive_int, default=2048,
                       help="memory a notebook's kernel may use, in MB (default: 2048)")
    grade.add_argument("--student", action="append", metavar="ID", help="only this learner (repeatable)")
    grade.add_argument("--force", action="store_true", help="grade again hand-ins already graded and unchanged")
    grade.set_defaults(run=command_grade)

    feedback = commands.add_parser(
        "feedback", help="write each learner's feedback: scores and test messages, without the hidden tests"
    )
    feedback.add_argument("assignment")
    _course_option(feedback)
    feedback.set_defaults(run=command_feedback)

    report = commands.add_parser(
        "report", help="write the class report (index.html, offline) and the item analysis (items.csv)"
    )
    report.add_argument("assignment", nargs="?", help="the assignment (or --all)")
    report.add_argument("--all", action="store_true",
                        help="the whole course: reports/index.html (progress, hardest questions, concept mastery, "
                             "learners at risk) and reports/course.csv")
    report.add_argument("--risk-below", type=float, default=50.0, metavar="PERCENT",
                        help="with --all: a learner below this share of the points on two assignments in a row "
                             "is at risk (default: 50)")
    _course_option(report)
    report.set_defaults(run=command_report)

    export = commands.add_parser(
        "export", help="write the gradebook as the CSV Canvas or Moodle imports, or every question as CSV"
    )
    export.add_argument("--format", required=True, choices=["canvas", "moodle", "csv"],
                        help="canvas: its gradebook CSV with the Points Possible row; moodle: its grade "
                             "import CSV; csv: every learner, assignment and question")
    export.add_argument("--out", required=True, metavar="FILE", help="the file to write")
    _course_option(export)
    export.set_defaults(run=command_export)

    collect_zip = commands.add_parser(
        "collect-zip",
        help="import the hand-ins an LMS gives as one zip (Canvas, Moodle) into submitted/, naming learners "
             "through the roster",
        description="nbgrader zip_collect for the zip of an assignment's hand-ins downloaded from Canvas "
        "(\"Download Submissions\") or Moodle (\"Download all submissions\"): each notebook goes to "
        "COURSE/submitted/<learner>/ASSIGNMENT/, the learner found through the roster (`cxlab roster import`). "
        "Every file left out is named with the reason and kept in COURSE/downloaded/ASSIGNMENT/left-out/; "
        "exit 1 when a file was left out.",
    )
    collect_zip.add_argument("assignment", help="the assignment, a folder of COURSE/source/")
    collect_zip.add_argument("zipfile", help="the zip downloaded from the LMS")
    collect_zip.add_argument("--lms", choices=["canvas", "moodle"], default=None,
                             help="whose download names the zip has (default: recognised from the names)")
    collect_zip.add_argument("--force", action="store_true",
                             help="replace a learner's hand-in already in submitted/ (as nbgrader's --force)")
    _course_option(collect_zip)
    collect_zip.set_defaults(run=command_collect_zip)

    roster = commands.add_parser(
        "roster", help="the class list in the gradebook: names, emails and LMS ids for the formgrader and exports",
        description="import: add or update learners from a CSV with the columns id, first_name, last_name, "
        "email, lms_id, only id required (nbgrader db student import, checked first: nothing is written from a "
        "bad file); the class server's roster (username,role[,name]) works too, trainers skipped. "
        "list: print the learners in the gradebook as the same CSV.",
    )
    roster.add_argument("action", choices=["import", "list"])
    roster.add_argument("file", nargs="?", help="with import: the roster CSV")
    _course_option(roster)
    roster.set_defaults(run=command_roster)

    demo = commands.add_parser(
        "demo",
        help="build the course in a fresh folder, grade a simulated class, write every report, export grades",
    )
    demo.add_argument("--out", default="demo-output", help="the demo's working folder (default: ./demo-output)")
    demo.add_argument("--learners", type=_positive_int, default=None,
                      help="size of the simulated class (default: 7, one learner of each kind; 40 for a full class)")
    demo.add_argument("--seed", type=int, default=2026, help="random seed of the class (default: 2026)")
    demo.add_argument("--workers", type=_positive_int, default=None,
                      help="hand-ins graded at once in each of the two assignments in flight "
                           "(default: the number of CPUs)")
    demo.add_argument("--lang", choices=["en", "zh-CN"], default="en",
                      help="zh-CN: the Chinese course, with its check messages, feedback, reports and this summary "
                           "in Chinese (default: en)")
    demo.set_defaults(run=command_demo)

    data = commands.add_parser("data", help="regenerate the Harbor Bank datasets from their seeded generator")
    data.add_argument("--out", help="folder for the CSV files (default: the kit's datasets/)")
    data.add_argument("--seed", type=int, default=2026, help="random seed (default: 2026, the committed data)")
    data.add_argument("--scale", type=float, default=1.0, help="multiply the number of rows (benchmarks)")
    data.set_defaults(run=command_data)

    lab = commands.add_parser("lab", help="start JupyterLab in the kit's folder with classroom settings")
    lab.add_argument("--port", type=int, default=8888, help="port to listen on (default: 8888)")
    lab.add_argument("--no-browser", action="store_true", help="do not open a browser window")
    lab.add_argument("--lang", choices=["en", "zh-CN"], default="en",
                     help="zh-CN: JupyterLab's menus in Chinese, on the Chinese notebooks and course (default: en)")
    lab.set_defaults(run=command_lab)

    from cxlab.classroom.commands import add_to as add_classroom

    add_classroom(commands)
    return top


ROOT_HELP = ("the kit's folder (default: the nearest folder holding course/nbgrader_config.py, "
             "from the current folder upward)")


class _Commands:
    """The subcommands, each also taking ``--root DIR`` after its name (``cxlab build --root DIR``)."""

    def __init__(self, subparsers) -> None:
        self._subparsers = subparsers
        # SUPPRESS: a subcommand without --root keeps the value given before it, if any.
        self._root = argparse.ArgumentParser(add_help=False)
        self._root.add_argument("--root", metavar="DIR", default=argparse.SUPPRESS, help=ROOT_HELP)

    def add_parser(self, name: str, **kwargs) -> argparse.ArgumentParser:
        return self._subparsers.add_parser(name, parents=[self._root], **kwargs)


def _course_option(command: argparse.ArgumentParser) -> None:
    command.add_argument("--course-dir", metavar="DIR",
                         help="the nbgrader course folder (default: course/ of the kit; no kit is needed then)")


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {text}")
    return value


def _positive_float(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be more than 0, not {text}")
    return value


def main(argv: list[str] | None = None) -> int:
    arguments = parser().parse_args(argv)
    # Every command that reads a notebook imports jsonschema (through nbformat): `build --check` too.
    from cxlab.grading import skip_slow_optional_imports

    skip_slow_optional_imports()
    if not getattr(arguments, "run", None):
        parser().print_help()
        return 2
    try:
        return arguments.run(arguments)
    except CxlabError as error:
        print(f"cxlab: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("cxlab: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
