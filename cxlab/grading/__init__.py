"""Grading around nbgrader: batch autograding, feedback and class reports. What lives where:

The course and its gradebook
    ``course``       the one home: finding and checking the course and an assignment, nbgrader's
                     configuration and ``CourseDirectory``, the gradebook's address and its one
                     reader (:func:`~cxlab.grading.course.read_grades`), hand-ins, masters
    ``gradebook``    stock nbgrader as a subprocess (``autograde``, ``export``) and its scores
    ``submissions``  hand-ins made from the course's notebooks: solved, blank, variants, hostile

Grading a class (``cxlab grade``)
    ``cohort``       the batch: what to grade, one serial gradebook writer, ``grades.csv``, timings
    ``workers``      the reusable worker processes and the progress line
    ``preload``      what every worker has imported before its first hand-in (the fork server's)
    ``distributed``  ``cxlab grade --scheduler``: the same tasks on a Dask cluster, hand-ins as bytes
    ``state``        the append-only log that makes a batch resumable
    ``runner``       one hand-in in, one result out: nbgrader's sanitize, execute, check steps
    ``preprocessors`` the kit's nbgrader extensions as configurable classes: the grading kernel
                     manager and executor, and the feedback steps (hidden tests removed, questions
                     named, written answers pending)
    ``failures``     a question's hidden tests report every failing message, not only the first
    ``sandbox`` ``kernel`` ``guard``  where learner code runs: bubblewrap, limits, the in-kernel guard
    ``flags``        cells a hand-in deleted or edited that nbgrader restored, for ``grades.csv``
    ``formgrader``   the formgrader's Autograde button, routed through ``cxlab grade``

Hand-ins and learners from elsewhere
    ``intake``       ``cxlab collect-zip``: a zip downloaded from Canvas or Moodle, via nbgrader's zip_collect
    ``roster``       ``cxlab roster``: names, emails and LMS ids in the gradebook, for formgrader and exports

For learners and trainers
    ``feedback``     ``cxlab feedback``: pages from ``templates/cxlab_feedback``
    ``formulas``     feedback pages' formulas as MathML (latex2mathml): drawn by the browser, no script
    ``report``       ``cxlab report``: the class report and item analysis
    ``course_report`` ``cxlab report --all``: the whole course, concept mastery, learners at risk
    ``export``       ``cxlab export``: gradebooks for Canvas, Moodle or a plain CSV
    ``timing``       working time measured from the cell-run times JupyterLab records in hand-ins

The unit of work is one submission of one assignment; everything here takes a course directory and
names, never global state, so the same units run in local worker processes or on a Dask cluster.
Modules that import nbgrader do so inside functions, or are themselves imported only when needed
(``preprocessors``), so ``import cxlab`` stays light.
"""

import sys


def skip_slow_optional_imports() -> None:
    """Start grading processes about two seconds sooner.

    nbformat and nbgrader import jsonschema, which imports ``rfc3987_syntax`` when it is installed
    (jupyter_events pulls it in) only to check the "iri" string format, which no notebook or
    gradebook schema uses; importing it compiles a grammar for about two seconds, in the batch's
    process and again in every worker. A ``None`` entry in ``sys.modules`` makes that optional
    import fail at once, and jsonschema goes on without the check. Call before jsonschema loads.
    """
    sys.modules.setdefault("rfc3987_syntax", None)
