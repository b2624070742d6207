"""``allocator convert``: JSON <-> CSV folder losslessly; bad input exits 2 and writes nothing."""

from pathlib import Path

from click.testing import CliRunner

from allocator.cli import main
from allocator.io.scenario_files import read_scenario_json

ROOT = Path(__file__).resolve().parents[2]
LIBRARY = ROOT / "scenarios"


def run(*args: str):
    return CliRunner().invoke(main, ["convert", *args])


def test_json_to_csv_and_back_is_equal(tmp_path: Path) -> None:
    """A library scenario with an embedded policy survives JSON -> folder -> JSON."""
    source = LIBRARY / "visor_shortage_transitional.json"
    folder, back = tmp_path / "csv", tmp_path / "back.json"
    first = run(str(source), str(folder))
    assert first.exit_code == 0, first.output
    assert (folder / "cases.csv").exists() and (folder / "policy.json").exists()
    second = run(str(folder), str(back))
    assert second.exit_code == 0, second.output
    assert read_scenario_json(back) == read_scenario_json(source)
    assert second.stderr == f"wrote {back}\n"


def test_compact_writes_one_line(tmp_path: Path) -> None:
    """--compact gives single-line JSON."""
    folder = tmp_path / "csv"
    assert run(str(LIBRARY / "volume_limits.json"), str(folder)).exit_code == 0
    out = tmp_path / "c.json"
    assert run(str(folder), str(out), "--compact").exit_code == 0
    assert out.read_text("utf-8").count("\n") == 1


def test_bad_csv_exits_2_names_the_place_and_writes_nothing(tmp_path: Path) -> None:
    """A bad cell: exit 2, the file/line/column message on stderr, DEST not created."""
    folder = tmp_path / "csv"
    assert run(str(LIBRARY / "tier_change_day.json"), str(folder)).exit_code == 0
    cases = folder / "cases.csv"
    lines = cases.read_text("utf-8").splitlines()
    lines[2] = lines[2].replace(",medium,", ",mediun,", 1)
    cases.write_text("\n".join(lines) + "\n", "utf-8")
    out = tmp_path / "out.json"
    result = run(str(folder), str(out))
    assert result.exit_code == 2
    assert result.stderr == (
        "cases.csv line 3, column rosh: 'mediun' is not one of low, medium, high, very_high\n"
    )
    assert not out.exists()


def test_unknown_tier_in_csv_is_located(tmp_path: Path) -> None:
    """A tier outside the policy's framework is reported by file, line and column."""
    folder = tmp_path / "csv"
    assert run(str(LIBRARY / "pso_only_pdu.json"), str(folder)).exit_code == 0
    holdings = folder / "holdings.csv"
    holdings.write_text(holdings.read_text("utf-8").replace(",D2,", ",Z9,", 1), "utf-8")
    result = run(str(folder), str(tmp_path / "out.json"))
    assert result.exit_code == 2
    assert result.stderr.startswith("holdings.csv line 2, column tier: 'Z9' is not a tier of")


def test_extra_column_is_a_warning_not_an_error(tmp_path: Path) -> None:
    """An extra column: exit 0 and a warning line naming file and column."""
    folder = tmp_path / "csv"
    assert run(str(LIBRARY / "pso_only_pdu.json"), str(folder)).exit_code == 0
    pdus = folder / "pdus.csv"
    text = pdus.read_text("utf-8").splitlines()
    pdus.write_text(f"{text[0]},note\n{text[1]},hello\n", "utf-8")
    result = run(str(folder), str(tmp_path / "out.json"))
    assert result.exit_code == 0
    assert "warning: pdus.csv: extra column 'note' (column 4) ignored" in result.stderr


def test_bad_json_exits_2_and_creates_no_folder(tmp_path: Path) -> None:
    """Malformed JSON: exit 2 with the line and column, and no CSV folder."""
    bad = tmp_path / "bad.json"
    bad.write_text('{"date": "2026-11-25",\n "pdus": [}', "utf-8")
    result = run(str(bad), str(tmp_path / "csv"))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{bad}: line 2, column 11: malformed JSON")
    assert not (tmp_path / "csv").exists()


def test_missing_source_exits_2(tmp_path: Path) -> None:
    """A source that does not exist is bad input."""
    result = run(str(tmp_path / "nope.json"), str(tmp_path / "csv"))
    assert result.exit_code == 2
    assert "no such file" in result.stderr
