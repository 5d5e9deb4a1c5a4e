"""``python -m cxlab.i18n update|check|build``: the translator's commands (see locale/README.md).

- ``update [FILE ...]``: bring the catalogs in line with the English masters (all, or those of the
  given masters): new units added, changed ones marked fuzzy, removed ones made obsolete. Without
  files it also extracts the library's own ``_()`` messages into ``cxlab.po``.
- ``check``: list every untranslated or fuzzy entry and every Chinese edition out of date; exit 1
  if there is any.
- ``build``: write the Chinese editions (``cxlab build`` does this too).
- ``stats``: how far each catalog is: translated, fuzzy and untranslated entries.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cxlab.errors import CxlabError


def main(argv: list[str] | None = None) -> int:
    from cxlab.build import kit

    top = argparse.ArgumentParser(prog="python -m cxlab.i18n", description=__doc__.splitlines()[0])
    top.add_argument("--root", help="the kit's folder (default: the kit around the current folder)")
    commands = top.add_subparsers(dest="command", required=True)
    update = commands.add_parser("update", help="update the catalogs from the English masters")
    update.add_argument("files", nargs="*", help="English masters (default: all)")
    commands.add_parser("check", help="list what is untranslated, fuzzy or out of date")
    commands.add_parser("build", help="write the Chinese editions")
    commands.add_parser("stats", help="translated, fuzzy and untranslated entries per catalog")
    args = top.parse_args(argv)
    try:
        root = kit(args.root).root.resolve()
        return {"update": _update, "check": _check, "build": _build, "stats": _stats}[args.command](root, args)
    except CxlabError as error:
        print(f"cxlab.i18n: error: {error}", file=sys.stderr)
        return 2


def _update(root: Path, args) -> int:
    from cxlab.i18n.catalog import update_catalogs
    from cxlab.i18n.sources import sources

    every = sources(root)
    wanted = {Path(f).resolve() for f in args.files}
    chosen = [s for s in every if s.path.resolve() in wanted] if wanted else None  # None: also cxlab.po
    unknown = wanted - {s.path.resolve() for s in every}
    if unknown:
        raise CxlabError(f"not an English master of the kit: {', '.join(sorted(map(str, unknown)))}")
    for change in update_catalogs(root, chosen):
        state = "updated" if change.written else "unchanged"
        print(
            f"{change.path.relative_to(root)}: {state} ({change.new} new, {change.fuzzy} now fuzzy, "
            f"{change.obsolete} obsolete)"
        )
    return 0


def _check(root: Path, args) -> int:
    from cxlab.i18n.check import problems

    found = problems(root)
    for line in found:
        print(line)
    summary = f"{len(found)} problem(s) in the Chinese edition." if found else "The Chinese edition is complete and current."
    print(summary)
    return 1 if found else 0


def _build(root: Path, args) -> int:
    from cxlab.i18n.editions import write_chinese_editions

    changed = write_chinese_editions(root)
    for path in changed:
        print(f"wrote {path.relative_to(root)}")
    print(f"{len(changed)} Chinese edition(s) rewritten.")
    return 0


def _stats(root: Path, args) -> int:
    from cxlab.i18n.catalog import read_catalog
    from cxlab.i18n.sources import catalog_path, sources

    from cxlab.i18n.library import library_catalog_path

    for path in [*(catalog_path(root, source) for source in sources(root)), library_catalog_path(root)]:
        if not path.exists():
            print(f"{path.relative_to(root)}: missing")
            continue
        catalog = read_catalog(path)
        done, fuzzy = len(catalog.translated_entries()), len(catalog.fuzzy_entries())
        todo = len(catalog.untranslated_entries())
        print(f"{path.relative_to(root)}: {done} translated, {fuzzy} fuzzy, {todo} untranslated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
