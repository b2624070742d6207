"""``allocator generate``: writes a valid, deterministic scenario; bad options exit 2."""

from pathlib import Path

from click.testing import CliRunner

from allocator.cli import main
from allocator.io.scenario_files import read_scenario


def run(*args: str):
    return CliRunner().invoke(main, ["generate", *args])


def test_generate_writes_a_scenario_read_scenario_accepts(tmp_path: Path) -> None:
    """Exit 0, and the file reads back with every tier known to the default policy."""
    out = tmp_path / "day.json"
    result = run("--size", "pdu", "--seed", "1", "--out", str(out), "--cases", "25")
    assert result.exit_code == 0, result.output
    scenario, policy = read_scenario(out)
    assert len(scenario.cases) == 25
    assert policy.name == "default-unified"


def test_same_options_same_bytes(tmp_path: Path) -> None:
    """Two runs with the same seed and options write identical files, compact, one line."""
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    assert run("--size", "pod", "--seed", "9", "--out", str(a)).exit_code == 0
    assert run("--size", "pod", "--seed", "9", "--out", str(b)).exit_code == 0
    assert a.read_bytes() == b.read_bytes()
    assert a.read_text("utf-8").count("\n") == 1


def test_large_sizes_report_progress_on_stderr(tmp_path: Path) -> None:
    """--size region prints stages on stderr (here shrunk by overrides to stay fast)."""
    out = tmp_path / "r.json"
    result = run(
        "--size", "region", "--seed", "1", "--out", str(out),
        "--pdus", "2", "--pods", "4", "--practitioners", "30", "--cases", "10",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "organisation: 2 PDUs, 4 PODs, 30 case holders" in result.stderr
    assert f"wrote {out}" in result.stderr
    assert result.stdout == ""


def test_small_sizes_are_quiet(tmp_path: Path) -> None:
    """--size pdu prints nothing."""
    result = run("--size", "pdu", "--seed", "1", "--out", str(tmp_path / "p.json"))
    assert result.exit_code == 0
    assert result.output == ""


def test_out_dash_writes_to_stdout() -> None:
    """--out - prints the JSON."""
    result = run("--size", "pod", "--seed", "2", "--out", "-")
    assert result.exit_code == 0
    assert result.stdout.startswith('{"schema_version":"1"')


def test_inconsistent_options_exit_2_and_write_nothing(tmp_path: Path) -> None:
    """Fewer PODs than PDUs is bad input: exit 2, a message, no file."""
    out = tmp_path / "x.json"
    result = run("--size", "region", "--seed", "1", "--out", str(out), "--pdus", "5", "--pods", "3")
    assert result.exit_code == 2
    assert "pods: at least one POD per PDU is needed" in result.stderr
    assert not out.exists()


def test_unknown_size_exits_2() -> None:
    """click refuses a size outside the presets with exit 2."""
    result = run("--size", "galaxy", "--seed", "1", "--out", "x.json")
    assert result.exit_code == 2
    assert "galaxy" in result.stderr
