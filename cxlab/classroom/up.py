"""``cxlab classroom up``: accounts, state, course and exchange, then JupyterHub in the foreground."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
from pathlib import Path

from cxlab.classroom import accounts, exchange, roster as roster_file, state as state_dir
from cxlab.classroom.hub import HubSettings, write_config
from cxlab.errors import CxlabError
from cxlab.lang import _, speaking

LANGUAGES = ("en", "zh-CN")


def free_port(ip: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((ip, 0))
        return probe.getsockname()[1]


def check_server() -> None:
    """Refuse, in one line, what cannot work: not Linux, not root, no proxy, a kit learners cannot run."""
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        raise CxlabError("`cxlab classroom up` runs on a Linux server as root (it creates accounts "
                         "and starts each learner's server as that learner)")
    if shutil.which("configurable-http-proxy") is None:
        raise CxlabError("configurable-http-proxy not found; install it with `npm install -g "
                         "configurable-http-proxy` (`make classroom` does)")
    for needed in reachable_install():
        private = closed_to_others(needed)
        if private is not None:
            raise CxlabError(f"learners' accounts cannot run this CX Lab: {needed} is inside {private}, which only "
                             f"its owner may enter; install CX Lab where every account can run it (such as a "
                             f"virtual environment in /opt/cxlab made with the system's Python)")


def closed_to_others(path: Path) -> Path | None:
    """The first of ``path`` and the folders above it that other accounts may not enter, if any."""
    existing = [f for f in (path, *path.parents) if f.exists()]
    return next((f for f in existing if not f.stat().st_mode & stat.S_IXOTH), None)


def check_state_folder(state_path: Path) -> None:
    private = closed_to_others(Path(state_path).resolve().parent)
    if private is not None:
        raise CxlabError(f"--state {state_path}: learners' servers could not reach the exchange in it, because "
                         f"{private} is closed to other accounts; choose a folder such as /srv/cxlab")


def reachable_install() -> list[Path]:
    """What every learner's server runs: the interpreter (a virtual environment's python links to the
    Python it was made with, so that one counts) and the packages it imports."""
    import cxlab
    import jupyterhub
    import nbgrader

    return [Path(os.path.realpath(sys.executable)), Path(sys.executable),
            *(Path(module.__file__).parent for module in (cxlab, jupyterhub, nbgrader))]


def kit_sources(kit_root: Path, lang: str) -> tuple[Path, Path]:
    """The course and the lectures of the language asked for (the Chinese ones are generated if missing)."""
    if lang == "en":
        return kit_root / "course", kit_root / "notebooks"
    from cxlab.i18n import editions

    course = editions.chinese_course(kit_root)
    if not (course / "source").is_dir():
        print("Generating the Chinese edition of the course ...")
        editions.write_chinese_editions(kit_root)
    return course, kit_root / "notebooks" / "zh-CN"


def install_course(state: state_dir.StateDir, source_course: Path) -> None:
    """Copy the kit's course into ``DIR/course`` once (a running class keeps its gradebook), private to root."""
    from cxlab.build import copy_course

    if not (state.course / "nbgrader_config.py").is_file():
        copy_course(source_course, state.course)
    os.chmod(state.course, state_dir.PRIVATE_DIR_MODE)


def install_lab_settings(lang: str = "en", path: Path | None = None) -> Path:
    """JupyterLab's classroom settings (``cxlab lab``'s), its menus in the class's language, readable by
    every learner's server.

    The language matters: the Chinese lectures name JupyterLab's menus in the Chinese interface's words
    (内核 → 重启内核 和 运行所有单元格), which an English interface does not show. JupyterLab refuses to
    start at all when it cannot read the settings, and they are written private to root (mode 0600, as
    a temporary file is made).
    """
    from cxlab import lab

    path = lab.install_settings(path, language=lang)
    os.chmod(path, 0o644)
    return path


def warn_if_masters_public(source_course: Path) -> None:
    for folder in (source_course, *source_course.parents):
        if not folder.stat().st_mode & stat.S_IXOTH:
            return
    print(f"cxlab: warning: the kit's graded masters in {source_course / 'source'} are readable by every account; "
          "keep the kit's folder private (chmod 700) and install CX Lab for learners from a wheel", file=sys.stderr)


def prepare(roster_path: Path, state_path: Path, kit_root: Path, *, port: int = 8000, ip: str = "127.0.0.1",
            lang: str = "en") -> tuple[state_dir.StateDir, HubSettings, dict[str, str]]:
    """Everything but starting the hub; returns the state folder, the hub settings and new accounts' passwords."""
    if lang not in LANGUAGES:
        raise CxlabError(f"--lang {lang}: expected one of {', '.join(LANGUAGES)}")
    roster = roster_file.read(roster_path)
    check_state_folder(state_path)
    source_course, lectures = kit_sources(kit_root, lang)
    state = state_dir.prepare(state_path)
    state_dir.write_secret(state.roster, Path(roster_path).read_text(encoding="utf-8-sig"))
    created = accounts.ensure(list(roster.members))
    state_dir.record_passwords(state, created)
    install_course(state, source_course)
    exchange.prepare(state)
    install_lab_settings(lang)
    settings = HubSettings(state=str(state.root), lectures=str(lectures), users=roster.usernames,
                           admins=[m.username for m in roster.trainers], ip=ip, port=port,
                           hub_port=free_port(), proxy_api_port=free_port(), lang=lang)
    write_config(state, settings)
    warn_if_masters_public(source_course)
    return state, settings, created


def up(roster_path: Path, state_path: Path, kit_root: Path, *, port: int = 8000, ip: str = "127.0.0.1",
       lang: str = "en") -> int:
    check_server()
    state, settings, created = prepare(roster_path, state_path, kit_root, port=port, ip=ip, lang=lang)
    with speaking(lang):  # the trainer who started a Chinese class reads this in Chinese
        if created:
            print(_("Created {count} account(s); their first passwords: {passwords}").format(
                count=len(created), passwords=state.passwords))
        print(_("Admin API token: {token}").format(token=state.admin_token) + "\n"
              + _("Course: {course}").format(course=state.course) + "\n"
              + _("Exchange: {exchange}").format(exchange=state.exchange))
        print(_("The class logs in at {address} (Ctrl-C stops the hub and every learner's server)").format(
            address=f"http://{ip}:{port}/"))
    sys.stdout.flush()
    return run_hub(settings, state)


def run_hub(settings: HubSettings, state: state_dir.StateDir) -> int:
    """JupyterHub in the foreground. A SIGTERM or SIGHUP to `up` (a service manager stopping the class)
    is passed on, so the hub stops every learner's server and the proxy before `up` exits."""
    hub = subprocess.Popen([settings.python, "-m", "jupyterhub", "-f", str(state.hub_config)],
                           cwd=state.root, env=hub_environment(settings))
    forward = lambda number, frame: hub.send_signal(number)  # noqa: E731
    previous = {number: signal.signal(number, forward) for number in (signal.SIGTERM, signal.SIGHUP)}
    try:
        while True:
            try:
                return hub.wait()
            except KeyboardInterrupt:
                continue  # Ctrl-C reached the hub too; wait for it to stop its servers
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def hub_environment(settings: HubSettings) -> dict[str, str]:
    scripts = str(Path(settings.python).parent)
    return dict(os.environ, PATH=os.pathsep.join([scripts, os.environ.get("PATH", "")]))
