"""Retention and erasure: a saved proposal's personal data can be erased on request or after
the retention period, the erasure is recorded in the chain, and the chain still verifies."""

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from allocator.cli import main
from allocator.store import BadRequest, DecisionRequest, NotFound, Store, decide
from tests.store.support import at, save, small_day


def test_erasing_on_request_keeps_a_verifiable_chain(store: Store) -> None:
    """The scenario and proposal go; the record, its decisions and the chain stay, and a head
    kept before the erasure is still in the chain."""
    saved = save(store)
    decide(store, DecisionRequest(saved.id, "C1", "approve", "A. Senior", "Agreed."), at(1))
    kept = store.head().describe()
    head = store.erase(saved.id, "A. Senior", at(2), "request")
    assert head.record_id == "E-000003"
    with pytest.raises(
        NotFound, match=r"P-000001: its scenario and proposal were erased \(E-000003, request, "
    ):
        store.proposal(saved.id)
    assert [d.id for d in store.decisions(saved.id)] == ["D-000002"]
    report = store.verify(kept)
    assert report.problems == []
    assert (report.records, report.erasures) == (3, 1)
    with store.db.read() as tx:
        assert tx.one("SELECT count(*) AS n FROM proposal_payloads") == {"n": 0}
        row = tx.one("SELECT scenario_json, scenario_digest FROM proposals")
    assert row is not None
    assert row["scenario_json"] == ""
    assert len(row["scenario_digest"]) == 64


def test_an_erasure_is_refused_twice_and_for_unknown_bases(store: Store) -> None:
    """Erasing again, or with a basis that is neither retention nor request, is bad input."""
    saved = save(store)
    store.erase(saved.id, "A. Senior", at(1), "retention")
    with pytest.raises(BadRequest, match="P-000001 is already erased"):
        store.erase(saved.id, "A. Senior", at(2), "request")
    with pytest.raises(BadRequest, match="unknown erasure basis 'whim'"):
        store.erase(saved.id, "A. Senior", at(2), "whim")


def test_past_retention_lists_days_before_the_cutoff(store: Store) -> None:
    """Proposals for days before the cutoff whose data is still held; erased ones drop out."""
    saved = save(store)
    day = small_day().date
    assert store.past_retention(day) == []
    assert store.past_retention(day + dt.timedelta(days=1)) == [saved.id]
    store.erase(saved.id, "A. Senior", at(1), "retention")
    assert store.past_retention(day + dt.timedelta(days=1)) == []


def test_a_proposal_saved_before_schema_4_cannot_be_erased(tmp_path: Path) -> None:
    """An old proposal holds its data inside its hashed record: erasing it is refused, saying why."""
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript((Path(__file__).parent / "fixtures" / "v2_sqlite.sql").read_text())
    conn.close()
    with Store.open(path) as store, pytest.raises(BadRequest, match="saved before personal data"):
        store.erase("P-000001", "A. Senior", at(1), "request")


def test_store_retention_and_erase_commands(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """retention lists what is due and erases it with --erase; erase takes one proposal; the
    chain verifies after both; no retention period configured is one line, exit 2."""
    import allocator.cli.retention as retention

    day = small_day()
    monkeypatch.setattr(
        retention,
        "now_utc",
        lambda: dt.datetime.combine(day.date, dt.time(9), dt.UTC) + dt.timedelta(days=40),
    )
    scenario = tmp_path / "day.json"
    scenario.write_text(day.model_dump_json())
    db = str(tmp_path / "a.db")
    run = CliRunner().invoke
    for _ in range(2):
        assert run(main, ["propose", str(scenario), "--db", db]).exit_code == 0
    r = run(main, ["store", "retention", "--db", db])
    assert (r.exit_code, r.output) == (
        2,
        "error: no retention period: give --days, or set ALLOCATOR_RETENTION_DAYS or "
        "'retention_days' in the allocator config file\n",
    )
    r = run(main, ["store", "retention", "--days", "0", "--db", db])
    assert (r.exit_code, r.output) == (2, "error: --days must be from 1 to 36500 days\n")
    r = run(main, ["store", "erase", "P-000001", "--db", db])
    assert r.exit_code == 0, r.output
    assert r.output == (
        "Erased the scenario and proposal of P-000001, recorded as E-000003 by A. Senior; its "
        "decisions and digests remain.\n"
    )
    monkeypatch.setenv("ALLOCATOR_RETENTION_DAYS", "30")
    r = run(main, ["store", "retention", "--db", db])
    assert r.output == (
        f"1 proposal(s) for days before {day.date + dt.timedelta(days=10)} (30 days) hold "
        "personal data: P-000002. Add --erase to erase them.\n"
    )
    r = run(main, ["store", "retention", "--erase", "--db", db])
    assert r.exit_code == 0, r.output
    assert r.output.startswith("Erased 1 proposal(s) for days before ")
    assert r.output.endswith(": P-000002 (E-000004).\n")
    r = run(main, ["audit", "verify", "--db", db])
    assert r.exit_code == 0, r.output
    r = run(main, ["decisions", "P-000001", "--db", db])
    assert r.exit_code == 2
    assert r.output.startswith("error: P-000001: its scenario and proposal were erased (E-000003")


def test_a_decision_on_an_erased_proposal_is_refused_even_from_a_kept_copy(store: Store) -> None:
    """A service that read the proposal and its day before the erasure (the web desk keeps
    them per version) cannot record a decision on it afterwards: the record says its data is
    gone, and nothing is appended."""
    from allocator.store.deciding import day_of

    saved = save(store)
    loaded = (saved, day_of(saved))
    store.erase(saved.id, "A. Senior", at(1), "request")
    before = store.head().describe()
    with pytest.raises(NotFound, match=r"P-000001: its scenario and proposal were erased"):
        decide(
            store,
            DecisionRequest(saved.id, "C1", "approve", "A. Senior", "Agreed."),
            at(2),
            loaded=loaded,
        )
    assert store.head().describe() == before
    assert store.decisions(saved.id) == []
