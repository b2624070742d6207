"""Capacity: workload after allocation stays within the policy's ceiling of available points.

Sources: seeds 001 and 003; docs/domain.md "Capacity" (WMT available points; the default ceiling is
110%). A practitioner already above the ceiling before today may take nothing that raises
their load: the ceiling is never the reason a case is forced on anyone.
"""

from collections.abc import Hashable

from allocator.problem.assignment import AssignmentState
from allocator.problem.day import Assignment, Day
from allocator.rules.base import AggregateRule, Limit
from models.case import Case
from models.staff import Practitioner


def allowed_points(day: Day, pid: str) -> int:
    """The most points the rule lets ``pid`` hold after today: the ceiling, or their load
    before today if they are already above it (nothing that raises it) and the policy keeps
    it (``capacity_keeps_load_before``)."""
    if not day.policy.capacity_keeps_load_before:
        return day.ceiling[pid]
    return max(day.ceiling[pid], day.load_before[pid])


class Capacity(AggregateRule):
    """Load after <= max(ceiling, load before), in whole points."""

    name = "capacity"
    title = "capacity"
    applies_to = "both"
    quotable = True
    holder_alike = True  # ``excludes`` reads no holding of the case: the best case for anyone

    def _allowed(self, day: Day, pid: str) -> int:
        return allowed_points(day, pid)

    def limits(self, day: Day, p: Practitioner) -> list[Limit]:
        x = day.points  # shared by every practitioner: coefficients are the cases' points
        leaving = {cid: -day.held_points[cid] for cid in day.listed_held.get(p.id, [])}
        return [Limit(p.id, x, leaving, self._allowed(day, p.id) - day.load_before[p.id])]

    def violation_at(self, day: Day, assignment: Assignment, p: Practitioner) -> str | None:
        if p.id not in assignment.values():
            return None
        return self._judge(day, p, day.load_after(assignment)[p.id])

    def violations(self, day: Day, assignment: Assignment) -> list[tuple[str, str]]:
        after = day.load_after(assignment)
        out = []
        for pid in sorted(set(assignment.values()) & after.keys()):
            sentence = self._judge(day, day.staff_by_id[pid], after[pid])
            if sentence is not None:
                out.append((pid, sentence))
        return out

    def case_key(self, day: Day, case: Case) -> Hashable:
        return day.points[case.id]

    def excludes_new(self, day: Day, case: Case, p: Practitioner) -> bool:
        return self.excludes(day, case, p) is not None

    def excludes(self, day: Day, case: Case, p: Practitioner) -> str | None:
        # At best every case p holds on today's list goes elsewhere (this one included, which
        # then comes back with its new points): the same as the base class, in O(1).
        best = day.load_before[p.id] - day.listed_held_points.get(p.id, 0) + day.points[case.id]
        return self._judge(day, p, best)

    def violation_adding(
        self, day: Day, stats: AssignmentState, case: Case, p: Practitioner
    ) -> str | None:
        after = stats.load[p.id] + day.points[case.id]
        if day.holder.get(case.id) == p.id:
            after -= day.held_points[case.id]
        return self._judge(day, p, after)

    def _judge(self, day: Day, p: Practitioner, after: int) -> str | None:
        if after <= self._allowed(day, p.id):
            return None
        ceiling = day.policy.capacity_ceiling_pct
        before = day.pct(p.id, day.load_before[p.id])
        if day.load_before[p.id] > day.ceiling[p.id]:
            return f"{p.name} is already at {before:.1f}%, over the {ceiling:g}% ceiling."
        return (
            f"{p.name} is at {before:.1f}%; this would take them to {day.pct(p.id, after):.1f}%, "
            f"over the {ceiling:g}% ceiling."
        )
