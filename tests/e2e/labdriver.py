"""Driving JupyterLab 4 the way a person does, with Playwright's sync API.

Every wait names what it waits for; when something does not appear, :meth:`Lab.fail` saves a
screenshot and fails with a message that says what was expected and where the picture is. The
selectors are JupyterLab's and nbgrader's own CSS classes, collected here so that a new JupyterLab
release means one file to update.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest

try:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import Locator, Page
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
except ImportError:  # the tests skip (conftest.missing_requirement); the module stays importable
    PlaywrightError = PlaywrightTimeout = Exception
    Locator = Page = object

# The notebook being shown (others may be open in hidden tabs).
NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden)"
ERROR_OUTPUT = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
# A cell output holding a drawn widget (not the outputs nested inside an Output widget).
WIDGET_OUTPUT = ".jp-Cell-outputArea > .jp-OutputArea-child > .jp-OutputArea-output:has(> .jupyter-widgets)"
# An error output's text: ipykernel's traceback header, or the last line naming the exception.
TRACEBACK = re.compile(r"Traceback \(most recent call last\)|^\s*(\w+\.)*\w*(Error|Exception|Interrupt)\b", re.M)
# Controls of an explorer; what is left of the explorer once they are removed is its output.
CONTROLS = ".widget-dropdown, .widget-slider, .widget-readout, select, input, button"
# A widget printed as its Python repr means the browser had no ipywidgets extension to draw it.
WIDGET_AS_TEXT = re.compile(r"^\s*(VBox|HBox|Box|GridBox|Tab|Accordion|Dropdown|\w*Slider|Output|HTML|interactive)\(")
SLIDER_TRIES = 3
# The parts of an explorer a learner reads: its controls, and the outputs they change.
LAYOUT_CONTROLS = ".widget-slider, .widget-dropdown, .widget-button, .jupyter-button"
LAYOUT_OUTPUTS = ".widget-html, .widget-output"
# Text in a control that must be shown whole: descriptions and slider readouts.
LAYOUT_TEXTS = ".widget-label, .widget-readout"

NOTEBOOK_OPEN_S = 90
RUN_ALL_S = 240
WIDGET_CHANGE_S = 15


@dataclass
class Lab:
    """One browser page on the test's JupyterLab server."""

    page: Page
    base_url: str
    token: str
    screenshots: Path
    prefix: str
    page_errors: list[str] = field(default_factory=list)

    # ------------------------------------------------------------------ evidence

    def screenshot(self, name: str) -> Path:
        """Save what the page shows now as ``<prefix>-<name>.png``; returns the path."""
        self.screenshots.mkdir(parents=True, exist_ok=True)
        path = self.screenshots / f"{self.prefix}-{name}.png"
        try:
            self.page.screenshot(path=str(path))
        except PlaywrightError as error:  # a crashed page still gets a message, not a second error
            return Path(f"{path} (not written: {error.message.splitlines()[0]})")
        return path

    def fail(self, message: str, name: str = "failure"):
        path = self.screenshot(f"FAILED-{name}")
        errors = "".join(f"\n  browser error: {e.splitlines()[0]}" for e in self.page_errors[-3:])
        pytest.fail(f"{message}\n  screenshot: {path}{errors}", pytrace=False)

    def wait_for(self, locator: Locator, what: str, timeout_s: float, name: str, state: str = "visible") -> Locator:
        try:
            locator.first.wait_for(state=state, timeout=timeout_s * 1000)
        except PlaywrightTimeout:
            self.fail(f"{what} did not appear within {timeout_s:.0f} s", name)
        return locator

    # ------------------------------------------------------------------ navigation

    def url(self, path: str, **query: str) -> str:
        parameters = "&".join([*(f"{k}={quote(v)}" for k, v in query.items()), f"token={self.token}"])
        return f"{self.base_url}/{path.lstrip('/')}?{parameters}"

    def open_lab(self, tree_path: str = "") -> None:
        """JupyterLab with a fresh workspace (``reset``), optionally opening a file."""
        target = f"lab/tree/{quote(tree_path)}" if tree_path else "lab"
        self.page.goto(self.url(target, reset=""), wait_until="domcontentloaded")
        self.wait_for(self.page.locator("#jp-main-dock-panel"), "JupyterLab's main area", NOTEBOOK_OPEN_S, "lab")

    def open_notebook(self, tree_path: str) -> Locator:
        """Open a notebook and wait until its kernel is ready; returns the notebook panel."""
        self.open_lab(tree_path)
        panel = self.page.locator(NOTEBOOK)
        self.wait_for(panel.locator(".jp-Notebook .jp-Cell"), f"the cells of {tree_path}", NOTEBOOK_OPEN_S, "open")
        self.wait_for_kernel(tree_path)
        return panel

    def server_kernel_state(self, tree_path: str) -> str:
        """The execution state the server reports for the notebook's kernel ('none' without one)."""
        response = self.page.request.get(f"{self.base_url}/api/sessions",
                                         headers={"Authorization": f"token {self.token}"})
        for session in response.json() if response.ok else []:
            if session.get("path") == tree_path and session.get("kernel"):
                return session["kernel"].get("execution_state", "unknown")
        return "none"

    def wait_for_kernel(self, tree_path: str, timeout_s: float = NOTEBOOK_OPEN_S) -> None:
        """Wait until the notebook's kernel is started on the server and connected in the page.

        The toolbar's indicator says "idle" for a moment before a kernel exists, so the server's
        view is asked too; both must agree twice in a row.
        """
        deadline = time.monotonic() + timeout_s
        agreed, server, page = 0, "none", {}
        while time.monotonic() < deadline:
            server, page = self.server_kernel_state(tree_path), self.kernel_state()
            agreed = agreed + 1 if server == "idle" and page["status"] == "idle" else 0
            if agreed >= 2:
                return
            self.page.wait_for_timeout(500)
        self.fail(f"the kernel of {tree_path} was not ready within {timeout_s:.0f} s "
                  f"(server: {server}, page: {page.get('status')})", "kernel")

    def menu(self, top: str, item: str) -> None:
        """Click a main-menu entry, e.g. ``menu("Run", "Run All Cells")``."""
        self.page.locator(".lm-MenuBar-item", has_text=re.compile(rf"^{re.escape(top)}$")).click()
        entry = self.page.locator(".lm-Menu-item:not(.lm-mod-hidden)", has=self.page.locator(
            ".lm-Menu-itemLabel", has_text=re.compile(rf"^{re.escape(item)}$")))
        self.wait_for(entry, f"the menu entry {top} > {item}", 10, "menu")
        entry.first.click()

    # ------------------------------------------------------------------ running

    def kernel_state(self) -> dict:
        return self.page.evaluate(
            """(selector) => {
                const panel = document.querySelector(selector);
                if (!panel) return {status: 'no notebook', busy: 0, pending: 0, ran: 0};
                const indicator = panel.querySelector('.jp-Notebook-ExecutionIndicator');
                const prompts = Array.from(panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt'))
                    .map(p => p.textContent.trim());
                return {
                    status: indicator ? indicator.getAttribute('data-status') : 'unknown',
                    busy: prompts.filter(p => p.includes('*')).length,
                    ran: prompts.filter(p => /\\[\\d+\\]/.test(p)).length,
                    pending: prompts.filter(p => !/\\[[\\d*]+\\]/.test(p)).length,
                };
            }""",
            NOTEBOOK,
        )

    def wait_for_idle(self, what: str, timeout_s: float, name: str, require_ran: bool = False) -> dict:
        """Wait until the kernel is idle and no cell is queued, twice in a row half a second apart."""
        deadline = time.monotonic() + timeout_s
        settled = 0
        state = {}
        while time.monotonic() < deadline:
            state = self.kernel_state()
            quiet = state["status"] == "idle" and state["busy"] == 0 and (state["ran"] > 0 or not require_ran)
            settled = settled + 1 if quiet else 0
            if settled >= 2:
                return state
            self.page.wait_for_timeout(500)
        self.fail(f"timed out after {timeout_s:.0f} s waiting for {what} (last state: {state})", name)

    def run_all(self, what: str) -> dict:
        """Run > Run All Cells, then wait for the kernel to finish."""
        self.menu("Run", "Run All Cells")
        return self.wait_for_idle(f"{what} to finish running", RUN_ALL_S, "run-all", require_ran=True)

    def error_outputs(self) -> list[str]:
        """The rendered error tracebacks in the notebook shown, one summary line each."""
        texts = self.page.locator(f"{NOTEBOOK} {ERROR_OUTPUT}").all_inner_texts()
        found = []
        for text in texts:
            if TRACEBACK.search(text):
                lines = [line for line in text.strip().splitlines() if line.strip()]
                found.append(lines[-1].strip() if lines else text.strip())
        return found

    def stderr_outputs(self) -> list[str]:
        texts = self.page.locator(f"{NOTEBOOK} {ERROR_OUTPUT}").all_inner_texts()
        return [t.strip().splitlines()[0] for t in texts if t.strip() and not TRACEBACK.search(t)]

    # ------------------------------------------------------------------ explorers

    def explorers(self) -> Locator:
        return self.page.locator(f"{NOTEBOOK} {WIDGET_OUTPUT}")

    def explorer_output(self, explorer: Locator) -> str:
        """What an explorer shows, without its controls: HTML, text and pictures."""
        return explorer.evaluate(
            """(node, controls) => {
                const copy = node.cloneNode(true);
                copy.querySelectorAll(controls).forEach(n => n.remove());
                return copy.innerHTML;
            }""",
            CONTROLS,
        )

    def wait_for_change(self, explorer: Locator, before: str, timeout_s: float = WIDGET_CHANGE_S) -> bool:
        """Whether what the explorer shows changes from ``before``; waits for it to settle too.

        An explorer updates in several messages (its table, then its chart); the next control is
        only touched, and the screenshot only taken, once nothing has changed for a moment, so
        that a late chart is never taken for the answer to the next control.
        """
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            now = self.explorer_output(explorer)
            if now != before:
                self.wait_until_settled(explorer, now)
                return True
            self.page.wait_for_timeout(200)
        return False

    def wait_until_settled(self, explorer: Locator, last: str, quiet_ms: int = 750, timeout_s: float = 10) -> None:
        deadline = time.monotonic() + timeout_s
        quiet_since = time.monotonic()
        while time.monotonic() < deadline and (time.monotonic() - quiet_since) * 1000 < quiet_ms:
            self.page.wait_for_timeout(150)
            now = self.explorer_output(explorer)
            if now != last:
                last, quiet_since = now, time.monotonic()

    def choose_another(self, dropdown: Locator) -> str:
        """Select a different option of a ``<select>``; returns its label."""
        options = dropdown.locator("option").all_inner_texts()
        current = dropdown.evaluate("s => s.selectedIndex")
        index = len(options) - 1 if current != len(options) - 1 else 0
        dropdown.select_option(index=index)
        return options[index].strip()

    def move_slider(self, slider: Locator, steps: int = 1) -> str:
        """Move a slider's handle by ``steps`` with the keyboard (away from the end it sits at)."""
        handle = slider.locator(".noUi-handle").first
        now = float(handle.get_attribute("aria-valuenow") or 0)
        top = float(handle.get_attribute("aria-valuemax") or now)
        key = "ArrowLeft" if now >= top else "ArrowRight"
        handle.focus()
        for _ in range(steps):
            handle.press(key)
        handle.blur()
        return f"{key} x{steps} from {now:g}"

    def widgets_as_text(self) -> list[str]:
        texts = self.page.locator(f'{NOTEBOOK} .jp-OutputArea-output[data-mime-type="text/plain"]').all_inner_texts()
        return [t.strip().splitlines()[0] for t in texts if WIDGET_AS_TEXT.match(t)]

    @staticmethod
    def control_label(control: Locator) -> str:
        label = control.locator(".widget-label")
        text = label.first.inner_text().strip() if label.count() else ""
        return text or "(no label)"

    def layout_problems(self, explorer: Locator) -> list[str]:
        """What a learner cannot read in an explorer as the browser lays it out now.

        A control whose box overlaps an output (a slider behind a table), a control cut off by the
        right edge of the cell's output area, a label or readout whose text is cut (its text is wider
        than its box: scrollWidth > clientWidth) and a dropdown whose chosen option is wider than
        the space the select box gives it ("NPS (points, -100 t").
        """
        return explorer.evaluate(
            """(node, selectors) => {
                const [controlsSel, outputsSel, textsSel] = selectors;
                const problems = [];
                const name = el => {
                    const label = el.querySelector('.widget-label');
                    return (label && label.textContent.trim()) || el.textContent.trim().slice(0, 40) || el.className;
                };
                const visible = r => r.width > 0 && r.height > 0;
                const controls = Array.from(node.querySelectorAll(controlsSel))
                    .filter(el => !el.parentElement.closest(controlsSel));
                const outputs = Array.from(node.querySelectorAll(outputsSel))
                    .filter(el => !el.closest(controlsSel) && !el.parentElement.closest(outputsSel));
                const area = node.closest('.jp-OutputArea-output') || node;
                const edge = area.getBoundingClientRect().right;
                for (const control of controls) {
                    const box = control.getBoundingClientRect();
                    if (!visible(box)) continue;
                    for (const output of outputs) {
                        const out = output.getBoundingClientRect();
                        const wide = Math.min(box.right, out.right) - Math.max(box.left, out.left);
                        const high = Math.min(box.bottom, out.bottom) - Math.max(box.top, out.top);
                        if (visible(out) && wide > 1 && high > 1) {
                            problems.push(`control ${JSON.stringify(name(control))} overlaps an output ` +
                                          `(${Math.round(wide)} x ${Math.round(high)} px)`);
                        }
                    }
                    if (box.right > edge + 1) {
                        problems.push(`control ${JSON.stringify(name(control))} runs ${Math.round(box.right - edge)} px ` +
                                      'past the right edge of the output area');
                    }
                    for (const text of control.querySelectorAll(textsSel)) {
                        if (!visible(text.getBoundingClientRect()) || !text.textContent.trim()) continue;
                        if (text.scrollWidth > text.clientWidth + 1) {
                            problems.push(`text ${JSON.stringify(text.textContent.trim())} of ` +
                                          `${JSON.stringify(name(control))} is cut (${text.scrollWidth} px of text ` +
                                          `in ${text.clientWidth} px)`);
                        }
                    }
                    for (const select of control.querySelectorAll('select')) {
                        const chosen = select.options[select.selectedIndex];
                        if (!chosen) continue;
                        const style = getComputedStyle(select);
                        const canvas = document.createElement('canvas').getContext('2d');
                        canvas.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
                        const needed = canvas.measureText(chosen.text).width;
                        const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
                        if (needed > room + 1) {
                            problems.push(`dropdown ${JSON.stringify(name(control))} cuts ${JSON.stringify(chosen.text)} ` +
                                          `(${Math.round(needed)} px of text in ${Math.round(room)} px)`);
                        }
                    }
                }
                return problems;
            }""",
            [LAYOUT_CONTROLS, LAYOUT_OUTPUTS, LAYOUT_TEXTS],
        )

    def show_top_of(self, explorer: Locator) -> None:
        """Scroll the explorer's top to the top of the window, so a screenshot shows its controls."""
        explorer.evaluate("node => node.scrollIntoView({block: 'start'})")
        self.page.wait_for_timeout(300)

    def check_layout(self, explorer: Locator, name: str, tag: str) -> None:
        problems = self.layout_problems(explorer)
        if problems:
            self.fail(f"{name} cannot be read at this window size: " + "; ".join(problems[:6]), f"{tag}-layout")

    def check_ran_cleanly(self, path: str, state: dict) -> None:
        """No rendered error traceback, and no code cell left unrun by Run All."""
        errors = self.error_outputs()
        if errors:
            self.fail(f"{path} shows {len(errors)} error(s) after Run All Cells: " + "; ".join(errors[:5]), "errors")
        if state["pending"]:
            self.fail(f"{path}: {state['pending']} code cell(s) never ran after Run All Cells ({state})", "not-run")

    def exercise_explorers(self, path: str) -> int:
        """Check every explorer of the notebook shown is drawn and answers its controls.

        Each dropdown gets another value and each slider is moved; what the explorer shows
        (without its controls) must change every time. Before and after, every label, readout and
        chosen option must be readable and no control may overlap an output
        (:meth:`layout_problems`). Returns the number of explorers.
        """
        as_text = self.widgets_as_text()
        if as_text:
            self.fail(f"{path}: explorers printed as text, not drawn (is jupyterlab_widgets active?): {as_text[:3]}",
                      "widgets-as-text")
        explorers = self.explorers()
        count = explorers.count()
        known_errors = Counter(self.error_outputs())
        for index in range(count):
            explorer = explorers.nth(index)
            explorer.scroll_into_view_if_needed()
            name = f"explorer {index + 1} of {path}"
            tag = f"explorer{index + 1}"
            drawn = explorer.locator(".jupyter-widgets")
            if not drawn.count() or not drawn.first.is_visible():
                self.fail(f"{name} was not drawn: {explorer.inner_text()[:200]!r}", f"{tag}-drawn")
            if "Error displaying widget" in explorer.inner_text():
                self.fail(f"{name}: {explorer.inner_text()[:200]!r}", f"{tag}-error")
            self.wait_until_settled(explorer, self.explorer_output(explorer))
            self.show_top_of(explorer)
            self.screenshot(f"3-{tag}-before")
            self.check_layout(explorer, name, tag)

            dropdowns = explorer.locator(".widget-dropdown")
            for number in range(dropdowns.count()):
                dropdown = dropdowns.nth(number)
                before = self.explorer_output(explorer)
                chosen = self.choose_another(dropdown.locator("select"))
                if not self.wait_for_change(explorer, before):
                    self.fail(f"{name}: choosing {chosen!r} in the dropdown {self.control_label(dropdown)!r} "
                              "changed nothing it shows", f"{tag}-dropdown{number + 1}")

            sliders = explorer.locator(".widget-slider")
            for number in range(sliders.count()):
                slider = sliders.nth(number)
                slider.scroll_into_view_if_needed()
                before = self.explorer_output(explorer)
                moves = []
                for _ in range(SLIDER_TRIES):
                    moves.append(self.move_slider(slider))
                    if self.wait_for_change(explorer, before, timeout_s=WIDGET_CHANGE_S / SLIDER_TRIES):
                        break
                else:
                    self.fail(f"{name}: moving the slider {self.control_label(slider)!r} ({', '.join(moves)}) "
                              "changed nothing it shows", f"{tag}-slider{number + 1}")

            new_errors = list((Counter(self.error_outputs()) - known_errors).elements())
            if new_errors:
                self.fail(f"{name} raised an error when used: {new_errors[0]}", f"{tag}-used-error")
            self.show_top_of(explorer)
            self.screenshot(f"4-{tag}-after")
            self.check_layout(explorer, name, f"{tag}-after")
        return count
