"""``nps_survey``: one row per surveyed customer after a branch visit or contact."""

from __future__ import annotations

import numpy as np
import pandas as pd

from cxlab.datasets.columns import AGE_BANDS
from cxlab.datasets.nps_survey import SEGMENTS, SURVEY_CHANNELS
from cxlab.simulate.branches import Universe, sample_customers
from cxlab.simulate.days import CHANGE_DAY, EFFECT_DAY, WORKING_DAYS, period_of
from cxlab.simulate.draws import balanced_normal, choose_rows, make_ids, scale_points, scaled_count, with_missing
from cxlab.simulate.truth import (
    AFTER_SHIFTS,
    AGE_SHARES,
    DISCONFIRMATION_WEIGHT,
    RATING_WEIGHTS,
    RATINGS,
    RECOMMEND_INTERCEPT,
    RECOMMEND_WEIGHTS,
    REPORTED_WAIT_MEDIAN,
    REPORTED_WAIT_SMART_FACTOR,
    SENIOR_SHIFTS,
    SURVEY_BOOST_FROM_CHANGE,
    TRANSITION_SHIFTS,
    WAIT_SIGNAL,
)

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

def simulate_nps_survey(universe: Universe, rng: np.random.Generator, scale: float) -> pd.DataFrame:
    """One row per surveyed customer after a branch visit or contact.

    Ratings are rounded latents that share a general impression factor; satisfaction follows
    disconfirmation (perception - expectation, Oliver 1980) and the ratings; the 0-10 recommend
    answer follows satisfaction and the ratings, with waiting and staff strongest.
    """
    n = scaled_count(20_000, scale)
    # The bank doubled its survey invitations from July 2025 to watch the change closely.
    day_weights = np.where(WORKING_DAYS >= CHANGE_DAY, SURVEY_BOOST_FROM_CHANGE, 1.0)
    branch, day = sample_customers(universe, rng, n, day_weights)
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
        return balanced_normal(rng, stratum)

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
    expectation = scale_points(5.0 + 0.35 * (segment == 1) + 0.2 * (segment == 2) + 0.9 * noise(), 1, 7)
    perception = scale_points(4.9 + 0.85 * quality / 0.66 + 0.75 * noise(), 1, 7)
    satisfaction_latent = DISCONFIRMATION_WEIGHT * (perception - expectation) + 1.2 * quality + 0.45 * noise()
    satisfaction = scale_points(3.75 + 0.85 * satisfaction_latent, 1, 5)

    recommend_latent = (
        RECOMMEND_INTERCEPT + satisfaction_latent + sum(RECOMMEND_WEIGHTS[r] * latent[r] for r in RATINGS)
    )
    recommend = scale_points(recommend_latent + 1.25 * noise(), 0, 10)
    loyalty = scale_points(1.3 + 0.7 * satisfaction + 0.75 * noise(), 1, 5)

    ratings = {r: scale_points(3.55 + 0.9 * latent[r], 1, 5) for r in RATINGS}
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
            "response_id": make_ids("R", n, 6),
            "date": day,
            "branch_id": universe.ids[branch],
            "branch_type": universe.branch_type[branch],
            "period": period_of(day),
            "age_band": np.array(AGE_BANDS, dtype=object)[age],
            "segment": np.array(SEGMENTS, dtype=object)[segment],
            "channel": np.array(SURVEY_CHANNELS, dtype=object)[channel],
            "recommend": with_missing(rng, recommend, 0.025),
            "satisfaction": satisfaction,
            "expectation": expectation,
            "perception": perception,
            **{f"rate_{r}": with_missing(rng, ratings[r], missing_share[r]) for r in RATINGS},
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
    return choose_rows(rng, table[2 * changed + senior])


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
