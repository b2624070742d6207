"""Export files through import profiles: worked examples of every rule of docs/import.md."""

import datetime as dt
from pathlib import Path

import pytest

from allocator.io.errors import InputError
from allocator.io.importer import import_files
from allocator.io.profiles import SAFETY_FIELDS, load_profile
from allocator.io.sheets import read_csv
from allocator.io.tables import SPECIAL_CATEGORY
from models import Case, CaseType, Grade, Practitioner, Rosh
from tests.io.support_exports import (
    ABSENCES,
    PROFILE,
    STAFF,
    UNALLOCATED,
    all_csv,
    xlsx_export,
)

DAY = dt.date(2026, 11, 25)
SHEETS = {
    "Staff": "staff",
    "Caseload": "caseload",
    "Absences": "absences",
    "Workload": "workload",
    "Reductions": "reductions",
    "Reports": "reports",
    "Unallocated cases": "unallocated",
}


def problems_of(files: list[Path], profile=PROFILE, sheet: str | None = None) -> list[str]:
    with pytest.raises(InputError) as info:
        import_files(profile, files, DAY, sheet=sheet)
    return info.value.problems


def test_an_export_shaped_csv_imports_with_uk_dates_labels_and_codes(tmp_path: Path) -> None:
    """BOM, CRLF, a quoted comma, blank trailing rows, dd/mm/yyyy, "High", "Custody",
    "Initial Allocation", "Probation Officer" and registration codes all read as meant."""
    s = import_files(PROFILE, all_csv(tmp_path), DAY)
    first, second = s.cases
    assert (first.id, first.rosh, first.case_type) == ("SYN001", Rosh.HIGH, CaseType.CUSTODY)
    assert (first.mappa_category, first.mappa_level) == (1, 1)
    assert first.flags == ["sexual_offending"]  # RSOF mapped, RMAP known and not used
    assert first.allocate_by == dt.date(2026, 12, 3)
    assert first.handover_date == dt.date(2026, 12, 31)
    assert first.reason == "initial_allocation" and first.needs_visor and first.dif_complete
    assert (second.rosh, second.case_type, second.reason) == ("very_high", "licence", "transfer_in")
    assert second.mappa_category is None and not second.dif_complete
    ann, bob = s.practitioners
    assert (ann.name, ann.grade, bob.grade) == ("Smith, Ann", Grade.PO, Grade.PSO)
    assert ann.readiness == ["mappa", "sexual_offending"]
    assert ann.qualified_on == dt.date(2015, 2, 1)
    assert [(p.id, p.name, p.pdu_id) for p in s.pods] == [("T1", "Team one", "PDU1")]
    assert [(p.id, p.region) for p in s.pdus] == [("PDU1", "Synthetic region")]
    assert s.offices[0].suitable_for_high_risk is True
    assert s.holdings[0].case_id == "SYN900" and s.holdings[0].case_type == "community"


def test_workload_rows_merge_into_the_staff_exports_practitioners(tmp_path: Path) -> None:
    """WMT hours, points, dated reductions (reason labels, status) and reports land on the same
    staff code; a row for staff elsewhere is not part of the scenario."""
    ann, bob = import_files(PROFILE, all_csv(tmp_path), DAY).practitioners
    assert (ann.contracted_hours, ann.other_points, bob.contracted_hours) == (37, 100, 22.5)
    facility, leave = ann.reductions
    assert (facility.reason, facility.hours, facility.start, facility.end) == (
        "trade_union_facility_time",
        5,
        dt.date(2026, 4, 1),
        None,
    )
    assert (leave.reason, leave.status, leave.in_effect(DAY)) == ("other_leave", "archived", False)
    assert [(r.kind, r.case_id) for r in bob.reports] == [("standard_delivery", "SYN777")]
    assert bob.reductions == [] and ann.reports == []


def test_an_empty_contracted_hours_cell_and_an_empty_tier_are_not_given(tmp_path: Path) -> None:
    """No hours: the grade's default applies later (None); an empty holding tier: untiered."""
    workload = [{"Staff code": "SYN-PO-1", "Contracted hours": "", "Other points": "0"}]
    caseload = [{"CRN": "SYN900", "Staff code": "SYN-PO-1", "Tier": "", "MAPPA": "No"}]
    s = import_files(PROFILE, all_csv(tmp_path, workload=workload, caseload=caseload), DAY)
    assert s.practitioners[0].contracted_hours is None
    assert s.holdings[0].tier is None


def test_absence_rows_are_appended_to_the_staff_members_absences(tmp_path: Path) -> None:
    """One row per absence, with its type labelled; two rows give two absences in order."""
    ann, bob = import_files(PROFILE, all_csv(tmp_path), DAY).practitioners
    assert ann.absences == []
    assert [(a.start, a.end, a.kind) for a in bob.absences] == [
        (dt.date(2026, 11, 24), dt.date(2026, 11, 27), "leave"),
        (dt.date(2026, 12, 1), dt.date(2026, 12, 1), "training"),
    ]
    assert bob.absent_on(DAY)


def test_a_bad_absence_row_is_named_by_its_own_row(tmp_path: Path) -> None:
    """An absence ending before it starts is reported at the absences export's row."""
    rows = [ABSENCES[0], {**ABSENCES[1], "To": "30/11/2026"}]
    assert problems_of(all_csv(tmp_path, absences=rows)) == [
        "absences.csv row 3: end is before start"
    ]


def test_a_required_export_left_out_is_refused(tmp_path: Path) -> None:
    """Without the absences export no one would be absent: it must be given, even empty."""
    files = [p for p in all_csv(tmp_path) if p.name != "absences.csv"]
    assert problems_of(files) == [
        "no file gives source 'absences' (sheet 'Absences') of profile ndelius; it is required "
        "(an export with a header and no rows says there is nothing to add)"
    ]
    empty = all_csv(tmp_path, absences=[])
    assert all(p.absences == [] for p in import_files(PROFILE, empty, DAY).practitioners)


def test_a_workbook_with_typed_cells_gives_the_same_scenario_as_the_csv(tmp_path: Path) -> None:
    """Real date cells, number cells and a blank last row in XLSX read as the CSV text does."""
    book = xlsx_export(tmp_path / "day.xlsx", SHEETS)
    from_csv = import_files(PROFILE, all_csv(tmp_path), DAY)
    assert import_files(PROFILE, [book], DAY) == from_csv


def test_a_sheet_is_chosen_by_name(tmp_path: Path) -> None:
    """--sheet reads one named sheet, matched to a source by its header; a missing sheet is
    named with the sheets the workbook has."""
    book = xlsx_export(tmp_path / "cases.xlsx", {"Export 1": "unallocated", "Notes": "staff"})
    staff = [p for p in all_csv(tmp_path) if p.name != "unallocated.csv"]
    s = import_files(PROFILE, [*staff, book], DAY, sheet="export 1")
    assert [c.id for c in s.cases] == ["SYN001", "SYN002"]
    assert problems_of([book], sheet="Cases") == [
        "cases.xlsx: no sheet named 'Cases' (sheets: 'Export 1', 'Notes')"
    ]


def test_every_problem_of_every_file_is_listed_by_row_and_column(tmp_path: Path) -> None:
    """Bad labels, dates, numbers, a missing CRN and a disagreeing unit row, all at once."""
    unallocated = [
        {**UNALLOCATED[0], "RoSH": "Hgh", "Allocate by": "31/02/2026"},
        {**UNALLOCATED[1], "CRN": ""},
        {**UNALLOCATED[1], "CRN": "SYN003", "MAPPA level": "Level 7", "Sentence type": "Custodial"},
    ]
    staff = [{**STAFF[0], "Grade": "Chief"}, {**STAFF[1], "Allocations today": "two", "PDU": "X"}]
    assert problems_of(all_csv(tmp_path, unallocated=unallocated, staff=staff)) == [
        "staff.csv row 3, column PDU: pdus 'PDU1' differs from staff.csv row 2",
        "staff.csv row 2, column Grade: 'Chief' is not one of PO, PSO, PQIP, SPO, CA",
        "staff.csv row 3, column Allocations today: 'two' is not a whole number",
        "unallocated.csv row 2, column RoSH: 'Hgh' is not one of low, medium, high, very_high",
        "unallocated.csv row 2, column Allocate by: '31/02/2026' is not a date "
        "(dd/mm/yyyy or YYYY-MM-DD)",
        "unallocated.csv row 3, column CRN: a value is required",
        "unallocated.csv row 4, column MAPPA level: 'Level 7' is not one of 1, 2, 3",
        "unallocated.csv row 4, column Sentence type: 'Custodial' is not one of community, "
        "custody, licence",
    ]


def test_special_category_values_are_never_echoed(tmp_path: Path) -> None:
    """An unknown registration code is refused, named by row and column, and not repeated."""
    unallocated = [{**UNALLOCATED[0], "Registrations": "RSOF;RXYZSECRET"}]
    problems = problems_of(all_csv(tmp_path, unallocated=unallocated))
    assert len(problems) == 1
    assert problems[0].startswith("unallocated.csv row 2, column Registrations: is not a valid")
    assert "RXYZSECRET" not in problems[0]


def test_references_are_located_by_row(tmp_path: Path) -> None:
    """A case naming a team the staff export does not have: unknown POD, at its cell."""
    unallocated = [UNALLOCATED[0], {**UNALLOCATED[1], "Team code": "T9"}]
    assert problems_of(all_csv(tmp_path, unallocated=unallocated)) == [
        "unallocated.csv row 3, column Team code: unknown POD 'T9'"
    ]


def test_a_missing_column_and_a_file_that_fits_no_source_are_named(tmp_path: Path) -> None:
    """A source's sheet without a column it maps, and a CSV whose header fits no source."""
    files = all_csv(tmp_path)
    odd = tmp_path / "odd.csv"
    odd.write_text("CRN,Colour\nSYN1,blue\n", encoding="utf-8")
    problems = problems_of([*files, odd])
    assert problems == [
        "odd.csv: its columns fit no source of profile ndelius (closest: 'reports', missing "
        "'Staff code', 'Report type')"
    ]
    book = xlsx_export(tmp_path / "staff.xlsx", {"Staff": "caseload"})
    assert problems_of([book, *files[1:]])[:2] == [
        "staff.xlsx sheet 'Staff': missing column 'PDU code' (source 'staff')",
        "staff.xlsx sheet 'Staff': missing column 'PDU' (source 'staff')",
    ]


def test_tiers_are_checked_against_the_policy_by_row(tmp_path: Path) -> None:
    """With a policy, a tier outside its framework is refused at its cell."""
    from allocator.io.policy_files import bundled_policy

    unallocated = [{**UNALLOCATED[0], "Tier": "Z9"}]
    with pytest.raises(InputError) as info:
        import_files(
            PROFILE, all_csv(tmp_path, unallocated=unallocated), DAY, policy=bundled_policy()
        )
    assert info.value.problems[0].startswith(
        "unallocated.csv row 2, column Tier: 'Z9' is not a tier of"
    )


# --- profiles ------------------------------------------------------------------------------


def _profile(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "region.toml"
    path.write_text(text, encoding="utf-8")
    return path


REGION = """
name = "region"
[sources.cases]
[sources.cases.cases.columns]
id = "Case ref"
tier = "Tier"
pdu_id = "PDU"
{extra}
[sources.cases.cases.defaults]
{defaults}
"""


def test_a_profile_that_neither_maps_nor_defaults_a_safety_field_is_refused(
    tmp_path: Path,
) -> None:
    """Every safety-relevant case field without a column or default is named."""
    path = _profile(tmp_path, REGION.format(extra='rosh = "RoSH"', defaults=""))
    with pytest.raises(InputError) as info:
        load_profile(str(path))
    # risk_assessment is derived from the mapped RoSH column (DERIVED_FROM), so it is not named
    missing = [f for f in SAFETY_FIELDS["cases"] if f not in ("rosh", "risk_assessment")]
    assert info.value.problems == [
        f"{path}: source 'cases', table cases: safety-relevant field '{f}' is neither mapped "
        "to a column nor given an explicit default"
        for f in missing
    ]


def test_explicit_defaults_satisfy_the_safety_check_and_apply(tmp_path: Path) -> None:
    """Defaults for every safety field make the profile load; they fill every row."""
    defaults = "\n".join(
        f"{f} = {v}"
        for f, v in {
            "mappa_category": '""',
            "mappa_level": '""',
            "dif_complete": "false",
            "needs_visor": "false",
        }.items()
        if f in SAFETY_FIELDS["cases"]
    )
    profile = load_profile(
        str(_profile(tmp_path, REGION.format(extra='rosh = "RoSH"', defaults=defaults)))
    )
    source = profile.sources["cases"].cases
    assert source is not None and source.defaults["dif_complete"] is False


def test_unknown_keys_and_fields_in_a_profile_are_refused(tmp_path: Path) -> None:
    """extra="forbid": a typo in a key, or a field the model does not have, is named."""
    path = _profile(tmp_path, 'name = "x"\ndate_fromat = "%d"\n')
    with pytest.raises(InputError) as info:
        load_profile(str(path))
    assert info.value.problems == [f"{path}: date_fromat: Extra inputs are not permitted"]
    text = REGION.format(extra='rsh = "RoSH"\nrosh = "R"', defaults="")
    with pytest.raises(InputError) as info:
        load_profile(str(_profile(tmp_path, text)))
    assert "source 'cases', table cases: 'rsh' is not a field of Case" in info.value.problems[0]


def test_an_unknown_profile_name_lists_the_shipped_ones() -> None:
    """A name that is neither shipped nor a file says which names are shipped."""
    with pytest.raises(InputError) as info:
        load_profile("nope")
    assert (
        "shipped: ndelius, ndelius-staff, ndelius-unallocated, wmt-workload"
        in (info.value.problems[0])
    )


@pytest.mark.parametrize(
    "name", ["ndelius", "ndelius-staff", "ndelius-unallocated", "wmt-workload"]
)
def test_every_shipped_profile_loads(name: str) -> None:
    """The shipped profiles pass their own checks (fields, required and safety fields)."""
    assert load_profile(name).sources


# --- the models as the one statement of columns ----------------------------------------------


@pytest.mark.parametrize("model", [Case, Practitioner])
def test_every_field_the_models_call_special_is_in_the_special_category_list(model) -> None:
    """A field whose description says special-category or never printed is never echoed."""
    for name, info in model.model_fields.items():
        text = (info.description or "").lower()
        if "special-category" in text or "never printed" in text:
            assert any(s == name or s.startswith(name + ".") for s in SPECIAL_CATEGORY[model]), name


def test_a_blank_trailing_row_and_crlf_are_not_rows(tmp_path: Path) -> None:
    """The sheet reader drops blank rows and keeps physical row numbers."""
    path = tmp_path / "x.csv"
    path.write_bytes(b'\xef\xbb\xbfA,B\r\n"1,5",2\r\n\r\n,\r\n3,4\r\n,,\r\n')
    sheet = read_csv(path)
    assert sheet.header == ("A", "B")
    assert [(r.number, r.cells) for r in sheet.rows] == [(2, ("1,5", "2")), (5, ("3", "4"))]


REGION_WITH_RISK = """
name = "region-risk"
include = ["ndelius-staff", "wmt-workload"]
date_format = "%Y%m%d"
list_separator = "|"

[sources.cases]
[sources.cases.cases.columns]
id = "Ref"
pdu_id = "Unit"
rosh = "Harm"
allocate_by = "Due"
"risk.rsr_pct" = "RSR"
"risk.ogrs" = "OGRS"
"risk.complexity_registrations" = "Complexity"
"risk.valid_assessment" = "Assessed"

[sources.cases.cases.labels.rosh]
"M" = "medium"

[sources.cases.cases.defaults]
mappa_category = ""
mappa_level = ""
dif_complete = true
needs_visor = false
"""


def test_a_regions_profile_maps_nested_risk_facts_with_its_own_formats(tmp_path: Path) -> None:
    """A region's profile including shipped ones: dotted risk fields, its own date format and
    list separator, a one-letter label and explicit safety defaults."""
    profile = load_profile(str(_profile(tmp_path, REGION_WITH_RISK)))
    cases = tmp_path / "cases.csv"
    cases.write_text(
        "Ref,Unit,Harm,Due,RSR,OGRS,Complexity,Assessed\n"
        "SYN7,PDU1,m,20261203,4.5,61,gang|vulnerability,Y\n",
        encoding="utf-8",
    )
    files = [p for p in all_csv(tmp_path) if p.name != "unallocated.csv"]
    (case,) = import_files(profile, [*files, cases], DAY).cases
    assert (case.rosh, case.allocate_by, case.tier) == ("medium", dt.date(2026, 12, 3), None)
    assert case.risk is not None
    assert (case.risk.rsr_pct, case.risk.ogrs) == (4.5, 61)
    assert case.risk.complexity_registrations == ["gang", "vulnerability"]
    assert case.risk.valid_assessment and case.dif_complete


def test_a_title_row_above_the_header_is_skipped(tmp_path: Path) -> None:
    """An export starting with a report title and a date line is read from its header row."""
    files = all_csv(tmp_path)
    cases = tmp_path / "unallocated.csv"
    text = cases.read_text(encoding="utf-8-sig")
    cases.write_text("Unallocated cases report\r\nRun on 25/11/2026\r\n" + text, encoding="utf-8")
    assert [c.id for c in import_files(PROFILE, files, DAY).cases] == ["SYN001", "SYN002"]


def test_a_duplicate_key_is_named_with_its_first_row(tmp_path: Path) -> None:
    """The same CRN twice on the list: the second row is refused, pointing at the first."""
    unallocated = [UNALLOCATED[0], UNALLOCATED[1], {**UNALLOCATED[1], "Tier": "C2"}]
    assert problems_of(all_csv(tmp_path, unallocated=unallocated)) == [
        "unallocated.csv row 4, column CRN: duplicate 'SYN002' (first at unallocated.csv row 3)"
    ]


def test_a_label_mapping_to_a_value_the_model_refuses_is_found_on_loading(tmp_path: Path) -> None:
    """A typo in a label's target is named once, when the profile loads, not on every row."""
    text = REGION_WITH_RISK.replace('"M" = "medium"', '"M" = "meduim"')
    path = _profile(tmp_path, text)
    with pytest.raises(InputError) as info:
        load_profile(str(path))
    assert info.value.problems == [
        f"{path}: source 'cases', table cases: label 'M' of rosh maps to 'meduim', which "
        "should be 'low', 'medium', 'high' or 'very_high'"
    ]


def test_a_staff_code_twice_in_the_workload_export_is_refused(tmp_path: Path) -> None:
    """Two workload rows for one practitioner would silently keep the last: refused instead
    (several reduction rows for one practitioner are, by contrast, several reductions)."""
    workload = [
        {"Staff code": "SYN-PO-1", "Contracted hours": "37", "Other points": "0"},
        {"Staff code": "SYN-PO-1", "Contracted hours": "30", "Other points": "0"},
    ]
    assert problems_of(all_csv(tmp_path, workload=workload)) == [
        "workload.csv row 3, column Staff code: duplicate 'SYN-PO-1' (first at workload.csv row 2)"
    ]


def test_a_safety_field_the_engine_derives_needs_only_its_sources() -> None:
    """ViSOR need left null is derived from MAPPA: mapping both MAPPA fields is enough; a field
    the model cannot leave null (no derivation) is never "derivable"."""
    from pydantic import BaseModel

    from allocator.io.profiles import _derivable

    class Derives(BaseModel):
        needs_visor: bool | None = None

    class Fixed(BaseModel):
        needs_visor: bool = False

    both = {"mappa_category", "mappa_level"}
    assert _derivable(Derives, "needs_visor", both)
    assert not _derivable(Derives, "needs_visor", {"mappa_category"})
    assert not _derivable(Fixed, "needs_visor", both)
    assert not _derivable(Derives, "rosh", both)


def test_a_regions_include_is_found_beside_its_profile(tmp_path: Path) -> None:
    """``include = ["cases.toml"]`` in region/main.toml reads region/cases.toml, wherever the
    command runs from; a profile including itself is refused."""
    region = tmp_path / "region"
    region.mkdir()
    (region / "cases.toml").write_text(REGION_WITH_RISK, encoding="utf-8")
    (region / "main.toml").write_text('name = "main"\ninclude = ["cases.toml"]\n', "utf-8")
    assert "cases" in load_profile(str(region / "main.toml")).sources
    (region / "loop.toml").write_text('name = "loop"\ninclude = ["loop.toml"]\n', "utf-8")
    with pytest.raises(InputError) as info:
        load_profile(str(region / "loop.toml"))
    assert "includes itself" in info.value.problems[0]


def test_a_bad_date_is_described_in_its_own_sources_format(tmp_path: Path) -> None:
    """A region's source writing yyyymmdd says so, beside the shipped sources' dd/mm/yyyy."""
    profile = load_profile(str(_profile(tmp_path, REGION_WITH_RISK)))
    cases = tmp_path / "cases.csv"
    cases.write_text(
        "Ref,Unit,Harm,Due,RSR,OGRS,Complexity,Assessed\nSYN7,PDU1,m,03/12/2026,,,,\n",
        encoding="utf-8",
    )
    files = [p for p in all_csv(tmp_path) if p.name != "unallocated.csv"]
    assert problems_of([*files, cases], profile=profile) == [
        "cases.csv row 2, column Due: '03/12/2026' is not a date (yyyymmdd or YYYY-MM-DD)"
    ]


def test_a_bad_readiness_category_is_not_echoed(tmp_path: Path) -> None:
    """Readiness categories are named after offence flags: a bad one is placed, not repeated."""
    staff = [{**STAFF[0], "Confirmed ready for": "MAPPA;MARKERREADY"}, STAFF[1]]
    (problem,) = problems_of(all_csv(tmp_path, staff=staff))
    assert problem.startswith("staff.csv row 2, column Confirmed ready for: is not a valid value")
    assert "MARKERREADY" not in problem
