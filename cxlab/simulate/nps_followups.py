"""``nps_followups``: the closed loop -- every detractor of ``nps_survey`` and the branch's call-back."""

from __future__ import annotations

import numpy as np
import pandas as pd

from cxlab.datasets.nps_followups import FOLLOWUP_OUTCOMES
from cxlab.simulate.branches import Universe
from cxlab.simulate.days import CUTOFF_S
from cxlab.simulate.draws import lognormal, scale_points
from cxlab.simulate.truth import OUTCOME_SHARES, RECOMMEND_GAIN


def simulate_nps_followups(
    universe: Universe, survey: pd.DataFrame, rng: np.random.Generator
) -> pd.DataFrame:
    """Every detractor (0-6) of ``survey`` with the branch's call-back and, for some, a re-survey.

    Branches call back most detractors within a day or two; two weak branches call half of them,
    and later. A fixed issue raises the next answer most, an apology alone least, and a call after
    48 hours halves the gain.
    """
    detractors = survey[survey["recommend"].le(6).fillna(False)]
    n = len(detractors)
    branch = pd.Index(universe.ids).get_indexer(detractors["branch_id"])
    day = detractors["date"].to_numpy().astype("datetime64[D]")
    recommend = detractors["recommend"].to_numpy(dtype=np.int64)

    # Answers arrive between 09:30 and 21:00 on the day of the visit.
    surveyed_at = day.astype("datetime64[s]") + (9 * 3600 + 1800 + 60 * rng.integers(0, 690, size=n)).astype(
        "timedelta64[s]"
    )
    delay_hours = np.maximum(0.5, lognormal(rng, universe.callback_median_hours[branch], 0.9, n))
    contacted_at = surveyed_at + (60 * np.round(delay_hours * 60)).astype("timedelta64[s]")
    contacted = (rng.random(n) < universe.callback_rate[branch]) & (contacted_at <= CUTOFF_S)

    outcome = rng.choice(len(FOLLOWUP_OUTCOMES), size=n, p=OUTCOME_SHARES)
    reached = contacted & (outcome < 3)
    close_hours = np.where(outcome == 0, lognormal(rng, 26.0, 0.9, n), rng.uniform(0.2, 1.5, size=n))
    closed_at = contacted_at + (60 * np.round(close_hours * 60)).astype("timedelta64[s]")
    closed = reached & (closed_at <= CUTOFF_S)

    outcome_label = np.where(contacted, np.array(FOLLOWUP_OUTCOMES, dtype=object)[outcome], None)
    gain = np.array([RECOMMEND_GAIN[label] for label in outcome_label])
    gain = np.where(reached & (delay_hours > 48), gain / 2, gain)
    resurvey_due = surveyed_at + np.timedelta64(30, "D") <= CUTOFF_S
    resurveyed = resurvey_due & (rng.random(n) < np.where(reached, 0.75, 0.30))
    recommend_after = scale_points(recommend + gain + 1.2 * rng.standard_normal(n), 0, 10).astype(float)
    recommend_after[~resurveyed] = np.nan

    nat = np.datetime64("NaT", "s")
    return pd.DataFrame(
        {
            "response_id": detractors["response_id"].to_numpy(dtype=object),
            "branch_id": detractors["branch_id"].to_numpy(dtype=object),
            "surveyed_at": surveyed_at,
            "recommend": recommend,
            "contacted": contacted,
            "contacted_at": np.where(contacted, contacted_at, nat),
            "closed_at": np.where(closed, closed_at, nat),
            "outcome": outcome_label,
            "recommend_after": recommend_after,
        }
    )
