"""`cxlab lab`: the command it runs, the settings it writes, and that those settings are JupyterLab's own."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from cxlab import cli, lab
from cxlab.errors import CxlabError


@pytest.fixture
def kit(tmp_path):
    # A kit is a folder holding course/nbgrader_config.py (cxlab.build.find_kit).
    (tmp_path / "course").mkdir()
    (tmp_path / "course" / "nbgrader_config.py").write_text("c = get_config()\n", encoding="utf-8")
    return tmp_path


@pytest.fixture
def started(monkeypatch, tmp_path):
    """Run `cxlab lab` with subprocess.call replaced; returns what it was asked to run."""
    calls = []

    def fake_call(command, **kwargs):
        calls.append({"command": command, **kwargs})
        return 0

    monkeypatch.setattr(lab.subprocess, "call", fake_call)
    monkeypatch.setattr(lab, "settings_file", lambda: tmp_path / "app-settings" / "overrides.json")
    monkeypatch.setenv("JUPYTERLAB_SETTINGS_DIR", str(tmp_path / "user-settings"))
    return calls


def test_port_and_no_browser_pass_through_to_jupyterlab(kit, started):
    assert cli.main(["--root", str(kit), "lab", "--port", "9123", "--no-browser"]) == 0
    (call,) = started
    command = call["command"]
    assert command[:3] == [sys.executable, "-m", "jupyterlab"], command
    assert "--port=9123" in command
    assert "--no-browser" in command
    assert f"--ServerApp.root_dir={kit.resolve()}" in command
    assert call["cwd"] == kit.resolve()


def test_default_port_opens_a_browser(kit, started):
    cli.main(["--root", str(kit), "lab"])
    command = started[0]["command"]
    assert "--port=8888" in command
    assert "--no-browser" not in command


def test_nbgrader_finds_the_course_under_the_kit_root(kit, started):
    cli.main(["--root", str(kit), "lab", "--no-browser"])
    call = started[0]
    course = kit.resolve() / "course"
    assert f"--CourseDirectory.root={course}" in call["command"]
    assert call["env"]["JUPYTER_CONFIG_PATH"].split(os.pathsep)[0] == str(course)


def test_jupyterlab_exit_code_is_the_commands(kit, monkeypatch, started):
    monkeypatch.setattr(lab.subprocess, "call", lambda command, **kwargs: 3)
    assert cli.main(["--root", str(kit), "lab", "--no-browser"]) == 3


def test_lab_writes_the_classroom_settings_before_starting(kit, started, tmp_path):
    cli.main(["--root", str(kit), "lab", "--no-browser"])
    overrides = json.loads((tmp_path / "app-settings" / "overrides.json").read_text(encoding="utf-8"))
    assert overrides["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"
    themes = tmp_path / "user-settings" / "@jupyterlab" / "apputils-extension" / "themes.jupyterlab-settings"
    assert "code-font-size" in themes.read_text(encoding="utf-8")


def test_a_folder_without_course_is_a_one_line_error(tmp_path, started, capsys):
    assert cli.main(["--root", str(tmp_path), "lab"]) == 2
    assert "not a CX Lab kit" in capsys.readouterr().err
    assert not started


def test_extra_arguments_come_after_the_kits_own():
    command = lab.lab_command(Path("/kit"), port=1, open_browser=False, extra_args=["--ServerApp.ip=127.0.0.1"])
    assert command[-1] == "--ServerApp.ip=127.0.0.1"


def test_config_path_keeps_what_was_there_without_duplicates(tmp_path):
    course = str(tmp_path.resolve() / "course")
    env = lab.lab_environment(tmp_path, {"JUPYTER_CONFIG_PATH": os.pathsep.join(["/etc/site", course])})
    assert env["JUPYTER_CONFIG_PATH"].split(os.pathsep) == [course, "/etc/site"]


# --------------------------------------------------------------------------- settings files


def test_install_keeps_other_overrides(tmp_path):
    path = tmp_path / "overrides.json"
    path.write_text(json.dumps({
        "@jupyterlab/terminal-extension:plugin": {"fontSize": 20},
        "@jupyterlab/notebook-extension:tracker": {"codeCellConfig": {"lineWrap": True}, "recordTiming": True},
    }), encoding="utf-8")
    lab.install_settings(path)
    written = json.loads(path.read_text(encoding="utf-8"))
    assert written["@jupyterlab/terminal-extension:plugin"] == {"fontSize": 20}
    tracker = written["@jupyterlab/notebook-extension:tracker"]
    assert tracker == {"codeCellConfig": {"lineWrap": True, "lineNumbers": True}, "recordTiming": True}
    assert written["@jupyterlab/apputils-extension:notification"] == {"checkForUpdates": False, "fetchNews": "false"}


def test_install_twice_changes_nothing(tmp_path):
    path = tmp_path / "overrides.json"
    lab.install_settings(path)
    first = path.read_text(encoding="utf-8")
    lab.install_settings(path)
    assert path.read_text(encoding="utf-8") == first


def test_the_settings_file_is_readable_by_every_account(tmp_path):
    """On a class server every learner's JupyterLab reads the one overrides.json the install holds."""
    path = lab.install_settings(tmp_path / "overrides.json")
    assert path.stat().st_mode & 0o777 == 0o644


def test_damaged_overrides_file_is_a_readable_error(tmp_path):
    path = tmp_path / "overrides.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(CxlabError, match="not valid JSON"):
        lab.install_settings(path)
    assert path.read_text(encoding="utf-8") == "{not json"


def test_user_theme_is_seeded_once_and_never_overwritten(tmp_path):
    written = lab.seed_user_theme(tmp_path)
    assert written == tmp_path / "@jupyterlab" / "apputils-extension" / "themes.jupyterlab-settings"
    import json5  # JupyterLab's user settings are JSON5 (comments allowed); jupyterlab_server needs it

    assert json5.loads(written.read_text(encoding="utf-8")) == {"overrides": lab.THEME_FONT_SIZES}
    written.write_text('{"theme": "JupyterLab Dark"}', encoding="utf-8")
    assert lab.seed_user_theme(tmp_path) is None
    assert written.read_text(encoding="utf-8") == '{"theme": "JupyterLab Dark"}'


# --------------------------------------------------------------------------- JupyterLab's schemas


def _schema(plugin_id: str) -> dict:
    package, plugin = plugin_id.split(":")
    path = lab.settings_dir().parent / "schemas" / package / f"{plugin}.json"
    assert path.exists(), f"{plugin_id}: no schema {path} in the installed JupyterLab (wrong plugin id?)"
    return json.loads(path.read_text(encoding="utf-8"))


def _properties(schema: dict, node: dict) -> dict:
    if "$ref" in node:
        node = schema["definitions"][node["$ref"].split("/")[-1]]
    return node.get("properties", {})


@pytest.mark.parametrize("plugin_id", sorted(lab.CLASSROOM_SETTINGS))
def test_classroom_settings_are_keys_of_jupyterlabs_schemas(plugin_id):
    """A misspelt key would be silently accepted by JupyterLab and do nothing."""
    schema = _schema(plugin_id)
    for key, value in lab.CLASSROOM_SETTINGS[plugin_id].items():
        known = sorted(schema["properties"])
        assert key in known, f"{plugin_id}: {key!r} is not a setting; known: {known}"
        nested = _properties(schema, schema["properties"][key])
        if isinstance(value, dict) and nested:
            unknown = sorted(set(value) - set(nested))
            assert not unknown, f"{plugin_id}.{key}: unknown keys {unknown}; known: {sorted(nested)}"


def test_cells_record_their_run_times_for_the_class_report():
    """recordTiming is a boolean of the notebook tracker's schema, off by JupyterLab's default: the kit turns
    it on, or hand-ins carry no timing and the class report cannot measure working time."""
    tracker = "@jupyterlab/notebook-extension:tracker"
    schema = _schema(tracker)["properties"]["recordTiming"]
    assert (schema["type"], schema["default"]) == ("boolean", False)
    assert lab.CLASSROOM_SETTINGS[tracker]["recordTiming"] is True


def test_installed_settings_switch_timing_on_over_a_site_that_had_it_off(tmp_path):
    path = tmp_path / "overrides.json"
    path.write_text(json.dumps({"@jupyterlab/notebook-extension:tracker": {"recordTiming": False}}), encoding="utf-8")
    lab.install_settings(path)
    written = json.loads(path.read_text(encoding="utf-8"))
    assert written["@jupyterlab/notebook-extension:tracker"]["recordTiming"] is True


def test_news_setting_uses_the_schemas_string_values():
    schema = _schema("@jupyterlab/apputils-extension:notification")
    allowed = {choice["const"] for choice in schema["properties"]["fetchNews"]["oneOf"]}
    assert lab.CLASSROOM_SETTINGS["@jupyterlab/apputils-extension:notification"]["fetchNews"] in allowed


# --------------------------------------------------------------------------- cxlab lab --lang zh-CN


@pytest.fixture
def chinese_kit(kit):
    (kit / "course" / "zh-CN").mkdir()
    (kit / "course" / "zh-CN" / "nbgrader_config.py").write_text("c = get_config()\n", encoding="utf-8")
    (kit / "notebooks" / "zh-CN").mkdir(parents=True)
    return kit


def test_chinese_lab_has_chinese_menus_notebooks_course_and_kernels(chinese_kit, started, tmp_path, monkeypatch):
    monkeypatch.setenv("CXLAB_LANG", "en")
    assert cli.main(["--root", str(chinese_kit), "lab", "--lang", "zh-CN", "--no-browser"]) == 0
    (call,) = started
    kit = chinese_kit.resolve()
    assert f"--CourseDirectory.root={kit / 'course' / 'zh-CN'}" in call["command"]
    assert "--LabApp.default_url=/lab/tree/notebooks/zh-CN" in call["command"]
    assert f"--ServerApp.root_dir={kit}" in call["command"]
    assert call["env"]["JUPYTER_CONFIG_PATH"].split(os.pathsep)[0] == str(kit / "course" / "zh-CN")
    assert call["env"]["CXLAB_LANG"] == "zh-CN"
    overrides = json.loads((tmp_path / "app-settings" / "overrides.json").read_text(encoding="utf-8"))
    assert overrides[lab.TRANSLATION_PLUGIN] == {"locale": "zh_CN"}
    assert overrides["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false", "classroom settings kept"


def test_english_lab_sets_the_interface_back_to_english(chinese_kit, started, tmp_path, monkeypatch):
    monkeypatch.setenv("CXLAB_LANG", "zh-CN")  # left over in the trainer's shell
    cli.main(["--root", str(chinese_kit), "lab", "--lang", "zh-CN", "--no-browser"])
    cli.main(["--root", str(chinese_kit), "lab", "--no-browser"])
    english = started[-1]
    assert f"--CourseDirectory.root={chinese_kit.resolve() / 'course'}" in english["command"]
    assert not any(arg.startswith("--LabApp.default_url") for arg in english["command"])
    assert "CXLAB_LANG" not in english["env"]
    overrides = json.loads((tmp_path / "app-settings" / "overrides.json").read_text(encoding="utf-8"))
    assert overrides[lab.TRANSLATION_PLUGIN] == {"locale": "en"}


def test_chinese_lab_without_the_chinese_edition_says_to_build(kit, started, capsys):
    assert cli.main(["--root", str(kit), "lab", "--lang", "zh-CN"]) == 2
    assert "run `cxlab build` first" in capsys.readouterr().err
    assert not started


def test_the_chinese_language_pack_is_installed_and_translates_the_run_menu():
    """JupyterLab's own lookup finds the zh_CN pack (a 4.5 pack in JupyterLab 4.6) and its 运行."""
    from jupyterlab_server.translation_utils import get_language_pack, get_language_packs

    packs, problem = get_language_packs()
    assert "zh_CN" in packs, problem
    strings, problem = get_language_pack("zh_CN")
    assert strings.get("jupyterlab", {}).get("Run") == ["运行"], problem


def test_the_locale_setting_is_jupyterlabs_own():
    schema = Path(sys.prefix, "share", "jupyter", "lab", "schemas", "@jupyterlab", "translation-extension", "plugin.json")
    if not schema.is_file():
        from jupyterlab.commands import get_app_dir

        schema = Path(get_app_dir(), "schemas", "@jupyterlab", "translation-extension", "plugin.json")
    assert "locale" in json.loads(schema.read_text(encoding="utf-8"))["properties"]
