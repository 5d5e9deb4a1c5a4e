"""``visits``: branch visits with an emotion at every touchpoint (journey maps, peak-end rule)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from cxlab.datasets.columns import AGE_BANDS
from cxlab.datasets.visits import TOUCHPOINT_STAGES, TOUCHPOINTS
from cxlab.simulate.branches import Universe, sample_customers
from cxlab.simulate.draws import make_ids, scale_points, scaled_count
from cxlab.simulate.truth import (
    AGE_SHARES,
    JOURNEY_SENIOR_KIOSK_SHIFT,
    JOURNEY_SMART_SHIFTS,
    MOMENT_OF_TRUTH_WEIGHTS,
    PEAK_END_INTERCEPT,
    PEAK_END_NOISE,
    PEAK_END_SLOPE,
    TOUCHPOINT_EMOTION,
)

CORE_TOUCHPOINTS = (
    "entrance & greeting",
    "queue ticket / kiosk",
    "waiting area",
    "counter service",
    "exit & farewell",
)
OPTIONAL_TOUCHPOINTS = {
    "website info": 0.50,
    "appointment booking": 0.35,
    "advisor consultation": 0.30,
    "document signing": 0.35,
    "follow-up message": 0.50,
}  # relative chance of appearing in a visit


def simulate_visits(universe: Universe, rng: np.random.Generator, scale: float) -> pd.DataFrame:
    """One row per touchpoint of a branch visit (6-8 steps), with the emotion felt there.

    The visit rating follows the peak-end rule (Kahneman et al. 1993): it is drawn from the mean
    of the most intense emotion and the last one, not from the average of all steps. The answer
    to the recommend question rests mostly on the two moments of truth.
    """
    n = scaled_count(3_000, scale)
    branch, day = sample_customers(universe, rng, n)
    changed = universe.changed(branch, day)
    age = rng.choice(4, size=n, p=AGE_SHARES)
    senior = age == 3

    touchpoints = np.array(TOUCHPOINTS, dtype=object)
    included = np.zeros((n, len(TOUCHPOINTS)), dtype=bool)
    for name in CORE_TOUCHPOINTS:
        included[:, TOUCHPOINTS.index(name)] = True
    extra = rng.choice([1, 2, 3], size=n, p=[0.35, 0.40, 0.25])
    # Weighted sampling without replacement: the k largest of u ** (1 / weight).
    keys = rng.random((n, len(OPTIONAL_TOUCHPOINTS))) ** (1 / np.array(list(OPTIONAL_TOUCHPOINTS.values())))
    rank = np.argsort(np.argsort(-keys, axis=1), axis=1)
    for j, name in enumerate(OPTIONAL_TOUCHPOINTS):
        included[:, TOUCHPOINTS.index(name)] = rank[:, j] < extra

    mood = 0.45 * rng.standard_normal(n)
    latent = np.empty((n, len(TOUCHPOINTS)))
    for j, name in enumerate(TOUCHPOINTS):
        mean, sd = TOUCHPOINT_EMOTION[name]
        latent[:, j] = (
            mean + mood + sd * rng.standard_normal(n) + JOURNEY_SMART_SHIFTS.get(name, 0.0) * changed
        )
    kiosk = TOUCHPOINTS.index("queue ticket / kiosk")
    latent[:, kiosk] += (JOURNEY_SENIOR_KIOSK_SHIFT - JOURNEY_SMART_SHIFTS["queue ticket / kiosk"]) * (
        changed & senior
    )
    emotion = np.clip(np.rint(latent), -3, 3).astype(np.int64)

    masked = np.where(included, emotion, 0)
    # The peak is the first most intense step, as cxlab.journey.peak_end finds it.
    intensity = np.where(included, np.abs(emotion), -1)
    peak = masked[np.arange(n), intensity.argmax(axis=1)]
    last = len(TOUCHPOINTS) - 1 - included[:, ::-1].argmax(axis=1)
    end = masked[np.arange(n), last]
    visit_rating = scale_points(
        PEAK_END_INTERCEPT + PEAK_END_SLOPE * (peak + end) / 2 + PEAK_END_NOISE * rng.standard_normal(n),
        0,
        10,
    )
    others = included.copy()
    for name in MOMENT_OF_TRUTH_WEIGHTS:
        others[:, TOUCHPOINTS.index(name)] = False
    rest_mean = (masked * others).sum(axis=1) / others.sum(axis=1)
    recommend_latent = 7.0 + 0.12 * rest_mean + 1.2 * rng.standard_normal(n)
    for name, weight in MOMENT_OF_TRUTH_WEIGHTS.items():
        recommend_latent += weight * emotion[:, TOUCHPOINTS.index(name)]
    recommend = scale_points(recommend_latent, 0, 10)

    visit, tp = np.nonzero(included)  # row-major: visits in order, touchpoints in journey order
    steps = included.sum(axis=1)
    step = np.arange(len(visit)) - np.repeat(np.cumsum(steps) - steps, steps) + 1
    by_phone = rng.random(len(visit)) < 0.3
    channel = np.where(
        np.isin(touchpoints[tp], ["appointment booking", "follow-up message"]),
        np.where(by_phone, "phone", "online"),
        np.where(touchpoints[tp] == "website info", "online", "branch"),
    )
    return pd.DataFrame(
        {
            "visit_id": make_ids("V", n, 5)[visit],
            "date": day[visit],
            "branch_id": universe.ids[branch][visit],
            "branch_type": universe.branch_type[branch][visit],
            "age_band": np.array(AGE_BANDS, dtype=object)[age][visit],
            "step": step,
            "stage": np.array([TOUCHPOINT_STAGES[t] for t in TOUCHPOINTS], dtype=object)[tp],
            "touchpoint": touchpoints[tp],
            "channel": channel,
            "emotion": emotion[visit, tp],
            "visit_rating": visit_rating[visit],
            "recommend": recommend[visit],
        }
    )
