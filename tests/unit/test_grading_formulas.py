"""Formulas in feedback pages become MathML where nbconvert's markdown parser finds them, and only there."""

from __future__ import annotations

from jinja2 import Environment

from cxlab.grading.formulas import latex_to_mathml, markdown2html_mathml


def render(source: str, cell: dict | None = None) -> str:
    environment = Environment()
    environment.filters["markdown2html_mathml"] = markdown2html_mathml
    return environment.from_string("{{ source | markdown2html_mathml }}").render(source=source, cell=cell or {})


def test_inline_and_display_formulas_become_math_elements():
    html = render("For $k$ items:\n\n$$\\alpha = \\frac{k}{k-1}$$\n\nand \\begin{equation}x_1\\end{equation}")
    assert html.count("<math") == 3 and "$" not in html
    assert '<math xmlns="http://www.w3.org/1998/Math/MathML" display="inline"><mrow><mi>k</mi></mrow></math>' in html
    display = html[html.index("&#x003B1;") - 120:html.index("&#x003B1;")]
    assert 'display="block"' in display, "display math is a block"
    assert "<mfrac>" in html and "<msub>" in html


def test_dollars_in_code_stay_as_they_are():
    html = render("Type `$x$` here.\n\n```\nprice = \"$5 and $6\"\n```")
    assert "<math" not in html
    assert "<code>$x$</code>" in html and "$5 and $6" in html


def test_a_formula_that_cannot_be_converted_stays_as_its_latex():
    assert latex_to_mathml(r"\left( x") is None
    html = render(r"Before $\left( x < y$ after, and $z$.")
    assert r"$\left( x &lt; y$" in html, "the LaTeX text stays, escaped, and the cell goes on"
    assert "after" in html and html.count("<math") == 1


def test_the_cell_attachments_still_become_images():
    cell = {"attachments": {"chart.png": {"image/png": "iVBORw0KGgo="}}}
    html = render("![chart](attachment:chart.png) with $a$", cell)
    assert 'src="data:image/png;base64,iVBORw0KGgo="' in html and "<math" in html
