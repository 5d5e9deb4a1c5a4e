"""CXLAB_REQUIRE_SANDBOX: where the grading sandbox cannot run, its tests skip, unless CI requires them."""

from __future__ import annotations

import pytest

import kit
from cxlab.grading import sandbox

MISSING = sandbox.Sandbox(None, "bubblewrap is not installed; on Debian or Ubuntu: apt-get install bubblewrap")


@pytest.fixture
def no_bubblewrap(monkeypatch):
    monkeypatch.setattr(sandbox, "detect", lambda: MISSING)


def test_without_the_switch_a_missing_sandbox_skips(no_bubblewrap, monkeypatch):
    monkeypatch.delenv(kit.REQUIRE_SANDBOX, raising=False)
    with pytest.raises(pytest.skip.Exception, match="no sandbox: bubblewrap is not installed"):
        kit.skip_without_sandbox()


@pytest.mark.parametrize("value", ["1", "yes", "true"])
def test_with_the_switch_a_missing_sandbox_fails_and_says_why(no_bubblewrap, monkeypatch, value):
    monkeypatch.setenv(kit.REQUIRE_SANDBOX, value)
    with pytest.raises(pytest.fail.Exception, match=r"sandbox is required \(CXLAB_REQUIRE_SANDBOX=1\) but bubblewrap is not installed"):
        kit.skip_without_sandbox()


@pytest.mark.parametrize("value", ["", "0", "no", "false"])
def test_the_switch_set_to_off_still_skips(no_bubblewrap, monkeypatch, value):
    monkeypatch.setenv(kit.REQUIRE_SANDBOX, value)
    with pytest.raises(pytest.skip.Exception):
        kit.skip_without_sandbox()


def test_a_working_sandbox_neither_skips_nor_fails(monkeypatch):
    monkeypatch.setenv(kit.REQUIRE_SANDBOX, "1")
    monkeypatch.setattr(sandbox, "detect", lambda: sandbox.Sandbox("/usr/bin/bwrap"))
    assert kit.skip_without_sandbox() is None


def test_ci_requires_the_sandbox_and_the_browser():
    script = (kit.ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "export CXLAB_REQUIRE_SANDBOX=1" in script and "export CXLAB_REQUIRE_E2E=1" in script
    assert script.index("export CXLAB_REQUIRE_SANDBOX=1") < script.index("make test")


def test_the_fixture_sandbox_tests_use_fails_under_the_switch(no_bubblewrap, monkeypatch, request):
    # tests/grading marks its sandbox tests with pytest.mark.usefixtures("sandbox_here").
    monkeypatch.setenv(kit.REQUIRE_SANDBOX, "1")
    with pytest.raises(pytest.fail.Exception, match="sandbox is required"):
        request.getfixturevalue("sandbox_here")
