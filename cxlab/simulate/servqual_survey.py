"""``servqual_survey``: two SERVQUAL waves, 22 expectation and 22 perception items and 100 points."""

from __future__ import annotations

import numpy as np
import pandas as pd

from cxlab.datasets.columns import AGE_BANDS
from cxlab.datasets.servqual_survey import SERVQUAL_WAVES
from cxlab.servqual import DIMENSIONS
from cxlab.simulate.branches import Universe, branch_weights
from cxlab.simulate.days import WORKING_DAYS
from cxlab.simulate.draws import make_ids, scale_points, scaled_count, with_missing
from cxlab.simulate.truth import (
    AGE_SHARES,
    SERVQUAL_GAPS,
    SERVQUAL_IMPORTANCE,
    SERVQUAL_LOADING,
    SERVQUAL_NOISE,
    SERVQUAL_SMART_GAIN,
    WEAK_ITEM,
    WEAK_ITEM_LOADING,
)

#: Mean expectation per dimension (1-7 scale, before rounding).
SERVQUAL_EXPECTATION = {
    "tangibles": 5.7,
    "reliability": 6.3,
    "responsiveness": 6.0,
    "assurance": 6.1,
    "empathy": 5.8,
}


def simulate_servqual_survey(universe: Universe, rng: np.random.Generator, scale: float) -> pd.DataFrame:
    """22 expectation and 22 perception items (Parasuraman, Zeithaml & Berry 1988) and a 100-point
    importance allocation, in two waves: October 2024 and October 2025."""
    n = scaled_count(2_000, scale)
    wave = np.sort(rng.random(n) < 0.5).astype(int)  # about half in each wave
    month_days = [
        WORKING_DAYS[WORKING_DAYS.astype("datetime64[M]") == np.datetime64(w)] for w in SERVQUAL_WAVES
    ]
    day = np.where(
        wave == 0,
        month_days[0][rng.integers(0, len(month_days[0]), size=n)],
        month_days[1][rng.integers(0, len(month_days[1]), size=n)],
    )
    branch = rng.choice(len(universe.smart), size=n, p=branch_weights(universe))
    order = np.lexsort((branch, day))
    wave, day, branch = wave[order], day[order], branch[order]
    smart_after = universe.smart[branch] & (wave == 1)
    age = rng.choice(4, size=n, p=AGE_SHARES)

    overall = rng.standard_normal(n)  # how good Harbor Bank seems in general
    demanding = rng.standard_normal(n)  # how much this customer expects in general
    columns: dict[str, np.ndarray] = {}
    expectations, perceptions = {}, {}
    for dimension, items in DIMENSIONS.items():
        factor = 0.55 * overall + 0.835 * rng.standard_normal(n)
        gap = SERVQUAL_GAPS[dimension] + SERVQUAL_SMART_GAIN.get(dimension, 0.0) * smart_after
        for item in items:
            expected = SERVQUAL_EXPECTATION[dimension] + 0.1 * rng.standard_normal()
            loading = WEAK_ITEM_LOADING if item == WEAK_ITEM else SERVQUAL_LOADING[dimension]
            e_latent = expected + 0.45 * demanding + 0.55 * rng.standard_normal(n)
            p_latent = expected + gap + loading * factor + SERVQUAL_NOISE[dimension] * rng.standard_normal(n)
            expectations[f"e{item:02d}"] = with_missing(rng, scale_points(e_latent, 1, 7), 0.01)
            perceptions[f"p{item:02d}"] = with_missing(rng, scale_points(p_latent, 1, 7), 0.01)
    columns.update(expectations)
    columns.update(perceptions)

    importance = np.array(list(SERVQUAL_IMPORTANCE.values()))
    shares = rng.dirichlet(12 * importance, size=n)
    unit = np.where(rng.random(n) < 0.75, 5, 1)  # most people allocate in fives
    points = _allocate_points(shares, unit)
    for j, dimension in enumerate(DIMENSIONS):
        columns[f"w_{dimension}"] = points[:, j]

    return pd.DataFrame(
        {
            "respondent_id": make_ids("S", n, 5),
            "date": day,
            "wave": np.array(SERVQUAL_WAVES, dtype=object)[wave],
            "branch_id": universe.ids[branch],
            "branch_type": universe.branch_type[branch],
            "age_band": np.array(AGE_BANDS, dtype=object)[age],
            **columns,
        }
    )


def _allocate_points(shares: np.ndarray, unit: np.ndarray) -> np.ndarray:
    """Whole points in steps of ``unit`` that sum to exactly 100 per row (largest remainder)."""
    units = (100 // unit)[:, None]
    raw = shares * units
    points = np.floor(raw).astype(np.int64)
    short = units[:, 0] - points.sum(axis=1)
    rank = np.argsort(np.argsort(-(raw - points), axis=1, kind="stable"), axis=1, kind="stable")
    points += rank < short[:, None]
    return points * unit[:, None]
