"""What keeps the Chinese edition from being complete and current, one line per problem.

``problems(kit_root)`` is what ``cxlab build --check`` reports: catalogs missing or behind their
English master, entries untranslated or fuzzy, translations that would break the code, glossary
terms not used, on-screen words not quoted as the Chinese screen shows them (:mod:`cxlab.i18n.screen`),
and Chinese editions out of date.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from cxlab.i18n.catalog import extract, read_catalog
from cxlab.i18n.render import first_words
from cxlab.i18n.screen import CHINESE_STUB_SPANS, screen_problems
from cxlab.i18n.sources import catalog_path, glossary_path, sources
from cxlab.i18n.units import fields

UPDATE = "python -m cxlab.i18n update"


@dataclass(frozen=True)
class Term:
    """A glossary row: the English term and its Chinese forms (``|`` separates accepted variants
    in both columns). A space and a hyphen match each other, and a plural matches too."""

    english: tuple[str, ...]
    chinese: tuple[str, ...]
    note: str = ""

    def pattern(self) -> re.Pattern:
        variants = [
            r"[\s-]+".join(re.escape(word) for word in re.split(r"[\s-]+", variant)) for variant in self.english
        ]
        return re.compile(rf"(?<![\w-])(?:{'|'.join(variants)})(?:s|es)?(?![\w-])", re.IGNORECASE)

    def first_words(self) -> tuple[str, ...]:
        """The first word of each English variant, in lower case: text without one cannot match."""
        return tuple(re.split(r"[\s-]+", variant.strip())[0].lower() for variant in self.english)


def load_glossary(path: Path) -> list[Term]:
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    missing = {"english", "chinese", "note"} - set(rows[0] if rows else {})
    if missing:
        raise ValueError(f"{path}: the glossary needs the columns english, chinese, note; missing {sorted(missing)}")
    return [Term(_variants(row["english"]), _variants(row["chinese"]), row["note"] or "") for row in rows]


def _variants(cell: str) -> tuple[str, ...]:
    return tuple(variant.strip() for variant in cell.split("|") if variant.strip())


CODE_SPAN = re.compile(r"`[^`]+`")
# Code spans, quoted identifiers and {fields} name code, not concepts: `promoters` needs no 推荐者.
CODE_IN_TEXT = re.compile(r"`[^`]*`|\{[^{}]*\}|'[\w.-]*'|\"[\w.-]*\"")


def glossary_problems(catalog, glossary: list[Term]) -> list[str]:
    """Translated entries whose English uses a glossary term but whose Chinese lacks its form."""
    found = []
    patterns = [(term, term.pattern(), term.first_words()) for term in glossary]
    for entry in _entries(catalog):
        if not entry.msgstr:
            continue
        english = CODE_IN_TEXT.sub(" ", entry.msgid)
        lower = english.lower()
        # A term whose first word is nowhere in the text cannot match: its pattern is not run
        # (thousands of entries against every term cost seconds in each `cxlab build --check`).
        present = [(term, pattern) for term, pattern, words in patterns if any(w in lower for w in words)]
        for term in _terms_used(english, present):
            if not any(form in entry.msgstr for form in term.chinese):
                found.append(
                    f"{_where(entry)}: “{first_words(entry.msgid)}” uses “{term.english[0]}”; "
                    f"the translation should say {' or '.join(term.chinese)}"
                )
    return found


def _terms_used(english: str, patterns) -> list[Term]:
    """The glossary terms ``english`` uses, leaving out a term met only inside a longer one
    ("promoter" in "Net Promoter Score" asks for 净推荐值, not 推荐者)."""
    matches = [(term, found.span()) for term, pattern in patterns for found in pattern.finditer(english)]

    def inside_longer(span) -> bool:
        return any(other != span and other[0] <= span[0] and span[1] <= other[1] for _, other in matches)

    return list(dict.fromkeys(term for term, span in matches if not inside_longer(span)))


def entry_problems(catalog) -> list[str]:
    """Untranslated and fuzzy entries, and translations that lose a {field} or a `code span`, or
    put a | in a table cell."""
    found = []
    for entry in _entries(catalog):
        words = first_words(entry.msgid)
        if not entry.msgstr:
            found.append(f"{_where(entry)}: untranslated: “{words}”")
            continue
        if "fuzzy" in entry.flags:
            found.append(f"{_where(entry)}: fuzzy (the English changed since it was translated): “{words}”")
        if fields(entry.msgid) != fields(entry.msgstr):
            found.append(f"{_where(entry)}: the translation must keep {', '.join(fields(entry.msgid))}: “{words}”")
        lost = [span for span in dict.fromkeys(CODE_SPAN.findall(entry.msgid))
                if span not in entry.msgstr and CHINESE_STUB_SPANS.get(span, span) not in entry.msgstr]
        if lost:
            found.append(f"{_where(entry)}: the translation must keep the code {', '.join(lost)}: “{words}”")
        if "table cell" in (entry.comment or "") and re.search(r"(?<!\\)\|", entry.msgstr):
            found.append(f"{_where(entry)}: a table cell's translation cannot contain | (write \\|): “{words}”")
    return found


def catalog_problems(kit_root: Path) -> list[str]:
    """Every catalog missing or behind its master, and every entry problem of every catalog."""
    root = Path(kit_root)
    found = []
    glossary_file = glossary_path(root)
    glossary = load_glossary(glossary_file) if glossary_file.exists() else []
    for source in sources(root):
        path = catalog_path(root, source)
        shown = path.relative_to(root)
        if not path.exists():
            found.append(f"{shown}: missing, so {source.path.relative_to(root)} has no translation (run `{UPDATE}`)")
            continue
        catalog = read_catalog(path)
        wanted = {entry.msgid for entry in extract(source.path, root)}
        have = {entry.msgid for entry in catalog if not entry.obsolete}
        if wanted != have:
            found.append(
                f"{shown}: behind {source.path.relative_to(root)} ({len(wanted - have)} new, "
                f"{len(have - wanted)} removed English units; run `{UPDATE}`)"
            )
        found += entry_problems(catalog) + glossary_problems(catalog, glossary) + screen_problems(catalog)
    return found + library_catalog_problems(root, glossary)


def library_catalog_problems(kit_root: Path, glossary: list[Term]) -> list[str]:
    """The library's catalog ``cxlab.po``: missing, behind the code's ``_()`` messages, or incomplete."""
    from cxlab.i18n.library import NotAMessage, extract_library, library_catalog_path

    root = Path(kit_root)
    path = library_catalog_path(root)
    shown = path.relative_to(root)
    if not (root / "cxlab").is_dir():
        return []  # a kit without the library's source (an installed cxlab) has nothing to extract
    if not path.exists():
        return [f"{shown}: missing, so the library's messages have no translation (run `{UPDATE}`)"]
    try:
        wanted = {entry.msgid for entry in extract_library(root)}
    except NotAMessage as error:
        return [str(error)]
    catalog = read_catalog(path)
    have = {entry.msgid for entry in catalog if not entry.obsolete}
    found = []
    if wanted != have:
        found.append(
            f"{shown}: behind the library's code ({len(wanted - have)} new, {len(have - wanted)} removed "
            f"messages; run `{UPDATE}`)"
        )
    return found + entry_problems(catalog) + glossary_problems(catalog, glossary) + screen_problems(catalog)


def problems(kit_root: Path) -> list[str]:
    """Everything ``cxlab build --check`` must report about the Chinese edition, one line each."""
    from cxlab.i18n.editions import stale_chinese_editions
    from cxlab.i18n.render import TranslationError

    found = catalog_problems(kit_root)
    try:
        found += stale_chinese_editions(kit_root)
    except TranslationError as error:
        found.append(str(error))
    return found


def _entries(catalog):
    return [entry for entry in catalog if not entry.obsolete]


def _where(entry) -> str:
    if not entry.occurrences:
        return "(no place)"
    file, place = entry.occurrences[0]
    if not place and ":" in file:  # polib reads `#: file.ipynb:cell-id` back as one name
        file, place = file.rsplit(":", 1)
    more = f" (+{len(entry.occurrences) - 1} more)" if len(entry.occurrences) > 1 else ""
    kind = "line" if place.isdigit() else "concept" if file.endswith(".yml") else "cell"
    return f"{file}, {kind} {place}{more}"
