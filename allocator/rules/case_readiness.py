"""Case readiness: the Diversity Information Form is complete before allocation.

Source: seed 002 (Case administrator changes, November 2021): "ensure any protective
characteristics are recorded and that there is no missing data before the case is allocated".
"""

from collections.abc import Hashable

from allocator.problem.day import Day
from allocator.rules.base import PairRule
from models.case import Case
from models.staff import Practitioner


class CaseReadiness(PairRule):
    """A case with an incomplete Diversity Information Form goes to nobody."""

    name = "case_readiness"
    title = "case readiness (DIF)"
    applies_to = "supervision"
    case_level = True

    def blocks_case(self, day: Day, case: Case) -> bool:
        return not day.safety[case.id].dif_complete

    def enabled(self, day: Day) -> bool:
        return day.policy.dif_gate

    def case_key(self, day: Day, case: Case) -> Hashable:
        return day.safety[case.id].dif_complete

    def excludes(self, day: Day, case: Case, p: Practitioner) -> str | None:
        if day.safety[case.id].dif_complete:
            return None
        return (
            f"The Diversity Information Form for {case.id} is incomplete: the case administrator "
            "must complete it before the case is allocated."
        )
