"""Analytic Hierarchy Process: weights for criteria from pairwise comparisons, and their consistency.

A manager compares criteria two at a time on Saaty's 1-9 scale ("waiting time is 3 times as
important as branch appearance"). The answers fill a reciprocal matrix ``A`` with ``A[i, j]`` the
importance of criterion i over j and ``A[j, i] = 1 / A[i, j]``. The weights are its principal
eigenvector; the consistency ratio says whether the judgements contradict each other (Saaty, 1980).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from cxlab._validate import show

__all__ = ["RANDOM_INDEX", "SAATY_SCALE", "AHPResult", "judgement_matrix", "least_consistent", "priorities"]

#: Saaty's random consistency index by matrix size n: the mean CI of random reciprocal matrices.
RANDOM_INDEX: dict[int, float] = {
    1: 0.0,
    2: 0.0,
    3: 0.58,
    4: 0.90,
    5: 1.12,
    6: 1.24,
    7: 1.32,
    8: 1.41,
    9: 1.45,
    10: 1.49,
}
_TOLERANCE = 1e-6

#: Saaty's fundamental scale: the judgements a manager may give, weakest to strongest.
SAATY_SCALE: tuple[float, ...] = tuple(1 / v for v in range(9, 1, -1)) + tuple(float(v) for v in range(1, 10))


@dataclass(frozen=True)
class AHPResult:
    """Priority weights of an AHP comparison matrix and its consistency."""

    weights: pd.Series | np.ndarray
    lambda_max: float
    ci: float
    cr: float

    @property
    def consistent(self) -> bool:
        """Saaty's rule of thumb: judgements are acceptable when CR is below 0.10."""
        return self.cr < 0.10


def _matrix(matrix: Any) -> tuple[np.ndarray, pd.Index | None]:
    labels = matrix.columns if isinstance(matrix, pd.DataFrame) else None
    try:
        values = np.asarray(matrix, dtype="float64")
    except (TypeError, ValueError):
        raise ValueError(
            "the AHP matrix must be a square table of numbers (judgements such as 3 or 1/3), "
            "with the same number of entries in every row"
        ) from None

    def name(i: int) -> str:
        return show(labels[i]) if labels is not None else str(i + 1)

    if values.ndim != 2 or values.shape[0] != values.shape[1]:
        shape = " x ".join(map(str, values.shape)) or "a single number"
        raise ValueError(
            f"the AHP matrix must be square (one row and one column per criterion); got {shape}"
        )
    n = values.shape[0]
    if not 2 <= n <= 10:
        raise ValueError(f"AHP needs between 2 and 10 criteria (a 2 x 2 to 10 x 10 matrix); got {n}")
    if np.isnan(values).any():
        i, j = np.argwhere(np.isnan(values))[0]
        raise ValueError(f"the AHP matrix has a missing judgement in row {name(i)}, column {name(j)}")
    bad = ~((values > 0) & np.isfinite(values))
    if bad.any():
        i, j = np.argwhere(bad)[0]
        raise ValueError(
            "AHP judgements must be positive numbers (1/9 to 9); "
            f"got {show(values[i, j])} in row {name(i)}, column {name(j)}"
        )
    diagonal = np.diag(values)
    off = np.abs(diagonal - 1) > _TOLERANCE
    if off.any():
        i = int(np.argmax(off))
        raise ValueError(
            "the diagonal of the AHP matrix must be 1 (a criterion compared with itself); "
            f"got {show(diagonal[i])} in row {name(i)}"
        )
    # relative check, so 9 and 1/9 are judged as strictly as 1 and 1
    not_reciprocal = np.abs(values * values.T - 1) > _TOLERANCE
    if not_reciprocal.any():
        i, j = np.argwhere(not_reciprocal)[0]
        raise ValueError(
            f"the AHP matrix is not reciprocal: row {name(i)}, column {name(j)} is "
            f"{values[i, j]:.6g}, so row {name(j)}, column {name(i)} must be its reciprocal "
            f"1/{values[i, j]:.6g} = {1 / values[i, j]:.6g}; got {values[j, i]:.6g} "
            "(write fractions such as 1/3 exactly rather than 0.33)"
        )
    return values, labels


def priorities(matrix: Any, method: str = "eigenvector") -> AHPResult:
    """Priority weights and consistency of a pairwise comparison matrix.

    Parameters
    ----------
    matrix : pandas.DataFrame, 2-D array or list of lists
        Square reciprocal matrix of judgements, 2 to 10 criteria: ``matrix[i][j]`` says how many
        times more important criterion i is than j, ``matrix[j][i]`` is its reciprocal and the
        diagonal is 1. With a DataFrame the column labels name the criteria.
    method : {"eigenvector", "geometric"}, default "eigenvector"
        ``"eigenvector"``: Saaty's principal right eigenvector. ``"geometric"``: the normalised
        geometric mean of each row, a close approximation that can be done by hand.

    Returns
    -------
    AHPResult
        ``weights`` (summing to 1; a Series indexed by the criteria when a DataFrame was given,
        otherwise a numpy array), ``lambda_max``, the consistency index
        ``ci = (lambda_max - n) / (n - 1)`` and the consistency ratio
        ``cr = ci / RANDOM_INDEX[n]`` (0.0 for n = 2, which is always consistent). A CR below
        0.10 is Saaty's threshold for acceptable judgements (``result.consistent``).

    Notes
    -----
    With ``method="geometric"``, ``lambda_max`` is the mean of ``(A w)_i / w_i``. Because
    ``lambda_max >= n`` for every reciprocal matrix, ``ci`` is at least 0; rounding noise below
    0 is reported as 0. A matrix that is not square, has fewer than 2 or more than 10 criteria,
    a missing, zero, negative or infinite entry, a diagonal other than 1 or a pair of entries
    whose product is not 1 (tolerance 1e-6) raises ``ValueError`` saying which.

    References
    ----------
    * Saaty, T. L. (1980). *The Analytic Hierarchy Process*. McGraw-Hill.

    Examples
    --------
    Waiting time is 3 times as important as staff courtesy and 5 times as important as branch
    appearance; courtesy is 3 times as important as appearance:

    >>> import pandas as pd
    >>> from cxlab import ahp
    >>> criteria = ["waiting", "courtesy", "appearance"]
    >>> judgements = pd.DataFrame([[1, 3, 5], [1/3, 1, 3], [1/5, 1/3, 1]],
    ...                           index=criteria, columns=criteria)
    >>> result = ahp.priorities(judgements)
    >>> result.weights.round(3).to_dict()
    {'waiting': 0.637, 'courtesy': 0.258, 'appearance': 0.105}
    >>> round(result.lambda_max, 3), round(result.cr, 3), result.consistent
    (3.039, 0.033, True)
    """
    if method not in ("eigenvector", "geometric"):
        raise ValueError(f"method must be 'eigenvector' or 'geometric'; got {show(method)}")
    values, labels = _matrix(matrix)
    n = values.shape[0]
    if method == "eigenvector":
        eigenvalues, eigenvectors = np.linalg.eig(values)
        k = int(np.argmax(eigenvalues.real))
        lambda_max = float(eigenvalues[k].real)
        # the Perron vector has entries of one sign; eig may return it negated
        weights = np.abs(eigenvectors[:, k].real)
    else:
        weights = np.exp(np.log(values).mean(axis=1))
        weights = weights / weights.sum()
        lambda_max = float(np.mean(values @ weights / weights))
    weights = weights / weights.sum()
    ci = max((lambda_max - n) / (n - 1), 0.0)
    cr = ci / RANDOM_INDEX[n] if n > 2 else 0.0
    if labels is not None:
        weights = pd.Series(weights, index=labels, name="weight")
    return AHPResult(weights=weights, lambda_max=lambda_max, ci=ci, cr=cr)


def judgement_matrix(criteria: Any, judgements: Any) -> pd.DataFrame:
    """The full reciprocal comparison matrix from one judgement per pair of criteria.

    A manager answers only the questions above the diagonal ("how many times more important is
    waiting than appearance?"); the diagonal is 1 and every answer below it is the reciprocal of the
    one above (Saaty, 1980). Building the matrix this way cannot produce a matrix that is not
    reciprocal, the most common slip when typing one by hand.

    Parameters
    ----------
    criteria : list of str
        The criteria, 2 to 10 distinct names, in the order of the matrix's rows and columns.
    judgements : dict
        ``{(a, b): value}`` for every pair of different criteria, in either order: criterion ``a`` is
        ``value`` times as important as ``b`` (use 1/3 when ``b`` is 3 times as important as ``a``).
        A pair given in both orders must agree (``(a, b): 3`` and ``(b, a): 1/3``).

    Returns
    -------
    pandas.DataFrame
        The n x n matrix, rows and columns labelled by ``criteria``; pass it to :func:`priorities`.

    References
    ----------
    * Saaty, T. L. (1980). *The Analytic Hierarchy Process*. McGraw-Hill.

    Examples
    --------
    >>> from cxlab import ahp
    >>> matrix = ahp.judgement_matrix(["waiting", "courtesy", "appearance"], {
    ...     ("waiting", "courtesy"): 3, ("waiting", "appearance"): 5, ("courtesy", "appearance"): 3})
    >>> matrix.round(3).to_numpy().tolist()
    [[1.0, 3.0, 5.0], [0.333, 1.0, 3.0], [0.2, 0.333, 1.0]]
    >>> round(ahp.priorities(matrix).cr, 3)
    0.033
    """
    if isinstance(criteria, (str, bytes)) or not hasattr(criteria, "__iter__"):
        raise TypeError(f"criteria must be a list of names, e.g. ['waiting', 'courtesy']; got {show(criteria)}")
    names = [str(c) for c in criteria]
    if len(set(names)) != len(names):
        raise ValueError(f"each criterion must appear once in criteria; got {names}")
    if not 2 <= len(names) <= 10:
        raise ValueError(f"AHP needs between 2 and 10 criteria; got {len(names)}")
    if not isinstance(judgements, dict):
        raise TypeError(
            "judgements must be a dict {(criterion_a, criterion_b): value}; "
            f"got a {type(judgements).__name__}"
        )
    position = {name: i for i, name in enumerate(names)}
    values = np.eye(len(names))
    given = np.zeros((len(names), len(names)), dtype=bool)
    for pair, value in judgements.items():
        if not (isinstance(pair, tuple) and len(pair) == 2):
            raise ValueError(f"each key of judgements must be a pair (a, b) of criteria; got {show(pair)}")
        a, b = (str(p) for p in pair)
        unknown = [p for p in (a, b) if p not in position]
        if unknown:
            raise ValueError(f"judgement {show(pair)} names {show(unknown[0])}, which is not one of the criteria {names}")
        if a == b:
            raise ValueError(f"judgement {show(pair)} compares a criterion with itself; leave it out (it is always 1)")
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise ValueError(f"judgement {show(pair)} must be a number such as 3 or 1/3; got {show(value)}") from None
        if not (number > 0 and np.isfinite(number)):
            raise ValueError(f"judgement {show(pair)} must be a positive number (1/9 to 9); got {show(value)}")
        i, j = position[a], position[b]
        if given[i, j] and abs(values[i, j] * 1 / number - 1) > _TOLERANCE:
            raise ValueError(
                f"the pair {a!r} and {b!r} is judged twice with different values "
                f"({values[i, j]:.6g} and {number:.6g}); give each pair once"
            )
        values[i, j], values[j, i] = number, 1 / number
        given[i, j] = given[j, i] = True
    missing = [(names[i], names[j]) for i in range(len(names)) for j in range(i + 1, len(names)) if not given[i, j]]
    if missing:
        raise ValueError(
            f"judgements has no value for the pair {missing[0]}; every pair of criteria needs one "
            f"({len(names) * (len(names) - 1) // 2} pairs for {len(names)} criteria)"
        )
    return pd.DataFrame(values, index=names, columns=names)


def least_consistent(matrix: Any) -> tuple[str, str, float]:
    """The judgement that disagrees most with the weights it helped produce.

    With weights ``w``, a perfectly consistent matrix has ``A[i, j] = w_i / w_j``. The judgement
    whose ratio ``A[i, j] / (w_i / w_j)`` lies furthest from 1 (on a log scale, above or below) is
    the first one to reconsider when the consistency ratio is too high -- a common practical aid
    (Saaty, 1980, discusses revising the most inconsistent judgements).

    Returns ``(row criterion, column criterion, ratio)``, the pair above the diagonal, with criteria
    named by the DataFrame's labels (or numbered from 1 for an array). Where judgements disagree
    equally (with three criteria they always do: one inconsistent triad shows in all three pairs), the
    first in reading order is named, whatever rounding the eigenvector's last digits carry.

    Examples
    --------
    >>> from cxlab import ahp
    >>> matrix = ahp.judgement_matrix(["waiting", "courtesy", "appearance"], {
    ...     ("waiting", "courtesy"): 3, ("waiting", "appearance"): 1/5, ("courtesy", "appearance"): 3})
    >>> row, column, ratio = ahp.least_consistent(matrix)
    >>> row, column, round(ratio, 2)
    ('waiting', 'courtesy', 3.56)
    """
    values, labels = _matrix(matrix)
    weights = np.asarray(priorities(values).weights, dtype=float)
    ratio = values / np.outer(weights, 1 / weights)
    upper = np.triu(np.abs(np.log(ratio)), k=1)
    tied = upper >= upper.max() * (1 - 1e-9)  # argmax alone would pick a tie by floating-point noise
    i, j = np.unravel_index(int(np.argmax(tied)), upper.shape)
    name = (lambda k: str(labels[k])) if labels is not None else (lambda k: str(k + 1))
    return name(i), name(j), float(ratio[i, j])
