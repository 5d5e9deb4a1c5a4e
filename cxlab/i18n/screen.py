"""Words a learner must find on the screen: a translation quotes them as the Chinese screen shows them.

A beginner follows "choose *Kernel → Restart Kernel and Run All Cells*" by looking for those words.
In the Chinese edition the screen is Chinese where JupyterLab's language pack translates it and
English where nothing does, so the translation must name exactly what is there:

- JupyterLab's menus, in the words of its Chinese language pack (``jupyterlab-language-pack-zh-CN``,
  read here, so a new pack's wording shows up as a problem instead of a menu nobody finds);
- nbgrader's buttons and tab (*Validate*, *Submit*, *Fetch*, *Assignments*), which no pack translates:
  they stay in English, a Chinese gloss beside them if the translator likes;
- the stubs of the Chinese releases, where an answer goes (``# 在这里写你的代码``, 在这里写你的答案).

:func:`screen_problems` is part of ``cxlab build --check``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

#: The language pack's catalog of JupyterLab's own labels.
PACK = "jupyterlab_language_pack_zh_CN"
PACK_CATALOG = "locale/zh_CN/LC_MESSAGES/jupyterlab.json"
ARROW = r"\s*(?:→|>|&gt;)\s*"  # "Kernel → Restart …", as the masters write a menu path (or "Kernel > …")


def _stub_spans() -> dict[str, str]:
    from cxlab.i18n.editions import CODE_STUB, TEXT_STUB

    return {"`# YOUR CODE HERE`": f"`{CODE_STUB}`", "`YOUR ANSWER HERE`": f"`{TEXT_STUB}`"}


#: A code span naming the English stub may be translated as the Chinese release's stub, the code a
#: Chinese learner finds in the cell (every other code span stays as it is).
CHINESE_STUB_SPANS = _stub_spans()


@dataclass(frozen=True)
class ScreenWord:
    """Where English text names something on the screen (``pattern``), and what the Chinese screen shows."""

    pattern: re.Pattern
    shown: str
    what: str  # where the Chinese screen's words come from, for the problem line


@lru_cache(maxsize=1)
def jupyterlab_labels() -> dict[str, str]:
    """English label (menus as ``menu\\x04Kernel``) -> its first Chinese form in the language pack."""
    from importlib import resources

    text = resources.files(PACK).joinpath(PACK_CATALOG).read_text(encoding="utf-8")
    return {english: forms[0] for english, forms in json.loads(text).items()
            if english and isinstance(forms, list) and forms and forms[0]}


def kernel_menu_restart_and_run_all() -> str:
    """The Kernel menu's "Restart Kernel and Run All Cells…" as the Chinese menu shows it.

    The menu does not show the notebook command's own label (重启并运行所有单元格…): it names the item
    by joining the labels of the two commands it runs with the pack's "%1 and %2", dropping their
    ellipses and putting one back at the end, as JupyterLab's main menu does (in English that gives
    the same words as the command; in Chinese, 重启内核 和 运行所有单元格…). The browser test opens
    the Chinese Kernel menu and finds this label there.
    """
    lab = jupyterlab_labels()
    joined = lab["%1 and %2"].replace("%1", lab["Restart Kernel…"].rstrip("…"))
    return joined.replace("%2", lab["Run All Cells"]) + "…"


def screen_words() -> list[ScreenWord]:
    """Every on-screen word the masters use, longest first (a menu path before its item alone)."""
    from cxlab.i18n.editions import CODE_STUB, TEXT_STUB

    lab = jupyterlab_labels()
    kernel, run, run_all = lab["menu\x04Kernel"], lab["menu\x04Run"], lab["Run All Cells"]
    restart_all = kernel_menu_restart_and_run_all().rstrip("…")  # "…" says a dialog follows; text may omit it
    menu = "JupyterLab's Chinese menu"
    words = [
        (rf"Kernel{ARROW}Restart Kernel and Run All Cells", f"{kernel} → {restart_all}", menu),
        (rf"Run{ARROW}Run All Cells", f"{run} → {run_all}", menu),
        (r"Restart Kernel and Run All Cells", restart_all, menu),
        (r"# YOUR CODE HERE", CODE_STUB, "the Chinese release's stub"),
        (r"YOUR ANSWER HERE", TEXT_STUB, "the Chinese release's stub"),
    ]
    # nbgrader's own labels, untranslated on every screen: named as a label (*Validate*, **Submit**,
    # the Validate button, the Assignments tab, Nbgrader → Validate), never the verb in a sentence.
    for label in ("Validate", "Submit", "Fetch", "Assignments"):
        words.append((rf"\*{{1,2}}{label}\*{{1,2}}|\b{label} (?:button|tab)\b|Nbgrader{ARROW}{label}", label,
                      "nbgrader's label, English on the Chinese screen"))
    return [ScreenWord(re.compile(pattern), shown, what) for pattern, shown, what in words]


def screen_problems(catalog) -> list[str]:
    """One line per translated entry that names something on the screen in other words than the screen's."""
    from cxlab.i18n.check import _entries, _where
    from cxlab.i18n.render import first_words

    words = screen_words()
    found = []
    for entry in _entries(catalog):
        if not entry.msgstr:
            continue  # untranslated: reported as such
        text = entry.msgid
        for word in words:
            if not word.pattern.search(text):
                continue
            text = word.pattern.sub(" ", text)  # a longer word found here is not also its shorter part
            if word.shown not in entry.msgstr:
                found.append(f"{_where(entry)}: name it as the screen shows it, “{word.shown}” ({word.what}): "
                             f"“{first_words(entry.msgid)}”")
    return found
