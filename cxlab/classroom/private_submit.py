"""The submit that learners' servers use (``ExchangeFactory.submit``, set in ``DIR/learner-config``).

Runs inside each learner's JupyterLab, as that learner; it imports nbgrader, so nothing in the kit
imports it except through that setting.
"""

from __future__ import annotations

import os

from nbgrader.exchange.default.submit import ExchangeSubmit

from cxlab.classroom.exchange import PRIVATE_DIR_MODE, PRIVATE_FILE_MODE


class PrivateSubmit(ExchangeSubmit):
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
