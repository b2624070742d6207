"""New-allocation volume: no more than the policy's new allocations per practitioner per day/week.

Source: seed 001 (Wales lesson: "knowing where staff had already experienced a high volume of
new allocations"). The policy sets the numbers; by default there is no limit. A case that stays
with its current practitioner is not a new allocation.
"""

from collections import Counter
from collections.abc import Hashable

from allocator.problem.assignment import AssignmentState
from allocator.problem.day import ELSEWHERE, Assignment, Day
from allocator.rules.base import AggregateRule, Limit, SameForAll, count_of, new_to
from models.case import Case
from models.staff import Practitioner


class NewAllocationVolume(AggregateRule):
    """Today's and this week's new allocations stay within the policy's limits."""

    name = "new_allocation_volume"
    title = "new-allocation volume"
    applies_to = "supervision"
    quotable = True

    def enabled(self, day: Day) -> bool:
        return day.policy.max_new_per_day is not None or day.policy.max_new_per_week is not None

    def _room(self, day: Day, p: Practitioner) -> list[tuple[str, int, int, int]]:
        """(period, limit, already, room) for each limit the policy sets."""
        out = []
        if day.policy.max_new_per_day is not None:
            limit = day.policy.max_new_per_day
            out.append(("today", limit, p.allocations_today, max(0, limit - p.allocations_today)))
        if day.policy.max_new_per_week is not None:
            limit = day.policy.max_new_per_week
            out.append(
                (
                    "this week",
                    limit,
                    p.allocations_this_week,
                    max(0, limit - p.allocations_this_week),
                )
            )
        return out

    def limits(self, day: Day, p: Practitioner) -> list[Limit]:
        # reports count under their own limit (reports_per_day), not as new supervision cases
        x = SameForAll(day.case_ids, 1, frozenset(day.listed_held.get(p.id, [])) | day.report_ids)
        return [Limit(p.id, x, {}, room) for _, _, _, room in self._room(day, p)]

    def violation_at(self, day: Day, assignment: Assignment, p: Practitioner) -> str | None:
        return self._judge(day, p, len(new_to(day, assignment, p.id)))

    def violations(self, day: Day, assignment: Assignment) -> list[tuple[str, str]]:
        new: Counter[str] = Counter(
            pid
            for cid, pid in assignment.items()
            if pid != ELSEWHERE and day.holder.get(cid) != pid
        )
        out = []
        for pid in sorted(new):
            sentence = self._judge(day, day.staff_by_id[pid], new[pid])
            if sentence is not None:
                out.append((pid, sentence))
        return out

    def case_key(self, day: Day, case: Case) -> Hashable:
        return ()

    def excludes_new(self, day: Day, case: Case, p: Practitioner) -> bool:
        return self._judge(day, p, 1) is not None

    def excludes(self, day: Day, case: Case, p: Practitioner) -> str | None:
        return self._judge(day, p, int(day.holder.get(case.id) != p.id))

    def violation_adding(
        self, day: Day, stats: AssignmentState, case: Case, p: Practitioner
    ) -> str | None:
        new = stats.new[p.id] - stats.reports_of(p.id)
        return self._judge(day, p, new + int(day.holder.get(case.id) != p.id))

    def _judge(self, day: Day, p: Practitioner, new: int) -> str | None:
        for period, limit, already, room in self._room(day, p):
            if new > room:
                return (
                    f"{p.name} has had {count_of(already, 'new allocation')} {period}; the limit is {limit}"
                    + (f" and this proposal gives {new} more." if new > 1 else ".")
                )
        return None
