"""Time the store on the bundled default day: saving, deciding, verifying.

    python -m tests.store.bench_store [N]

Runs on a temporary SQLite file, and on PostgreSQL too when ALLOCATOR_TEST_PG_URL is set (in a
schema of its own, dropped afterwards). N superseding decisions on one line (default 200).
Not a test: it prints figures for docs/decisions.md.
"""

import datetime as dt
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

from allocator import propose
from allocator.cli.common import bundled_scenario_path
from allocator.io.scenario_files import read_scenario
from allocator.store import Decision, DecisionRequest, Store, decide
from tests.store.conftest import with_search_path


def _run(url: str, n: int) -> str:
    scenario, policy = read_scenario(bundled_scenario_path())
    proposal = propose(scenario, policy)
    at = dt.datetime(2026, 11, 25, 9, tzinfo=dt.UTC)
    with Store.open(url, create=True) as store:
        started = time.perf_counter()
        saved = store.save_proposal(proposal, scenario, policy, at)
        save_ms = (time.perf_counter() - started) * 1000
        line = saved.proposal.lines[0]
        other = next(
            p.id
            for p in scenario.practitioners
            if p.id != line.practitioner_id and p.grade.value == line.grade
        )
        live: Decision | None = None
        started = time.perf_counter()
        for _ in range(n):
            override = live is not None and live.action == "approve"
            live = decide(
                store,
                DecisionRequest(
                    saved.id,
                    line.case_id,
                    "override" if override else "approve",
                    "Bench",
                    "Timing.",
                    practitioner_id=other if override else None,
                    supersedes=live.id if live else None,
                    accept_rule_breach=True,
                ),
                at,
            )
        decide_ms = (time.perf_counter() - started) * 1000 / n
        started = time.perf_counter()
        report = store.verify()
        verify_ms = (time.perf_counter() - started) * 1000
        assert report.problems == []
        return (
            f"{store.db.dialect}: save proposal {save_ms:.0f} ms; decide {decide_ms:.0f} ms per "
            f"decision; verify {report.records} records {verify_ms:.0f} ms"
        )


def main() -> None:
    """Print one line per database."""
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    print(_run(str(Path(tempfile.mkdtemp()) / "bench.db"), n))
    pg = os.environ.get("ALLOCATOR_TEST_PG_URL")
    if pg:
        import psycopg

        schema = f"bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(pg, autocommit=True) as admin:
            admin.execute(f"CREATE SCHEMA {schema}")
            try:
                print(_run(with_search_path(pg, schema), n))
            finally:
                admin.execute(f"DROP SCHEMA {schema} CASCADE")


if __name__ == "__main__":
    main()
