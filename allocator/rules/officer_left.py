"""Officer left: a case reallocated because its officer left never goes back to that officer.

Source: the live service's reallocation reason code "officer left"; docs/domain.md,
"Public-protection guards" (practitioner status). The rule reads the case alone, so it holds
even when the officer's leaving date is not recorded in the input.
"""

from collections.abc import Hashable

from allocator.problem.day import Day
from allocator.rules.base import PairRule
from models.case import Case
from models.enums import AllocationReason
from models.staff import Practitioner


def officers_who_left(case: Case) -> frozenset[str]:
    """The officer (current, else previous) whose leaving put ``case`` on the list."""
    if case.reason != AllocationReason.OFFICER_LEFT:
        return frozenset()
    return frozenset(
        pid
        for pid in (case.current_practitioner_id, case.previous_practitioner_id)
        if pid is not None
    )


class OfficerLeft(PairRule):
    """Excludes the officer whose leaving put the case on the list."""

    name = "officer_left"
    title = "officer left"
    applies_to = "both"
    quotable = True

    def case_key(self, day: Day, case: Case) -> Hashable:
        return officers_who_left(case)

    def excludes(self, day: Day, case: Case, p: Practitioner) -> str | None:
        if p.id not in officers_who_left(case):
            return None
        return (
            f"{case.id} is on the list because its officer left, so it does not go back to "
            f"{p.name}."
        )
