"""Cohort mix: keep each caseload mixed rather than concentrated in one heavy cohort.

Seed 001 ("reducing the emotional burden of managing particular cohorts"). For each
practitioner who could take a heavy-cohort case today and each heavy cohort (sexual offending,
domestic abuse, MAPPA): limit = floor(share% x (caseload before + 1)), and the term is the sum of
max(0, cohort cases after - limit).
"""

import math

from allocator.objectives.base import ExcessItem, ExcessSpec, Objective, TermSpec
from allocator.problem.assignment import AssignmentState
from allocator.problem.day import HEAVY_COHORTS, Assignment, Day
from allocator.rules.eligibility import Eligibility


def _limit(day: Day, pid: str) -> int:
    return math.floor(day.policy.cohort_max_share_pct / 100 * (day.count_before[pid] + 1))


def _counted(day: Day, elig: Eligibility, pid: str, cohort: str) -> bool:
    """Whether the term counts ``pid``'s ``cohort``: they could take a case of it today."""
    return any(cohort in day.cohorts[c.id] and pid in elig.candidates[c.id] for c in day.cases)


def _count(day: Day, assignment: Assignment, pid: str, cohort: str) -> int:
    """``pid``'s cases of ``cohort`` after ``assignment``."""
    count = day.cohort_before[pid][cohort]
    for cid, q in assignment.items():
        if cohort in day.cohorts[cid]:
            count += int(q == pid)
        if day.holder.get(cid) == pid and cohort in day.held_cohorts[cid]:
            count -= 1
    return count


def _items(day: Day, elig: Eligibility) -> list[ExcessItem]:
    items = []
    for pid in elig.receivers():
        for cohort in HEAVY_COHORTS:
            arriving = tuple(
                c.id
                for c in day.cases
                if cohort in day.cohorts[c.id] and pid in elig.candidates[c.id]
            )
            if not arriving:
                continue
            # A held case leaves with the cohorts it is held with (its holding's flags), as
            # ``score`` and ``cohort_before`` count it; its new flags arrive with it.
            leaving = tuple(
                c.id
                for c in day.cases
                if day.holder.get(c.id) == pid and cohort in day.held_cohorts.get(c.id, ())
            )
            items.append(
                ExcessItem(pid, day.cohort_before[pid][cohort], _limit(day, pid), arriving, leaving)
            )
    return items


class CohortMix(Objective):
    name = "cohort_mix"
    applies_to = "supervision"
    unit = "heavy-cohort cases over the share"
    description = "Heavy-cohort cases above the policy's share of each caseload."

    def spec(self, day: Day, elig: Eligibility) -> TermSpec:
        return ExcessSpec(tuple(_items(day, elig)))

    combine = "sum"

    def score(self, day: Day, elig: Eligibility, assignment: Assignment) -> int:
        return self._over(day, elig, assignment, [c.id for c in day.cases])

    def score_part(
        self,
        day: Day,
        elig: Eligibility,
        assignment: Assignment,
        cases: list[str],
        scope: list[str],
    ) -> int:
        """The excess of the practitioners the part's cases may go to: each is counted for
        the cohorts of the cases that may go to them, all of which are in their PDU's part,
        and their held cases on the list are in it too (the large method splits a day only
        then: ``after.parts_independent``), so the parts' sums add up to ``score``."""
        return self._over(day, elig, assignment, cases)

    def _over(self, day: Day, elig: Eligibility, assignment: Assignment, cases: list[str]) -> int:
        counted: set[tuple[str, str]] = set()
        seen: set[tuple[int, str]] = set()  # alike cases share a candidate list: read it once
        for cid in cases:
            cands = elig.candidates[cid]
            for cohort in day.cohorts[cid]:
                if (id(cands), cohort) not in seen:
                    seen.add((id(cands), cohort))
                    counted.update((pid, cohort) for pid in cands)
        count = {(pid, k): day.cohort_before[pid][k] for pid, k in counted}
        for cid, q in assignment.items():
            for k in day.cohorts[cid]:
                if (q, k) in count:
                    count[(q, k)] += 1
            holder = day.holder.get(cid)
            for k in day.held_cohorts.get(cid, ()) if holder is not None else ():
                if (holder, k) in count:
                    count[(holder, k)] -= 1
        return sum(max(0, n - _limit(day, pid)) for (pid, _), n in count.items())

    def reassign_delta(
        self, day: Day, elig: Eligibility, view: AssignmentState, cid: str, pid: str
    ) -> int:
        old = view.assignment[cid]
        delta = 0
        if old == pid:
            return 0
        for cohort in day.cohorts[cid]:
            for q, change in ((old, -1), (pid, 1)):
                if _counted(day, elig, q, cohort):
                    count, limit = _count(day, view.assignment, q, cohort), _limit(day, q)
                    delta += max(0, count + change - limit) - max(0, count - limit)
        return delta

    def phrase(self, delta: int) -> str:
        # Named by the neutral title only: which cohort is offence-related data about the case.
        return "concentrate one cohort in one caseload (caseload mix)"
