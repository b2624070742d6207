"""CSV folders: lossless round trips, tolerant reading, and problems named by file, line and column."""

import csv
import shutil
from pathlib import Path

import pytest

from allocator.io.csv_folder import (
    join_list,
    read_scenario_folder,
    split_list,
    write_scenario_folder,
)
from allocator.io.errors import InputError
from allocator.io.scenario_files import read_scenario, read_scenario_json
from models import Scenario

ROOT = Path(__file__).resolve().parents[2]
LIBRARY = sorted((ROOT / "scenarios").glob("*.json"))

PDUS = "id,name,region\nPDU1,PDU one,Region\n"
PODS = "id,name,pdu_id\nPOD1,POD one,PDU1\n"
STAFF = (
    "id,name,grade,pod_id,absences,declared_gender\n"
    "P1,Ann,PO,POD1,2026-11-20..2026-11-24:leave;2026-11-30:training,female\n"
    "P2,Bob,PSO,POD1,,\n"
)
CASES = (
    "id,tier,rosh,pdu_id,pod_id,flags,preferences,needs_visor,dif_complete\n"
    "C1,B2,high,PDU1,POD1,domestic_abuse,gender=female,false,true\n"
    "C2,D2,low,PDU1,POD1,,,false,true\n"
)
HOLDINGS = "case_id,practitioner_id,tier\nH1,P1,C2\n"


def make_folder(folder: Path, **files: str) -> Path:
    """A minimal valid folder, with any file replaced by ``files`` (name without .csv)."""
    folder.mkdir(parents=True, exist_ok=True)
    contents = {
        "pdus": PDUS,
        "pods": PODS,
        "practitioners": STAFF,
        "cases": CASES,
        "holdings": HOLDINGS,
    }
    contents.update(files)
    for name, text in contents.items():
        if name == "scenario.toml":
            continue
        (folder / f"{name}.csv").write_text(text, encoding="utf-8", newline="")
    toml = files.get("scenario.toml", 'name = "test"\ndate = 2026-11-25\n')
    (folder / "scenario.toml").write_text(toml, encoding="utf-8")
    return folder


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(InputError) as info:
        read_scenario_folder(folder, warn=lambda _m: None)
    return info.value.problems


@pytest.mark.parametrize("path", LIBRARY, ids=[p.stem for p in LIBRARY])
def test_every_library_scenario_survives_json_csv_json(path: Path, tmp_path: Path) -> None:
    """JSON -> CSV folder -> scenario gives a model equal to the JSON's, policy included."""
    original = read_scenario_json(path)
    write_scenario_folder(original, tmp_path / "csv")
    again = read_scenario_folder(tmp_path / "csv")
    assert again == original


def test_risk_facts_and_awkward_values_round_trip(tmp_path: Path) -> None:
    """Risk facts (women factors none, needs), ';' inside an item and '=' in a value survive."""
    base = read_scenario_json(ROOT / "scenarios" / "pso_only_pdu.json")
    data = base.model_dump(mode="json")
    data["cases"][0].update(
        tier=None,
        risk={
            "rsr_pct": 7.25,
            "ogrs": 61,
            "complexity_registrations": ["gang", "odd;name"],
            "women_factors": {},
            "needs": [{"area": "attitudes", "severity": "severe"}],
            "mandate_for_change": False,
        },
        preferences=[{"characteristic": "gender", "value": "a=b"}],
    )
    data["cases"][1]["risk"] = {"valid_assessment": False}
    data["practitioners"][1]["competencies"] = ["c1", "back\\slash;semi"]
    original = Scenario.model_validate(data)
    write_scenario_folder(original, tmp_path)
    assert read_scenario_folder(tmp_path) == original


def test_list_cells_escape_semicolons_and_backslashes() -> None:
    """split_list undoes join_list, including escaped separators."""
    items = ["a", "b;c", "d\\e", "f\\;g"]
    assert split_list(join_list(items)) == items
    assert split_list(" a ; ;b ") == ["a", "b"]


def test_bom_windows_line_endings_and_quoted_commas(tmp_path: Path) -> None:
    """A UTF-8 BOM, CRLF line endings and a quoted comma in a name are read as meant."""
    staff = STAFF.replace("P2,Bob,", 'P2,"Smith, Bob",').replace("\n", "\r\n")
    folder = make_folder(tmp_path, practitioners="\ufeff" + staff, pdus="\ufeff" + PDUS)
    s = read_scenario_folder(folder)
    assert [p.name for p in s.practitioners] == ["Ann", "Smith, Bob"]
    assert s.pdus[0].id == "PDU1"
    ann = s.practitioners[0]
    assert [(a.start.isoformat(), a.end.isoformat(), a.kind) for a in ann.absences] == [
        ("2026-11-20", "2026-11-24", "leave"),
        ("2026-11-30", "2026-11-30", "training"),
    ]
    assert ann.declared.gender == "female"
    assert s.cases[0].preferences[0].value == "female"


def test_a_bad_enum_names_file_line_column_and_value(tmp_path: Path) -> None:
    """The exact message of the brief: file, line, column, the value and the allowed values."""
    cases = CASES.replace("C2,D2,low", "C2,D2,hgh")
    assert problems_of(make_folder(tmp_path, cases=cases)) == [
        "cases.csv line 3, column rosh: 'hgh' is not one of low, medium, high, very_high"
    ]


def test_line_numbers_count_physical_lines(tmp_path: Path) -> None:
    """A quoted newline in an earlier row and a blank line still give the right line number."""
    staff = STAFF.replace("P1,Ann,", 'P1,"Ann\nLee",') + "\nP3,Cy,PO,POD1,,\nP4,Di,PX,POD1,,\n"
    assert problems_of(make_folder(tmp_path, practitioners=staff)) == [
        "practitioners.csv line 7, column grade: 'PX' is not one of PO, PSO, PQIP, SPO, CA"
    ]


@pytest.mark.parametrize(
    ("file", "old", "new", "column"),
    [
        ("cases", "domestic_abuse", "secret_flag", "flags"),
        ("cases", "gender=female", "gendr", "preferences"),
        ("practitioners", "female", "x" * 41, "declared_gender"),
    ],
)
def test_special_category_values_are_never_echoed(
    tmp_path: Path, file: str, old: str, new: str, column: str
) -> None:
    """Flags, preferences and declared gender: 'is not a valid value', without the value."""
    text = {"cases": CASES, "practitioners": STAFF}[file].replace(old, new)
    problems = problems_of(make_folder(tmp_path, **{file: text}))
    assert len(problems) == 1
    assert problems[0].startswith(f"{file}.csv line 2, column {column}: ")
    assert new not in problems[0]
    if column != "declared_gender":
        assert "is not a valid value" in problems[0]


def test_a_dangling_reference_names_its_row_and_column(tmp_path: Path) -> None:
    """Scenario-level reference checks come back as file, line and column."""
    holdings = HOLDINGS + "H2,P9,D2\n"
    assert problems_of(make_folder(tmp_path, holdings=holdings)) == [
        "holdings.csv line 3, column practitioner_id: unknown practitioner 'P9'"
    ]


def test_duplicates_missing_values_and_bad_cells_are_all_listed(tmp_path: Path) -> None:
    """Every problem at once: a duplicate id, a missing required value, a bad date and number."""
    staff = STAFF + "P1,Again,PO,POD1,,\n"
    cases = "id,tier,rosh,pdu_id,allocate_by,points\nC1,B2,high,PDU1,2026-13-01,\nC2,D2,low,,,ten\n"
    assert problems_of(make_folder(tmp_path, practitioners=staff, cases=cases)) == [
        "practitioners.csv line 4, column id: duplicate id 'P1' (first on line 2)",
        "cases.csv line 2, column allocate_by: '2026-13-01' is not a date (YYYY-MM-DD)",
        "cases.csv line 3, column points: 'ten' is not a whole number",
        "cases.csv line 3, column pdu_id: a value is required",
    ]


def test_a_missing_column_file_or_date_is_reported(tmp_path: Path) -> None:
    """A required column, a required file and the scenario date are each named."""
    folder = make_folder(
        tmp_path, pods="id,name\nPOD1,POD one\n", **{"scenario.toml": "name='x'\n"}
    )
    (folder / "cases.csv").unlink()
    assert problems_of(folder) == [
        "scenario.toml: date: a value is required (YYYY-MM-DD)",
        "pods.csv line 1: missing column 'pdu_id'",
        f"cases.csv: missing from {folder}",
    ]


def test_extra_columns_are_reported_and_ignored(tmp_path: Path) -> None:
    """An unknown column gives one warning naming file and column; the rest is read."""
    cases = CASES.replace("dif_complete\n", "dif_complete,notes\n", 1)
    warnings: list[str] = []
    s = read_scenario_folder(make_folder(tmp_path, cases=cases), warn=warnings.append)
    assert warnings == ["warning: cases.csv: extra column 'notes' (column 10) ignored"]
    assert len(s.cases) == 2


def test_extra_column_warning_goes_to_stderr_by_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without a warn callback the warning is a line on stderr."""
    pdus = PDUS.replace("region\n", "region,colour\n").replace("Region\n", "Region,blue\n")
    read_scenario_folder(make_folder(tmp_path, pdus=pdus))
    assert (
        capsys.readouterr().err == "warning: pdus.csv: extra column 'colour' (column 4) ignored\n"
    )


def test_policy_toml_extends_the_default(tmp_path: Path) -> None:
    """policy.toml with extends = "default" is resolved; read_scenario uses it."""
    folder = make_folder(tmp_path)
    (folder / "policy.toml").write_text('extends = "default"\nmax_new_per_day = 2\n', "utf-8")
    scenario, policy = read_scenario(folder)
    assert scenario.policy is not None and policy.max_new_per_day == 2
    assert policy.name == "default-unified"


def test_scenario_json_is_accepted_instead_of_toml(tmp_path: Path) -> None:
    """scenario.json with a string date reads the same as scenario.toml."""
    folder = make_folder(tmp_path)
    from_toml = read_scenario_folder(folder)
    (folder / "scenario.toml").unlink()
    (folder / "scenario.json").write_text('{"name": "test", "date": "2026-11-25"}', "utf-8")
    assert read_scenario_folder(folder) == from_toml


def test_writing_replaces_only_its_own_files(tmp_path: Path) -> None:
    """A stale policy.json goes when the scenario has no policy; other files stay."""
    original = read_scenario_json(ROOT / "scenarios" / "volume_limits.json")
    write_scenario_folder(original, tmp_path)
    (tmp_path / "notes.txt").write_text("keep me", "utf-8")
    plain = original.model_copy(update={"policy": None})
    write_scenario_folder(plain, tmp_path)
    assert not (tmp_path / "policy.json").exists()
    assert (tmp_path / "notes.txt").read_text("utf-8") == "keep me"
    assert read_scenario_folder(tmp_path) == plain


def test_written_csv_has_one_header_and_a_row_per_item(tmp_path: Path) -> None:
    """The cases file is plain CSV: a header and one row per case."""
    original = read_scenario_json(ROOT / "scenarios" / "tier_change_day.json")
    write_scenario_folder(original, tmp_path)
    with (tmp_path / "cases.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:3] == ["id", "tier", "rosh"]
    assert len(rows) == 1 + len(original.cases)


def test_a_folder_reads_through_read_scenario(tmp_path: Path) -> None:
    """allocator.io.scenario_files.read_scenario dispatches a folder here."""
    shutil.rmtree(tmp_path)
    original = read_scenario_json(ROOT / "scenarios" / "absence_heavy_week.json")
    write_scenario_folder(original, tmp_path)
    scenario, _ = read_scenario(tmp_path)
    assert scenario == original


def test_columns_are_the_models_fields() -> None:
    """The CSV folder re-declares no column: each file's columns are its model's fields in order,
    with nested models flattened (declared_gender in place; a case's risk facts at the end)."""
    from allocator.io.csv_folder import columns
    from models import Case, Practitioner

    staff = [c.name for c in columns("practitioners")]
    expected = []
    for name in Practitioner.model_fields:
        if name == "court_rota":
            continue  # court_rota.csv (allocator/io/csv_court.py)
        expected += ["declared_gender"] if name == "declared" else [name]
    assert staff == expected
    cases = [c.name for c in columns("cases")]
    risk = [c.name for c in columns("cases") if c.path.startswith("risk.")]
    assert cases[-len(risk) :] == risk and cases[0] == "id"
    assert cases[: -len(risk)] == [
        n for n in Case.model_fields if n not in ("risk", "rejected_practitioners", "report")
    ]


def test_workload_records_and_untiered_holdings_round_trip(tmp_path: Path) -> None:
    """Dated reductions, reports, adjustments and contacts by others are JSON cells; an
    untiered holding (tier null) is an empty cell; all read back equal."""
    base = read_scenario_json(ROOT / "scenarios" / "pso_only_pdu.json")
    data = base.model_dump(mode="json")
    staff = data["practitioners"][0]["id"]
    data["practitioners"][1].update(
        reductions=[{"reason": "trade_union", "hours": 5, "start": "2026-01-01"}],
        reports=[{"kind": "standard_delivery"}],
        adjustments=[{"points": -20}],
    )
    data["holdings"][0].update(tier=None, t2a=True)
    data["holdings"][1]["contacts_by_others"] = [{"practitioner_id": staff, "points": 2.5}]
    original = Scenario.model_validate(data)
    write_scenario_folder(original, tmp_path)
    assert read_scenario_folder(tmp_path) == original
    bad = (tmp_path / "practitioners.csv").read_text("utf-8").replace('"hours"', '"hourz"')
    (tmp_path / "practitioners.csv").write_text(bad, "utf-8")
    problems = problems_of(tmp_path)
    assert len(problems) == 1 and "practitioners.csv line 3, column reductions" in problems[0]
