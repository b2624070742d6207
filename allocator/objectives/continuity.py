"""POD continuity and the returning practitioner (docs/domain.md objective order 3; seeds 000, 003).

Per allocated case, 0 when continuity is kept, 1 when it is kept at POD level only, 2 when the
case leaves its POD:
- a case with a current practitioner (tier change): stays with them 0, same POD 1, else 2;
- a returning case (previous practitioner): back to them 0, their POD 1, else 2;
- a new case with a POD: in the POD 0, else 2.
"""

from bisect import bisect_left
from collections.abc import Callable

from allocator.objectives.base import PairCostObjective
from allocator.problem.day import Day


def continuity_costs(day: Day) -> Callable[[str, str], int]:
    """The continuity cost of any (case, practitioner) pair of the day, from a table built
    once per day: the large method's search asks it millions of times."""
    cached = day.memo.get("continuity_costs")
    if callable(cached):
        return cached  # type: ignore[no-any-return]
    pod_of = {p.id: p.pod_id for p in day.staff}
    # Per case: the practitioner who keeps continuity (or None), the POD that half keeps it
    # and what that POD costs (1 for a practitioner's POD, 0 for a new case's own POD).
    anchors: dict[str, tuple[str | None, str | None, int]] = {}
    for case in day.cases:
        anchor = case.current_practitioner_id or case.previous_practitioner_id
        if case.report is not None:  # the term applies to supervision only: a report costs 0
            anchors[case.id] = (None, None, 0)
        elif anchor is not None:
            anchors[case.id] = (anchor, pod_of[anchor], 1)
        elif case.pod_id is not None:
            anchors[case.id] = (None, case.pod_id, 0)
        else:
            anchors[case.id] = (None, None, 0)

    def cost(cid: str, pid: str) -> int:
        anchor, pod, in_pod = anchors[cid]
        if pid == anchor:
            return 0
        if pod is None:
            return 0
        return in_pod if pod_of[pid] == pod else 2

    day.memo["continuity_costs"] = cost
    day.memo["continuity_anchors"] = anchors
    day.memo["continuity_pods"] = pod_of
    return cost


def continuity_anchor(day: Day, cid: str) -> tuple[str | None, str | None, int]:
    """(anchor, POD, cost inside the POD) of a case, as continuity prices it: the practitioner
    who keeps continuity and their POD at 1, a new case's own POD at 0, or no POD (a report,
    or a case with neither), from the table ``continuity_costs`` builds once per day."""
    continuity_costs(day)
    anchors = day.memo["continuity_anchors"]
    assert isinstance(anchors, dict)
    anchor: tuple[str | None, str | None, int] = anchors[cid]
    return anchor


def continuity_costs_to(day: Day, cid: str, pids: list[str]) -> tuple[int, ...]:
    """The continuity cost of giving ``cid`` to each of ``pids`` (a sorted candidate list),
    in one pass. The large method needs every case's costs to all its candidates (a region:
    5 million pairs); cases that share a candidate list and a POD share them, except at the
    one practitioner who keeps continuity, so each such row is computed once."""
    anchor, pod, in_pod = continuity_anchor(day, cid)
    if pod is None:
        return (0,) * len(pids)
    rows = day.memo.setdefault("continuity_rows", {})
    assert isinstance(rows, dict)
    key = (id(pids), pod, in_pod)
    entry = rows.get(key)
    if entry is None or entry[0] is not pids:  # keep the list alive: its id stays its own
        pod_of = day.memo["continuity_pods"]
        assert isinstance(pod_of, dict)
        entry = rows[key] = (pids, tuple(in_pod if pod_of[q] == pod else 2 for q in pids))
    row: tuple[int, ...] = entry[1]
    if anchor is not None:
        i = bisect_left(pids, anchor)
        if i < len(pids) and pids[i] == anchor:
            row = (*row[:i], 0, *row[i + 1 :])
    return row


def cheapest_continuity(day: Day, cid: str, pids: list[str]) -> int:
    """``min(continuity_costs_to(day, cid, pids), default=0)`` without building the row: 0
    when the case has no POD to keep or ``pids`` holds its anchor, else the POD's cost when
    one of ``pids`` is in the POD, else 2. Whether a list reaches a POD is read once per
    list and POD (a region's lower bound asks it of every case)."""
    anchor, pod, in_pod = continuity_anchor(day, cid)
    if pod is None or not pids:
        return 0
    if anchor is not None:
        i = bisect_left(pids, anchor)
        if i < len(pids) and pids[i] == anchor:
            return 0
    reach = day.memo.setdefault("continuity_reach", {})
    assert isinstance(reach, dict)
    key = (id(pids), pod)
    entry = reach.get(key)
    if entry is None or entry[0] is not pids:  # keep the list alive: its id stays its own
        pod_of = day.memo["continuity_pods"]
        assert isinstance(pod_of, dict)
        entry = reach[key] = (pids, any(pod_of[q] == pod for q in pids))
    return in_pod if entry[1] else 2


def continuity_cost(day: Day, cid: str, pid: str) -> int:
    """Continuity cost of giving case ``cid`` to ``pid`` (0 best, 2 worst)."""
    return continuity_costs(day)(cid, pid)


class Continuity(PairCostObjective):
    name = "continuity"
    applies_to = "supervision"
    large_role = "continuity"
    unit = "continuity breaks"
    description = "Cases not kept with their practitioner (1) or outside their POD (2)."

    def pair_cost(self, day: Day, cid: str, pid: str) -> int:
        return continuity_cost(day, cid, pid)

    def cheapest(self, day: Day, cid: str, pids: list[str]) -> int:
        return cheapest_continuity(day, cid, pids)

    def phrase(self, delta: int) -> str:
        if delta >= 2:
            return "take the case away from its practitioner and out of its POD"
        return "take the case away from its practitioner (or out of its POD)"
