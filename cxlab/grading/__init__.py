"""Grading around nbgrader: making submissions, running the autograder, reading the gradebook.

The unit of work is one submission of one assignment; everything here takes a course directory and
names, never global state, so the same units can later run in worker processes or on a cluster.
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
