"""Chinese chart text draws with the font shipped in the package: no empty boxes."""

from __future__ import annotations

import warnings
from pathlib import Path

import polib
import pytest

from cxlab.i18n.check import load_glossary
from cxlab.i18n.fonts import FONT_FILE, covers, use_chinese_font

REPO = Path(__file__).resolve().parents[2]
MISSING_GLYPH = r"Glyph .* missing from font"


def draw_chinese_chart():
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots()
    try:
        axes.bar(["推荐者", "被动者", "贬损者"], [120, 80, 50], label="港湾银行（模拟数据）")
        axes.set_title("净推荐值：−5 到 +12 个百分点〔待更新〕")
        axes.set_xlabel("客户分组")
        axes.set_ylabel("人数（位）")
        axes.legend()
        figure.canvas.draw()
    finally:
        plt.close(figure)


def test_a_chart_with_chinese_text_draws_every_glyph():
    import matplotlib

    with matplotlib.rc_context({"font.family": ["sans-serif"], "font.sans-serif": ["DejaVu Sans"]}):
        path = use_chinese_font()
        assert path == FONT_FILE and path.is_file()
        # Only the shipped font stands behind the default one: a font the machine happens to have
        # (WenQuanYi here) cannot be what draws the Chinese text.
        assert matplotlib.rcParams["font.family"] == ["DejaVu Sans", "CX Lab Sans SC"]
        with warnings.catch_warnings():
            warnings.filterwarnings("error", message=MISSING_GLYPH)
            draw_chinese_chart()


def test_calling_it_twice_changes_nothing_more():
    import matplotlib

    with matplotlib.rc_context({"font.family": ["sans-serif"], "font.sans-serif": ["DejaVu Sans"]}):
        use_chinese_font()
        first = list(matplotlib.rcParams["font.family"])
        use_chinese_font()
        assert matplotlib.rcParams["font.family"] == first


def test_without_the_font_the_same_chart_warns_of_missing_glyphs():
    import matplotlib

    with matplotlib.rc_context({"font.family": "sans-serif", "font.sans-serif": ["DejaVu Sans"]}):
        with pytest.warns(UserWarning, match=MISSING_GLYPH):
            draw_chinese_chart()


def test_every_chinese_character_of_the_glossary_and_catalogs_is_in_the_font():
    texts = [chinese for term in load_glossary(REPO / "locale" / "zh_CN" / "glossary.csv") for chinese in term.chinese]
    for po_path in sorted((REPO / "locale" / "zh_CN" / "LC_MESSAGES").glob("*.po")):
        texts += [entry.msgstr for entry in polib.pofile(str(po_path))]
    missing = covers("".join(texts))
    assert not missing, f"the font has no glyph for {''.join(sorted(missing))}; cut it again (font_data/README.md)"
    assert covers("净推荐值𠮷") == {"𠮷"}, "a character outside the font must be reported"
