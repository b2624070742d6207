"""Transferred in on increased risk: such a case goes to a PO first.

Source: seed 003 (cases transferred in on increased risk first go to a PO; a PSO only later,
after a period of stability). The later move to a PSO is an SPO's recorded decision (an
override), never the engine's proposal.
"""

from collections.abc import Hashable

from allocator.problem.day import Day
from allocator.rules.base import PairRule
from models.case import Case
from models.enums import Grade
from models.staff import Practitioner


class IncreasedRiskTransfer(PairRule):
    """Excludes every grade but PO from a case transferred in on increased risk."""

    name = "increased_risk_transfer"
    title = "transfer in on increased risk"
    applies_to = "supervision"

    def enabled(self, day: Day) -> bool:
        return day.policy.increased_risk_transfer

    def case_key(self, day: Day, case: Case) -> Hashable:
        return case.transferred_on_increased_risk

    def staff_key(self, day: Day, p: Practitioner) -> Hashable:
        return p.grade

    def excludes(self, day: Day, case: Case, p: Practitioner) -> str | None:
        if not case.transferred_on_increased_risk or p.grade == Grade.PO:
            return None
        return (
            f"{p.name} is {p.grade.with_article}; a case transferred in on increased risk goes "
            "to a PO first (another grade only later, by an SPO's recorded decision)."
        )
