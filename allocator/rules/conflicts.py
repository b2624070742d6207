"""Conflicts: a practitioner never receives a case they have declared a conflict with.

Source: practice (docs/domain.md hard rules, "conflicts").
"""

from collections.abc import Hashable

from allocator.problem.day import Day
from allocator.rules.base import PairRule
from models.case import Case
from models.staff import Practitioner


class Conflicts(PairRule):
    """Excludes a practitioner from a case on their declared-conflicts list."""

    name = "conflicts"
    title = "declared conflict"
    applies_to = "both"

    def case_key(self, day: Day, case: Case) -> Hashable:
        conflicted = day.memo.get("conflicted")
        if not isinstance(conflicted, frozenset):
            conflicted = frozenset(cid for p in day.staff for cid in p.conflicts)
            day.memo["conflicted"] = conflicted
        return case.id if case.id in conflicted else None

    def excludes(self, day: Day, case: Case, p: Practitioner) -> str | None:
        if case.id in p.conflicts:
            return f"{p.name} has declared a conflict with {case.id}."
        return None
