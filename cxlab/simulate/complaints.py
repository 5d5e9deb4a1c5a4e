"""``complaints``: complaints per branch-month, their handling and the recovery paradox."""

from __future__ import annotations

import numpy as np
import pandas as pd

from cxlab.datasets.columns import AGE_BANDS
from cxlab.datasets.complaints import COMPLAINT_CATEGORIES, COMPLAINT_CHANNELS, SEVERITIES
from cxlab.simulate.branches import Universe
from cxlab.simulate.days import ALL_DAYS, CHANGE_DAY, CUTOFF_S, EFFECT_DAY, MONTHS, WORKING_DAYS
from cxlab.simulate.draws import choose_rows, lognormal, make_ids, scale_points
from cxlab.simulate.truth import (
    AGE_SHARES,
    COMPLAINT_RATES,
    KIOSK_COMPLAINTS_AFTER,
    KIOSK_COMPLAINTS_TRANSITION,
    KIOSK_SENIOR_SHARE,
    RECOVERY_EFFECT,
    RECOVERY_FCR_BONUS,
    REPEAT_RISK,
    SMART_WAITING_COMPLAINT_FACTOR,
)

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

    channel = choose_rows(rng, _per_category(COMPLAINT_CHANNEL_SHARES)[category])
    severity = choose_rows(rng, _per_category(COMPLAINT_SEVERITY_SHARES, DEFAULT_SEVERITY_SHARES)[category])
    age = choose_rows(rng, _per_category(COMPLAINT_AGE_SHARES, AGE_SHARES)[category])
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
        fcr, lognormal(rng, 1.0, 0.8, n), lognormal(rng, RESOLUTION_MEDIAN_HOURS[severity], 0.9, n)
    )
    hours = np.clip(hours, 0.1, 24 * 120)
    closed_at = opened_at + (60 * np.round(hours * 60)).astype("timedelta64[s]")
    closed = closed_at <= CUTOFF_S
    fcr &= closed

    pre_rating = scale_points(6.9 + 1.7 * rng.standard_normal(n), 0, 10)
    effect = np.select(
        [hours <= 24, hours <= 72], [RECOVERY_EFFECT["24h"], RECOVERY_EFFECT["72h"]], RECOVERY_EFFECT["later"]
    )
    effect = effect + RECOVERY_FCR_BONUS * fcr - 0.3 * (severity == 2)
    recovery = scale_points(pre_rating + effect + 1.2 * rng.standard_normal(n), 0, 10).astype(float)
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
    frame.insert(0, "complaint_id", make_ids("C", n, 5))
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
