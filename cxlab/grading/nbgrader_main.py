"""``python -m cxlab.grading.nbgrader_main ARGS`` is ``nbgrader ARGS``, started about two seconds sooner.

The same nbgrader application, called the way ``python -m nbgrader`` calls it, after
:func:`cxlab.grading.skip_slow_optional_imports`. The kit runs nbgrader as a separate process for
every release, validation and stock autograde (the tests do so hundreds of times).
"""

from cxlab.grading import skip_slow_optional_imports

if __name__ == "__main__":
    skip_slow_optional_imports()
    from nbgrader.apps.nbgraderapp import main

    main()
