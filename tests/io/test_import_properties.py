"""Import as a property: arbitrary bytes never give a traceback, and every library scenario
survives export -> import -> export unchanged."""

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allocator.io.errors import InputError
from allocator.io.export import source_rows, write_exports
from allocator.io.importer import import_files
from allocator.io.scenario_files import read_scenario_json
from tests.io.support_exports import PROFILE

ROOT = Path(__file__).resolve().parents[2]
LIBRARY = sorted(p for p in (ROOT / "scenarios").glob("*.json") if not p.stem.startswith("court_"))
"""The library's supervision days: the shipped export profiles carry supervision cases and no
court report requests, so the court days (court_*.json) have no export to round-trip through."""
DAY = dt.date(2026, 11, 25)
SAMPLE_XLSX = ROOT / "scenarios" / "exports" / "ndelius-staff.xlsx"


def _import_bytes(data: bytes, suffix: str) -> None:
    """Import one file holding ``data``: a scenario or an InputError, nothing else."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"export{suffix}"
        path.write_bytes(data)
        try:
            import_files(PROFILE, [path], DAY)
        except InputError as err:
            assert err.problems and all(isinstance(p, str) and p for p in err.problems)


@settings(
    max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_as_csv_never_raise_a_traceback(data: bytes) -> None:
    """Any bytes named .csv are read or refused with problems."""
    _import_bytes(data, ".csv")


@settings(
    max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(
    st.one_of(
        st.binary(max_size=400).map(lambda b: b"PK\x03\x04" + b),
        st.binary(max_size=400),
    )
)
def test_arbitrary_bytes_as_xlsx_never_raise_a_traceback(data: bytes) -> None:
    """Any bytes named .xlsx (a ZIP signature or not) are refused with problems."""
    _import_bytes(data, ".xlsx")


@settings(
    max_examples=100, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(st.data())
def test_a_damaged_real_workbook_never_raises_a_traceback(data: st.DataObject) -> None:
    """A shipped sample workbook with bytes overwritten or cut short is read or refused."""
    raw = bytearray(SAMPLE_XLSX.read_bytes())
    for _ in range(data.draw(st.integers(1, 8))):
        at = data.draw(st.integers(0, len(raw) - 1))
        raw[at] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(len(raw) // 2, len(raw)))
    _import_bytes(bytes(raw[:cut]), ".xlsx")


@pytest.mark.parametrize("path", LIBRARY, ids=[p.stem for p in LIBRARY])
def test_export_import_export_is_lossless_for_every_library_scenario(
    path: Path, tmp_path: Path
) -> None:
    """Every cell the profile maps survives: the second export is the first, byte for byte,
    through CSV and through XLSX; the tables' sizes are kept."""
    original = read_scenario_json(path)
    first = write_exports(original, PROFILE, tmp_path / "first", "day")
    csvs = [p for p in first if p.suffix == ".csv"]
    book = next(p for p in first if p.suffix == ".xlsx")
    from_csv = import_files(PROFILE, csvs, original.date)
    assert import_files(PROFILE, [book], original.date) == from_csv
    for table in ("pdus", "pods", "offices", "practitioners", "holdings", "cases"):
        assert len(getattr(from_csv, table)) == len(getattr(original, table)), table
    for source in PROFILE.sources.values():
        assert source_rows(from_csv, source) == source_rows(original, source)
    second = write_exports(from_csv, PROFILE, tmp_path / "second", "day")
    for a, b in zip(first, second, strict=True):
        if a.suffix == ".csv":
            assert a.read_bytes() == b.read_bytes(), a.name


_CELL = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=12,
)


@settings(
    max_examples=120, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(st.data())
def test_arbitrary_cells_give_problems_by_row_never_a_traceback_or_a_special_value(
    data: st.DataObject,
) -> None:
    """Any text in any column of the exports: a scenario or problems, and a registration
    (special-category) value is never repeated in a problem."""
    from tests.io.support_exports import ROWS, all_csv

    rows = {name: [dict(r) for r in table] for name, table in ROWS.items()}
    for name in ("unallocated", "staff", "workload"):
        row = rows[name][0]
        for column in data.draw(st.lists(st.sampled_from(sorted(row)), max_size=4)):
            row[column] = data.draw(_CELL)
    secret = "SECRET" + data.draw(st.text(alphabet="XYZQ", min_size=4, max_size=8))
    rows["unallocated"][1]["Registrations"] = f"RSOF;{secret}"
    with tempfile.TemporaryDirectory() as folder:
        files = all_csv(Path(folder), **rows)
        with pytest.raises(InputError) as info:
            import_files(PROFILE, files, DAY)
    assert all(secret not in p for p in info.value.problems)
    assert any("unallocated.csv row 3, column Registrations" in p for p in info.value.problems)
