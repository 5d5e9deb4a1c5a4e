"""The classroom settings of `cxlab lab` are in effect in the browser, not only written to a file."""

from __future__ import annotations

import pytest

from cxlab.lab import THEME_FONT_SIZES

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.xdist_group("e2e")]

# JupyterLab asks "Would you like to get notified about official Jupyter news?" a few seconds
# after it starts when fetchNews is left at its default; give it the time to do so.
NEWS_GRACE_MS = 4000


def test_no_news_or_update_popup_and_projector_font_sizes(lab_page, e2e_kit):
    lab = lab_page("settings")
    lecture = next(iter(sorted((e2e_kit.root / "solutions").glob("*.ipynb"))), None)
    if lecture is not None:
        lab.open_notebook(f"solutions/{lecture.name}")
    else:
        lab.open_lab()
    lab.page.wait_for_timeout(NEWS_GRACE_MS)
    shot = lab.screenshot("1-classroom-settings")

    toasts = [t for t in lab.page.locator(".Toastify__toast").all_inner_texts() if t.strip()]
    popups = [t for t in toasts if "news" in t.lower() or "update" in t.lower()]
    if popups:
        lab.fail(f"JupyterLab showed a news or update pop-up: {popups[0].splitlines()[0]!r}", "news-popup")

    sizes = lab.page.evaluate(
        """(keys) => Object.fromEntries(keys.map(k =>
            [k, getComputedStyle(document.documentElement).getPropertyValue('--jp-' + k).trim()]))""",
        list(THEME_FONT_SIZES),
    )
    wrong = {k: v for k, v in sizes.items() if v != THEME_FONT_SIZES[k]}
    if wrong:
        lab.fail(
            "the classroom font sizes are not in effect: "
            + ", ".join(f"--jp-{k} is {v or 'unset'}, expected {THEME_FONT_SIZES[k]}" for k, v in wrong.items()),
            "font-size",
        )

    if lecture is not None:
        numbers = lab.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .cm-lineNumbers")
        if numbers.count() == 0:
            lab.fail("code cells show no line numbers (codeCellConfig.lineNumbers)", "line-numbers")
    print(f"classroom settings in effect; screenshot {shot}")
