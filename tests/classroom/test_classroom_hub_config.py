"""The hub configuration `up` writes loads in JupyterHub and says what the class needs."""

import subprocess
import sys

import pytest

from cxlab.classroom import hub, state
from cxlab.errors import CxlabError


def test_written_hub_config_loads_in_jupyterhub(tmp_path):
    from jupyterhub.app import JupyterHub

    folder = state.prepare(tmp_path / "state")
    settings = hub.HubSettings(state=str(folder.root), lectures=str(tmp_path / "notebooks"), users=["wang", "li01"],
                               admins=["wang"], port=8123, hub_port=8124, proxy_api_port=8125, memory_mb=512,
                               idle_minutes=30)
    path = hub.write_config(folder, settings)
    assert oct(path.stat().st_mode & 0o777) == "0o600"

    app = JupyterHub()
    app.load_config_file(str(path))
    config = app.config
    assert config.JupyterHub.port == 8123 and config.JupyterHub.hub_port == 8124
    assert config.JupyterHub.authenticator_class == "pam"
    assert config.Authenticator.allowed_users == {"wang", "li01"}
    assert config.JupyterHub.spawner_class is hub.ClassroomSpawner
    assert config.Spawner.mem_limit == "512M"
    assert config.Spawner.environment["JUPYTER_CONFIG_PATH"] == str(folder.learner_config)
    assert config.JupyterHub.db_url == f"sqlite:///{folder.database}"
    services = {s["name"]: s for s in config.JupyterHub.services}
    assert services[hub.ADMIN_SERVICE]["api_token"] == state.admin_token(folder)
    assert "--timeout=1800" in services[hub.CULLER_SERVICE]["command"]
    roles = {r["name"]: r for r in config.JupyterHub.load_roles}
    assert roles["admin"]["users"] == ["wang"] and roles["admin"]["services"] == [hub.ADMIN_SERVICE]
    assert "delete:servers" in roles[hub.CULLER_SERVICE]["scopes"]


def test_learner_server_processes_get_the_memory_limit(account_names):
    from cxlab.classroom import accounts
    from cxlab.classroom.roster import Member

    learner = account_names("m")
    accounts.ensure([Member(learner, "learner")])
    spawner = hub.ClassroomSpawner(mem_limit="512M")
    shown = subprocess.run(["sh", "-c", "id -un; ulimit -v"], preexec_fn=spawner.make_preexec_fn(learner),
                           capture_output=True, text=True, check=True)
    assert shown.stdout.split() == [learner, str(512 * 1024)], shown.stdout


def test_up_refuses_an_install_learners_cannot_run(monkeypatch, tmp_path):
    from cxlab.classroom import up

    private = tmp_path / "private"
    (private / "bin").mkdir(parents=True)
    private.chmod(0o700)
    python = private / "bin" / "python"
    python.symlink_to(sys.executable)
    monkeypatch.setattr(up.sys, "executable", str(python))
    monkeypatch.setattr(up.shutil, "which", lambda name: "/usr/bin/" + name)
    if sys.platform.startswith("linux") and up.os.geteuid() == 0:
        with pytest.raises(CxlabError, match="learners' accounts cannot run this CX Lab"):
            up.check_server()
    else:
        with pytest.raises(CxlabError, match="as root"):
            up.check_server()


def test_cli_collect_without_a_state_folder_is_a_one_line_error(tmp_path, capsys):
    from cxlab.cli import main

    assert main(["classroom", "collect", "01-foundations", "--state", str(tmp_path / "missing")]) == 2
    error = capsys.readouterr().err
    assert error.startswith("cxlab: error:") and "classroom up" in error and error.count("\n") == 1


def test_lectures_are_copied_on_first_login_only_and_belong_to_the_learner(account_names, public_folder):
    from cxlab.classroom import accounts
    from cxlab.classroom.roster import Member

    learner = account_names("c")
    accounts.ensure([Member(learner, "learner")])
    lectures = public_folder / "notebooks"
    (lectures / "zh-CN").mkdir(parents=True)
    (lectures / "01-foundations.ipynb").write_text("{}")
    (lectures / "zh-CN" / "01-foundations.ipynb").write_text("{}")

    copied = hub.copy_lectures(lectures, learner)

    assert copied == accounts.home(learner) / hub.LECTURES_FOLDER
    assert sorted(p.name for p in copied.iterdir()) == ["01-foundations.ipynb"], "the other language stays out"
    uid = accounts.pwd.getpwnam(learner).pw_uid
    assert {p.stat().st_uid for p in (copied, *copied.iterdir())} == {uid}
    (copied / "01-foundations.ipynb").write_text("the learner's own notes")
    assert hub.copy_lectures(lectures, learner) is None
    assert (copied / "01-foundations.ipynb").read_text() == "the learner's own notes"


def test_chinese_class_uses_the_chinese_course_and_lectures(tmp_path):
    from cxlab.classroom import up

    (tmp_path / "course" / "zh-CN" / "source").mkdir(parents=True)
    course, lectures = up.kit_sources(tmp_path, "zh-CN")
    assert course == tmp_path / "course" / "zh-CN" and lectures == tmp_path / "notebooks" / "zh-CN"
    assert up.kit_sources(tmp_path, "en") == (tmp_path / "course", tmp_path / "notebooks")


def test_a_chinese_class_gets_jupyterlab_in_chinese_readable_by_every_learner(tmp_path):
    import json
    import stat

    from cxlab.classroom import up

    path = up.install_lab_settings("zh-CN", tmp_path / "overrides.json")
    settings = json.loads(path.read_text(encoding="utf-8"))
    assert settings["@jupyterlab/translation-extension:plugin"] == {"locale": "zh_CN"}
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    up.install_lab_settings("en", path)
    assert json.loads(path.read_text(encoding="utf-8"))["@jupyterlab/translation-extension:plugin"] == {"locale": "en"}


def test_up_refuses_a_state_folder_learners_cannot_reach(public_folder):
    from cxlab.classroom import up

    private = public_folder / "private"
    private.mkdir(mode=0o700)
    with pytest.raises(CxlabError, match=f"{private} is closed to other accounts"):
        up.check_state_folder(private / "state")
    up.check_state_folder(public_folder / "state")  # /tmp/... 0711: no error
