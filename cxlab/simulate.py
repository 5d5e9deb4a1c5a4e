"""Simulate the Harbor Bank (港湾银行) datasets.

Harbor Bank is a fictional retail bank. Nothing here describes a real bank: every number comes
from the random draws below, and the effects a learner should find are written into the
parameters of this module (the ``TRUE EFFECTS`` block) and documented in ``datasets/README.md``.

Run ``python -m cxlab.simulate`` to rewrite ``datasets/*.csv`` with the default seed, or
``python -m cxlab.simulate --scale 50 --out /tmp/big`` for a large copy for benchmarks.

Design
------
* One random stream per dataset: ``SeedSequence(seed, spawn_key=(k,))`` with a fixed ``k`` per
  dataset, so changing how one dataset is drawn leaves the others' draws unchanged. Datasets that
  are derived from others (``nps_followups`` from the detractors in ``nps_survey``, ``kpi_monthly``
  from the surveys, complaints and queue log) change when their sources change, by design.
* Everything is vectorised with numpy; the multi-server queue steps through the tickets of all
  branch-days at once.
* Output is byte-for-byte reproducible: floats are rounded to the decimals the schema documents,
  dates use fixed formats, lines end in ``\\n``, files are UTF-8 without an index.

Examples
--------
>>> frames = generate(seed=7, scale=0.05)
>>> sorted(frames) == sorted(names())
True
>>> len(frames["branches"]), len(frames["kpi_monthly"])
(24, 576)
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from cxlab.datasets import (
    AGE_BANDS,
    COMPLAINT_CATEGORIES,
    COMPLAINT_CHANNELS,
    CUTOFF,
    DATETIME_FORMAT,
    DATE_FORMAT,
    DISTRICTS,
    FOLLOWUP_OUTCOMES,
    SCHEMAS,
    SEGMENTS,
    SERVICE_TYPES,
    SERVQUAL_DIMENSIONS,
    SERVQUAL_WAVES,
    SEVERITIES,
    TOUCHPOINTS,
    TOUCHPOINT_STAGES,
    WEEKDAYS,
    names,
)

__all__ = ["DEFAULT_SEED", "generate", "write", "realised_effects", "effects_table", "main"]

DEFAULT_SEED = 2026

FIRST_DAY = np.datetime64("2024-01-01")
LAST_DAY = np.datetime64("2025-12-31")
CHANGE_DAY = np.datetime64("2025-07-01")  # smart branches open in their new form
EFFECT_DAY = np.datetime64("2025-09-01")  # NPS gain shows from here: the one-to-two-month lag
MONTHS = pd.date_range("2024-01-01", "2025-12-01", freq="MS").values.astype("datetime64[D]")
WORKING_DAYS = pd.bdate_range("2024-01-01", "2025-12-31").values.astype("datetime64[D]")
ALL_DAYS = np.arange(FIRST_DAY, LAST_DAY + 1)
CUTOFF_S = np.datetime64(CUTOFF.to_datetime64(), "s")

#: One fixed stream number per dataset (never reuse or renumber: that would change the data).
STREAMS = {
    "branches": 1,
    "nps_survey": 2,
    "nps_followups": 3,
    "servqual_survey": 4,
    "visits": 5,
    "complaints": 6,
    "queue_log": 7,
    "kpi_monthly": 8,
}

# ==================================================================================================
# TRUE EFFECTS: the parameters a learner should rediscover. datasets/README.md quotes them.
# ==================================================================================================

#: Age-band shares of branch customers (older customers use branches more than the bank overall).
AGE_SHARES = (0.17, 0.28, 0.30, 0.25)

# -- queues (queue_log, kpi_monthly) -----------------------------------------------------------
#: Staffed counters per branch before the change, and how often each number occurs.
COUNTER_CHOICES, COUNTER_SHARES = (3, 4, 5, 6), (0.15, 0.40, 0.30, 0.15)
#: Arrivals per hour relative to the day's average, for the hours starting 09:00 ... 16:00.
HOUR_PROFILE = np.array([0.85, 0.95, 1.05, 1.25, 1.21, 0.95, 0.85, 0.75])
#: Arrivals relative to an average day, Monday ... Friday.
WEEKDAY_PROFILE = np.array([1.12, 0.97, 0.93, 0.95, 1.04])
#: Share of counter tickets by service type before the change, and mean minutes at the counter.
SERVICE_MIX = np.array([0.44, 0.12, 0.10, 0.16, 0.18])  # order of SERVICE_TYPES
SERVICE_MEAN_MIN = np.array([8.0, 34.0, 41.0, 14.0, 11.5])
SERVICE_CV = 0.5
#: Smart branches after the change: share of each service type still coming to a counter (the rest
#: use kiosks, tablets or the app and never take a ticket) and how much faster counters serve.
SMART_COUNTER_DEMAND = np.array([0.46, 0.90, 1.00, 0.74, 0.62])
SMART_SERVICE_SPEED = 0.85
#: Average counter utilisation at a branch before the change (arrival rate / service capacity).
BASE_UTILISATION = 0.88
#: Customers who see more than BALK_QUEUE_PER_COUNTER waiting per counter may leave without a
#: ticket; the chance grows by 1 / BALK_SPREAD per extra waiting customer per counter, up to BALK_MAX.
BALK_QUEUE_PER_COUNTER, BALK_SPREAD, BALK_MAX = 1.0, 3.0, 0.7
#: kpi_monthly: mean wait in smart branches from 2025-07 relative to what it would have been.
KPI_SMART_WAIT_FACTOR = 0.60

# -- NPS survey ------------------------------------------------------------------------------------
#: Weights of the five ratings in satisfaction and perception: the "service" group (wait, staff)
#: first, then environment, technology and personalisation.
RATING_WEIGHTS = {"wait": 0.34, "staff": 0.30, "environment": 0.16, "digital": 0.12, "personalisation": 0.08}
#: Extra direct weight of each rating on the 0-10 recommend answer (on top of satisfaction).
RECOMMEND_WEIGHTS = {
    "wait": 0.55,
    "staff": 0.50,
    "environment": 0.20,
    "digital": 0.15,
    "personalisation": 0.10,
}
#: Survey invitations per working day from 2025-07-01 relative to before.
SURVEY_BOOST_FROM_CHANGE = 2.0
#: Centre of the 0-10 recommend latent for an average customer.
RECOMMEND_INTERCEPT = 8.2
#: Weight of disconfirmation (perception - expectation) in satisfaction (Oliver 1980).
DISCONFIRMATION_WEIGHT = 0.35
#: Median reported counter wait in minutes at an average branch, and in smart branches after.
REPORTED_WAIT_MEDIAN = 9.0
REPORTED_WAIT_SMART_FACTOR = 0.60
#: How strongly the wait rating follows the reported wait (the rest is the customer's own view).
WAIT_SIGNAL = 0.6
#: Shifts of the rating latents (in standard deviations) in smart branches.
TRANSITION_SHIFTS = {"staff": -0.05, "digital": -0.10}
AFTER_SHIFTS = {"staff": 0.12, "digital": 0.12, "environment": 0.12, "personalisation": 0.05}
SENIOR_SHIFTS = {"wait": -0.25, "staff": -0.25, "digital": -0.80, "personalisation": -0.25}

# -- closed loop (nps_followups) ---------------------------------------------------------------------
CALLBACK_RATE = 0.82  # typical branch; two weak branches call back half their detractors
WEAK_CALLBACK_RATE = 0.50
CALLBACK_MEDIAN_HOURS = 20.0
WEAK_CALLBACK_MEDIAN_HOURS = 44.0
OUTCOME_SHARES = (0.38, 0.27, 0.15, 0.20)  # order of FOLLOWUP_OUTCOMES
#: Mean gain in the 0-10 answer when re-surveyed, by outcome; halved when the call came after 48 h.
RECOMMEND_GAIN = {"issue fixed": 3.2, "explained": 1.4, "apologised only": 0.6, "no answer": 0.3, None: 0.2}

# -- SERVQUAL ------------------------------------------------------------------------------------------
#: Mean perception - expectation per dimension (before rounding and the 1-7 limits).
SERVQUAL_GAPS = {
    "tangibles": -0.3,
    "reliability": -1.2,
    "responsiveness": -0.8,
    "assurance": -0.5,
    "empathy": -0.7,
}
SERVQUAL_IMPORTANCE = {
    "tangibles": 0.14,
    "reliability": 0.30,
    "responsiveness": 0.22,
    "assurance": 0.18,
    "empathy": 0.16,
}
#: Loading of each perception item on its dimension's factor and the item's own noise. Empathy is
#: the weak scale, and item 22 (convenient opening hours) hardly belongs to it.
SERVQUAL_LOADING = {
    "tangibles": 0.80,
    "reliability": 0.85,
    "responsiveness": 0.80,
    "assurance": 0.80,
    "empathy": 0.70,
}
SERVQUAL_NOISE = {
    "tangibles": 0.70,
    "reliability": 0.70,
    "responsiveness": 0.70,
    "assurance": 0.70,
    "empathy": 0.85,
}
WEAK_ITEM, WEAK_ITEM_LOADING = 22, 0.15
#: Improvement of the gap in smart branches in the 2025-10 wave.
SERVQUAL_SMART_GAIN = {"tangibles": 0.25, "responsiveness": 0.30}

# -- journeys (visits) -------------------------------------------------------------------------------
TOUCHPOINT_EMOTION = {
    "website info": (0.9, 0.9),
    "appointment booking": (0.6, 0.9),
    "entrance & greeting": (1.1, 0.9),
    "queue ticket / kiosk": (-0.5, 1.0),
    "waiting area": (-1.1, 1.2),
    "counter service": (0.4, 1.4),
    "advisor consultation": (0.9, 0.9),
    "document signing": (-0.1, 0.9),
    "exit & farewell": (0.8, 0.9),
    "follow-up message": (0.6, 0.9),
}  # (mean, standard deviation) of the emotion latent
JOURNEY_SMART_SHIFTS = {"waiting area": 0.6, "counter service": 0.2, "queue ticket / kiosk": 0.3}
JOURNEY_SENIOR_KIOSK_SHIFT = -1.4
#: visit_rating = 5.6 + 1.25 * (peak + end) / 2 + noise (Kahneman et al. 1993).
PEAK_END_INTERCEPT, PEAK_END_SLOPE, PEAK_END_NOISE = 5.6, 1.25, 0.7
#: recommend = 7.0 + weight * emotion at the moments of truth + a little of the rest + noise.
MOMENT_OF_TRUTH_WEIGHTS = {"counter service": 0.75, "waiting area": 0.60}

# -- complaints ------------------------------------------------------------------------------------------
#: Complaints per branch-month at a 4.5-counter branch before the change, by category.
COMPLAINT_RATES = {
    "waiting time": 1.8,
    "staff attitude": 1.45,
    "fees and charges": 1.0,
    "transaction error": 0.85,
    "mobile app": 0.85,
    "kiosk usability": 0.0,
}
SMART_WAITING_COMPLAINT_FACTOR = 0.45
KIOSK_COMPLAINTS_TRANSITION, KIOSK_COMPLAINTS_AFTER = 1.7, 1.2
KIOSK_SENIOR_SHARE = 0.70
#: Change in satisfaction after recovery relative to the pre-incident rating, by time to close.
RECOVERY_EFFECT = {"24h": 1.1, "72h": -0.7, "later": -2.3}
RECOVERY_FCR_BONUS = 0.3
REPEAT_RISK = {"fcr": 0.09, "no_fcr": 0.20, "poor_recovery": 0.08}


# ==================================================================================================
# Public API
# ==================================================================================================


def generate(seed: int = DEFAULT_SEED, scale: float = 1.0) -> dict[str, pd.DataFrame]:
    """Simulate every Harbor Bank dataset.

    Parameters
    ----------
    seed : int
        Seed of the random streams; the committed files use 2026.
    scale : float
        Multiplies the rows of the surveys, visits, complaints and queue log (the 24 branches and
        576 branch-months stay). ``scale=50`` makes about two million rows for benchmarks; the
        queue log stops growing once it covers every working day (about 52 times the default).

    Returns
    -------
    dict[str, pandas.DataFrame]
        One frame per dataset, keyed by :func:`cxlab.datasets.names`, typed as
        :func:`cxlab.datasets.load` returns them.
    """
    seed, scale = _checked(seed, scale)
    universe = _simulate_universe(_rng(seed, "branches"))
    frames = {"branches": universe.branches}

    def add(name: str, frame: pd.DataFrame) -> pd.DataFrame:
        frames[name] = _conform(name, frame)
        return frames[name]

    survey = add("nps_survey", simulate_nps_survey(universe, _rng(seed, "nps_survey"), scale))
    add("nps_followups", simulate_nps_followups(universe, survey, _rng(seed, "nps_followups")))
    add("servqual_survey", simulate_servqual_survey(universe, _rng(seed, "servqual_survey"), scale))
    add("visits", simulate_visits(universe, _rng(seed, "visits"), scale))
    complaints = add("complaints", simulate_complaints(universe, _rng(seed, "complaints"), scale))
    queue = add("queue_log", simulate_queue_log(universe, _rng(seed, "queue_log"), scale))
    add(
        "kpi_monthly",
        simulate_kpi_monthly(universe, survey, complaints, queue, _rng(seed, "kpi_monthly"), scale),
    )
    frames["branches"] = _conform("branches", universe.branches)
    return {name: frames[name] for name in names()}


def write(directory: str | os.PathLike, seed: int = DEFAULT_SEED, scale: float = 1.0) -> list[Path]:
    """Simulate every dataset and write it to ``<directory>/<name>.csv``; returns the paths."""
    return list(_write_frames(generate(seed, scale), Path(directory)).values())


def _write_frames(frames: dict[str, pd.DataFrame], directory: Path) -> dict[str, Path]:
    """Write each frame to ``<directory>/<name>.csv``: UTF-8, ``\n`` line ends, no index.

    Each file is written under a temporary name first and then moved into place, so a reader
    never sees half a file.
    """
    directory.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, frame in frames.items():
        path = directory / f"{name}.csv"
        partial = path.with_suffix(".csv.partial")
        _csv_ready(name, frame).to_csv(partial, index=False, lineterminator="\n", encoding="utf-8", na_rep="")
        os.replace(partial, path)
        paths[name] = path
    return paths


def _checked(seed: int, scale: float) -> tuple[int, float]:
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a whole number >= 0, not {seed!r}")
    if (
        isinstance(scale, bool)
        or not isinstance(scale, (int, float, np.number))
        or not np.isfinite(scale)
        or scale <= 0
    ):
        raise ValueError(f"scale must be a positive number such as 1 or 50, not {scale!r}")
    return int(seed), float(scale)


def _rng(seed: int, dataset: str) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(STREAMS[dataset],)))


def _count(base: int, scale: float) -> int:
    return max(1, int(round(base * scale)))


# ==================================================================================================
# Small helpers
# ==================================================================================================


def _choose_rows(rng: np.random.Generator, probabilities: np.ndarray) -> np.ndarray:
    """One category index per row, each row with its own probabilities (rows sum to 1)."""
    cumulative = np.cumsum(probabilities, axis=1)
    cumulative[:, -1] = 1.0
    draws = rng.random(len(probabilities))[:, None]
    return (draws >= cumulative).sum(axis=1)


def _scale_points(latent: np.ndarray, low: int, high: int) -> np.ndarray:
    """Round a latent score to whole points within [low, high]."""
    return np.clip(np.rint(latent), low, high).astype(np.int64)


def _with_missing(rng: np.random.Generator, values: np.ndarray, share: float) -> np.ndarray:
    """Values as floats with about ``share`` of them blanked (unanswered questions)."""
    values = values.astype(float)
    values[rng.random(len(values)) < share] = np.nan
    return values


def _period(dates: np.ndarray) -> np.ndarray:
    return np.where(dates < CHANGE_DAY, "before", np.where(dates < EFFECT_DAY, "transition", "after"))


def _balanced_normal(rng: np.random.Generator, stratum: np.ndarray) -> np.ndarray:
    """Standard normal draws spread evenly over the normal distribution within each stratum.

    Latin hypercube sampling per stratum: the k-th of n draws in a stratum falls in a random
    place of the k-th of n equal-probability slices of the normal distribution, in random order.
    The comparisons the course teaches (group x period x age band) then show the effects built
    into the generator instead of the luck of the draw, while every single answer still varies
    as much as with plain random draws.
    """
    n = len(stratum)
    order = np.argsort(stratum + rng.random(n))  # strata in turn, random order within each
    sorted_stratum = stratum[order]
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n) - np.searchsorted(sorted_stratum, sorted_stratum, side="left")
    counts = np.bincount(stratum)
    return _normal_quantile((rank + rng.random(n)) / counts[stratum])


def _normal_quantile(p: np.ndarray) -> np.ndarray:
    """Inverse of the standard normal distribution function (Acklam's rational approximation,
    relative error below 1.2e-9), so the generator needs numpy only."""
    # fmt: off
    a = (-3.969683028665376e01, 2.209460984245205e02, -2.759285104469687e02,
         1.383577518672690e02, -3.066479806614716e01, 2.506628277459239e00)
    b = (-5.447609879822406e01, 1.615858368580409e02, -1.556989798598866e02,
         6.680131188771972e01, -1.328068155288572e01, 1.0)
    c = (-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e00,
         -2.549732539343734e00, 4.374664141464968e00, 2.938163982698783e00)
    d = (7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e00,
         3.754408661907416e00, 1.0)
    # fmt: on
    p = np.clip(np.asarray(p, dtype=float), 1e-12, 1 - 1e-12)
    tail = np.minimum(p, 1 - p)
    q = np.sqrt(-2 * np.log(tail))
    outer = np.polyval(c, q) / np.polyval(d, q)  # the tails, below 2.425% on either side
    outer = np.where(p < 0.5, outer, -outer)
    r = (p - 0.5) ** 2
    inner = (p - 0.5) * np.polyval(a, r) / np.polyval(b, r)
    return np.where(tail < 0.02425, outer, inner)


def _lognormal(rng: np.random.Generator, median: np.ndarray | float, sigma: float, size: int) -> np.ndarray:
    return np.asarray(median) * np.exp(sigma * rng.standard_normal(size))


def _ids(prefix: str, count: int, width: int) -> np.ndarray:
    return np.array([f"{prefix}{i:0{width}d}" for i in range(1, count + 1)], dtype=object)


def _month_index(days: np.ndarray) -> np.ndarray:
    """0 for January 2024 ... 23 for December 2025."""
    months = days.astype("datetime64[M]").astype(int)
    return months - np.datetime64("2024-01", "M").astype(int)


# ==================================================================================================
# Branches: the universe every other dataset draws on
# ==================================================================================================

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
        """True where a smart branch is in its new form (from 2025-07-01)."""
        return self.smart[branch] & (days >= CHANGE_DAY)


def _simulate_universe(rng: np.random.Generator) -> Universe:
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


def _branch_weights(universe: Universe) -> np.ndarray:
    """How often each branch turns up in samples of customers: bigger, busier branches more."""
    weight = universe.counters_before * universe.busyness
    return weight / weight.sum()


def _sample_customers(
    universe: Universe, rng: np.random.Generator, n: int, day_weights: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Branch index and working day of ``n`` customer contacts, sorted by day then branch."""
    branch = rng.choice(len(universe.smart), size=n, p=_branch_weights(universe))
    if day_weights is None:
        day = WORKING_DAYS[rng.integers(0, len(WORKING_DAYS), size=n)]
    else:
        day = WORKING_DAYS[rng.choice(len(WORKING_DAYS), size=n, p=day_weights / day_weights.sum())]
    order = np.lexsort((branch, day))
    return branch[order], day[order]


# ==================================================================================================
# NPS survey
# ==================================================================================================

#: Comment bank: (Chinese, English gloss, topic, polarity, when). ``when`` limits a comment to
#: smart branches after the change ("changed") or to everything else ("unchanged"); "any" fits all.
# fmt: off
COMMENTS = (
    ("排队太久了，等了快四十分钟。", "The queue was far too long; I waited almost forty minutes.", "wait", "neg", "any"),
    ("午休时间只开了两个窗口，人太多。", "Only two counters were open at lunchtime and it was packed.", "wait", "neg", "any"),
    ("取了号以后一直不叫，不知道还要等多久。", "After taking a ticket nobody called me and I had no idea how much longer I would wait.", "wait", "neg", "any"),
    ("办一个简单的业务也要等很久，浪费时间。", "Even a simple transaction took ages; a waste of my time.", "wait", "neg", "any"),
    ("几乎不用排队，很快就办好了。", "Hardly any queue; it was done in no time.", "wait", "pos", "any"),
    ("现在等候时间短多了，点个赞。", "Waiting times are much shorter now, thumbs up.", "wait", "pos", "changed"),
    ("预约了时间，到了就办，很方便。", "I booked a time slot and was served as soon as I arrived; very convenient.", "wait", "pos", "any"),
    ("柜员态度冷淡，问问题也不耐烦。", "The teller was cold and impatient when I asked questions.", "staff", "neg", "any"),
    ("工作人员对业务不熟，来回问了好几次。", "The staff did not know the procedure and kept going off to check.", "staff", "neg", "any"),
    ("说法前后不一致，让我跑了两趟。", "I was told different things each time and had to come back twice.", "staff", "neg", "any"),
    ("柜员非常专业，解释得清清楚楚。", "The teller was very professional and explained everything clearly.", "staff", "pos", "any"),
    ("大堂经理主动过来帮忙，很贴心。", "The lobby manager came over to help without being asked; very thoughtful.", "staff", "pos", "any"),
    ("理财经理很耐心，没有推销的感觉。", "The advisor was patient and never felt pushy.", "staff", "pos", "any"),
    ("服务热情周到，谢谢小王。", "Warm, attentive service; thank you, Xiao Wang.", "staff", "pos", "any"),
    ("等候区座位太少，很多人只能站着。", "Too few seats in the waiting area; lots of people had to stand.", "environment", "neg", "any"),
    ("网点里有点闷，空调不太好。", "It was stuffy inside; the air conditioning was not working well.", "environment", "neg", "any"),
    ("新装修后环境明亮整洁，很舒服。", "Since the refit the branch is bright, tidy and comfortable.", "environment", "pos", "changed"),
    ("有饮水和充电的地方，等的时候不无聊。", "There is water and somewhere to charge your phone, so waiting is not dull.", "environment", "pos", "any"),
    ("网点干净，指示牌清楚。", "The branch is clean and the signs are clear.", "environment", "pos", "any"),
    ("手机银行老是闪退，只好来网点办。", "The mobile app kept crashing, so I had to come to the branch.", "digital", "neg", "any"),
    ("网上预约系统不好用，约不上号。", "The online booking system is awkward; I could not get a slot.", "digital", "neg", "any"),
    ("平板上要填的信息太多了。", "Too many fields to fill in on the tablet.", "digital", "neg", "changed"),
    ("在平板上签字很快，不用填一堆纸。", "Signing on the tablet was quick, no pile of paper forms.", "digital", "pos", "changed"),
    ("手机银行很好用，大部分事情在家就能办。", "The app works well; I can do most things from home.", "digital", "pos", "any"),
    ("自助机操作简单，两分钟就搞定了。", "The self-service machine was easy; done in two minutes.", "digital", "pos", "changed"),
    ("每次都要重复说明我的情况，没有人记得。", "I have to explain my situation every time; nobody remembers.", "personalisation", "neg", "any"),
    ("推荐的产品根本不适合我。", "The product they recommended does not suit me at all.", "personalisation", "neg", "any"),
    ("客户经理记得我的需求，建议很实用。", "My relationship manager remembered what I need and gave practical advice.", "personalisation", "pos", "any"),
    ("根据我的小店情况给了合适的贷款方案。", "They offered a loan plan that fits my small shop.", "personalisation", "pos", "any"),
    ("自助机看不懂，字太小，没人教我怎么用。", "I could not understand the kiosk, the text is too small and nobody showed me how.", "kiosk", "neg", "changed"),
    ("老年人不会用机器，还是希望有人工窗口。", "Older people cannot use the machines; we would still like a staffed counter.", "kiosk", "neg", "changed"),
    ("柜台少了，让我去机器上办，我不会。", "There are fewer counters now and they sent me to a machine I cannot use.", "kiosk", "neg", "changed"),
    ("机器上操作了半天也没办成，最后还是排队。", "I spent ages on the machine, got nowhere and queued in the end anyway.", "kiosk", "neg", "changed"),
    ("总体很满意，会推荐给朋友。", "Very satisfied overall; I would recommend it to friends.", "general", "pos", "any"),
    ("办事效率高，服务好。", "Efficient and good service.", "general", "pos", "any"),
    ("一直在港湾银行办业务，很放心。", "I have always banked with Harbor Bank and I trust it.", "general", "pos", "any"),
    ("还可以，没什么特别的。", "It was fine, nothing special.", "general", "mixed", "any"),
    ("服务不错，就是等的时间有点长。", "Good service, but the wait was a bit long.", "general", "mixed", "any"),
    ("业务办好了，但流程可以再简单一点。", "Got it done, but the process could be simpler.", "general", "mixed", "any"),
    ("希望营业时间能长一些。", "I wish the opening hours were longer.", "general", "mixed", "any"),
    ("网点变化挺大，还在适应中。", "The branch has changed a lot; I am still getting used to it.", "general", "mixed", "changed"),
    ("比以前好一点，继续加油。", "A bit better than before; keep it up.", "general", "mixed", "changed"),
)
# fmt: on

RATINGS = ("wait", "staff", "environment", "digital", "personalisation")


def simulate_nps_survey(universe: Universe, rng: np.random.Generator, scale: float) -> pd.DataFrame:
    """One row per surveyed customer after a branch visit or contact.

    Ratings are rounded latents that share a general impression factor; satisfaction follows
    disconfirmation (perception - expectation, Oliver 1980) and the ratings; the 0-10 recommend
    answer follows satisfaction and the ratings, with waiting and staff strongest.
    """
    n = _count(20_000, scale)
    # The bank doubled its survey invitations from July 2025 to watch the change closely.
    day_weights = np.where(WORKING_DAYS >= CHANGE_DAY, SURVEY_BOOST_FROM_CHANGE, 1.0)
    branch, day = _sample_customers(universe, rng, n, day_weights)
    changed = universe.changed(branch, day)
    transition = changed & (day < EFFECT_DAY)
    after = changed & (day >= EFFECT_DAY)
    age = rng.choice(4, size=n, p=AGE_SHARES)
    senior = age == 3
    segment = rng.choice(3, size=n, p=[0.70, 0.20, 0.10])

    channel = _survey_channel(rng, changed, senior)
    # Noise is balanced within each group x period x age band (see _balanced_normal), so the
    # built-in effects are not blurred by chance differences between these cells.
    stratum = (
        12 * universe.smart[branch] + 4 * np.searchsorted([CHANGE_DAY, EFFECT_DAY], day, side="right") + age
    )

    def noise() -> np.ndarray:
        return _balanced_normal(rng, stratum)

    wait = _reported_wait(universe, branch, changed, channel, noise())

    # Latent ratings: a shared impression (so ratings correlate) plus each rating's own part.
    impression = noise()
    latent = {}
    for rating in RATINGS:
        own = noise()
        if rating == "wait":
            # Shorter reported waits mean better wait ratings; app users rate response speed.
            signal = np.where(np.isnan(wait), 0.3, -np.log(np.where(np.isnan(wait), 8.0, wait) / 8.0))
            own = WAIT_SIGNAL * signal + np.sqrt(1 - WAIT_SIGNAL**2) * own
        latent[rating] = 0.5 * impression + 0.87 * own + universe.quality[branch]
        latent[rating] += (
            TRANSITION_SHIFTS.get(rating, 0.0) * transition + AFTER_SHIFTS.get(rating, 0.0) * after
        )
        latent[rating] += SENIOR_SHIFTS.get(rating, 0.0) * (senior & changed)

    quality = sum(RATING_WEIGHTS[r] * latent[r] for r in RATINGS)
    expectation = _scale_points(5.0 + 0.35 * (segment == 1) + 0.2 * (segment == 2) + 0.9 * noise(), 1, 7)
    perception = _scale_points(4.9 + 0.85 * quality / 0.66 + 0.75 * noise(), 1, 7)
    satisfaction_latent = DISCONFIRMATION_WEIGHT * (perception - expectation) + 1.2 * quality + 0.45 * noise()
    satisfaction = _scale_points(3.75 + 0.85 * satisfaction_latent, 1, 5)

    recommend_latent = (
        RECOMMEND_INTERCEPT + satisfaction_latent + sum(RECOMMEND_WEIGHTS[r] * latent[r] for r in RATINGS)
    )
    recommend = _scale_points(recommend_latent + 1.25 * noise(), 0, 10)
    loyalty = _scale_points(1.3 + 0.7 * satisfaction + 0.75 * noise(), 1, 5)

    ratings = {r: _scale_points(3.55 + 0.9 * latent[r], 1, 5) for r in RATINGS}
    comment_zh, comment_en = _survey_comments(rng, recommend, ratings, changed, senior)
    missing_share = {
        "wait": 0.012,
        "staff": 0.012,
        "environment": 0.012,
        "digital": 0.03,
        "personalisation": 0.012,
    }
    return pd.DataFrame(
        {
            "response_id": _ids("R", n, 6),
            "date": day,
            "branch_id": universe.ids[branch],
            "branch_type": universe.branch_type[branch],
            "period": _period(day),
            "age_band": np.array(AGE_BANDS, dtype=object)[age],
            "segment": np.array(SEGMENTS, dtype=object)[segment],
            "channel": np.array(["counter", "self-service", "mobile app", "phone"], dtype=object)[channel],
            "recommend": _with_missing(rng, recommend, 0.025),
            "satisfaction": satisfaction,
            "expectation": expectation,
            "perception": perception,
            **{f"rate_{r}": _with_missing(rng, ratings[r], missing_share[r]) for r in RATINGS},
            "wait_minutes": np.round(wait, 1),
            "loyalty_intent": loyalty,
            "comment_zh": comment_zh,
            "comment_en": comment_en,
        }
    )


def _survey_channel(rng: np.random.Generator, changed: np.ndarray, senior: np.ndarray) -> np.ndarray:
    """0 counter, 1 self-service, 2 mobile app, 3 phone; self-service only where it exists."""
    table = np.array(
        [
            [0.62, 0.00, 0.24, 0.14],  # unchanged branch, under 60
            [0.75, 0.00, 0.10, 0.15],  # unchanged branch, 60+
            [0.38, 0.30, 0.22, 0.10],  # smart branch after the change, under 60
            [0.52, 0.28, 0.08, 0.12],  # smart branch after the change, 60+
        ]
    )
    return _choose_rows(rng, table[2 * changed + senior])


def _reported_wait(
    universe: Universe, branch: np.ndarray, changed: np.ndarray, channel: np.ndarray, noise: np.ndarray
) -> np.ndarray:
    """Minutes the customer says they waited: the counter queue, the kiosk line or the phone hold."""
    counter_median = REPORTED_WAIT_MEDIAN * universe.busyness[branch] ** 3
    counter_median = counter_median * np.where(changed, REPORTED_WAIT_SMART_FACTOR, 1.0)
    median = np.select([channel == 0, channel == 1, channel == 3], [counter_median, 3.0, 4.0], np.nan)
    return np.clip(median * np.exp(0.55 * noise), 0.5, 240.0)


def _survey_comments(
    rng: np.random.Generator,
    recommend: np.ndarray,
    ratings: dict[str, np.ndarray],
    changed: np.ndarray,
    senior: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Pick a comment that fits the answer: detractors complain about their worst-rated aspect,
    promoters praise their best one, passives say something lukewarm; about half write nothing."""
    n = len(recommend)
    stacked = np.column_stack([ratings[r] for r in RATINGS]) + 0.01 * rng.random((n, len(RATINGS)))
    worst = np.array(RATINGS, dtype=object)[stacked.argmin(axis=1)]
    best = np.array(RATINGS, dtype=object)[stacked.argmax(axis=1)]
    polarity = np.where(recommend <= 6, "neg", np.where(recommend >= 9, "pos", "mixed"))
    topic = np.where(polarity == "neg", worst, np.where(polarity == "pos", best, "general"))
    struggling_senior = (
        (polarity == "neg") & senior & changed & (ratings["digital"] <= 2) & (rng.random(n) < 0.7)
    )
    topic = np.where(struggling_senior, "kiosk", topic)
    topic = np.where((polarity == "pos") & (rng.random(n) < 0.3), "general", topic)
    writes = rng.random(n) < 0.40 + 0.22 * (recommend <= 4) + 0.12 * (recommend >= 10)

    comment_zh = np.full(n, None, dtype=object)
    comment_en = np.full(n, None, dtype=object)
    pick = rng.random(n)
    for topic_key in (*RATINGS, "kiosk", "general"):
        for polarity_key in ("neg", "pos", "mixed"):
            for changed_key in (False, True):
                rows = np.flatnonzero(
                    writes & (topic == topic_key) & (polarity == polarity_key) & (changed == changed_key)
                )
                allowed = ("any", "changed") if changed_key else ("any", "unchanged")
                pool = [c for c in COMMENTS if c[2] == topic_key and c[3] == polarity_key and c[4] in allowed]
                if rows.size == 0 or not pool:
                    continue
                chosen = (pick[rows] * len(pool)).astype(int)
                comment_zh[rows] = np.array([c[0] for c in pool], dtype=object)[chosen]
                comment_en[rows] = np.array([c[1] for c in pool], dtype=object)[chosen]
    return comment_zh, comment_en


# ==================================================================================================
# Closed loop: detractor call-backs
# ==================================================================================================


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
    delay_hours = np.maximum(0.5, _lognormal(rng, universe.callback_median_hours[branch], 0.9, n))
    contacted_at = surveyed_at + (60 * np.round(delay_hours * 60)).astype("timedelta64[s]")
    contacted = (rng.random(n) < universe.callback_rate[branch]) & (contacted_at <= CUTOFF_S)

    outcome = rng.choice(len(FOLLOWUP_OUTCOMES), size=n, p=OUTCOME_SHARES)
    reached = contacted & (outcome < 3)
    close_hours = np.where(outcome == 0, _lognormal(rng, 26.0, 0.9, n), rng.uniform(0.2, 1.5, size=n))
    closed_at = contacted_at + (60 * np.round(close_hours * 60)).astype("timedelta64[s]")
    closed = reached & (closed_at <= CUTOFF_S)

    outcome_label = np.where(contacted, np.array(FOLLOWUP_OUTCOMES, dtype=object)[outcome], None)
    gain = np.array([RECOMMEND_GAIN[label] for label in outcome_label])
    gain = np.where(reached & (delay_hours > 48), gain / 2, gain)
    resurvey_due = surveyed_at + np.timedelta64(30, "D") <= CUTOFF_S
    resurveyed = resurvey_due & (rng.random(n) < np.where(reached, 0.75, 0.30))
    recommend_after = _scale_points(recommend + gain + 1.2 * rng.standard_normal(n), 0, 10).astype(float)
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


# ==================================================================================================
# SERVQUAL survey
# ==================================================================================================

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
    n = _count(2_000, scale)
    wave = np.sort(rng.random(n) < 0.5).astype(int)  # about half in each wave
    month_days = [
        WORKING_DAYS[WORKING_DAYS.astype("datetime64[M]") == np.datetime64(w)] for w in SERVQUAL_WAVES
    ]
    day = np.where(
        wave == 0,
        month_days[0][rng.integers(0, len(month_days[0]), size=n)],
        month_days[1][rng.integers(0, len(month_days[1]), size=n)],
    )
    branch = rng.choice(len(universe.smart), size=n, p=_branch_weights(universe))
    order = np.lexsort((branch, day))
    wave, day, branch = wave[order], day[order], branch[order]
    smart_after = universe.smart[branch] & (wave == 1)
    age = rng.choice(4, size=n, p=AGE_SHARES)

    overall = rng.standard_normal(n)  # how good Harbor Bank seems in general
    demanding = rng.standard_normal(n)  # how much this customer expects in general
    columns: dict[str, np.ndarray] = {}
    expectations, perceptions = {}, {}
    for dimension, items in SERVQUAL_DIMENSIONS.items():
        factor = 0.55 * overall + 0.835 * rng.standard_normal(n)
        gap = SERVQUAL_GAPS[dimension] + SERVQUAL_SMART_GAIN.get(dimension, 0.0) * smart_after
        for item in items:
            expected = SERVQUAL_EXPECTATION[dimension] + 0.1 * rng.standard_normal()
            loading = WEAK_ITEM_LOADING if item == WEAK_ITEM else SERVQUAL_LOADING[dimension]
            e_latent = expected + 0.45 * demanding + 0.55 * rng.standard_normal(n)
            p_latent = expected + gap + loading * factor + SERVQUAL_NOISE[dimension] * rng.standard_normal(n)
            expectations[f"e{item:02d}"] = _with_missing(rng, _scale_points(e_latent, 1, 7), 0.01)
            perceptions[f"p{item:02d}"] = _with_missing(rng, _scale_points(p_latent, 1, 7), 0.01)
    columns.update(expectations)
    columns.update(perceptions)

    importance = np.array(list(SERVQUAL_IMPORTANCE.values()))
    shares = rng.dirichlet(12 * importance, size=n)
    unit = np.where(rng.random(n) < 0.75, 5, 1)  # most people allocate in fives
    points = _allocate_points(shares, unit)
    for j, dimension in enumerate(SERVQUAL_DIMENSIONS):
        columns[f"w_{dimension}"] = points[:, j]

    return pd.DataFrame(
        {
            "respondent_id": _ids("S", n, 5),
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


# ==================================================================================================
# Journeys: visits with an emotion at every touchpoint
# ==================================================================================================

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
    n = _count(3_000, scale)
    branch, day = _sample_customers(universe, rng, n)
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
    visit_rating = _scale_points(
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
    recommend = _scale_points(recommend_latent, 0, 10)

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
            "visit_id": _ids("V", n, 5)[visit],
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


# ==================================================================================================
# Complaints
# ==================================================================================================

# fmt: off
COMPLAINT_VERBATIMS = {
    "waiting time": (
        ("在网点排了一个多小时的队，太不合理了。", "I queued at the branch for over an hour; that is unreasonable."),
        ("中午只开一个窗口，等得我上班都迟到了。", "Only one counter was open at noon and I was late back to work."),
        ("叫号系统乱跳号，后来的人先办了。", "The ticket system skipped numbers and people who came later were served first."),
        ("预约了还要排队，那预约有什么用？", "I had an appointment and still had to queue; what is the point of booking?"),
    ),
    "staff attitude": (
        ("柜员态度恶劣，对我大声说话。", "The teller was rude and raised their voice at me."),
        ("工作人员一边玩手机一边办业务。", "The staff member was on their phone while serving me."),
        ("我问了几次就不耐烦了，让我自己看说明。", "They got impatient when I asked again and told me to read the leaflet."),
        ("大堂经理把我推给别人，没人负责。", "The lobby manager passed me on to someone else; nobody took responsibility."),
    ),
    "fees and charges": (
        ("卡里莫名其妙扣了年费，没人提前通知。", "An annual fee was taken from my card without any notice."),
        ("跨行转账手续费太高，而且没有说明。", "The fee for transfers to other banks is too high and was never explained."),
        ("账户管理费收得不明不白。", "The account management fee was charged without explanation."),
        ("提前还款的违约金和当初说的不一样。", "The early-repayment charge is different from what I was told."),
    ),
    "transaction error": (
        ("转账显示成功但对方没收到钱。", "The transfer said it succeeded but the money never arrived."),
        ("存款金额记错了，少了一笔钱。", "My deposit was recorded wrongly and some of the money is missing."),
        ("同一笔消费被扣了两次。", "I was charged twice for the same purchase."),
        ("汇款信息填错导致退回，耽误了我的事。", "Staff entered the remittance details wrongly, it bounced back and held me up."),
    ),
    "mobile app": (
        ("手机银行更新后登录不了。", "I cannot log in to the mobile app since the update."),
        ("手机银行转账时一直提示系统繁忙。", "The app keeps saying 'system busy' when I try to transfer money."),
        ("人脸识别总是失败，没法办业务。", "Face recognition keeps failing so I cannot do anything."),
        ("手机银行页面太复杂，找不到功能。", "The app is too complicated; I cannot find the function I need."),
    ),
    "kiosk usability": (
        ("自助机的字太小，我看不清。", "The text on the kiosk is too small; I cannot read it."),
        ("机器一直让我重新插卡，最后吞卡了。", "The machine kept asking me to re-insert my card and then swallowed it."),
        ("柜台少了，只能用机器，我不会操作。", "There are fewer counters and only machines now, and I do not know how to use them."),
        ("自助机步骤太多，旁边没人帮忙。", "Too many steps on the kiosk and nobody around to help."),
    ),
}
# fmt: on

#: Channel shares (order of COMPLAINT_CHANNELS), severity shares and age-band shares by category.
COMPLAINT_CHANNEL_SHARES = {
    "waiting time": (0.50, 0.20, 0.10, 0.15, 0.05),
    "staff attitude": (0.40, 0.25, 0.05, 0.20, 0.10),
    "fees and charges": (0.30, 0.35, 0.15, 0.10, 0.10),
    "transaction error": (0.35, 0.35, 0.20, 0.05, 0.05),
    "mobile app": (0.10, 0.30, 0.45, 0.15, 0.00),
    "kiosk usability": (0.70, 0.20, 0.00, 0.00, 0.10),
}
COMPLAINT_SEVERITY_SHARES = {"transaction error": (0.30, 0.40, 0.30)}
DEFAULT_SEVERITY_SHARES = (0.55, 0.33, 0.12)
COMPLAINT_AGE_SHARES = {
    "mobile app": (0.35, 0.35, 0.20, 0.10),
    "kiosk usability": (0.03, 0.07, 1 - 0.10 - KIOSK_SENIOR_SHARE, KIOSK_SENIOR_SHARE),
}
#: Median hours to resolve complaints not solved at first contact, by severity.
RESOLUTION_MEDIAN_HOURS = np.array([40.0, 45.0, 55.0])


def simulate_complaints(universe: Universe, rng: np.random.Generator, scale: float) -> pd.DataFrame:
    """Complaints per branch-month (Poisson), with resolution times, first-contact resolution,
    satisfaction before and after recovery, and repeats.

    Recovery paradox (Smith & Bolton 1998): closed within 24 h, satisfaction ends above where it
    was before the incident; closed after 72 h, well below.
    """
    n_branches, n_months = len(universe.smart), len(MONTHS)
    size = universe.counters_before / 4.5 * universe.busyness
    month = np.arange(n_months)
    changed = universe.smart[:, None] & (MONTHS[None, :] >= CHANGE_DAY)
    in_transition = changed & (MONTHS[None, :] < EFFECT_DAY)
    rates = np.empty((n_branches, n_months, len(COMPLAINT_CATEGORIES)))
    for c, category in enumerate(COMPLAINT_CATEGORIES):
        rates[:, :, c] = COMPLAINT_RATES[category] * size[:, None] * np.ones(n_months)
    rates[:, :, COMPLAINT_CATEGORIES.index("waiting time")] *= np.where(
        changed, SMART_WAITING_COMPLAINT_FACTOR, 1.0
    )
    rates[:, :, COMPLAINT_CATEGORIES.index("mobile app")] *= 1 + 0.01 * month  # app use keeps growing
    kiosk_rate = np.where(in_transition, KIOSK_COMPLAINTS_TRANSITION, KIOSK_COMPLAINTS_AFTER) * size[:, None]
    rates[:, :, COMPLAINT_CATEGORIES.index("kiosk usability")] = np.where(changed, kiosk_rate, 0.0)
    counts = rng.poisson(rates * scale)

    cell = np.repeat(np.arange(counts.size), counts.ravel())
    branch, month_of, category = np.unravel_index(cell, counts.shape)
    n = len(cell)

    channel = _choose_rows(rng, _per_category(COMPLAINT_CHANNEL_SHARES)[category])
    severity = _choose_rows(rng, _per_category(COMPLAINT_SEVERITY_SHARES, DEFAULT_SEVERITY_SHARES)[category])
    age = _choose_rows(rng, _per_category(COMPLAINT_AGE_SHARES, AGE_SHARES)[category])
    # Counter complaints arrive in opening hours on working days; the rest at any time 08:00-22:00.
    at_counter = channel == 0
    day = np.where(
        at_counter, _day_in_month(rng, WORKING_DAYS, month_of), _day_in_month(rng, ALL_DAYS, month_of)
    )
    minute = np.where(
        at_counter, rng.integers(9 * 60, 17 * 60, size=n), rng.integers(8 * 60, 22 * 60, size=n)
    )
    opened_at = day.astype("datetime64[s]") + (60 * minute).astype("timedelta64[s]")

    fcr_chance = np.select(
        [
            category == COMPLAINT_CATEGORIES.index("kiosk usability"),
            category == COMPLAINT_CATEGORIES.index("transaction error"),
        ],
        [0.50, 0.20],
        0.38,
    ) * np.where(severity == 2, 0.6, 1.0)
    fcr = rng.random(n) < fcr_chance
    hours = np.where(
        fcr, _lognormal(rng, 1.0, 0.8, n), _lognormal(rng, RESOLUTION_MEDIAN_HOURS[severity], 0.9, n)
    )
    hours = np.clip(hours, 0.1, 24 * 120)
    closed_at = opened_at + (60 * np.round(hours * 60)).astype("timedelta64[s]")
    closed = closed_at <= CUTOFF_S
    fcr &= closed

    pre_rating = _scale_points(6.9 + 1.7 * rng.standard_normal(n), 0, 10)
    effect = np.select(
        [hours <= 24, hours <= 72], [RECOVERY_EFFECT["24h"], RECOVERY_EFFECT["72h"]], RECOVERY_EFFECT["later"]
    )
    effect = effect + RECOVERY_FCR_BONUS * fcr - 0.3 * (severity == 2)
    recovery = _scale_points(pre_rating + effect + 1.2 * rng.standard_normal(n), 0, 10).astype(float)
    recovery[~closed] = np.nan
    repeat_risk = np.where(fcr, REPEAT_RISK["fcr"], REPEAT_RISK["no_fcr"]) + REPEAT_RISK["poor_recovery"] * (
        recovery < pre_rating - 1
    )
    # Only the part of the 90 days before the data cut-off can show a repeat.
    observed = np.clip((CUTOFF_S - opened_at).astype("timedelta64[s]").astype(float) / (90 * 86400), 0, 1)
    repeat = rng.random(n) < repeat_risk * observed

    pick = rng.integers(0, 4, size=n)
    verbatims = np.array([COMPLAINT_VERBATIMS[c] for c in COMPLAINT_CATEGORIES], dtype=object)
    order = np.lexsort((branch, opened_at))
    nat = np.datetime64("NaT", "s")
    frame = pd.DataFrame(
        {
            "branch_id": universe.ids[branch],
            "branch_type": universe.branch_type[branch],
            "opened_at": opened_at,
            "closed_at": np.where(closed, closed_at, nat),
            "channel": np.array(COMPLAINT_CHANNELS, dtype=object)[channel],
            "category": np.array(COMPLAINT_CATEGORIES, dtype=object)[category],
            "severity": np.array(SEVERITIES, dtype=object)[severity],
            "age_band": np.array(AGE_BANDS, dtype=object)[age],
            "first_contact_resolution": fcr,
            "pre_rating": pre_rating,
            "recovery_satisfaction": recovery,
            "repeat": repeat,
            "verbatim_zh": verbatims[category, pick, 0],
            "verbatim_en": verbatims[category, pick, 1],
        }
    ).iloc[order]
    frame.insert(0, "complaint_id", _ids("C", n, 5))
    return frame.reset_index(drop=True)


def _per_category(shares: dict[str, tuple[float, ...]], default: tuple[float, ...] = ()) -> np.ndarray:
    """A row of shares per complaint category, in the order of COMPLAINT_CATEGORIES."""
    return np.array([shares.get(category, default) for category in COMPLAINT_CATEGORIES])


def _day_in_month(rng: np.random.Generator, days: np.ndarray, month_of: np.ndarray) -> np.ndarray:
    """A uniformly drawn day of ``days`` within each row's month (0 = January 2024)."""
    month_starts = np.searchsorted(days, MONTHS)
    month_ends = np.append(month_starts[1:], len(days))
    first, length = month_starts[month_of], (month_ends - month_starts)[month_of]
    return days[first + (rng.random(len(month_of)) * length).astype(np.int64)]


# ==================================================================================================
# Queue log: a multi-server FIFO queue per branch-day
# ==================================================================================================

#: Arrivals relative to an average month (January 2024 ... the same pattern in 2025).
MONTH_PROFILE = np.array([1.08, 0.92, 1.00, 0.98, 1.00, 1.02, 1.00, 0.97, 1.00, 1.00, 1.02, 1.10])
QUEUE_ANCHOR_WEEKS = (np.datetime64("2025-05-12"), np.datetime64("2025-10-13"))  # Mondays


def _queue_days(scale: float) -> np.ndarray:
    """Working days in the queue log: the week of 12 May 2025 and the week of 13 October 2025 at
    scale 1; at larger scales more weeks around them, up to every working day of the two years."""
    per_phase = max(1, int(round(5 * scale)))
    chosen = []
    before_pool = WORKING_DAYS[WORKING_DAYS < CHANGE_DAY]
    after_pool = WORKING_DAYS[WORKING_DAYS >= CHANGE_DAY]
    after_count = min(per_phase, len(after_pool))
    before_count = min(2 * per_phase - after_count, len(before_pool))
    for pool, anchor, count in (
        (before_pool, QUEUE_ANCHOR_WEEKS[0], before_count),
        (after_pool, QUEUE_ANCHOR_WEEKS[1], after_count),
    ):
        weeks_away = np.abs((pool - anchor).astype(int) // 7)
        chosen.append(pool[np.lexsort((pool, weeks_away))[:count]])
    return np.sort(np.concatenate(chosen))


def _service_minutes(rng: np.random.Generator, service_type: np.ndarray, speed: np.ndarray) -> np.ndarray:
    """Lognormal service times with the type's mean and coefficient of variation SERVICE_CV."""
    sigma = np.sqrt(np.log(1 + SERVICE_CV**2))
    mean = SERVICE_MEAN_MIN[service_type] * speed
    return np.exp(np.log(mean) - sigma**2 / 2 + sigma * rng.standard_normal(len(service_type)))


def simulate_queue_log(universe: Universe, rng: np.random.Generator, scale: float) -> pd.DataFrame:
    """Every counter ticket of the sampled branch-days.

    Arrivals are Poisson with a rate that changes by the hour (the lunch peak 12:00-14:00), by the
    weekday (Mondays busiest) and by the month; each branch serves its tickets first come, first
    served at its counters, so the log obeys Little's law (Little 1961). In smart branches after
    the change fewer customers need a counter and counters serve faster.
    """
    days = _queue_days(scale)
    n_branches = len(universe.smart)
    bd_branch = np.repeat(np.arange(n_branches), len(days))
    bd_day = np.tile(days, n_branches)
    changed = universe.changed(bd_branch, bd_day)
    counters = np.where(changed, universe.counters_after[bd_branch], universe.counters_before[bd_branch])
    weekday = (bd_day.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
    month_factor = MONTH_PROFILE[_month_index(bd_day) % 12]

    demand = SERVICE_MIX[None, :] * np.where(changed[:, None], SMART_COUNTER_DEMAND[None, :], 1.0)
    capacity_per_hour = universe.counters_before[bd_branch] * 60 / (SERVICE_MIX @ SERVICE_MEAN_MIN)
    tickets_per_hour = BASE_UTILISATION * capacity_per_hour * universe.busyness[bd_branch] * month_factor
    tickets_per_hour *= WEEKDAY_PROFILE[weekday] / WEEKDAY_PROFILE.mean() * demand.sum(axis=1)
    rate = tickets_per_hour[:, None] * (HOUR_PROFILE / HOUR_PROFILE.mean())[None, :]
    counts = rng.poisson(rate)

    cell = np.repeat(np.arange(counts.size), counts.ravel())
    bd, hour = np.divmod(cell, len(HOUR_PROFILE))
    arrival = hour * 3600 + rng.integers(0, 3600, size=len(cell))  # seconds after 09:00
    service_type = _choose_rows(rng, (demand / demand.sum(axis=1, keepdims=True))[bd])
    speed = np.where(changed[bd], SMART_SERVICE_SPEED, 1.0)
    service = np.maximum(30, np.rint(_service_minutes(rng, service_type, speed) * 60)).astype(np.int64)

    order = np.lexsort((arrival, bd))
    bd, arrival, service_type, service = bd[order], arrival[order], service_type[order], service[order]
    start, counter, stayed = _serve_first_come_first_served(
        bd, arrival, service, counters, rng.random(len(bd))
    )
    bd, arrival, service_type, service = bd[stayed], arrival[stayed], service_type[stayed], service[stayed]
    start, counter = start[stayed], counter[stayed]

    day = bd_day[bd]
    opening = day.astype("datetime64[s]") + np.timedelta64(9 * 3600, "s")
    frame = pd.DataFrame(
        {
            "branch_id": universe.ids[bd_branch[bd]],
            "branch_type": universe.branch_type[bd_branch[bd]],
            "date": day,
            "weekday": np.array(WEEKDAYS, dtype=object)[weekday[bd]],
            "arrived_at": opening + arrival.astype("timedelta64[s]"),
            "service_start": opening + start.astype("timedelta64[s]"),
            "service_end": opening + (start + service).astype("timedelta64[s]"),
            "service_type": np.array(SERVICE_TYPES, dtype=object)[service_type],
            "counter": counter,
            "wait_minutes": np.round((start - arrival) / 60, 2),
            "service_minutes": np.round(service / 60, 2),
        }
    )
    frame = frame.iloc[np.lexsort((arrival, bd_branch[bd], day))].reset_index(drop=True)
    frame.insert(0, "ticket_id", _ids("T", len(frame), 6))
    return frame


def _serve_first_come_first_served(
    bd: np.ndarray, arrival: np.ndarray, service: np.ndarray, counters: np.ndarray, patience: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Serve the tickets of every branch-day at its counters, first come, first served.

    Tickets must be sorted by branch-day, then arrival. The k-th customers of all branch-days are
    handled in one vectorised step: a customer who sees a long queue may leave without a ticket
    (``patience`` is a uniform draw per customer compared with a balking chance that grows with
    the queue); everyone else goes to the counter that frees up first.

    Returns the start time, the counter (1-based) and whether the customer stayed, per ticket.
    """
    n_bd = len(counters)
    per_bd = np.bincount(bd, minlength=n_bd)
    first = np.concatenate(([0], np.cumsum(per_bd)[:-1]))
    position = np.arange(len(bd)) - first[bd]
    longest = int(per_bd.max(initial=0))
    arrivals = np.zeros((n_bd, longest), dtype=np.int64)
    services = np.zeros((n_bd, longest), dtype=np.int64)
    patient = np.zeros((n_bd, longest))
    arrivals[bd, position] = arrival
    services[bd, position] = service
    patient[bd, position] = patience

    free_at = np.zeros((n_bd, int(counters.max())), dtype=np.int64)
    free_at[np.arange(free_at.shape[1])[None, :] >= counters[:, None]] = np.iinfo(
        np.int64
    ).max  # no such counter
    starts = np.zeros((n_bd, longest), dtype=np.int64)
    chosen = np.zeros((n_bd, longest), dtype=np.int64)
    stayed = np.zeros((n_bd, longest), dtype=bool)
    # Start times of the customers served so far, in order; FIFO start times never decrease, so
    # a pointer to the first one still waiting only moves forward.
    started = np.zeros((n_bd, longest + 1), dtype=np.int64)
    n_started = np.zeros(n_bd, dtype=np.int64)
    called = np.zeros(n_bd, dtype=np.int64)
    for k in range(longest):
        rows = np.flatnonzero(per_bd > k)
        now = arrivals[rows, k]
        while True:
            moving = (called[rows] < n_started[rows]) & (started[rows, called[rows]] <= now)
            if not moving.any():
                break
            called[rows[moving]] += 1
        waiting = n_started[rows] - called[rows]
        balk_chance = np.clip(
            (waiting - BALK_QUEUE_PER_COUNTER * counters[rows]) / (BALK_SPREAD * counters[rows]), 0, BALK_MAX
        )
        rows = rows[patient[rows, k] >= balk_chance]
        counter = free_at[rows].argmin(axis=1)
        begin = np.maximum(arrivals[rows, k], free_at[rows, counter])
        free_at[rows, counter] = begin + services[rows, k]
        starts[rows, k] = begin
        chosen[rows, k] = counter
        stayed[rows, k] = True
        started[rows, n_started[rows]] = begin
        n_started[rows] += 1
    return starts[bd, position], chosen[bd, position] + 1, stayed[bd, position]


# ==================================================================================================
# Monthly KPIs per branch
# ==================================================================================================

#: Visits per counter ticket: some visitors take no ticket (enquiries, cash machines, kiosks).
VISITS_PER_TICKET = 1.15
#: A month with 10% more arrivals has 25% longer waits: queues react more than proportionally.
WAIT_MONTH_ELASTICITY = 2.5
#: Extra training hours per smart branch before and during the change, by month.
SMART_TRAINING_HOURS = {"2025-05": 30.0, "2025-06": 45.0, "2025-07": 25.0, "2025-08": 10.0}


def simulate_kpi_monthly(
    universe: Universe,
    survey: pd.DataFrame,
    complaints: pd.DataFrame,
    queue: pd.DataFrame,
    rng: np.random.Generator,
    scale: float,
) -> pd.DataFrame:
    """Branch x month management report. NPS, satisfaction and complaint figures are computed from
    ``nps_survey`` and ``complaints``, so they agree; waits are anchored on the branch's waits in
    ``queue_log`` before the change, with the smart-branch cut from 2025-07."""
    n_branches, n_months = len(universe.smart), len(MONTHS)
    branch = np.repeat(np.arange(n_branches), n_months)
    month = np.tile(MONTHS, n_branches)
    m = np.tile(np.arange(n_months), n_branches)
    changed = universe.changed(branch, month)
    transition = changed & (month < EFFECT_DAY)
    month_factor = MONTH_PROFILE[m % 12]

    working_days = np.bincount(_month_index(WORKING_DAYS), minlength=n_months)[m]
    capacity_per_hour = universe.counters_before * 60 / (SERVICE_MIX @ SERVICE_MEAN_MIN)
    daily_visits = (
        BASE_UTILISATION * capacity_per_hour * universe.busyness * len(HOUR_PROFILE) * VISITS_PER_TICKET
    )
    visits = np.rint(
        daily_visits[branch]
        * working_days
        * month_factor
        * np.exp(0.03 * rng.standard_normal(len(m)))
        * scale
    )
    visits = visits.astype(np.int64)

    before = queue[queue["date"].to_numpy() < CHANGE_DAY]
    queue_wait = before.groupby("branch_id", observed=True)["wait_minutes"].mean().reindex(universe.ids)
    queue_month = MONTH_PROFILE[_month_index(before["date"].to_numpy().astype("datetime64[D]")) % 12].mean()
    base_wait = queue_wait.to_numpy(dtype=float) / (1 + WAIT_MONTH_ELASTICITY * (queue_month - 1))
    wait = base_wait[branch] * (1 + WAIT_MONTH_ELASTICITY * (month_factor - 1))
    wait *= np.where(changed, KPI_SMART_WAIT_FACTOR, 1.0)
    wait *= np.exp(0.06 * rng.standard_normal(len(m)))

    key = pd.MultiIndex.from_arrays([universe.ids[branch], month.astype("datetime64[us]")])
    survey_stats = _survey_by_branch_month(survey).reindex(key)
    complaint_stats = _complaints_by_branch_month(complaints).reindex(key)
    n_complaints = complaint_stats["complaints"].fillna(0).to_numpy(dtype=np.int64)

    digital = 0.40 + 0.004 * m + 0.03 * rng.standard_normal(n_branches)[branch]
    digital += np.where(transition, 0.07, np.where(changed, 0.12, 0.0)) + 0.01 * rng.standard_normal(len(m))
    staff = universe.branches["staff"].to_numpy()[branch] - (rng.random(len(m)) < 0.06)
    training = staff * np.clip(1.8 + 0.4 * rng.standard_normal(len(m)), 0.5, None)
    month_label = np.datetime_as_string(month.astype("datetime64[M]"))
    training += universe.smart[branch] * np.array(
        [SMART_TRAINING_HOURS.get(label, 0.0) for label in month_label]
    )

    return pd.DataFrame(
        {
            "branch_id": universe.ids[branch],
            "month": month,
            "branch_type": universe.branch_type[branch],
            "period": _period(month),
            "visits": visits,
            "mean_wait_min": np.round(wait, 2),
            "nps": np.round(survey_stats["nps"].to_numpy(dtype=float), 1),
            "satisfaction_mean": np.round(survey_stats["satisfaction_mean"].to_numpy(dtype=float), 3),
            "complaints": n_complaints,
            "complaints_per_1000_visits": np.round(1000 * n_complaints / np.maximum(visits, 1), 3),
            "fcr_rate": np.round(complaint_stats["fcr_rate"].to_numpy(dtype=float), 3),
            "mean_resolution_hours": np.round(
                complaint_stats["mean_resolution_hours"].to_numpy(dtype=float), 2
            ),
            "sla_72h_rate": np.round(complaint_stats["sla_72h_rate"].to_numpy(dtype=float), 3),
            "digital_share": np.round(np.clip(digital, 0, 1), 3),
            "staff": staff,
            "training_hours": np.round(training, 1),
        }
    )


def _nps_score(recommend: pd.Series) -> float:
    """Net Promoter Score (Reichheld 2003) of 0-10 answers, ignoring empty ones; NaN if none."""
    answers = pd.Series(recommend).dropna()
    if answers.empty:
        return float("nan")
    return float(100 * ((answers >= 9).mean() - (answers <= 6).mean()))


def _survey_by_branch_month(survey: pd.DataFrame) -> pd.DataFrame:
    answered = survey.dropna(subset=["recommend"])
    month = answered["date"].dt.to_period("M").dt.to_timestamp().astype("datetime64[us]")
    score = (answered["recommend"] >= 9).astype(float) - (answered["recommend"] <= 6).astype(float)
    grouped = pd.DataFrame(
        {"branch_id": answered["branch_id"], "month": month, "score": score.to_numpy(dtype=float)}
    )
    result = grouped.groupby(["branch_id", "month"])["score"].mean().mul(100).rename("nps").to_frame()
    all_month = survey["date"].dt.to_period("M").dt.to_timestamp().astype("datetime64[us]")
    satisfaction = survey["satisfaction"].groupby([survey["branch_id"], all_month]).mean()
    result["satisfaction_mean"] = satisfaction.reindex(result.index)
    return result


def _complaints_by_branch_month(complaints: pd.DataFrame) -> pd.DataFrame:
    month = complaints["opened_at"].dt.to_period("M").dt.to_timestamp().astype("datetime64[us]")
    hours = (complaints["closed_at"] - complaints["opened_at"]).dt.total_seconds() / 3600
    frame = pd.DataFrame(
        {
            "branch_id": complaints["branch_id"].to_numpy(dtype=object),
            "month": month,
            "fcr": complaints["first_contact_resolution"].astype(float),
            "hours": hours,
            "within_sla": (hours <= 72).astype(float),  # open complaints compare as False: missed
        }
    )
    grouped = frame.groupby(["branch_id", "month"])
    return pd.DataFrame(
        {
            "complaints": grouped.size(),
            "fcr_rate": grouped["fcr"].mean(),
            "mean_resolution_hours": grouped["hours"].mean(),
            "sla_72h_rate": grouped["within_sla"].mean(),
        }
    )


# ==================================================================================================
# Types and CSV output
# ==================================================================================================


def _conform(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Order the columns as the schema lists them and give them the types ``load`` returns."""
    schema = SCHEMAS[name]
    if list(frame.columns) != list(schema) and sorted(frame.columns) != sorted(schema):
        raise RuntimeError(
            f"generator for {name} made columns {sorted(set(frame.columns) ^ set(schema))} "
            "that do not match its schema"
        )
    typed = {}
    for column, spec in schema.items():
        values = frame[column]
        if spec.kind in ("id", "text"):
            typed[column] = pd.Series(values.to_numpy(dtype=object), dtype="str")
        elif spec.kind == "category":
            typed[column] = pd.Series(
                pd.Categorical(
                    values.to_numpy(dtype=object), categories=list(spec.categories), ordered=spec.ordered
                )
            )
        elif spec.kind in ("date", "datetime"):
            typed[column] = pd.Series(pd.to_datetime(values).to_numpy().astype("datetime64[us]"))
        elif spec.kind == "int":
            numbers = values.to_numpy(dtype=float)
            typed[column] = (
                pd.Series(pd.array(numbers, dtype="Int64"))
                if spec.nullable
                else pd.Series(numbers.astype(np.int64))
            )
        elif spec.kind == "float":
            typed[column] = pd.Series(np.round(values.to_numpy(dtype=float), spec.decimals))
        elif spec.kind == "bool":
            typed[column] = pd.Series(values.to_numpy(dtype=bool))
    return pd.DataFrame(typed)


def _csv_ready(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Dates and times as fixed-format text; everything else pandas writes deterministically."""
    out = frame.copy()
    for column, spec in SCHEMAS[name].items():
        if spec.kind == "date":
            out[column] = frame[column].dt.strftime(DATE_FORMAT)
        elif spec.kind == "datetime":
            out[column] = frame[column].dt.strftime(DATETIME_FORMAT)
    return out


# ==================================================================================================
# The true effects, as realised in a set of frames (the data card quotes these)
# ==================================================================================================


def _relative_cut(values: pd.Series, smart: pd.Series, later: pd.Series) -> float:
    """1 - (smart later / smart earlier) / (traditional later / traditional earlier)."""
    means = values.groupby([smart.to_numpy(), later.to_numpy()]).mean()
    return float(
        1 - (means[(True, True)] / means[(True, False)]) / (means[(False, True)] / means[(False, False)])
    )


def _nps_did(survey: pd.DataFrame, period: str) -> float:
    table = survey.groupby(["branch_type", "period"], observed=True)["recommend"].apply(_nps_score)
    return float(
        (table[("smart", period)] - table[("smart", "before")])
        - (table[("traditional", period)] - table[("traditional", "before")])
    )


def _cronbach_alpha(items: pd.DataFrame) -> float:
    complete = items.dropna().astype(float)
    k = complete.shape[1]
    return float(k / (k - 1) * (1 - complete.var(ddof=1).sum() / complete.sum(axis=1).var(ddof=1)))


def _peak_end(visits: pd.DataFrame) -> pd.DataFrame:
    """Per visit: the most intense emotion (the first if tied), the last one and the mean."""
    ordered = visits.sort_values(["visit_id", "step"]).reset_index(drop=True)
    peak_row = ordered["emotion"].abs().groupby(ordered["visit_id"]).idxmax()
    grouped = ordered.groupby("visit_id")
    return pd.DataFrame(
        {
            "peak": ordered.loc[peak_row.to_numpy(), "emotion"].to_numpy(),
            "end": grouped["emotion"].last().to_numpy(),
            "mean": grouped["emotion"].mean().to_numpy(),
            "visit_rating": grouped["visit_rating"].first().to_numpy(),
            "recommend": grouped["recommend"].first().to_numpy(),
        },
        index=grouped["emotion"].last().index,
    )


def realised_effects(frames: dict[str, pd.DataFrame]) -> dict[str, float | str]:
    """Measure the built-in effects in a set of frames (from :func:`generate` or ``load``).

    The values are what a learner finds with the methods of the course; the data card's table of
    true effects is rendered from them by :func:`effects_table`.
    """
    effects: dict[str, float | str] = {}
    kpi, queue, survey = frames["kpi_monthly"], frames["queue_log"], frames["nps_survey"]
    effects["wait_cut_kpi"] = _relative_cut(
        kpi["mean_wait_min"], kpi["branch_type"] == "smart", kpi["month"] >= "2025-07-01"
    )
    queue_later = queue["date"] >= "2025-07-01"
    effects["wait_cut_queue"] = _relative_cut(
        queue["wait_minutes"], queue["branch_type"] == "smart", queue_later
    )
    waits = queue.groupby([queue["branch_type"].astype(str).to_numpy(), queue_later.to_numpy()])[
        "wait_minutes"
    ].mean()
    for group in ("smart", "traditional"):
        effects[f"queue_wait_{group}"] = f"{waits[(group, False)]:.1f} -> {waits[(group, True)]:.1f} min"

    effects["nps_did_after"] = _nps_did(survey, "after")
    effects["nps_did_transition"] = _nps_did(survey, "transition")
    seniors = survey["age_band"] == "60+"
    effects["nps_did_60plus"] = _nps_did(survey[seniors], "after")
    effects["nps_did_under60"] = _nps_did(survey[~seniors], "after")
    senior_smart = (
        survey[seniors & (survey["branch_type"] == "smart")]
        .groupby("period", observed=True)["recommend"]
        .apply(_nps_score)
    )
    effects["nps_smart_60plus"] = f"{senior_smart['before']:.1f} -> {senior_smart['after']:.1f}"
    answered = survey.dropna(subset=["recommend", *[f"rate_{r}" for r in RATINGS]])
    correlations = {
        r: answered[f"rate_{r}"].astype(float).corr(answered["recommend"].astype(float)) for r in RATINGS
    }
    ranked = sorted(correlations, key=correlations.get, reverse=True)
    effects["drivers"] = ", ".join(f"{r} {correlations[r]:.2f}" for r in ranked)
    effects["disconfirmation_corr"] = float(
        np.corrcoef(survey["perception"] - survey["expectation"], survey["satisfaction"])[0, 1]
    )
    effects["loyalty_corr"] = float(np.corrcoef(survey["satisfaction"], survey["loyalty_intent"])[0, 1])

    servqual = frames["servqual_survey"]
    gaps, alphas, weights = {}, {}, {}
    for dimension, items in SERVQUAL_DIMENSIONS.items():
        perceived = servqual[[f"p{i:02d}" for i in items]].astype(float)
        expected = servqual[[f"e{i:02d}" for i in items]].astype(float)
        gaps[dimension] = float(np.nanmean(perceived.to_numpy() - expected.to_numpy()))
        alphas[dimension] = _cronbach_alpha(perceived)
        weights[dimension] = float(servqual[f"w_{dimension}"].mean())
    effects["servqual_gaps"] = ", ".join(
        f"{d} {g:+.2f}" for d, g in sorted(gaps.items(), key=lambda kv: kv[1])
    )
    effects["servqual_weights"] = ", ".join(
        f"{d} {w:.1f}" for d, w in sorted(weights.items(), key=lambda kv: -kv[1])
    )
    effects["servqual_alpha"] = ", ".join(f"{d} {a:.2f}" for d, a in alphas.items())
    effects["empathy_alpha_without_22"] = _cronbach_alpha(servqual[[f"p{i:02d}" for i in range(18, 22)]])

    complaints = frames["complaints"]
    hours = (complaints["closed_at"] - complaints["opened_at"]).dt.total_seconds() / 3600
    change = complaints["recovery_satisfaction"].astype(float) - complaints["pre_rating"]
    for label, mask in (("24h", hours <= 24), ("72h", (hours > 24) & (hours <= 72)), ("later", hours > 72)):
        effects[f"recovery_{label}"] = float(change[mask].mean())
    effects["sla_72h"] = float((hours <= 72).mean())
    effects["fcr_share"] = float(complaints["first_contact_resolution"].mean())
    repeat = complaints.groupby("first_contact_resolution")["repeat"].mean()
    effects["repeat_rates"] = f"{repeat[True]:.1%} with FCR, {repeat[False]:.1%} without"
    before = complaints[complaints["opened_at"] < "2025-07-01"]["category"].value_counts()
    effects["pareto_before"] = ", ".join(f"{c} {n}" for c, n in before.head(3).items())
    kiosk = complaints[complaints["category"] == "kiosk usability"]
    changed = (kiosk["branch_type"] == "smart") & (kiosk["opened_at"] >= "2025-07-01")
    effects["kiosk_complaints"] = (
        f"{int(changed.sum())} in smart branches from 2025-07-01, {int((~changed).sum())} elsewhere; "
        f"{(kiosk['age_band'] == '60+').mean():.0%} aged 60+"
    )
    waiting = complaints[complaints["category"] == "waiting time"]
    per_month = waiting.groupby(
        [waiting["branch_type"].astype(str).to_numpy(), (waiting["opened_at"] >= "2025-07-01").to_numpy()]
    ).size()
    months_before, months_after = 18 * 12, 6 * 12  # branch-months per group
    effects["waiting_complaints_smart"] = (
        f"{per_month[('smart', False)] / months_before:.2f} -> "
        f"{per_month[('smart', True)] / months_after:.2f} per branch-month"
    )
    effects["waiting_complaints_traditional"] = (
        f"{per_month[('traditional', False)] / months_before:.2f} -> "
        f"{per_month[('traditional', True)] / months_after:.2f} per branch-month"
    )

    by_hour = queue["arrived_at"].dt.hour.value_counts()
    effects["busiest_hours"] = ", ".join(
        f"{h}:00 {n}" for h, n in by_hour.sort_values(ascending=False).head(3).items()
    )
    by_day = queue["weekday"].value_counts()
    effects["busiest_days"] = ", ".join(
        f"{d} {n}" for d, n in by_day.sort_values(ascending=False).head(2).items()
    )

    visits = frames["visits"]
    emotion = visits.groupby("touchpoint", observed=True)["emotion"].mean().sort_values()
    effects["worst_touchpoints"] = ", ".join(f"{t} {e:+.2f}" for t, e in emotion.head(3).items())
    per_visit = _peak_end(visits)
    effects["peak_end_corr"] = float(
        per_visit["visit_rating"].corr((per_visit["peak"] + per_visit["end"]) / 2)
    )
    effects["mean_emotion_corr"] = float(per_visit["visit_rating"].corr(per_visit["mean"]))
    wide = visits.pivot_table(index="visit_id", columns="touchpoint", values="emotion", observed=True)
    moments = wide.corrwith(per_visit["recommend"].astype(float)).sort_values(ascending=False)
    effects["moments_of_truth"] = ", ".join(f"{t} {r:.2f}" for t, r in moments.head(3).items())
    kiosk_rows = visits[
        (visits["touchpoint"] == "queue ticket / kiosk")
        & (visits["branch_type"] == "smart")
        & (visits["age_band"] == "60+")
    ]
    kiosk_emotion = kiosk_rows.groupby(kiosk_rows["date"] >= "2025-07-01")["emotion"].mean()
    effects["kiosk_emotion_60plus_smart"] = f"{kiosk_emotion[False]:+.2f} -> {kiosk_emotion[True]:+.2f}"

    followups = frames["nps_followups"]
    effects["contact_rate"] = float(followups["contacted"].mean())
    by_branch = followups.groupby("branch_id")["contacted"].mean().sort_values()
    effects["weakest_callback_branches"] = ", ".join(f"{b} {r:.0%}" for b, r in by_branch.head(2).items())
    delay = (followups["contacted_at"] - followups["surveyed_at"]).dt.total_seconds() / 3600
    uplift = followups["recommend_after"].astype(float) - followups["recommend"]
    fixed_fast = (followups["outcome"] == "issue fixed") & (delay <= 48)
    effects["uplift_fixed_48h"] = float(uplift[fixed_fast].mean())
    effects["uplift_others"] = float(uplift[~fixed_fast & followups["contacted"]].mean())
    effects["uplift_not_contacted"] = float(uplift[~followups["contacted"]].mean())
    return effects


def effects_table(frames: dict[str, pd.DataFrame]) -> str:
    """The data card's table of true effects: what the generator builds in and what the data shows."""
    e = realised_effects(frames)
    hours = HOUR_PROFILE / HOUR_PROFILE.mean()
    days = WEEKDAY_PROFILE / WEEKDAY_PROFILE.mean()
    gaps = sorted(SERVQUAL_GAPS.items(), key=lambda kv: kv[1])
    importance = sorted(SERVQUAL_IMPORTANCE.items(), key=lambda kv: -kv[1])
    worst = sorted(TOUCHPOINT_EMOTION.items(), key=lambda kv: kv[1][0])[:2]
    rows = [
        (
            "Smart branches cut mean waits (change relative to control, from 2025-07)",
            "kpi_monthly",
            f"wait x {KPI_SMART_WAIT_FACTOR:g} from 2025-07 ({KPI_SMART_WAIT_FACTOR - 1:+.0%})",
            f"{-e['wait_cut_kpi']:+.1%}",
        ),
        (
            "... and in the queue log (week of 2025-10-13 vs week of 2025-05-12)",
            "queue_log",
            f"one counter fewer, {1 - SERVICE_MIX @ SMART_COUNTER_DEMAND:.0%} fewer counter tickets, service "
            f"x {SMART_SERVICE_SPEED:g}; about -40% expected (one sample week: standard deviation 8 points)",
            f"{-e['wait_cut_queue']:+.1%} "
            f"(smart {e['queue_wait_smart']}, traditional {e['queue_wait_traditional']})",
        ),
        (
            "NPS change, smart vs control, from 2025-09 (difference-in-differences)",
            "nps_survey",
            "about +8 expected (better wait, staff, environment and technology ratings)",
            f"{e['nps_did_after']:+.1f} points",
        ),
        (
            "... in July-August 2025 (the lag)",
            "nps_survey",
            "about 0 expected (teething troubles offset shorter waits)",
            f"{e['nps_did_transition']:+.1f} points",
        ),
        (
            "... customers aged 60+ (DiD from 2025-09)",
            "nps_survey",
            "about -9 expected (kiosk trouble, fewer counters)",
            f"{e['nps_did_60plus']:+.1f} points (smart-branch 60+ NPS {e['nps_smart_60plus']})",
        ),
        (
            "... customers under 60 (DiD from 2025-09)",
            "nps_survey",
            "about +14 expected",
            f"{e['nps_did_under60']:+.1f} points",
        ),
        (
            "Strongest NPS drivers (correlation of each rating with recommend)",
            "nps_survey",
            "weights "
            + ", ".join(f"{r} {RATING_WEIGHTS[r] * 1.2 + RECOMMEND_WEIGHTS[r]:.2f}" for r in RATINGS),
            e["drivers"],
        ),
        (
            "Satisfaction follows disconfirmation (perception - expectation)",
            "nps_survey",
            f"weight {DISCONFIRMATION_WEIGHT:g} on perception - expectation",
            f"r = {e['disconfirmation_corr']:.2f}",
        ),
        (
            "Loyalty intent rises with satisfaction",
            "nps_survey",
            "loyalty = 1.3 + 0.7 x satisfaction + noise",
            f"r = {e['loyalty_corr']:.2f}",
        ),
        (
            "SERVQUAL gaps (P - E), most negative first",
            "servqual_survey",
            ", ".join(f"{d} {g:+.1f}" for d, g in gaps),
            e["servqual_gaps"],
        ),
        (
            "SERVQUAL importance (mean of the 100 points)",
            "servqual_survey",
            ", ".join(f"{d} {100 * w:.0f}" for d, w in importance),
            e["servqual_weights"],
        ),
        (
            "Cronbach's alpha of the perception items",
            "servqual_survey",
            f"about 0.8; empathy weaker, item {WEAK_ITEM} hardly belongs to it",
            f"{e['servqual_alpha']} (empathy without p{WEAK_ITEM}: {e['empathy_alpha_without_22']:.2f})",
        ),
        (
            "Recovery paradox: recovery_satisfaction - pre_rating, closed within 24 h",
            "complaints",
            f"{RECOVERY_EFFECT['24h']:+.1f} (+{RECOVERY_FCR_BONUS:g} if resolved at first contact)",
            f"{e['recovery_24h']:+.2f}",
        ),
        (
            "... closed in 24-72 h / after 72 h",
            "complaints",
            f"{RECOVERY_EFFECT['72h']:+.1f} / {RECOVERY_EFFECT['later']:+.1f}",
            f"{e['recovery_72h']:+.2f} / {e['recovery_later']:+.2f}",
        ),
        (
            "Complaints closed within the 72 h SLA",
            "complaints",
            "about 80% (lognormal resolution times)",
            f"{e['sla_72h']:.1%}",
        ),
        (
            "First-contact resolution (FCR) lowers repeat complaints",
            "complaints",
            f"repeat risk {REPEAT_RISK['fcr']:.0%} with FCR, {REPEAT_RISK['no_fcr']:.0%} without",
            e["repeat_rates"],
        ),
        (
            "Pareto before the change (top 3 categories)",
            "complaints",
            "waiting time, then staff attitude",
            e["pareto_before"],
        ),
        (
            "New category 'kiosk usability'",
            "complaints",
            f"smart branches from 2025-07-01 only, {KIOSK_SENIOR_SHARE:.0%} aged 60+",
            e["kiosk_complaints"],
        ),
        (
            "Waiting-time complaints, smart branches (before -> from 2025-07)",
            "complaints",
            f"rate x {SMART_WAITING_COMPLAINT_FACTOR:g}",
            e["waiting_complaints_smart"],
        ),
        ("... traditional branches", "complaints", "unchanged", e["waiting_complaints_traditional"]),
        (
            "Busiest hours (tickets by hour of arrival)",
            "queue_log",
            f"arrival rate x {hours[3]:.2f} at 12:00 and x {hours[4]:.2f} at 13:00",
            e["busiest_hours"],
        ),
        (
            "Busiest weekdays",
            "queue_log",
            f"Monday x {days[0]:.2f}, Friday x {days[4]:.2f}",
            e["busiest_days"],
        ),
        (
            "Worst touchpoints (mean emotion)",
            "visits",
            ", ".join(f"{t} {m:+.1f}" for t, (m, _) in worst),
            e["worst_touchpoints"],
        ),
        (
            "Peak-end rule: correlation of visit_rating with (peak + end) / 2 vs with the mean emotion",
            "visits",
            f"visit_rating = {PEAK_END_INTERCEPT:g} + {PEAK_END_SLOPE:g} x (peak + end) / 2 + noise",
            f"{e['peak_end_corr']:.2f} vs {e['mean_emotion_corr']:.2f}",
        ),
        (
            "Moments of truth (correlation of touchpoint emotion with recommend)",
            "visits",
            ", ".join(f"{t} {w:g}" for t, w in MOMENT_OF_TRUTH_WEIGHTS.items()) + ", the rest 0.12 together",
            e["moments_of_truth"],
        ),
        (
            "Kiosk emotion of 60+ customers in smart branches (before -> from 2025-07)",
            "visits",
            f"{JOURNEY_SENIOR_KIOSK_SHIFT:+.1f} after the change",
            e["kiosk_emotion_60plus_smart"],
        ),
        (
            "Detractors called back",
            "nps_followups",
            f"about {CALLBACK_RATE:.0%} a branch, two weak branches {WEAK_CALLBACK_RATE:.0%}",
            f"{e['contact_rate']:.1%}; weakest: {e['weakest_callback_branches']}",
        ),
        (
            "Re-survey gain: issue fixed and called within 48 h",
            "nps_followups",
            f"+{RECOMMEND_GAIN['issue fixed']:g} (explained +{RECOMMEND_GAIN['explained']:g}, "
            f"apology +{RECOMMEND_GAIN['apologised only']:g}; halved after 48 h)",
            f"{e['uplift_fixed_48h']:+.2f} (other call-backs {e['uplift_others']:+.2f}, "
            f"not called {e['uplift_not_contacted']:+.2f})",
        ),
    ]
    lines = [
        "| effect | dataset | built into the generator | realised in the committed data |",
        "| --- | --- | --- | --- |",
    ]
    lines += [
        f"| {effect} | `{dataset}` | {built} | {realised} |" for effect, dataset, built, realised in rows
    ]
    return "\n".join(lines)


# ==================================================================================================
# The data card's generated parts, and the command line
# ==================================================================================================

CARD_MARKERS = ("<!-- generated:{name}:start -->", "<!-- generated:{name}:end -->")


def card_blocks(frames: dict[str, pd.DataFrame]) -> dict[str, str]:
    """The parts of ``datasets/README.md`` rendered from code: one column table per dataset and
    the table of true effects."""
    from cxlab.datasets import markdown_table

    blocks = {"files": files_table(frames)}
    blocks.update({f"columns-{name}": markdown_table(name) for name in names()})
    blocks["effects"] = effects_table(frames)
    return blocks


#: What one row of each dataset is, for the data card's list of files.
ROW_MEANINGS = {
    "branches": "a branch",
    "nps_survey": "a surveyed customer after a visit or contact",
    "nps_followups": "a detractor and the branch's call-back",
    "servqual_survey": "a SERVQUAL respondent (44 items and 5 weights)",
    "visits": "one touchpoint of a visit (6-8 rows per visit)",
    "complaints": "a complaint",
    "queue_log": "a counter ticket",
    "kpi_monthly": "a branch in a month",
}


def files_table(frames: dict[str, pd.DataFrame]) -> str:
    """Rows and bytes of every file as :func:`write` would write it."""
    lines = ["| file | rows | bytes | one row is |", "| --- | ---: | ---: | --- |"]
    total = 0
    for name, frame in frames.items():
        size = len(
            _csv_ready(name, frame).to_csv(index=False, lineterminator="\n", na_rep="").encode("utf-8")
        )
        total += size
        lines.append(f"| `{name}.csv` | {len(frame):,} | {size:,} | {ROW_MEANINGS[name]} |")
    lines.append(f"| total | | {total:,} | |")
    return "\n".join(lines)


def update_card(readme: Path, frames: dict[str, pd.DataFrame]) -> list[str]:
    """Rewrite the generated blocks of the data card in place; returns the blocks it found."""
    text = readme.read_text(encoding="utf-8")
    found = []
    for name, body in card_blocks(frames).items():
        start, end = (m.format(name=name) for m in CARD_MARKERS)
        if start in text and end in text:
            head, rest = text.split(start, 1)
            _, tail = rest.split(end, 1)
            text = f"{head}{start}\n{body}\n{end}{tail}"
            found.append(name)
    readme.write_text(text, encoding="utf-8", newline="\n")
    return found


def repository_datasets() -> Path:
    """The repository's ``datasets/`` folder, next to the package."""
    return Path(__file__).resolve().parent.parent / "datasets"


def main(argv: list[str] | None = None) -> int:
    """``python -m cxlab.simulate``: write every dataset (and refresh the data card's tables)."""
    parser = argparse.ArgumentParser(
        prog="python -m cxlab.simulate",
        description="Simulate the Harbor Bank datasets (fictional) and write them as CSV files.",
    )
    parser.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})"
    )
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="multiply the rows of the surveys, visits, complaints and queue log (default 1)",
    )
    parser.add_argument(
        "--out", type=Path, default=None, help="folder to write to (default: the repository's datasets/)"
    )
    parser.add_argument(
        "--update-card", action="store_true", help="also rewrite the generated tables in <out>/README.md"
    )
    parser.add_argument(
        "--effects", action="store_true", help="print the realised true effects after writing"
    )
    args = parser.parse_args(argv)
    try:
        _checked(args.seed, args.scale)
    except ValueError as error:
        parser.exit(2, f"error: {error}\n")
    out = args.out or repository_datasets()
    began = time.perf_counter()
    frames = generate(args.seed, args.scale)
    simulated = time.perf_counter() - began
    for name, path in _write_frames(frames, out).items():
        print(f"{name:<16} {len(frames[name]):>10,} rows {path.stat().st_size:>13,} bytes  {path}")
    print(
        f"simulated in {simulated:.1f} s, written in {time.perf_counter() - began - simulated:.1f} s "
        f"(seed {args.seed}, scale {args.scale:g})"
    )
    if args.update_card:
        readme = out / "README.md"
        if not readme.is_file():
            parser.exit(
                1,
                f"error: {readme} not found; --update-card rewrites the tables of an existing data card\n",
            )
        found = update_card(readme, frames)
        print(f"updated {len(found)} generated blocks in {readme}")
    if args.effects:
        print(effects_table(frames))
    return 0


if __name__ == "__main__":
    sys.exit(main())
