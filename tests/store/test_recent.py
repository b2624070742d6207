"""The allocation tracker across days (seed 001): approved and overridden decisions of the past
7 days count as new allocations already made, and ``propose --db`` starts from them."""

import datetime as dt
import json
from pathlib import Path

from click.testing import CliRunner

from allocator.cli import main
from allocator.store import Store
from allocator.store.recent import recent_new_allocations
from tests.builders import DAY
from tests.store.support import small_day


def _run(*args: str) -> str:
    r = CliRunner().invoke(main, list(args))
    assert r.exit_code == 0, r.output
    return r.output


def test_decisions_count_as_new_allocations_and_feed_the_next_proposal(tmp_path: Path) -> None:
    """Approving C1 (new to P1) counts 1 for P1 today and this week; C4 approved to its holder
    S2 is not new work; the next proposal saved with --db starts P1 at 1 new case today."""
    day_file, db = tmp_path / "day.json", str(tmp_path / "a.db")
    day_file.write_text(small_day().model_dump_json())
    _run("propose", str(day_file), "--db", db)
    by = ["--by", "A. Senior", "--db", db]
    _run("decide", "P-000001", "C1", "approve", "--reason", "Agreed.", *by)
    _run("decide", "P-000001", "C4", "approve", "--reason", "Stays.", *by)
    with Store.open(db) as store:
        recent = recent_new_allocations(store, DAY)
        assert (dict(recent.today), dict(recent.week)) == ({"P1": 1}, {"P1": 1})
        later = recent_new_allocations(store, DAY + dt.timedelta(days=7))
        assert dict(later.week) == {}
    again = CliRunner().invoke(main, ["propose", str(day_file), "--json", "--db", db])
    assert json.loads(again.stdout)["run"]["status"] == "OPTIMAL"
    saved = again.stderr.split()[2]
    with Store.open(db) as store:
        staff = {p.id: p for p in store.proposal(saved).scenario.practitioners}
    assert (staff["P1"].allocations_today, staff["P1"].allocations_this_week) == (1, 1)
    assert staff["S2"].allocations_today == 0
