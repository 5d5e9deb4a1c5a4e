"""A class on one server, end to end (issue #16): real accounts, a real hub, real learners' servers.

A roster of a trainer and three learners; ``cxlab classroom up`` runs; each learner's JupyterLab
starts, fetches and submits through the nbgrader API the Assignments tab calls (with hub API
tokens); one learner logs in through the login page in Chromium and sees the assignment. A learner
then attacks: every attempt fails, except writing a forged folder, which collect refuses. The
trainer collects, grades, returns; each learner fetches their own feedback and cannot read a
peer's. Everything it made (accounts, processes, folders) is removed, also when it fails.

It prints how long ``up`` took until the first learner's JupyterLab answered, and that server's
memory (run with ``-s`` to see it).
"""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import sysconfig
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from cxlab.classroom import accounts, state as state_dir
from cxlab.classroom.up import free_port
from kit import ROOT, in_a_thread_of_its_own

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("classroom")]

ASSIGNMENT = "00-orientation"
HUB_START_S = 150
SERVER_START_S = 240
HUB_STOP_S = 90
COMMAND_S = 600


# --------------------------------------------------------------------------- a Python every account can run


def enterable_by_all(path: Path) -> bool:
    return all(p.stat().st_mode & 0o001 for p in (path, *path.parents))


@pytest.fixture
def shared_python(public_folder) -> Path:
    """This environment's Python as every account can run it.

    A virtual environment's ``python`` links to the Python it was made with; on a developer's
    machine that is often under ``/root`` (pyenv), which learners cannot enter and ``up`` refuses.
    Then the test builds a virtual environment beside it in a public folder: the system's Python of
    the same version, with this environment's packages, data and config linked in.
    """
    site = Path(sysconfig.get_paths()["purelib"])
    if enterable_by_all(Path(os.path.realpath(sys.executable))) and enterable_by_all(site):
        return Path(sys.executable)
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    system = next((Path(p) for p in (f"/usr/bin/python{version}", f"/usr/local/bin/python{version}")
                   if Path(p).is_file()), None)
    if system is None or not enterable_by_all(site):
        pytest.fail(f"no Python {version} that learners' accounts can run (this one is {sys.executable}, "
                    f"packages in {site})", pytrace=False)
    venv = public_folder / "python"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").symlink_to(system)
    (venv / "lib" / f"python{version}").mkdir(parents=True)
    (venv / "lib" / f"python{version}" / "site-packages").symlink_to(site)
    for shared in ("share", "etc"):
        (venv / shared).symlink_to(Path(sys.prefix) / shared)
    (venv / "pyvenv.cfg").write_text(f"home = {system.parent}\ninclude-system-site-packages = false\n")
    return venv / "bin" / "python"


# --------------------------------------------------------------------------- the running class


@dataclass
class RunningClass:
    url: str
    state: state_dir.StateDir
    trainer: str
    learners: list[str]
    python: Path
    log: Path
    started: float

    @property
    def admin(self) -> dict:
        return {"Authorization": f"token {state_dir.admin_token(self.state)}"}

    def hub_api(self, method: str, path: str, **kwargs):
        import requests

        return requests.request(method, f"{self.url}/hub/api{path}", headers=self.admin, timeout=60, **kwargs)

    def token(self, user: str) -> str:
        reply = self.hub_api("POST", f"/users/{user}/tokens", json={"note": "classroom test", "expires_in": 3600})
        assert reply.status_code == 201, reply.text
        return reply.json()["token"]

    def assignments(self, user: str, token: str, action: str = "") -> list[dict]:
        """The nbgrader server API behind the Assignments tab: list, or fetch/submit/fetch_feedback."""
        import requests

        url = f"{self.url}/user/{user}/assignments" + (f"/{action}" if action else "")
        headers = {"Authorization": f"token {token}"}
        data = {"course_id": "cxlab", "assignment_id": ASSIGNMENT}
        reply = (requests.post(url, data=data, headers=headers, timeout=300) if action
                 else requests.get(url, params={"course_id": "cxlab"}, headers=headers, timeout=300))
        assert reply.status_code == 200, f"{action or 'list'} for {user}: HTTP {reply.status_code}"
        body = reply.json()
        assert body["success"], f"{action or 'list'} for {user}: {body['value']}"
        return body["value"]

    def cxlab(self, *args: str) -> subprocess.CompletedProcess:
        result = subprocess.run([sys.executable, "-m", "cxlab.cli", *args], capture_output=True, text=True,
                                timeout=COMMAND_S, env=dict(os.environ, PYTHONPATH=str(ROOT)), cwd=ROOT)
        assert result.returncode == 0, f"cxlab {' '.join(args)}: {result.stderr[-2000:]}"
        return result

    def fail_with_log(self, message: str):
        tail = self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""
        pytest.fail(f"{message}\n--- hub log (end) ---\n{tail}", pytrace=False)


def descendants(pid: int) -> list[int]:
    """Processes started by ``pid``, at any depth (read from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, queue = [], [pid]
    while queue:
        for child in children.get(queue.pop(), []):
            found.append(child)
            queue.append(child)
    return found


def stop(process: subprocess.Popen) -> None:
    """Stop `up` as a service manager would (SIGTERM); whatever it started and left running is killed."""
    started = descendants(process.pid)
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=HUB_STOP_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    for pid in started:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


@pytest.fixture
def running_class(public_folder, account_names, shared_python):
    trainer, learners = account_names("t"), [account_names(f"l{n}") for n in (1, 2, 3)]
    roster = public_folder / "roster.csv"
    roster.write_text("username,role,name\n" + f"{trainer},trainer,Trainer\n"
                      + "".join(f"{name},learner,Learner {n}\n" for n, name in enumerate(learners, 1)))
    state = state_dir.StateDir(public_folder / "state")
    port = free_port()
    log = public_folder / "hub.log"
    started = time.monotonic()
    with open(log, "w") as output:
        hub = subprocess.Popen(
            [str(shared_python), "-m", "cxlab.cli", "--root", str(ROOT), "classroom", "up", "--roster", str(roster),
             "--state", str(state.root), "--port", str(port)],
            stdout=output, stderr=subprocess.STDOUT, env=dict(os.environ, PYTHONPATH=str(ROOT)), cwd=public_folder)
    running = RunningClass(f"http://127.0.0.1:{port}", state, trainer, learners, shared_python, log, started)
    try:
        wait_for_hub(running, hub)
        yield running
    finally:
        stop(hub)


def wait_for_hub(running: RunningClass, hub: subprocess.Popen) -> None:
    import requests

    deadline = time.monotonic() + HUB_START_S
    while time.monotonic() < deadline:
        if hub.poll() is not None:
            running.fail_with_log(f"`cxlab classroom up` exited with code {hub.returncode}")
        try:
            if requests.get(f"{running.url}/hub/api/", timeout=5).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.5)
    running.fail_with_log(f"the hub did not answer within {HUB_START_S} s")


def wait_for_servers(running: RunningClass, users: list[str]) -> None:
    for user in users:
        reply = running.hub_api("POST", f"/users/{user}/server")
        assert reply.status_code in (201, 202), f"starting {user}'s server: {reply.status_code} {reply.text}"
    deadline = time.monotonic() + SERVER_START_S
    waiting = set(users)
    while waiting and time.monotonic() < deadline:
        for user in sorted(waiting):
            model = running.hub_api("GET", f"/users/{user}").json()
            if model["servers"].get("", {}).get("ready"):
                waiting.discard(user)
        time.sleep(1)
    if waiting:
        running.fail_with_log(f"servers of {', '.join(sorted(waiting))} not ready within {SERVER_START_S} s")


def memory_mb(user: str) -> float:
    total_kb = 0
    for pid in accounts.processes_of(user):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except FileNotFoundError:
            continue
        total_kb += next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
    return total_kb / 1024


# --------------------------------------------------------------------------- what a learner tries

ATTACK = r"""
import json, os, sys
attempts = json.loads(sys.argv[1])
results = {}
for name, (operation, path) in attempts.items():
    try:
        if operation == "list":
            os.listdir(path)
        elif operation == "read":
            open(path, "rb").read(1)
        elif operation == "write":
            open(path, "ab").close()
        elif operation == "forge":
            os.mkdir(path)
            with open(os.path.join(path, os.path.basename(path).split("+")[1] + ".ipynb"), "w") as f:
                f.write("{}")
        results[name] = "succeeded"
    except OSError as error:
        results[name] = type(error).__name__
print(json.dumps(results))
"""


def attempts_as(running: RunningClass, user: str, attempts: dict[str, tuple[str, str]]) -> dict[str, str]:
    result = subprocess.run(["runuser", "-u", user, "--", str(running.python), "-c", ATTACK, json.dumps(attempts)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def learner_sees_the_assignment_in_chromium(running: RunningClass, user: str, password: str) -> None:
    import re

    from e2e.conftest import CHROMIUM_FLAGS, browser_executable, missing_requirement
    from playwright.sync_api import sync_playwright

    reason = missing_requirement()
    if reason:
        pytest.fail(f"the login test needs a browser: {reason}", pytrace=False)

    def log_in_and_list() -> None:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(browser_executable()), args=CHROMIUM_FLAGS,
                                                 headless=True, timeout=60_000)
            try:
                page = browser.new_page()
                page.goto(f"{running.url}/hub/login", timeout=60_000)
                page.fill("#username_input", user)
                page.fill("#password_input", password)
                page.click("#login_submit")
                page.wait_for_url(re.compile(rf".*/user/{user}/lab.*"), timeout=120_000)
                menu = page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Nbgrader$"))
                menu.wait_for(timeout=120_000)
                menu.click()
                page.locator(".lm-Menu-item", has_text="Assignment List").first.click()
                listed = page.locator(".list_item", has_text=ASSIGNMENT).first
                listed.wait_for(timeout=60_000)
            finally:
                browser.close()

    in_a_thread_of_its_own(log_in_and_list)


# --------------------------------------------------------------------------- the class


def test_a_class_runs_on_one_server_and_learners_cannot_reach_each_others_work(running_class):
    run = running_class
    first, attacker, third = run.learners
    # Released while the first server starts: both take tens of seconds on a small machine.
    release = subprocess.Popen([sys.executable, "-m", "cxlab.cli", "classroom", "release", ASSIGNMENT,
                                "--state", str(run.state.root)], env=dict(os.environ, PYTHONPATH=str(ROOT)),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        learners_work_and_attack(run, release)
    finally:
        stop(release)


def learners_work_and_attack(run: RunningClass, release: subprocess.Popen) -> None:
    first, attacker, third = run.learners
    wait_for_servers(run, [first])
    tokens = {user: run.token(user) for user in run.learners}
    import requests

    lab = requests.get(f"{run.url}/user/{first}/lab", headers={"Authorization": f"token {tokens[first]}"}, timeout=60)
    assert lab.status_code == 200 and "JupyterLab" in lab.text
    up_to_lab = time.monotonic() - run.started
    rss = memory_mb(first)
    print(f"\n`cxlab classroom up` to {first}'s JupyterLab answering: {up_to_lab:.1f} s; "
          f"{first}'s server: {rss:.0f} MB resident")
    assert (accounts.home(first) / "lectures").is_dir(), "lectures are copied into the home on first login"
    wait_for_servers(run, [attacker, third])
    _, errors = release.communicate(timeout=COMMAND_S)
    assert release.returncode == 0, errors

    for user in run.learners:
        run.assignments(user, tokens[user], "fetch")
        listed = run.assignments(user, tokens[user], "submit")
        assert any(a["status"] == "submitted" for a in listed), listed

    passwords = dict(csv.reader(run.state.passwords.read_text().splitlines()[1:]))
    learner_sees_the_assignment_in_chromium(run, third, passwords[third])

    exchange_course = run.state.exchange / "cxlab"
    genuine = next((exchange_course / "inbound").glob(f"{first}+{ASSIGNMENT}+*"))
    forged = exchange_course / "inbound" / f"{first}+{ASSIGNMENT}+2099-01-01 00:00:00.000000 UTC+forged"
    results = attempts_as(run, attacker, {
        "list the inbound folder": ("list", str(exchange_course / "inbound")),
        "read a peer's submission": ("read", str(genuine / f"{ASSIGNMENT}.ipynb")),
        "overwrite a peer's submission": ("write", str(genuine / f"{ASSIGNMENT}.ipynb")),
        "list a peer's home": ("list", str(accounts.home(first))),
        "read a peer's notebook": ("read", str(accounts.home(first) / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")),
        "read the admin token": ("read", str(run.state.admin_token)),
        "read a master notebook": ("read", str(run.state.course / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")),
        "read the gradebook": ("read", str(run.state.course / "gradebook.db")),
        "read the hub's database": ("read", str(run.state.database)),
        "forge a submission in a peer's name": ("forge", str(forged)),
    })
    allowed = {"forge a submission in a peer's name"}
    assert {k: v for k, v in results.items() if k not in allowed and v == "succeeded"} == {}, results
    assert results["forge a submission in a peer's name"] == "succeeded", results

    collected = run.cxlab("classroom", "collect", ASSIGNMENT, "--state", str(run.state.root)).stdout
    refusals = [line for line in collected.splitlines() if "forged" in line]
    assert len(refusals) == 1 and first in refusals[0] and attacker in refusals[0], collected
    for user in run.learners:
        assert (run.state.course / "submitted" / user / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").is_file(), collected
    assert "{}" not in (run.state.course / "submitted" / first / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text()

    run.cxlab("grade", ASSIGNMENT, "--course-dir", str(run.state.course), "--workers", "2")
    run.cxlab("feedback", ASSIGNMENT, "--course-dir", str(run.state.course))
    run.cxlab("classroom", "return", ASSIGNMENT, "--state", str(run.state.root))

    for user in run.learners:
        run.assignments(user, tokens[user], "fetch_feedback")
        pages = list((accounts.home(user) / ASSIGNMENT / "feedback").glob(f"*/{ASSIGNMENT}.html"))
        assert len(pages) == 1, f"{user} fetched {pages}"
    peer_feedback = [p for p in (exchange_course / "feedback").glob("*.html")
                     if p.stat().st_uid == accounts.pwd.getpwnam(first).pw_uid]
    assert len(peer_feedback) == 1
    results = attempts_as(run, attacker, {
        "list the returned feedback": ("list", str(exchange_course / "feedback")),
        "read a peer's returned feedback": ("read", str(peer_feedback[0])),
    })
    assert set(results.values()) == {"PermissionError"}, results
