"""Real local accounts for the classroom tests (CI runs as root on Debian), always removed afterwards.

Every account a test makes has a unique name starting with ``cxt``; the fixtures remove each one
(its processes, home and group), and every folder they made, in their finalizers, so a failing
test leaves nothing behind. Where the tests cannot run (not Linux, not root) they skip with the
reason; ``CXLAB_REQUIRE_CLASSROOM=1`` turns that skip into a failure.
"""

from __future__ import annotations

import os
import secrets
import shutil
import string
import sys
import tempfile
from pathlib import Path

import pytest

REQUIRE_VARIABLE = "CXLAB_REQUIRE_CLASSROOM"


def why_not_here() -> str | None:
    if not sys.platform.startswith("linux"):
        return "a class server runs on Linux"
    if os.geteuid() != 0:
        return "they create real local accounts, so they run as root (as CI does)"
    missing = [tool for tool in ("useradd", "userdel", "chpasswd", "runuser") if shutil.which(tool) is None]
    if missing:
        return f"missing {', '.join(missing)}"
    return None


@pytest.fixture
def as_root_on_linux() -> None:
    reason = why_not_here()
    if reason:
        if os.environ.get(REQUIRE_VARIABLE, "").strip() not in ("", "0"):
            pytest.fail(f"classroom tests are required ({REQUIRE_VARIABLE}=1) but {reason}", pytrace=False)
        pytest.skip(f"classroom tests skipped: {reason}")


def unique_prefix() -> str:
    return "cxt" + "".join(secrets.choice(string.ascii_lowercase) for _ in range(5))


@pytest.fixture
def account_names(as_root_on_linux):
    """Names for accounts the test (or the code it tests) creates; each is removed afterwards."""
    from cxlab.classroom import accounts

    prefix = unique_prefix()
    names: list[str] = []

    def name(suffix: str) -> str:
        names.append(f"{prefix}{suffix}")
        return names[-1]

    yield name
    for username in names:
        accounts.remove(username)


@pytest.fixture
def public_folder(as_root_on_linux):
    """A folder learners' accounts can reach (pytest's tmp_path lies under a 0700 folder)."""
    folder = Path(tempfile.mkdtemp(prefix="cxlab-classroom-", dir="/tmp"))
    os.chmod(folder, 0o711)  # mkdtemp makes it 0700
    yield folder
    shutil.rmtree(folder, ignore_errors=True)
