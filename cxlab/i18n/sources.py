"""Which English files are translated, the catalog of each, and where its Chinese edition goes.

Contract paths: ``solutions/zh-CN/<name>.ipynb`` and ``notebooks/zh-CN/<name>.ipynb`` for every
lecture; ``course/zh-CN/`` (its own ``nbgrader_config.py``, ``source/<NN-topic>/`` with the same
names) for the graded course; ``course/guide/zh-CN/<page>.md``; ``datasets/README.zh-CN.md``;
``README.zh-CN.md``; and ``course/zh-CN/concepts.yml`` (the concepts' labels). One catalog per
translated file, in ``locale/zh_CN/LC_MESSAGES/``.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

LANGUAGE = "zh-CN"  # the folder and file tag of the edition
LOCALE = "zh_CN"  # gettext's name of the same language


@dataclass(frozen=True)
class Source:
    """An English master that has a catalog: a lecture, an assignment, a guide page or a README."""

    path: Path
    kind: str  # "lecture", "assignment", "guide", "readme" or "concepts" (course/concepts.yml)
    catalog_name: str

    @property
    def is_notebook(self) -> bool:
        return self.path.suffix == ".ipynb"


def catalog_dir(kit_root: Path) -> Path:
    return Path(kit_root) / "locale" / LOCALE / "LC_MESSAGES"


def glossary_path(kit_root: Path) -> Path:
    return Path(kit_root) / "locale" / LOCALE / "glossary.csv"


def catalog_path(kit_root: Path, source: Source) -> Path:
    return catalog_dir(kit_root) / f"{source.catalog_name}.po"


def sources(kit_root: Path) -> list[Source]:
    """Every English master the Chinese edition is made from, in a stable order."""
    root = Path(kit_root)
    found = [Source(path, "lecture", f"lecture-{path.stem}") for path in sorted(root.glob("solutions/*.ipynb"))]
    for path in sorted(root.glob("course/source/*/*.ipynb")):
        assignment = path.parent.name
        name = f"assignment-{assignment}" if path.stem == assignment else f"assignment-{assignment}-{path.stem}"
        found.append(Source(path, "assignment", name))
    found += [Source(path, "guide", f"guide-{path.stem}") for path in sorted(root.glob("course/guide/*.md"))]
    for path, name in ((root / "datasets" / "README.md", "datasets-README"), (root / "README.md", "README")):
        if path.exists():
            found.append(Source(path, "readme", name))
    if (root / "course" / "concepts.yml").exists():
        found.append(Source(root / "course" / "concepts.yml", "concepts", "concepts"))
    return found


def chinese_edition_paths(kit_root: Path) -> dict[Path, Path]:
    """Each English file of the kit that has a Chinese edition, with the path of that edition.

    Learner editions and the course's ``nbgrader_config.py`` are included: their Chinese editions
    are generated too (from the Chinese masters, and from the English configuration).
    """
    root = Path(kit_root)
    paths: dict[Path, Path] = {}
    for source in sources(root):
        path = source.path
        if source.kind == "lecture":
            paths[path] = root / "solutions" / LANGUAGE / path.name
            paths[root / "notebooks" / path.name] = root / "notebooks" / LANGUAGE / path.name
        elif source.kind == "assignment":
            relative = path.relative_to(root / "course")
            paths[path] = root / "course" / LANGUAGE / relative
        elif source.kind == "guide":
            paths[path] = root / "course" / "guide" / LANGUAGE / path.name
        elif source.kind == "concepts":
            paths[path] = root / "course" / LANGUAGE / path.name
        else:
            paths[path] = path.with_name(f"{path.stem}.{LANGUAGE}{path.suffix}")
    config = root / "course" / "nbgrader_config.py"
    if config.exists():
        paths[config] = root / "course" / LANGUAGE / "nbgrader_config.py"
    return paths


@lru_cache(maxsize=1)
def data_vocabulary() -> frozenset[str]:
    """Names code uses as data: the datasets' columns, category labels and branch names, and the
    labels the library defines as constants (a blueprint's lanes, the IPA quadrants …).

    A string literal equal to one of them is a data value, never translated (the sentence rule,
    :mod:`cxlab.i18n.code`): ``plots.service_blueprint`` only knows the lane "support process".
    """
    from cxlab.datasets import load
    from cxlab.datasets.schemas import SCHEMAS

    words: set[str] = set(library_constants())
    for columns in SCHEMAS.values():
        for name, column in columns.items():
            words.add(name)
            words.update(str(category) for category in column.categories)
    branches = load("branches")
    for column in ("name", "name_zh", "district"):
        if column in branches.columns:
            words.update(str(value) for value in branches[column].dropna())
    return frozenset(words)


def library_constants() -> set[str]:
    """Strings in cxlab's module-level constants: items of tuples, lists and sets, keys of dicts.

    These are the labels the library's functions expect as arguments; dict *values* are what the
    library shows, so they are not included.
    """
    package = Path(__file__).resolve().parent.parent
    found: set[str] = set()
    for path in sorted(package.rglob("*.py")):
        if "i18n" in path.relative_to(package).parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for statement in tree.body:
            value = statement.value if isinstance(statement, (ast.Assign, ast.AnnAssign)) else None
            if isinstance(value, (ast.Tuple, ast.List, ast.Set)):
                items = value.elts
            elif isinstance(value, ast.Dict):
                items = [key for key in value.keys if key is not None]
            else:
                continue
            found.update(item.value for item in items if isinstance(item, ast.Constant) and isinstance(item.value, str))
    return found
