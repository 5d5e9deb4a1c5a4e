"""The smart-branch transformation measured in the ``nps_survey`` table (Module 8's explorer).

:func:`did_estimate` turns the explorer's three choices (outcome, customers, first "after" month)
into rows and calls :mod:`cxlab.effects`: the four cell means for the bars and the regression for
the estimate and its interval. The change dates come from :mod:`cxlab.universe`. Pure functions on
frames; no files, no drawing.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from cxlab import universe
from cxlab._validate import require_columns
from cxlab.journey import BACKSTAGE, CUSTOMER, FRONTSTAGE, SUPPORT, blueprint_table
from cxlab.lang import N_

__all__ = [
    "DID_AFTER_MONTHS", "DID_OUTCOMES", "DID_SEGMENTS", "FULL_EFFECT_MONTH", "TRANSFORMATION_DATE", "DidEstimate",
    "did_estimate", "smart_deposit_blueprint",
]

#: The day the twelve smart branches changed; everything before it is the "before" period.
TRANSFORMATION_DATE = universe.SMART_CHANGE_DAY
#: What the transformation explorer can measure: outcome -> (label with unit, decimals shown).
DID_OUTCOMES = {
    "nps": ("NPS (points, -100 to 100)", 1),
    "wait": ("Reported wait (minutes)", 2),
    "satisfaction": ("Satisfaction (1-5)", 3),
}
#: Who the explorer can look at: every customer or one age band.
DID_SEGMENTS = ("all", "18-29", "30-44", "45-59", "60+")
#: Months the "after" period may start in: the change month to the last month of the data.
DID_AFTER_MONTHS = tuple(
    f"{m:%Y-%m}" for m in pd.period_range(universe.SMART_CHANGE_DAY, universe.LAST_DAY, freq="M")
)
#: The first month of the settled "after" period, past the two transition months.
FULL_EFFECT_MONTH = universe.FULL_EFFECT_DAY[:7]
_COLUMN = {"nps": "recommend", "wait": "wait_minutes", "satisfaction": "satisfaction"}


@dataclass(frozen=True)
class DidEstimate:
    """A difference-in-differences of one outcome, smart branches against the traditional ones.

    ``before`` is every answer before :data:`TRANSFORMATION_DATE`; ``after`` every answer from the
    first day of ``after_from`` to the end of the data (months between the change and ``after_from``
    are left out). Each of the four cells has its value and its number of answers; ``change_*`` is
    after minus before within a group and ``did`` the smart change minus the traditional change.
    ``se`` is the standard error clustered by branch (``clusters`` of them), ``ci_low``/``ci_high``
    the 95% interval with the t critical value ``t_critical`` on clusters - 1 degrees of freedom,
    ``margin`` its half-width and ``p_value`` the test of no effect (see :func:`cxlab.effects.did_regression`).
    """

    outcome: str
    segment: str
    after_from: str
    before_smart: float
    after_smart: float
    before_traditional: float
    after_traditional: float
    n_before_smart: int
    n_after_smart: int
    n_before_traditional: int
    n_after_traditional: int
    change_smart: float
    change_traditional: float
    did: float
    se: float
    t_critical: float
    margin: float
    ci_low: float
    ci_high: float
    p_value: float
    clusters: int

    def table(self) -> pd.DataFrame:
        """The four cells as a 2 x 2 table: rows smart, traditional; columns before, after."""
        return pd.DataFrame(
            {"before": [self.before_smart, self.before_traditional],
             "after": [self.after_smart, self.after_traditional]},
            index=pd.Index(["smart", "traditional"], name="branch_type"),
        )


def did_estimate(survey: pd.DataFrame, outcome: str = "nps", segment: str = "all",
                 after_from: str = FULL_EFFECT_MONTH) -> DidEstimate:
    """Difference-in-differences of NPS, reported wait or satisfaction in the ``nps_survey`` table.

    Parameters
    ----------
    survey : pandas.DataFrame
        The ``nps_survey`` table (columns ``date``, ``branch_id``, ``branch_type``, ``age_band`` and
        the outcome's).
    outcome : {"nps", "wait", "satisfaction"}
        NPS of the ``recommend`` answers (0-10), the mean ``wait_minutes`` (customers who waited:
        branch and phone; app contacts have no wait) or the mean ``satisfaction`` (1-5).
    segment : {"all", "18-29", "30-44", "45-59", "60+"}
        Every customer, or the customers of one age band.
    after_from : str
        First month of the "after" period, ``"2025-07"`` to ``"2025-12"`` (:data:`DID_AFTER_MONTHS`).
        The default, :data:`FULL_EFFECT_MONTH` (``"2025-09"``), skips the two transition months.

    Returns
    -------
    DidEstimate
        The four cells, both changes, the estimate and its interval.

    Notes
    -----
    The estimate is ``(smart after - smart before) - (traditional after - traditional before)``,
    computed as the interaction of ``outcome ~ smart * after`` (:func:`cxlab.effects.did_regression`;
    an NPS as the mean of :func:`cxlab.nps.promoter_points`), which equals the cell arithmetic
    exactly. The traditional branches show how the smart ones would have moved without the change,
    which assumes parallel trends. Customers of one branch resemble each other, so the standard
    error is clustered by branch, and with only 24 branches the interval uses t(23), not 1.96.
    Missing answers are left out. Raises ``ValueError`` naming a wrong outcome, segment or month, a
    missing column or an empty cell.

    References
    ----------
    * Angrist, J. D., & Pischke, J.-S. (2009). *Mostly Harmless Econometrics*. Princeton University Press (difference-in-differences).
    * Cameron, A. C., Gelbach, J. B., & Miller, D. L. (2008). Bootstrap-based improvements for inference with clustered errors. *Review of Economics and Statistics*, 90(3), 414–427.
    * Reichheld, F. F. (2003). The one number you need to grow. *Harvard Business Review*, 81(12), 46–54.

    Examples
    --------
    >>> survey = pd.DataFrame({
    ...     "date": pd.to_datetime(["2025-03-03"] * 4 + ["2025-10-06"] * 4),
    ...     "branch_id": ["HB01", "HB02", "HB03", "HB04"] * 2,
    ...     "branch_type": ["smart", "smart", "traditional", "traditional"] * 2,
    ...     "age_band": ["30-44"] * 8,
    ...     "recommend": [10, 6, 9, 6, 10, 10, 9, 6],
    ... })
    >>> result = did_estimate(survey, "nps")
    >>> result.change_smart, result.change_traditional, result.did
    (100.0, 0.0, 100.0)
    """
    from cxlab import effects, nps

    if outcome not in DID_OUTCOMES:
        raise ValueError(f"outcome must be one of {', '.join(map(repr, DID_OUTCOMES))}; got {outcome!r}")
    if segment not in DID_SEGMENTS:
        raise ValueError(f"segment must be one of {', '.join(map(repr, DID_SEGMENTS))}; got {segment!r}")
    if str(after_from) not in DID_AFTER_MONTHS:
        raise ValueError(
            f"after_from must be a month from {DID_AFTER_MONTHS[0]} to {DID_AFTER_MONTHS[-1]} "
            f"(written like '2025-09'); got {after_from!r}"
        )
    column = _COLUMN[outcome]
    require_columns(survey, ("date", "branch_id", "branch_type", "age_band", column))
    rows = survey if segment == "all" else survey[survey["age_band"].astype(str) == segment]
    dates = pd.to_datetime(rows["date"])
    before = dates < pd.Timestamp(TRANSFORMATION_DATE)
    after = dates >= pd.Timestamp(f"{after_from}-01")
    value = nps.promoter_points(rows[column]) if outcome == "nps" else rows[column].astype("float64")
    frame = pd.DataFrame({
        "value": value.to_numpy(),
        "branch_id": rows["branch_id"].astype(str).to_numpy(),
        "branch_type": rows["branch_type"].astype(str).to_numpy(),
        "period": pd.Series(pd.NA, index=rows.index, dtype="object").mask(before, "before").mask(after, "after").to_numpy(),
    })
    frame = frame[frame["period"].notna()]
    cells = effects.before_after(frame, "value", group="branch_type", period="period")
    for kind in ("smart", "traditional"):
        for when in ("before", "after"):
            count = int(cells.counts.loc[kind, when]) if kind in cells.counts.index else 0
            if count < (1 if outcome == "nps" else 2):
                raise ValueError(
                    f"too few {outcome} answers ({count}) from {kind} branches {when} the change "
                    f"for segment {segment!r} to estimate an effect"
                )
    fit = effects.did_regression(frame.assign(smart=frame["branch_type"] == "smart", after=frame["period"] == "after"),
                                 "value", treated="smart", after="after", cluster="branch_id")
    means, counts = cells.means, cells.counts
    return DidEstimate(
        outcome=outcome,
        segment=segment,
        after_from=str(after_from),
        before_smart=float(means.loc["smart", "before"]),
        after_smart=float(means.loc["smart", "after"]),
        before_traditional=float(means.loc["traditional", "before"]),
        after_traditional=float(means.loc["traditional", "after"]),
        n_before_smart=int(counts.loc["smart", "before"]),
        n_after_smart=int(counts.loc["smart", "after"]),
        n_before_traditional=int(counts.loc["traditional", "before"]),
        n_after_traditional=int(counts.loc["traditional", "after"]),
        change_smart=float(cells.change["smart"]),
        change_traditional=float(cells.change["traditional"]),
        did=float(cells.change["smart"] - cells.change["traditional"]),
        se=fit.se,
        t_critical=fit.t_critical,
        margin=fit.margin,
        ci_low=fit.ci_low,
        ci_high=fit.ci_high,
        p_value=fit.p_value,
        clusters=fit.clusters,
    )


#: Module 8's blueprint, a cash deposit in a smart branch: (column, lane, step, mark) as in
#: :func:`cxlab.journey.blueprint_table`.
_SMART_DEPOSIT = (
    (0, CUSTOMER, N_("Enters the branch"), ""),
    (0, FRONTSTAGE, N_("Floor host greets, asks the purpose"), ""),
    (1, CUSTOMER, N_("Deposits cash at the kiosk"), "fail"),
    (1, FRONTSTAGE, N_("Kiosk screen guides each step"), ""),
    (1, SUPPORT, N_("Kiosk counts notes, core banking books"), ""),
    (2, FRONTSTAGE, N_("Floor host helps when the kiosk stalls"), "wait"),
    (2, BACKSTAGE, N_("Host calls the kiosk help desk"), ""),
    (2, SUPPORT, N_("Help desk resets the kiosk"), ""),
    (3, CUSTOMER, N_("Takes the receipt and leaves"), ""),
    (3, FRONTSTAGE, N_("Floor host says goodbye"), ""),
    (4, SUPPORT, N_("CRM sends the survey"), ""),
    (4, CUSTOMER, N_("Answers the survey"), ""),
)


def smart_deposit_blueprint() -> pd.DataFrame:
    """Module 8's service blueprint: a cash deposit in a Harbor Bank smart branch (simulated case).

    Same columns as :func:`cxlab.journey.savings_account_blueprint`: the kiosk has taken over a
    frontstage step, a floor host is new in the frontstage, and the kiosk's help desk supports it.

    References
    ----------
    * Bitner, M. J., Ostrom, A. L., & Morgan, F. N. (2008). Service blueprinting: A practical technique for service innovation. *California Management Review*, 50(3), 66–94.

    Examples
    --------
    >>> steps = smart_deposit_blueprint()
    >>> len(steps), steps.loc[steps["wait"], "step"].tolist()
    (12, ['Floor host helps when the kiosk stalls'])
    """
    return blueprint_table(_SMART_DEPOSIT)
