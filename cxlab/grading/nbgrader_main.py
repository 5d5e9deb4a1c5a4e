"""``python -m cxlab.grading.nbgrader_main ARGS`` is ``nbgrader ARGS``, started sooner and checking faster.

The same nbgrader application, called the way ``python -m nbgrader`` calls it, after
:func:`cxlab.grading.skip_slow_optional_imports` (about two seconds of start-up) and
:func:`cxlab.grading.runner.check_schema_once` (nbgrader checks every graded cell against its
metadata schema, and checked the schema itself each time: about 0.4 s per notebook autograded; the
cells are checked exactly as before). The kit runs nbgrader as a separate process for every release,
validation and stock autograde (the tests do so hundreds of times).
"""

from cxlab.grading import skip_slow_optional_imports

if __name__ == "__main__":
    skip_slow_optional_imports()
    from cxlab.grading.runner import check_schema_once
    from nbgrader.apps.nbgraderapp import main

    check_schema_once()
    main()
