"""Tests of the class server (cxlab classroom).

A package, so its conftest.py is imported as classroom.conftest: as a second top-level module named
"conftest" it clashed with tests/conftest.py when --doctest-modules collected both.
"""
