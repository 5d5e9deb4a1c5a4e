"""Interactive explorers for the lectures.

Each explorer is split in two: a pure function that computes what to show (unit-tested without a
browser) and a thin ipywidgets wrapper that calls it whenever the learner changes an input.
ipywidgets is imported inside the wrappers so that ``import cxlab`` stays light.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class BranchProfile:
    branch_id: str
    name: str
    district: str
    branch_type: str
    survey_answers: int
    mean_recommend: float
    mean_wait_minutes: float


def branch_profile(branches: pd.DataFrame, survey: pd.DataFrame, branch_id: str) -> BranchProfile:
    """What the orientation explorer shows for one branch."""
    match = branches[branches["branch_id"] == branch_id]
    if match.empty:
        raise ValueError(f"no branch with id {branch_id!r}; ids run from HB01 to HB{len(branches):02d}")
    row = match.iloc[0]
    answers = survey[survey["branch_id"] == branch_id]
    return BranchProfile(
        branch_id=branch_id,
        name=str(row["name"]),
        district=str(row["district"]),
        branch_type=str(row["branch_type"]),
        survey_answers=len(answers),
        mean_recommend=round(float(answers["recommend"].astype("float").mean()), 2),
        mean_wait_minutes=round(float(answers["wait_minutes"].astype("float").mean()), 1),
    )


def profile_html(profile: BranchProfile) -> str:
    rows = [
        ("Branch", f"{profile.branch_id} — {profile.name}"),
        ("District", profile.district),
        ("Type", profile.branch_type),
        ("Survey answers", f"{profile.survey_answers:,}"),
        ("Average recommendation (0–10)", f"{profile.mean_recommend:.2f}"),
        ("Average reported wait", f"{profile.mean_wait_minutes:.1f} min"),
    ]
    cells = "".join(f"<tr><th style='text-align:left'>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in rows)
    return f"<table class='cxlab-profile'>{cells}</table>"


def branch_explorer(branches: pd.DataFrame, survey: pd.DataFrame):
    """A dropdown of branches; choosing one shows its profile. Returns the widget to display."""
    import ipywidgets as widgets

    choices = [(f"{b} — {n}", b) for b, n in zip(branches["branch_id"], branches["name"])]
    dropdown = widgets.Dropdown(options=choices, description="Branch:")
    shown = widgets.HTML()

    def show(change=None):
        shown.value = profile_html(branch_profile(branches, survey, dropdown.value))

    dropdown.observe(show, names="value")
    show()
    return widgets.VBox([dropdown, shown])


# --------------------------------------------------------------------------- Module 1: foundations

#: Oliver's (1980) three outcomes of comparing what a customer got with what they expected.
DISCONFIRMATION_CLASSES = ("positive", "confirmed", "negative")


def disconfirmation_class(gap: float) -> str:
    """Name the outcome of one disconfirmation (perception - expectation), after Oliver (1980).

    ``"positive"`` when the service was better than expected (gap above 0), ``"confirmed"`` when it
    was exactly as expected (gap 0) and ``"negative"`` when it was worse (gap below 0). The course
    uses this rule everywhere, so a learner's table and the explorer always agree.

    >>> [disconfirmation_class(g) for g in (2, 0, -1)]
    ['positive', 'confirmed', 'negative']
    """
    import numbers

    if isinstance(gap, bool) or not isinstance(gap, numbers.Real) or gap != gap:
        raise ValueError(f"a disconfirmation must be a number (perception - expectation); got {gap!r}")
    if gap > 0:
        return "positive"
    if gap < 0:
        return "negative"
    return "confirmed"


@dataclass(frozen=True)
class DisconfirmationOutcome:
    """What the expectation-confirmation explorer shows for one expectation/perception pair.

    ``customers`` counts the surveyed customers who gave exactly this pair; the three averages are
    theirs (NaN when nobody did): mean satisfaction (1-5), the percent satisfied (4 or 5) and the
    mean answer to the recommendation question (0-10, unanswered questions left out).
    """

    expectation: int
    perception: int
    disconfirmation: int
    outcome: str
    customers: int
    mean_satisfaction: float
    percent_satisfied: float
    mean_recommend: float


def _whole_scale_point(value, name: str, low: int, high: int) -> int:
    import numbers

    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Real)
        or value != value
        or not float(value).is_integer()
        or not low <= value <= high
    ):
        raise ValueError(f"{name} must be a whole number from {low} to {high}; got {value!r}")
    return int(value)


def _require_survey_columns(survey: pd.DataFrame, columns: tuple[str, ...]) -> None:
    missing = [c for c in columns if c not in survey.columns]
    if missing:
        raise ValueError(
            f"the survey table has no column {', '.join(repr(c) for c in missing)}; "
            "pass the nps_survey table, e.g. load('nps_survey')"
        )


def disconfirmation_outcome(survey: pd.DataFrame, expectation: int, perception: int) -> DisconfirmationOutcome:
    """Disconfirmation, its class and how Harbor Bank customers with that pair actually felt.

    ``expectation`` and ``perception`` are points on the survey's 1-7 scales. The averages come from
    the rows of ``survey`` (the ``nps_survey`` table) with exactly this expectation and perception.
    """
    expectation = _whole_scale_point(expectation, "expectation", 1, 7)
    perception = _whole_scale_point(perception, "perception", 1, 7)
    _require_survey_columns(survey, ("expectation", "perception", "satisfaction", "recommend"))
    same = survey[(survey["expectation"] == expectation) & (survey["perception"] == perception)]
    satisfaction = same["satisfaction"].astype("float")
    recommend = same["recommend"].astype("float")
    nan = float("nan")
    return DisconfirmationOutcome(
        expectation=expectation,
        perception=perception,
        disconfirmation=perception - expectation,
        outcome=disconfirmation_class(perception - expectation),
        customers=len(same),
        mean_satisfaction=round(float(satisfaction.mean()), 2) if len(same) else nan,
        percent_satisfied=round(float((satisfaction >= 4).mean() * 100), 1) if len(same) else nan,
        mean_recommend=round(float(recommend.mean()), 2) if recommend.notna().any() else nan,
    )


_OUTCOME_WORDS = {
    "positive": "positively disconfirmed: better than expected",
    "confirmed": "confirmed: exactly as expected",
    "negative": "negatively disconfirmed: worse than expected",
}


def outcome_html(outcome: DisconfirmationOutcome) -> str:
    def number(value: float, text: str) -> str:
        return "no customer gave this pair" if value != value else text.format(value)

    rows = [
        ("Disconfirmation (perception − expectation)", f"{outcome.disconfirmation:+d} points"),
        ("Outcome", _OUTCOME_WORDS[outcome.outcome]),
        ("Surveyed customers with this pair", f"{outcome.customers:,}"),
        ("Their average satisfaction (1–5)", number(outcome.mean_satisfaction, "{:.2f}")),
        ("Of them satisfied (4 or 5)", number(outcome.percent_satisfied, "{:.1f}%")),
        ("Their average recommendation (0–10)", number(outcome.mean_recommend, "{:.2f}")),
    ]
    cells = "".join(
        f"<tr><th style='text-align:left'>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in rows
    )
    return f"<table class='cxlab-profile'>{cells}</table>"


def disconfirmation_explorer(survey: pd.DataFrame, expectation: int = 5, perception: int = 5):
    """Two sliders (expectation, perception, 1-7); shows the disconfirmation and how customers felt."""
    import ipywidgets as widgets

    style = {"description_width": "initial"}
    layout = widgets.Layout(width="420px")
    expected = widgets.IntSlider(value=expectation, min=1, max=7, description="Expectation before the visit (1–7):",
                                 style=style, layout=layout)
    perceived = widgets.IntSlider(value=perception, min=1, max=7, description="Perception of the service (1–7):",
                                  style=style, layout=layout)
    shown = widgets.HTML()

    def show(change=None):
        shown.value = outcome_html(disconfirmation_outcome(survey, expected.value, perceived.value))

    expected.observe(show, names="value")
    perceived.observe(show, names="value")
    show()
    return widgets.VBox([expected, perceived, shown])


@dataclass(frozen=True)
class SatisfactionSplit:
    """Customers split at a satisfaction threshold: how much more the satisfied recommend and stay.

    ``satisfied`` are the customers with satisfaction at or above ``threshold`` (1-5 scale),
    ``others`` the rest. Recommendation means (0-10) leave out unanswered questions; loyalty means
    are on the 1-5 ``loyalty_intent`` scale. Each gap is satisfied minus others.
    """

    threshold: int
    satisfied: int
    others: int
    recommend_satisfied: float
    recommend_others: float
    recommend_gap: float
    loyalty_satisfied: float
    loyalty_others: float
    loyalty_gap: float


def satisfaction_split(survey: pd.DataFrame, threshold: int = 4) -> SatisfactionSplit:
    """Compare customers at or above a satisfaction threshold with everyone below it.

    ``threshold`` runs from 2 to 5, so that both groups can hold customers.
    """
    threshold = _whole_scale_point(threshold, "threshold", 2, 5)
    _require_survey_columns(survey, ("satisfaction", "recommend", "loyalty_intent"))
    above = survey["satisfaction"].astype("float") >= threshold
    recommend = survey["recommend"].astype("float")
    loyalty = survey["loyalty_intent"].astype("float")
    rec_in, rec_out = float(recommend[above].mean()), float(recommend[~above].mean())
    loy_in, loy_out = float(loyalty[above].mean()), float(loyalty[~above].mean())
    return SatisfactionSplit(
        threshold=threshold,
        satisfied=int(above.sum()),
        others=int((~above).sum()),
        recommend_satisfied=round(rec_in, 2),
        recommend_others=round(rec_out, 2),
        recommend_gap=round(rec_in - rec_out, 2),
        loyalty_satisfied=round(loy_in, 2),
        loyalty_others=round(loy_out, 2),
        loyalty_gap=round(loy_in - loy_out, 2),
    )


def split_html(split: SatisfactionSplit) -> str:
    def levels(low: int, high: int) -> str:
        return f"satisfaction {low}" if low == high else f"satisfaction {low}–{high}"

    header = (
        "<tr><th></th>"
        f"<th style='text-align:right'>{levels(split.threshold, 5)}</th>"
        f"<th style='text-align:right'>{levels(1, split.threshold - 1)}</th>"
        "<th style='text-align:right'>gap</th></tr>"
    )
    rows = [
        ("Customers", f"{split.satisfied:,}", f"{split.others:,}", ""),
        ("Average recommendation (0–10)", f"{split.recommend_satisfied:.2f}", f"{split.recommend_others:.2f}",
         f"{split.recommend_gap:+.2f}"),
        ("Average loyalty intent (1–5)", f"{split.loyalty_satisfied:.2f}", f"{split.loyalty_others:.2f}",
         f"{split.loyalty_gap:+.2f}"),
    ]
    body = "".join(
        f"<tr><th style='text-align:left'>{html.escape(label)}</th>"
        + "".join(f"<td style='text-align:right'>{html.escape(v)}</td>" for v in values)
        + "</tr>"
        for label, *values in rows
    )
    return f"<table class='cxlab-profile'>{header}{body}</table>"


def satisfaction_split_explorer(survey: pd.DataFrame, threshold: int = 4):
    """A slider for the lowest satisfaction that counts as 'satisfied'; shows both groups side by side."""
    import ipywidgets as widgets

    slider = widgets.IntSlider(value=threshold, min=2, max=5, description="'Satisfied' starts at:",
                               style={"description_width": "initial"}, layout=widgets.Layout(width="380px"))
    shown = widgets.HTML()

    def show(change=None):
        shown.value = split_html(satisfaction_split(survey, slider.value))

    slider.observe(show, names="value")
    show()
    return widgets.VBox([slider, shown])


# --------------------------------------------------------------------------- journey (Module 2)


@dataclass(frozen=True)
class JourneyCurve:
    """What the journey explorer shows for one visit: the curve and two ways to score it."""

    touchpoints: tuple[str, ...]
    emotions: tuple[float, ...]
    peak_touchpoint: str
    peak: float
    end_touchpoint: str
    end: float
    peak_end: float
    mean: float
    pain_points: tuple[str, ...]


def journey_curve(ratings) -> JourneyCurve:
    """Score one visit from its touchpoint emotions (-3 to +3), given in the order they happened.

    ``ratings`` is a mapping or a pandas Series, touchpoint -> emotion. The peak is the most
    intense moment (the earliest if two are equally intense) and the end the last touchpoint, as in
    :func:`cxlab.journey.peak_end`; ``mean`` is the simple average; pain points are the touchpoints
    below 0. Raises ``ValueError`` for no touchpoints, a missing or non-numeric rating, or a rating
    outside -3..+3 (the message names the touchpoint).

    >>> curve = journey_curve({"greeting": 1, "waiting": -3, "teller": 1, "goodbye": 2})
    >>> (curve.peak_touchpoint, curve.end_touchpoint, curve.peak_end, curve.mean)
    ('waiting', 'goodbye', -0.5, 0.25)
    """
    import math

    from cxlab.journey import peak_end

    items = list(ratings.items()) if hasattr(ratings, "items") else None
    if items is None:
        raise TypeError(f"ratings must map each touchpoint to its emotion (a dict or Series); got {type(ratings).__name__}")
    if not items:
        raise ValueError("ratings is empty: give at least one touchpoint and its emotion")
    names, values = [], []
    for name, value in items:
        if isinstance(value, bool) or not isinstance(value, (int, float)) and not hasattr(value, "__float__"):
            raise ValueError(f"the emotion at {name!r} must be a number from -3 to +3; got {value!r}")
        number = float(value)
        if math.isnan(number) or not -3 <= number <= 3:
            raise ValueError(f"the emotion at {name!r} must be a number from -3 to +3; got {value!r}")
        names.append(str(name))
        values.append(number)
    peak_index = max(range(len(values)), key=lambda i: (abs(values[i]), -i))
    return JourneyCurve(
        touchpoints=tuple(names),
        emotions=tuple(values),
        peak_touchpoint=names[peak_index],
        peak=values[peak_index],
        end_touchpoint=names[-1],
        end=values[-1],
        peak_end=peak_end(values),
        mean=sum(values) / len(values),
        pain_points=tuple(n for n, v in zip(names, values) if v < 0),
    )


def journey_curve_html(curve: JourneyCurve) -> str:
    rows = [
        ("Remembered visit (peak-end score)", f"{curve.peak_end:+.2f}"),
        ("Simple average of every touchpoint", f"{curve.mean:+.2f}"),
        ("Peak-end minus average", f"{curve.peak_end - curve.mean:+.2f}"),
        ("Peak (most intense moment)", f"{curve.peak_touchpoint} ({curve.peak:+.0f})"),
        ("End (last moment)", f"{curve.end_touchpoint} ({curve.end:+.0f})"),
        ("Pain points (below 0)", ", ".join(curve.pain_points) or "none"),
    ]
    cells = "".join(
        f"<tr><th style='text-align:left'>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in rows
    )
    return f"<table class='cxlab-profile'>{cells}</table>"


def journey_explorer(ratings, *, stages=None, title: str = "One branch visit: emotion curve"):
    """A slider (-3..+3) per touchpoint; the journey map and its scores follow every move.

    ``ratings`` maps touchpoints, in visit order, to their starting emotions; ``stages`` (optional)
    maps touchpoints to journey stages for the map. Returns the widget to display; its
    ``figure`` attribute is the (redrawn) matplotlib Figure.
    """
    import ipywidgets as widgets
    from IPython.display import clear_output, display
    from matplotlib.figure import Figure

    from cxlab.plots import journey_map

    start = journey_curve(ratings)
    style = {"description_width": "180px"}
    sliders = [
        widgets.IntSlider(value=int(round(v)), min=-3, max=3, description=f"{name}:", style=style,
                          layout=widgets.Layout(width="420px"), continuous_update=False)
        for name, v in zip(start.touchpoints, start.emotions)
    ]
    scores = widgets.HTML()
    plot = widgets.Output()
    figure = Figure(figsize=(max(7.0, 1.05 * len(sliders) + 1.5), 4.4))

    def show(change=None):
        curve = journey_curve(dict(zip(start.touchpoints, (s.value for s in sliders))))
        scores.value = journey_curve_html(curve)
        figure.clear()
        journey_map(pd.Series(curve.emotions, index=list(curve.touchpoints)), stages=stages, title=title,
                    show_values=False,
                    ax=figure.add_subplot())
        with plot:
            clear_output(wait=True)
            display(figure)

    for slider in sliders:
        slider.observe(show, names="value")
    show()
    box = widgets.VBox([widgets.HBox([widgets.VBox(sliders), scores]), plot])
    box.figure = figure
    return box
