"""The CSV folder reads the guards' columns (practitioner status, risk assessment, transfer on
increased risk, custody facts), and an omitted safety column is named like any other input
error."""

from pathlib import Path

import pytest

from allocator.io.csv_folder import read_scenario_folder
from allocator.io.errors import InputError
from allocator.io.scenario_files import read_scenario
from tests.io.test_csv_folder import make_folder

STAFF = (
    "id,name,grade,pod_id,left_on,long_term_absence_from,no_new_cases_reason\n"
    "P1,Ann,PO,POD1,2026-11-20,,\n"
    "P2,Bob,PSO,POD1,,2026-12-01,phased return\n"
)
CASES = (
    "id,tier,rosh,pdu_id,needs_visor,dif_complete,risk_assessment,"
    "transferred_on_increased_risk,case_type,release_date,sentence_months\n"
    "C1,C2,,PDU1,false,true,incomplete,false,community,,\n"
    "C2,C2,medium,PDU1,false,true,,true,custody,2027-08-01,24\n"
)


def test_guard_columns_are_read(tmp_path: Path) -> None:
    """Each new column lands in its field."""
    s = read_scenario_folder(make_folder(tmp_path, practitioners=STAFF, cases=CASES))
    p1, p2 = s.practitioners
    assert p1.left_on is not None and p1.left_on.isoformat() == "2026-11-20"
    assert p2.no_new_cases_reason == "phased return"
    c1, c2 = s.cases
    assert (c1.risk_assessment, c1.rosh) == ("incomplete", None)
    assert c2.transferred_on_increased_risk and c2.sentence_months == 24


def test_omitted_safety_column_is_an_error_naming_file_case_and_field(tmp_path: Path) -> None:
    """cases.csv without needs_visor: one line per case naming the field; nothing returned."""
    cases = CASES.replace("needs_visor,", "", 1).replace("PDU1,false,", "PDU1,")
    with pytest.raises(InputError) as info:
        read_scenario(make_folder(tmp_path, practitioners=STAFF, cases=cases))
    assert [p.split(": ")[1] for p in info.value.problems] == [
        "cases[0].needs_visor",
        "cases[1].needs_visor",
    ]
