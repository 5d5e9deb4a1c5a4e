"""The journey map and the service blueprint draw what a trainer points at: lanes, lines, peak, end."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from cxlab.plots import BLUEPRINT_LANES, journey_map, service_blueprint  # noqa: E402

VISIT = pd.Series({"website info": 0.9, "greeting": 1.1, "kiosk": -0.5, "waiting": -1.5,
                   "counter": 0.4, "farewell": 0.8})
STAGES = {"website info": "awareness", "greeting": "purchase", "kiosk": "purchase", "waiting": "purchase",
          "counter": "usage", "farewell": "after-sales"}


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def texts(ax):
    return [t.get_text() for t in ax.texts]


def annotations(ax):
    return [child.get_text() for child in ax.get_children() if isinstance(child, matplotlib.text.Annotation)]


def test_journey_map_draws_the_curve_in_visit_order():
    ax = journey_map(VISIT, stages=STAGES, title="A visit")
    curve = next(line for line in ax.get_lines() if line.get_label() == "emotion curve")
    assert list(curve.get_ydata()) == list(VISIT)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["website info", "greeting", "kiosk", "waiting",
                                                           "counter", "farewell"]
    assert ax.get_title() == "A visit" and ax.get_xlabel() and "-3 to +3" in ax.get_ylabel()


def test_journey_map_names_each_stage_once_across_the_top():
    ax = journey_map(VISIT, stages=STAGES, title="A visit")
    for stage in ("awareness", "purchase", "usage", "after-sales"):
        assert texts(ax).count(stage) == 1, f"stage {stage!r} should be named once"


def test_journey_map_marks_the_most_intense_moment_as_peak_and_the_last_as_end():
    notes = annotations(journey_map(VISIT, title="A visit"))
    assert any(n.startswith("Peak") and "-1.50" in n for n in notes), notes  # the wait, not the +1.1 greeting
    assert any(n.startswith("End") and "+0.80" in n for n in notes), notes


def test_journey_map_says_when_peak_and_end_are_the_same_moment():
    notes = annotations(journey_map(pd.Series({"greeting": 1, "goodbye": -2}), title="Bad ending"))
    assert any(n.startswith("Peak and end") for n in notes), notes


def test_journey_map_highlights_the_touchpoints_below_zero_as_pain_points():
    ax = journey_map(VISIT, title="A visit")
    pain = next(c for c in ax.collections if c.get_label() == "pain point")
    assert sorted(map(tuple, np.asarray(pain.get_offsets()))) == [(2.0, -0.5), (3.0, -1.5)]


def test_journey_map_can_highlight_chosen_pain_points():
    ax = journey_map(VISIT, title="A visit", pain_points=["waiting"])
    pain = next(c for c in ax.collections if c.get_label() == "pain point")
    assert [tuple(p) for p in np.asarray(pain.get_offsets())] == [(3.0, -1.5)]


def test_journey_map_errors_name_the_problem():
    with pytest.raises(TypeError, match="pandas Series indexed by touchpoint"):
        journey_map([1, 2], title="x")
    with pytest.raises(ValueError, match="no number for touchpoint\\(s\\) kiosk"):
        journey_map(pd.Series({"greeting": 1, "kiosk": np.nan}), title="x")
    with pytest.raises(ValueError, match="no stage for touchpoint\\(s\\) waiting"):
        journey_map(VISIT, stages={k: v for k, v in STAGES.items() if k != "waiting"}, title="x")
    with pytest.raises(ValueError, match="pain point\\(s\\) lobby are not touchpoints"):
        journey_map(VISIT, pain_points=["lobby"], title="x")


C, F, B, S = BLUEPRINT_LANES
STEPS = [
    {"step": "Takes a ticket", "lane": C, "column": 0, "fail": True},
    {"step": "Queue system issues it", "lane": S, "column": 0},
    {"step": "Waits to be called", "lane": C, "column": 1, "wait": True},
    {"step": "Hands over ID", "lane": C, "column": 2},
    {"step": "Teller checks ID", "lane": F, "column": 2},
    {"step": "Back office verifies", "lane": B, "column": 2, "wait": True},
    {"step": "Core system opens account", "lane": S, "column": 2},
]


def test_blueprint_has_the_four_lanes_top_to_bottom():
    ax = service_blueprint(STEPS, title="Opening an account")
    lane_labels = [t for t in ax.texts if t.get_text().split("\n")[0] in
                   ("Customer", "Frontstage", "Backstage", "Support")]
    assert [t.get_text().split("\n")[0] for t in sorted(lane_labels, key=lambda t: -t.get_position()[1])] == [
        "Customer", "Frontstage", "Backstage", "Support"]


def test_blueprint_draws_the_three_lines_between_the_right_lanes():
    ax = service_blueprint(STEPS, title="Opening an account")
    lines = {line.get_label(): line.get_ydata()[0] for line in ax.get_lines() if line.get_label().startswith("line of")}
    assert list(lines) == ["line of interaction", "line of visibility", "line of internal interaction"]
    assert lines["line of interaction"] > lines["line of visibility"] > lines["line of internal interaction"]
    box_y = {t.get_text().replace("\n", " "): t.get_position()[1] for t in ax.texts if t.get_bbox_patch()}
    assert box_y["Hands over ID"] > lines["line of interaction"] > box_y["Teller checks ID"]
    assert box_y["Teller checks ID"] > lines["line of visibility"] > box_y["Back office verifies"]
    assert box_y["Back office verifies"] > lines["line of internal interaction"] > box_y["Core system opens account"]
    for name in lines:
        assert name in texts(ax), f"the {name} should be named on the chart"


def test_blueprint_marks_fail_and_wait_points():
    notes = annotations(service_blueprint(STEPS, title="Opening an account"))
    assert notes.count("F") == 1 and notes.count("W") == 2


def test_blueprint_draws_the_default_flow_arrows():
    notes = annotations(service_blueprint(STEPS, title="Opening an account"))
    # customer actions left to right (2) + hand-offs within moments 0 (1) and 2 (3)
    assert notes.count("") == 6


def test_blueprint_has_a_title_and_axis_labels():
    ax = service_blueprint(STEPS, title="Opening an account")
    assert ax.get_title() == "Opening an account" and ax.get_xlabel() and ax.get_ylabel()


def test_blueprint_errors_name_the_step_and_the_lanes():
    with pytest.raises(ValueError, match="step 'Prints card' has lane 'back office'; the lanes are 'customer action'"):
        service_blueprint(STEPS + [{"step": "Prints card", "lane": "back office"}], title="x")
    with pytest.raises(ValueError, match="needs a column 'lane'"):
        service_blueprint([{"step": "Takes a ticket"}], title="x")
    with pytest.raises(ValueError, match="appears twice"):
        service_blueprint(STEPS + [STEPS[0]], title="x")
    with pytest.raises(ValueError, match="unknown step 'Nope'"):
        service_blueprint(STEPS, links=[("Takes a ticket", "Nope")], title="x")


def test_blueprint_stacks_steps_that_share_a_lane_and_a_moment():
    steps = STEPS[:1] + [{"step": "Lobby manager helps", "lane": F, "column": 0},
                         {"step": "Kiosk prints the ticket", "lane": F, "column": 0}] + STEPS[1:]
    ax = service_blueprint(steps, title="Opening an account")
    box_y = {t.get_text().replace("\n", " "): t.get_position()[1] for t in ax.texts if t.get_bbox_patch()}
    lines = {line.get_label(): line.get_ydata()[0] for line in ax.get_lines() if line.get_label().startswith("line of")}
    helper, kiosk = box_y["Lobby manager helps"], box_y["Kiosk prints the ticket"]
    assert helper > kiosk, "the step listed first goes on top"
    assert lines["line of interaction"] > helper and kiosk > lines["line of visibility"], "both stay in their lane"
