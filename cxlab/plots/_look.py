"""The shared look of every chart: colours, text wrapping and the "simulated" label.

One place, so a colour means the same thing in every module (red: a pain point or a loss; blue: the
curve or a gain; amber: waiting) and a restyle is one edit. Importing it costs nothing (no
matplotlib).

>>> simulated("NPS by month")
'NPS by month (simulated)'
>>> wrapped("Floor host greets the customer", 12)
'Floor host\\ngreets the\\ncustomer'
"""

from __future__ import annotations

import textwrap

from cxlab.lang import N_, gettext

#: The main colour: curves, bars, estimates that are clearly above zero.
BLUE = "#2b6cb0"
#: The same blue, pale: the "before" bars and the bars not being discussed.
PALE_BLUE = "#a3bfdf"
#: Pain points, fail points, losses and the first priority.
RED = "#c53030"
#: Promoters and other good outcomes.
GREEN = "#2f855a"
#: Wait points.
AMBER = "#dd8a0b"
#: Text and arrows.
INK = "#2d3748"
BLACK = "#1a202c"
DARK_GREY = "#4a5568"
MID_GREY = "#718096"
#: Thin dividers, and the points whose interval includes zero.
RULE_GREY = "#a0aec0"
#: Alternating background bands (journey stages, swimlanes, the transition months).
BAND = "#edf2f7"
BAND_LIGHT = "#f7fafc"
#: Colours of several groups in one chart, in the order the groups are drawn.
PALETTE = (BLUE, "#dd6b20", "#38a169", "#805ad5", "#d53f8c", MID_GREY)

#: Every Harbor Bank number is simulated; titles say so.
SIMULATED_LABEL = N_("(simulated)")


def simulated(title: str) -> str:
    """``title`` with the label that marks Harbor Bank numbers as simulated."""
    return f"{title} {gettext(SIMULATED_LABEL)}"


def pyplot():
    """``matplotlib.pyplot``, with CX Lab's Chinese font behind the default one (every chart calls
    this: a Chinese title or label then never shows empty boxes, and English looks as before)."""
    import matplotlib.pyplot as plt

    from cxlab.i18n.fonts import use_chinese_font

    use_chinese_font()
    return plt


def wrapped(label: str, width: int) -> str:
    """``label`` broken into lines of at most ``width`` characters, never inside a word."""
    return "\n".join(textwrap.wrap(str(label), width=width, break_long_words=False)) or str(label)


def numbers(values, what: str, example: str):
    """``values`` (a pandas Series or DataFrame) as floats, or a one-line error naming ``what``.

    Charts check their input here, once, so a learner who passes the wrong thing reads what was
    expected (``example`` shows how to make it) instead of a matplotlib traceback.
    """
    import pandas as pd

    from cxlab.lang import _

    if not isinstance(values, (pd.Series, pd.DataFrame)):
        raise TypeError(_("{what} must be a pandas Series or DataFrame (for example {example}); got {kind}").format(
            what=what, example=example, kind=type(values).__name__))
    if values.empty:
        raise ValueError(_("{what} is empty: there is nothing to draw").format(what=what))
    try:
        return values.astype(float)
    except (TypeError, ValueError):
        raise ValueError(_("{what} must hold numbers, and some of its values are not numbers").format(what=what)) from None
