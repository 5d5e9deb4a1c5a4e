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


def control_options(aligned_with=None) -> dict:
    """Keyword arguments for a slider or dropdown: full-width up to the maximum, label uncut.

    ``aligned_with`` (the descriptions of a group of sliders) gives every label of the group the
    width of the longest one, with room to spare, so that the sliders line up.
    """
    import ipywidgets as widgets

    width = "initial" if not aligned_with else f"{max(len(str(d)) for d in aligned_with) + 3}ch"
    return {
        "style": {"description_width": width},
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


#: Room between the columns of an explorer's tables.
_CELL = "padding:1px 0.8em 1px 0"


def key_value_table(rows) -> str:
    """An HTML table of (label, value) rows, the labels as row headers; both escaped."""
    cells = "".join(
        f"<tr><th style='text-align:left;{_CELL}'>{html.escape(k)}</th><td style='{_CELL}'>{html.escape(v)}</td></tr>"
        for k, v in rows
    )
    return f"<table class='cxlab-profile'>{cells}</table>"


def grid_table(header, rows) -> str:
    """An HTML table with a header row and (label, value, ...) rows, the values right-aligned."""
    head = ("<tr><th></th>" + "".join(f"<th style='text-align:right;{_CELL}'>{html.escape(h)}</th>" for h in header)
            + "</tr>")
    body = "".join(
        f"<tr><th style='text-align:left;{_CELL}'>{html.escape(label)}</th>"
        + "".join(f"<td style='text-align:right;{_CELL}'>{html.escape(v)}</td>" for v in values)
        + "</tr>"
        for label, *values in rows
    )
    return f"<table class='cxlab-profile'>{head}{body}</table>"
