"""Risk assessment first: a case whose risk screening is not complete goes to nobody.

Source: seed 003 ("NPS staff will complete risk assessments on all appropriate cases ...
before they are allocated"). Like the DIF gate, the case is listed as blocked with what to
complete, so that the SPO can act on it.
"""

from collections.abc import Hashable

from allocator.problem.day import Day
from allocator.rules.base import PairRule
from models.case import Case
from models.staff import Practitioner


class RiskAssessment(PairRule):
    """A case without a recorded RoSH, or with its assessment marked incomplete, is blocked."""

    name = "risk_assessment"
    title = "risk assessment complete"
    applies_to = "supervision"
    case_level = True

    def enabled(self, day: Day) -> bool:
        return day.policy.risk_assessment_gate

    def blocks_case(self, day: Day, case: Case) -> bool:
        return not day.safety[case.id].risk_assessed

    def case_key(self, day: Day, case: Case) -> Hashable:
        return day.safety[case.id].risk_assessed

    def excludes(self, day: Day, case: Case, p: Practitioner) -> str | None:
        if day.safety[case.id].risk_assessed:
            return None
        missing = (
            "the assessment is marked incomplete"
            if day.safety[case.id].rosh is not None
            else "no RoSH level is recorded"
        )
        return (
            f"The risk assessment for {case.id} is not complete ({missing}): it must be "
            "completed before the case is allocated."
        )
