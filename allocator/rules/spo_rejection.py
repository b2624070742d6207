"""SPO rejection: on a re-solve, a practitioner the SPO rejected for a case is not proposed again.

Source: docs/domain.md "Decisions" (decisions are pinned when the day is re-solved).
"""

from collections.abc import Hashable

from allocator.problem.day import Day
from allocator.rules.base import PairRule
from models.case import Case
from models.staff import Practitioner


class SpoRejection(PairRule):
    """Excludes a practitioner the SPO rejected for this case."""

    name = "spo_rejection"
    title = "SPO rejection"
    applies_to = "both"
    quotable = True

    def case_key(self, day: Day, case: Case) -> Hashable:
        return (
            (case.id, tuple(case.rejected_practitioners)) if case.rejected_practitioners else None
        )

    def excludes(self, day: Day, case: Case, p: Practitioner) -> str | None:
        if p.id in case.rejected_practitioners:
            return f"The SPO rejected {p.name} for {case.id} on an earlier proposal today."
        return None
