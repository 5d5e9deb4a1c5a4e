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


# --------------------------------------------------------------------------- NPS (Module 3)


@dataclass(frozen=True, eq=False)
class NPSInterval:
    """What the margin-of-error explorer shows for one group of customers and one survey size.

    ``nps`` is the NPS of all ``answers`` of the group (customers who skipped the question left
    out), treated as the truth a smaller survey tries to find. ``margin`` is the margin of error of
    one survey of ``n`` answers from customers who answer like this group, and ``ci_low`` /
    ``ci_high`` the band ``nps ± margin`` (clipped to -100..100) where such a survey's NPS usually
    lands. ``surveys`` holds simulated surveys of ``n`` answers each, drawn with replacement from the
    group's answers: one row per survey (``survey`` 1, 2, ...) with columns ``n``, ``nps``, ``se``,
    ``ci_low``, ``ci_high`` (each survey's own interval, from :func:`cxlab.nps.summary`) and
    ``covers`` (whether that interval contains ``nps``); ``covered`` counts the surveys that do.
    """

    n: int
    answers: int
    nps: float
    confidence: float
    margin: float
    ci_low: float
    ci_high: float
    surveys: pd.DataFrame
    covered: int


def nps_interval(answers, n: int, *, draws: int = 20, confidence: float = 0.95, seed: int = 0) -> NPSInterval:
    """Margin of error of an NPS survey of ``n`` answers, and ``draws`` simulated surveys of that size.

    ``answers`` are the 0-10 answers of one group (a branch, a segment); missing answers are
    dropped and invalid ones raise ``ValueError`` as in :func:`cxlab.nps.summary`. The margin is
    ``z * se`` with the standard error of :func:`cxlab.nps.summary` rescaled from the group's size to
    ``n`` (it shrinks with the square root of ``n``: four times the answers, half the margin). The
    same ``seed`` gives the same surveys.

    >>> result = nps_interval([10] * 50 + [8] * 30 + [3] * 20, n=400, draws=5)
    >>> result.nps, round(result.margin, 1), len(result.surveys)
    (30.0, 7.7, 5)
    """
    import math

    import numpy as np

    from cxlab import nps
    from cxlab._validate import check_confidence

    n = _whole_scale_point(n, "n (answers in the survey)", 2, 1_000_000)
    draws = _whole_scale_point(draws, "draws (simulated surveys)", 1, 10_000)
    z = check_confidence(confidence)
    whole = nps.summary(answers, confidence)
    margin = z * whole.se * math.sqrt(whole.n / n)
    # NPS depends on the group only, so a pool with one answer per category keeps the shares exactly.
    pool = np.repeat([10, 8, 0], [whole.promoters, whole.passives, whole.detractors])
    drawn = np.random.default_rng(seed).choice(pool, size=(draws, n), replace=True)
    rows = []
    for number, sample in enumerate(drawn, start=1):
        one = nps.summary(sample, confidence)
        rows.append({"survey": number, "n": one.n, "nps": one.nps, "se": one.se, "ci_low": one.ci_low,
                     "ci_high": one.ci_high, "covers": bool(one.ci_low <= whole.nps <= one.ci_high)})
    surveys = pd.DataFrame(rows).set_index("survey")
    return NPSInterval(
        n=n,
        answers=whole.n,
        nps=whole.nps,
        confidence=float(confidence),
        margin=margin,
        ci_low=max(whole.nps - margin, -100.0),
        ci_high=min(whole.nps + margin, 100.0),
        surveys=surveys,
        covered=int(surveys["covers"].sum()),
    )


def nps_interval_html(result: NPSInterval, group: str = "this group") -> str:
    level = f"{result.confidence:.0%}"
    rows = [
        (f"Answers from {group}", f"{result.answers:,}"),
        ("NPS from all those answers", f"{result.nps:+.1f} points"),
        ("Answers in one survey (n)", f"{result.n:,}"),
        (f"Margin of error ({level})", f"± {result.margin:.1f} points"),
        ("A survey of this size usually lands between", f"{result.ci_low:+.1f} and {result.ci_high:+.1f}"),
        ("Simulated surveys whose interval holds the NPS of all answers",
         f"{result.covered} of {len(result.surveys)}"),
    ]
    cells = "".join(
        f"<tr><th style='text-align:left'>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in rows
    )
    return f"<table class='cxlab-profile'>{cells}</table>"


def nps_interval_explorer(survey: pd.DataFrame, *, group: str = "branch_id", start=None, column: str = "recommend",
                          n: int = 100, draws: int = 20, seed: int = 0):
    """A group dropdown, a survey-size slider and a button for new draws; the intervals follow.

    ``survey`` is the ``nps_survey`` table (or any table with a 0-10 ``column``); ``group`` names the
    column whose values fill the dropdown, ``start`` the value shown first. Returns the widget to
    display; its ``figure`` attribute is the (redrawn) matplotlib Figure.
    """
    import ipywidgets as widgets
    from IPython.display import clear_output, display
    from matplotlib.figure import Figure

    from cxlab.plots import nps_intervals

    _require_survey_columns(survey, (group, column))
    labels = sorted(str(v) for v in survey[group].dropna().unique())
    if not labels:
        raise ValueError(f"the column {group!r} has no values to choose from")
    if start is not None and str(start) not in labels:
        raise ValueError(f"{start!r} is not a value of {group!r}; choose one of {', '.join(labels[:6])}, ...")
    keys = survey[group].astype(str)
    chooser = widgets.Dropdown(options=labels, value=str(start) if start is not None else labels[0],
                               description="Group:")
    size = widgets.IntSlider(value=n, min=20, max=2000, step=10, description="Answers per survey (n):",
                             style={"description_width": "initial"}, layout=widgets.Layout(width="460px"),
                             continuous_update=False)
    again = widgets.Button(description="Draw new surveys")
    state = {"seed": seed}
    shown = widgets.HTML()
    plot = widgets.Output()
    figure = Figure(figsize=(8, 5.2))

    def show(change=None):
        result = nps_interval(survey.loc[keys == chooser.value, column], size.value, draws=draws,
                              seed=state["seed"])
        shown.value = nps_interval_html(result, chooser.value)
        figure.clear()
        misses = [label for label, covers in result.surveys["covers"].items() if not covers]
        nps_intervals(
            result.surveys, sort=False, reference=result.nps,
            reference_label=f"NPS of all {result.answers:,} answers", band=(result.ci_low, result.ci_high),
            band_label=f"± margin of error for n = {result.n:,}", highlight=misses,
            highlight_label="interval misses the NPS of all answers",
            title=f"{chooser.value}: {len(result.surveys)} simulated surveys of {result.n:,} answers (simulated)",
            ylabel="Simulated survey", xlim=(-100, 100), ax=figure.add_subplot(),
        )
        with plot:
            clear_output(wait=True)
            display(figure)

    def redraw(button=None):
        state["seed"] += 1
        show()

    chooser.observe(show, names="value")
    size.observe(show, names="value")
    again.on_click(redraw)
    show()
    box = widgets.VBox([widgets.HBox([chooser, again]), size, shown, plot])
    box.figure = figure
    box.redraw = redraw
    return box


# --------------------------------------------------------------------------- transformation (Module 8)

#: The day the twelve smart branches changed; everything before it is the "before" period.
TRANSFORMATION_DATE = "2025-07-01"
#: What the transformation explorer can measure: outcome -> (label with unit, decimals shown).
DID_OUTCOMES = {
    "nps": ("NPS (points, -100 to 100)", 1),
    "wait": ("Reported wait (minutes)", 2),
    "satisfaction": ("Satisfaction (1-5)", 3),
}
#: Who the explorer can look at: every customer or one age band.
DID_SEGMENTS = ("all", "18-29", "30-44", "45-59", "60+")
#: Months the "after" period may start in (the change month to the last month of the data).
DID_AFTER_MONTHS = ("2025-07", "2025-08", "2025-09", "2025-10", "2025-11", "2025-12")


@dataclass(frozen=True)
class DidEstimate:
    """A difference-in-differences of one outcome, smart branches against the traditional ones.

    ``before`` is every answer before 2025-07-01; ``after`` every answer from the first day of
    ``after_from`` to the end of the data (months between the change and ``after_from`` are left
    out). Each of the four cells has its value and its number of answers; ``change_*`` is after
    minus before within a group, ``did`` the smart change minus the traditional change, and
    ``margin`` the half-width of its 95% interval (1.96 standard errors, customers treated as
    independent).
    """

    outcome: str
    segment: str
    after_from: str
    before_smart: float
    after_smart: float
    before_traditional: float
    after_traditional: float
    n_before_smart: int
    n_after_smart: int
    n_before_traditional: int
    n_after_traditional: int
    change_smart: float
    change_traditional: float
    did: float
    margin: float

    def table(self) -> pd.DataFrame:
        """The four cells as a 2 x 2 table: rows smart, traditional; columns before, after."""
        return pd.DataFrame(
            {"before": [self.before_smart, self.before_traditional],
             "after": [self.after_smart, self.after_traditional]},
            index=pd.Index(["smart", "traditional"], name="branch_type"),
        )


def _cell_value_and_se(values: pd.Series, outcome: str) -> tuple[float, float, int]:
    import math

    from cxlab import nps

    if outcome == "nps":
        result = nps.summary(values)
        return result.nps, result.se, result.n
    numbers = values.astype("float64").dropna()
    if len(numbers) < 2:
        raise ValueError(f"too few answers ({len(numbers)}) in one group and period to estimate a mean")
    return float(numbers.mean()), float(numbers.std(ddof=1) / math.sqrt(len(numbers))), len(numbers)


def did_estimate(survey: pd.DataFrame, outcome: str = "nps", segment: str = "all",
                 after_from: str = "2025-09") -> DidEstimate:
    """Difference-in-differences of NPS, reported wait or satisfaction in the ``nps_survey`` table.

    Parameters
    ----------
    survey : pandas.DataFrame
        The ``nps_survey`` table (columns ``date``, ``branch_type``, ``age_band`` and the outcome's).
    outcome : {"nps", "wait", "satisfaction"}
        NPS of the ``recommend`` answers (0-10), the mean ``wait_minutes`` (customers who waited:
        branch and phone; app contacts have no wait) or the mean ``satisfaction`` (1-5).
    segment : {"all", "18-29", "30-44", "45-59", "60+"}
        Every customer, or the customers of one age band.
    after_from : str
        First month of the "after" period, ``"2025-07"`` to ``"2025-12"``. ``"2025-09"`` skips
        the two transition months (July and August 2025).

    Returns
    -------
    DidEstimate
        The four cells, both changes, the estimate and its 95% margin of error.

    Notes
    -----
    The estimate is ``(smart after - smart before) - (traditional after - traditional before)``:
    the traditional branches show how the smart ones would have moved without the change, which
    assumes that the two groups would have followed parallel trends. Each cell's standard error is
    the NPS standard error of :func:`cxlab.nps.summary` or the standard error of a mean; the four
    are combined as independent. Customers of one branch resemble each other, so an interval that
    allows for that (an OLS with standard errors clustered by branch) is wider. Missing answers are
    left out. Raises ``ValueError`` naming a wrong outcome, segment or month, or a missing column.

    References
    ----------
    * Reichheld, F. F. (2003). The one number you need to grow. *Harvard Business Review*, 81(12), 46–54.

    Examples
    --------
    >>> import pandas as pd
    >>> survey = pd.DataFrame({
    ...     "date": pd.to_datetime(["2025-03-03"] * 4 + ["2025-10-06"] * 4),
    ...     "branch_type": ["smart", "smart", "traditional", "traditional"] * 2,
    ...     "age_band": ["30-44"] * 8,
    ...     "recommend": [10, 6, 9, 6, 10, 10, 9, 6],
    ... })
    >>> result = did_estimate(survey, "nps")
    >>> result.change_smart, result.change_traditional, result.did
    (100.0, 0.0, 100.0)
    """
    if outcome not in DID_OUTCOMES:
        raise ValueError(f"outcome must be one of {', '.join(map(repr, DID_OUTCOMES))}; got {outcome!r}")
    if segment not in DID_SEGMENTS:
        raise ValueError(f"segment must be one of {', '.join(map(repr, DID_SEGMENTS))}; got {segment!r}")
    if str(after_from) not in DID_AFTER_MONTHS:
        raise ValueError(
            f"after_from must be a month from {DID_AFTER_MONTHS[0]} to {DID_AFTER_MONTHS[-1]} "
            f"(written like '2025-09'); got {after_from!r}"
        )
    column = {"nps": "recommend", "wait": "wait_minutes", "satisfaction": "satisfaction"}[outcome]
    _require_survey_columns(survey, ("date", "branch_type", "age_band", column))
    rows = survey if segment == "all" else survey[survey["age_band"].astype(str) == segment]
    dates = pd.to_datetime(rows["date"])
    period = pd.Series(pd.NA, index=rows.index, dtype="object")
    period[dates < pd.Timestamp(TRANSFORMATION_DATE)] = "before"
    period[dates >= pd.Timestamp(f"{after_from}-01")] = "after"
    group = rows["branch_type"].astype(str)
    cells = {}
    for kind in ("smart", "traditional"):
        for when in ("before", "after"):
            chosen = rows.loc[(group == kind) & (period == when), column]
            if chosen.notna().sum() == 0:
                raise ValueError(f"no {outcome} answers from {kind} branches {when} the change for segment {segment!r}")
            cells[kind, when] = _cell_value_and_se(chosen, outcome)
    change_smart = cells["smart", "after"][0] - cells["smart", "before"][0]
    change_traditional = cells["traditional", "after"][0] - cells["traditional", "before"][0]
    se = sum(cell[1] ** 2 for cell in cells.values()) ** 0.5
    return DidEstimate(
        outcome=outcome,
        segment=segment,
        after_from=str(after_from),
        before_smart=cells["smart", "before"][0],
        after_smart=cells["smart", "after"][0],
        before_traditional=cells["traditional", "before"][0],
        after_traditional=cells["traditional", "after"][0],
        n_before_smart=cells["smart", "before"][2],
        n_after_smart=cells["smart", "after"][2],
        n_before_traditional=cells["traditional", "before"][2],
        n_after_traditional=cells["traditional", "after"][2],
        change_smart=change_smart,
        change_traditional=change_traditional,
        did=change_smart - change_traditional,
        margin=1.96 * se,
    )


def did_html(estimate: DidEstimate) -> str:
    label, decimals = DID_OUTCOMES[estimate.outcome]
    f = f"{{:.{decimals}f}}"
    s = f"{{:+.{decimals}f}}"
    header = ("<tr><th></th><th style='text-align:right'>before</th><th style='text-align:right'>after</th>"
              "<th style='text-align:right'>change</th></tr>")
    rows = [
        ("Smart branches", f.format(estimate.before_smart), f.format(estimate.after_smart),
         s.format(estimate.change_smart)),
        ("Traditional branches", f.format(estimate.before_traditional), f.format(estimate.after_traditional),
         s.format(estimate.change_traditional)),
        ("Answers (smart / traditional)", f"{estimate.n_before_smart:,} / {estimate.n_before_traditional:,}",
         f"{estimate.n_after_smart:,} / {estimate.n_after_traditional:,}", ""),
    ]
    body = "".join(
        f"<tr><th style='text-align:left'>{html.escape(name)}</th>"
        + "".join(f"<td style='text-align:right'>{html.escape(v)}</td>" for v in values)
        + "</tr>"
        for name, *values in rows
    )
    verdict = ("larger than its margin of error" if abs(estimate.did) > estimate.margin
               else "within its margin of error: not distinguishable from no effect")
    summary = (
        f"<p><b>Difference-in-differences: {s.format(estimate.did)}</b> ± {f.format(estimate.margin)} "
        f"({html.escape(label)}; 95% margin) — {verdict}.</p>"
    )
    return f"<table class='cxlab-profile'>{header}{body}</table>{summary}"


def transformation_explorer(survey: pd.DataFrame, outcome: str = "nps", segment: str = "all",
                            after_from: str = "2025-09"):
    """Choose the outcome, the customers and the first "after" month; the DiD and its bars follow.

    ``survey`` is the ``nps_survey`` table. Returns the widget to display; its ``figure`` attribute
    is the (redrawn) matplotlib Figure of before/after bars with the smart branches' counterfactual.
    """
    import ipywidgets as widgets
    from IPython.display import clear_output, display
    from matplotlib.figure import Figure

    from cxlab.plots import before_after_bars

    start = did_estimate(survey, outcome, segment, after_from)
    style = {"description_width": "150px"}
    layout = widgets.Layout(width="380px")
    outcome_box = widgets.Dropdown(options=[(label, key) for key, (label, _) in DID_OUTCOMES.items()],
                                   value=start.outcome, description="Outcome:", style=style, layout=layout)
    segment_box = widgets.Dropdown(options=[("all customers" if s == "all" else f"aged {s}", s) for s in DID_SEGMENTS],
                                   value=start.segment, description="Customers:", style=style, layout=layout)
    month_box = widgets.SelectionSlider(options=[(pd.Timestamp(f"{m}-01").strftime("%b %Y"), m) for m in DID_AFTER_MONTHS],
                                        value=start.after_from, description="'After' starts in:", style=style,
                                        layout=layout, continuous_update=False)
    shown = widgets.HTML()
    plot = widgets.Output()
    figure = Figure(figsize=(7.5, 3.9))

    def show(change=None):
        estimate = did_estimate(survey, outcome_box.value, segment_box.value, month_box.value)
        shown.value = did_html(estimate)
        label, decimals = DID_OUTCOMES[estimate.outcome]
        who = "all customers" if estimate.segment == "all" else f"customers aged {estimate.segment}"
        figure.clear()
        before_after_bars(
            estimate.table(), ylabel=label, decimals=decimals, ax=figure.add_subplot(),
            baseline=1.0 if estimate.outcome == "satisfaction" else 0.0,
            title=(f"{label.split(' (')[0]}, {who}: before Jul 2025 vs from "
                   f"{pd.Timestamp(estimate.after_from + '-01'):%b %Y} (simulated)"),
        )
        with plot:
            clear_output(wait=True)
            display(figure)

    for box in (outcome_box, segment_box, month_box):
        box.observe(show, names="value")
    show()
    explorer = widgets.VBox([widgets.HBox([widgets.VBox([outcome_box, segment_box, month_box]), shown]), plot])
    explorer.figure = figure
    return explorer


# --------------------------------------------------------------------------- SERVQUAL (Module 4)


@dataclass(frozen=True)
class WeightedPriorities:
    """What the SERVQUAL weights explorer shows: the weighted score and the order of priorities.

    ``shares`` are the weights as fractions of their total (they add up to 1), ``contributions``
    each dimension's share times its gap P - E (they add up to ``weighted_score``); ``priority``
    lists the dimensions from the most negative contribution (fix first) to the least, ties in
    the 1988 order of the dimensions. ``unweighted_score`` is the plain mean of the five gaps, for
    comparison. Dicts follow the order of :data:`cxlab.servqual.DIMENSIONS`.
    """

    points: dict
    total_points: float
    shares: dict
    gaps: dict
    contributions: dict
    weighted_score: float
    unweighted_score: float
    priority: tuple[str, ...]


def weighted_priorities(gaps, weights) -> WeightedPriorities:
    """Weight the five SERVQUAL dimension gaps by importance and rank them as priorities.

    ``gaps`` and ``weights`` map each of the five dimensions to a number (dicts or Series), as for
    :func:`cxlab.servqual.weighted_score`, which computes the score and validates the inputs (a
    missing or unknown dimension, a negative weight or weights that are all zero raise
    ``ValueError``). Weights are points of importance such as the 100 points of the survey; only
    their proportions matter.

    >>> gaps = {"tangibles": -0.5, "reliability": -1.5, "responsiveness": -1.0,
    ...         "assurance": -0.5, "empathy": -1.0}
    >>> points = {"tangibles": 10, "reliability": 30, "responsiveness": 25,
    ...           "assurance": 20, "empathy": 15}
    >>> result = weighted_priorities(gaps, points)
    >>> result.weighted_score, result.priority[:2]
    (-1.0, ('reliability', 'responsiveness'))
    """
    from cxlab.servqual import DIMENSIONS, weighted_score

    score = weighted_score(gaps, weights)
    gap = {d: float(dict(gaps.items())[d]) for d in DIMENSIONS}
    point = {d: float(dict(weights.items())[d]) for d in DIMENSIONS}
    total = sum(point.values())
    shares = {d: point[d] / total for d in DIMENSIONS}
    contributions = {d: shares[d] * gap[d] for d in DIMENSIONS}
    order = list(DIMENSIONS)
    priority = tuple(sorted(order, key=lambda d: (contributions[d], order.index(d))))
    return WeightedPriorities(
        points=point,
        total_points=total,
        shares=shares,
        gaps=gap,
        contributions=contributions,
        weighted_score=score,
        unweighted_score=sum(gap.values()) / len(gap),
        priority=priority,
    )


def priorities_html(result: WeightedPriorities) -> str:
    header = (
        "<tr><th style='text-align:left'>priority</th><th style='text-align:left'>dimension</th>"
        "<th style='text-align:right'>gap P − E</th><th style='text-align:right'>weight</th>"
        "<th style='text-align:right'>weight × gap</th></tr>"
    )
    body = "".join(
        f"<tr><td>{rank}</td><td>{html.escape(d)}</td>"
        f"<td style='text-align:right'>{result.gaps[d]:+.2f}</td>"
        f"<td style='text-align:right'>{result.shares[d]:.0%}</td>"
        f"<td style='text-align:right'>{result.contributions[d]:+.3f}</td></tr>"
        for rank, d in enumerate(result.priority, start=1)
    )
    summary = (
        f"<p><b>Weighted SERVQUAL score: {result.weighted_score:+.3f}</b> "
        f"(unweighted mean of the five gaps: {result.unweighted_score:+.3f}). "
        f"Your points add up to {result.total_points:g}; only their proportions matter.</p>"
    )
    return f"{summary}<table class='cxlab-profile'>{header}{body}</table>"


def servqual_weights_explorer(gaps, weights=None, *, title: str = "Weighted gaps: what to fix first"):
    """Five sliders (0-100 points of importance, one per dimension); the weighted score and the
    priority order follow every move.

    ``gaps`` maps the five dimensions to their gaps P - E (e.g. :func:`cxlab.servqual.dimension_gaps`);
    ``weights`` gives the starting points (e.g. the mean of the 100-point allocation), 20 each by
    default. Returns the widget to display; its ``figure`` attribute is the (redrawn) bar chart of
    weight × gap in priority order. Sliders that are all at 0 show a message instead of a score.
    """
    import ipywidgets as widgets
    from IPython.display import clear_output, display
    from matplotlib.figure import Figure

    from cxlab.servqual import DIMENSIONS

    start = weighted_priorities(gaps, weights if weights is not None else {d: 20 for d in DIMENSIONS})
    sliders = [
        widgets.IntSlider(value=int(round(start.points[d])), min=0, max=100, description=f"{d}:",
                          style={"description_width": "120px"}, layout=widgets.Layout(width="380px"),
                          continuous_update=False)
        for d in DIMENSIONS
    ]
    shown = widgets.HTML()
    plot = widgets.Output()
    figure = Figure(figsize=(6.4, 2.9))

    def show(change=None):
        points = {d: s.value for d, s in zip(DIMENSIONS, sliders)}
        figure.clear()
        try:
            result = weighted_priorities(start.gaps, points)
        except ValueError as error:
            shown.value = f"<p><b>{html.escape(str(error))}</b></p>"
        else:
            shown.value = priorities_html(result)
            ax = figure.add_subplot()
            names = list(reversed(result.priority))
            values = [result.contributions[d] for d in names]
            ax.barh(names, values, color=["#c53030" if d == result.priority[0] else "#2b6cb0" for d in names])
            ax.axvline(0, color="grey", linewidth=0.8)
            ax.set_xlim(min(-0.05, min(values) * 1.15), 0.02)
            ax.set_title(f"{title} (weighted score {result.weighted_score:+.2f})", fontsize=10)
            ax.set_xlabel("Weight × gap (points on the 1-7 scale)")
            ax.set_ylabel("Dimension")
            figure.tight_layout()
        with plot:
            clear_output(wait=True)
            display(figure)

    for slider in sliders:
        slider.observe(show, names="value")
    show()
    box = widgets.VBox([widgets.HBox([widgets.VBox(sliders), shown]), plot])
    box.figure = figure
    return box
