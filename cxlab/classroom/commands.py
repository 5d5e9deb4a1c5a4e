"""The ``cxlab classroom`` sub-commands: up, release, collect, return."""

from __future__ import annotations

import argparse
from pathlib import Path

from cxlab.grading.course import speaking_course_language
from cxlab.lang import _


def command_up(args: argparse.Namespace) -> int:
    from cxlab.build import kit
    from cxlab.classroom import up

    return up.up(Path(args.roster), Path(args.state), kit(args.root).root, port=args.port, ip=args.ip, lang=args.lang)


def command_release(args: argparse.Namespace) -> int:
    from cxlab.classroom import exchange, state

    state_dir = state.StateDir(_state(args))
    destination = exchange.release(state_dir, args.assignment)
    with speaking_course_language(state_dir.course):  # the class's language
        print(_("Released {assignment} to {destination}; learners fetch it from the Assignments tab.").format(
            assignment=args.assignment, destination=destination))
    return 0


def command_collect(args: argparse.Namespace) -> int:
    from cxlab.classroom import exchange, state

    state_dir = state.StateDir(_state(args))
    report = exchange.collect(state_dir, args.assignment)
    with speaking_course_language(state_dir.course):  # the class's language
        print(report.summary())
        print(_("Grade them with `cxlab grade {assignment} --course-dir {course}`.").format(
            assignment=args.assignment, course=state_dir.course))
    return 0


def command_return(args: argparse.Namespace) -> int:
    from cxlab.classroom import exchange, state

    state_dir = state.StateDir(_state(args))
    returned = exchange.return_feedback(state_dir, args.assignment)
    with speaking_course_language(state_dir.course):  # the class's language
        print(_("Returned feedback on {assignment} to {count} learner(s): {learners}; each fetches it from the "
                "Assignments tab.").format(assignment=args.assignment, count=len(returned),
                                           learners=_(", ").join(returned) or _("none")))
    return 0


def _state(args: argparse.Namespace) -> Path:
    from cxlab.errors import CxlabError

    folder = Path(args.state).resolve()
    if not folder.is_dir():
        raise CxlabError(f"{args.state}: no such state folder; start the class with `cxlab classroom up` first")
    return folder


def add_to(commands) -> None:
    """Add ``cxlab classroom ...`` to the ``cxlab`` command (``commands``: cli's sub-command maker)."""
    classroom = commands.add_parser(
        "classroom", help="a class on one server: JupyterHub with nbgrader's exchange (Linux, as root)",
        description="Run a class on this server: accounts for the roster, JupyterHub, and nbgrader's exchange "
                    "with submissions checked at collection and feedback private to each learner.")
    actions = classroom.add_subparsers(dest="action", metavar="ACTION", required=True)
    up = actions.add_parser("up", help="create the roster's accounts and run JupyterHub in the foreground")
    up.add_argument("--roster", required=True, metavar="FILE", help="CSV with the columns username,role[,name]; "
                    "role learner or trainer (first_name,last_name,email,lms_id may ride along for cxlab roster import)")
    _state_option(up)
    up.add_argument("--port", type=int, default=8000, help="port of the login page (default: 8000)")
    up.add_argument("--ip", default="127.0.0.1", help="address to listen on (default: 127.0.0.1; 0.0.0.0 for a room)")
    up.add_argument("--lang", choices=["en", "zh-CN"], default="en", help="the course's language (default: en)")
    up.set_defaults(run=command_up)
    for name, run, text in (("release", command_release, "release an assignment to the class"),
                            ("collect", command_collect, "collect submissions into DIR/course/submitted/, "
                                                         "refusing any not made by the learner they name"),
                            ("return", command_return, "return feedback, each learner's readable by them only")):
        action = actions.add_parser(name, help=text)
        action.add_argument("assignment", help="the assignment, a folder of DIR/course/source/")
        _state_option(action)
        action.set_defaults(run=run)


def _state_option(command: argparse.ArgumentParser) -> None:
    command.add_argument("--state", required=True, metavar="DIR",
                         help="the class's state folder (accounts' passwords, admin token, course, exchange)")
