"""How every explorer is laid out: controls stacked above what they change, labels never cut.

JupyterLab's notebook can be narrow (a 1280 px window with the file browser open leaves about
800 px for an output), so controls are stacked one a line above the output, each as wide as the
output area allows up to a readable maximum, and each label takes the width its text needs
(``description_width: initial``) instead of a fixed width that cuts it. ipywidgets is imported
inside the functions so that ``import cxlab`` stays light.
"""

from __future__ import annotations

import html

#: Widest a control grows: enough for the longest label and a slider that is easy to drag.
CONTROL_MAX_WIDTH = "620px"


def control_options() -> dict:
    """Keyword arguments for a slider or dropdown: full-width up to the maximum, label uncut."""
    import ipywidgets as widgets

    return {
        "style": {"description_width": "initial"},
        "layout": widgets.Layout(width="100%", max_width=CONTROL_MAX_WIDTH),
    }


def stacked(controls, *outputs):
    """The explorer: its controls one under another, then each output, full width, nothing beside."""
    import ipywidgets as widgets

    panel = widgets.VBox(list(controls), layout=widgets.Layout(width="100%", margin="0 0 8px 0"))
    return widgets.VBox([panel, *outputs], layout=widgets.Layout(width="100%"))


def figure_output():
    """An Output widget for a chart, as wide as the output area."""
    import ipywidgets as widgets

    return widgets.Output(layout=widgets.Layout(width="100%"))


def show_figure(output, figure) -> None:
    """Redraw ``figure`` in ``output``, replacing the previous drawing without a flicker."""
    from IPython.display import clear_output, display

    with output:
        clear_output(wait=True)
        display(figure)


def key_value_table(rows) -> str:
    """An HTML table of (label, value) rows, the labels as row headers; both escaped."""
    cells = "".join(
        f"<tr><th style='text-align:left'>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in rows
    )
    return f"<table class='cxlab-profile'>{cells}</table>"


def grid_table(header, rows) -> str:
    """An HTML table with a header row and (label, value, ...) rows, the values right-aligned."""
    head = "<tr><th></th>" + "".join(f"<th style='text-align:right'>{html.escape(h)}</th>" for h in header) + "</tr>"
    body = "".join(
        f"<tr><th style='text-align:left'>{html.escape(label)}</th>"
        + "".join(f"<td style='text-align:right'>{html.escape(v)}</td>" for v in values)
        + "</tr>"
        for label, *values in rows
    )
    return f"<table class='cxlab-profile'>{head}{body}</table>"
