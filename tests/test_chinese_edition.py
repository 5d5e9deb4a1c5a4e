"""The Chinese edition's contract, in a copy of the kit: `cxlab build` writes every Chinese path and
releases the Chinese course; `cxlab build --check` names stale editions, untranslated and fuzzy
entries; a changed English paragraph shows its old translation flagged 〔待更新〕.

The catalogs are being translated while this runs in other branches, so nothing here depends on
how far they are: the one translation it needs, it makes in the copy.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import nbformat
import polib
import pytest

from cxlab import build
from cxlab.i18n import FUZZY_MARK, chinese_edition_paths
from cxlab.i18n.editions import SPEAK_CHINESE
from kit import ROOT, WITHOUT_GENERATED, cxlab_command

NOT_COPIED = shutil.ignore_patterns(*WITHOUT_GENERATED)
PLACEHOLDER = "这一段已经译成中文（测试用的译文）。"

# One worker builds the edition once for the whole module (a build is about 40 s).
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("chinese-edition")]


def run(kit, *args, module=None):
    command = [sys.executable, "-m", module, *args] if module else cxlab_command(*args)
    return subprocess.run(command, cwd=kit, capture_output=True, text=True, timeout=900,
                          env=dict(os.environ, PYTHONWARNINGS="ignore"))


def lecture_paragraph(kit):
    """A lecture, and a paragraph of it written on one line (so the test can edit it), with its catalog."""
    for lecture in sorted((kit / "solutions").glob("*.ipynb")):
        catalog_path = kit / "locale" / "zh_CN" / "LC_MESSAGES" / f"lecture-{lecture.stem}.po"
        sources = [c.source for c in nbformat.read(lecture, as_version=4).cells if c.cell_type == "markdown"]
        for entry in polib.pofile(str(catalog_path)):
            if "paragraph" in (entry.comment or "") and len(entry.msgid) > 60 and any(
                    f"\n{entry.msgid}\n" in f"\n{s}\n" for s in sources):
                return lecture, entry.msgid, catalog_path
    raise AssertionError("no one-line lecture paragraph to edit")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A copy of the kit (no Chinese edition yet), one paragraph translated, then `cxlab build`."""
    kit = tmp_path_factory.mktemp("zh") / "kit"
    shutil.copytree(ROOT, kit, ignore=NOT_COPIED)
    lecture, paragraph, catalog_path = lecture_paragraph(kit)
    catalog = polib.pofile(str(catalog_path))
    entry = catalog.find(paragraph)
    entry.msgstr, entry.flags = PLACEHOLDER, []
    catalog.save(str(catalog_path))
    result = run(kit, "build")
    assert result.returncode == 0, result.stderr[-3000:]
    return kit, lecture, paragraph, result


def test_build_writes_every_chinese_edition_and_releases_the_chinese_course(built):
    kit, _, _, result = built
    lectures = sorted(p.name for p in (kit / "solutions").glob("*.ipynb"))
    assignments = build.assignments(kit / "course")
    pages = sorted(p.name for p in (kit / "course" / "guide").glob("*.md"))
    expected = (
        [f"solutions/zh-CN/{name}" for name in lectures] + [f"notebooks/zh-CN/{name}" for name in lectures]
        + ["course/zh-CN/nbgrader_config.py"]
        + [f"course/zh-CN/source/{a}/{a}.ipynb" for a in assignments]
        + [f"course/zh-CN/release/{a}/{a}.ipynb" for a in assignments]
        + [f"course/guide/zh-CN/{page}" for page in pages]
        + ["datasets/README.zh-CN.md", "README.zh-CN.md", "course/zh-CN/concepts.yml"]
    )
    missing = [path for path in expected if not (kit / path).is_file()]
    assert not missing, f"cxlab build did not write {missing}\n{result.stdout[-2000:]}"
    assert f"Released {len(assignments)} Chinese assignment(s)" in result.stdout
    assert set(chinese_edition_paths(kit).values()) <= {kit / p for p in expected}
    config = (kit / "course" / "zh-CN" / "nbgrader_config.py").read_text(encoding="utf-8")
    assert 'c.CourseDirectory.course_id = "cxlab-zh-CN"' in config
    assert 'c.GradingKernelManager.language = "zh-CN"' in config


def test_every_chinese_notebook_speaks_chinese_from_its_setup(built):
    kit = built[0]
    notebooks = [*(kit / "solutions" / "zh-CN").glob("*.ipynb"), *(kit / "notebooks" / "zh-CN").glob("*.ipynb"),
                 *(kit / "course" / "zh-CN" / "source").glob("*/*.ipynb"),
                 *(kit / "course" / "zh-CN" / "release").glob("*/*.ipynb")]
    assert notebooks
    for path in notebooks:
        cells = [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
        with_it = [c for c in cells if SPEAK_CHINESE in c.source]
        assert len(with_it) == 1, f"{path.relative_to(kit)}: cxlab.use_language('zh-CN') in {len(with_it)} cells"
        lines = with_it[0].source.split("\n")
        position = lines.index(SPEAK_CHINESE.split("\n")[0])
        assert any("cxlab" in line and "import" in line for line in lines[:position]), "after the first cxlab import"


def test_the_translation_is_in_the_edition_and_a_changed_paragraph_is_flagged(built):
    kit, lecture, paragraph, _ = built
    edition = kit / "solutions" / "zh-CN" / lecture.name
    assert PLACEHOLDER in edition.read_text(encoding="utf-8")

    # The English paragraph changes: the check names the stale edition before anything is updated…
    master = nbformat.read(lecture, as_version=4)
    cell = next(c for c in master.cells if c.cell_type == "markdown" and paragraph in c.source)
    cell.source = cell.source.replace(paragraph, paragraph + " This sentence is new.")
    nbformat.write(master, lecture)
    stale = run(kit, "build", "--check")
    assert stale.returncode == 1
    assert f"solutions/zh-CN/{lecture.name}: out of date" in stale.stderr

    # …then `update` makes the entry fuzzy, the check names it, and the edition shows the old text flagged.
    updated = run(kit, "update", module="cxlab.i18n")
    assert updated.returncode == 0, updated.stderr
    rebuilt = run(kit, "build", module="cxlab.i18n")
    assert rebuilt.returncode == 0, rebuilt.stderr
    fuzzy = run(kit, "build", "--check")
    assert fuzzy.returncode == 1
    lines = [line for line in fuzzy.stderr.splitlines() if "fuzzy (the English changed" in line]
    assert len(lines) == 1 and lines[0].startswith(f"solutions/{lecture.name}, cell "), fuzzy.stderr[-2000:]
    assert FUZZY_MARK + PLACEHOLDER in edition.read_text(encoding="utf-8")
    assert f"solutions/zh-CN/{lecture.name}: out of date" not in fuzzy.stderr
