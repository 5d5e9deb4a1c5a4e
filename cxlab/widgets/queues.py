"""Module 6 explorer: customers, service time and counters in; the predicted wait, the service level
and a simulated day out.

The numbers come from :func:`cxlab.waits.branch_day` (Erlang C and a ciw simulation); the charts
from :func:`cxlab.plots.queue_through_the_day` and :func:`cxlab.plots.waits_by_hour`.
"""

from __future__ import annotations

from cxlab.lang import _
from cxlab.waits import BranchDay, branch_day
from cxlab.widgets._layout import control_options, figure_output, key_value_table, show_figure, stacked

__all__ = ["BranchDay", "branch_day", "branch_day_html", "queue_explorer"]


def branch_day_html(day: BranchDay) -> str:
    """The formula's and the simulation's answers side by side, as a table."""
    target = f"{day.target_wait:g}"
    if day.erlang is None:
        formula = [(_("Erlang C (steady day, exponential service)"),
                    _("no answer: the counters cannot keep up with the average arrivals"))]
    else:
        formula = [
            (_("Counters busy (utilization)"), f"{day.erlang.utilization:.0%}"),
            (_("Erlang C: chance a customer waits at all"), f"{day.erlang.p_wait:.0%}"),
            (_("Erlang C: mean wait"), _("{minutes:.1f} minutes").format(minutes=day.erlang.wq)),
            (_("Erlang C: called within {target} minutes").format(target=target), f"{day.service_level:.0%}"),
        ]
    simulated = [
        (_("Simulation ({days} days): mean wait").format(days=day.simulated.days),
         _("{minutes:.1f} minutes").format(minutes=day.simulated.mean_wait)),
        (_("Simulation: called within {target} minutes").format(target=target), f"{day.simulated_share_within:.0%}"),
        (_("Simulation: longest wait"), _("{minutes:.0f} minutes").format(minutes=day.simulated.tickets["wait"].max())),
    ]
    return key_value_table(formula + simulated)


def queue_explorer(*, customers_per_hour: float = 12, mean_service: float = 16, counters: int = 4,
                   target_wait: float = 10, lunch_peak: float = 1.25, days: int = 30, seed: int = 0):
    """Sliders for customers an hour, the lunch peak, the service time, the counters and the target;
    the formula's and the simulation's answers follow, with one simulated day drawn minute by minute.

    Returns the widget to display; its ``figure`` attribute is the (redrawn) matplotlib Figure and
    its ``result`` the latest :class:`cxlab.waits.BranchDay`.
    """
    import ipywidgets as widgets
    from matplotlib.figure import Figure

    from cxlab.plots import queue_through_the_day, simulated, waits_by_hour

    labels = [_("Customers per hour (average):"), _("Lunch peak, 12:00-14:00 (x the other hours):"),
              _("Mean service time (minutes):"), _("Open counters:"), _("Target: called within (minutes):")]
    options = control_options(aligned_with=labels)
    customers = widgets.FloatSlider(value=customers_per_hour, min=2, max=40, step=0.5, description=labels[0],
                                    continuous_update=False, **options)
    peak = widgets.FloatSlider(value=lunch_peak, min=1.0, max=2.0, step=0.05, description=labels[1],
                               continuous_update=False, **options)
    service = widgets.FloatSlider(value=mean_service, min=2, max=40, step=0.5, description=labels[2],
                                  continuous_update=False, **options)
    open_counters = widgets.IntSlider(value=counters, min=1, max=12, description=labels[3],
                                      continuous_update=False, **options)
    target = widgets.IntSlider(value=int(target_wait), min=1, max=30, description=labels[4],
                               continuous_update=False, **options)
    shown = widgets.HTML()
    plot = figure_output()
    figure = Figure(figsize=(8, 6.4))
    box = None

    def show(change=None):
        day = branch_day(customers.value, service.value, open_counters.value, target_wait=target.value,
                         lunch_peak=peak.value, days=days, seed=seed)
        shown.value = branch_day_html(day)
        figure.clear()
        top, bottom = figure.subplots(2, 1)
        queue_through_the_day(day.simulated.waiting_by_minute(day=1), ax=top,
                              title=simulated(_("One day: customers waiting, minute by minute")))
        lines = day.simulated.by_hour[["mean_wait"]].rename(columns={"mean_wait": _("simulation")})
        if day.erlang is not None:
            lines[_("Erlang C, average day")] = day.erlang.wq
        capacity = open_counters.value / service.value
        overloaded = [hour for hour, rate in day.arrival_rates.items() if rate >= capacity]
        waits_by_hour(lines, overloaded=overloaded, ax=bottom,
                      title=simulated(_("Mean wait by hour of arrival, {days} days").format(days=days)))
        figure.tight_layout()
        show_figure(plot, figure)
        if box is not None:
            box.result = day

    for control in (customers, peak, service, open_counters, target):
        control.observe(show, names="value")
    box = stacked([customers, peak, service, open_counters, target], shown, plot)
    box.figure = figure
    show()
    return box
