"""What every grading worker imports, imported once in the process the workers are forked from.

:class:`cxlab.grading.workers.WorkerPool` starts its workers from multiprocessing's fork server
with this module preloaded. A worker spawned afresh spent about 1.5 s of CPU importing nbgrader,
nbconvert, nbclient and SQLAlchemy before its first hand-in; a forked one starts with them loaded,
and a process that grades several batches (the demo, the tests, a notebook) pays once in all.
"""

from cxlab.grading import skip_slow_optional_imports

skip_slow_optional_imports()  # before jsonschema is imported below

import nbclient  # noqa: E402
import nbclient.exceptions  # noqa: E402,F401
import nbformat  # noqa: E402,F401
import nbgrader.api  # noqa: E402,F401
import nbgrader.converters  # noqa: E402,F401
import nbgrader.preprocessors  # noqa: E402,F401

from cxlab.grading import course, failures, flags, guard, preprocessors, runner  # noqa: E402,F401
