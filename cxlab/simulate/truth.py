"""The true effects of the Harbor Bank data, written once.

The generator draws with the parameters below; the data card (``datasets/README.md``) renders its
table of true effects from :data:`EFFECTS`; the data tests (``tests/unit/test_true_effects.py``)
check every :attr:`Effect.bounds` against the committed files. A change of an effect is a change
here, and the three follow.

Each :class:`Effect` says what a learner should find, in which dataset, with which method of the
course, what the generator builds in (rendered from the parameters), how the card shows the
realised value (a template over :func:`cxlab.simulate.card.realised_effects`) and the range the
realised value must fall in.

>>> [effect.dataset for effect in EFFECTS[:3]]
['kpi_monthly', 'queue_log', 'nps_survey']
>>> EFFECTS[0].bounds
{'wait_change_kpi': (-0.5, -0.3)}
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from cxlab.universe import FULL_EFFECT_DAY, SMART_CHANGE_DAY

# ==================================================================================================
# The parameters the generator draws with, by dataset
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
#: kpi_monthly: mean wait in smart branches from the change relative to what it would have been.
KPI_SMART_WAIT_FACTOR = 0.60

# -- NPS survey ------------------------------------------------------------------------------------
#: Weights of the five ratings in satisfaction and perception: the "service" group (wait, staff)
#: first, then environment, technology and personalisation.
RATING_WEIGHTS = {"wait": 0.34, "staff": 0.30, "environment": 0.16, "digital": 0.12, "personalisation": 0.08}
#: The five aspects customers rate in ``nps_survey`` (the ``rate_`` columns), in column order.
RATINGS = tuple(RATING_WEIGHTS)
#: Extra direct weight of each rating on the 0-10 recommend answer (on top of satisfaction).
RECOMMEND_WEIGHTS = {
    "wait": 0.55,
    "staff": 0.50,
    "environment": 0.20,
    "digital": 0.15,
    "personalisation": 0.10,
}
#: Survey invitations per working day from the change (SMART_CHANGE_DAY) relative to before.
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

# -- employee experience (staff_survey) ------------------------------------------------------------
#: The service-profit chain (Heskett et al. 1994) as the generator builds it: each branch has a
#: staff climate, STAFF_CLIMATE_FROM_QUALITY x its hidden service quality (the trait that also
#: lifts its customers' ratings, standardised) + STAFF_CLIMATE_NOISE x a draw of its own.
STAFF_CLIMATE_FROM_QUALITY, STAFF_CLIMATE_NOISE = 0.7, 0.35
#: Each answer to the four "what the bank gives me" items: climate x loading + own view x noise.
STAFF_ITEM_LOADING, STAFF_ITEM_NOISE = 0.6, 0.8
#: Weight of each item in job satisfaction (empowerment first: the authority to put things right).
STAFF_SATISFACTION_WEIGHTS = {"empowerment": 0.40, "care": 0.30, "training": 0.18, "tools": 0.12}

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
#: Improvement of the gap in smart branches in the wave after the change.
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
#: The two sample weeks of the queue log at scale 1 (Mondays): one before, one after the change.
QUEUE_ANCHOR_WEEKS = (np.datetime64("2025-05-12"), np.datetime64("2025-10-13"))


# ==================================================================================================
# The table of true effects
# ==================================================================================================


@dataclass(frozen=True)
class Effect:
    """One effect a learner should find in the data.

    ``realised`` is a :meth:`str.format` template over the measurements of
    :func:`cxlab.simulate.card.realised_effects`; ``bounds`` maps some of those measurements to
    the ``(low, high)`` range the committed data must show (the data tests check them).
    """

    label: str
    dataset: str
    method: str
    built: str
    realised: str
    bounds: dict[str, tuple[float, float]] = field(default_factory=dict)


_CHANGE_MONTH, _EFFECT_MONTH = SMART_CHANGE_DAY[:7], FULL_EFFECT_DAY[:7]
_LAG = (
    f"{pd.Timestamp(SMART_CHANGE_DAY):%B}-"
    f"{pd.Timestamp(FULL_EFFECT_DAY) - pd.Timedelta(days=1):%B %Y}"
)  # "July-August 2025"
_WEEKS = [f"week of {np.datetime_as_string(monday)}" for monday in QUEUE_ANCHOR_WEEKS]
_HOURS = HOUR_PROFILE / HOUR_PROFILE.mean()
_DAYS = WEEKDAY_PROFILE / WEEKDAY_PROFILE.mean()
_DID = "difference-in-differences of NPS by group and period (`cxlab.nps.score`)"

EFFECTS: tuple[Effect, ...] = (
    Effect(
        f"Smart branches cut mean waits (change relative to control, from {_CHANGE_MONTH})",
        "kpi_monthly",
        "relative change of the mean wait, smart vs traditional, before vs after",
        f"wait x {KPI_SMART_WAIT_FACTOR:g} from {_CHANGE_MONTH} ({KPI_SMART_WAIT_FACTOR - 1:+.0%})",
        "{wait_change_kpi:+.1%}",
        {"wait_change_kpi": (-0.50, -0.30)},
    ),
    Effect(
        f"... and in the queue log ({_WEEKS[1]} vs {_WEEKS[0]})",
        "queue_log",
        "the same comparison of `wait_minutes`",
        f"one counter fewer, {1 - SERVICE_MIX @ SMART_COUNTER_DEMAND:.0%} fewer counter tickets, service "
        f"x {SMART_SERVICE_SPEED:g}; about -40% expected (one sample week: standard deviation 8 points)",
        "{wait_change_queue:+.1%} (smart {queue_wait_smart}, traditional {queue_wait_traditional})",
        {"wait_change_queue": (-0.50, -0.30)},
    ),
    Effect(
        f"NPS change, smart vs control, from {_EFFECT_MONTH} (difference-in-differences)",
        "nps_survey",
        _DID,
        "about +8 expected (better wait, staff, environment and technology ratings)",
        "{nps_did_after:+.1f} points",
        {"nps_did_after": (5, 11)},
    ),
    Effect(
        f"... in {_LAG} (the lag)",
        "nps_survey",
        _DID,
        "about 0 expected (teething troubles offset shorter waits)",
        "{nps_did_transition:+.1f} points",
        {"nps_did_transition": (-4, 4)},
    ),
    Effect(
        f"... customers aged 60+ (DiD from {_EFFECT_MONTH})",
        "nps_survey",
        _DID + ", 60+ only",
        "about -9 expected (kiosk trouble, fewer counters)",
        "{nps_did_60plus:+.1f} points (smart-branch 60+ NPS {nps_smart_60plus})",
        {"nps_did_60plus": (-15, -5)},
    ),
    Effect(
        f"... customers under 60 (DiD from {_EFFECT_MONTH})",
        "nps_survey",
        _DID + ", under 60 only",
        "about +14 expected",
        "{nps_did_under60:+.1f} points",
    ),
    Effect(
        "Strongest NPS drivers (correlation of each rating with recommend)",
        "nps_survey",
        "correlation of each `rate_` column with `recommend`",
        "weights " + ", ".join(f"{r} {RATING_WEIGHTS[r] * 1.2 + RECOMMEND_WEIGHTS[r]:.2f}" for r in RATINGS),
        "{drivers}",
    ),
    Effect(
        "Satisfaction follows disconfirmation (perception - expectation)",
        "nps_survey",
        "correlation of perception - expectation with `satisfaction`",
        f"weight {DISCONFIRMATION_WEIGHT:g} on perception - expectation",
        "r = {disconfirmation_corr:.2f}",
        {"disconfirmation_corr": (0.5, 1.0)},
    ),
    Effect(
        "Loyalty intent rises with satisfaction",
        "nps_survey",
        "correlation of `satisfaction` with `loyalty_intent`",
        "loyalty = 1.3 + 0.7 x satisfaction + noise",
        "r = {loyalty_corr:.2f}",
    ),
    Effect(
        "SERVQUAL gaps (P - E), most negative first",
        "servqual_survey",
        "mean gap by dimension (`cxlab.servqual.dimension_gaps`)",
        ", ".join(f"{d} {g:+.1f}" for d, g in sorted(SERVQUAL_GAPS.items(), key=lambda kv: kv[1])),
        "{servqual_gaps}",
        {"gap_reliability": (-1.4, -1.0), "gap_tangibles": (-0.45, -0.15)},
    ),
    Effect(
        "SERVQUAL importance (mean of the 100 points)",
        "servqual_survey",
        "mean of the `w_` columns",
        ", ".join(f"{d} {100 * w:.0f}" for d, w in sorted(SERVQUAL_IMPORTANCE.items(), key=lambda kv: -kv[1])),
        "{servqual_weights}",
    ),
    Effect(
        "Cronbach's alpha of the perception items",
        "servqual_survey",
        "`cxlab.reliability.cronbach_alpha` of each dimension's perception items",
        f"about 0.8; empathy weaker, item {WEAK_ITEM} hardly belongs to it",
        f"{{servqual_alpha}} (empathy without p{WEAK_ITEM}: {{empathy_alpha_without_weak_item:.2f}})",
        {
            "alpha_tangibles": (0.75, 0.90),
            "alpha_reliability": (0.75, 0.90),
            "alpha_responsiveness": (0.75, 0.90),
            "alpha_assurance": (0.75, 0.90),
            "alpha_empathy": (0.55, 0.72),
        },
    ),
    Effect(
        "Recovery paradox: recovery_satisfaction - pre_rating, closed within 24 h",
        "complaints",
        "mean change of satisfaction by time to close",
        f"{RECOVERY_EFFECT['24h']:+.1f} (+{RECOVERY_FCR_BONUS:g} if resolved at first contact)",
        "{recovery_24h:+.2f}",
        {"recovery_24h": (0.5, 10)},
    ),
    Effect(
        "... closed in 24-72 h / after 72 h",
        "complaints",
        "mean change of satisfaction by time to close",
        f"{RECOVERY_EFFECT['72h']:+.1f} / {RECOVERY_EFFECT['later']:+.1f}",
        "{recovery_72h:+.2f} / {recovery_later:+.2f}",
        {"recovery_later": (-10, -1)},
    ),
    Effect(
        "Complaints closed within the 72 h SLA",
        "complaints",
        "share of complaints with closed_at - opened_at <= 72 h",
        "about 80% (lognormal resolution times)",
        "{sla_72h:.1%}",
        {"sla_72h": (0.75, 0.85)},
    ),
    Effect(
        "First-contact resolution (FCR) lowers repeat complaints",
        "complaints",
        "share of `repeat` with and without first-contact resolution",
        f"repeat risk {REPEAT_RISK['fcr']:.0%} with FCR, {REPEAT_RISK['no_fcr']:.0%} without",
        "{repeat_rates}",
    ),
    Effect(
        "Pareto before the change (top 3 categories)",
        "complaints",
        "Pareto chart of `category`",
        "waiting time, then staff attitude",
        "{pareto_before}",
    ),
    Effect(
        "New category 'kiosk usability'",
        "complaints",
        "complaints by category, group and period",
        f"smart branches from {SMART_CHANGE_DAY} only, {KIOSK_SENIOR_SHARE:.0%} aged 60+",
        "{kiosk_complaints}",
    ),
    Effect(
        f"Waiting-time complaints, smart branches (before -> from {_CHANGE_MONTH})",
        "complaints",
        "complaints per branch-month, before vs after",
        f"rate x {SMART_WAITING_COMPLAINT_FACTOR:g}",
        "{waiting_complaints_smart}",
    ),
    Effect(
        "... traditional branches",
        "complaints",
        "complaints per branch-month, before vs after",
        "unchanged",
        "{waiting_complaints_traditional}",
    ),
    Effect(
        "Busiest hours (tickets by hour of arrival)",
        "queue_log",
        "tickets counted by hour of `arrived_at`",
        f"arrival rate x {_HOURS[3]:.2f} at 12:00 and x {_HOURS[4]:.2f} at 13:00",
        "{busiest_hours}",
    ),
    Effect(
        "Busiest weekdays",
        "queue_log",
        "tickets counted by `weekday`",
        f"Monday x {_DAYS[0]:.2f}, Friday x {_DAYS[4]:.2f}",
        "{busiest_days}",
    ),
    Effect(
        "Worst touchpoints (mean emotion)",
        "visits",
        "journey map: mean `emotion` by touchpoint",
        ", ".join(f"{t} {m:+.1f}" for t, (m, _) in sorted(TOUCHPOINT_EMOTION.items(), key=lambda kv: kv[1][0])[:2]),
        "{worst_touchpoints}",
    ),
    Effect(
        "Peak-end rule: correlation of visit_rating with (peak + end) / 2 vs with the mean emotion",
        "visits",
        "`cxlab.journey.peak_end` of each visit",
        f"visit_rating = {PEAK_END_INTERCEPT:g} + {PEAK_END_SLOPE:g} x (peak + end) / 2 + noise",
        "{peak_end_corr:.2f} vs {mean_emotion_corr:.2f}",
    ),
    Effect(
        "Moments of truth (correlation of touchpoint emotion with recommend)",
        "visits",
        "correlation of each touchpoint's emotion with `recommend`",
        ", ".join(f"{t} {w:g}" for t, w in MOMENT_OF_TRUTH_WEIGHTS.items()) + ", the rest 0.12 together",
        "{moments_of_truth}",
    ),
    Effect(
        f"Kiosk emotion of 60+ customers in smart branches (before -> from {_CHANGE_MONTH})",
        "visits",
        "mean `emotion` at the kiosk, 60+ in smart branches, before vs after",
        f"{JOURNEY_SENIOR_KIOSK_SHIFT:+.1f} after the change",
        "{kiosk_emotion_60plus_smart}",
    ),
    Effect(
        "Detractors called back",
        "nps_followups",
        "share of `contacted`, overall and by branch",
        f"about {CALLBACK_RATE:.0%} a branch, two weak branches {WEAK_CALLBACK_RATE:.0%}",
        "{contact_rate:.1%}; weakest: {weakest_callback_branches}",
        {"contact_rate": (0.70, 0.85)},
    ),
    Effect(
        "Re-survey gain: issue fixed and called within 48 h",
        "nps_followups",
        "mean `recommend_after` - `recommend` by outcome and call-back delay",
        f"+{RECOMMEND_GAIN['issue fixed']:g} (explained +{RECOMMEND_GAIN['explained']:g}, "
        f"apology +{RECOMMEND_GAIN['apologised only']:g}; halved after 48 h)",
        "{uplift_fixed_48h:+.2f} (other call-backs {uplift_others:+.2f}, not called {uplift_not_contacted:+.2f})",
        {"uplift_fixed_48h": (2, 10)},
    ),
    Effect(
        "Service-profit chain: branches with more satisfied staff have higher NPS",
        "staff_survey",
        "correlation of each branch's mean `job_satisfaction` with its NPS before the change",
        f"staff climate = {STAFF_CLIMATE_FROM_QUALITY:g} x the branch's service quality "
        f"(standardised) + {STAFF_CLIMATE_NOISE:g} x noise; the same quality lifts customer ratings",
        "r = {staff_nps_corr:.2f}; {staff_nps_slope:+.1f} NPS points per point of mean staff satisfaction",
        {"staff_nps_corr": (0.5, 1.0), "staff_nps_slope": (5, 60)},
    ),
    Effect(
        "Strongest drivers of staff job satisfaction",
        "staff_survey",
        "correlation of each item with `job_satisfaction`",
        "weights " + ", ".join(f"{k} {w:g}" for k, w in STAFF_SATISFACTION_WEIGHTS.items()),
        "{staff_drivers}",
    ),
)
