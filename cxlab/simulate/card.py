"""The data card's generated parts: the files table, the column tables and the true effects.

The realised effects are measured with the library the learners use (:mod:`cxlab.nps`,
:mod:`cxlab.reliability`, :mod:`cxlab.journey`), so the card quotes the numbers a learner will
compute; the table's rows come from :data:`cxlab.simulate.truth.EFFECTS`.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from cxlab import nps
from cxlab.datasets import markdown_table, names
from cxlab.journey import peak_end
from cxlab.reliability import cronbach_alpha
from cxlab.servqual import DIMENSIONS
from cxlab.simulate.output import csv_ready
from cxlab.simulate.truth import EFFECTS, RATINGS, STAFF_SATISFACTION_WEIGHTS, WEAK_ITEM
from cxlab.universe import SMART_CHANGE_DAY

CARD_MARKERS = ("<!-- generated:{name}:start -->", "<!-- generated:{name}:end -->")

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
    "staff_survey": "a staff member's answers to the employee-experience survey",
}


def _relative_change(values: pd.Series, smart: pd.Series, later: pd.Series) -> float:
    """(smart later / smart earlier) / (traditional later / traditional earlier) - 1."""
    means = values.groupby([smart.to_numpy(), later.to_numpy()]).mean()
    return float(
        (means[(True, True)] / means[(True, False)]) / (means[(False, True)] / means[(False, False)]) - 1
    )


def _nps_did(survey: pd.DataFrame, period: str) -> float:
    """Difference-in-differences of NPS: smart (period - before) minus traditional (period - before)."""
    table = survey.groupby(["branch_type", "period"], observed=True)["recommend"].apply(nps.score)
    return float(
        (table[("smart", period)] - table[("smart", "before")])
        - (table[("traditional", period)] - table[("traditional", "before")])
    )


def _items(frame: pd.DataFrame, prefix: str, items) -> pd.DataFrame:
    return frame[[f"{prefix}{i:02d}" for i in items]].astype(float)


def _effects_on_waits(frames: dict[str, pd.DataFrame], effects: dict) -> None:
    kpi, queue = frames["kpi_monthly"], frames["queue_log"]
    effects["wait_change_kpi"] = _relative_change(
        kpi["mean_wait_min"], kpi["branch_type"] == "smart", kpi["month"] >= SMART_CHANGE_DAY
    )
    queue_later = queue["date"] >= SMART_CHANGE_DAY
    effects["wait_change_queue"] = _relative_change(
        queue["wait_minutes"], queue["branch_type"] == "smart", queue_later
    )
    waits = queue.groupby([queue["branch_type"].astype(str).to_numpy(), queue_later.to_numpy()])[
        "wait_minutes"
    ].mean()
    for group in ("smart", "traditional"):
        effects[f"queue_wait_{group}"] = f"{waits[(group, False)]:.1f} -> {waits[(group, True)]:.1f} min"
    by_hour = queue["arrived_at"].dt.hour.value_counts()
    effects["busiest_hours"] = ", ".join(
        f"{h}:00 {n}" for h, n in by_hour.sort_values(ascending=False).head(3).items()
    )
    by_day = queue["weekday"].value_counts()
    effects["busiest_days"] = ", ".join(
        f"{d} {n}" for d, n in by_day.sort_values(ascending=False).head(2).items()
    )


def _effects_on_nps(frames: dict[str, pd.DataFrame], effects: dict) -> None:
    survey = frames["nps_survey"]
    effects["nps_did_after"] = _nps_did(survey, "after")
    effects["nps_did_transition"] = _nps_did(survey, "transition")
    seniors = survey["age_band"] == "60+"
    effects["nps_did_60plus"] = _nps_did(survey[seniors], "after")
    effects["nps_did_under60"] = _nps_did(survey[~seniors], "after")
    senior_smart = (
        survey[seniors & (survey["branch_type"] == "smart")]
        .groupby("period", observed=True)["recommend"]
        .apply(nps.score)
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


def _effects_on_servqual(frames: dict[str, pd.DataFrame], effects: dict) -> None:
    servqual = frames["servqual_survey"]
    gaps, alphas, weights = {}, {}, {}
    for dimension, items in DIMENSIONS.items():
        perceived, expected = _items(servqual, "p", items), _items(servqual, "e", items)
        # The mean of every answered item pair, as the data card has always quoted it.
        gaps[dimension] = float(np.nanmean(perceived.to_numpy() - expected.to_numpy()))
        alphas[dimension] = cronbach_alpha(perceived)
        weights[dimension] = float(servqual[f"w_{dimension}"].mean())
        effects[f"gap_{dimension}"] = gaps[dimension]
        effects[f"alpha_{dimension}"] = alphas[dimension]
    effects["servqual_gaps"] = ", ".join(
        f"{d} {g:+.2f}" for d, g in sorted(gaps.items(), key=lambda kv: kv[1])
    )
    effects["servqual_weights"] = ", ".join(
        f"{d} {w:.1f}" for d, w in sorted(weights.items(), key=lambda kv: -kv[1])
    )
    effects["servqual_alpha"] = ", ".join(f"{d} {a:.2f}" for d, a in alphas.items())
    strong_items = [item for item in DIMENSIONS["empathy"] if item != WEAK_ITEM]
    effects["empathy_alpha_without_weak_item"] = cronbach_alpha(_items(servqual, "p", strong_items))


def _effects_on_complaints(frames: dict[str, pd.DataFrame], effects: dict) -> None:
    complaints = frames["complaints"]
    hours = (complaints["closed_at"] - complaints["opened_at"]).dt.total_seconds() / 3600
    change = complaints["recovery_satisfaction"].astype(float) - complaints["pre_rating"]
    for label, mask in (("24h", hours <= 24), ("72h", (hours > 24) & (hours <= 72)), ("later", hours > 72)):
        effects[f"recovery_{label}"] = float(change[mask].mean())
    effects["sla_72h"] = float((hours <= 72).mean())
    effects["fcr_share"] = float(complaints["first_contact_resolution"].mean())
    repeat = complaints.groupby("first_contact_resolution")["repeat"].mean()
    effects["repeat_rates"] = f"{repeat[True]:.1%} with FCR, {repeat[False]:.1%} without"
    later = complaints["opened_at"] >= SMART_CHANGE_DAY
    before = complaints[~later]["category"].value_counts()
    effects["pareto_before"] = ", ".join(f"{c} {n}" for c, n in before.head(3).items())
    kiosk = complaints[complaints["category"] == "kiosk usability"]
    changed = (kiosk["branch_type"] == "smart") & later[kiosk.index]
    effects["kiosk_complaints"] = (
        f"{int(changed.sum())} in smart branches from {SMART_CHANGE_DAY}, {int((~changed).sum())} elsewhere; "
        f"{(kiosk['age_band'] == '60+').mean():.0%} aged 60+"
    )
    waiting = complaints["category"] == "waiting time"
    per_month = complaints[waiting].groupby(
        [complaints.loc[waiting, "branch_type"].astype(str).to_numpy(), later[waiting].to_numpy()]
    ).size()
    months = _branch_months(frames["kpi_monthly"])  # branch-months per group, before and after
    for group in ("smart", "traditional"):
        effects[f"waiting_complaints_{group}"] = (
            f"{per_month[(group, False)] / months[(group, False)]:.2f} -> "
            f"{per_month[(group, True)] / months[(group, True)]:.2f} per branch-month"
        )


def _branch_months(kpi: pd.DataFrame) -> pd.Series:
    """Branch-months per group before and from the change, counted in ``kpi_monthly``."""
    return kpi.groupby(
        [kpi["branch_type"].astype(str).to_numpy(), (kpi["month"] >= SMART_CHANGE_DAY).to_numpy()]
    ).size()


def _effects_on_journeys(frames: dict[str, pd.DataFrame], effects: dict) -> None:
    visits = frames["visits"]
    emotion = visits.groupby("touchpoint", observed=True)["emotion"].mean().sort_values()
    effects["worst_touchpoints"] = ", ".join(f"{t} {e:+.2f}" for t, e in emotion.head(3).items())
    by_visit = visits.sort_values(["visit_id", "step"]).groupby("visit_id")
    rating = by_visit["visit_rating"].first()
    effects["peak_end_corr"] = float(rating.corr(by_visit["emotion"].apply(peak_end)))
    effects["mean_emotion_corr"] = float(rating.corr(by_visit["emotion"].mean()))
    wide = visits.pivot_table(index="visit_id", columns="touchpoint", values="emotion", observed=True)
    moments = wide.corrwith(by_visit["recommend"].first().astype(float)).sort_values(ascending=False)
    effects["moments_of_truth"] = ", ".join(f"{t} {r:.2f}" for t, r in moments.head(3).items())
    kiosk_rows = visits[
        (visits["touchpoint"] == "queue ticket / kiosk")
        & (visits["branch_type"] == "smart")
        & (visits["age_band"] == "60+")
    ]
    kiosk_emotion = kiosk_rows.groupby(kiosk_rows["date"] >= SMART_CHANGE_DAY)["emotion"].mean()
    effects["kiosk_emotion_60plus_smart"] = f"{kiosk_emotion[False]:+.2f} -> {kiosk_emotion[True]:+.2f}"


def _effects_on_followups(frames: dict[str, pd.DataFrame], effects: dict) -> None:
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


def _effects_on_staff(frames: dict[str, pd.DataFrame], effects: dict) -> None:
    staff, survey = frames["staff_survey"], frames["nps_survey"]
    satisfaction = staff.groupby("branch_id")["job_satisfaction"].mean()
    before = survey[survey["period"] == "before"]
    branch_nps = before.groupby("branch_id")["recommend"].apply(nps.score).reindex(satisfaction.index)
    effects["staff_nps_corr"] = float(satisfaction.corr(branch_nps))
    effects["staff_nps_slope"] = float(np.polyfit(satisfaction, branch_nps, 1)[0])
    correlations = {
        item: staff[item].corr(staff["job_satisfaction"]) for item in STAFF_SATISFACTION_WEIGHTS
    }
    ranked = sorted(correlations, key=correlations.get, reverse=True)
    effects["staff_drivers"] = ", ".join(f"{item} {correlations[item]:.2f}" for item in ranked)


def realised_effects(frames: dict[str, pd.DataFrame]) -> dict[str, float | str]:
    """Measure the built-in effects in a set of frames (from :func:`generate` or ``load``).

    The values are what a learner finds with the methods of the course; the templates of
    :data:`~cxlab.simulate.truth.EFFECTS` turn them into the card's "realised" column, and their
    bounds are what the data tests check.
    """
    effects: dict[str, float | str] = {}
    for measure in (
        _effects_on_waits,
        _effects_on_nps,
        _effects_on_servqual,
        _effects_on_complaints,
        _effects_on_journeys,
        _effects_on_followups,
        _effects_on_staff,
    ):
        measure(frames, effects)
    return effects


def effects_table(frames: dict[str, pd.DataFrame]) -> str:
    """The data card's table of true effects: what the generator builds in and what the data shows."""
    realised = realised_effects(frames)
    lines = [
        "| effect | dataset | found with | built into the generator | realised in the committed data |",
        "| --- | --- | --- | --- | --- |",
    ]
    lines += [
        f"| {e.label} | `{e.dataset}` | {e.method} | {e.built} | {e.realised.format(**realised)} |"
        for e in EFFECTS
    ]
    return "\n".join(lines)


def files_table(frames: dict[str, pd.DataFrame]) -> str:
    """Rows and bytes of every file as :func:`cxlab.simulate.write` would write it."""
    lines = ["| file | rows | bytes | one row is |", "| --- | ---: | ---: | --- |"]
    total = 0
    for name, frame in frames.items():
        size = len(csv_ready(name, frame).to_csv(index=False, lineterminator="\n", na_rep="").encode("utf-8"))
        total += size
        lines.append(f"| `{name}.csv` | {len(frame):,} | {size:,} | {ROW_MEANINGS[name]} |")
    lines.append(f"| total | | {total:,} | |")
    return "\n".join(lines)


def card_blocks(frames: dict[str, pd.DataFrame]) -> dict[str, str]:
    """The parts of ``datasets/README.md`` rendered from code: the files, one column table per
    dataset and the table of true effects."""
    blocks = {"files": files_table(frames)}
    blocks.update({f"columns-{name}": markdown_table(name) for name in names()})
    blocks["effects"] = effects_table(frames)
    return blocks


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
