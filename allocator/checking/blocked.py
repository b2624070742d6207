"""Each blocked case, confirmed: nobody of its PDU could take it on top of the proposal, the
blocking rules really block it (every practitioner of the PDU fails at least one, and none of
them is redundant), and its counts, near misses and named practitioners are as recomputed.

A practitioner's failures are the pair rules they fail for the case or, when they fail none,
the aggregate rules that taking the case on top of the proposal would break, as the
explanations define them.
"""

from collections import Counter
from collections.abc import Hashable

from allocator.checking.names import NameFinder
from allocator.problem.assignment import AssignmentState
from allocator.problem.day import Day
from allocator.rules.eligibility import Eligibility
from allocator.rules.pdu_scope import PduScope
from allocator.rules.registry import AGGREGATE_RULES, RULES_BY_NAME
from models.case import Case
from models.check import Violation
from models.proposal import BlockedCase

_PCT_TOLERANCE = 0.051


class _FailedSets:
    """Per blocked case, each practitioner of its PDU and the rules they fail for it.

    A region proposal blocks tens of thousands of cases against a hundred or more staff each.
    The rules' verdicts come off eligibility's class tables (``failed_names_by_staff``); the
    aggregate rules, asked only of practitioners no rule excludes outright, read of a case only
    its ``case_key`` (for a practitioner who does not hold it), so their verdicts are shared by
    the cases that agree on it; the pair of a case and its holder is evaluated on its own.
    """

    def __init__(self, day: Day, elig: Eligibility, state: AssignmentState) -> None:
        self.day, self.elig, self.state = day, elig, state
        self.aggregates = [r for r in AGGREGATE_RULES if r.enabled(day)]
        self._memo: dict[tuple[Hashable, str], frozenset[str]] = {}

    def _adding(self, case: Case, pid: str) -> frozenset[str]:
        p = self.day.staff_by_id[pid]
        return frozenset(
            r.name for r in self.aggregates if r.violation_adding(self.day, self.state, case, p)
        )

    def of(self, case: Case) -> dict[str, frozenset[str]]:
        """The failed rules of every practitioner of the case's PDU."""
        failed = self.elig.failed_names_by_staff(case.id)
        holder = self.day.holder.get(case.id)
        key: Hashable = None
        for pid, names in failed.items():
            if names:
                continue
            if pid == holder:
                failed[pid] = self._adding(case, pid)
                continue
            if key is None:
                key = tuple(r.case_key(self.day, case) for r in self.aggregates)
            found = self._memo.get((key, pid))
            if found is None:
                found = self._memo[(key, pid)] = self._adding(case, pid)
            failed[pid] = found
        return failed


def check_blocked(
    day: Day,
    elig: Eligibility,
    blocked: list[BlockedCase],
    state: AssignmentState,
    names: NameFinder,
) -> list[Violation]:
    """Every blocked case that could be allocated, or whose blocking set or figures are wrong."""
    out: list[Violation] = []
    sets = _FailedSets(day, elig, state)
    pdu_names: dict[str, set[str]] = {}
    for b in blocked:
        if b.case_id not in day.case_by_id or b.case_id in state.assignment:
            continue  # reported as unknown or listed twice
        case = day.case_by_id[b.case_id]
        failed = sets.of(case)
        free = next((pid for pid, f in failed.items() if not f), None)
        if free is not None:
            out.append(
                Violation(
                    rule="proposal",
                    case_id=case.id,
                    practitioner_id=free,
                    message=f"Case {case.id} is listed as blocked but "
                    f"{day.staff_by_id[free].name} could take it without breaking a hard rule.",
                )
            )
            continue
        if case.pdu_id not in pdu_names:
            pdu_names[case.pdu_id] = {day.staff_by_id[pid].name for pid in failed}
        out += [
            Violation(rule="proposal", case_id=case.id, message=m)
            for m in _figures(day, b, failed, state, names, pdu_names[case.pdu_id])
        ]
    return out


def _figures(
    day: Day,
    b: BlockedCase,
    failed: dict[str, frozenset[str]],
    state: AssignmentState,
    names: NameFinder,
    pdu_names: set[str],
) -> list[str]:
    case = day.case_by_id[b.case_id]
    out = []
    if b.tier != day.tier_label(case.id):
        out.append(
            f"Blocked case reports tier {b.tier}; the scenario gives {day.tier_label(case.id)}."
        )
    if b.reason_on_list != case.reason.value:
        out.append("Blocked case reports a reason on list the scenario does not give.")
    if not failed:
        others = len(day.holders())
        want_rules = [PduScope.name] if others else []
        want_counts = {PduScope.name: others} if others else {}
        if b.blocking_rules != want_rules or b.excluded_by_rule != want_counts:
            out.append(
                f"No practitioner works in PDU {case.pdu_id}: the blocking rules are "
                f"{want_rules} with counts {want_counts}, not {b.blocking_rules} with "
                f"{b.excluded_by_rule}."
            )
        if names.find(b.reason):
            out.append("The reason names a practitioner though nobody works in the case's PDU.")
        return out
    unknown = [r for r in b.blocking_rules if r not in RULES_BY_NAME]
    if unknown:
        out.append(f"Blocking rules {unknown} are not hard rules.")
    chosen = set(b.blocking_rules)
    uncovered = sorted(pid for pid, f in failed.items() if not f & chosen)
    if uncovered:
        out.append(
            f"The blocking rules {b.blocking_rules} do not block the case: "
            f"{', '.join(uncovered)} fail none of them."
        )
    for rule in b.blocking_rules:
        rest = chosen - {rule}
        if rest and all(f & rest for f in failed.values()):
            out.append(f"Blocking rule {rule} is redundant: the others block the case without it.")
    counts = dict(sorted(Counter(r for f in failed.values() for r in f).items()))
    if b.excluded_by_rule != counts:
        out.append(
            f"Blocked case reports exclusions {b.excluded_by_rule}; the rules give {counts}."
        )
    order = list(RULES_BY_NAME)
    for near in b.nearest:
        p = day.staff_by_id.get(near.practitioner_id)
        if p is None or near.practitioner_id not in failed:
            out.append(f"Near miss {near.practitioner_id} is not a practitioner of the case's PDU.")
            continue
        if (near.practitioner_name, near.grade) != (p.name, p.grade.value):
            out.append(
                f"Near miss {p.id} is reported as {near.practitioner_name} ({near.grade}); "
                f"the scenario gives {p.name} ({p.grade.value})."
            )
        want_pct = day.pct(p.id, state.load[p.id])
        if abs(near.workload_pct - want_pct) > _PCT_TOLERANCE:
            out.append(
                f"Near miss {p.id} reports workload {near.workload_pct:.1f}%; "
                f"recomputed {want_pct:.1f}%."
            )
        want_rules = sorted(failed[p.id], key=order.index)
        if near.failed_rules != want_rules:
            out.append(
                f"Near miss {p.id} reports failing {near.failed_rules}; they fail {want_rules}."
            )
    strangers = sorted(names.find(b.reason) - pdu_names)
    if strangers:
        out.append(
            f"The reason names {', '.join(strangers)}, who is not a practitioner of the case's PDU."
        )
    return out
