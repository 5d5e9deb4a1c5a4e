"""Gettext catalogs: extracting the units of an English master and merging them into its catalog.

The merge follows ``msgmerge``: a unit whose English is unchanged keeps its translation; a new unit
that resembles an old translated one (difflib ratio ≥ ``FUZZY_RATIO``) gets that translation marked
*fuzzy*, with the English it was made for kept as ``#| msgid``; an entry whose English is gone
becomes obsolete (``#~``), kept only when it was translated, so a removed paragraph's translation can
come back if the paragraph does.

No msgctxt: the same English in two places of one file is one entry, translated once; the
``#:`` references name every place (``file:cell-id`` for a notebook, ``file:line`` for a page).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from cxlab.i18n.sources import LOCALE, Source, catalog_path, sources
from cxlab.i18n.units import units_of

FUZZY_RATIO = 0.6
#: The translator's comment on each translated field of a concept.
CONCEPT_NOTES = {"label": "a concept, as the course report's mastery map names it",
                 "reason": "why the concept is not assessed in a cell, for the trainer"}
WRAP_WIDTH = 78  # polib and the gettext tools wrap at this width, so a PO editor's save changes no line


@dataclass
class ExtractedEntry:
    msgid: str
    occurrences: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class CatalogChange:
    """What an update did to one catalog (counts of entries)."""

    path: Path
    new: int
    fuzzy: int
    obsolete: int
    written: bool


def source_segments(path: Path):
    """(location, segments) of each part of an English master: each cell, or the whole page."""
    from cxlab.i18n.render import notebook_segments

    path = Path(path)
    if path.suffix == ".ipynb":
        import nbformat

        return notebook_segments(nbformat.read(path, as_version=4))
    from cxlab.i18n.markdown import split_markdown

    return [(None, split_markdown(path.read_text(encoding="utf-8")))]


def extract(path: Path, kit_root: Path | None = None) -> list[ExtractedEntry]:
    """The translatable units of an English master, one entry per distinct English text, in order."""
    path = Path(path)
    shown = path.relative_to(kit_root).as_posix() if kit_root else path.name
    entries: dict[str, ExtractedEntry] = {}
    if path.suffix == ".yml":  # course/concepts.yml: its labels and reasons (cxlab.i18n.concepts)
        from cxlab.i18n.concepts import concept_texts

        for text, concept, field in concept_texts(path, shown):
            entry = entries.setdefault(text, ExtractedEntry(text))
            entry.occurrences.append((shown, concept))
            note = CONCEPT_NOTES[field]
            if note not in entry.notes:
                entry.notes.append(note)
        return list(entries.values())
    for cell_id, segments in source_segments(path):
        for unit in units_of(segments):
            entry = entries.setdefault(unit.msgid, ExtractedEntry(unit.msgid))
            place = (shown, cell_id if cell_id is not None else str(unit.line))
            if place not in entry.occurrences:
                entry.occurrences.append(place)
            note = f"{unit.kind}. {unit.note}".strip() if unit.note else unit.kind
            if note not in entry.notes:
                entry.notes.append(note)
    return list(entries.values())


def new_catalog(title: str):
    import polib

    catalog = polib.POFile(wrapwidth=WRAP_WIDTH)
    catalog.header = (
        f"Simplified Chinese translation of {title}.\n"
        "Fill in each msgstr (Poedit or any PO editor); keep `code`, $math$ and {fields} as they are.\n"
        "Generated and merged by `python -m cxlab.i18n update`; see locale/README.md."
    )
    catalog.metadata = {
        "Project-Id-Version": "CX Lab",
        "Language": LOCALE,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=1; plural=0;",
    }
    return catalog


def read_catalog(po_path: Path):
    import polib

    return polib.pofile(str(po_path), wrapwidth=WRAP_WIDTH)


def merge(old, extracted: list[ExtractedEntry], title: str):
    """A new catalog for ``extracted`` that keeps what ``old`` knew (msgmerge's rules)."""
    import polib

    merged = new_catalog(title)
    if old is not None:
        merged.header, merged.metadata = old.header, dict(old.metadata)
    old_entries = list(old) if old is not None else []
    by_msgid = {entry.msgid: entry for entry in old_entries}
    translated = [entry for entry in old_entries if entry.msgstr]
    wanted = {item.msgid for item in extracted}
    used: set[str] = set()
    for item in extracted:
        entry = polib.POEntry(
            msgid=item.msgid,
            msgstr="",
            occurrences=item.occurrences,
            comment="\n".join(item.notes),
        )
        previous = by_msgid.get(item.msgid)
        if previous is not None:
            entry.msgstr, entry.flags = previous.msgstr, list(previous.flags)
            entry.previous_msgid, entry.tcomment = previous.previous_msgid, previous.tcomment
            used.add(previous.msgid)
        else:
            similar = _most_similar(item.msgid, translated)
            if similar is not None:
                entry.msgstr, entry.flags, entry.tcomment = similar.msgstr, ["fuzzy"], similar.tcomment
                fuzzy_before = "fuzzy" in similar.flags and similar.previous_msgid
                entry.previous_msgid = similar.previous_msgid if fuzzy_before else similar.msgid
                used.add(similar.msgid)
        merged.append(entry)
    for entry in old_entries:
        if entry.msgid not in wanted and entry.msgid not in used and entry.msgstr:
            gone = polib.POEntry(msgid=entry.msgid, msgstr=entry.msgstr, flags=list(entry.flags), obsolete=True)
            gone.tcomment = entry.tcomment
            merged.append(gone)
    return merged


def _most_similar(msgid: str, candidates):
    best, best_ratio = None, FUZZY_RATIO
    for candidate in candidates:
        matcher = difflib.SequenceMatcher(None, msgid, candidate.msgid, autojunk=False)
        if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio >= best_ratio:
            best, best_ratio = candidate, ratio
    return best


def update_catalog(source_path: Path, po_path: Path, kit_root: Path | None = None) -> CatalogChange:
    """Bring one catalog in line with its English master; writes the file only when it changes."""
    source_path = Path(source_path)
    shown = source_path.relative_to(kit_root).as_posix() if kit_root else source_path.name
    return merge_into(Path(po_path), extract(source_path, kit_root), shown)


def merge_into(po_path: Path, extracted: list[ExtractedEntry], title: str) -> CatalogChange:
    """Merge ``extracted`` into the catalog at ``po_path`` (created if missing); write it only if it changes."""
    old = read_catalog(po_path) if po_path.exists() else None
    merged = merge(old, extracted, title)
    text = catalog_text(merged)
    written = not po_path.exists() or po_path.read_text(encoding="utf-8") != text
    if written:
        po_path.parent.mkdir(parents=True, exist_ok=True)
        po_path.write_text(text, encoding="utf-8")
    before_fuzzy = {e.msgid for e in old if "fuzzy" in e.flags} if old is not None else set()
    before = {e.msgid for e in old if not e.obsolete} if old is not None else set()
    return CatalogChange(
        path=po_path,
        new=sum(1 for e in merged if not e.obsolete and e.msgid not in before and not e.msgstr),
        fuzzy=sum(1 for e in merged if "fuzzy" in e.flags and not e.obsolete and e.msgid not in before_fuzzy),
        obsolete=sum(1 for e in merged if e.obsolete and e.msgid in before),
        written=written,
    )


def catalog_text(catalog) -> str:
    return str(catalog)


def update_catalogs(kit_root: Path, only: list[Source] | None = None) -> list[CatalogChange]:
    """Update the catalog of every English master of the kit (or of ``only`` those), and, when
    updating all, the library's own catalog ``cxlab.po`` (:mod:`cxlab.i18n.library`)."""
    from cxlab.i18n.library import update_library_catalog

    kit_root = Path(kit_root)
    changes = [update_catalog(s.path, catalog_path(kit_root, s), kit_root) for s in (only or sources(kit_root))]
    has_library = (kit_root / "cxlab").is_dir()  # a kit beside an installed cxlab has no code to extract
    return changes if only or not has_library else [*changes, update_library_catalog(kit_root)]
