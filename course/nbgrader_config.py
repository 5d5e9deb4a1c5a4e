"""nbgrader configuration for the CX Lab course.

The course root is the directory nbgrader is started from (the `cxlab` command always starts it
here, or in a copy of this directory). Every setting below answers a failure that learners really
cause; the defaults of nbgrader are kept everywhere else.
"""

c = get_config()  # noqa: F821 - injected by traitlets when this file is loaded

c.CourseDirectory.course_id = "cxlab"

# A learner's endless loop or forgotten input() must not hang the grading of a whole class: each
# cell gets an explicit limit, after which nbgrader records a CellTimeoutError for that cell and
# goes on with the next one.
c.Execute.timeout = 60
c.Execute.interrupt_on_timeout = True
c.ExecutePreprocessor.timeout = 60  # used by `nbgrader validate` and the Validate button

# Learners delete or duplicate cells by accident. Grade and test cells are restored from the
# master held in the gradebook, so a missing cell costs the points of that question only.
c.OverwriteCells.add_missing_cells = True

# A printed DataFrame of 100,000 rows should not make the graded notebook unreadable.
c.LimitOutput.max_lines = 200
c.LimitOutput.max_traceback = 60

# The text learners see in place of a removed solution: plain words, no programmer jargon.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Files nbgrader should never copy into releases or submissions.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback"]

# Practice checks tell a learner whether a value is right (cxlab.practice). For an exam, list the
# assignment here: its release then checks only the form of each answer (see the trainer guide,
# "Practice or exam"). Scores never depend on this: the hidden tests grade in both modes.
from nbgrader.converters.generate_assignment import GenerateAssignment  # noqa: E402
from cxlab.exam import HideValueChecks  # noqa: E402

c.GenerateAssignment.preprocessors = [HideValueChecks, *GenerateAssignment.class_traits()["preprocessors"].default()]
c.HideValueChecks.exam_assignments = []

# The formgrader's Autograde button runs `cxlab grade` for that learner (learner code in the sandbox,
# a damaged hand-in reported in one line) instead of stock `nbgrader autograde`, which would run the
# learner's code unsandboxed in the server. See cxlab/grading/formgrader.py.
from cxlab.grading.formgrader import route_autograde_button  # noqa: E402

route_autograde_button()
