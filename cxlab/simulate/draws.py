"""The random machinery every dataset's generator shares.

One random stream per dataset: ``SeedSequence(seed, spawn_key=(k,))`` with a fixed ``k`` per
dataset (:data:`STREAMS`), so changing how one dataset is drawn leaves the others' draws
unchanged. Only numpy is needed.

>>> scale_points(np.array([-0.4, 3.6, 12.0]), 0, 10)
array([ 0,  4, 10])
>>> make_ids("C", 3, 5).tolist()
['C00001', 'C00002', 'C00003']
"""

from __future__ import annotations

import numpy as np

#: The seed of the committed files.
DEFAULT_SEED = 2026

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
    "staff_survey": 9,
}


def checked_arguments(seed: int, scale: float) -> tuple[int, float]:
    """The seed and scale as numbers, or ValueError saying what is wrong."""
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


def stream(seed: int, dataset: str) -> np.random.Generator:
    """The random stream of ``dataset`` (see :data:`STREAMS`)."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(STREAMS[dataset],)))


def scaled_count(base: int, scale: float) -> int:
    """``base`` rows times ``scale``, at least one."""
    return max(1, int(round(base * scale)))


def choose_rows(rng: np.random.Generator, probabilities: np.ndarray) -> np.ndarray:
    """One category index per row, each row with its own probabilities (rows sum to 1)."""
    cumulative = np.cumsum(probabilities, axis=1)
    cumulative[:, -1] = 1.0
    draws = rng.random(len(probabilities))[:, None]
    return (draws >= cumulative).sum(axis=1)


def scale_points(latent: np.ndarray, low: int, high: int) -> np.ndarray:
    """Round a latent score to whole points within [low, high]."""
    return np.clip(np.rint(latent), low, high).astype(np.int64)


def with_missing(rng: np.random.Generator, values: np.ndarray, share: float) -> np.ndarray:
    """Values as floats with about ``share`` of them blanked (unanswered questions)."""
    values = values.astype(float)
    values[rng.random(len(values)) < share] = np.nan
    return values


def balanced_normal(rng: np.random.Generator, stratum: np.ndarray) -> np.ndarray:
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


def lognormal(rng: np.random.Generator, median: np.ndarray | float, sigma: float, size: int) -> np.ndarray:
    return np.asarray(median) * np.exp(sigma * rng.standard_normal(size))


def make_ids(prefix: str, count: int, width: int) -> np.ndarray:
    return np.array([f"{prefix}{i:0{width}d}" for i in range(1, count + 1)], dtype=object)
