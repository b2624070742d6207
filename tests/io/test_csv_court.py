"""The court files of a CSV folder (issue 17): courts.csv, court_teams.csv, court columns of
practitioners.csv, court_rota.csv and reports.csv read to the same scenario as the JSON, and a
bad court file is one clear line per problem naming file, line and column, exit 2."""

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from allocator.cli import main
from allocator.io.csv_folder import read_scenario_folder, write_scenario_folder
from allocator.io.errors import InputError
from allocator.io.scenario_files import read_scenario_json

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "court"
    shutil.copytree(FIXTURES / "court_day_csv", folder)
    return folder


def _problems(folder: Path) -> list[str]:
    with pytest.raises(InputError) as info:
        read_scenario_folder(folder, warn=lambda _m: None)
    return info.value.problems


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_csv_court_day_is_the_json_court_day() -> None:
    """The fixture folder (no cases.csv: a court day may have only report requests) reads to
    the scenario of court_day.json, rota, sittings' held reports and facts included."""
    folder = read_scenario_folder(FIXTURES / "court_day_csv")
    assert folder == read_scenario_json(FIXTURES / "court_day.json")
    dee = next(p for p in folder.practitioners if p.id == "W4")
    assert dee.court_rota[0].reports_held == {"oral": 5}


def test_a_mixed_day_round_trips(tmp_path: Path) -> None:
    """Supervision cases stay in cases.csv and report requests go to reports.csv; reading
    the written folder back gives the same scenario (cases in file order)."""
    court = read_scenario_json(FIXTURES / "court_day.json")
    data = court.model_dump(mode="json")
    data["cases"].append(
        {
            "id": "C1",
            "tier": "C2",
            "pdu_id": "PDU1",
            "rosh": "low",
            "needs_visor": False,
            "dif_complete": True,
        }
    )
    mixed = type(court).model_validate(data)
    write_scenario_folder(mixed, tmp_path / "mixed")
    assert "C1" in (tmp_path / "mixed" / "cases.csv").read_text()
    assert "C1" not in (tmp_path / "mixed" / "reports.csv").read_text()
    again = read_scenario_folder(tmp_path / "mixed")
    # supervision cases are read first, then requests: the same cases (the day sorts by id)
    assert sorted(again.cases, key=lambda c: c.id) == sorted(mixed.cases, key=lambda c: c.id)
    assert again.model_copy(update={"cases": []}) == mixed.model_copy(update={"cases": []})


def test_a_missing_facts_column_names_the_file_and_column(tmp_path: Path) -> None:
    """Every ReportFacts column is required: without terrorist_offence the folder is refused
    (an absent column must never mean 'no terrorist offence')."""
    folder = _copy(tmp_path)
    path = folder / "reports.csv"
    lines = path.read_text().splitlines()
    header = lines[0].split(",")
    at = header.index("terrorist_offence")
    path.write_text(
        "\n".join(",".join(c for i, c in enumerate(line.split(",")) if i != at) for line in lines)
        + "\n"
    )
    assert _problems(folder) == ["reports.csv line 1: missing column 'terrorist_offence'"]


def test_a_bad_fact_is_named_without_its_value(tmp_path: Path) -> None:
    """A domestic abuse risk of 'severe' (not a level) names file, line and column and the
    allowed levels, never the value given (offence-related data)."""
    folder = _copy(tmp_path)
    _edit(folder / "reports.csv", "oral,false,false,none,high", "oral,false,false,none,severe")
    (problem,) = _problems(folder)
    assert problem == (
        "reports.csv line 3, column domestic_abuse_risk: is not a valid value "
        "(one of none, low, medium, high, very_high)"
    )
    assert "severe" not in problem


def test_rota_and_reference_problems_point_at_their_cells(tmp_path: Path) -> None:
    """A rota row for an unknown practitioner, a malformed reports_held cell, and a request for
    an unknown court are each reported at their file, line and column."""
    folder = _copy(tmp_path)
    _edit(folder / "court_rota.csv", "W2,CRT2", "W9,CRT2")
    _edit(folder / "court_rota.csv", "oral:5", "oral")
    problems = _problems(folder)
    assert "court_rota.csv line 3, column practitioner_id: unknown practitioner 'W9'" in problems
    assert any(p.startswith("court_rota.csv line 5, column reports_held:") for p in problems)
    folder = _copy(tmp_path / "again")
    _edit(folder / "reports.csv", "R03,PDU1,CRT2", "R03,PDU1,CRT9")
    assert _problems(folder) == ["reports.csv line 4, column court_id: unknown court 'CRT9'"]


def test_propose_on_a_bad_court_folder_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    """The command line gives one line per problem, exit 2, no traceback and no --out file."""
    folder = _copy(tmp_path)
    _edit(folder / "reports.csv", "R03,PDU1,CRT2", "R03,PDU1,CRT9")
    out = tmp_path / "proposal.json"
    result = CliRunner().invoke(main, ["propose", str(folder), "--out", str(out)])
    assert result.exit_code == 2
    assert "reports.csv line 4, column court_id: unknown court 'CRT9'" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_propose_reads_the_csv_court_day_and_says_it_is_a_court_day() -> None:
    """`allocator propose` on the CSV folder proposes the court day: the title says so and
    the PO share is stated against the target."""
    result = CliRunner().invoke(main, ["propose", str(FIXTURES / "court_day_csv")])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Court day proposal for 2026-11-24")
    assert "POs write 3 of 6 (50.0%) against the policy's target of 35%" in result.output


def test_a_json_court_day_missing_a_fact_is_one_line_each_and_exit_2(tmp_path: Path) -> None:
    """The JSON scenario refuses a request without a fact and a fact outside its levels, one
    line each naming the path, never echoing the value given; exit 2."""
    import json

    data = json.loads((FIXTURES / "court_day.json").read_text())
    del data["cases"][0]["report"]["facts"]["terrorist_offence"]
    data["cases"][1]["report"]["facts"]["domestic_abuse_risk"] = "severe"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    result = CliRunner().invoke(main, ["propose", str(path)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 2 and "Traceback" not in result.output
    assert "cases[0].report.facts.terrorist_offence" in lines[0]
    assert "cases[1].report.facts.domestic_abuse_risk" in lines[1] and "severe" not in lines[1]
