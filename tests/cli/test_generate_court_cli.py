"""``allocator generate --court``: court days as scenario files; bad options exit 2, write nothing."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from allocator.cli import main
from models import Scenario


def run(*args: str):
    return CliRunner().invoke(main, ["generate", *args])


def test_one_court_day_goes_to_out(tmp_path: Path) -> None:
    """Exit 0; the file is a Scenario of report requests with the counts asked for."""
    out = tmp_path / "day.json"
    result = run(
        "--court", "--size", "pdu", "--seed", "1", "--out", str(out),
        "--writers", "15", "--requests", "40",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output == ""
    scenario = Scenario.model_validate_json(out.read_text("utf-8"))
    assert len(scenario.cases) == 40
    assert all(c.report is not None for c in scenario.cases)
    assert str(scenario.date) == "2026-11-25"


def test_a_week_writes_one_file_per_weekday_beside_out(tmp_path: Path) -> None:
    """--days 5 writes week-2026-11-23.json .. week-2026-11-27.json, and the same bytes again."""
    out = tmp_path / "week.json"
    assert (
        run("--court", "--size", "pdu", "--seed", "2", "--days", "5", "--out", str(out)).exit_code
        == 0
    )
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [f"week-2026-11-{d}.json" for d in range(23, 28)]
    first = (tmp_path / names[0]).read_bytes()
    again = tmp_path / "again"
    assert (
        run(
            "--court",
            "--size",
            "pdu",
            "--seed",
            "2",
            "--days",
            "5",
            "--out",
            str(again / "week.json"),
        ).exit_code
        == 0
    )
    assert (again / names[0]).read_bytes() == first


def test_a_region_reports_progress_on_stderr(tmp_path: Path) -> None:
    """--size region prints the organisation and each file written on stderr."""
    out = tmp_path / "r.json"
    result = run(
        "--court",
        "--size",
        "region",
        "--seed",
        "1",
        "--pdus",
        "2",
        "--courts",
        "2",
        "--out",
        str(out),
    )
    assert result.exit_code == 0, result.output
    assert "court organisation: 2 PDUs, 4 courts" in result.stderr
    assert f"wrote {out}" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--court", "--size", "pod"], "--court takes --size pdu or region, not 'pod'"),
        (["--court", "--size", "pdu", "--cases", "3"], "--cases does not apply with --court"),
        (["--size", "pdu", "--requests", "3"], "--requests does not apply without --court"),
        (["--court", "--size", "pdu", "--days", "11"], "days: must be 1 to 10"),
    ],
)
def test_bad_court_options_exit_2_and_write_nothing(
    tmp_path: Path, args: list[str], message: str
) -> None:
    """One line naming the option, exit 2, no file."""
    out = tmp_path / "x.json"
    result = run(*args, "--seed", "1", "--out", str(out))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"allocator generate: {message}"
    assert list(tmp_path.iterdir()) == []


def test_several_days_cannot_go_to_stdout() -> None:
    """--days 3 with --out - is refused: one file per day needs a file name."""
    result = run("--court", "--size", "pdu", "--seed", "1", "--days", "3", "--out", "-")
    assert result.exit_code == 2
    assert "give --out FILE, not '-'" in result.stderr
