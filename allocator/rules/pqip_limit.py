"""PQiP limit: PQiPs per POD within the POs past NQO, and PQiP caseloads within the policy cap.

Source: seed 000, POD principles 8 and 9 ("The number of PQiP learners allocated to each POD
will not exceed the number of qualified POs who have completed their NQO period"). In daily
allocation a POD over that ratio gives its PQiPs no new cases only where the policy says so
(``pqip_pod_limit_blocks``); by default the line is flagged for oversight instead
(``allocator.engine.line_oversight``, docs/domain.md "PQiP POD limit"). The policy's
``pqip_max_cases`` caps each PQiP's caseload.
"""

from collections import Counter
from collections.abc import Hashable

from allocator.problem.assignment import AssignmentState
from allocator.problem.day import Assignment, Day, po_past_nqo_count, pqip_count
from allocator.rules.base import AggregateRule, Limit, SameForAll, count_of, new_to
from models.case import Case
from models.enums import Grade
from models.staff import Practitioner


class PqipLimit(AggregateRule):
    """A PQiP in a POD over the ratio takes no new case; a PQiP's caseload stays within the cap."""

    name = "pqip_limit"
    title = "PQiP limit"
    applies_to = "supervision"
    quotable = True

    def _ratio_problem(self, day: Day, p: Practitioner) -> str | None:
        if not (day.policy.pqip_pod_ratio and day.policy.pqip_pod_limit_blocks):
            return None  # a planner check; in daily allocation the line is flagged instead
        learners, experienced = pqip_count(day, p.pod_id), po_past_nqo_count(day, p.pod_id)
        if learners <= experienced:
            return None
        return (
            f"POD {p.pod_id} has {count_of(learners, 'PQiP')} but only {count_of(experienced, 'PO')} past the NQO period, "
            f"so {p.name} takes no new cases (POD principle 8)."
        )

    def limits(self, day: Day, p: Practitioner) -> list[Limit]:
        cap = day.policy.pqip_max_cases
        if p.grade != Grade.PQIP or cap is None:
            return []
        x = SameForAll(day.case_ids, 1, day.report_ids)  # a report is not a case held
        leaving = {cid: -1 for cid in day.listed_held.get(p.id, [])}
        before = day.count_before[p.id]
        return [Limit(p.id, x, leaving, max(cap, before) - before)]

    def violation_at(self, day: Day, assignment: Assignment, p: Practitioner) -> str | None:
        if p.grade != Grade.PQIP:
            return None
        leaving = sum(1 for c in assignment if day.holder.get(c) == p.id)
        arriving = sum(1 for q in assignment.values() if q == p.id)
        return self._judge(day, p, bool(new_to(day, assignment, p.id)), leaving, arriving)

    def violations(self, day: Day, assignment: Assignment) -> list[tuple[str, str]]:
        learners = {p.id for p in day.holders() if p.grade == Grade.PQIP}
        arriving: Counter[str] = Counter(q for q in assignment.values() if q in learners)
        leaving: Counter[str] = Counter(
            h for c in assignment if (h := day.holder.get(c, "")) in learners
        )
        new = {q for c, q in assignment.items() if q in learners and day.holder.get(c) != q}
        out = []
        for pid in sorted(arriving):
            p = day.staff_by_id[pid]
            sentence = self._judge(day, p, pid in new, leaving[pid], arriving[pid])
            if sentence is not None:
                out.append((pid, sentence))
        return out

    def case_key(self, day: Day, case: Case) -> Hashable:
        return ()

    def excludes_new(self, day: Day, case: Case, p: Practitioner) -> bool:
        if p.grade != Grade.PQIP:
            return False
        return self._judge(day, p, True, len(day.listed_held.get(p.id, [])), 1) is not None

    def excludes(self, day: Day, case: Case, p: Practitioner) -> str | None:
        if p.grade != Grade.PQIP:
            return None
        others = len(day.listed_held.get(p.id, [])) - int(day.holder.get(case.id) == p.id)
        gets_new = day.holder.get(case.id) != p.id
        return self._judge(day, p, gets_new, others + int(not gets_new), 1)

    def violation_adding(
        self, day: Day, stats: AssignmentState, case: Case, p: Practitioner
    ) -> str | None:
        if p.grade != Grade.PQIP:
            return None
        held = day.holder.get(case.id) == p.id
        reports = stats.reports_of(p.id)
        gets_new = stats.new[p.id] - reports > 0 or not held
        return self._judge(
            day, p, gets_new, stats.leaving[p.id] + int(held), stats.arriving[p.id] - reports + 1
        )

    def _judge(
        self, day: Day, p: Practitioner, gets_new: bool, leaving: int, arriving: int
    ) -> str | None:
        if gets_new:
            ratio = self._ratio_problem(day, p)
            if ratio is not None:
                return ratio
        cap = day.policy.pqip_max_cases
        if cap is None:
            return None
        before = day.count_before[p.id]
        after = before - leaving + arriving
        if after > max(cap, before):
            return f"{p.name} holds {count_of(before, 'case')}; the PQiP caseload cap is {cap}."
        return None
