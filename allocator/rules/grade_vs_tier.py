"""Grade vs tier: which grades may hold which tiers, as the policy's grade rules say.

Sources: seed 001 (mixed caseloads: A and B any PO grade; C PO or PSO; D mostly PSO) and seed
003 (NPS 2016: C1 PSO with demonstrated competency; PQiP learners may hold C1 medium-risk
sexual-offence cases at an appropriate point in training; D1 low-risk sexual offending to a
PSO only after the relevant training). The table is policy data; this rule only reads it.

Under every policy a fall in risk never forces a case off its holder (seed 003: "re-allocation
of cases may not automatically follow a reduction in risk"; seed 000: continuity): the
practitioner who holds a case whose tier fell to a lower risk band may keep it when their grade
may hold the tier it was held at, even where the new tier's row does not list their grade.
"""

from collections.abc import Hashable

from allocator.problem.day import Day
from allocator.rules.base import PairRule
from models.case import Case
from models.enums import CASE_HOLDING_GRADES, Grade, Rosh
from models.policy import GradeAllowance, GradeRule
from models.staff import Practitioner

_ROSH_WORDS = {
    Rosh.LOW: "low",
    Rosh.MEDIUM: "medium",
    Rosh.HIGH: "high",
    Rosh.VERY_HIGH: "very high",
}


def _allowance_problem(
    day: Day, case: Case, p: Practitioner, a: GradeAllowance, tier: str
) -> str | None:
    """Why allowance ``a`` does not let ``p`` hold ``case``, or None when it does."""
    if a.only_if_flag is not None and a.only_if_flag not in case.flags:
        # The flag is offence-related data: named by the policy's grade rules, not here.
        return f"{p.grade.with_article} holds tier {tier} only for a case category the grade rules name"
    if a.max_rosh is not None and (case.rosh is None or case.rosh.order > a.max_rosh.order):
        return f"{p.grade.with_article} holds tier {tier} only at {_ROSH_WORDS[a.max_rosh]} RoSH or below"
    if not a.nqo_allowed and day.nqo[p.id]:
        return f"an NQO may not hold tier {tier}"
    conditional = a.requirements_only_if_flag
    if conditional is None or conditional in case.flags:
        if a.competency is not None and a.competency not in p.competencies:
            if conditional is not None:
                # A requirement that applies because of a flag would reveal the flag (and such
                # competencies are named after it): the sentence stays neutral.
                return f"{p.grade.with_article} holds tier {tier} only with an SPO-confirmed competency this case needs"
            return f"{p.grade.with_article} holds tier {tier} only with the SPO-confirmed competency '{a.competency}'"
        if a.min_pqip_stage is not None and (p.pqip_stage or 0) < a.min_pqip_stage:
            return (
                f"a PQiP holds tier {tier} only from training stage {a.min_pqip_stage} "
                f"({p.name} is at stage {p.pqip_stage or 'unknown'})"
            )
    return None


class GradeVsTier(PairRule):
    """Excludes a practitioner whose grade (and its conditions) may not hold the case's tier."""

    name = "grade_vs_tier"
    title = "grade vs tier"
    applies_to = "supervision"

    def case_key(self, day: Day, case: Case) -> Hashable:
        return (day.tier[case.id], case.rosh, tuple(sorted(case.flags)))

    def staff_key(self, day: Day, p: Practitioner) -> Hashable:
        return (p.grade, day.nqo[p.id], tuple(sorted(p.competencies)), p.pqip_stage)

    def excludes_new(self, day: Day, case: Case, p: Practitioner) -> bool:
        return self._verdict(day, case, p, day.tier[case.id]) is not None

    def excludes(self, day: Day, case: Case, p: Practitioner) -> str | None:
        verdict = self._verdict(day, case, p, day.tier[case.id])
        if verdict is not None and risk_fell_for_holder(day, case, p):
            held = day.held_tier[case.id]
            if self._verdict(day, case, p, held) is None:
                return None  # seed 003: a reduction in risk does not by itself move a case
        return verdict

    def _verdict(self, day: Day, case: Case, p: Practitioner, tier: str) -> str | None:
        if p.grade not in CASE_HOLDING_GRADES:
            return f"{p.name} is {p.grade.with_article}, a grade that holds no cases."
        rules, allowances = _allowances(day, tier, p.grade)
        if not rules:
            return f"The policy has no grade rule for tier {tier}, so nobody may hold it."
        if not allowances:
            allowed = sorted({a.grade.label for r in rules for a in r.allowances})
            return f"Tier {tier} is held by {' or '.join(allowed)} grades only; {p.name} is {p.grade.with_article}."
        problems = [_allowance_problem(day, case, p, a, tier) for a in allowances]
        if any(problem is None for problem in problems):
            return None
        first = next(problem for problem in problems if problem is not None)
        return f"{p.name} may not hold this case: {first}."


def _allowances(day: Day, tier: str, grade: Grade) -> tuple[list[GradeRule], list[GradeAllowance]]:
    """The policy's grade rules for ``tier`` and their allowances for ``grade``, read off the
    policy once per day and (tier, grade): a region asks them for 100,000 pairs."""
    table = day.memo.setdefault("grade_allowances", {})
    assert isinstance(table, dict)
    found = table.get((tier, grade))
    if found is None:
        rules = [r for r in day.policy.grade_rules if tier in r.tiers]
        allowances = [a for r in rules for a in r.allowances if a.grade == grade]
        found = table[(tier, grade)] = (rules, allowances)
    return found  # type: ignore[no-any-return]


def risk_fell_for_holder(day: Day, case: Case, p: Practitioner) -> bool:
    """``p`` holds ``case`` and its tier on the list is in a lower risk band than as held."""
    if day.holder.get(case.id) != p.id or case.id not in day.held_tier:
        return False
    held = day.policy.tier(day.held_tier[case.id])
    return held is not None and day.band[case.id] > held.risk_band
