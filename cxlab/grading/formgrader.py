"""The formgrader's Autograde button, graded by ``cxlab grade`` (sandboxed) instead of stock nbgrader.

The button posts to ``/formgrader/api/submission/<assignment>/<learner>/autograde``, whose handler
calls ``NbGraderAPI.autograde(assignment, learner)`` and shows the ``success``/``log``/``error`` it
returns. nbgrader 0.9.6 makes the API object itself (no setting names its class), but it reads the
course's ``nbgrader_config.py`` before every call, so that file calls :func:`route_autograde_button`,
which points ``NbGraderAPI.autograde`` here. Nothing of nbgrader's pages or scripts changes.

``cxlab grade ASSIGNMENT --student LEARNER --force`` then runs in its own process, with the learner's
code in the sandbox and the grading kernel's guard, and the dialog shows its summary; a hand-in that
could not be graded cleanly (damaged, too slow, a crashed kernel) shows the one-line reason that
``grades.csv`` gives, never a traceback.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def route_autograde_button() -> None:
    """Send the formgrader's Autograde button to :func:`autograde`. Called from nbgrader_config.py.

    Only where nbgrader's API is already loaded (the Jupyter server running the formgrader, any
    ``nbgrader`` command): a process that merely reads the configuration, such as a grading worker,
    imports nothing more.
    """
    api = sys.modules.get("nbgrader.apps.api")
    if api is not None and api.NbGraderAPI.autograde is not autograde:
        api.NbGraderAPI.autograde = autograde


def autograde(self, assignment_id: str, student_id: str, force: bool = True, create: bool = True) -> dict:
    """``NbGraderAPI.autograde``'s contract (``success``, ``log``, ``error``), done by ``cxlab grade``.

    ``force`` and ``create`` are accepted for the API's signature: the button always regrades, and
    ``cxlab grade`` always puts the learner in the gradebook.
    """
    course = Path(self.coursedir.root)
    command = [sys.executable, "-m", "cxlab.cli", "grade", assignment_id, "--course-dir", str(course),
               "--student", student_id, "--force", "--workers", "1"]
    done = subprocess.run(command, capture_output=True, text=True, cwd=course)
    if done.returncode != 0:
        return {"success": False, "log": _last_line(done.stderr) or f"cxlab grade exited with {done.returncode}"}
    status, reason = _outcome(course, assignment_id, student_id)
    summary = done.stdout.strip()
    if status == "graded":
        return {"success": True, "log": _wrapped(f"{summary}\n(graded by cxlab grade, learner code in the sandbox)")}
    return {"success": False, "log": _wrapped(f"{student_id}: {status}: {reason}\n\n{summary}")}


def _wrapped(text: str, width: int = 88) -> str:
    """The dialog shows the log in a <pre> that does not wrap: long lines would run off its edge."""
    import textwrap

    return "\n".join(textwrap.fill(line, width, break_long_words=False, break_on_hyphens=False) or line
                     for line in text.splitlines())


def _outcome(course: Path, assignment: str, student: str) -> tuple[str, str]:
    from cxlab.grading import state
    from cxlab.grading.course import report_dir

    record = state.GradingState(report_dir(course, assignment) / "state.jsonl").records.get(student)
    return (record.status, record.reason) if record else ("error", "cxlab grade left no record of this hand-in")


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""
