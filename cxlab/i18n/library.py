"""The library's own sentences: every ``_("…")`` in ``cxlab/**/*.py`` and every ``"…" | gettext`` in
its templates, extracted into ``locale/zh_CN/LC_MESSAGES/cxlab.po`` (read at run time by
:mod:`cxlab.lang`).

Extraction reads the code with :mod:`ast` (only literal strings are messages: ``_(f"…")`` or
``_(name)`` cannot be looked up and are reported) and the templates with a pattern. The catalog is
merged like every other (:func:`cxlab.i18n.catalog.merge`): a changed sentence keeps its old
translation marked fuzzy until a translator revises it; ``cxlab.lang`` shows English meanwhile.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from cxlab.i18n.catalog import CatalogChange, ExtractedEntry, merge_into
from cxlab.i18n.sources import catalog_dir

CATALOG_NAME = "cxlab"
#: ``_`` translates now; ``N_`` only marks a constant for extraction (translated where it is shown).
MARKERS = ("_", "N_")
#: In a Jinja template (the feedback page): ``{{ "Your answer" | gettext }}``.
TEMPLATE_MESSAGE = re.compile(r'"((?:[^"\\]|\\.)+)"\s*\|\s*gettext\b')
TEMPLATE_SUFFIXES = (".j2",)


def library_catalog_path(kit_root: Path) -> Path:
    return catalog_dir(kit_root) / f"{CATALOG_NAME}.po"


def package_dir(kit_root: Path) -> Path:
    return Path(kit_root) / "cxlab"


def library_files(kit_root: Path) -> list[Path]:
    package = package_dir(kit_root)
    code = [p for p in sorted(package.rglob("*.py")) if "__pycache__" not in p.parts]
    templates = [p for p in sorted(package.rglob("*")) if p.suffix in TEMPLATE_SUFFIXES]
    return code + templates


class NotAMessage(ValueError):
    """``_()`` called with something other than one literal string."""


def messages_in_code(source: str, shown: str) -> list[tuple[str, int]]:
    """(message, line) of every ``_("literal")`` and ``N_("literal")`` in Python source."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in MARKERS):
            continue
        argument = node.args[0] if len(node.args) == 1 and not node.keywords else None
        if not (isinstance(argument, ast.Constant) and isinstance(argument.value, str)):
            raise NotAMessage(
                f"{shown}:{node.lineno}: {node.func.id}() needs one literal string (use str.format fields, "
                "not an f-string or a variable), or the message cannot be translated"
            )
        found.append((argument.value, node.lineno))
    return sorted(found, key=lambda item: item[1])


def messages_in_template(text: str) -> list[tuple[str, int]]:
    return [
        (match.group(1).encode().decode("unicode_escape") if "\\" in match.group(1) else match.group(1),
         text.count("\n", 0, match.start()) + 1)
        for match in TEMPLATE_MESSAGE.finditer(text)
    ]


def extract_library(kit_root: Path) -> list[ExtractedEntry]:
    """Every message of the library, one entry per distinct English text, in file and line order."""
    root = Path(kit_root)
    entries: dict[str, ExtractedEntry] = {}
    for path in library_files(root):
        shown = path.relative_to(root).as_posix()
        text = path.read_text(encoding="utf-8")
        found = messages_in_code(text, shown) if path.suffix == ".py" else messages_in_template(text)
        kind = "text the library shows" if path.suffix == ".py" else "text of a page template"
        for message, line in found:
            entry = entries.setdefault(message, ExtractedEntry(message))
            entry.occurrences.append((shown, str(line)))
            if kind not in entry.notes:
                entry.notes.append(kind)
    return list(entries.values())


def update_library_catalog(kit_root: Path) -> CatalogChange:
    """Bring ``cxlab.po`` in line with the library's messages (writes it only when it changes)."""
    return merge_into(library_catalog_path(kit_root), extract_library(kit_root), "the cxlab library's own messages")
