"""The layers of cxlab keep to their rules: measures never load files or draw, data never draws or
grades, charts and explorers never load files or grade, building never grades.

An AST check over every module of cxlab/: each import (top level or inside a function, absolute or
relative, ``importlib.import_module("...")`` too) and each file-reading or -writing call is compared
with the table below. A module pattern ending in ``*`` matches by plain prefix (``cxlab.simulate*``
matches ``cxlab/simulate.py``, ``cxlab/simulate/`` and ``cxlab/simulate_nps.py``); otherwise it
matches the module and its submodules. The negative checks at the end feed the checker small fake
modules that break a rule, so this test can fail.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "cxlab"

#: Modules of each layer. Analytics are listed one by one: a new measure module joins this list.
LAYERS = {
    "analytics": ("cxlab.nps", "cxlab.servqual", "cxlab.reliability", "cxlab.ahp", "cxlab.ipa", "cxlab.queueing",
                  "cxlab.journey", "cxlab.effects", "cxlab.experience", "cxlab.branches", "cxlab.priorities",
                  "cxlab.transformation", "cxlab.universe", "cxlab.waits", "cxlab._validate",
                  "cxlab.kpi", "cxlab.drivers", "cxlab.factors", "cxlab.complaints", "cxlab.chain", "cxlab.loop"),
    "data": ("cxlab.datasets*", "cxlab.simulate*"),
    "views": ("cxlab.plots", "cxlab.widgets"),
    "build": ("cxlab.build",),
    "grading": ("cxlab.grading",),
}

_DRAWING = ("matplotlib", "ipywidgets", "IPython")

#: layer -> (imports it must never make, whether it may read or write files)
RULES = {
    "analytics": (("cxlab.datasets*", "cxlab.simulate*", "cxlab.plots", "cxlab.widgets", "cxlab.grading",
                   "cxlab.build", "cxlab.lab", "cxlab.cli", "cxlab.classroom", *_DRAWING), False),
    "data": (("cxlab.plots", "cxlab.widgets", "cxlab.grading", "cxlab.classroom", *_DRAWING), True),
    "views": (("cxlab.datasets*", "cxlab.simulate*", "cxlab.grading", "cxlab.build", "cxlab.lab", "cxlab.cli",
               "cxlab.classroom"), False),
    "build": (("cxlab.grading",), True),
    "grading": (("cxlab.classroom",), True),
}

#: Calls that read or write files: ``open(...)`` and these methods or functions.
FILE_IO = {"open", "read_csv", "to_csv", "read_excel", "to_excel", "read_parquet", "to_parquet", "read_json",
           "to_json", "read_text", "write_text", "read_bytes", "write_bytes", "loadtxt", "savetxt", "savefig",
           "load", "save", "savez"}
#: ``load``/``save`` are file I/O only on these objects (``np.load``, ``pickle.load``, ``json.load``...).
_IO_OWNERS = {"np", "numpy", "pickle", "json", "yaml", "joblib", "torch"}


def matches(module: str, pattern: str) -> bool:
    if pattern.endswith("*"):
        return module.startswith(pattern[:-1])
    return module == pattern or module.startswith(pattern + ".")


def layer_of(module: str) -> str | None:
    for layer, patterns in LAYERS.items():
        if any(matches(module, p) for p in patterns):
            return layer
    return None


@dataclass(frozen=True)
class Finding:
    module: str
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.module} line {self.line}: {self.what}"


def imports_of(tree: ast.AST, module: str, is_package: bool) -> list[tuple[int, str]]:
    """(line, module name) of every import, relative ones resolved against ``module``."""
    package = module if is_package else module.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join(parts + ([node.module] if node.module else []))
            found.append((node.lineno, base))
            # ``from cxlab import datasets`` imports the module cxlab.datasets
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
        elif (isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module"
              and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            found.append((node.lineno, node.args[0].value))
    return found


def file_io_calls(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id == "open":
            found.append((node.lineno, "open("))
        elif isinstance(func, ast.Attribute) and func.attr in FILE_IO:
            owner = func.value.id if isinstance(func.value, ast.Name) else ""
            if func.attr in {"load", "save", "savez"} and owner not in _IO_OWNERS:
                continue
            found.append((node.lineno, f".{func.attr}("))
    return found


def check(source: str, module: str, is_package: bool = False) -> list[Finding]:
    """Every break of the rules of ``module``'s layer in ``source``."""
    layer = layer_of(module)
    if layer is None:
        return []
    forbidden, may_do_io = RULES[layer]
    tree = ast.parse(source)
    findings = []
    for line, name in imports_of(tree, module, is_package):
        broken = next((p for p in forbidden if matches(name, p)), None)
        if broken:
            findings.append(Finding(module, line, f"{layer} module imports {name} (rule: never {broken})"))
    if not may_do_io:
        findings += [Finding(module, line, f"{layer} module does file I/O: {call}")
                     for line, call in file_io_calls(tree)]
    return findings


def modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        is_package = parts[-1] == "__init__"
        yield ".".join(parts[:-1] if is_package else parts), path, is_package


def test_every_layer_has_modules_so_the_table_is_not_stale():
    found = {layer_of(name) for name, _, _ in modules()}
    assert set(LAYERS) <= found, f"no module found for layer(s) {set(LAYERS) - found}: update LAYERS"
    listed = {p for p in LAYERS["analytics"]}
    present = {name for name, _, _ in modules()}
    assert listed <= present, f"analytics modules listed but missing: {sorted(listed - present)}"


def test_the_layers_keep_their_rules():
    findings = []
    for name, path, is_package in modules():
        findings += check(path.read_text(encoding="utf-8"), name, is_package)
    assert not findings, "layering broken:\n" + "\n".join(map(str, findings))


# --------------------------------------------------------------------------- the checker can fail

@pytest.mark.parametrize("module, source, expected", [
    ("cxlab.effects", "def f():\n    import matplotlib.pyplot as plt\n", r"analytics module imports matplotlib"),
    ("cxlab.nps", "import pandas as pd\ndef f(p):\n    return pd.read_csv(p)\n", r"file I/O: \.read_csv\("),
    ("cxlab.journey", "def f(p):\n    with open(p) as fh:\n        return fh.read()\n", r"file I/O: open\("),
    ("cxlab.experience", "from cxlab.datasets import load\n", r"imports cxlab\.datasets"),
    ("cxlab.plots.nps", "from cxlab import simulate\n", r"views module imports cxlab\.simulate"),
    ("cxlab.plots.nps", "from .. import datasets\n", r"views module imports cxlab\.datasets"),
    ("cxlab.widgets.nps", "def f(fig):\n    fig.savefig('x.png')\n", r"file I/O: \.savefig\("),
    ("cxlab.simulate.nps", "import cxlab.plots\n", r"data module imports cxlab\.plots"),
    ("cxlab.simulate_queue", "from cxlab.grading import runner\n", r"data module imports cxlab\.grading"),
    ("cxlab.datasets.card", "import importlib\nimportlib.import_module('cxlab.widgets')\n", r"imports cxlab\.widgets"),
    ("cxlab.build", "from cxlab.grading.runner import grade\n", r"build module imports cxlab\.grading"),
    ("cxlab.grading.cohort", "from cxlab.classroom import hub\n", r"grading module imports cxlab\.classroom"),
])
def test_a_module_that_breaks_a_rule_is_caught(module, source, expected):
    findings = check(source, module)
    assert findings, f"{module}: the checker missed a broken rule in {source!r}"
    assert re.search(expected, str(findings[0])), str(findings[0])


def test_allowed_imports_and_reads_pass():
    assert check("import numpy as np\nfrom cxlab import nps\n", "cxlab.effects") == []
    assert check("from cxlab.plots import journey_map\nfrom cxlab.effects import did_regression\n",
                 "cxlab.widgets.transformation") == []
    assert check("import pandas as pd\ndef load(p):\n    return pd.read_csv(p)\n", "cxlab.datasets") == []
    assert check("import matplotlib\n", "cxlab.cli") == [], "modules outside the table have no rules"
