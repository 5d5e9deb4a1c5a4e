"""Exploratory factor analysis (Module 7): do the questionnaire's items form the dimensions it claims?

SERVQUAL says its 22 items measure five dimensions. Exploratory factor analysis (EFA) asks the
answers themselves: which items move together? The steps follow Fabrigar et al. (1999):

1. is the data suitable? Kaiser-Meyer-Olkin measure (KMO; 0.8 or more is good, under 0.6 poor) and
   Bartlett's test of sphericity (are the items correlated at all?);
2. how many factors? the eigenvalues of the correlation matrix (a scree plot; Kaiser's "eigenvalue
   above 1" rule is a rough first look, Fabrigar et al. warn against relying on it alone);
3. extract the factors and rotate them (varimax keeps them uncorrelated, oblimin lets them
   correlate) so that each item loads mainly on one; read the loadings.

The computation is done by the ``factor_analyzer`` package (minimum residual extraction by default).

References
----------
* Fabrigar, L. R., Wegener, D. T., MacCallum, R. C., & Strahan, E. J. (1999). Evaluating the use of
  exploratory factor analysis in psychological research. *Psychological Methods*, 4(3), 272-299.
* Parasuraman, A., Zeithaml, V. A., & Berry, L. L. (1988). SERVQUAL: A multiple-item scale for
  measuring consumer perceptions of service quality. *Journal of Retailing*, 64(1), 12-40.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from cxlab._validate import numeric_frame, show

__all__ = ["FactorResult", "ROTATIONS", "explore_factors", "item_factors"]

#: Rotations offered: orthogonal (varimax) and oblique (oblimin, promax), or none.
ROTATIONS = ("varimax", "oblimin", "promax", None)


@dataclass(frozen=True)
class FactorResult:
    """What an exploratory factor analysis found.

    ``kmo`` (overall) and ``kmo_items`` (per item); ``bartlett_chi2`` and ``bartlett_p``;
    ``eigenvalues`` of the items' correlation matrix, largest first (for the scree plot);
    ``loadings`` (items x factors ``F1``, ``F2``, ..., the factor explaining most variance first,
    each factor's largest loading positive); ``communalities`` (the share of each item's variance
    the factors explain); ``n`` the complete rows used; ``rotation``.
    """

    kmo: float
    kmo_items: pd.Series
    bartlett_chi2: float
    bartlett_p: float
    eigenvalues: pd.Series
    loadings: pd.DataFrame
    communalities: pd.Series
    n: int
    rotation: str | None


def _factor_analyzer():
    """The factor_analyzer package, made to work with scikit-learn 1.8 and later.

    factor_analyzer 0.5.1 (the latest release) calls scikit-learn's ``check_array`` with the
    keyword ``force_all_finite``, which scikit-learn renamed ``ensure_all_finite`` and then removed;
    the call is redirected to the new name. Nothing else of the package is changed.
    """
    import inspect

    import factor_analyzer
    import factor_analyzer.factor_analyzer as module
    from sklearn.utils import check_array

    if "force_all_finite" not in inspect.signature(check_array).parameters and not getattr(module, "_cxlab_shim", False):
        def compatible_check_array(array, *args, force_all_finite=True, **kwargs):
            return check_array(array, *args, ensure_all_finite=force_all_finite, **kwargs)

        module.check_array = compatible_check_array
        module._cxlab_shim = True
    return factor_analyzer


def explore_factors(items: Any, n_factors: int, rotation: str | None = "varimax") -> FactorResult:
    """KMO, Bartlett's test, eigenvalues and rotated loadings of questionnaire items.

    Parameters
    ----------
    items : pandas.DataFrame
        One row per respondent, one numeric column per item (e.g. SERVQUAL's ``p01`` ... ``p22``).
        Rows with an empty answer are left out (listwise deletion).
    n_factors : int
        How many factors to extract, 1 to the number of items - 1.
    rotation : {"varimax", "oblimin", "promax", None}
        ``"varimax"`` (uncorrelated factors, the common default), an oblique rotation, or none.

    Returns
    -------
    FactorResult

    Examples
    --------
    Six items, two groups of three that move together:

    >>> import numpy as np, pandas as pd
    >>> from cxlab.factors import explore_factors
    >>> rng = np.random.default_rng(1)
    >>> speed, care = rng.normal(size=(2, 400))
    >>> items = pd.DataFrame({f"q{i}": (speed if i <= 3 else care) + rng.normal(scale=0.7, size=400)
    ...                       for i in range(1, 7)})
    >>> result = explore_factors(items, n_factors=2)
    >>> round(result.kmo, 2), result.bartlett_p < 0.001, result.n
    (0.73, True, 400)
    >>> result.loadings.idxmax(axis=1).to_dict()
    {'q1': 'F2', 'q2': 'F2', 'q3': 'F2', 'q4': 'F1', 'q5': 'F1', 'q6': 'F1'}
    """
    if rotation not in ROTATIONS:
        raise ValueError(f"rotation must be one of {', '.join(map(repr, ROTATIONS))}; got {show(rotation)}")
    table = numeric_frame(items, "the items", "answers on a scale (numbers)").dropna().astype(float)
    k = table.shape[1]
    if k < 3:
        raise ValueError(f"factor analysis needs at least 3 items (columns); got {k}")
    if isinstance(n_factors, bool) or not isinstance(n_factors, (int, np.integer)) or not 1 <= n_factors < k:
        raise ValueError(f"n_factors must be a whole number from 1 to {k - 1} (fewer factors than items); got {show(n_factors)}")
    if len(table) <= k:
        raise ValueError(f"only {len(table)} complete rows for {k} items; factor analysis needs many more rows than items")
    constant = [c for c in table.columns if table[c].nunique() < 2]
    if constant:
        raise ValueError(f"item {show(constant[0])} has the same answer in every complete row; leave it out")
    fa = _factor_analyzer()
    kmo_items, kmo = fa.calculate_kmo(table)
    chi2, p_value = fa.calculate_bartlett_sphericity(table)
    model = fa.FactorAnalyzer(n_factors=n_factors, rotation=rotation if n_factors > 1 else None)
    model.fit(table)
    loadings = np.asarray(model.loadings_, dtype=float)
    order = np.argsort(-(loadings**2).sum(axis=0), kind="stable")
    loadings = loadings[:, order]
    signs = np.sign(loadings[np.abs(loadings).argmax(axis=0), range(loadings.shape[1])])
    loadings = loadings * np.where(signs == 0, 1, signs)
    names = [f"F{i}" for i in range(1, n_factors + 1)]
    eigenvalues = np.sort(np.linalg.eigvalsh(table.corr().to_numpy()))[::-1]
    return FactorResult(
        kmo=float(kmo),
        kmo_items=pd.Series(kmo_items, index=table.columns, name="kmo"),
        bartlett_chi2=float(chi2),
        bartlett_p=float(p_value),
        eigenvalues=pd.Series(eigenvalues, index=range(1, k + 1), name="eigenvalue"),
        loadings=pd.DataFrame(loadings, index=table.columns, columns=names),
        communalities=pd.Series((loadings**2).sum(axis=1), index=table.columns, name="communality"),
        n=int(len(table)),
        rotation=rotation,
    )


def item_factors(loadings: pd.DataFrame, min_loading: float = 0.4) -> pd.Series:
    """The factor each item belongs to: its largest loading, or ``"none"`` below ``min_loading``.

    0.4 is a common cut-off for a "salient" loading (a convention, not a test).

    Examples
    --------
    >>> import pandas as pd
    >>> from cxlab.factors import item_factors
    >>> loadings = pd.DataFrame({"F1": [0.7, 0.1, 0.2], "F2": [0.1, 0.6, 0.15]}, index=["p01", "p05", "p22"])
    >>> item_factors(loadings).to_dict()
    {'p01': 'F1', 'p05': 'F2', 'p22': 'none'}
    """
    if not isinstance(loadings, pd.DataFrame) or loadings.empty:
        raise TypeError("loadings must be the DataFrame of loadings (items x factors), e.g. result.loadings")
    if not 0 <= min_loading < 1:
        raise ValueError(f"min_loading must be from 0 to 1 (0.4 is usual); got {show(min_loading)}")
    absolute = loadings.abs()
    factor = absolute.idxmax(axis=1).astype(object)
    factor[absolute.max(axis=1) < min_loading] = "none"
    return factor.rename("factor")
