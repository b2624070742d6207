"""Restricted access: limited-access cases list the staff excluded from, or restricted to, them.

Source: docs/domain.md "What the live service records and enforces" (restricted-access cases).
"""

from collections.abc import Hashable

from allocator.problem.day import Day
from allocator.rules.base import PairRule
from models.case import Case
from models.staff import Practitioner


class RestrictedAccess(PairRule):
    """Excludes staff the case excludes, and everyone not on a restricted-to list."""

    name = "restricted_access"
    title = "restricted access"
    applies_to = "both"

    def case_key(self, day: Day, case: Case) -> Hashable:
        if not case.restricted_to and not case.excluded_staff:
            return None
        return (case.id, tuple(case.restricted_to), tuple(case.excluded_staff))

    def excludes(self, day: Day, case: Case, p: Practitioner) -> str | None:
        if p.id in case.excluded_staff:
            return f"{p.name} is excluded from {case.id} (restricted access)."
        if case.restricted_to and p.id not in case.restricted_to:
            return f"{case.id} is restricted to named staff and {p.name} is not one of them."
        return None
