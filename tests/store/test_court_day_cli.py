"""A court SPO proposes, decides, re-solves, audits and exports the oversight record of a court
day from the command line exactly as a case-allocation SPO does (issue 17, point 4)."""

import re
from pathlib import Path

from click.testing import CliRunner, Result

from allocator.cli import main

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "court_day.json"


def _run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def _decide(db: str, *args: str) -> Result:
    return _run("decide", *args, "--by", "A. Senior", "--db", db)


def test_propose_decide_resolve_audit_and_oversight_on_a_court_day(tmp_path: Path) -> None:
    """The saved court day takes an approval, an override to a trained PSO and a rejection;
    the re-solve pins the decided lines and says so; the chain verifies; the oversight record
    carries the decisions and the adjournment the SDR requirement asks for."""
    db = str(tmp_path / "court.db")
    r = _run("propose", str(FIXTURE), "--db", db)
    assert r.exit_code == 0, r.output
    assert r.output.startswith("Court day proposal for 2026-11-24")
    pid = re.search(r"Saved proposal (P-\d{6}) in ", r.output).group(1)  # type: ignore[union-attr]
    assert _decide(db, pid, "R02", "approve", "--reason", "Ada.").exit_code == 0
    r = _decide(db, pid, "R01", "override", "W3", "--reason", "Cal is free this morning.")
    assert r.exit_code == 0, r.output
    assert _decide(db, pid, "R07", "approve", "--reason", "Adjournment asked.").exit_code == 0
    r = _run("propose", "--resolve", pid, "--db", db)
    assert r.exit_code == 0, r.output
    assert "3 pinned (2 approved, 1 overridden)" in r.output
    assert "Court day proposal" in r.output
    assert _run("audit", "verify", "--db", db).exit_code == 0
    out = tmp_path / "record.csv"
    r = _run(
        "oversight", "export", "--proposal", pid, "--format", "csv", "--out", str(out), "--db", db
    )
    assert r.exit_code == 0, r.output
    record = out.read_text()
    assert "R01" in record and "R07" in record
    assert "an adjournment is needed for an SDR" in record
    assert "a request for an SDR at Synthetic Magistrates' Court" in record
    assert "tier ," not in record


def test_a_rule_breaking_override_of_a_report_names_the_court_rule(tmp_path: Path) -> None:
    """Overriding a PO-only report to a PSO is refused without the flag, naming the rule."""
    db = str(tmp_path / "court.db")
    r = _run("propose", str(FIXTURE), "--db", db)
    pid = re.search(r"Saved proposal (P-\d{6}) in ", r.output).group(1)  # type: ignore[union-attr]
    r = _decide(db, pid, "R02", "override", "W3", "--reason", "Try Cal.")
    assert r.exit_code == 2
    assert "po_only_report" in r.output or "PO-only" in r.output
