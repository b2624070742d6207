"""``allocator import``, ``propose --profile`` and ``generate --as-export`` from the command line."""

import json
import stat
from pathlib import Path

from click.testing import CliRunner

from allocator.cli import main
from allocator.io.scenario_files import read_scenario_json
from tests.io.support_exports import UNALLOCATED, all_csv

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "scenarios" / "exports"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_import_writes_a_private_scenario_json(tmp_path: Path) -> None:
    """Exit 0, a 0600 scenario file that read_scenario_json accepts, a summary on stderr."""
    out = tmp_path / "day.json"
    files = [str(p) for p in all_csv(tmp_path)]
    result = run("import", "ndelius", *files, "--date", "25/11/2026", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.stderr == f"wrote {out}: 2 staff, 1 holdings, 2 cases\n"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    scenario = read_scenario_json(out)
    assert scenario.date.isoformat() == "2026-11-25" and scenario.name == "ndelius"


def test_bad_rows_exit_2_list_every_problem_and_write_nothing(tmp_path: Path) -> None:
    """Two bad cells in two rows: both on stderr, exit 2, no OUT file, no traceback."""
    bad = [{**UNALLOCATED[0], "RoSH": "Hgh"}, {**UNALLOCATED[1], "Allocate by": "1/13/2026"}]
    files = [str(p) for p in all_csv(tmp_path, unallocated=bad)]
    out = tmp_path / "day.json"
    result = run("import", "ndelius", *files, "--date", "2026-11-25", "--out", str(out))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "error: unallocated.csv row 2, column RoSH: 'Hgh' is not one of low, medium, high, "
        "very_high",
        "error: unallocated.csv row 3, column Allocate by: '1/13/2026' is not a date "
        "(dd/mm/yyyy or YYYY-MM-DD)",
    ]
    assert not out.exists()


def test_propose_reads_the_shipped_samples_through_a_profile() -> None:
    """The synthetic XLSX samples propose under --profile, with the proposal checked."""
    books = sorted(str(p) for p in SAMPLES.glob("*.xlsx"))
    result = run(
        "propose",
        "--profile",
        "ndelius",
        *books,
        "--date",
        "2026-11-25",
        "--json",
        "--time-limit",
        "5",
    )
    assert result.exit_code == 0, result.stderr
    proposal = json.loads(result.stdout)
    assert proposal["lines"] and proposal["run"]["status"] in ("OPTIMAL", "FEASIBLE")


def test_a_workbook_given_as_a_scenario_is_named_not_malformed_json(tmp_path: Path) -> None:
    """propose and convert say the file is a spreadsheet and how to read it."""
    book = SAMPLES / "ndelius-staff.xlsx"
    result = run("propose", str(book))
    assert result.exit_code == 2
    assert "is a spreadsheet, not a JSON file" in result.stderr
    assert "malformed JSON" not in result.stderr
    result = run("convert", str(book), str(tmp_path / "csv"))
    assert result.exit_code == 2 and "is a spreadsheet" in result.stderr


def test_several_files_without_a_profile_are_refused() -> None:
    """Exports need --profile; the message says so and exits 2."""
    result = run("propose", "a.csv", "b.csv")
    assert result.exit_code == 2
    assert "need --profile" in result.stderr


def test_generate_as_export_writes_every_shipped_export(tmp_path: Path) -> None:
    """CSV and XLSX for each shipped export, 0600, and they import back."""
    folder = tmp_path / "exports"
    result = run("generate", "--size", "pod", "--seed", "3", "--as-export", str(folder))
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "absences.csv",
        "caseload.csv",
        "ndelius-staff.xlsx",
        "ndelius-unallocated.xlsx",
        "reductions.csv",
        "reports.csv",
        "staff.csv",
        "unallocated.csv",
        "wmt-workload.xlsx",
        "workload.csv",
    ]
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in folder.iterdir())
    out = tmp_path / "day.json"
    csvs = sorted(str(p) for p in folder.glob("*.csv"))
    result = run("import", "ndelius", *csvs, "--date", "2026-11-25", "--out", str(out))
    assert result.exit_code == 0, result.stderr


def test_generate_needs_out_or_as_export() -> None:
    """Neither destination: exit 2 with one line."""
    result = run("generate", "--size", "pod", "--seed", "3")
    assert result.exit_code == 2
    assert "give --out, --as-export or both" in result.stderr


def test_import_with_policy_embeds_it(tmp_path: Path) -> None:
    """--policy checks tiers under that policy and writes it into the scenario."""
    out = tmp_path / "day.json"
    policy = ROOT / "allocator" / "data" / "policies" / "nps2016.json"
    a3 = [{**UNALLOCATED[0], "Tier": "A3"}, UNALLOCATED[1]]
    files = [str(p) for p in all_csv(tmp_path, unallocated=a3)]
    result = run("import", "ndelius", *files, "--policy", str(policy), "--out", str(out))
    assert result.exit_code == 2  # A3 is a unified tier, not one of the NPS 2016 framework
    assert "unallocated.csv row 2, column Tier: 'A3' is not a tier of" in result.stderr
    assert not out.exists()
    policy = ROOT / "allocator" / "data" / "policies" / "default.json"
    result = run("import", "ndelius", *files, "--policy", str(policy), "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert read_scenario_json(out).policy is not None


def test_the_shipped_samples_are_what_the_documented_command_writes(tmp_path: Path) -> None:
    """scenarios/exports/*.csv equal a fresh run of the command in its README, so the samples
    follow the profiles and the generator (if this fails, rerun that command)."""
    folder = tmp_path / "exports"
    args = "--size pdu --seed 14 --pods 2 --practitioners 12 --cases 12 --name export-sample"
    result = run("generate", *args.split(), "--as-export", str(folder))
    assert result.exit_code == 0, result.output
    assert "--as-export scenarios/exports" in (SAMPLES / "README.md").read_text("utf-8")
    for fresh in sorted(folder.glob("*.csv")):
        assert fresh.read_bytes() == (SAMPLES / fresh.name).read_bytes(), fresh.name
