"""The Chinese edition in a real browser: `cxlab lab --lang zh-CN` shows JupyterLab in Chinese (the
Run menu reads 运行), a Chinese lecture opens and runs, and Validate works on a Chinese assignment.

A JupyterLab of its own (conftest: ``chinese_server``) on a copy of the kit with its Chinese edition
written and the Chinese course released, started with :mod:`cxlab.lab`'s Chinese command,
environment and settings. Its ``overrides.json`` lives in a temporary application-settings folder
(``--LabApp.app_settings_dir``), so the Chinese interface never reaches the English server.
"""

from __future__ import annotations

import re

import pytest

from cxlab.i18n.editions import CODE_STUB
from cxlab.i18n.screen import jupyterlab_labels, kernel_menu_restart_and_run_all
from test_browser_nbgrader import DIALOG, FAILED, validate

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.xdist_group("e2e")]


def test_chinese_menus_and_a_chinese_lecture_that_runs(lab_page, chinese_server, chinese_kit):
    lab = lab_page("zh", chinese_server)
    lecture = sorted((chinese_kit / "notebooks" / "zh-CN").glob("*.ipynb"))[0]
    tree_path = lecture.relative_to(chinese_kit).as_posix()
    lab.open_notebook(tree_path)
    run_menu = lab.page.locator(".lm-MenuBar-item", has_text=re.compile(r"^运行$"))
    lab.wait_for(run_menu, "the Run menu, in Chinese (运行)", 30, "menu-zh")
    shot = lab.screenshot("1-chinese-lecture-open")
    # The words the Chinese text tells a learner to look for are on this screen (cxlab.i18n.screen): the
    # Kernel menu's "Restart Kernel and Run All Cells", and the stub where an answer goes.
    labels = jupyterlab_labels()
    lab.page.locator(".lm-MenuBar-item", has_text=re.compile(rf"^{labels['menu' + chr(4) + 'Kernel']}$")).click()
    wanted = kernel_menu_restart_and_run_all()
    restart_all = lab.page.locator(".lm-Menu-item:not(.lm-mod-hidden) .lm-Menu-itemLabel",
                                   has_text=re.compile(rf"^{re.escape(wanted)}$"))
    lab.wait_for(restart_all, f"内核 → {wanted} (the lectures' words for it)", 10, "kernel-menu-zh")
    lab.screenshot("1b-chinese-kernel-menu")
    lab.page.keyboard.press("Escape")
    stub = lab.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell", has_text=CODE_STUB)
    lab.wait_for(stub, f"a cell holding the Chinese stub {CODE_STUB}", 10, "stub-zh", state="attached")
    # The setup cell: it loads the data and switches cxlab to Chinese (cxlab.use_language).
    setup = lab.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell", has_text="use_language").first
    setup.click()
    lab.page.keyboard.press("Shift+Enter")
    state = lab.wait_for_idle("the setup cell of the Chinese lecture", 120, "setup-zh", require_ran=True)
    errors = lab.error_outputs()
    shot = lab.screenshot("2-chinese-lecture-setup-ran")
    if state["ran"] < 1 or errors:
        lab.fail(f"the setup cell of {tree_path} did not run cleanly: ran {state['ran']}, errors {errors}", "setup-zh")
    print(f"Chinese lecture {tree_path} ran its setup; screenshot {shot}")


def test_validate_works_on_a_chinese_assignment(lab_page, chinese_server, chinese_kit):
    lab = lab_page("zh", chinese_server)
    release = sorted((chinese_kit / "course" / "zh-CN" / "release").glob("*/*.ipynb"))[0]
    tree_path = release.relative_to(chinese_kit).as_posix()
    lab.open_notebook(tree_path)
    result = validate(lab, f"the blank Chinese {release.name}")
    shot = lab.screenshot("3-chinese-validate-blank")
    if FAILED not in result:
        lab.fail(f"Validate on the blank Chinese {release.name} should name a failing check; it said: {result[:600]!r}",
                 "validate-zh")
    # The dialog's own button is JupyterLab's, so it is Chinese too (确认).
    lab.page.locator(f"{DIALOG} .jp-Dialog-button.jp-mod-accept", has_text="确认").first.click()
    print(f"Validate on the Chinese {release.name} named a failing check; screenshot {shot}")
