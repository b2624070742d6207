"""Each blocked case, confirmed: nobody of its PDU could take it on top of the proposal, the
blocking rules really block it (every practitioner of the PDU fails at least one, and none of
them is redundant), and its counts, near misses and named practitioners are as recomputed.

A practitioner's failures are the pair rules they fail for the case or, when they fail none,
the aggregate rules that taking the case on top of the proposal would break, as the
explanations define them.
"""

from collections import Counter

from allocator.checking.names import NameFinder
from allocator.problem.assignment import AssignmentState
from allocator.problem.day import Day
from allocator.rules.eligibility import Eligibility
from allocator.rules.pdu_scope import PduScope
from allocator.rules.registry import AGGREGATE_RULES, RULES_BY_NAME
from models.check import Violation
from models.proposal import BlockedCase

_PCT_TOLERANCE = 0.051


def check_blocked(
    day: Day,
    elig: Eligibility,
    blocked: list[BlockedCase],
    state: AssignmentState,
    names: NameFinder,
) -> list[Violation]:
    """Every blocked case that could be allocated, or whose blocking set or figures are wrong."""
    out: list[Violation] = []
    aggregates = [r for r in AGGREGATE_RULES if r.enabled(day)]
    for b in blocked:
        if b.case_id not in day.case_by_id or b.case_id in state.assignment:
            continue  # reported as unknown or listed twice
        case = day.case_by_id[b.case_id]
        failed: dict[str, set[str]] = {}
        for pid in elig.pdu_staff(case.id):
            found = set(elig.failed_names(case.id, pid))
            if not found:
                p = day.staff_by_id[pid]
                found = {r.name for r in aggregates if r.violation_adding(day, state, case, p)}
            failed[pid] = found
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
        out += [
            Violation(rule="proposal", case_id=case.id, message=m)
            for m in _figures(day, b, failed, state, names)
        ]
    return out


def _figures(
    day: Day,
    b: BlockedCase,
    failed: dict[str, set[str]],
    state: AssignmentState,
    names: NameFinder,
) -> list[str]:
    case = day.case_by_id[b.case_id]
    out = []
    if b.tier != day.tier[case.id]:
        out.append(f"Blocked case reports tier {b.tier}; the scenario gives {day.tier[case.id]}.")
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
    pdu_names = {day.staff_by_id[pid].name for pid in failed}
    strangers = sorted(names.find(b.reason) - pdu_names)
    if strangers:
        out.append(
            f"The reason names {', '.join(strangers)}, who is not a practitioner of the case's PDU."
        )
    return out
