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


# Set on a test whose ``xdist_group`` pytest-xdist failed to honour; the test then fails at setup.
NOT_GROUPED = pytest.StashKey[bool]()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items) -> None:
    """Notice when pytest-xdist's ``--dist loadgroup`` does not group.

    Tests marked ``xdist_group`` share an expensive cache (a graded course) within one worker. When a
    pytest release breaks the grouping (pytest 9.2 did, pytest-xdist#1386) nothing fails: the suite just
    grades the same course on every worker and runs twice as long. xdist marks a grouped test by
    appending ``@group`` to its node id, after the other collection hooks.
    """
    if not (os.environ.get("PYTEST_XDIST_WORKER") and config.getoption("loadgroup", default=False)):
        return
    for item in items:
        if item.get_closest_marker("xdist_group") and "@" not in item.nodeid.rpartition("::")[2]:
            item.stash[NOT_GROUPED] = True


@pytest.fixture(autouse=True)
def _grouped_as_marked(request) -> None:
    if request.node.stash.get(NOT_GROUPED, False):
        pytest.fail("--dist loadgroup did not keep this test's xdist_group on one worker: this pytest and "
                    "pytest-xdist do not work together (see the pin in pyproject.toml)", pytrace=False)
