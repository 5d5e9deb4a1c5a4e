"""Test-wide settings. The facts about the kit's layout live in kit.py."""

import os

import pytest

from kit import skip_without_sandbox

# Notebook kernels started by the tests inherit this: charts render off-screen, never in a window.
os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture
def sandbox_here() -> None:
    """For tests that need the grading sandbox: ``pytest.mark.usefixtures("sandbox_here")``.

    Skips where bubblewrap cannot sandbox learner code; with CXLAB_REQUIRE_SANDBOX=1 (CI) it fails.
    """
    skip_without_sandbox()
