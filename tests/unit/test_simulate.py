"""The Harbor Bank generator: reproducible files, one random stream per dataset, scaling, and the
data card's generated tables (rendered from the table of true effects)."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from harbor_data import REPOSITORY_DATA, committed  # noqa: F401 (a fixture)

from cxlab import datasets, simulate
from cxlab.datasets import SCHEMAS

CARD = REPOSITORY_DATA / "README.md"


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    """The datasets written again with the default seed, in a fresh folder."""
    folder = tmp_path_factory.mktemp("regenerated")
    simulate.write(folder)
    return folder


# --- reproducibility ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", datasets.names())
def test_regenerating_with_the_default_seed_reproduces_the_committed_file_byte_for_byte(regenerated, name):
    fresh = (regenerated / f"{name}.csv").read_bytes()
    committed_bytes = (REPOSITORY_DATA / f"{name}.csv").read_bytes()
    assert fresh == committed_bytes, (
        f"{name}.csv differs from what the generator makes with seed {simulate.DEFAULT_SEED}; "
        "if the generator changed on purpose, run `python -m cxlab.simulate --update-card` and commit"
    )


def test_files_are_utf8_with_newline_line_ends_and_no_index(regenerated):
    for name in datasets.names():
        raw = (regenerated / f"{name}.csv").read_bytes()
        assert b"\r" not in raw and raw.endswith(b"\n")
        header = raw.decode("utf-8").split("\n", 1)[0]
        assert header.split(",") == list(SCHEMAS[name]), f"{name}.csv header is not the schema's columns"


def test_a_different_seed_gives_different_data(committed):
    other = simulate.generate(seed=simulate.DEFAULT_SEED + 1)
    for name, frame in other.items():
        assert not frame.equals(committed[name]), f"{name} did not change with the seed"


def test_generate_returns_the_frames_that_load_reads(committed):
    fresh = simulate.generate()
    for name in datasets.names():
        pd.testing.assert_frame_equal(fresh[name], committed[name], check_exact=True)


def test_each_dataset_has_its_own_random_stream(committed, monkeypatch):
    # Drawing the visits from another stream must leave every other dataset exactly as it was.
    monkeypatch.setitem(simulate.STREAMS, "visits", 99)
    changed = simulate.generate()
    assert not changed["visits"].equals(committed["visits"])
    for name in datasets.names():
        if name != "visits":
            pd.testing.assert_frame_equal(changed[name], committed[name], check_exact=True)


def test_scale_multiplies_the_rows_but_keeps_branches_and_months():
    small = simulate.generate(scale=0.1)
    assert len(small["branches"]) == 24 and len(small["kpi_monthly"]) == 576
    assert 1_900 <= len(small["nps_survey"]) <= 2_100
    assert small["visits"]["visit_id"].nunique() == 300
    # A scaled copy still loads: the generator only makes values the schema allows.
    for name, frame in small.items():
        raw = simulate.csv_ready(name, frame).astype("str").fillna("")
        datasets.parse(name, raw)


def test_queue_days_are_the_two_sample_weeks_and_grow_to_the_whole_calendar():
    days = pd.to_datetime(simulate.queue_days(1.0))
    assert [d.strftime("%Y-%m-%d") for d in days] == [
        *[f"2025-05-{d}" for d in range(12, 17)],
        *[f"2025-10-{d}" for d in range(13, 18)],
    ]
    many = simulate.queue_days(50)
    assert len(many) == 500 and len(np.unique(many)) == 500
    assert len(simulate.queue_days(1000)) == len(simulate.WORKING_DAYS)


@pytest.mark.parametrize(
    "seed, scale", [(-1, 1.0), (1.5, 1.0), (True, 1.0), (1, 0), (1, -2.0), (1, float("nan")), (1, "2")]
)
def test_generate_rejects_a_bad_seed_or_scale(seed, scale):
    with pytest.raises(ValueError, match="seed|scale"):
        simulate.generate(seed, scale)


def test_the_generated_parts_of_the_data_card_are_current(committed):
    card = CARD.read_text(encoding="utf-8")
    for block, body in simulate.card_blocks(committed).items():
        assert (
            f"<!-- generated:{block}:start -->\n{body}\n<!-- generated:{block}:end -->" in card
        ), f"datasets/README.md: the '{block}' table is out of date; run `python -m cxlab.simulate --update-card`"


def test_the_card_lists_every_true_effect_once_with_its_dataset_and_method():
    card = CARD.read_text(encoding="utf-8")
    for effect in simulate.EFFECTS:
        row = f"| {effect.label} | `{effect.dataset}` | {effect.method} | {effect.built} | "
        assert card.count(row) == 1, f"datasets/README.md: no single row for the effect {effect.label!r}"
        assert effect.dataset in datasets.names(), effect.label


def test_every_bound_of_the_effects_table_names_a_measured_effect(committed):
    measured = simulate.realised_effects(committed)
    for effect in simulate.EFFECTS:
        for key, (low, high) in effect.bounds.items():
            assert isinstance(measured.get(key), float), f"{effect.label}: {key!r} is not measured"
            assert low < high, f"{effect.label}: the range of {key!r} is empty"
        effect.realised.format(**measured)  # every placeholder of the template is measured


def test_the_command_line_rewrites_the_files_and_the_card(tmp_path):
    (tmp_path / "README.md").write_text(
        "<!-- generated:files:start -->\nold\n<!-- generated:files:end -->\n", encoding="utf-8"
    )
    done = subprocess.run(
        [sys.executable, "-m", "cxlab.simulate", "--scale", "0.02", "--out", str(tmp_path), "--update-card"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "updated 1 generated blocks" in done.stdout
    assert sorted(p.stem for p in tmp_path.glob("*.csv")) == sorted(datasets.names())
    assert "| `branches.csv` | 24 |" in (tmp_path / "README.md").read_text(encoding="utf-8")
