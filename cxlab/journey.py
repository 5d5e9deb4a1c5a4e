"""Customer journeys: how an experience is remembered from its emotional moments."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cxlab._validate import Values, numeric_1d, show
from cxlab.lang import N_, gettext

__all__ = ["BLUEPRINT_LANES", "JourneyCurve", "blueprint_table", "journey_curve", "peak_end", "peak_index",
           "savings_account_blueprint"]

#: The four lanes of a service blueprint, top to bottom (Bitner, Ostrom & Morgan, 2008). They are
#: data values that :func:`cxlab.plots.service_blueprint` reads, so they are never translated.
BLUEPRINT_LANES = CUSTOMER, FRONTSTAGE, BACKSTAGE, SUPPORT = (
    "customer action", "frontstage", "backstage", "support process")

_PEAKS = ("extreme", "max", "min")


def peak_end(emotions: Values, peak: str = "extreme") -> float:
    """Remembered experience by the peak-end rule: the average of the peak and the final moment.

    Parameters
    ----------
    emotions : list, numpy.ndarray or pandas.Series
        Emotion ratings of one visit's touchpoints in the order they happened, on a scale
        centred on zero (e.g. -3 very unpleasant to +3 very pleasant).
    peak : {"extreme", "max", "min"}, default "extreme"
        Which moment is the peak: ``"extreme"`` the most intense one, positive or negative
        (largest absolute value, the earliest if two are equally intense); ``"max"`` the best;
        ``"min"`` the worst.

    Returns
    -------
    float
        ``(peak + end) / 2``, with ``end`` the last rating.

    Notes
    -----
    Missing ratings (NaN or None) are dropped, so ``end`` is the last rating given. No ratings
    left, text, or an unknown ``peak`` raise ``ValueError``. ``"extreme"`` measures intensity as
    distance from 0, so ratings on a 1-5 scale should be centred first (subtract 3).

    References
    ----------
    * Kahneman, D., Fredrickson, B. L., Schreiber, C. A., & Redelmeier, D. A. (1993). When more pain is preferred to less: Adding a better end. *Psychological Science*, 4(6), 401–405.

    Examples
    --------
    A visit: a friendly greeting (+1), a long wait (-3), a quick teller (+1) and a warm goodbye (+2):

    >>> from cxlab.journey import peak_end
    >>> peak_end([1, -3, 1, 2])
    -0.5
    >>> peak_end([1, -3, 1, 2], peak="max")
    2.0
    """
    values = _ratings(emotions)
    return float((values[peak_index(values, peak)] + values[-1]) / 2)


def _ratings(emotions: Values) -> np.ndarray:
    values = numeric_1d(emotions, "emotion ratings", "numbers").astype("float64")
    values = values[~np.isnan(values)]
    if values.size == 0:
        raise ValueError("no emotion ratings to score: the data is empty or every rating is missing")
    return values


def peak_index(emotions: Values, peak: str = "extreme") -> int:
    """Position of the peak moment among the ratings, by the rule :func:`peak_end` uses.

    ``"extreme"`` is the most intense moment (largest distance from 0, the earliest if two are
    equally intense), ``"max"`` the best and ``"min"`` the worst (the earliest of equals). Missing
    ratings are dropped first, so the position counts the ratings given. The journey map and the
    journey explorer mark this moment, so a chart and a score never disagree.

    References
    ----------
    * Kahneman, D., Fredrickson, B. L., Schreiber, C. A., & Redelmeier, D. A. (1993). When more pain is preferred to less: Adding a better end. *Psychological Science*, 4(6), 401–405.

    Examples
    --------
    >>> peak_index([1, -3, 1, 3]), peak_index([1, -3, 1, 3], peak="max")
    (1, 3)
    """
    if peak not in _PEAKS:
        raise ValueError(f"peak must be 'extreme', 'max' or 'min'; got {show(peak)}")
    values = _ratings(emotions)
    if peak == "extreme":
        return int(np.argmax(np.abs(values)))
    return int(np.argmax(values) if peak == "max" else np.argmin(values))


@dataclass(frozen=True)
class JourneyCurve:
    """One visit's emotion curve and two ways to score it: the peak-end rule and the plain mean."""

    touchpoints: tuple[str, ...]
    emotions: tuple[float, ...]
    peak_touchpoint: str
    peak: float
    end_touchpoint: str
    end: float
    peak_end: float
    mean: float
    pain_points: tuple[str, ...]


def journey_curve(ratings) -> JourneyCurve:
    """Score one visit from its touchpoint emotions (-3 to +3), given in the order they happened.

    ``ratings`` is a mapping or a pandas Series, touchpoint -> emotion. The peak and the end are
    those of :func:`peak_end` (peak by :func:`peak_index`); ``mean`` is the simple average; pain
    points are the touchpoints below 0. Raises ``ValueError`` for no touchpoints, a missing or
    non-numeric rating, or a rating outside -3..+3 (the message names the touchpoint).

    References
    ----------
    * Kahneman, D., Fredrickson, B. L., Schreiber, C. A., & Redelmeier, D. A. (1993). When more pain is preferred to less: Adding a better end. *Psychological Science*, 4(6), 401–405.

    Examples
    --------
    >>> curve = journey_curve({"greeting": 1, "waiting": -3, "teller": 1, "goodbye": 2})
    >>> (curve.peak_touchpoint, curve.end_touchpoint, curve.peak_end, curve.mean)
    ('waiting', 'goodbye', -0.5, 0.25)
    """
    items = list(ratings.items()) if hasattr(ratings, "items") else None
    if items is None:
        raise TypeError(f"ratings must map each touchpoint to its emotion (a dict or Series); got {type(ratings).__name__}")
    if not items:
        raise ValueError("ratings is empty: give at least one touchpoint and its emotion")
    names, values = [], []
    for name, value in items:
        if isinstance(value, bool) or not isinstance(value, (int, float)) and not hasattr(value, "__float__"):
            raise ValueError(f"the emotion at {name!r} must be a number from -3 to +3; got {value!r}")
        number = float(value)
        if math.isnan(number) or not -3 <= number <= 3:
            raise ValueError(f"the emotion at {name!r} must be a number from -3 to +3; got {value!r}")
        names.append(str(name))
        values.append(number)
    peak = peak_index(values)
    return JourneyCurve(
        touchpoints=tuple(names),
        emotions=tuple(values),
        peak_touchpoint=names[peak],
        peak=values[peak],
        end_touchpoint=names[-1],
        end=values[-1],
        peak_end=peak_end(values),
        mean=sum(values) / len(values),
        pain_points=tuple(n for n, v in zip(names, values) if v < 0),
    )


#: Module 2's blueprint, opening a savings account at a branch: (column, lane, step, mark), mark being
#: "fail" (a fail point), "wait" (a wait point) or "".
_SAVINGS_ACCOUNT = (
    (0, CUSTOMER, N_("Books a slot in the app"), ""),
    (0, SUPPORT, N_("Booking system confirms the slot"), ""),
    (1, CUSTOMER, N_("Enters the branch"), ""),
    (1, FRONTSTAGE, N_("Lobby manager greets, asks the purpose"), ""),
    (2, CUSTOMER, N_("Chooses a service at the kiosk"), "fail"),
    (2, FRONTSTAGE, N_("Kiosk prints a queue ticket"), ""),
    (2, SUPPORT, N_("Queue system logs the ticket"), ""),
    (3, CUSTOMER, N_("Waits to be called"), "wait"),
    (4, CUSTOMER, N_("Hands over ID, states the need"), ""),
    (4, FRONTSTAGE, N_("Teller checks ID, enters the request"), ""),
    (4, BACKSTAGE, N_("Teller asks the back office to verify the ID"), "wait"),
    (4, SUPPORT, N_("Back office and core banking open the account"), ""),
    (5, FRONTSTAGE, N_("Teller prints and explains the contract"), ""),
    (5, CUSTOMER, N_("Reads and signs the documents"), "fail"),
    (6, BACKSTAGE, N_("Teller scans the signed forms"), ""),
    (6, FRONTSTAGE, N_("Teller hands over the card, says goodbye"), ""),
    (6, CUSTOMER, N_("Leaves the branch"), ""),
    (7, SUPPORT, N_("CRM schedules a follow-up"), ""),
    (7, FRONTSTAGE, N_("SMS asks how the visit went"), ""),
    (7, CUSTOMER, N_("Rates the visit"), ""),
)


def blueprint_table(steps) -> pd.DataFrame:
    """The steps of a service blueprint as the table :func:`cxlab.plots.service_blueprint` draws.

    ``steps`` are ``(column, lane, step, mark)`` tuples in the order the service flows: the moment
    (0, 1, 2, ...), one of :data:`BLUEPRINT_LANES`, what happens (translated into the current
    language), and ``"fail"``, ``"wait"`` or ``""``. Raises ``ValueError`` naming the step for an
    unknown lane or mark.

    Examples
    --------
    >>> blueprint_table([(0, "customer action", "Draws a ticket", "wait"), (0, "frontstage", "Greets", "")])
       column             lane            step   fail   wait
    0       0  customer action  Draws a ticket  False   True
    1       0       frontstage          Greets  False  False
    """
    rows = []
    for column, lane, step, mark in steps:
        if lane not in BLUEPRINT_LANES or mark not in ("fail", "wait", ""):
            raise ValueError(f"blueprint step {step!r}: the lane must be one of {BLUEPRINT_LANES} and the mark "
                             f"'fail', 'wait' or ''; got lane {lane!r}, mark {mark!r}")
        rows.append({"column": column, "lane": lane, "step": gettext(step), "fail": mark == "fail", "wait": mark == "wait"})
    return pd.DataFrame(rows, columns=["column", "lane", "step", "fail", "wait"])


def savings_account_blueprint() -> pd.DataFrame:
    """Module 2's service blueprint: opening a savings account at a Harbor Bank branch (simulated case).

    One row per step with the columns ``column`` (the moment; steps at the same moment share it),
    ``lane``, ``step``, ``fail`` and ``wait`` (true at a fail point or a wait point), ready for
    :func:`cxlab.plots.service_blueprint`.

    References
    ----------
    * Shostack, G. L. (1984). Designing services that deliver. *Harvard Business Review*, 62(1), 133–139.
    * Bitner, M. J., Ostrom, A. L., & Morgan, F. N. (2008). Service blueprinting: A practical technique for service innovation. *California Management Review*, 50(3), 66–94.

    Examples
    --------
    >>> steps = savings_account_blueprint()
    >>> len(steps), int(steps["column"].max())
    (20, 7)
    >>> steps.loc[steps["fail"], "step"].tolist()
    ['Chooses a service at the kiosk', 'Reads and signs the documents']
    """
    return blueprint_table(_SAVINGS_ACCOUNT)
