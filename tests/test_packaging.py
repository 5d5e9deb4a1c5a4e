"""Installation stays honest: one list of dependencies, a light import."""

from __future__ import annotations

import subprocess
import sys
import tomllib

import yaml

from kit import ROOT


def pyproject_requirements() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        requirements += extra
    return {r.replace(" ", "") for r in requirements}


def conda_pip_requirements() -> set[str]:
    environment = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip_section = next(d["pip"] for d in environment["dependencies"] if isinstance(d, dict))
    return {r.replace(" ", "") for r in pip_section if r != "-e ."}


def test_environment_yml_mirrors_pyproject():
    assert conda_pip_requirements() == pyproject_requirements(), (
        "environment.yml and pyproject.toml list different dependencies; copy the change to both"
    )


def test_import_cxlab_does_not_load_heavy_modules():
    heavy = ["matplotlib", "ipywidgets", "statsmodels", "nbgrader", "scipy"]
    code = (
        "import sys, cxlab, cxlab.nps, cxlab.servqual, cxlab.datasets;"
        f"print(','.join(m for m in {heavy!r} if m in sys.modules))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "", f"importing cxlab loaded {loaded}; import them inside the functions that need them"
