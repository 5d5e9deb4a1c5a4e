"""A Chinese font for matplotlib, shipped with the package, so charts never show empty boxes.

Evaluated: ``mplfonts`` (PyPI) ships Noto Sans CJK SC, but as a 107 MB install that also carries
SimHei, a commercial font it has no licence to redistribute, and no licence files for the fonts. CX
Lab ships instead a 3.5 MB subset of Noto Sans CJK SC (SIL Open Font License 1.1, ``font_data/``),
registered with matplotlib when a Chinese chart is drawn; nothing is installed on the system.
"""

from __future__ import annotations

from pathlib import Path

FONT_FILE = Path(__file__).with_name("font_data") / "CXLabSansSC-Regular.otf"
FONT_FAMILY = "CX Lab Sans SC"


def use_chinese_font() -> Path:
    """Make matplotlib draw text in CX Lab Sans SC (Latin letters too), falling back to its defaults.

    Returns the font file. Safe to call more than once.
    """
    import matplotlib
    from matplotlib import font_manager

    known = {Path(entry.fname) for entry in font_manager.fontManager.ttflist}
    if FONT_FILE not in known:
        font_manager.fontManager.addfont(str(FONT_FILE))
    fallbacks = [name for name in matplotlib.rcParams["font.sans-serif"] if name != FONT_FAMILY]
    matplotlib.rcParams["font.sans-serif"] = [FONT_FAMILY, *fallbacks]
    matplotlib.rcParams["font.family"] = "sans-serif"
    return FONT_FILE


def covers(text: str) -> set[str]:
    """The characters of ``text`` the font has no glyph for (empty when it draws all of them)."""
    from fontTools.ttLib import TTFont

    cmap = TTFont(str(FONT_FILE), lazy=True).getBestCmap()
    return {char for char in set(text) if not char.isspace() and ord(char) not in cmap}
