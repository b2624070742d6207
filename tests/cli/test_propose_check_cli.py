"""The propose, check and schema commands: exit codes, exact messages, nothing half-written."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from allocator.cli import main
from tests.builders import case, holding, scenario, staff


@pytest.fixture
def scenario_file(tmp_path: Path) -> Path:
    """A small valid day: three staff, three cases, one blocked by its DIF."""
    s = scenario(
        [
            staff("P1", other_points=1000),
            staff("S1", "PSO", other_points=800),
            staff("S2", "PSO", pod="POD2"),
        ],
        [
            case("C1", "B2", rosh="high"),
            case("C2", "C2", pod_id="POD1"),
            case("C3", "D2", dif_complete=False),
        ],
        [holding("H1", "S2", "D2")],
        name="cli-day",
    )
    path = tmp_path / "day.json"
    path.write_text(s.model_dump_json(indent=2))
    return path


def _run(*args: str) -> "object":
    return CliRunner().invoke(main, list(args))


def test_propose_prints_a_table_with_reasons_blocked_cases_and_summary(scenario_file: Path) -> None:
    """The default output is a table: every line with its reason, blocked cases, a status line."""
    result = CliRunner().invoke(main, ["propose", str(scenario_file)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "C1           B2   Synthetic PO P1" in out
    assert "Blocked: 1" in out
    assert "C3 (D2) blocked by case_readiness" in out
    assert "Status OPTIMAL: 2 allocated, 1 blocked" in out


def test_propose_json_and_out_file_agree_and_check_accepts_them(
    scenario_file: Path, tmp_path: Path
) -> None:
    """--json prints the Proposal; --out writes the same; allocator check passes it (exit 0)."""
    out_file = tmp_path / "proposal.json"
    result = CliRunner().invoke(
        main, ["propose", str(scenario_file), "--json", "--out", str(out_file)]
    )
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    written = json.loads(out_file.read_text())
    assert printed == written
    assert printed["run"]["status"] == "OPTIMAL"
    checked = CliRunner().invoke(main, ["check", str(scenario_file), str(out_file)])
    assert checked.exit_code == 0
    assert checked.output == "OK: 2 lines and 1 blocked cases break no hard rule.\n"


def test_check_names_each_violation_and_exits_1(scenario_file: Path, tmp_path: Path) -> None:
    """A proposal edited to give the B2 case to a PSO fails grade vs tier, named, exit 1."""
    out_file = tmp_path / "proposal.json"
    assert (
        CliRunner().invoke(main, ["propose", str(scenario_file), "--out", str(out_file)]).exit_code
        == 0
    )
    data = json.loads(out_file.read_text())
    line = next(x for x in data["lines"] if x["case_id"] == "C1")
    line["practitioner_id"] = "S2"
    out_file.write_text(json.dumps(data))
    result = CliRunner().invoke(main, ["check", str(scenario_file), str(out_file)])
    assert result.exit_code == 1
    assert (
        "violation [grade_vs_tier] case C1 practitioner S2: Tier B2 is held by PO grades only"
        in result.output
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", "line 1, column 2: malformed JSON"),
        ("[]", "a scenario must be a JSON object"),
    ],
)
def test_propose_malformed_input_exits_2_with_one_clear_line(
    tmp_path: Path, content: str, expected: str
) -> None:
    """Malformed JSON names the file and position; exit 2; no traceback; nothing written."""
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    out_file = tmp_path / "out.json"
    result = CliRunner().invoke(main, ["propose", str(bad), "--out", str(out_file)])
    assert result.exit_code == 2
    assert expected in result.output
    assert str(bad) in result.output
    assert "Traceback" not in result.output
    assert not out_file.exists()


def test_propose_invalid_fields_and_references_name_their_json_path(scenario_file: Path) -> None:
    """A wrong enum, an unknown field, a dangling reference and a duplicate id each get a line."""
    data = json.loads(scenario_file.read_text())
    data["cases"][0]["rosh"] = "hgh"
    data["cases"][1]["colour"] = "red"
    data["cases"][2]["current_practitioner_id"] = "NOBODY"
    data["practitioners"].append(dict(data["practitioners"][0]))
    scenario_file.write_text(json.dumps(data))
    result = CliRunner().invoke(main, ["propose", str(scenario_file)])
    assert result.exit_code == 2
    out = result.output
    assert (
        f"error: {scenario_file}: cases[0].rosh: Input should be 'low', 'medium', 'high' or 'very_high'"
        in out
    )
    assert f"error: {scenario_file}: cases[1].colour: Extra inputs are not permitted" in out
    assert "hgh" not in out


def test_propose_dangling_reference_and_duplicate_id(scenario_file: Path) -> None:
    """Reference errors come from the scenario validator, each with its own path."""
    data = json.loads(scenario_file.read_text())
    data["cases"][2]["current_practitioner_id"] = "NOBODY"
    data["practitioners"].append(dict(data["practitioners"][0]))
    scenario_file.write_text(json.dumps(data))
    result = CliRunner().invoke(main, ["propose", str(scenario_file)])
    assert result.exit_code == 2
    assert f"error: {scenario_file}: practitioners: duplicate id 'P1'" in result.output
    assert (
        f"error: {scenario_file}: cases[2].current_practitioner_id: unknown practitioner 'NOBODY'"
        in result.output
    )


def test_unknown_tier_is_named_with_the_framework(scenario_file: Path) -> None:
    """A tier the policy's framework does not have is bad input, with the known tiers listed."""
    data = json.loads(scenario_file.read_text())
    data["cases"][0]["tier"] = "Z9"
    scenario_file.write_text(json.dumps(data))
    result = CliRunner().invoke(main, ["propose", str(scenario_file)])
    assert result.exit_code == 2
    assert "cases[0].tier: 'Z9' is not a tier of unified_2021 (A3, A2," in result.output


def test_missing_files_exit_2(tmp_path: Path, scenario_file: Path) -> None:
    """A missing scenario or proposal file is one line and exit 2."""
    result = CliRunner().invoke(main, ["propose", str(tmp_path / "nope.json")])
    assert result.exit_code == 2
    assert result.output == f"error: {tmp_path / 'nope.json'}: no such file\n"
    result = CliRunner().invoke(main, ["check", str(scenario_file), str(tmp_path / "nope.json")])
    assert result.exit_code == 2
    assert result.output == f"error: {tmp_path / 'nope.json'}: no such file\n"


def test_sensitive_values_are_never_echoed(scenario_file: Path) -> None:
    """An invalid flag value is reported by path without repeating the value."""
    data = json.loads(scenario_file.read_text())
    data["cases"][0]["flags"] = ["sexual_offending", "SECRET-VALUE"]
    scenario_file.write_text(json.dumps(data))
    result = CliRunner().invoke(main, ["propose", str(scenario_file)])
    assert result.exit_code == 2
    assert "cases[0].flags[1]" in result.output
    assert "SECRET-VALUE" not in result.output


def test_schema_prints_both_schemas() -> None:
    """allocator schema prints the JSON Schema of Scenario and Proposal."""
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert set(data) == {"scenario", "proposal"}
    assert "cases" in data["scenario"]["properties"]
    assert "lines" in data["proposal"]["properties"]
