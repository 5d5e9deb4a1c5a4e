"""The staff survey: its roster, its checks and the service-profit chain it was built to show.

The chain is recomputed here without the data card's code (NPS counted by hand, a least-squares
line by numpy), so a slip in either shows.
"""

import numpy as np
import pandas as pd
import pytest
from harbor_data import committed  # noqa: F401 (a fixture)

from cxlab import datasets, simulate
from cxlab.datasets.staff_survey import STAFF_ROLES
from cxlab.simulate.output import write_frames
from cxlab.simulate.staff_survey import branch_roles


def hand_nps(answers: pd.Series) -> float:
    answers = answers.dropna().astype(int)
    return 100 * ((answers >= 9).mean() - (answers <= 6).mean())


@pytest.fixture(scope="module")
def by_branch(committed) -> pd.DataFrame:
    staff, survey = committed["staff_survey"], committed["nps_survey"]
    before = survey[survey["period"] == "before"]
    return pd.DataFrame(
        {
            "staff_satisfaction": staff.groupby("branch_id")["job_satisfaction"].mean(),
            "nps": before.groupby("branch_id")["recommend"].apply(hand_nps),
        }
    )


def test_every_staff_member_on_the_roster_answered_once(committed):
    staff, branches = committed["staff_survey"], committed["branches"]
    per_branch = staff.groupby("branch_id").size()
    assert per_branch.to_dict() == branches.set_index("branch_id")["staff"].to_dict()
    assert staff["staff_id"].is_unique


def test_a_branch_has_a_teller_per_counter_and_one_lobby_manager(committed):
    staff, branches = committed["staff_survey"], committed["branches"].set_index("branch_id")
    roles = staff.groupby(["branch_id", "role"], observed=False).size().unstack()
    assert (roles["teller"] == branches["counters_before"]).all()
    assert (roles["lobby manager"] == 1).all()


def test_branches_with_more_satisfied_staff_have_higher_customer_nps(by_branch):
    r = by_branch["staff_satisfaction"].corr(by_branch["nps"])
    slope = np.polyfit(by_branch["staff_satisfaction"], by_branch["nps"], 1)[0]
    assert r > 0.5, f"staff satisfaction and branch NPS correlate only r = {r:.2f}"
    assert slope > 5, f"only {slope:.1f} NPS points per point of staff satisfaction"


def test_the_card_quotes_the_same_chain(committed, by_branch):
    realised = simulate.realised_effects(committed)
    assert realised["staff_nps_corr"] == pytest.approx(by_branch.corr().iloc[0, 1], abs=1e-9)


def test_empowerment_and_care_drive_job_satisfaction_most(committed):
    staff = committed["staff_survey"]
    items = ["training", "tools", "empowerment", "care"]
    correlations = staff[items].corrwith(staff["job_satisfaction"]).sort_values(ascending=False)
    assert set(correlations.index[:2]) == {"empowerment", "care"}, correlations.round(2).to_dict()


def test_satisfied_staff_mean_to_stay(committed):
    staff = committed["staff_survey"]
    assert staff["job_satisfaction"].corr(staff["intent_to_stay"]) > 0.3


def test_the_staff_survey_leaves_the_other_datasets_unchanged(committed):
    small = simulate.generate(scale=1.0)
    for name in ("nps_survey", "nps_followups", "kpi_monthly"):
        pd.testing.assert_frame_equal(small[name], committed[name], check_dtype=False)


def test_a_roster_fills_the_branchs_headcount():
    roster = branch_roles(3, 9)
    assert len(roster) == 9 and roster.count("teller") == 3 and roster.count("back office") == 3
    assert set(roster) <= set(STAFF_ROLES)


def test_a_survey_outside_october_2024_is_refused(committed, tmp_path, monkeypatch):
    staff = committed["staff_survey"].copy()
    staff.loc[0, "surveyed_on"] = pd.Timestamp("2025-03-03")
    write_frames({"staff_survey": staff}, tmp_path)
    monkeypatch.setenv(datasets.DATA_DIR_VARIABLE, str(tmp_path))
    with pytest.raises(ValueError, match="row 1: surveyed_on is 2025-03-03; the staff survey ran in 2024-10"):
        datasets.load("staff_survey")
