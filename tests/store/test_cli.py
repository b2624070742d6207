"""The command line over the store: exit codes, exact messages, no tracebacks for user errors."""

import csv
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from allocator.cli import main
from tests.store.support import small_day


@pytest.fixture
def day_file(tmp_path: Path) -> Path:
    """The small test day as a scenario JSON file."""
    path = tmp_path / "day.json"
    path.write_text(small_day().model_dump_json(indent=2))
    return path


def _run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, list(args), env=env)


def _proposed(day_file: Path, db: str) -> str:
    result = _run("propose", str(day_file), "--db", db)
    assert result.exit_code == 0, result.output
    match = re.search(r"Saved proposal (P-\d{6}) in ", result.output)
    assert match, result.output
    return match.group(1)


def _decide(db: str, *args: str) -> Result:
    return _run("decide", *args, "--by", "A. Senior", "--db", db)


def test_propose_with_db_saves_and_prints_the_id(day_file: Path, db_url: str) -> None:
    """The table is printed as before, then the saved proposal's id."""
    result = _run("propose", str(day_file), "--db", db_url)
    assert result.exit_code == 0, result.output
    assert "Status OPTIMAL: 4 allocated, 1 blocked" in result.output
    assert result.output.rstrip().splitlines()[-1].startswith("Saved proposal P-000001 in ")


def test_propose_json_with_db_keeps_stdout_json(day_file: Path, tmp_path: Path) -> None:
    """Under --json the 'Saved' line goes to stderr, so stdout stays one JSON document."""
    db = str(tmp_path / "a.db")
    result = CliRunner().invoke(main, ["propose", str(day_file), "--json", "--db", db])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["run"]["status"] == "OPTIMAL"
    assert result.stderr.startswith("Saved proposal P-000001 in ")


def test_allocator_db_environment_variable_names_the_database(
    day_file: Path, tmp_path: Path
) -> None:
    """ALLOCATOR_DB stands in for --db in every command."""
    env = {"ALLOCATOR_DB": str(tmp_path / "env.db")}
    assert _run("propose", str(day_file), env=env).exit_code == 0
    assert (tmp_path / "env.db").exists()
    result = _run("decisions", "P-000001", env=env)
    assert result.exit_code == 0
    assert "5 cases: 0 approved, 0 overridden, 0 rejected, 5 open" in result.output


def test_decide_approve_override_reject_and_the_decisions_view(day_file: Path, db_url: str) -> None:
    """Each decision prints its id; 'decisions' shows what is decided and what is open."""
    pid = _proposed(day_file, db_url)
    r = _decide(db_url, pid, "C1", "approve", "--reason", "Agreed.")
    assert r.exit_code == 0, r.output
    assert re.fullmatch(
        r"Recorded D-000002: C1 approved Synthetic PO P1 \(P1\) on P-000001, by A\. Senior at "
        r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z\.\n",
        r.output,
    )
    r = _decide(db_url, pid, "C2", "override", "S2", "--reason", "Knows the family.")
    assert r.exit_code == 0, r.output
    assert "C2 overridden to Synthetic PSO S2 (S2)" in r.output
    r = _decide(db_url, pid, "C5", "reject", "--reason", "S1 is leaving.")
    assert r.exit_code == 0, r.output
    view = _run("decisions", pid, "--db", db_url)
    assert view.exit_code == 0
    rows = {line.split()[0]: line for line in view.output.splitlines()[3:8]}
    assert " approve   Synthetic PO P1 " in rows["C1"]
    assert " override  Synthetic PSO S2 " in rows["C2"]
    assert rows["C4"].endswith("open")
    assert "(blocked)" in rows["C3"] and rows["C3"].endswith("open")
    assert " reject " in rows["C5"]
    assert "5 cases: 1 approved, 1 overridden, 1 rejected, 2 open (C4, C3)" in view.output
    assert "allocator propose --resolve P-000001" in view.output


def test_a_rule_breaking_override_needs_the_flag(day_file: Path, db_url: str) -> None:
    """Without --accept-rule-breach: one line naming the rule, exit 2. With it: recorded and
    the breach printed."""
    pid = _proposed(day_file, db_url)
    r = _decide(db_url, pid, "C1", "override", "S2", "--reason", "Knows him.")
    assert r.exit_code == 2
    assert r.output.startswith(
        "error: overriding to S2 for C1 breaks 1 hard rule(s) (grade_vs_tier:"
    )
    assert len(r.output.splitlines()) == 1
    r = _decide(
        db_url, pid, "C1", "override", "S2", "--reason", "Knows him.", "--accept-rule-breach"
    )
    assert r.exit_code == 0
    assert "Rule breach on record [grade_vs_tier]: Tier B2 is held by PO grades only" in r.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["P-000009", "C1", "approve", "--reason", "x"], "error: no proposal P-000009 in "),
        (["X-1", "C1", "approve", "--reason", "x"], "error: 'X-1' is not a proposal id"),
        (
            ["P-000001", "C9", "approve", "--reason", "x"],
            "error: case C9 is not in proposal P-000001",
        ),
        (
            ["P-000001", "C2", "override", "NOBODY", "--reason", "x"],
            "error: unknown practitioner 'NOBODY'",
        ),
        (["P-000001", "C1", "approve"], "error: --reason is required"),
        (["P-000001", "C1", "maybe", "--reason", "x"], "error: unknown decision 'maybe'"),
        (
            ["P-000001", "C4", "override", "P1", "--reason", "x", "--reason-code", "whim"],
            "error: unknown reason code 'whim'",
        ),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    day_file: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    """Bad ids, unknown practitioners, a missing reason: one clear line, exit 2, no traceback."""
    db = str(tmp_path / "a.db")
    _proposed(day_file, db)
    r = _decide(db, *args)
    assert r.exit_code == 2
    assert r.output.startswith(message), r.output
    assert len(r.output.splitlines()) == 1
    assert "Traceback" not in r.output


def test_a_missing_database_is_one_line_and_exit_2(tmp_path: Path) -> None:
    """Reading commands do not create a database; they say how to make one."""
    db = str(tmp_path / "none.db")
    for args in (["decisions", "P-000001"], ["audit", "verify"], ["audit", "head"]):
        r = _run(*args, "--db", db)
        assert r.exit_code == 2
        assert r.output == (
            f"error: {db}: no such database: save a proposal first (allocator propose SCENARIO "
            f"--db {db})\n"
        )
    assert not Path(db).exists()


def test_an_unreachable_postgres_is_one_line_without_the_password() -> None:
    """A connection failure names the server, never the password."""
    r = _run("audit", "head", "--db", "postgresql://u:secret@127.0.0.1:1/nodb")
    assert r.exit_code == 2
    assert r.output.startswith("error: cannot connect to postgresql://u@127.0.0.1:1/nodb: ")
    assert "secret" not in r.output
    assert len(r.output.splitlines()) == 1


def test_a_conflict_exits_1_with_a_clear_message(day_file: Path, db_url: str) -> None:
    """Deciding a decided line without --supersedes is a conflict: exit 1, the live decision
    named, and how to supersede it."""
    pid = _proposed(day_file, db_url)
    assert _decide(db_url, pid, "C1", "approve", "--reason", "Agreed.").exit_code == 0
    r = _decide(db_url, pid, "C1", "reject", "--reason", "Changed my mind.")
    assert r.exit_code == 1
    assert r.output.startswith(
        "conflict: C1 already has decision D-000002 (approve by A. Senior at "
    )
    assert r.output.rstrip().endswith("to change it, decide again with --supersedes D-000002")
    r = _decide(
        db_url, pid, "C1", "reject", "--reason", "Changed my mind.", "--supersedes", "D-000002"
    )
    assert r.exit_code == 0


def test_a_case_that_changed_hands_is_a_conflict(day_file: Path, tmp_path: Path) -> None:
    """With --scenario, a case whose current practitioner changed since the proposal is
    refused with exit 1."""
    db = str(tmp_path / "a.db")
    pid = _proposed(day_file, db)
    data = json.loads(day_file.read_text())
    next(c for c in data["cases"] if c["id"] == "C4")["current_practitioner_id"] = "S1"
    next(h for h in data["holdings"] if h["case_id"] == "C4")["practitioner_id"] = "S1"
    today = tmp_path / "today.json"
    today.write_text(json.dumps(data))
    r = _decide(db, pid, "C4", "approve", "--reason", "Agreed.", "--scenario", str(today))
    assert r.exit_code == 1
    assert r.output.startswith("conflict: C4 changed hands since P-000001 was made")
    r = _decide(db, pid, "C4", "approve", "--reason", "Agreed.", "--scenario", str(day_file))
    assert r.exit_code == 0
    r = _decide(db, pid, "C1", "approve", "--reason", "x", "--scenario", str(tmp_path / "no.json"))
    assert r.exit_code == 2
    assert "no.json: no such file" in r.output


def test_audit_verify_and_head(day_file: Path, tmp_path: Path) -> None:
    """verify says OK with the head; after a record is edited it names the record and exits 1."""
    import sqlite3

    db = str(tmp_path / "a.db")
    pid = _proposed(day_file, db)
    assert _decide(db, pid, "C1", "approve", "--reason", "Agreed.").exit_code == 0
    head = _run("audit", "head", "--db", db)
    assert head.exit_code == 0
    assert re.fullmatch(r"[0-9a-f]{64} D-000002 seq 2\n", head.output)
    ok = _run("audit", "verify", "--db", db, "--expect-head", head.output.split()[0])
    assert ok.exit_code == 0
    assert (
        ok.output
        == f"OK: 2 records (1 proposals, 1 decisions) chain to head {head.output.strip()}.\n"
    )
    conn = sqlite3.connect(db)
    conn.execute("DROP TRIGGER decisions_no_update")
    conn.execute("UPDATE decisions SET decided_by = 'B. Other'")
    conn.commit()
    conn.close()
    bad = _run("audit", "verify", "--db", db)
    assert bad.exit_code == 1
    assert bad.output == (
        "tampered: D-000002 (seq 2): edited: its content no longer gives its hash\n"
        "FAILED: 1 problem(s) in 2 records.\n"
    )


def test_resolve_saves_a_linked_proposal_and_reports_changes(day_file: Path, db_url: str) -> None:
    """propose --resolve pins the decisions, saves the new proposal and lists the changes,
    with an accepted breach shown as an override on record."""
    pid = _proposed(day_file, db_url)
    _decide(db_url, pid, "C1", "override", "S2", "--reason", "Knows him.", "--accept-rule-breach")
    _decide(db_url, pid, "C5", "reject", "--reason", "S1 is leaving.")
    r = _run("propose", "--resolve", pid, "--db", db_url)
    assert r.exit_code == 0, r.output
    tail = r.output.rstrip().splitlines()[-5:]
    assert tail == [
        "Saved proposal P-000004, a re-solve of P-000001: 1 pinned (0 approved, 1 overridden), 1 rejection(s) applied.",
        "Changes from P-000001:",
        "  C1: moved P1 -> S2 (override D-000002)",
        "  C5: newly blocked S1 (reject D-000003)",
        "override on record [grade_vs_tier] case C1 practitioner S2: Tier B2 is held by PO "
        "grades only; Synthetic PSO S2 is a PSO. (D-000002, accepted by A. Senior)",
    ]
    view = _run("decisions", "P-000004", "--db", db_url)
    assert "(re-solve of P-000001)" in view.output
    assert "(pinned from P-000001) [breaks grade_vs_tier]" in view.output


def test_resolve_takes_no_scenario(day_file: Path, tmp_path: Path) -> None:
    """--resolve with a SCENARIO is bad usage: one line, exit 2."""
    r = _run("propose", str(day_file), "--resolve", "P-000001", "--db", str(tmp_path / "a.db"))
    assert r.exit_code == 2
    assert r.output == (
        "error: --resolve re-solves the saved scenario and policy: give no SCENARIO or --policy\n"
    )


def test_oversight_export_writes_csv_and_markdown(day_file: Path, tmp_path: Path) -> None:
    """export --format csv|md --out FILE writes the record whole and says how many entries."""
    db = str(tmp_path / "a.db")
    pid = _proposed(day_file, db)
    _decide(db, pid, "C1", "approve", "--reason", "Agreed.")
    for fmt in ("csv", "md"):
        out = tmp_path / f"oversight.{fmt}"
        r = _run(
            "oversight", "export", "--db", db, "--proposal", pid, "--format", fmt, "--out", str(out)
        )
        assert r.exit_code == 0, r.output
        assert r.output == f"Wrote 1 oversight entries for P-000001 to {out}.\n"
    rows = list(csv.DictReader(io.StringIO((tmp_path / "oversight.csv").read_text())))
    assert [r["decision_id"] for r in rows] == ["D-000002"]
    assert "## D-000002: case C1, approve (live)" in (tmp_path / "oversight.md").read_text()
    r = _run("oversight", "export", "--db", db, "--proposal", "P-000042", "--format", "md")
    assert (r.exit_code, r.output) == (2, f"error: no proposal P-000042 in {db}\n")


def test_db_migrate_is_idempotent(tmp_path: Path) -> None:
    """db migrate creates the schema once, then has nothing to do."""
    db = str(tmp_path / "a.db")
    assert (
        _run("db", "migrate", "--db", db).output == "Schema at version 5 (applied 1, 2, 3, 4, 5).\n"
    )
    assert _run("db", "migrate", "--db", db).output == (
        "Schema already at version 5 (latest 5): nothing to do.\n"
    )
