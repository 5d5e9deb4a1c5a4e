"""The Zero to JupyterHub configuration in deploy/: what can be checked without a cluster."""

import yaml

from kit import ROOT

VALUES = ROOT / "deploy" / "z2jh" / "values.yaml"


def values() -> dict:
    return yaml.safe_load(VALUES.read_text(encoding="utf-8"))


def test_values_set_the_safe_defaults_of_a_class():
    config = values()
    assert config["cull"]["enabled"] is True and config["cull"]["timeout"] > 0
    assert config["singleuser"]["memory"]["limit"]
    assert config["singleuser"]["storage"]["type"] == "dynamic", "each learner gets their own volume"
    assert config["singleuser"]["defaultUrl"] == "/lab"


def test_exchange_is_ngshare_with_no_shared_file_system():
    config = values()
    learner_config = config["singleuser"]["extraFiles"]["nbgrader-config"]["stringData"]
    assert "configureExchange" in learner_config and "services/ngshare" in learner_config
    compile(learner_config, "nbgrader_config.py", "exec")
    hub_config = config["hub"]["extraConfig"]["cxlab-ngshare.py"]
    compile(hub_config, "cxlab-ngshare.py", "exec")
    assert '"name": "ngshare"' in hub_config
    volumes = str(config["singleuser"].get("storage", {}).get("extraVolumes", ""))
    assert "exchange" not in volumes


def test_hub_config_loads_in_jupyterhub(tmp_path):
    from jupyterhub.app import JupyterHub

    config = values()
    path = tmp_path / "jupyterhub_config.py"
    # The authenticator's package (oauthenticator) is in the chart's hub image, not in this environment.
    authenticator = config["hub"]["config"]["JupyterHub"].pop("authenticator_class")
    assert authenticator == "generic-oauth"
    settings = "".join(f"c.{section}.{key} = {value!r}\n" for section, keys in config["hub"]["config"].items()
                       for key, value in keys.items())
    path.write_text("c.JupyterHub.services = []\n" + settings + config["hub"]["extraConfig"]["cxlab-ngshare.py"])
    app = JupyterHub()
    app.load_config_file(str(path))
    assert [s["name"] for s in app.config.JupyterHub.services] == ["ngshare"]
    assert app.config.GenericOAuthenticator.admin_groups == ["cxlab-trainers"]
