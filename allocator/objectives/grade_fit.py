"""Grade fit: keep PO time for the cases only POs may hold (docs/domain.md "Grade fit").

Cost per allocated case when it goes to a PO although the policy lets another grade hold its
tier: 2 for a tier in risk band D (a PO only when no PSO or PQiP can take it), 1 otherwise (a
tier C case prefers a PSO when both are equally loaded).
"""

from allocator.objectives.base import PairCostObjective
from allocator.problem.day import Day
from models.enums import Grade


def _shared_with_other_grades(day: Day, tier: str) -> bool:
    memo = day.memo.setdefault("tiers_shared", {})
    assert isinstance(memo, dict)
    if tier not in memo:
        memo[tier] = any(
            a.grade != Grade.PO
            for r in day.policy.grade_rules
            if tier in r.tiers
            for a in r.allowances
        )
    return bool(memo[tier])


class GradeFit(PairCostObjective):
    name = "grade_fit"
    applies_to = "supervision"
    unit = "PO allocations of shared tiers"
    description = "Cases a PSO or PQiP could hold that go to a PO (tier D counts 2)."

    def pair_cost(self, day: Day, cid: str, pid: str) -> int:
        if day.staff_by_id[pid].grade != Grade.PO or not _shared_with_other_grades(
            day, day.tier[cid]
        ):
            return 0
        return 2 if day.band[cid] == "D" else 1

    def phrase(self, delta: int) -> str:
        return "use PO time on a case another grade can hold"
