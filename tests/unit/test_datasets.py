"""The Harbor Bank datasets as ``cxlab.datasets.load`` reads them: the schemas, the checks on
every file, the messages a damaged file gives, and the data card's column documentation."""

import csv
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from harbor_data import REPOSITORY_DATA, committed  # noqa: F401 (a fixture)
from hypothesis import given, settings
from hypothesis import strategies as st

from cxlab import datasets, nps, servqual, universe
from cxlab.datasets import SCHEMAS, DatasetError

CARD = REPOSITORY_DATA / "README.md"


@pytest.fixture()
def data_copy(tmp_path, monkeypatch) -> Path:
    """A writable copy of the committed files that ``load`` reads from."""
    for name in datasets.names():
        shutil.copy(REPOSITORY_DATA / f"{name}.csv", tmp_path / f"{name}.csv")
    monkeypatch.setenv(datasets.DATA_DIR_VARIABLE, str(tmp_path))
    return tmp_path



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
        "staff_survey",
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
            assert values.dropna().between(datasets.FIRST_DAY, datasets.CUTOFF).all(), where
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
    assert (branches.loc[smart, "transformed_on"] == universe.SMART_CHANGE_DAY).all()
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
    assert (self_service["branch_type"] == "smart").all()
    assert (self_service["date"] >= universe.SMART_CHANGE_DAY).all()


def test_importance_points_sum_to_exactly_100(committed):
    weights = committed["servqual_survey"][[f"w_{d}" for d in servqual.DIMENSIONS]]
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
    # The generator computes NPS its own vectorised way; the library must agree with it.
    expected_nps = survey.groupby([survey["branch_id"], month])["recommend"].apply(nps.score).round(1)
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
        "visits, complaints, queue_log, kpi_monthly, staff_survey"
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


def test_each_load_is_an_independent_copy_and_a_changed_file_is_read_again(data_copy):
    """load keeps what it parsed (hidden tests load again in every test cell); nothing may leak."""
    first = datasets.load("branches")
    first.loc[0, "name"] = "changed by a learner"
    del first["district"]
    again = datasets.load("branches")
    assert again["name"].iloc[0] != "changed by a learner" and "district" in again.columns
    assert again is not datasets.load("branches")

    rewrite(data_copy / "branches.csv", set_cell("name", 1, "Renamed branch"))
    assert datasets.load("branches")["name"].iloc[0] == "Renamed branch"
    rewrite(data_copy / "branches.csv", set_cell("staff", 1, "-3"))
    with pytest.raises(ValueError, match=r"^branches\.csv: .*staff"):
        datasets.load("branches")


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


def test_the_servqual_items_are_the_analysis_own_definition():
    # One definition of the 22 items: the survey's columns follow cxlab.servqual.DIMENSIONS.
    perception = [c for c in SCHEMAS["servqual_survey"] if re.fullmatch(r"p\d\d", c)]
    assert perception == [f"p{i:02d}" for items in servqual.DIMENSIONS.values() for i in items]


def test_the_period_column_follows_the_universe_dates():
    frame = pd.DataFrame(
        {"day": pd.to_datetime([universe.FIRST_DAY, universe.SMART_CHANGE_DAY, universe.FULL_EFFECT_DAY])}
    )
    assert datasets.columns.period_of(frame["day"]).tolist() == list(universe.PERIODS)


def test_every_module_of_the_data_layer_stays_small():
    from cxlab import simulate

    sizes = {
        f"{package.__name__}.{path.stem}": len(path.read_text(encoding="utf-8").splitlines())
        for package in (datasets, simulate)
        for path in Path(package.__file__).parent.glob("*.py")
    }
    assert len(sizes) >= 20 and max(sizes.values()) <= 500, sizes
