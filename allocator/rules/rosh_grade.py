"""RoSH decides the grade: a case with high or very high RoSH goes to a PO, whatever its tier.

Source: seed 003 ("all high risk of serious harm cases managed by qualified Probation
Officers"; "risk of serious harm should be the guiding factor"). A PO in the NQO period is a
qualified officer; the grade rules say whether an NQO may hold the tier.
"""

from collections.abc import Hashable

from allocator.problem.day import Day
from allocator.rules.base import PairRule
from models.case import Case
from models.enums import Grade, Rosh
from models.staff import Practitioner

HIGH_ROSH = frozenset({Rosh.HIGH, Rosh.VERY_HIGH})


def is_high_rosh(day: Day, case: Case) -> bool:
    """The case's resolved RoSH is high or very high."""
    return day.safety[case.id].rosh in HIGH_ROSH


class RoshGrade(PairRule):
    """Excludes every grade but PO from a high or very high RoSH case."""

    name = "rosh_grade"
    title = "RoSH decides the grade"
    applies_to = "supervision"

    def enabled(self, day: Day) -> bool:
        return day.policy.rosh_grade

    def case_key(self, day: Day, case: Case) -> Hashable:
        return is_high_rosh(day, case)

    def staff_key(self, day: Day, p: Practitioner) -> Hashable:
        return p.grade

    def excludes(self, day: Day, case: Case, p: Practitioner) -> str | None:
        if p.grade == Grade.PO or not is_high_rosh(day, case):
            return None
        rosh = day.safety[case.id].rosh
        assert rosh is not None
        level = rosh.value.replace("_", " ")
        return (
            f"{p.name} is {p.grade.with_article}; a case with {level} RoSH is held by a "
            f"qualified PO only, whatever its stated tier ({day.tier[case.id]})."
        )
