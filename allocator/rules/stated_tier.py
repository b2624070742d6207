"""Stated tier confirmed: where the policy says so, a case whose stated tier differs from the
tier its risk facts give waits for the SPO to confirm the tier.

Source: seed 003 ("risk of serious harm should be the guiding factor"); docs/domain.md, "RoSH
decides the grade": the line says so (policy ``tier_disagreement: warn``) or the case is
blocked until the tier is confirmed (``block``).
"""

from collections.abc import Hashable

from allocator.problem.day import Day
from allocator.rules.base import PairRule
from models.case import Case
from models.staff import Practitioner


def tier_disagreement(day: Day, case: Case) -> str | None:
    """'stated as tier C2, but its risk facts give B2', or None when they agree."""
    by_facts = day.facts_tier.get(case.id)
    if by_facts is None:
        return None
    return f"{case.id} is stated as tier {case.tier}, but its risk facts give tier {by_facts}"


class StatedTier(PairRule):
    """Blocks a case whose stated tier differs from its risk facts (policy: block)."""

    name = "stated_tier"
    title = "stated tier confirmed"
    applies_to = "supervision"
    case_level = True

    def enabled(self, day: Day) -> bool:
        return day.policy.tier_disagreement == "block"

    def blocks_case(self, day: Day, case: Case) -> bool:
        return case.id in day.facts_tier

    def case_key(self, day: Day, case: Case) -> Hashable:
        return case.id in day.facts_tier

    def excludes(self, day: Day, case: Case, p: Practitioner) -> str | None:
        said = tier_disagreement(day, case)
        if said is None:
            return None
        return f"{said}: the SPO must confirm the tier before the case is allocated."
