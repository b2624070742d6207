"""New allocations already made, read from the decision store: the allocation tracker across
days (seed 001, Wales) that the fair-flow term and the volume limits start from.

Read-only, and through the ``Store``'s public reading methods only, so that it does not depend
on how the store keeps its tables.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from allocator.store.ledger import Store, live_decisions


@dataclass(frozen=True)
class RecentAllocations:
    """New allocations per practitioner on the day and over the days before it."""

    today: Counter[str]
    week: Counter[str]


def recent_new_allocations(store: Store, day: dt.date, days: int = 7) -> RecentAllocations:
    """Approved and overridden decisions on proposals for ``day`` and the ``days - 1`` days
    before it that gave a practitioner a case they did not hold: ``today`` counts those of
    ``day``, ``week`` all of them. A case decided on several proposals of one date (a re-solve)
    counts once, by its latest decision."""
    first = day - dt.timedelta(days=days - 1)
    latest: dict[tuple[dt.date, str], tuple[int, str]] = {}
    for pid in store.proposal_ids():
        saved = store.proposal(pid)
        when = saved.proposal.run.date
        if not first <= when <= day:
            continue
        held = {c.id: c.current_practitioner_id for c in saved.scenario.cases}
        for case_id, d in live_decisions(store.decisions(pid)).items():
            key = (when, case_id)
            if key in latest and latest[key][0] > d.seq:
                continue
            new_to = d.action in ("approve", "override") and held.get(case_id) != d.practitioner_id
            latest[key] = (d.seq, d.practitioner_id if new_to else "")
    today: Counter[str] = Counter()
    week: Counter[str] = Counter()
    for (when, _), (_, practitioner) in sorted(latest.items()):
        if practitioner:
            week[practitioner] += 1
            if when == day:
                today[practitioner] += 1
    return RecentAllocations(today, week)
