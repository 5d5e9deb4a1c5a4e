"""A Chinese font for matplotlib, shipped with the package, so charts never show empty boxes.

Evaluated: ``mplfonts`` (PyPI) ships Noto Sans CJK SC, but as a 107 MB install that also carries
SimHei, a commercial font it has no licence to redistribute, and no licence files for the fonts. CX
Lab ships instead a 3.5 MB subset of Noto Sans CJK SC (SIL Open Font License 1.1, ``font_data/``),
added behind the default font when ``use_chinese_font()`` is called; nothing is installed on the system.
"""

from __future__ import annotations

from pathlib import Path

FONT_FILE = Path(__file__).with_name("font_data") / "CXLabSansSC-Regular.otf"
FONT_FAMILY = "CX Lab Sans SC"


def use_chinese_font() -> Path:
    """Let matplotlib draw Chinese characters with CX Lab Sans SC; returns the font file.

    The font is added *behind* the fonts matplotlib uses now (each generic family such as
    ``sans-serif`` resolved to the font it finds), and matplotlib falls back to it glyph by glyph:
    English text looks exactly as before, a Chinese character is drawn from this font. So it is
    safe to call for every chart, in either edition, and more than once.
    """
    import matplotlib
    from matplotlib import font_manager

    known = {Path(entry.fname) for entry in font_manager.fontManager.ttflist}
    if FONT_FILE not in known:
        font_manager.fontManager.addfont(str(FONT_FILE))
    current = [family for family in matplotlib.rcParams["font.family"] if family != FONT_FAMILY]
    resolved = [_installed_family(family) for family in current]
    matplotlib.rcParams["font.family"] = [*dict.fromkeys(resolved), FONT_FAMILY]
    return FONT_FILE


def _installed_family(family: str) -> str:
    """The name of the font matplotlib draws ``family`` with (a generic name becomes a real font)."""
    from matplotlib import font_manager

    path = font_manager.findfont(font_manager.FontProperties(family=[family]))
    return font_manager.get_font(path).family_name


def covers(text: str) -> set[str]:
    """The characters of ``text`` no chart can draw: neither this font nor matplotlib's default
    font (DejaVu Sans, which stands in front of it and draws ₁, ², ≥ …) has a glyph for them."""
    from fontTools.ttLib import TTFont
    from matplotlib import font_manager

    default = font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans"), fallback_to_default=False)
    drawable = set(TTFont(str(FONT_FILE), lazy=True).getBestCmap()) | set(TTFont(default, lazy=True).getBestCmap())
    return {char for char in set(text) if not char.isspace() and ord(char) not in drawable}
