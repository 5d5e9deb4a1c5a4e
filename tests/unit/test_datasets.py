"""The Harbor Bank datasets: reproducible generation, the loader's schema checks, the data card,
and the true effects the course relies on, measured in the committed files."""

import csv
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxlab import datasets, simulate
from cxlab.datasets import SCHEMAS, SERVQUAL_DIMENSIONS, DatasetError

REPOSITORY_DATA = Path(__file__).resolve().parents[2] / "datasets"
CARD = REPOSITORY_DATA / "README.md"


@pytest.fixture(scope="module")
def committed() -> dict[str, pd.DataFrame]:
    """Every committed dataset, loaded from the repository (whatever CXLAB_DATA_DIR says)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv(datasets.DATA_DIR_VARIABLE, raising=False)
        return {name: datasets.load(name) for name in datasets.names()}


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    """The datasets written again with the default seed, in a fresh folder."""
    folder = tmp_path_factory.mktemp("regenerated")
    simulate.write(folder)
    return folder


@pytest.fixture()
def data_copy(tmp_path, monkeypatch) -> Path:
    """A writable copy of the committed files that ``load`` reads from."""
    for name in datasets.names():
        shutil.copy(REPOSITORY_DATA / f"{name}.csv", tmp_path / f"{name}.csv")
    monkeypatch.setenv(datasets.DATA_DIR_VARIABLE, str(tmp_path))
    return tmp_path


def nps(answers: pd.Series) -> float:
    answers = answers.dropna()
    return 100 * ((answers >= 9).mean() - (answers <= 6).mean())


def nps_did(survey: pd.DataFrame, period: str = "after") -> float:
    table = survey.groupby(["branch_type", "period"], observed=True)["recommend"].apply(nps)
    return (table["smart", period] - table["smart", "before"]) - (
        table["traditional", period] - table["traditional", "before"]
    )


def relative_cut(frame: pd.DataFrame, column: str, later: pd.Series) -> float:
    means = frame.groupby([frame["branch_type"].astype(str), later])[column].mean()
    smart = means["smart", True] / means["smart", False]
    control = means["traditional", True] / means["traditional", False]
    return 1 - smart / control


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
        raw = simulate._csv_ready(name, frame).astype("str").fillna("")
        datasets.parse(name, raw)


def test_queue_days_are_the_two_sample_weeks_and_grow_to_the_whole_calendar():
    days = pd.to_datetime(simulate._queue_days(1.0))
    assert [d.strftime("%Y-%m-%d") for d in days] == [
        *[f"2025-05-{d}" for d in range(12, 17)],
        *[f"2025-10-{d}" for d in range(13, 18)],
    ]
    many = simulate._queue_days(50)
    assert len(many) == 500 and len(np.unique(many)) == 500
    assert len(simulate._queue_days(1000)) == len(simulate.WORKING_DAYS)


@pytest.mark.parametrize(
    "seed, scale", [(-1, 1.0), (1.5, 1.0), (True, 1.0), (1, 0), (1, -2.0), (1, float("nan")), (1, "2")]
)
def test_generate_rejects_a_bad_seed_or_scale(seed, scale):
    with pytest.raises(ValueError, match="seed|scale"):
        simulate.generate(seed, scale)


# --- the loader and its schema -------------------------------------------------------------------


def test_names_lists_every_dataset_once():
    assert datasets.names() == [
        "branches",
        "nps_survey",
        "nps_followups",
        "servqual_survey",
        "visits",
        "complaints",
        "queue_log",
        "kpi_monthly",
    ]


@pytest.mark.parametrize("name", datasets.names())
def test_every_dataset_loads_with_its_schema(committed, name):
    frame = committed[name]
    schema = SCHEMAS[name]
    assert list(frame.columns) == list(schema)
    assert len(frame) > 0
    for column, spec in schema.items():
        values = frame[column]
        where = f"{name}.{column}"
        if not spec.nullable:
            assert values.notna().all(), f"{where} has empty values"
        if spec.kind == "category":
            assert isinstance(values.dtype, pd.CategoricalDtype), where
            assert list(values.cat.categories) == list(spec.categories), where
            assert values.cat.ordered == spec.ordered, where
        elif spec.kind == "int":
            assert str(values.dtype) == spec.pandas_dtype(), where
            assert values.dropna().between(spec.minimum, spec.maximum).all(), where
        elif spec.kind == "float":
            assert values.dtype == "float64", where
            assert values.dropna().between(spec.minimum, spec.maximum).all(), where
            assert (
                values.dropna().round(spec.decimals) == values.dropna()
            ).all(), f"{where} has extra decimals"
        elif spec.kind in ("date", "datetime"):
            assert pd.api.types.is_datetime64_dtype(values), where
            assert values.dropna().between(pd.Timestamp("2024-01-01"), datasets.CUTOFF).all(), where
        elif spec.kind == "bool":
            assert values.dtype == spec.pandas_dtype(), where
        else:
            assert pd.api.types.is_string_dtype(values), where
        if spec.unique:
            assert values.is_unique, where


def test_the_universe_has_24_branches_half_of_them_smart_three_per_district(committed):
    branches = committed["branches"]
    assert branches["branch_id"].tolist() == [f"HB{i:02d}" for i in range(1, 25)]
    assert (
        branches.groupby("district", observed=True)["branch_type"].value_counts().unstack().eq(3).all().all()
    )
    smart = branches["branch_type"] == "smart"
    assert (branches.loc[smart, "transformed_on"] == "2025-07-01").all()
    assert (branches.loc[smart, "counters_after"] < branches.loc[smart, "counters_before"]).all()
    assert (branches.loc[~smart, "counters_after"] == branches.loc[~smart, "counters_before"]).all()


def test_survey_sizes_and_missing_answers_are_as_documented(committed):
    survey = committed["nps_survey"]
    assert 20_000 <= len(survey) <= 25_000
    assert 0.015 < survey["recommend"].isna().mean() < 0.035
    assert 0.4 < survey["comment_zh"].isna().mean() < 0.6
    assert survey["comment_zh"].isna().equals(survey["comment_en"].isna())
    assert survey["comment_zh"].nunique() <= 45
    self_service = survey[survey["channel"] == "self-service"]
    assert (self_service["branch_type"] == "smart").all() and (self_service["date"] >= "2025-07-01").all()


def test_importance_points_sum_to_exactly_100(committed):
    weights = committed["servqual_survey"][[f"w_{d}" for d in SERVQUAL_DIMENSIONS]]
    assert (weights.sum(axis=1) == 100).all()


def test_followups_are_every_detractor_of_the_survey(committed):
    survey, followups = committed["nps_survey"], committed["nps_followups"]
    detractors = survey[survey["recommend"].le(6).fillna(False)].set_index("response_id")
    assert set(followups["response_id"]) == set(detractors.index)
    assert (followups.set_index("response_id")["recommend"] == detractors["recommend"]).all()
    assert (
        followups["surveyed_at"].dt.normalize().to_numpy()
        == detractors.loc[followups["response_id"], "date"].to_numpy()
    ).all()


def test_kpi_nps_and_complaints_agree_with_their_source_tables(committed):
    survey, complaints, kpi = committed["nps_survey"], committed["complaints"], committed["kpi_monthly"]
    month = survey["date"].dt.to_period("M").dt.to_timestamp()
    expected_nps = survey.groupby([survey["branch_id"], month])["recommend"].apply(nps).round(1)
    kpi_nps = kpi.set_index(["branch_id", "month"])["nps"]
    pd.testing.assert_series_equal(
        kpi_nps.loc[expected_nps.index], expected_nps, check_names=False, atol=0.051
    )
    opened = complaints["opened_at"].dt.to_period("M").dt.to_timestamp()
    counts = complaints.groupby([complaints["branch_id"], opened]).size()
    kpi_counts = kpi.set_index(["branch_id", "month"])["complaints"]
    assert kpi_counts.sum() == len(complaints)
    assert (kpi_counts.loc[counts.index] == counts).all()


# --- error messages ------------------------------------------------------------------------------


def test_an_unknown_name_lists_the_available_datasets():
    with pytest.raises(ValueError) as error:
        datasets.load("xyz")
    assert str(error.value) == (
        "unknown dataset 'xyz'; available: branches, nps_survey, nps_followups, servqual_survey, "
        "visits, complaints, queue_log, kpi_monthly"
    )


def test_a_missing_file_names_the_dataset_and_how_to_regenerate(tmp_path, monkeypatch):
    monkeypatch.setenv(datasets.DATA_DIR_VARIABLE, str(tmp_path))
    with pytest.raises(ValueError, match=r"^nps_survey: file .*nps_survey\.csv not found; run `cxlab data`"):
        datasets.load("nps_survey")


def rewrite(path: Path, change) -> None:
    """Read a CSV as rows of text, let ``change`` edit the rows, write it back."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    change(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def set_cell(column: str, row: int, value: str):
    def change(rows):
        rows[row][rows[0].index(column)] = value

    return change


def drop_column(column: str):
    def change(rows):
        index = rows[0].index(column)
        for row in rows:
            del row[index]

    return change


def add_column(rows):
    rows[0].append("notes")
    for row in rows[1:]:
        row.append("")


DAMAGE = {
    "out of range": (
        "nps_survey",
        set_cell("recommend", 17, "11.0"),
        "nps_survey.csv: column 'recommend' has 11.0 in row 17; expected whole numbers 0-10",
    ),
    "not a number": (
        "nps_survey",
        set_cell("satisfaction", 3, "good"),
        "nps_survey.csv: column 'satisfaction' has 'good' in row 3; expected whole numbers 1-5",
    ),
    "not whole": (
        "visits",
        set_cell("emotion", 5, "1.5"),
        "visits.csv: column 'emotion' has 1.5 in row 5; expected whole numbers from -3 to 3",
    ),
    "empty but required": (
        "complaints",
        set_cell("opened_at", 8, ""),
        "complaints.csv: column 'opened_at' is empty in row 8; expected a date and time",
    ),
    "unknown label": (
        "nps_survey",
        set_cell("age_band", 2, "70+"),
        "nps_survey.csv: column 'age_band' has '70+' in row 2; expected one of: '18-29', '30-44', '45-59', '60+'",
    ),
    "impossible date": (
        "queue_log",
        set_cell("date", 4, "2025-13-01"),
        "queue_log.csv: column 'date' has '2025-13-01' in row 4; expected a date YYYY-MM-DD",
    ),
    "date out of period": (
        "kpi_monthly",
        set_cell("month", 1, "2023-12-01"),
        "kpi_monthly.csv: column 'month' has '2023-12-01' in row 1; expected a date",
    ),
    "bad boolean": (
        "complaints",
        set_cell("repeat", 6, "maybe"),
        "complaints.csv: column 'repeat' has 'maybe' in row 6; expected True or False",
    ),
    "bad identifier": (
        "branches",
        set_cell("branch_id", 2, "HB99"),
        "branches.csv: column 'branch_id' has 'HB99' in row 2; expected an identifier like HB07",
    ),
    "duplicate identifier": (
        "complaints",
        set_cell("complaint_id", 3, "C00001"),
        "complaints.csv: column 'complaint_id' has 'C00001' twice (rows 1 and 3)",
    ),
    "negative wait": (
        "queue_log",
        set_cell("wait_minutes", 9, "-2.5"),
        "queue_log.csv: column 'wait_minutes' has -2.5 in row 9; expected a number from 0 to 600 minutes",
    ),
    "missing column": (
        "nps_survey",
        drop_column("satisfaction"),
        "nps_survey.csv: column 'satisfaction' is missing; expected columns: response_id, date",
    ),
    "extra column": (
        "branches",
        add_column,
        "branches.csv: unexpected column 'notes'; expected columns: branch_id",
    ),
    "weights not 100": (
        "servqual_survey",
        set_cell("w_empathy", 4, "0"),
        "servqual_survey.csv: row 4: importance points w_tangibles..w_empathy sum to",
    ),
    "closed before opened": (
        "complaints",
        set_cell("closed_at", 1, "2024-01-01 00:00:00"),
        "complaints.csv: row 1: closed_at is before opened_at",
    ),
}


@pytest.mark.parametrize("case", DAMAGE, ids=list(DAMAGE))
def test_a_damaged_file_raises_one_line_naming_the_dataset_column_and_row(data_copy, case):
    name, change, expected = DAMAGE[case]
    rewrite(data_copy / f"{name}.csv", change)
    with pytest.raises(ValueError) as error:
        datasets.load(name)
    message = str(error.value)
    assert message.startswith(expected), message
    assert "\n" not in message


def test_a_truncated_file_is_reported_as_truncated(data_copy):
    path = data_copy / "visits.csv"
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) // 2])
    with pytest.raises(ValueError, match=r"^visits\.csv: the file looks truncated"):
        datasets.load("visits")


def test_an_empty_file_is_reported_as_empty(data_copy):
    (data_copy / "branches.csv").write_bytes(b"")
    with pytest.raises(ValueError, match=r"^branches\.csv: the file is empty"):
        datasets.load("branches")


def test_a_row_with_too_many_fields_is_reported(data_copy):
    path = data_copy / "branches.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[3] += ",surplus"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(ValueError, match=r"^branches\.csv: the file cannot be read as CSV"):
        datasets.load("branches")


def test_a_file_that_is_not_utf8_is_reported(data_copy):
    path = data_copy / "branches.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    with pytest.raises(ValueError, match=r"^branches\.csv: the file is not valid UTF-8"):
        datasets.load("branches")


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=8))
def test_any_text_in_a_number_column_either_parses_or_names_the_column(text):
    row = {column: "" for column in SCHEMAS["visits"]}
    row.update(
        visit_id="V00001",
        date="2024-01-02",
        branch_id="HB01",
        branch_type="smart",
        age_band="60+",
        step="1",
        stage="purchase",
        touchpoint="waiting area",
        channel="branch",
        visit_rating="5",
        recommend="7",
    )
    row["emotion"] = text
    try:
        parsed = datasets.parse("visits", pd.DataFrame([row], dtype="str"))
    except DatasetError as error:
        assert "column 'emotion'" in str(error) and "row 1" in str(error)
    else:
        assert parsed["emotion"].iloc[0] in range(-3, 4)


def test_import_cxlab_datasets_loads_only_pandas_and_numpy():
    heavy = ("scipy", "statsmodels", "matplotlib")
    code = f"import sys, cxlab.datasets; print(','.join(m for m in {heavy!r} if m in sys.modules))"
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == "", f"import cxlab.datasets loaded {loaded}"


# --- the data card -------------------------------------------------------------------------------


def card_tables() -> dict[str, list[str]]:
    """Columns listed in the data card under each ``### `dataset``` heading."""
    listed: dict[str, list[str]] = {}
    current = None
    for line in CARD.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^### `(\w+)`", line)
        if heading:
            current = heading.group(1)
            listed[current] = []
        elif line.startswith("## "):
            current = None
        elif current and line.startswith("| `"):
            listed[current].append(line.split("`")[1])
    return listed


def test_the_data_card_says_plainly_that_the_data_are_fictional_and_simulated():
    opening = CARD.read_text(encoding="utf-8")[:600]
    assert "fictional" in opening and "simulated" in opening
    assert "CC BY 4.0" in CARD.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", datasets.names())
def test_the_data_card_documents_every_column(name):
    listed = card_tables().get(name)
    assert listed is not None, f"datasets/README.md has no '### `{name}`' section"
    missing = [c for c in SCHEMAS[name] if c not in listed]
    unknown = [c for c in listed if c not in SCHEMAS[name]]
    assert not missing and not unknown, f"{name}: card lacks {missing}, card has unknown {unknown}"


def test_the_generated_parts_of_the_data_card_are_current(committed):
    card = CARD.read_text(encoding="utf-8")
    for block, body in simulate.card_blocks(committed).items():
        assert (
            f"<!-- generated:{block}:start -->\n{body}\n<!-- generated:{block}:end -->" in card
        ), f"datasets/README.md: the '{block}' table is out of date; run `python -m cxlab.simulate --update-card`"


# --- the true effects, in the committed data -------------------------------------------------------


def test_smart_branches_cut_mean_waits_by_30_to_50_percent_relative_to_control(committed):
    kpi, queue = committed["kpi_monthly"], committed["queue_log"]
    kpi_cut = relative_cut(kpi, "mean_wait_min", kpi["month"] >= "2025-07-01")
    queue_cut = relative_cut(queue, "wait_minutes", queue["date"] >= "2025-07-01")
    assert 0.30 <= kpi_cut <= 0.50, f"kpi_monthly: {kpi_cut:.1%}"
    assert 0.30 <= queue_cut <= 0.50, f"queue_log: {queue_cut:.1%}"
    control = (
        queue[queue["branch_type"] == "traditional"]
        .groupby(queue["date"] >= "2025-07-01")["wait_minutes"]
        .mean()
    )
    assert 0.85 < control[True] / control[False] < 1.15, "the control group's waits should stay roughly flat"


def test_nps_rises_in_smart_branches_from_september_and_not_in_july_and_august(committed):
    survey = committed["nps_survey"]
    assert 5 <= nps_did(survey, "after") <= 11
    assert -4 <= nps_did(survey, "transition") <= 4


def test_customers_aged_60_plus_in_smart_branches_lose_nps(committed):
    survey = committed["nps_survey"]
    seniors = survey[survey["age_band"] == "60+"]
    assert -15 <= nps_did(seniors, "after") <= -5
    smart = (
        seniors[seniors["branch_type"] == "smart"].groupby("period", observed=True)["recommend"].apply(nps)
    )
    assert smart["after"] < smart["before"]
    assert nps_did(survey[survey["age_band"] != "60+"], "after") > nps_did(survey, "after")


def test_waiting_and_staff_are_the_two_strongest_nps_drivers(committed):
    ratings = ["rate_wait", "rate_staff", "rate_environment", "rate_digital", "rate_personalisation"]
    answered = committed["nps_survey"][[*ratings, "recommend"]].dropna().astype(float)
    correlation = answered[ratings].corrwith(answered["recommend"]).sort_values(ascending=False)
    assert set(correlation.index[:2]) == {"rate_wait", "rate_staff"}
    assert correlation.iloc[1] - correlation.iloc[2] > 0.1
    standardised = (answered - answered.mean()) / answered.std()
    design = np.column_stack([np.ones(len(standardised)), standardised[ratings]])
    coefficients = pd.Series(
        np.linalg.lstsq(design, standardised["recommend"], rcond=None)[0][1:], index=ratings
    )
    assert set(coefficients.sort_values(ascending=False).index[:2]) == {"rate_wait", "rate_staff"}


def test_satisfaction_follows_disconfirmation_and_loyalty_follows_satisfaction(committed):
    survey = committed["nps_survey"]
    disconfirmation = survey["perception"] - survey["expectation"]
    assert disconfirmation.corr(survey["satisfaction"].astype(float)) > 0.5
    assert survey.groupby("satisfaction")["loyalty_intent"].mean().is_monotonic_increasing


def test_reliability_has_the_most_negative_servqual_gap_and_the_most_weight(committed):
    servqual = committed["servqual_survey"]
    gaps = {}
    for dimension, items in SERVQUAL_DIMENSIONS.items():
        perceived = servqual[[f"p{i:02d}" for i in items]].astype(float).to_numpy()
        expected = servqual[[f"e{i:02d}" for i in items]].astype(float).to_numpy()
        gaps[dimension] = np.nanmean(perceived - expected)
    assert all(gap < 0 for gap in gaps.values()), gaps
    assert min(gaps, key=gaps.get) == "reliability" and -1.4 < gaps["reliability"] < -1.0
    assert max(gaps, key=gaps.get) == "tangibles" and -0.45 < gaps["tangibles"] < -0.15
    weights = servqual[[f"w_{d}" for d in SERVQUAL_DIMENSIONS]].mean()
    assert weights.idxmax() == "w_reliability"


def cronbach_alpha(items: pd.DataFrame) -> float:
    complete = items.dropna().astype(float)
    k = complete.shape[1]
    return k / (k - 1) * (1 - complete.var().sum() / complete.sum(axis=1).var())


def test_servqual_scales_are_reliable_except_a_weaker_empathy_scale(committed):
    servqual = committed["servqual_survey"]
    alpha = {
        d: cronbach_alpha(servqual[[f"p{i:02d}" for i in items]]) for d, items in SERVQUAL_DIMENSIONS.items()
    }
    assert min(alpha, key=alpha.get) == "empathy" and 0.55 < alpha["empathy"] < 0.72, alpha
    assert all(0.75 <= alpha[d] <= 0.9 for d in alpha if d != "empathy"), alpha
    assert cronbach_alpha(servqual[[f"p{i}" for i in range(18, 22)]]) > alpha["empathy"] + 0.02


def test_complaints_closed_within_24_hours_show_the_recovery_paradox(committed):
    complaints = committed["complaints"]
    hours = (complaints["closed_at"] - complaints["opened_at"]).dt.total_seconds() / 3600
    change = complaints["recovery_satisfaction"].astype(float) - complaints["pre_rating"]
    assert change[hours <= 24].mean() > 0.5
    assert change[hours > 24].mean() <= 0
    assert change[hours > 72].mean() < -1


def test_complaint_handling_meets_the_sla_about_80_percent_and_fcr_lowers_repeats(committed):
    complaints = committed["complaints"]
    hours = (complaints["closed_at"] - complaints["opened_at"]).dt.total_seconds() / 3600
    assert 0.75 <= (hours <= 72).mean() <= 0.85
    repeat = complaints.groupby("first_contact_resolution")["repeat"].mean()
    assert repeat[True] < 0.7 * repeat[False]
    assert hours.skew() > 2, "resolution times should be right-skewed"


def test_waiting_time_and_staff_attitude_lead_the_pareto_chart_before_the_change(committed):
    complaints = committed["complaints"]
    before = complaints[complaints["opened_at"] < "2025-07-01"]["category"].value_counts()
    assert list(before.index[:2]) == ["waiting time", "staff attitude"]


def test_kiosk_usability_complaints_appear_only_in_smart_branches_after_the_change(committed):
    complaints = committed["complaints"]
    kiosk = complaints[complaints["category"] == "kiosk usability"]
    assert len(kiosk) >= 50
    assert (kiosk["branch_type"] == "smart").all()
    assert (kiosk["opened_at"] >= "2025-07-01").all()
    assert (kiosk["age_band"] == "60+").mean() > 0.5
    waiting = complaints[(complaints["category"] == "waiting time") & (complaints["branch_type"] == "smart")]
    per_month = waiting.groupby(waiting["opened_at"] >= "2025-07-01").size() / pd.Series({False: 18, True: 6})
    assert per_month[True] < 0.6 * per_month[False]


def test_lunch_hours_and_mondays_have_the_most_arrivals(committed):
    queue = committed["queue_log"]
    by_hour = queue["arrived_at"].dt.hour.value_counts()
    assert set(by_hour.index[:2]) == {12, 13}
    assert queue["weekday"].value_counts().idxmax() == "Monday"


def test_littles_law_holds_for_every_branch_day(committed):
    queue = committed["queue_log"]
    # Time-average number waiting from the timestamps alone: +1 at each arrival, -1 at each call.
    events = pd.concat(
        [
            pd.DataFrame(
                {"branch_id": queue["branch_id"], "date": queue["date"], "at": queue["arrived_at"], "step": 1}
            ),
            pd.DataFrame(
                {
                    "branch_id": queue["branch_id"],
                    "date": queue["date"],
                    "at": queue["service_start"],
                    "step": -1,
                }
            ),
        ]
    ).sort_values(["branch_id", "date", "at"], kind="stable")
    day = events.groupby(["branch_id", "date"])
    events["waiting"] = day["step"].cumsum()
    events["seconds"] = (day["at"].shift(-1) - events["at"]).dt.total_seconds().fillna(0)
    events["area"] = events["waiting"] * events["seconds"]
    span = (day["at"].max() - day["at"].min()).dt.total_seconds()
    average_waiting = events.groupby(["branch_id", "date"])["area"].sum() / span
    tickets = queue.groupby(["branch_id", "date"])
    arrival_rate = tickets.size() / (span / 60)  # per minute
    littles_law = arrival_rate * tickets["wait_minutes"].mean()
    assert len(average_waiting) == 24 * 10
    assert np.allclose(average_waiting, littles_law, rtol=1e-3, atol=1e-3)


def test_the_queue_log_is_a_consistent_first_come_first_served_multi_server_queue(committed):
    queue, branches = committed["queue_log"], committed["branches"].set_index("branch_id")
    waits = (queue["service_start"] - queue["arrived_at"]).dt.total_seconds() / 60
    assert np.allclose(waits, queue["wait_minutes"], atol=0.006)
    after = queue["date"] >= "2025-07-01"
    counters = np.where(
        after,
        branches.loc[queue["branch_id"], "counters_after"],
        branches.loc[queue["branch_id"], "counters_before"],
    )
    assert (queue["counter"] <= counters).all(), "a ticket was served at a counter the branch does not have"
    # First come, first served: within a branch-day, calls happen in the order of arrival.
    in_order = queue.sort_values(["branch_id", "date", "arrived_at"], kind="stable")
    called = in_order.groupby(["branch_id", "date"])["service_start"].diff().dt.total_seconds().dropna()
    assert (called >= 0).all()
    # A counter serves one customer at a time.
    by_counter = queue.sort_values(["branch_id", "date", "counter", "service_start"])
    previous_end = by_counter.groupby(["branch_id", "date", "counter"])["service_end"].shift()
    assert (by_counter["service_start"] >= previous_end).where(previous_end.notna(), True).all()


def test_peak_end_predicts_the_visit_rating_better_than_the_mean_emotion(committed):
    visits = committed["visits"].sort_values(["visit_id", "step"])
    by_visit = visits.groupby("visit_id")
    peak = by_visit["emotion"].agg(lambda e: e.iloc[np.argmax(np.abs(e.to_numpy()))])
    peak_end = (peak + by_visit["emotion"].last()) / 2
    rating = by_visit["visit_rating"].first().astype(float)
    assert rating.corr(peak_end) > rating.corr(by_visit["emotion"].mean()) + 0.1


def test_waiting_area_and_kiosk_are_the_pain_points_and_worst_for_60_plus_in_smart_branches(committed):
    visits = committed["visits"]
    emotion = visits.groupby("touchpoint", observed=True)["emotion"].mean().sort_values()
    assert list(emotion.index[:2]) == ["waiting area", "queue ticket / kiosk"]
    kiosk = visits[(visits["touchpoint"] == "queue ticket / kiosk") & (visits["branch_type"] == "smart")]
    senior = kiosk["age_band"] == "60+"
    after = kiosk["date"] >= "2025-07-01"
    assert kiosk[senior & after]["emotion"].mean() < kiosk[senior & ~after]["emotion"].mean() - 0.7
    assert kiosk[senior & after]["emotion"].mean() < kiosk[~senior & after]["emotion"].mean() - 0.7


def test_counter_service_and_waiting_area_are_the_moments_of_truth(committed):
    visits = committed["visits"]
    wide = visits.pivot_table(index="visit_id", columns="touchpoint", values="emotion", observed=True)
    recommend = visits.groupby("visit_id")["recommend"].first().astype(float)
    correlation = wide.corrwith(recommend).sort_values(ascending=False)
    assert set(correlation.index[:2]) == {"counter service", "waiting area"}


def test_most_detractors_are_called_back_and_a_quick_fix_lifts_the_next_answer(committed):
    followups = committed["nps_followups"]
    assert 0.70 <= followups["contacted"].mean() <= 0.85
    by_branch = followups.groupby("branch_id")["contacted"].mean().sort_values()
    assert (by_branch.iloc[:2] < 0.6).all(), "two weak branches call back few detractors"
    assert by_branch.iloc[:2].max() < by_branch.iloc[2:].median() - 0.2
    delay = (followups["contacted_at"] - followups["surveyed_at"]).dt.total_seconds() / 3600
    gain = followups["recommend_after"].astype(float) - followups["recommend"]
    quick_fix = (followups["outcome"] == "issue fixed") & (delay <= 48)
    assert gain[quick_fix].mean() > 2
    assert gain[quick_fix].mean() > gain[~quick_fix].mean() + 1.5
    assert followups.loc[~followups["contacted"], ["contacted_at", "closed_at", "outcome"]].isna().all().all()
