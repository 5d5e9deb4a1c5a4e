"""The JupyterHub configuration of a class: ``DIR/jupyterhub_config.py`` calls :func:`configure`.

- Login: PAM, restricted to the roster (trainers are hub admins). ``up`` gives each account it
  creates a first password (``DIR/first-passwords.csv``). For the bank's directory, replace the
  authenticator (see README, "Running a class").
- Servers: each learner's JupyterLab runs as that learner's own Unix account (JupyterHub's
  ``LocalProcessSpawner``; the hub runs as root), in their home, with the kit's Python; every
  process of it may use at most ``memory_mb`` of memory (``RLIMIT_AS``), and a server idle for
  ``idle_minutes`` is stopped by jupyterhub-idle-culler.
- On first login the kit's lectures are copied into ``~/lectures`` (owned by the learner).
- nbgrader's Assignments tab uses the class's exchange (``DIR/learner-config``).
- ``DIR/admin-token`` belongs to the service ``cxlab-admin``, which has the hub's admin role.
"""

from __future__ import annotations

import json
import os
import pwd
import resource
import shutil
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from jupyterhub.spawner import LocalProcessSpawner

from cxlab.classroom.state import StateDir, write_secret

ADMIN_SERVICE = "cxlab-admin"
CULLER_SERVICE = "idle-culler"
LECTURES_FOLDER = "lectures"


@dataclass(frozen=True)
class HubSettings:
    state: str
    lectures: str
    users: list[str]
    admins: list[str]
    ip: str = "127.0.0.1"
    port: int = 8000
    hub_port: int = 8081
    proxy_api_port: int = 8001
    lang: str = "en"
    memory_mb: int = 2048
    idle_minutes: int = 60
    python: str = sys.executable


def write_config(state: StateDir, settings: HubSettings) -> Path:
    text = (
        "# Written by `cxlab classroom up` on every start; change the class with its options, not here.\n"
        "from cxlab.classroom.hub import HubSettings, configure\n\n"
        f"configure(c, HubSettings(**{json.dumps(asdict(settings), indent=4)}))\n"
    )
    return write_secret(state.hub_config, text)


def scripts(settings: HubSettings) -> Path:
    return Path(settings.python).parent


def configure(c, settings: HubSettings) -> None:
    """Fill JupyterHub's config object ``c`` for the class described by ``settings``."""
    state = StateDir(Path(settings.state))
    c.JupyterHub.ip = settings.ip
    c.JupyterHub.port = settings.port
    c.JupyterHub.hub_ip = "127.0.0.1"
    c.JupyterHub.hub_port = settings.hub_port
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{settings.proxy_api_port}"
    c.ConfigurableHTTPProxy.pid_file = str(state.proxy_pid)
    c.JupyterHub.db_url = f"sqlite:///{state.database}"
    c.JupyterHub.cookie_secret_file = str(state.cookie_secret)
    c.JupyterHub.cleanup_servers = True

    c.JupyterHub.authenticator_class = "pam"
    c.PAMAuthenticator.open_sessions = False  # containers and minimal servers have no session manager
    c.Authenticator.allowed_users = set(settings.users)

    c.JupyterHub.spawner_class = ClassroomSpawner
    c.Spawner.cmd = [settings.python, "-m", "jupyterhub.singleuser"]
    c.Spawner.default_url = "/lab"
    c.Spawner.notebook_dir = "~"
    c.Spawner.mem_limit = f"{settings.memory_mb}M"
    # A room of learners logging in at once on a small server: JupyterLab may take a while to start.
    c.Spawner.start_timeout = 180
    c.Spawner.http_timeout = 180
    c.Spawner.environment = {
        "PATH": os.pathsep.join([str(scripts(settings)), "/usr/local/bin", "/usr/bin", "/bin"]),
        "JUPYTER_CONFIG_PATH": str(state.learner_config),
        "CXLAB_LANG": settings.lang,
        "MPLBACKEND": "module://matplotlib_inline.backend_inline",
    }
    c.Spawner.pre_spawn_hook = lambda spawner: copy_lectures(Path(settings.lectures), spawner.user.name)

    c.JupyterHub.services = [
        {"name": ADMIN_SERVICE, "api_token": state.admin_token.read_text().strip()},
        {"name": CULLER_SERVICE,
         "command": [settings.python, "-m", "jupyterhub_idle_culler", f"--timeout={settings.idle_minutes * 60}"]},
    ]
    c.JupyterHub.load_roles = [
        {"name": "admin", "users": list(settings.admins), "services": [ADMIN_SERVICE]},
        {"name": CULLER_SERVICE, "services": [CULLER_SERVICE],
         "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"]},
    ]


def copy_lectures(source: Path, username: str) -> Path | None:
    """Copy the kit's lectures into the learner's home on first login; a later login changes nothing."""
    account = pwd.getpwnam(username)
    destination = Path(account.pw_dir) / LECTURES_FOLDER
    if destination.exists() or not source.is_dir():
        return None
    shutil.copytree(source, destination, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "zh-CN"))
    for parent, folders, files in os.walk(destination):
        for name in [parent, *(os.path.join(parent, n) for n in folders + files)]:
            os.chown(name, account.pw_uid, account.pw_gid)
    return destination


class ClassroomSpawner(LocalProcessSpawner):
    """LocalProcessSpawner with the memory limit enforced on every process of the learner's server."""

    def make_preexec_fn(self, name):
        become_user = super().make_preexec_fn(name)
        limit = int(self.mem_limit) if self.mem_limit else None

        def preexec():
            if limit:
                resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            become_user()

        return preexec
