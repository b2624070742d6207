"""A bounded load test of the web service: SPOs of different PDUs deciding at once.

Generates a synthetic day of several PDUs, starts ``allocator serve`` as its own process on
127.0.0.1 (a free port, a new database), adds one SPO account per PDU, then runs one thread
per SPO for ``--seconds``: each signs in, reads its PDU's proposal (JSON) and records a
decision on a line (a first decision, or a change of mind that supersedes the live one), in a
loop. It stops by itself, stops the server, and checks: no 5xx; every decision a client was
told was recorded is in the database exactly once and no other is; the audit chain verifies.
Prints p50/p95 of the proposal and decision requests as a Markdown row for RESULTS.md.

    python benchmarks/web_load.py --spos 10 --seconds 60
    python benchmarks/web_load.py --db postgresql://...   # an empty schema of a test database
    python benchmarks/web_load.py --workers 2             # two server processes on one database
"""

import argparse
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from allocator.store import Store
from allocator.store.accounts import UserStore
from allocator.synth import generate_from_spec, spec_for

PASSWORD = "load test password 1"
JSON = {"accept": "application/json"}


@dataclass
class Tally:
    """What one SPO's thread saw."""

    proposal_ms: list[float] = field(default_factory=list)
    decision_ms: list[float] = field(default_factory=list)
    recorded: list[str] = field(default_factory=list)
    server_errors: list[str] = field(default_factory=list)
    conflicts: int = 0
    refused: list[str] = field(default_factory=list)
    first_ms: float = 0.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _spo(
    base: str, name: str, pdu: str, seconds: float, barrier: threading.Barrier, tally: Tally
) -> None:
    with httpx.Client(base_url=base, timeout=60) as c:
        token = re.search(r'name="csrf_token" value="([^"]+)"', c.get("/sign-in").text)
        assert token, "no sign-in form"
        r = c.post(
            "/sign-in", data={"name": name, "password": PASSWORD, "csrf_token": token.group(1)}
        )
        assert r.status_code in (200, 303), f"{name} could not sign in: {r.status_code}"
        page = c.get("/upload")  # a page with a form and no solve: the session's CSRF token
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        t = time.perf_counter()
        c.get(f"/pdus/{pdu}/proposal", headers=JSON)  # the PDU's first proposal: one solve
        tally.first_ms = (time.perf_counter() - t) * 1000
        barrier.wait()
        until = time.monotonic() + seconds
        turn = 0
        while time.monotonic() < until:
            t = time.perf_counter()
            r = c.get(f"/pdus/{pdu}/proposal", headers=JSON)
            tally.proposal_ms.append((time.perf_counter() - t) * 1000)
            if r.status_code >= 500:
                tally.server_errors.append(f"GET proposal {r.status_code}")
                continue
            data = r.json()
            lines = data["lines"]
            if not lines:
                break
            line = lines[turn % len(lines)]
            turn += 1
            live = line["decision"]
            action = "reject" if live is not None and live["action"] == "approve" else "approve"
            form = {
                "csrf_token": csrf,
                "action": action,
                "reason": f"Load test decision {turn} by {name}.",
                "supersedes": live["id"] if live and not line["carried_from"] else "",
            }
            t = time.perf_counter()
            r = c.post(
                f"/proposals/{data['proposal_id']}/cases/{line['case_id']}/decision",
                data=form,
                headers=JSON,
            )
            tally.decision_ms.append((time.perf_counter() - t) * 1000)
            if r.status_code == 201:
                tally.recorded.append(r.json()["id"])
            elif r.status_code >= 500:
                tally.server_errors.append(f"POST decision {r.status_code}")
            elif r.status_code == 409:
                tally.conflicts += 1
            else:
                tally.refused.append(f"{r.status_code}")


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def main() -> int:
    """Run the load test; exit 1 when any check fails."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--spos", type=int, default=10)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--db", default=None, help="SQLite file or postgresql:// URL (default: new)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=1, help="Server processes (serve --workers).")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="web-load-"))
    db = args.db or str(tmp / "load.db")
    spec = spec_for("region", pdus=args.spos, practitioners=30 * args.spos, cases=20 * args.spos)
    scenario = generate_from_spec(spec, args.seed, lambda _m: None)
    path = tmp / "day.json"
    path.write_text(scenario.model_dump_json(), encoding="utf-8")
    pdus = sorted(p.id for p in scenario.pdus)[: args.spos]
    users = UserStore(db)
    for i, pdu in enumerate(pdus):
        users.add(f"spo{i}", "spo", PASSWORD, [pdu], replace=True)
    port = _free_port()
    exe = Path(sys.executable).with_name("allocator")
    server = subprocess.Popen(
        [
            *(str(exe), "serve", "--db", db, "--scenario", str(path), "--port", str(port)),
            *("--workers", str(args.workers)),
        ],
        stdout=subprocess.DEVNULL,
        stderr=open(tmp / "server.log", "w"),  # noqa: SIM115 (closed with the process)
        env={**os.environ, "ALLOCATOR_WEB_SECRET": "load-test-secret"},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{base}/sign-in", timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or server.poll() is not None:
                    print("the server did not start; see", tmp / "server.log")
                    return 1
                time.sleep(0.2)
        tallies = [Tally() for _ in pdus]
        barrier = threading.Barrier(len(pdus))
        threads = [
            threading.Thread(
                target=_spo, args=(base, f"spo{i}", pdu, args.seconds, barrier, tallies[i])
            )
            for i, pdu in enumerate(pdus)
        ]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        elapsed = args.seconds
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    recorded = [d for t in tallies for d in t.recorded]
    errors = [e for t in tallies for e in t.server_errors]
    with Store.open(db) as store:
        in_db = [d.id for pid in store.proposal_ids() for d in store.decisions(pid)]
        report = store.verify()
    proposal_ms = [x for t in tallies for x in t.proposal_ms]
    decision_ms = [x for t in tallies for x in t.decision_ms]
    lost = set(recorded) - set(in_db)
    unknown = set(in_db) - set(recorded)
    dup = len(in_db) - len(set(in_db))
    ok = not errors and not lost and not unknown and not dup and not report.problems
    refused = [r for t in tallies for r in t.refused]
    print(
        f"{len(pdus)} SPOs, {elapsed:.0f} s, database {'PostgreSQL' if db.startswith('postgres') else 'SQLite'}, {args.workers} server process(es): "
        f"{len(proposal_ms)} proposal reads, {len(decision_ms)} decisions posted, "
        f"{len(recorded)} recorded, {sum(t.conflicts for t in tallies)} conflicts, "
        f"{len(refused)} refused {sorted(set(refused))}, {len(errors)} 5xx; in the database "
        f"{len(in_db)} decisions, lost {len(lost)}, unexpected {len(unknown)}, duplicated {dup}; "
        f"audit {'verifies' if not report.problems else 'FAILS'} ({report.records} records); "
        f"first proposal per PDU (one solve) median {statistics.median(t.first_ms for t in tallies):.0f} ms"
    )
    print(
        "| database | SPOs | seconds | decisions recorded | proposal p50 | proposal p95 | "
        "decision p50 | decision p95 | 5xx | lost | audit |"
    )
    print(
        f"| {'PostgreSQL' if db.startswith('postgres') else 'SQLite'} | {len(pdus)} | "
        f"{elapsed:.0f} | {len(recorded)} | {_pct(proposal_ms, 50):.0f} ms | "
        f"{_pct(proposal_ms, 95):.0f} ms | {_pct(decision_ms, 50):.0f} ms | "
        f"{_pct(decision_ms, 95):.0f} ms | {len(errors)} | {len(lost)} | "
        f"{'verifies' if not report.problems else 'FAILS'} |"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
