"""``kpi_monthly``: the branch x month management report, computed from the other datasets."""

from __future__ import annotations

import numpy as np
import pandas as pd

from cxlab.simulate.branches import Universe
from cxlab.simulate.days import CHANGE_DAY, EFFECT_DAY, MONTHS, WORKING_DAYS, month_index, period_of
from cxlab.simulate.queue_log import MONTH_PROFILE
from cxlab.simulate.truth import (
    BASE_UTILISATION,
    HOUR_PROFILE,
    KPI_SMART_WAIT_FACTOR,
    SERVICE_MEAN_MIN,
    SERVICE_MIX,
)

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
    ``queue_log`` before the change, with the smart-branch cut from the change."""
    n_branches, n_months = len(universe.smart), len(MONTHS)
    branch = np.repeat(np.arange(n_branches), n_months)
    month = np.tile(MONTHS, n_branches)
    m = np.tile(np.arange(n_months), n_branches)
    changed = universe.changed(branch, month)
    transition = changed & (month < EFFECT_DAY)
    month_factor = MONTH_PROFILE[m % 12]

    working_days = np.bincount(month_index(WORKING_DAYS), minlength=n_months)[m]
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
    queue_month = MONTH_PROFILE[month_index(before["date"].to_numpy().astype("datetime64[D]")) % 12].mean()
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
            "period": period_of(month),
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
