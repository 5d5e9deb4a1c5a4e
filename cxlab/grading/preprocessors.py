"""The kit's grading extensions, written as nbgrader writes its own: small configurable classes.

Each can be named in ``nbgrader_config.py`` (``c.GradingExecute.output_budget_mb = 20``) and tested
alone on a small notebook. This module imports nbgrader and jupyter_client, so the rest of the kit
imports it only when it grades or renders feedback.

While grading (:mod:`cxlab.grading.runner`):

- :class:`GradingKernelManager` starts the kernel through :mod:`cxlab.grading.kernel` (limits, guard)
  inside the sandbox when there is one, with a clean environment that says ``CXLAB_GRADING=1`` (and
  ``CXLAB_LANG`` for a course in another language: ``c.GradingKernelManager.language``);
- :class:`GradingExecute` is nbgrader's ``Execute`` with an output budget.

While rendering feedback (:mod:`cxlab.grading.feedback`):

- :class:`HideHiddenTests` removes hidden test code from test cells and from all output;
- :class:`FailedTestsShowErrorsOnly` keeps only the error of a failed test cell, so "the form is
  right" from the visible check never stands beside the hidden test's message;
- :class:`GetGradesAndPending` is nbgrader's ``GetGrades`` that also marks written answers the
  trainer has not marked yet and totals the autograded points apart;
- :class:`LabelQuestions` names every graded cell after its question ("Question 3").
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from nbgrader import utils
from nbgrader.preprocessors import ClearHiddenTests, Execute, GetGrades, NbGraderPreprocessor
from traitlets import Any, Bool, Integer, Unicode

from cxlab.lang import ENGLISH, LANGUAGE_VARIABLE, N_, gettext

#: Set in every grading kernel: features that help a learner practise (friendly errors, value
#: checks) switch themselves off, so that nothing but the hidden tests decides a score.
GRADING_VARIABLE = "CXLAB_GRADING"


# --------------------------------------------------------------------------- grading


class GradingKernelManager(AsyncKernelManager):
    """A python3 kernel started by :mod:`cxlab.grading.kernel`, inside bubblewrap when available."""

    scratch = Unicode(help="The kernel's working folder and home: the hand-in's files, nothing else.")
    data_dir = Unicode(help="The datasets folder, mounted read-only in the sandbox.")
    bwrap = Unicode(None, allow_none=True, help="Path of bwrap; None runs the kernel without a sandbox.")
    memory_mb = Integer(2048, help="Address-space limit of the kernel in MB (0: none).").tag(config=True)
    file_mb = Integer(64, help="Largest file the kernel may write, in MB (0: none).").tag(config=True)
    guard = Bool(True, help="Install the in-kernel guard (off only to prove in tests what it stops).")
    plotting = Bool(True, help="The assignment draws: the guard preloads and protects matplotlib too.")
    datasets = Unicode("", help="The datasets the master loads, comma-separated: the guard reads them once, first.")
    log_file = Any(None, help="Open binary file for the kernel's own stdout and stderr.")
    language = Unicode("en", help="What cxlab says to the course's learners: en or zh-CN (CXLAB_LANG).").tag(config=True)
    zygote = Any(None, help="A cxlab.grading.zygote.Zygote to fork the kernel from, in its sandbox; None: a fresh one.")

    def kernel_environment(self) -> dict[str, str]:
        """A clean environment: nothing of the grader's (tokens, paths) leaks into learner code."""
        import os

        scratch = Path(self.scratch)
        env = {
            "PATH": os.pathsep.join([str(Path(sys.executable).parent), "/usr/local/bin", "/usr/bin", "/bin"]),
            "HOME": str(scratch),
            "LANG": os.environ.get("LANG", "C.UTF-8"),
            "MPLCONFIGDIR": str(scratch / ".mpl"),
            "IPYTHONDIR": str(scratch / ".ipython"),
            "JUPYTER_CONFIG_DIR": str(scratch / ".jupyter"),
            "JUPYTER_DATA_DIR": str(scratch / ".local"),
            "JUPYTER_RUNTIME_DIR": str(scratch / ".local"),
            "CXLAB_DATA_DIR": self.data_dir,
            GRADING_VARIABLE: "1",
            "NBGRADER_EXECUTION": "autograde",
            "PYTHONDONTWRITEBYTECODE": "1",
            # One thread per numeric library: grading runs several kernels side by side, and each
            # thread's reserved memory counts against the address-space cap.
            "OPENBLAS_NUM_THREADS": "1",
            "OMP_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1",
            "MALLOC_ARENA_MAX": "2",
        }
        # The kernel imports the very cxlab this grader runs, even one chosen by PYTHONPATH over the
        # installed one. In the sandbox that folder holds only the cxlab package (see sandbox.py).
        import cxlab

        env["PYTHONPATH"] = str(Path(cxlab.__file__).resolve().parent.parent)
        for key in ("MPLBACKEND", "TZ", "LC_ALL"):
            if key in os.environ:
                env[key] = os.environ[key]
        if self.language != ENGLISH:
            env[LANGUAGE_VARIABLE] = self.language
        return env

    def use_scratch(self) -> None:
        """Talk to the kernel over Unix sockets in the scratch folder: the only way out of a sandbox."""
        self.transport, self.ip = "ipc", str(Path(self.scratch) / ".kernel")
        self.connection_file = str(Path(self.scratch) / ".kernel.json")
        if self.kernel_spec is not None:
            # A signal to bwrap would not reach a kernel in its own session; ipykernel interrupts
            # itself when asked on the control channel.
            self.kernel_spec.interrupt_mode = "message"

    def format_kernel_cmd(self, extra_arguments=None):
        command = [sys.executable, "-m", "cxlab.grading.kernel", f"--memory-mb={self.memory_mb}",
                   f"--file-mb={self.file_mb}", *([] if self.guard else ["--no-guard"]),
                   *([] if self.plotting else ["--no-plotting"]),
                   *([f"--datasets={self.datasets}"] if self.datasets else []),
                   "-f", self.connection_file, *(extra_arguments or [])]
        if self.bwrap is None:
            return [command[0], *command[1:3], "--die-with-parent", *command[3:]]
        from cxlab.grading.sandbox import Sandbox, bwrap_command

        return bwrap_command(Sandbox(self.bwrap), Path(self.scratch), Path(self.data_dir),
                             self.kernel_environment(), command)

    # jupyter_client offers no public hook for the launch's environment, folder and output files;
    # these two are the methods its own start_kernel calls for them.
    async def _async_pre_start_kernel(self, **kw):
        kw.setdefault("env", self.kernel_environment())
        kw["cwd"] = self.scratch
        return await super()._async_pre_start_kernel(**kw)

    async def _async_launch_kernel(self, kernel_cmd, **kw):
        from subprocess import DEVNULL

        if self.zygote is not None:
            return self._fork_kernel()

        if self.log_file is not None:
            kw.update(stdout=self.log_file, stderr=self.log_file)
        kw.update(stdin=DEVNULL)
        return await super()._async_launch_kernel(kernel_cmd, **kw)

    def _fork_kernel(self) -> None:
        """The kernel forked from the warm zygote, held by the provisioner as its process would be."""
        child = self.zygote.start_kernel(["-f", self.connection_file], self.memory_mb, self.file_mb, self.guard,
                                         self.plotting, tuple(filter(None, self.datasets.split(","))))
        provisioner = self.provisioner
        provisioner.process, provisioner.pid, provisioner.pgid = child, child.pid, None
        self._reconcile_connection_info(provisioner.connection_info)


class GradingExecute(Execute):
    """nbgrader's Execute with an output budget: past it, stop listening and call ``on_flood``."""

    output_budget_mb = Integer(
        10, help="Output a notebook may send (text, data, tracebacks) before its kernel is stopped, in MB."
    ).tag(config=True)
    on_flood = Any(None, help="Called once when the budget is spent; the grader kills the kernel there.")

    received = Integer(0, help="Output received so far, in characters.")
    flooded = Bool(False, help="True once the budget was spent.")

    def output(self, outs, msg, display_id, cell_index):
        content = msg.get("content", {})
        self.received += sum(len(str(v)) for v in content.get("data", {}).values()) + len(
            str(content.get("text", ""))) + sum(len(str(line)) for line in content.get("traceback", []))
        if self.received > self.output_budget_mb * 1024 * 1024:
            if not self.flooded:
                self.flooded = True
                if self.on_flood is not None:
                    self.on_flood()
            return None
        return super().output(outs, msg, display_id, cell_index)


# --------------------------------------------------------------------------- feedback


def is_test_cell(cell) -> bool:
    """A cell of autograder tests: graded, not the learner's answer."""
    return cell.cell_type == "code" and bool(utils.is_grade(cell)) and not utils.is_solution(cell)


def _normalise(line: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\x1b\[[0-9;]*m", "", line)).strip()


class HideHiddenTests(NbGraderPreprocessor):
    """Strip hidden tests from test cells and from everything a hand-in printed.

    Stock feedback renders the autograded notebook, hidden tests and all (nbgrader issues #917,
    #1156). This removes the hidden regions (what the release shows), reduces a test cell's error to
    its message (a traceback quotes the failing line and its neighbours: hidden code), and replaces
    any output line that quotes hidden test code, in case a hand-in printed its own history.
    """

    min_line = Integer(
        12, help="Hidden lines shorter than this ('else:', 'pass') are not searched for in output: they would "
                 "censor ordinary text and reveal nothing."
    ).tag(config=True)
    removed_text = Unicode(
        "[hidden test code removed]", help="What replaces an output line that quotes hidden test code."
    ).tag(config=True)

    def preprocess(self, nb, resources):
        clearer = ClearHiddenTests(parent=self.parent, config=self.config, enforce_metadata=False)
        self.hidden = self.hidden_lines(nb, clearer.begin_test_delimeter, clearer.end_test_delimeter)
        for index, cell in enumerate(nb.cells):
            clearer.preprocess_cell(cell, resources, index)
            if cell.cell_type == "code":
                test = is_test_cell(cell)
                cell.outputs = [self._clean(output, test) for output in cell.outputs]
        return nb, resources

    def hidden_lines(self, nb, begin: str, end: str) -> set[str]:
        """Every line of hidden test code in the notebook, normalised, long enough to be distinctive."""
        hidden = set()
        for cell in nb.cells:
            inside = False
            for line in cell.source.split("\n"):
                if begin in line:
                    inside = True
                elif end in line:
                    inside = False
                elif inside and len(_normalise(line)) >= self.min_line:
                    hidden.add(_normalise(line))
        return hidden

    def _clean(self, output, test_cell: bool):
        if output.output_type == "error":
            if test_cell:
                message = f"{output.ename}: {output.evalue}" if output.evalue else output.ename
                output.traceback = [self.scrub(message)]
            else:
                output.traceback = [self.scrub(line) for line in output.traceback]
            output.evalue = self.scrub(output.evalue)
        elif output.output_type == "stream":
            output.text = self.scrub(output.text)
        elif "data" in output:
            for kind, value in list(output.data.items()):
                if kind.startswith("text/") or kind == "application/json":
                    output.data[kind] = self.scrub(value if isinstance(value, str) else str(value))
        return output

    def scrub(self, text: str) -> str:
        if not self.hidden or not text:
            return text
        return "\n".join(self.removed_text if _normalise(line) and any(h in _normalise(line) for h in self.hidden)
                         else line for line in text.split("\n"))


class FailedTestsShowErrorsOnly(NbGraderPreprocessor):
    """A failed test cell shows its error and nothing it printed before failing.

    The visible check prints "the form is right" before the hidden tests run; beside a hidden
    test's error, that line would contradict it.
    """

    def preprocess_cell(self, cell, resources, index):
        if is_test_cell(cell) and any(o.output_type == "error" for o in cell.outputs):
            cell.outputs = [o for o in cell.outputs if o.output_type == "error"]
        return cell, resources


class GetGradesAndPending(GetGrades):
    """nbgrader's GetGrades, plus which written answers await the trainer and the autograded total.

    Sets ``metadata.nbgrader.pending`` on each grade cell that nobody has scored yet (a written
    answer before the trainer marks it: nbgrader counts it as 0) and, in ``resources["cxlab"]``,
    ``auto_score``, ``auto_max``, ``pending`` (how many answers) and ``pending_points``.
    """

    def preprocess(self, nb, resources):
        nb, resources = super().preprocess(nb, resources)
        graded = [cell for cell in nb.cells if utils.is_grade(cell)]
        auto = [cell.metadata.nbgrader for cell in graded if cell.cell_type == "code"]
        pending = [cell.metadata.nbgrader for cell in graded if cell.metadata.nbgrader.get("pending")]
        resources["cxlab"] = {
            **resources.get("cxlab", {}),
            "auto_score": sum(float(meta.get("score") or 0) for meta in auto),
            "auto_max": sum(float(meta.get("points") or 0) for meta in auto),
            "pending": len(pending),
            "pending_points": sum(float(meta.get("points") or 0) for meta in pending),
        }
        return nb, resources

    def preprocess_cell(self, cell, resources, index):
        cell, resources = super().preprocess_cell(cell, resources, index)
        if utils.is_grade(cell):
            grade = self.gradebook.find_grade(cell.metadata.nbgrader["grade_id"], self.notebook_id,
                                              self.assignment_id, self.student_id)
            cell.metadata.nbgrader["pending"] = grade.manual_score is None and grade.auto_score is None
        return cell, resources


QUESTION_ID = re.compile(r"^q(\d+)(?:[-_].*)?$", re.IGNORECASE)
QUESTION_HEADING = re.compile(r"^#+\s*(Question\s+\d+)\b", re.IGNORECASE | re.MULTILINE)


class LabelQuestions(NbGraderPreprocessor):
    """Give every graded cell the name a learner knows it by: ``metadata.nbgrader.label``.

    "Question 3" from a grade id ``q3-tests`` or ``q3-answer``; otherwise from the nearest heading
    above that starts with "Question N"; otherwise the grade id itself.
    """

    language = Unicode("en", help="The language of the labels: en or zh-CN.").tag(config=True)

    def preprocess(self, nb, resources):
        heading = None
        for cell in nb.cells:
            if cell.cell_type == "markdown" and not utils.is_grade(cell):
                found = QUESTION_HEADING.search(cell.source)
                heading = found.group(1).title() if found else heading
            if utils.is_grade(cell) or utils.is_solution(cell):
                label = self.label(cell.metadata.nbgrader.get("grade_id", ""), heading, self.language)
                cell.metadata.nbgrader["label"] = label
        return nb, resources

    @staticmethod
    def label(grade_id: str, heading: str | None, language: str = ENGLISH) -> str:
        found = QUESTION_ID.match(grade_id or "")
        if found:
            return gettext(N_("Question {number}"), language).format(number=int(found.group(1)))
        return heading or grade_id


class FeedbackPage(NbGraderPreprocessor):
    """What the feedback template needs beyond the grades: why grading stopped.

    Sets ``resources["cxlab"]["problem"]``: empty when the hand-in was graded cleanly.
    """

    problem = Unicode("", help="Why this hand-in was not graded cleanly (a timeout, a crash), or empty.").tag(config=True)

    def preprocess(self, nb, resources):
        resources["cxlab"] = {**resources.get("cxlab", {}), "problem": self.problem}
        return nb, resources
