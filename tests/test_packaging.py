"""Installation stays honest: one list of dependencies, a light import, a wheel that carries its data."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import pytest
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


#: What the wheel is built from: the files pyproject.toml and setup.py name, nothing else.
BUILD_INPUTS = ("pyproject.toml", "setup.py", "README.md", "LICENSE", "LICENSE-CONTENT", "cxlab", "datasets", "locale")

LOAD_EVERY_DATASET = """
import json, cxlab, cxlab.datasets as d
from cxlab import lang
cxlab.use_language("zh-CN")
print(json.dumps({"package": cxlab.__file__, "data": str(d.data_dir()),
                  "rows": {name: len(d.load(name)) for name in d.names()},
                  "catalog": str(lang.library_catalog_path()), "chinese": lang._("Question {question}: correct.")}))
"""


def csv_rows(path) -> int:
    with path.open(encoding="utf-8", newline="") as handle:
        return sum(1 for _ in csv.reader(handle)) - 1  # without the header


@pytest.mark.slow
def test_a_wheel_installed_without_a_checkout_loads_every_dataset(tmp_path):
    # Build from a copy, so the build leaves nothing behind in the checkout; no network needed.
    source = tmp_path / "source"
    source.mkdir()
    for name in BUILD_INPUTS:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(ROOT / name, source / name)
    build = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index"]
    subprocess.run([*build, "-q", "-w", str(tmp_path / "dist"), str(source)], check=True, capture_output=True)
    (wheel,) = (tmp_path / "dist").glob("cxlab-*.whl")

    # A fresh environment holding only the wheel; numpy and pandas come from this environment's
    # site-packages through a .pth line (its own .pth files, such as an editable cxlab, do not run).
    target = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(target)], check=True)
    python = target / "bin" / "python"
    # Without PYTHONPATH: a checkout on it would make pip find cxlab "already installed" and install nothing.
    environment = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "CXLAB_DATA_DIR")}
    install = [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", "-q"]
    subprocess.run([*install, str(wheel)], check=True, capture_output=True, env=environment)
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    Path(site, "zz_borrowed_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done = subprocess.run(
        [str(python), "-c", LOAD_EVERY_DATASET], cwd=elsewhere, env=environment, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = json.loads(done.stdout)
    assert Path(loaded["package"]).is_relative_to(target), f"cxlab was imported from {loaded['package']}"
    assert Path(loaded["data"]) == Path(site, "cxlab", "_data"), loaded["data"]
    expected = {path.stem: csv_rows(path) for path in sorted((ROOT / "datasets").glob("*.csv"))}
    assert loaded["rows"] == expected
    # The library's Chinese sentences travel in the wheel too (cxlab._locale).
    assert Path(loaded["catalog"]) == Path(site, "cxlab", "_locale", "zh_CN", "LC_MESSAGES", "cxlab.po")
    assert loaded["chinese"] == "第 {question} 题：正确。"
