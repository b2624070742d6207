"""Fair flow of new work: spread the day's and the week's new allocations.

Source: seed 001 (the Wales lesson: allocation trackers that spread new cases over the week,
aware of training and leave); docs/domain.md soft objective 6. A practitioner's count starts from the
new allocations already made (``allocations_today`` and ``allocations_this_week``; with
``propose --db`` also those the SPO approved or overrode in the store in the past 7 days).

For each practitioner who could take a case new to them, and for each of today's and this
week's counts n (before plus today's new cases), the term adds max(0, n - k) for k = 1 ...
``policy.fair_flow_levels``: the j-th new case costs about as much as the count it brings the
practitioner to (up to the levels), so the next new case goes to whoever has had fewer.
"""

from collections import Counter

import numpy as np

from allocator.objectives.base import (
    ExcessItem,
    ExcessSpec,
    Objective,
    TermSpec,
)
from allocator.problem.assignment import AssignmentState
from allocator.problem.day import Assignment, Day
from allocator.rules.eligibility import Eligibility


def _arriving(day: Day, elig: Eligibility) -> dict[str, tuple[str, ...]]:
    """Per practitioner, the cases of the day that would be new to them, in case id order."""
    out: dict[str, list[str]] = {}
    for c in day.cases:
        for pid in elig.candidates[c.id]:
            if day.holder.get(c.id) != pid:
                out.setdefault(pid, []).append(c.id)
    return {pid: tuple(cids) for pid, cids in sorted(out.items())}


def _in_scope(day: Day, elig: Eligibility) -> list[str]:
    """The practitioners to whom at least one case of the day would be new (the keys of
    ``_arriving``, in the same order), counted without listing the cases: a practitioner is
    in scope when they are a candidate for more cases than they hold among them. Alike cases
    share one candidate list, so each list is read once with its number of cases."""
    per_list = Counter(map(id, elig.candidates.values()))  # every case of the day has a list
    lists = {id(cands): cands for cands in elig.candidates.values()}
    own: Counter[str] = Counter()
    for h, held in day.listed_held.items():  # the cases on today's list each holds
        own[h] = sum(1 for cid in held if elig.allows(cid, h))  # h in cands, without a scan
    # How many cases each receiver is a candidate for, summed list by list in numpy.
    receivers = elig.receivers()
    position = {pid: i for i, pid in enumerate(receivers)}
    chosen = [(cands, per_list[key]) for key, cands in lists.items()]
    sizes = np.fromiter((len(cands) for cands, _ in chosen), np.int64, len(chosen))
    columns = np.fromiter(
        (position[pid] for cands, _ in chosen for pid in cands), np.int64, int(sizes.sum())
    )
    counts = np.fromiter((n for _, n in chosen), np.int64, len(chosen))
    offered = np.bincount(columns, np.repeat(counts, sizes), len(receivers))
    return [pid for pid, n in zip(receivers, offered.tolist(), strict=True) if n > own[pid]]


def _in_part_scope(elig: Eligibility, day: Day, cases: list[str]) -> list[str]:
    """``_in_scope`` of the practitioners ``cases`` may go to, counting only ``cases``: a
    practitioner offered more of them than they hold among the day's listed cases they may
    keep. Every case offered to a practitioner is in their PDU, so for a PDU's cases this is
    the day's scope restricted to the PDU; a held case they may keep is offered to them, so it
    is among ``cases`` too (and only those are asked: a cluster's slice holds no other)."""
    mine = set(cases)
    per_list = Counter(id(elig.candidates[c]) for c in cases)
    lists = {id(elig.candidates[c]): elig.candidates[c] for c in cases}
    offered: Counter[str] = Counter()
    for key, n in per_list.items():
        for pid in lists[key]:
            offered[pid] += n
    out = []
    for pid in sorted(offered):
        own = sum(
            1 for cid in day.listed_held.get(pid, ()) if cid in mine and elig.allows(cid, pid)
        )
        if offered[pid] > own:
            out.append(pid)
    return out


def _bases(day: Day, pid: str) -> tuple[int, int]:
    p = day.staff_by_id[pid]
    return p.allocations_today, p.allocations_this_week


def _cost(n: int, levels: int) -> int:
    """sum over k = 1..levels of max(0, n - k): the first j = min(levels, n - 1) levels
    count n - k each, j * n - j (j + 1) / 2 in all."""
    j = min(levels, max(0, n - 1))
    return j * n - j * (j + 1) // 2


class FairFlow(Objective):
    name = "fair_flow"
    applies_to = "both"
    unit = "allocation steps"
    description = (
        "How unevenly today's new cases add to each practitioner's new allocations of the day "
        "and of the week (counts already made included)."
    )

    def spec(self, day: Day, elig: Eligibility) -> TermSpec:
        levels = day.policy.fair_flow_levels
        items = []
        for pid, arriving in _arriving(day, elig).items():
            for base in _bases(day, pid):
                for k in range(1, levels + 1):
                    items.append(ExcessItem(pid, base, k, arriving, ()))
        return ExcessSpec(tuple(items))

    def _new_counts(self, day: Day, assignment: Assignment) -> Counter[str]:
        return Counter(q for c, q in assignment.items() if day.holder.get(c) != q)

    combine = "sum"

    def score(self, day: Day, elig: Eligibility, assignment: Assignment) -> int:
        return self._of(day, assignment, _in_scope(day, elig))

    def score_part(
        self,
        day: Day,
        elig: Eligibility,
        assignment: Assignment,
        cases: list[str],
        scope: list[str],
    ) -> int:
        """The steps of the practitioners in the part's scope to whom one of its cases would be
        new: every case that may go to a practitioner is in their PDU's part, so each is in
        scope in one part only, as on the whole day."""
        return self._of(day, assignment, _in_part_scope(elig, day, cases))

    def _of(self, day: Day, assignment: Assignment, in_scope: list[str]) -> int:
        levels = day.policy.fair_flow_levels
        new = self._new_counts(day, assignment)
        return sum(_cost(base + new[pid], levels) for pid in in_scope for base in _bases(day, pid))

    def reassign_delta(
        self, day: Day, elig: Eligibility, view: AssignmentState, cid: str, pid: str
    ) -> int:
        old = view.assignment[cid]
        if old == pid:
            return 0
        new = view.new  # the state's own count of new allocations per practitioner
        in_scope = view.memo.get("fair_flow_scope")
        if not isinstance(in_scope, frozenset):
            in_scope = frozenset(_in_scope(day, elig))
            view.memo["fair_flow_scope"] = in_scope
        levels = day.policy.fair_flow_levels
        delta = 0
        holder = day.holder.get(cid)
        for q, change in ((old, -1), (pid, 1)):
            if q == holder or q not in in_scope:
                continue  # the holder keeping their own case is not a new allocation
            for base in _bases(day, q):
                n = base + new[q]
                delta += _cost(n + change, levels) - _cost(n, levels)
        return delta

    def phrase(self, delta: int) -> str:
        return "give new work to someone who has already had more new cases this day or week"
