"""A service KPI system (Module 7): several KPIs on one scale, a weighted composite index, a ranking.

A balanced set of measures (Kaplan & Norton, 1992) is read KPI by KPI; management often also wants
one number per branch. The usual recipe, followed here: put every KPI on a common 0-100 scale
(min-max: the worst branch 0, the best 100, so "lower is better" KPIs such as waiting time are
turned round), weight the scaled KPIs (the weights from AHP, :func:`cxlab.ahp.priorities`) and add
them up. The ranking this gives depends on the weights; :func:`ranking_stability` shows how much.

Pure functions on frames: no files, no drawing.

References
----------
* Kaplan, R. S., & Norton, D. P. (1992). The balanced scorecard: Measures that drive performance.
  *Harvard Business Review*, 70(1), 71-79.
* Saaty, T. L. (1980). *The Analytic Hierarchy Process*. McGraw-Hill (the weights).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from cxlab._validate import numeric_frame, show

__all__ = ["RankingStability", "composite_index", "ranking_stability", "scale_0_100"]


def _kpis(kpis: Any, lower_is_better: Collection[str]) -> pd.DataFrame:
    table = numeric_frame(kpis, "the KPI table", "one row per branch and one column of numbers per KPI")
    if len(table) < 2:
        raise ValueError(f"the KPI table needs at least two rows (branches) to compare; got {len(table)}")
    if isinstance(lower_is_better, str):
        lower_is_better = [lower_is_better]
    unknown = [c for c in lower_is_better if c not in table.columns]
    if unknown:
        raise ValueError(
            f"lower_is_better names {show(unknown[0])}, which is not a column of the KPI table "
            f"(columns: {', '.join(map(str, table.columns))})"
        )
    empty = table.columns[table.isna().any()]
    if len(empty):
        branch = table.index[table[empty[0]].isna()][0]
        raise ValueError(
            f"the KPI table has an empty value in column {show(empty[0])}, row {show(branch)}; "
            "fill it or leave that branch out before scaling"
        )
    return table


def _weights(weights: Any, columns: pd.Index) -> pd.Series:
    if not isinstance(weights, (Mapping, pd.Series)):
        raise TypeError(f"weights must be a dict or Series {{KPI column: weight}}; got a {type(weights).__name__}")
    given = pd.Series(dict(weights), dtype="object")
    missing = [c for c in columns if c not in given.index]
    extra = [k for k in given.index if k not in columns]
    if missing or extra:
        raise ValueError(
            "weights must have one entry per KPI column "
            f"({', '.join(map(str, columns))}); "
            + (f"missing {show(missing[0])}" if missing else f"{show(extra[0])} is not a KPI column")
        )
    try:
        numbers = given.reindex(columns).astype(float)
    except (TypeError, ValueError):
        raise ValueError(f"every weight must be a number; got {given.to_dict()}") from None
    if (numbers < 0).any() or not np.isfinite(numbers).all() or numbers.sum() <= 0:
        raise ValueError(f"weights must be 0 or more, not all 0; got {numbers.to_dict()}")
    return numbers / numbers.sum()


def scale_0_100(kpis: Any, lower_is_better: Collection[str] = ()) -> pd.DataFrame:
    """Every KPI on a 0-100 scale: the worst branch 0, the best 100 (min-max scaling).

    Parameters
    ----------
    kpis : pandas.DataFrame
        One row per branch (the index names them), one numeric column per KPI, no empty values.
    lower_is_better : list of str
        The KPI columns where a smaller value is better (waiting time, complaints per visit): they
        are turned round so that 100 is still the best.

    Returns
    -------
    pandas.DataFrame
        The same shape; a KPI on which every branch has the same value is 50 for all (it cannot
        separate them).

    Notes
    -----
    Min-max scaling is one common choice; z-scores are another. Both depend on which branches are
    in the table: adding a very bad branch changes every other branch's scaled value.

    Examples
    --------
    >>> import pandas as pd
    >>> from cxlab.kpi import scale_0_100
    >>> kpis = pd.DataFrame({"wait": [6.0, 9.0, 12.0], "nps": [30.0, 10.0, 20.0]}, index=["A", "B", "C"])
    >>> scale_0_100(kpis, lower_is_better=["wait"]).round(1).to_dict()
    {'wait': {'A': 100.0, 'B': 50.0, 'C': 0.0}, 'nps': {'A': 100.0, 'B': 0.0, 'C': 50.0}}
    """
    table = _kpis(kpis, lower_is_better)
    low, high = table.min(), table.max()
    spread = (high - low).replace(0, np.nan)
    scaled = (100 * (table - low) / spread).fillna(50.0)
    for column in ([lower_is_better] if isinstance(lower_is_better, str) else lower_is_better):
        scaled[column] = 100 - scaled[column]
    return scaled


def composite_index(kpis: Any, weights: Any, lower_is_better: Collection[str] = ()) -> pd.Series:
    """One 0-100 index per branch: the weighted mean of its KPIs scaled by :func:`scale_0_100`.

    ``weights`` maps every KPI column to a weight (AHP weights, points of 100, any scale: they are
    divided by their sum). Returns a Series named ``"index"``, in the order of the table's rows.

    Examples
    --------
    >>> import pandas as pd
    >>> from cxlab.kpi import composite_index
    >>> kpis = pd.DataFrame({"wait": [6.0, 9.0, 12.0], "nps": [30.0, 10.0, 20.0]}, index=["A", "B", "C"])
    >>> composite_index(kpis, {"wait": 0.25, "nps": 0.75}, lower_is_better=["wait"]).round(1).to_dict()
    {'A': 100.0, 'B': 12.5, 'C': 37.5}
    """
    scaled = scale_0_100(kpis, lower_is_better)
    shares = _weights(weights, scaled.columns)
    return (scaled * shares).sum(axis=1).rename("index")


@dataclass(frozen=True)
class RankingStability:
    """How a branch ranking moves when every weight is moved at random.

    ``table`` has one row per branch, best first: ``index`` and ``rank`` with the given weights,
    then ``best_rank`` and ``worst_rank`` over all draws and ``share_same_rank``, the share of draws
    that keep the branch exactly at its rank. ``draws`` and ``spread`` record how it was made.
    """

    table: pd.DataFrame
    draws: int
    spread: float


def ranking_stability(
    kpis: Any,
    weights: Any,
    lower_is_better: Collection[str] = (),
    *,
    spread: float = 0.5,
    draws: int = 1000,
    seed: int = 0,
) -> RankingStability:
    """Rank the branches by :func:`composite_index`, then again with every weight moved at random.

    Each draw multiplies every weight by its own random factor between ``1 - spread`` and
    ``1 + spread`` (uniform) and divides by the new sum, so a weight of 0.40 with ``spread=0.5``
    moves between about 0.2 and 0.6. A branch whose rank hardly moves is ranked by the data; one
    whose rank jumps is ranked by the choice of weights. This is a simple one-at-a-time-free
    sensitivity analysis, a common practice for composite indicators (not a method from one source).

    Examples
    --------
    >>> import pandas as pd
    >>> from cxlab.kpi import ranking_stability
    >>> kpis = pd.DataFrame({"wait": [6.0, 9.0, 12.0], "nps": [30.0, 10.0, 20.0]}, index=["A", "B", "C"])
    >>> result = ranking_stability(kpis, {"wait": 0.25, "nps": 0.75}, lower_is_better=["wait"], draws=200)
    >>> result.table[["rank", "best_rank", "worst_rank"]].to_dict("index")["A"]
    {'rank': 1, 'best_rank': 1, 'worst_rank': 1}
    """
    if not 0 <= spread < 1:
        raise ValueError(f"spread must be from 0 to just under 1 (0.5 moves each weight by up to ±50%); got {show(spread)}")
    if isinstance(draws, bool) or not isinstance(draws, (int, np.integer)) or draws < 1:
        raise ValueError(f"draws must be a whole number, 1 or more; got {show(draws)}")
    scaled = scale_0_100(kpis, lower_is_better)
    shares = _weights(weights, scaled.columns).to_numpy()
    index = pd.Series(scaled.to_numpy() @ shares, index=scaled.index)
    rank = index.rank(ascending=False, method="min").astype(int)
    rng = np.random.default_rng(seed)
    moved = shares * rng.uniform(1 - spread, 1 + spread, size=(draws, len(shares)))
    moved = moved / moved.sum(axis=1, keepdims=True)
    scores = scaled.to_numpy() @ moved.T  # branches x draws
    ranks = pd.DataFrame(scores).rank(ascending=False, method="min").to_numpy()
    table = pd.DataFrame({
        "index": index,
        "rank": rank,
        "best_rank": ranks.min(axis=1).astype(int),
        "worst_rank": ranks.max(axis=1).astype(int),
        "share_same_rank": (ranks == rank.to_numpy()[:, None]).mean(axis=1),
    }, index=scaled.index).sort_values(["rank", "index"], ascending=[True, False])
    return RankingStability(table=table, draws=int(draws), spread=float(spread))
