"""The ``cxlab`` command: build the course, run the demo, regenerate the data, start JupyterLab.

Every user error (a wrong assignment name, a missing folder, a damaged file) ends in one line on
stderr and exit code 2; a traceback means a bug in CX Lab, never a mistake of the user's.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cxlab.errors import CxlabError


def _kit_paths(root: str | None):
    from cxlab.build import REPO_ROOT, KitPaths

    path = Path(root).resolve() if root else REPO_ROOT
    if not path.is_dir():
        raise CxlabError(f"{root}: no such directory")
    return KitPaths(path)


def command_build(args: argparse.Namespace) -> int:
    from cxlab import build

    paths = _kit_paths(args.root)
    if args.check:
        problems = build.stale_learner_editions(paths)
        for line in problems:
            print(line, file=sys.stderr)
        if problems:
            print(f"{len(problems)} learner edition(s) out of date; run `cxlab build`.", file=sys.stderr)
            return 1
        print(f"All {len(build.lecture_pairs(paths))} learner editions are in sync with their masters.")
        return 0
    report = build.build(paths, args.assignment, progress=lambda name: print(f"releasing {name} ..."))
    print(f"Released {len(report.released)} assignment(s) into {paths.course / 'release'}.")
    if report.rewritten:
        print("Regenerated learner editions: " + ", ".join(str(p.relative_to(paths.root)) for p in report.rewritten))
    else:
        print("Learner editions were already in sync.")
    return 0


def command_demo(args: argparse.Namespace) -> int:
    from cxlab import demo

    demo.run(Path(args.out), root=_kit_paths(args.root))
    return 0


def command_data(args: argparse.Namespace) -> int:
    from cxlab import simulate

    out = Path(args.out)
    written = simulate.write(out, seed=args.seed, scale=args.scale)
    for path in written:
        print(f"wrote {path}")
    return 0


def command_lab(args: argparse.Namespace) -> int:
    from cxlab import lab

    return lab.start(_kit_paths(args.root).root, port=args.port, open_browser=not args.no_browser)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="cxlab",
        description="CX Lab: build the course, grade a demo class, regenerate the Harbor Bank data.",
    )
    top.add_argument("--root", help="the kit's folder (default: this checkout)")
    commands = top.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser(
        "build",
        help="release every graded assignment and regenerate the learner editions",
        description="Run nbgrader generate_assignment for every assignment in course/source/ and "
        "regenerate notebooks/ from solutions/.",
    )
    build.add_argument("assignment", nargs="*", help="only these assignments (default: all)")
    build.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 naming every learner edition that is out of date"
    )
    build.set_defaults(run=command_build)

    demo = commands.add_parser(
        "demo",
        help="build the course in a fresh folder, grade a model and a blank learner, export grades",
    )
    demo.add_argument("--out", default="demo-output", help="the demo's working folder (default: ./demo-output)")
    demo.set_defaults(run=command_demo)

    data = commands.add_parser("data", help="regenerate the Harbor Bank datasets from their seeded generator")
    data.add_argument("--out", default="datasets", help="folder for the CSV files (default: ./datasets)")
    data.add_argument("--seed", type=int, default=2026, help="random seed (default: 2026, the committed data)")
    data.add_argument("--scale", type=float, default=1.0, help="multiply the number of rows (benchmarks)")
    data.set_defaults(run=command_data)

    lab = commands.add_parser("lab", help="start JupyterLab in the kit's folder with classroom settings")
    lab.add_argument("--port", type=int, default=8888, help="port to listen on (default: 8888)")
    lab.add_argument("--no-browser", action="store_true", help="do not open a browser window")
    lab.set_defaults(run=command_lab)
    return top


def main(argv: list[str] | None = None) -> int:
    arguments = parser().parse_args(argv)
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
