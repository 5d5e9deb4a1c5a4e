"""``staff_survey``: every staff member's answers to the October 2024 employee-experience survey.

The service-profit chain (Heskett et al. 1994) as the generator builds it: a branch's hidden service
quality (:attr:`Universe.quality`, which also lifts its customers' ratings in ``nps_survey``) sets
its staff climate; the climate colours what staff say the bank gives them (training, tools,
empowerment, care); those drive job satisfaction, which drives the intent to stay and the eNPS.
Only this dataset's own random stream is used, so the other files do not change.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cxlab.datasets.staff_survey import STAFF_ROLES, STAFF_SURVEY_MONTH
from cxlab.simulate.branches import Universe
from cxlab.simulate.days import WORKING_DAYS
from cxlab.simulate.draws import make_ids, scale_points
from cxlab.simulate.truth import (
    STAFF_CLIMATE_FROM_QUALITY,
    STAFF_CLIMATE_NOISE,
    STAFF_ITEM_LOADING,
    STAFF_ITEM_NOISE,
    STAFF_SATISFACTION_WEIGHTS,
)

#: Advisors per branch; one lobby manager; tellers staff the counters; the rest is back office.
ADVISORS = 2


def branch_roles(counters: int, staff: int) -> list[str]:
    """The roster of one branch: a teller per counter, a lobby manager, advisors, back office.

    >>> branch_roles(4, 8)
    ['teller', 'teller', 'teller', 'teller', 'lobby manager', 'advisor', 'advisor', 'back office']
    """
    teller, lobby, advisor, back_office = STAFF_ROLES
    return [teller] * counters + [lobby] + [advisor] * ADVISORS + [back_office] * (staff - counters - 1 - ADVISORS)


def simulate_staff_survey(universe: Universe, rng: np.random.Generator) -> pd.DataFrame:
    """One row per staff member on the roster in ``branches`` (everyone answered)."""
    rosters = [
        branch_roles(int(c), int(s))
        for c, s in zip(universe.counters_before, universe.branches["staff"], strict=True)
    ]
    branch = np.repeat(np.arange(len(rosters)), [len(r) for r in rosters])
    role = np.array([r for roster in rosters for r in roster], dtype=object)
    n = len(branch)

    quality = universe.quality / universe.quality.std()
    climate = STAFF_CLIMATE_FROM_QUALITY * quality + STAFF_CLIMATE_NOISE * rng.standard_normal(len(rosters))
    items = {
        item: STAFF_ITEM_LOADING * climate[branch] + STAFF_ITEM_NOISE * rng.standard_normal(n)
        for item in ("training", "tools", "empowerment", "care")
    }
    satisfaction = sum(w * items[k] for k, w in STAFF_SATISFACTION_WEIGHTS.items()) + 0.45 * rng.standard_normal(n)
    tenure = np.round(np.minimum(44.9, rng.gamma(2.0, 4.0, size=n)), 1)
    staying = 0.6 * satisfaction + 0.03 * np.minimum(tenure, 15) + 0.7 * rng.standard_normal(n)

    days = WORKING_DAYS[WORKING_DAYS.astype("datetime64[M]") == np.datetime64(STAFF_SURVEY_MONTH)]
    frame = pd.DataFrame(
        {
            "staff_id": make_ids("E", n, 3),
            "branch_id": universe.ids[branch],
            "surveyed_on": days[rng.integers(0, len(days), size=n)],
            "role": role,
            "tenure_years": tenure,
            **{item: scale_points(3.4 + 0.75 * latent, 1, 5) for item, latent in items.items()},
            "job_satisfaction": scale_points(3.5 + 0.9 * satisfaction, 1, 5),
            "intent_to_stay": scale_points(3.6 + 0.8 * staying, 1, 5),
            "enps": scale_points(7.0 + 1.6 * satisfaction + 1.0 * rng.standard_normal(n), 0, 10),
        }
    )
    return frame
