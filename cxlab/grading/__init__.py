"""Grading around nbgrader: making submissions, running the autograder, reading the gradebook.

The unit of work is one submission of one assignment; everything here takes a course directory and
names, never global state, so the same units can later run in worker processes or on a cluster.
"""
