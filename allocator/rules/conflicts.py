"""Conflicts: a practitioner never receives a case they have declared a conflict with.

Source: practice (DOMAIN.md hard rules, "conflicts").
"""

from allocator.day import Day
from allocator.rules.base import PairRule
from models.case import Case
from models.staff import Practitioner


class Conflicts(PairRule):
    """Excludes a practitioner from a case on their declared-conflicts list."""

    name = "conflicts"
    title = "declared conflict"

    def excludes(self, day: Day, case: Case, p: Practitioner) -> str | None:
        if case.id in p.conflicts:
            return f"{p.name} has declared a conflict with {case.id}."
        return None
