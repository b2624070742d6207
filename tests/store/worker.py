"""A separate process that records decisions, for the concurrency and crash tests.

    python -m tests.store.worker DB PROPOSAL_ID lines CASE... [--go FILE]
    python -m tests.store.worker DB PROPOSAL_ID flip CASE OTHER_PRACTITIONER

``lines`` approves each case once, as a first decision, and prints ``saved ID CASE`` or
``conflict CASE MESSAGE``. ``flip`` changes its mind on one case forever, approving and then
overriding to OTHER_PRACTITIONER in turn, each superseding the last, and prints ``saved ID``
after each commit. With ``--go`` it prints ``ready`` and waits for FILE to exist, so that two
workers start together.
"""

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

from allocator.store import Conflict, DecisionRequest, Store, decide, live_decisions


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def main() -> None:
    """Run the worker named on the command line."""
    ap = argparse.ArgumentParser()
    ap.add_argument("db")
    ap.add_argument("proposal_id")
    ap.add_argument("mode", choices=["lines", "flip"])
    ap.add_argument("args", nargs="+")
    ap.add_argument("--go")
    ap.add_argument("--by", default="Worker")
    a = ap.parse_args()
    store = Store.open(a.db)
    if a.go:
        _say("ready")
        while not Path(a.go).exists():
            time.sleep(0.001)
    if a.mode == "lines":
        for cid in a.args:
            req = DecisionRequest(a.proposal_id, cid, "approve", a.by, "Agreed.")
            try:
                d = decide(store, req, dt.datetime.now(dt.UTC))
            except Conflict as err:
                _say(f"conflict {cid} {err}")
            else:
                _say(f"saved {d.id} {cid}")
        return
    cid, other = a.args
    live = live_decisions(store.decisions(a.proposal_id)).get(cid)
    while True:
        override = live is not None and live.action == "approve"
        req = DecisionRequest(
            a.proposal_id,
            cid,
            "override" if override else "approve",
            a.by,
            "Changed my mind.",
            practitioner_id=other if override else None,
            supersedes=live.id if live else None,
        )
        live = decide(store, req, dt.datetime.now(dt.UTC))
        _say(f"saved {live.id}")


if __name__ == "__main__":
    main()
