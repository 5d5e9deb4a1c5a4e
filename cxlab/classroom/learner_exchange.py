"""The exchange classes learners' servers use (``ExchangeFactory``, set in ``DIR/learner-config``).

They run inside each learner's JupyterLab, as that learner, and import nbgrader, so nothing in the
kit imports this module except through that setting. Two changes to nbgrader's defaults:

- The exchange's root may stay root's own (0755): stock nbgrader insists that every user can
  write to it, which would let a learner create the folder of a course before the trainer does.
- A submission is the learner's alone (:class:`PrivateSubmit`).
"""

from __future__ import annotations

import os

from nbgrader.exchange.default.fetch_assignment import ExchangeFetchAssignment
from nbgrader.exchange.default.fetch_feedback import ExchangeFetchFeedback
from nbgrader.exchange.default.list import ExchangeList
from nbgrader.exchange.default.submit import ExchangeSubmit
from nbgrader.utils import check_directory

from cxlab.classroom.exchange import PRIVATE_DIR_MODE, PRIVATE_FILE_MODE


class _EnterableRoot:
    def ensure_root(self):
        if not check_directory(self.root, execute=True):
            self.fail(f"The class's exchange {self.root} is missing or closed to you; tell your trainer.")


class ClassList(_EnterableRoot, ExchangeList):
    pass


class ClassFetchAssignment(_EnterableRoot, ExchangeFetchAssignment):
    pass


class ClassFetchFeedback(_EnterableRoot, ExchangeFetchFeedback):
    pass


class PrivateSubmit(_EnterableRoot, ExchangeSubmit):
    """nbgrader's submit, but the submission is the learner's alone: folders 0700, files 0600.

    The copy runs under umask 077, so no file of it is ever readable by others; nbgrader then
    opens the folder to 0777 "so the instructor can delete it later" (root collects here), and it
    is closed again at once. Its name ends in nbgrader's random string, so nobody can find it in
    that instant: the inbound folder cannot be listed.
    """

    def set_perms(self, dest, fileperms, dirperms):
        super().set_perms(dest, fileperms=PRIVATE_FILE_MODE, dirperms=PRIVATE_DIR_MODE)

    def copy_files(self):
        previous = os.umask(0o077)
        try:
            super().copy_files()
        finally:
            os.umask(previous)
            submission = os.path.join(self.inbound_path, self.assignment_filename)
            if os.path.isdir(submission):
                os.chmod(submission, PRIVATE_DIR_MODE)
