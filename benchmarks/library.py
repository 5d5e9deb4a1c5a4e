"""Speed of the analytics library against the plain numpy/pandas work it cannot avoid.

Measures, in one run on the same data:

* ``nps.summary`` on 10 million answers against one ``numpy.bincount`` pass over the same int
  array (target: within 3x);
* ``nps.by_group`` on 1 million rows in 500 groups against ``frame.groupby(by).size()`` (target:
  within 5x);
* the time ``import cxlab.nps`` adds to ``import pandas``, measured in fresh interpreters (the
  median of several; target: under 50 ms).

Timings are best-of-N with ``time.perf_counter``. The script reports and always exits 0: it is
not a test. Run it as ``python benchmarks/library.py``.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

import numpy as np
import pandas as pd

from cxlab import nps

REPEATS = 7
IMPORT_REPEATS = 9
IMPORT_PROBE = (
    "import time; t0 = time.perf_counter(); import pandas; t1 = time.perf_counter(); "
    "import cxlab.nps; t2 = time.perf_counter(); print(t1 - t0, t2 - t1)"
)


def best_of(function, repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def import_times() -> tuple[float, float]:
    """Median seconds for ``import pandas`` and for the extra ``import cxlab.nps``, fresh each time."""
    pandas_times, added_times = [], []
    for _ in range(IMPORT_REPEATS):
        out = subprocess.run(
            [sys.executable, "-c", IMPORT_PROBE], capture_output=True, text=True, check=True
        ).stdout.split()
        pandas_times.append(float(out[0]))
        added_times.append(float(out[1]))
    return statistics.median(pandas_times), statistics.median(added_times)


def main() -> None:
    rng = np.random.default_rng(2025)
    answers = rng.integers(0, 11, size=10_000_000)
    branches = np.array([f"HB{i:03d}" for i in range(500)], dtype=object)
    survey = pd.DataFrame(
        {
            "branch": branches[rng.integers(0, 500, size=1_000_000)],
            "answer": rng.integers(0, 11, size=1_000_000),
        }
    )

    rows = []
    ours = best_of(lambda: nps.summary(answers))
    base = best_of(lambda: np.bincount(answers))
    rows.append(("nps.summary, 10M answers", ours, base, ours / base, "ratio <= 3", ours / base <= 3))

    ours = best_of(lambda: nps.by_group(survey, "branch", "answer"))
    base = best_of(lambda: survey.groupby("branch").size())
    rows.append(
        ("nps.by_group, 1M rows x 500 groups", ours, base, ours / base, "ratio <= 5", ours / base <= 5)
    )

    pandas_import, added = import_times()
    with_nps = pandas_import + added
    rows.append(
        ("import cxlab.nps after pandas", with_nps, pandas_import, with_nps / pandas_import,
         "added < 50 ms", added < 0.050)
    )

    print(f"{'measurement':36} {'ours':>10} {'baseline':>10} {'ratio':>7}  {'target':14} result")
    for name, ours, base, ratio, target, ok in rows:
        print(
            f"{name:36} {ours * 1000:8.1f}ms {base * 1000:8.1f}ms {ratio:7.2f}  {target:14} "
            f"{'PASS' if ok else 'FAIL'}"
        )
    print(f"(import cxlab.nps adds {added * 1000:.1f} ms, median of {IMPORT_REPEATS} fresh interpreters; "
          f"timings are best of {REPEATS})")


if __name__ == "__main__":
    main()
