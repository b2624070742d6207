"""The PO share across days (seed 003, chapter 2): approved and overridden report lines of the
policy's period count per court team, by the writer's grade, and ``propose --db`` starts the
PO share term from them."""

import datetime as dt
import json
from pathlib import Path

from click.testing import CliRunner

from allocator.cli import main
from allocator.store import Store
from allocator.store.recent import recent_reports
from tests.builders import DAY
from tests.objectives.court_support import court_day, request, writer


def _run(*args: str) -> str:
    r = CliRunner().invoke(main, list(args))
    assert r.exit_code == 0, r.output
    return r.output


def _day_file(tmp_path: Path, name: str, on: dt.date, ids: list[str]) -> Path:
    people = [writer("P1"), writer("S1", "PSO"), writer("S2", "PSO")]
    s = court_day(people, [request(i) for i in ids]).model_copy(update={"date": on})
    path = tmp_path / name
    path.write_text(s.model_dump_json())
    return path


def test_decided_reports_count_per_team_and_grade_within_the_period(tmp_path: Path) -> None:
    """Three reports approved or overridden on day 1 (one to the PO P1, two to PSOs) and one
    rejected: the team has 3 reports, 1 by a PO, over a 28-day period ending on
    any of the next 27 days; none on the 28th day after; a report still on today's list is not
    counted (today's proposal allocates it again)."""
    db = str(tmp_path / "a.db")
    _run("propose", str(_day_file(tmp_path, "d1.json", DAY, ["R1", "R2", "R3", "R4"])), "--db", db)
    by = ["--by", "A. Senior", "--db", db]
    with Store.open(db) as store:
        lines = {x.case_id: x.practitioner_id for x in store.proposal("P-000001").proposal.lines}
    for cid, pid in (("R1", "P1"), ("R2", "S1"), ("R3", "S2")):
        action = ["approve"] if lines[cid] == pid else ["override", pid]
        _run("decide", "P-000001", cid, *action, "--reason", "Court rota.", *by)
    _run("decide", "P-000001", "R4", "reject", "--reason", "Adjourned.", *by)
    with Store.open(db) as store:
        later = recent_reports(store, DAY + dt.timedelta(days=27), 28)
        assert (later.reports["CT1"], later.by_po["CT1"]) == (3, 1)
        gone = recent_reports(store, DAY + dt.timedelta(days=28), 28)
        assert gone.reports["CT1"] == 0
        same_day = recent_reports(store, DAY, 28, frozenset({"R1"}))
        assert (same_day.reports["CT1"], same_day.by_po["CT1"]) == (2, 0)


def test_next_proposal_starts_from_the_recorded_reports(tmp_path: Path) -> None:
    """After day 1's three approved reports, day 2's proposal saved with --db carries the team's
    3 reports of the period, and its PO share term counts them (n = 3 + today's 2)."""
    db = str(tmp_path / "a.db")
    _run("propose", str(_day_file(tmp_path, "d1.json", DAY, ["R1", "R2", "R3"])), "--db", db)
    for cid in ("R1", "R2", "R3"):
        _run(
            "decide",
            "P-000001",
            cid,
            "approve",
            "--reason",
            "Agreed.",
            "--by",
            "A. Senior",
            "--db",
            db,
        )
    with Store.open(db) as store:
        day1 = store.proposal("P-000001").proposal.lines
    by_po = sum(line.practitioner_id == "P1" for line in day1)
    day2 = _day_file(tmp_path, "d2.json", DAY + dt.timedelta(days=1), ["R5", "R6"])
    out = CliRunner().invoke(main, ["propose", str(day2), "--json", "--db", db])
    assert out.exit_code == 0, out.output
    with Store.open(db) as store:
        team = store.proposal(out.stderr.split()[2]).scenario.court_teams[0]
    assert (team.reports_in_period, team.po_reports_in_period) == (3, by_po)
    proposal = json.loads(out.stdout)
    k = by_po + sum(line["practitioner_id"] == "P1" for line in proposal["lines"])
    share = next(o["value"] for o in proposal["objective"] if o["name"] == "po_share")
    assert share == abs(1000 * k - 350 * 5)
