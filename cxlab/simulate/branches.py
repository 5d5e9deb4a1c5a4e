"""``branches``: the 24 branches, and the hidden branch traits every other generator draws on."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from cxlab.datasets.branches import DISTRICTS
from cxlab.simulate.days import CHANGE_DAY, WORKING_DAYS
from cxlab.simulate.truth import (
    CALLBACK_MEDIAN_HOURS,
    CALLBACK_RATE,
    COUNTER_CHOICES,
    COUNTER_SHARES,
    WEAK_CALLBACK_MEDIAN_HOURS,
    WEAK_CALLBACK_RATE,
)

# fmt: off
BRANCH_NAMES = {
    "Old Town": (
        ("Bell Tower", "钟楼"), ("Temple Street", "庙街"), ("Market Square", "市场广场"),
        ("Old Mill", "老磨坊"), ("Lantern Lane", "灯笼巷"), ("Stone Bridge", "石桥"),
    ),
    "Harbourfront": (
        ("Wharf Road", "码头路"), ("Lighthouse", "灯塔"), ("Ferry Pier", "渡轮码头"),
        ("Marina Bay", "游艇湾"), ("Customs House", "海关楼"), ("Seagull Point", "海鸥角"),
    ),
    "Hillside": (
        ("Pine Hill", "松山"), ("Garden Terrace", "花园台"), ("Observatory", "天文台"),
        ("Maple Heights", "枫叶高地"), ("Cloud Ridge", "云岭"), ("Bamboo Grove", "竹林"),
    ),
    "Riverside": (
        ("Willow Bank", "柳岸"), ("Canal Street", "运河街"), ("Lotus Pond", "荷花塘"),
        ("Twin Bridges", "双桥"), ("Reed Island", "芦苇岛"), ("Orchard Bend", "果园湾"),
    ),
}
# fmt: on


@dataclass(frozen=True)
class Universe:
    """The branches table plus the hidden branch traits the other generators draw on."""

    branches: pd.DataFrame
    smart: np.ndarray  # bool per branch
    counters_before: np.ndarray
    counters_after: np.ndarray
    busyness: np.ndarray  # arrival-rate factor, mean about 1
    quality: np.ndarray  # shift of service ratings, in standard deviations
    callback_rate: np.ndarray
    callback_median_hours: np.ndarray

    @property
    def ids(self) -> np.ndarray:
        return self.branches["branch_id"].to_numpy(dtype=object)

    @property
    def branch_type(self) -> np.ndarray:
        return np.where(self.smart, "smart", "traditional")

    def changed(self, branch: np.ndarray, days: np.ndarray) -> np.ndarray:
        """True where a smart branch is in its new form (from CHANGE_DAY)."""
        return self.smart[branch] & (days >= CHANGE_DAY)


def simulate_universe(rng: np.random.Generator) -> Universe:
    """Draw the branches: three smart branches per district, counters, staff and hidden traits."""
    n = sum(len(v) for v in BRANCH_NAMES.values())
    district = np.repeat(np.array(DISTRICTS, dtype=object), 6)
    counters_before = rng.choice(COUNTER_CHOICES, size=n, p=COUNTER_SHARES)
    # Three smart branches per district, so the districts are balanced between the groups.
    smart = np.zeros(n, dtype=bool)
    for d in range(len(DISTRICTS)):
        smart[d * 6 + rng.permutation(6)[:3]] = True
    counters_after = np.where(smart, counters_before - 1, counters_before)
    staff = counters_before + rng.integers(3, 7, size=n)
    opened_year = rng.integers(1986, 2020, size=n)
    busyness = np.exp(0.04 * rng.standard_normal(n))
    quality = 0.08 * rng.standard_normal(n)
    callback_rate = np.clip(CALLBACK_RATE + 0.04 * rng.standard_normal(n), 0.72, 0.92)
    callback_hours = np.full(n, CALLBACK_MEDIAN_HOURS)
    weak = rng.choice(n, size=2, replace=False)
    callback_rate[weak] = WEAK_CALLBACK_RATE
    callback_hours[weak] = WEAK_CALLBACK_MEDIAN_HOURS

    names_en = [en for d in DISTRICTS for en, _ in BRANCH_NAMES[d]]
    names_zh = [zh + "支行" for d in DISTRICTS for _, zh in BRANCH_NAMES[d]]
    branches = pd.DataFrame(
        {
            "branch_id": [f"HB{i:02d}" for i in range(1, n + 1)],
            "name": names_en,
            "name_zh": names_zh,
            "district": district,
            "branch_type": np.where(smart, "smart", "traditional"),
            "transformed_on": np.where(smart, CHANGE_DAY, np.datetime64("NaT")).astype("datetime64[D]"),
            "counters_before": counters_before,
            "counters_after": counters_after,
            "staff": staff,
            "opened_year": opened_year,
        }
    )
    return Universe(
        branches=branches,
        smart=smart,
        counters_before=counters_before,
        counters_after=counters_after,
        busyness=busyness,
        quality=quality,
        callback_rate=callback_rate,
        callback_median_hours=callback_hours,
    )


def branch_weights(universe: Universe) -> np.ndarray:
    """How often each branch turns up in samples of customers: bigger, busier branches more."""
    weight = universe.counters_before * universe.busyness
    return weight / weight.sum()


def sample_customers(
    universe: Universe, rng: np.random.Generator, n: int, day_weights: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Branch index and working day of ``n`` customer contacts, sorted by day then branch."""
    branch = rng.choice(len(universe.smart), size=n, p=branch_weights(universe))
    if day_weights is None:
        day = WORKING_DAYS[rng.integers(0, len(WORKING_DAYS), size=n)]
    else:
        day = WORKING_DAYS[rng.choice(len(WORKING_DAYS), size=n, p=day_weights / day_weights.sum())]
    order = np.lexsort((branch, day))
    return branch[order], day[order]
