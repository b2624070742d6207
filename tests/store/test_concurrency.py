"""Two SPOs at once, and a process killed mid-write, with real processes.

Workers run ``tests/store/worker.py`` in their own interpreters against the same database.
"""

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from allocator.store import Store, live_decisions
from allocator.store.db import is_postgres_url
from tests.store.support import save

ROOT = Path(__file__).resolve().parents[2]


def _worker(db_url: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.store.worker", db_url, "P-000001", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _together(db_url: str, go: Path, *arg_lists: list[str]) -> list[list[str]]:
    """Start one worker per argument list, release them at once, and return their output."""
    procs = [_worker(db_url, *args, "--go", str(go)) for args in arg_lists]
    for p in procs:
        assert p.stdout is not None
        assert p.stdout.readline().strip() == "ready", p.stderr.read() if p.stderr else ""
    go.touch()
    outs = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        outs.append(out.splitlines())
    return outs


def test_two_processes_deciding_different_lines_lose_nothing(db_url: str, tmp_path: Path) -> None:
    """Two processes approve 20 lines each at the same time: all 40 are saved, each once, and
    the chain that interleaves them verifies."""
    with Store.open(db_url, create=True) as store:
        save(store, "wide")
    cases = [f"C{i:02d}" for i in range(40)]
    a, b = _together(
        db_url,
        tmp_path / "go",
        ["lines", *cases[:20], "--by", "A"],
        ["lines", *cases[20:], "--by", "B"],
    )
    saved = [line.split() for line in a + b]
    assert all(s[0] == "saved" for s in saved)
    with Store.open(db_url) as store:
        recorded = store.decisions("P-000001")
        report = store.verify()
    assert sorted(d.id for d in recorded) == sorted(s[1] for s in saved)
    assert sorted(d.case_id for d in recorded) == cases
    assert {d.decided_by for d in recorded} == {"A", "B"}
    assert report.problems == [] and report.decisions == 40


def test_two_processes_racing_on_the_same_lines_one_wins_each(db_url: str, tmp_path: Path) -> None:
    """Both processes decide the same 8 lines at once, each as a first decision: on every line
    exactly one is saved and the other gets the conflict error; nothing is overwritten."""
    with Store.open(db_url, create=True) as store:
        save(store, "wide")
    cases = [f"C{i:02d}" for i in range(40, 48)]
    a, b = _together(
        db_url, tmp_path / "go", ["lines", *cases, "--by", "A"], ["lines", *cases, "--by", "B"]
    )
    outcome: dict[str, list[str]] = {c: [] for c in cases}
    for line in a + b:
        kind, *rest = line.split(" ", 2)
        cid = rest[1] if kind == "saved" else rest[0]
        outcome[cid].append(kind)
        if kind == "conflict":
            assert "already has decision" in line and "--supersedes" in line
    assert all(sorted(v) == ["conflict", "saved"] for v in outcome.values()), outcome
    with Store.open(db_url) as store:
        recorded = store.decisions("P-000001")
        assert store.verify().problems == []
    assert sorted(d.case_id for d in recorded) == cases


def test_a_killed_writer_loses_no_saved_decision_and_leaves_no_half_one(db_url: str) -> None:
    """A process changing its mind in a tight loop is killed with SIGKILL three times, mid-write:
    every decision it reported saved is in the database, the line's decisions still form one
    chain of supersessions, and the hash chain verifies."""
    with Store.open(db_url, create=True) as store:
        save(store)
    printed: list[str] = []
    for _ in range(3):
        proc = _worker(db_url, "flip", "C2", "S2")
        assert proc.stdout is not None
        for _ in range(15):
            line = proc.stdout.readline()
            assert line.startswith("saved "), proc.stderr.read() if proc.stderr else line
            printed.append(line.split()[1])
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        printed += [x.split()[1] for x in proc.stdout.read().splitlines() if x.startswith("saved ")]
    with Store.open(db_url) as store:
        recorded = store.decisions("P-000001")
        report = store.verify()
    ids = {d.id for d in recorded}
    assert set(printed) <= ids
    assert report.problems == []
    by_id = {d.id: d for d in recorded}
    supersedes = [d.supersedes for d in recorded]
    assert supersedes[0] is None
    assert supersedes[1:] == [d.id for d in recorded[:-1]], "the line's decisions form one chain"
    assert live_decisions(recorded)["C2"] == by_id[recorded[-1].id]
    if not is_postgres_url(db_url):
        conn = sqlite3.connect(db_url)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        conn.close()
