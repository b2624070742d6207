"""The oversight exports and the upload reader, on their own."""

import io
import json
import zipfile

import pytest
from openpyxl import load_workbook

from allocator.cli.common import bundled_scenario_path
from allocator.io.csv_folder import write_scenario_folder
from allocator.io.errors import InputError
from allocator.io.scenario_files import read_scenario
from allocator.report.cells import safe_cell
from allocator.report.oversight import FIELDS, OversightEntry
from allocator.web.exports import as_xlsx
from allocator.web.upload import read_upload


def test_cells_that_look_like_formulas_are_neutralised() -> None:
    """= + - @ at the start get an apostrophe; other text is unchanged."""
    assert [safe_cell(x) for x in ("=1+1", "+1", "-1", "@SUM", "ok")] == [
        "'=1+1",
        "'+1",
        "'-1",
        "'@SUM",
        "ok",
    ]


def test_the_xlsx_holds_text_never_a_formula() -> None:
    """A field that starts with '=' is stored as the string with its apostrophe."""
    entry = OversightEntry(*(["=cmd()"] + ["x"] * (len(FIELDS) - 1)))
    ws = load_workbook(io.BytesIO(as_xlsx([entry]))).active
    assert ws["A2"].value == "'=cmd()" and ws["A2"].data_type == "s"


def test_an_upload_with_bad_rows_lists_every_problem_by_its_place() -> None:
    """The JSON reader's problems come back naming the uploaded file, not a temporary one."""
    data = json.loads(bundled_scenario_path().read_text())
    data["cases"][0]["pdu_id"] = "NOWHERE"
    with pytest.raises(InputError) as err:
        read_upload("day.json", json.dumps(data).encode())
    assert any("day.json" in p and "cases[0]" in p for p in err.value.problems)
    assert not any("/tmp" in p for p in err.value.problems)


def test_a_zipped_csv_folder_reads_like_the_folder(tmp_path) -> None:
    """A zip of the CSV folder gives the same scenario as the JSON it was written from."""
    scenario, _ = read_scenario(bundled_scenario_path())
    # the cases whose RoSH is recorded: the folder format is the io room's, tested there
    kept = [c for c in scenario.cases if c.rosh is not None]
    scenario = scenario.model_copy(update={"cases": kept})
    write_scenario_folder(scenario, tmp_path / "day")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for f in sorted((tmp_path / "day").iterdir()):
            z.write(f, f"day/{f.name}")
    got, _ = read_upload("day.zip", buf.getvalue())
    assert {c.id for c in got.cases} == {c.id for c in scenario.cases}


def test_an_unknown_file_type_is_one_message() -> None:
    """A spreadsheet (until its import profile is registered) is refused with what to send."""
    with pytest.raises(InputError, match=r"choose a \.json or \.zip file"):
        read_upload("day.xlsx", b"PK")
