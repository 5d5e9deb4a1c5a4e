"""``cxlab lab``: JupyterLab in the kit's folder, set up for a classroom.

The classroom settings (no news or update pop-ups, a font size that reads on a projector) are
written as JupyterLab's ``overrides.json`` in this environment's ``share/jupyter/lab/settings``,
the place JupyterLab documents for site-wide defaults, so a learner can still change them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

CLASSROOM_SETTINGS = {
    "@jupyterlab/apputils-extension:notification": {"checkForUpdates": False, "fetchNews": "false"},
    "@jupyterlab/apputils-extension:themes": {"overrides": {"code-font-size": "16px", "content-font-size1": "16px", "ui-font-size1": "14px"}},
    "@jupyterlab/notebook-extension:tracker": {"codeCellConfig": {"lineNumbers": True}},
}


def settings_file() -> Path:
    return Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"


def install_settings() -> Path:
    """Write the classroom defaults, keeping any other overrides already there."""
    path = settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    current = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    current.update(CLASSROOM_SETTINGS)
    path.write_text(json.dumps(current, indent=2) + "\n", encoding="utf-8")
    return path


def start(root: Path, port: int = 8888, open_browser: bool = True) -> int:
    install_settings()
    command = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={root}", f"--port={port}"]
    if not open_browser:
        command.append("--no-browser")
    return subprocess.call(command, cwd=root)
