"""Simulate the Harbor Bank (港湾银行) datasets.

Harbor Bank is fictional. Nothing here describes a real bank: every number comes from random
draws, and the effects a learner should find are written once, in :mod:`cxlab.simulate.truth`,
which the generator, the data card (``datasets/README.md``) and the data tests all read.

Run ``python -m cxlab.simulate`` to rewrite ``datasets/*.csv`` with the default seed, or
``python -m cxlab.simulate --scale 50 --out /tmp/big`` for a large copy for benchmarks.

Where things live
-----------------
* ``truth.py`` -- the parameters of the true effects and the table of effects (:data:`EFFECTS`);
* ``draws.py`` -- the random machinery (one stream per dataset, balanced normal draws);
  ``days.py`` -- the calendar, from :mod:`cxlab.universe`;
* one module per dataset: ``branches.py`` (the branches and their hidden traits),
  ``nps_survey.py``, ``nps_followups.py``, ``servqual_survey.py``, ``visits.py``,
  ``complaints.py``, ``queue_log.py``, ``kpi_monthly.py``, ``staff_survey.py``;
* ``output.py`` -- types and CSV files; ``card.py`` -- the data card's generated tables and the
  realised effects; ``command.py`` -- ``python -m cxlab.simulate``.

Design
------
* One random stream per dataset: ``SeedSequence(seed, spawn_key=(k,))`` with a fixed ``k`` per
  dataset, so changing how one dataset is drawn leaves the others' draws unchanged. Datasets that
  are derived from others (``nps_followups`` from the detractors in ``nps_survey``, ``kpi_monthly``
  from the surveys, complaints and queue log) change when their sources change, by design.
* Everything is vectorised with numpy; the multi-server queue steps through the tickets of all
  branch-days at once.
* Output is byte-for-byte reproducible: floats are rounded to the decimals the schema documents,
  dates use fixed formats, lines end in ``\\n``, files are UTF-8 without an index.

Examples
--------
>>> frames = generate(seed=7, scale=0.05)
>>> sorted(frames) == sorted(names())
True
>>> len(frames["branches"]), len(frames["kpi_monthly"])
(24, 576)
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from cxlab.datasets import names
from cxlab.simulate.branches import simulate_universe
from cxlab.simulate.card import card_blocks, effects_table, files_table, realised_effects, update_card
from cxlab.simulate.command import main, repository_datasets
from cxlab.simulate.complaints import simulate_complaints
from cxlab.simulate.days import WORKING_DAYS
from cxlab.simulate.draws import DEFAULT_SEED, STREAMS, checked_arguments, stream
from cxlab.simulate.kpi_monthly import simulate_kpi_monthly
from cxlab.simulate.nps_followups import simulate_nps_followups
from cxlab.simulate.nps_survey import simulate_nps_survey
from cxlab.simulate.output import conform, csv_ready, write_frames
from cxlab.simulate.queue_log import queue_days, simulate_queue_log
from cxlab.simulate.servqual_survey import simulate_servqual_survey
from cxlab.simulate.staff_survey import simulate_staff_survey
from cxlab.simulate.truth import EFFECTS, Effect
from cxlab.simulate.visits import simulate_visits

__all__ = [
    "DEFAULT_SEED",
    "EFFECTS",
    "Effect",
    "STREAMS",
    "WORKING_DAYS",
    "card_blocks",
    "csv_ready",
    "effects_table",
    "files_table",
    "generate",
    "main",
    "queue_days",
    "realised_effects",
    "repository_datasets",
    "update_card",
    "write",
]


def generate(seed: int = DEFAULT_SEED, scale: float = 1.0) -> dict[str, pd.DataFrame]:
    """Simulate every Harbor Bank dataset.

    Parameters
    ----------
    seed : int
        Seed of the random streams; the committed files use 2026.
    scale : float
        Multiplies the rows of the customer surveys, visits, complaints and queue log (the 24
        branches, 576 branch-months and the staff survey of every branch's roster stay). ``scale=50`` makes about two million rows for benchmarks; the
        queue log stops growing once it covers every working day (about 52 times the default).

    Returns
    -------
    dict[str, pandas.DataFrame]
        One frame per dataset, keyed by :func:`cxlab.datasets.names`, typed as
        :func:`cxlab.datasets.load` returns them.
    """
    seed, scale = checked_arguments(seed, scale)
    universe = simulate_universe(stream(seed, "branches"))
    frames = {"branches": universe.branches}

    def add(name: str, frame: pd.DataFrame) -> pd.DataFrame:
        frames[name] = conform(name, frame)
        return frames[name]

    survey = add("nps_survey", simulate_nps_survey(universe, stream(seed, "nps_survey"), scale))
    add("nps_followups", simulate_nps_followups(universe, survey, stream(seed, "nps_followups")))
    add("servqual_survey", simulate_servqual_survey(universe, stream(seed, "servqual_survey"), scale))
    add("visits", simulate_visits(universe, stream(seed, "visits"), scale))
    complaints = add("complaints", simulate_complaints(universe, stream(seed, "complaints"), scale))
    queue = add("queue_log", simulate_queue_log(universe, stream(seed, "queue_log"), scale))
    add(
        "kpi_monthly",
        simulate_kpi_monthly(universe, survey, complaints, queue, stream(seed, "kpi_monthly"), scale),
    )
    add("staff_survey", simulate_staff_survey(universe, stream(seed, "staff_survey")))
    frames["branches"] = conform("branches", universe.branches)
    return {name: frames[name] for name in names()}


def write(directory: str | os.PathLike, seed: int = DEFAULT_SEED, scale: float = 1.0) -> list[Path]:
    """Simulate every dataset and write it to ``<directory>/<name>.csv``; returns the paths."""
    return list(write_frames(generate(seed, scale), Path(directory)).values())
