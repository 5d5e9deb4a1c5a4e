"""``cxlab lab``: JupyterLab in the kit's folder, set up for a classroom.

Classroom settings
    No news or update pop-ups in front of a class, a font size that reads on a projector, line
    numbers so a trainer can say "look at line 3", and each code cell's last run recorded with its
    start and end time (``recordTiming``), so the class report can measure from the hand-ins how
    long learners worked (:mod:`cxlab.grading.timing`). They are written as JupyterLab's
    ``overrides.json`` in this environment's application settings folder
    (``<sys.prefix>/share/jupyter/lab/settings``, or ``$JUPYTERLAB_DIR/settings``), the place
    JupyterLab documents for site-wide defaults; ``make setup`` writes them too, so a plain
    ``jupyter lab`` in the kit's environment gets them. They are defaults: a learner can still
    change them in *Settings*. The keys are those of JupyterLab 4's own schemas
    (``share/jupyter/lab/schemas/@jupyterlab/<package>/<plugin>.json``).

    One exception: JupyterLab 4 (checked up to 4.6) applies the theme's CSS overrides (the font
    sizes) from the *user's* settings only and ignores them in ``overrides.json``
    (jupyterlab/jupyterlab#17611). ``cxlab lab`` therefore also writes them as the user's theme
    settings when the user has none yet, and says so; an existing user choice is never touched.

Where JupyterLab runs
    The server's root is the kit's folder, so trainers and learners see ``solutions/``,
    ``notebooks/`` and ``course/`` side by side. nbgrader's server extensions (the formgrader, the
    Validate button) read ``nbgrader_config.py`` from the server's working folder and from Jupyter's
    config path, and take the course root from ``CourseDirectory.root``; ``cxlab lab`` puts
    ``course/`` on ``JUPYTER_CONFIG_PATH`` and sets ``CourseDirectory.root``, so the formgrader
    lists the course's assignments and Validate uses the course's time limits.

In Chinese (``cxlab lab --lang zh-CN``)
    JupyterLab's own menus come from the ``jupyterlab-language-pack-zh-CN`` package, chosen the way
    JupyterLab documents: the ``locale`` setting of ``@jupyterlab/translation-extension:plugin``,
    written into the same ``overrides.json`` (``zh_CN``; ``cxlab lab`` in English writes ``en`` back,
    so the last command run decides, and a learner's own choice in *Settings > Language* wins).
    The file browser opens on ``notebooks/zh-CN/``; nbgrader's extensions use the Chinese course
    (``course/zh-CN/``), and kernels start with ``CXLAB_LANG=zh-CN``, so what cxlab says is Chinese.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from cxlab.errors import CxlabError
from cxlab.lang import ENGLISH, LANGUAGE_VARIABLE

#: Font sizes for a projector (JupyterLab's defaults: code 13px, content 14px, interface 13px).
#: Keys of the theme's CSS overrides: each sets the CSS variable ``--jp-<key>``.
THEME_FONT_SIZES: dict[str, str] = {"code-font-size": "16px", "content-font-size1": "16px", "ui-font-size1": "14px"}

THEMES_PLUGIN = "@jupyterlab/apputils-extension:themes"

#: JupyterLab plugin id -> its settings, exactly as in the plugin's JSON schema.
CLASSROOM_SETTINGS: dict[str, dict] = {
    # "fetchNews" is a string in the schema ("true", "false" or "none"); "none", the default, asks
    # every new user in a pop-up whether to fetch news. "checkForUpdates" only acts with news on,
    # but it is switched off too so nobody is told to upgrade in the middle of a lesson.
    "@jupyterlab/apputils-extension:notification": {"checkForUpdates": False, "fetchNews": "false"},
    # Shown as the defaults in Settings > Theme; see the module docstring for why cxlab lab also
    # writes them as user settings.
    THEMES_PLUGIN: {"overrides": dict(THEME_FONT_SIZES)},
    # recordTiming keeps, in each code cell's metadata.execution, when its last run started and ended:
    # the hand-ins then show how long learners worked (cxlab.grading.timing, the class report).
    "@jupyterlab/notebook-extension:tracker": {"codeCellConfig": {"lineNumbers": True}, "recordTiming": True},
}

TRANSLATION_PLUGIN = "@jupyterlab/translation-extension:plugin"
#: cxlab's language -> JupyterLab's locale (a language pack provides each but English).
LAB_LOCALES = {"en": "en", "zh-CN": "zh_CN"}

OVERRIDES_FILE = "overrides.json"
USER_SETTINGS_SUFFIX = ".jupyterlab-settings"


def settings_dir() -> Path:
    """JupyterLab's application settings folder for this environment (where it reads overrides)."""
    from jupyterlab.commands import get_app_dir  # heavy; only needed when settings are written

    return Path(get_app_dir()) / "settings"


def settings_file() -> Path:
    return settings_dir() / OVERRIDES_FILE


def user_settings_dir() -> Path:
    """The user's JupyterLab settings folder (``$JUPYTERLAB_SETTINGS_DIR`` or ``~/.jupyter/lab/user-settings``)."""
    from jupyter_core.paths import jupyter_config_dir

    configured = os.environ.get("JUPYTERLAB_SETTINGS_DIR")
    return Path(configured).expanduser() if configured else Path(jupyter_config_dir()) / "lab" / "user-settings"


def user_settings_file(plugin_id: str, folder: Path | None = None) -> Path:
    package, plugin = plugin_id.split(":")
    return Path(folder or user_settings_dir()) / package / f"{plugin}{USER_SETTINGS_SUFFIX}"


def _merge(current: dict, new: Mapping) -> dict:
    """``new`` written over ``current`` key by key, so unrelated overrides survive."""
    for key, value in new.items():
        if isinstance(value, Mapping) and isinstance(current.get(key), dict):
            _merge(current[key], value)
        else:
            current[key] = json.loads(json.dumps(value))
    return current


def _write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` in one step, so a JupyterLab starting at that moment never reads half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        # mkstemp makes the file 0600; every account's JupyterLab (a class server's learners) must read it.
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def classroom_settings(language: str = "en") -> dict[str, dict]:
    """The classroom defaults, with JupyterLab's interface in ``language``."""
    if language not in LAB_LOCALES:
        raise CxlabError(f"cxlab lab speaks {', '.join(LAB_LOCALES)}; got --lang {language}")
    return {**CLASSROOM_SETTINGS, TRANSLATION_PLUGIN: {"locale": LAB_LOCALES[language]}}


def install_settings(path: Path | None = None, language: str = "en") -> Path:
    """Write the classroom defaults into ``overrides.json``, keeping any other overrides already there."""
    path = Path(path) if path else settings_file()
    current: dict = {}
    if path.exists():
        try:
            current = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            raise CxlabError(f"{path}: not valid JSON; fix or delete it, then try again") from None
        if not isinstance(current, dict):
            raise CxlabError(f"{path}: expected a JSON object of plugin settings")
    try:
        _write_atomically(path, json.dumps(_merge(current, classroom_settings(language)), indent=2) + "\n")
    except PermissionError:
        raise CxlabError(
            f"cannot write JupyterLab's classroom settings to {path} (permission denied); "
            "run CX Lab from its own environment (`make setup`)"
        ) from None
    return path


def seed_user_theme(folder: Path | None = None) -> Path | None:
    """Write the classroom font sizes as the user's theme settings if the user has none yet.

    Returns the file written, or ``None`` when the user already has theme settings (they win).
    """
    path = user_settings_file(THEMES_PLUGIN, folder)
    if path.exists():
        return None
    text = (
        "{\n"
        "    // Written by `cxlab lab`: font sizes for a classroom projector. Change them in\n"
        "    // Settings > Theme, or delete this file for JupyterLab's defaults.\n"
        f'    "overrides": {json.dumps(THEME_FONT_SIZES)}\n'
        "}\n"
    )
    try:
        _write_atomically(path, text)
    except OSError as error:
        raise CxlabError(f"cannot write {path}: {error.strerror or error}") from None
    return path


def course_folder(root: Path, language: str = "en") -> Path:
    """The nbgrader course learners in ``language`` use: ``course/``, or ``course/zh-CN/``."""
    course = Path(root).resolve() / "course"
    return course if language == ENGLISH else course / language


def notebook_folder(root: Path, language: str = "en") -> Path:
    """Where the file browser opens: the kit, or for Chinese its Chinese lectures ``notebooks/zh-CN/``."""
    root = Path(root).resolve()
    return root if language == ENGLISH else root / "notebooks" / language


def lab_command(
    root: Path, port: int = 8888, open_browser: bool = True, extra_args: Sequence[str] = (), language: str = "en"
) -> list[str]:
    """The command line that starts this environment's JupyterLab on the kit in ``root``."""
    root = Path(root).resolve()
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--ServerApp.root_dir={root}",
        f"--port={port}",
        f"--CourseDirectory.root={course_folder(root, language)}",
    ]
    if language != ENGLISH:
        # The whole kit stays reachable (course/zh-CN/release for assignments); the browser opens here.
        opened = notebook_folder(root, language).relative_to(root).as_posix()
        command.append(f"--LabApp.default_url=/lab/tree/{opened}")
    if not open_browser:
        command.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0 and "--allow-root" not in extra_args:
        # Training rooms often run the kit in a container as root; JupyterLab refuses to start
        # there without this flag, which would leave a trainer with a cryptic error.
        command.append("--allow-root")
    return command + list(extra_args)


def lab_environment(root: Path, base: Mapping[str, str] | None = None, language: str = "en") -> dict[str, str]:
    """The server's environment: the course folder first on Jupyter's config path, for nbgrader, and
    ``CXLAB_LANG`` for the kernels it starts (none in English, whatever the shell had)."""
    env = dict(os.environ if base is None else base)
    course = str(course_folder(root, language))
    others = [p for p in env.get("JUPYTER_CONFIG_PATH", "").split(os.pathsep) if p and p != course]
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join([course, *others])
    if language == ENGLISH:
        env.pop(LANGUAGE_VARIABLE, None)
    else:
        env[LANGUAGE_VARIABLE] = language
    return env


def start(
    root: Path, port: int = 8888, open_browser: bool = True, extra_args: Sequence[str] = (), language: str = "en"
) -> int:
    """Install the classroom settings and run JupyterLab on the kit until it is stopped."""
    from cxlab.build import kit_at

    root = kit_at(root).root  # the same test of "is this a kit" as every other command
    if language != ENGLISH:
        missing = [p for p in (course_folder(root, language), notebook_folder(root, language)) if not p.is_dir()]
        if missing:
            raise CxlabError(
                f"no {language} edition in this kit ({', '.join(str(p.relative_to(root)) for p in missing)} missing); "
                "run `cxlab build` first"
            )
    print(f"Classroom settings: {install_settings(language=language)}")
    seeded = seed_user_theme()
    if seeded:
        print(f"Classroom font sizes written to your JupyterLab theme settings: {seeded}")
    return subprocess.call(
        lab_command(root, port=port, open_browser=open_browser, extra_args=extra_args, language=language),
        cwd=root,
        env=lab_environment(root, language=language),
    )
