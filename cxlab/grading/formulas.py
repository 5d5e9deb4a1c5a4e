"""Formulas on feedback pages as MathML, which browsers draw themselves: no script, nothing to fetch.

nbgrader's ``release_feedback`` hands a learner the page alone, offline. Chromium, Firefox and Safari
render MathML Core natively, so the LaTeX of a markdown cell is converted to a ``<math>`` element
when the page is written (``latex2mathml``), in place of 2 MB of MathJax in every page.

Conversion happens inside nbconvert's markdown renderer, where its parser has already told formulas
(``$…$``, ``$$…$$``, ``\\(…\\)``, ``\\[…\\]``, ``\\begin{…}…\\end{…}``) from code spans and text: a
``$`` in code or in an output is never touched. A formula latex2mathml cannot convert stays as its
LaTeX text, as nbconvert writes it today.
"""

from __future__ import annotations

from jinja2 import pass_context
from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath


def latex_to_mathml(latex: str, display: bool = False) -> str | None:
    """The ``<math>`` element for this LaTeX (``display="block"`` for display math), or None if it cannot be converted."""
    from latex2mathml.converter import convert

    try:
        return convert(latex.strip(), display="block" if display else "inline")
    except Exception:  # latex2mathml raises many kinds (its own, IndexError...): the LaTeX text is shown instead
        return None


class MathMLRenderer(IPythonRenderer):
    """nbconvert's markdown renderer, writing formulas as MathML instead of LaTeX text for MathJax."""

    def block_math(self, body: str) -> str:
        return latex_to_mathml(body, display=True) or super().block_math(body)

    def inline_math(self, body: str) -> str:
        return latex_to_mathml(body) or super().inline_math(body)

    def latex_environment(self, name: str, body: str) -> str:
        latex = f"\\begin{{{name}}}{body}\\end{{{name}}}"
        return latex_to_mathml(latex, display=True) or super().latex_environment(name, body)


@pass_context
def markdown2html_mathml(context, source: str) -> str:
    """Markdown to HTML with formulas as MathML: the feedback template's filter for markdown cells and comments.

    As nbconvert's own ``markdown2html`` (a cell's attachments become images) with the kit's renderer.
    """
    attachments = context.get("cell", {}).get("attachments", {})
    return MarkdownWithMath(renderer=MathMLRenderer(escape=False, attachments=attachments)).render(source)

