"""Exam releases: the practice checks of an assignment listed as an exam lose their digests.

A preprocessor of ``nbgrader generate_assignment`` (the build layer; it never grades). It runs first, so
the release, the checksums and the test cells nbgrader stores in the gradebook all hold the exam version:
every ``"cx1:…"`` digest literal becomes ``None``, and :func:`cxlab.practice.check` then says only that
the form of an answer is right. Hidden tests are untouched, so scores are the same in both modes.

Imports nbgrader: load it from ``nbgrader_config.py``, not from notebooks.
"""

from __future__ import annotations

import re

from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import List, Unicode

from cxlab.practice import DIGEST_PREFIX

__all__ = ["HideValueChecks", "hide_digests"]

_DIGEST_LITERAL = re.compile(r"""(["'])""" + re.escape(DIGEST_PREFIX) + r"""[0-9a-f]+\1""")


def hide_digests(source: str) -> str:
    """Replace every practice-check digest literal in ``source`` by ``None``.

    >>> hide_digests('practice.check("bank_nps", bank_nps, "cx1:0123456789abcdef", question=2)')
    'practice.check("bank_nps", bank_nps, None, question=2)'
    """
    return _DIGEST_LITERAL.sub("None", source)


class HideValueChecks(NbGraderPreprocessor):
    """Release the assignments named in ``exam_assignments`` without practice value checks."""

    exam_assignments = List(
        Unicode(),
        default_value=[],
        help="Assignments released as exams: their visible checks test the form of an answer only, and "
        "the value is judged by the hidden tests when graded. Others tell a learner whether a value is right.",
    ).tag(config=True)

    def preprocess(self, nb, resources):
        assignment = resources.get("nbgrader", {}).get("assignment")
        if assignment in self.exam_assignments:
            for cell in nb.cells:
                if cell.cell_type == "code":
                    cell.source = hide_digests(cell.source)
        return nb, resources
