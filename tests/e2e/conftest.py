"""The kit in a real browser: a JupyterLab server on a copy of the kit, and headless Chromium.

One JupyterLab and one browser serve the whole session (the tests are grouped on one xdist
worker). The server is started the way ``cxlab lab`` starts it (:mod:`cxlab.lab`: same command,
environment and classroom settings) on a temporary copy of the kit, on 127.0.0.1 with a random
token, with its user settings, workspaces and runtime files in temporary folders, so nothing a
developer has configured for their own JupyterLab changes what is tested. The copy holds every
assignment released with ``nbgrader generate_assignment``, the first one also published with
``release_assignment`` (into a temporary exchange) for the Assignments tab, and completed hand-ins
made from the masters (``write_solved``).

Without Chromium (``/usr/bin/chromium``, or ``$CXLAB_BROWSER``) or the ``playwright`` package the
tests are skipped with a one-line reason; ``CXLAB_REQUIRE_E2E=1`` (set by ``.ci/run``) turns that
skip into a failure. Screenshots go to ``tests/e2e/screenshots/`` (git-ignored).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from kit import COURSE, ROOT, WITHOUT_GENERATED

BROWSER_VARIABLE = "CXLAB_BROWSER"
REQUIRE_VARIABLE = "CXLAB_REQUIRE_E2E"
DEFAULT_BROWSER = "/usr/bin/chromium"
# Debian's Chromium on a machine with a closed network hangs on background connections without
# these. Playwright gives every launch a fresh temporary profile (--user-data-dir) by itself.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
# The narrowest window the explorers are laid out for (issue #11): every label must be readable here.
VIEWPORT = {"width": 1280, "height": 900}
SERVER_START_S = 90
SERVER_STOP_S = 20


def browser_executable() -> Path:
    return Path(os.environ.get(BROWSER_VARIABLE) or DEFAULT_BROWSER)


def missing_requirement() -> str | None:
    """Why the browser tests cannot run here, in one line; ``None`` when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[test]')"
    path = browser_executable()
    if not path.is_file() or not os.access(path, os.X_OK):
        return f"no Chromium at {path} (`make browser` installs Debian's; or set {BROWSER_VARIABLE})"
    return None


def required() -> bool:
    return os.environ.get(REQUIRE_VARIABLE, "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="session")
def chromium_executable() -> Path:
    reason = missing_requirement()
    if reason:
        if required():
            pytest.fail(f"browser tests are required ({REQUIRE_VARIABLE}=1) but {reason}", pytrace=False)
        pytest.skip(f"browser tests skipped: {reason}")
    return browser_executable()


# --------------------------------------------------------------------------- the kit's copy


@dataclass(frozen=True)
class E2EKit:
    root: Path
    assignments: list[str]
    exchange: Path
    nbgrader_config_dir: Path

    @property
    def course(self) -> Path:
        return self.root / "course"

    def release_notebooks(self, assignment: str) -> list[Path]:
        return sorted((self.course / "release" / assignment).glob("*.ipynb"))

    def model_hand_in(self, assignment: str) -> Path:
        """Folder of the completed notebooks (answers filled from the master)."""
        return self.root / "learners" / "model" / assignment


def _nbgrader(course: Path, *args: str) -> None:
    from cxlab.build import last_error_line, run_nbgrader

    result = run_nbgrader(course, *args, timeout=300)
    if result.returncode != 0:
        pytest.fail(f"nbgrader {' '.join(args)} failed: {last_error_line(result)}", pytrace=False)


@pytest.fixture(scope="session")
def e2e_kit(tmp_path_factory, chromium_executable) -> E2EKit:
    """A copy of the kit with every assignment released, as a course would be on the first day."""
    from cxlab.build import assignments, copy_course
    from cxlab.grading.submissions import write_solved

    root = tmp_path_factory.mktemp("kit")
    ignore = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
    for folder in ("solutions", "notebooks"):
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, root / folder, ignore=ignore)
    course = copy_course(COURSE, root / "course")
    names = assignments(course)
    if not names:
        pytest.fail(f"{COURSE / 'source'} holds no assignment to release", pytrace=False)
    # The exchange nbgrader's Assignments tab fetches from; its place is configured in a config
    # folder of its own, added to Jupyter's config path next to the course's.
    exchange = tmp_path_factory.mktemp("exchange")
    config_dir = tmp_path_factory.mktemp("nbgrader-config")
    (config_dir / "nbgrader_config.py").write_text(
        f"c = get_config()  # noqa: F821\nc.Exchange.root = {str(exchange)!r}\n", encoding="utf-8"
    )
    # One nbgrader process for every assignment ("*"): each start of nbgrader costs seconds.
    _nbgrader(course, "generate_assignment", "*", "--force")
    # Learners fetch the first one in the browser; the grading tests cover the others.
    _nbgrader(course, "release_assignment", names[0], "--force", f"--Exchange.root={exchange}")
    for name in names:
        write_solved(course / "source" / name, course / "release" / name, root / "learners" / "model" / name)
    return E2EKit(root=root, assignments=names, exchange=exchange, nbgrader_config_dir=config_dir)


# --------------------------------------------------------------------------- JupyterLab


@dataclass
class LabServer:
    base_url: str
    token: str
    log: Path
    process: subprocess.Popen = field(repr=False)

    def log_tail(self, lines: int = 25) -> str:
        text = self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def shut_down_kernels(self) -> None:
        """End every notebook session, and so its kernel: a browser tab closed leaves its kernel running,
        and a dozen lectures' idle kernels would crowd the machine for the rest of the session."""
        def call(method: str, path: str) -> bytes:
            request = urllib.request.Request(f"{self.base_url}{path}", method=method,
                                             headers={"Authorization": f"token {self.token}"})
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.read()

        for session in json.loads(call("GET", "/api/sessions")):
            call("DELETE", f"/api/sessions/{session['id']}")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_serving(server: LabServer) -> None:
    deadline = time.monotonic() + SERVER_START_S
    request = urllib.request.Request(
        f"{server.base_url}/api/status", headers={"Authorization": f"token {server.token}"}
    )
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(
                f"JupyterLab exited with code {server.process.returncode} while starting; "
                f"its log ({server.log}) ends:\n{server.log_tail()}",
                pytrace=False,
            )
        try:
            with urllib.request.urlopen(request, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    pytest.fail(
        f"JupyterLab did not answer within {SERVER_START_S} s; its log ends:\n{server.log_tail()}", pytrace=False
    )


def _stop(process: subprocess.Popen) -> None:
    """Terminate the server (it shuts its kernels down), kill it if it hangs, then any leftover child."""
    import psutil  # a dependency of ipykernel

    try:
        children = psutil.Process(process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        children = []
    process.terminate()
    try:
        process.wait(SERVER_STOP_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(SERVER_STOP_S)
    # Kernels run in sessions of their own, so they are not in the server's process group.
    _, alive = psutil.wait_procs(children, timeout=5)
    for child in alive:
        child.terminate()
    _, alive = psutil.wait_procs(alive, timeout=5)
    for child in alive:
        child.kill()
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


@contextmanager
def running_lab(kit_root: Path, state: Path, language: str = "en", extra_env: dict | None = None):
    """JupyterLab on ``kit_root``, started as ``cxlab lab [--lang language]`` starts it; stopped on exit."""
    from cxlab import datasets, lab

    port, token = _free_port(), secrets.token_hex(16)
    extra = ["--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}"]
    if language != "en":
        # Its own overrides.json, so the Chinese interface never reaches this environment's English
        # servers (the classroom settings are installed there by the English server, below).
        lab.install_settings(state / "app-settings" / lab.OVERRIDES_FILE, language=language)
        extra.append(f"--LabApp.app_settings_dir={state / 'app-settings'}")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        extra.append("--allow-root")
    env = lab.lab_environment(kit_root, language=language)
    env.update(extra_env or {})
    env.update(
        JUPYTER_CONFIG_DIR=str(state / "config"),
        JUPYTER_DATA_DIR=str(state / "data"),
        JUPYTER_RUNTIME_DIR=str(state / "runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(state / "user-settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(state / "workspaces"),
        CXLAB_DATA_DIR=str(datasets.data_dir()),
    )
    # The test suite renders charts off-screen (MPLBACKEND=Agg); in the browser they are inline.
    env.pop("MPLBACKEND", None)
    log = state / "server.log"
    with open(log, "w", encoding="utf-8") as stream:
        process = subprocess.Popen(
            lab.lab_command(kit_root, port=port, open_browser=False, extra_args=extra, language=language),
            cwd=kit_root,
            env=env,
            stdout=stream,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = LabServer(base_url=f"http://127.0.0.1:{port}", token=token, log=log, process=process)
    try:
        _wait_until_serving(server)
        yield server
    finally:
        _stop(process)


@pytest.fixture(scope="session")
def lab_server(e2e_kit, tmp_path_factory) -> LabServer:
    """JupyterLab on the kit's copy, started as ``cxlab lab`` starts it, stopped after the session."""
    from cxlab import lab

    state = tmp_path_factory.mktemp("jupyter-state")
    # The classroom settings, installed exactly as `cxlab lab` installs them: overrides.json in
    # this environment (as `make setup` does too) and the theme's font sizes as user settings,
    # here in the server's own user-settings folder.
    lab.install_settings()
    lab.seed_user_theme(state / "user-settings")
    config_path = lab.lab_environment(e2e_kit.root)["JUPYTER_CONFIG_PATH"] + os.pathsep + str(e2e_kit.nbgrader_config_dir)
    with running_lab(e2e_kit.root, state, extra_env={"JUPYTER_CONFIG_PATH": config_path}) as server:
        yield server


# --------------------------------------------------------------------------- the Chinese edition

@pytest.fixture(scope="session")
def chinese_kit(tmp_path_factory, chromium_executable) -> Path:
    """A copy of the kit with its Chinese edition written (as `cxlab build` writes it), every
    Chinese assignment released."""
    from cxlab.i18n import write_chinese_editions

    root = tmp_path_factory.mktemp("zh-kit") / "kit"
    shutil.copytree(ROOT, root, ignore=shutil.ignore_patterns(*WITHOUT_GENERATED))
    write_chinese_editions(root)
    _nbgrader(root / "course" / "zh-CN", "generate_assignment", "*", "--force")
    return root


@pytest.fixture(scope="session")
def chinese_server(chinese_kit, tmp_path_factory) -> LabServer:
    """`cxlab lab --lang zh-CN` on the Chinese kit: Chinese menus, notebooks, course and kernels."""
    from cxlab import lab

    state = tmp_path_factory.mktemp("zh-jupyter-state")
    lab.seed_user_theme(state / "user-settings")
    with running_lab(chinese_kit, state, language="zh-CN") as server:
        yield server


# --------------------------------------------------------------------------- the browser


@pytest.fixture(scope="session")
def chromium(chromium_executable, lab_server):
    from playwright.sync_api import sync_playwright

    for old in SCREENSHOTS.glob("*.png"):
        old.unlink()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(chromium_executable), args=CHROMIUM_FLAGS, headless=True, timeout=60_000
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture
def lab_page(request, chromium, lab_server):
    """``lab_page(prefix)`` -> a :class:`labdriver.Lab` on a fresh browser context (on ``server``, by
    default the English one)."""
    from labdriver import Lab

    contexts = []
    opened = []
    servers = {}

    def open_page(prefix: str, server: LabServer | None = None) -> Lab:
        server = server or lab_server
        servers[server.base_url] = server
        context = chromium.new_context(viewport=VIEWPORT)
        context.set_default_timeout(30_000)
        contexts.append(context)
        page = context.new_page()
        lab = Lab(page=page, base_url=server.base_url, token=server.token, screenshots=SCREENSHOTS, prefix=prefix)
        page.on("pageerror", lambda error: lab.page_errors.append(str(error)))
        opened.append(lab)
        return lab

    yield open_page
    report = getattr(request.node, "report_call", None)
    for lab in opened:
        if report is not None and report.failed and not any(SCREENSHOTS.glob(f"{lab.prefix}-FAILED-*.png")):
            print(f"screenshot at failure: {lab.screenshot('FAILED-end')}")
    for context in contexts:
        context.close()
    for server in servers.values():
        server.shut_down_kernels()
