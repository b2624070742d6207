"""The independent checker: re-validates any proposal from the models and the rules alone.

It never imports the solver (``allocator.solve``): it rebuilds the day, asks every pair rule
about every line and every aggregate rule about every practitioner, checks that every case is
accounted for once, and recomputes every figure the proposal reports: each line's workloads,
practitioner, counts, alternatives and the names its reason mentions (``checking.lines``),
each blocked case's blocking set (``checking.blocked``), each objective term's value,
bound, the status and the gap (``checking.objective``), and on a court day each line's report
and the PO share (``checking.court``).
"""

from collections import Counter
from functools import partial

from allocator.checking.blocked import check_blocked
from allocator.checking.court import check_court
from allocator.checking.lines import check_lines
from allocator.checking.names import NameFinder
from allocator.checking.objective import check_objective
from allocator.problem.assignment import AssignmentState
from allocator.problem.collector import collector_paused
from allocator.problem.day import Day, build_day
from allocator.problem.digest import input_digest
from allocator.rules.base import original_method
from allocator.rules.eligibility import compute_eligibility
from allocator.rules.registry import AGGREGATE_RULES, PAIR_RULES
from allocator.rules.visor import Visor, is_visor_ready, needs_visor, transitional_access
from models.check import Violation
from models.enums import VisorMode
from models.policy import Policy
from models.proposal import Proposal
from models.scenario import Scenario

_TOLERANCE_PCT = 0.051


def check(
    scenario: Scenario,
    policy: Policy,
    proposal: Proposal,
    known_digest: str | None = None,
) -> list[Violation]:
    """Every way ``proposal`` breaks a hard rule or misreports ``scenario``; empty when valid.

    ``known_digest`` is the input digest of these same ``scenario`` and ``policy`` objects
    under the proposal's digest scheme, when the caller already has it in this process (the
    command line checks the proposal that ``propose`` has just made from them, and ``propose``
    computed it): the proposal's digest is compared with it instead of hashing the input
    again. Without it (a proposal read from a file), the digest is recomputed here.
    """
    with collector_paused():
        return _check(scenario, policy, proposal, known_digest)


def _check(
    scenario: Scenario, policy: Policy, proposal: Proposal, known_digest: str | None
) -> list[Violation]:
    day = build_day(scenario, policy)
    out: list[Violation] = []
    if known_digest is None:
        known_digest = input_digest(scenario, policy, proposal.run.digest_scheme)
    if proposal.run.input_digest != known_digest:
        out.append(
            Violation(
                rule="proposal",
                message="The proposal was made from a different scenario or policy (input digest differs).",
            )
        )
    listed = Counter(
        [line.case_id for line in proposal.lines] + [b.case_id for b in proposal.blocked]
    )
    for cid, n in sorted(listed.items()):
        if cid not in day.case_by_id:
            out.append(
                Violation(
                    rule="proposal", case_id=cid, message=f"Case {cid} is not in the scenario."
                )
            )
        elif n > 1:
            out.append(
                Violation(rule="proposal", case_id=cid, message=f"Case {cid} appears {n} times.")
            )
    for c in day.cases:
        if c.id not in listed:
            out.append(
                Violation(
                    rule="proposal",
                    case_id=c.id,
                    message=f"Case {c.id} is neither allocated nor listed as blocked.",
                )
            )
    assignment: dict[str, str] = {}
    for line in proposal.lines:
        if line.practitioner_id not in day.staff_by_id:
            out.append(
                Violation(
                    rule="proposal",
                    case_id=line.case_id,
                    practitioner_id=line.practitioner_id,
                    message=f"Practitioner {line.practitioner_id} is not in the scenario.",
                )
            )
        elif line.case_id in day.case_by_id:
            assignment[line.case_id] = line.practitioner_id
    out += _rule_violations(day, assignment)
    out += _reported_figures(day, proposal, assignment)
    elig = compute_eligibility(day)
    state = AssignmentState.of(day, assignment)
    names = NameFinder(p.name for p in day.staff)
    out += check_lines(day, elig, proposal.lines, state, names)
    out += check_blocked(day, elig, proposal.blocked, state, names)
    out += check_objective(day, elig, proposal, assignment)
    out += check_court(day, proposal, assignment)
    return out


def check_assignment(
    scenario: Scenario, policy: Policy, assignment: dict[str, str]
) -> list[Violation]:
    """Every hard rule broken by a bare assignment (case id -> practitioner id), for results
    that are not proposals (the benchmarks' baselines)."""
    return _rule_violations(build_day(scenario, policy), assignment)


def _rule_violations(day: Day, assignment: dict[str, str]) -> list[Violation]:
    """Every pair rule on every allocated pair, every aggregate rule on the whole assignment."""
    out: list[Violation] = []
    rules = [r for r in PAIR_RULES if r.enabled(day)]
    # Each case is asked the rules of its kind, through their own ``excludes`` (a rule of the
    # other kind allows without running: ``RuleFacts``), in registry order.
    of_kind = {
        report: [
            (rule, partial(original_method(type(rule).excludes), rule))
            for rule in rules
            if rule.applies_to == "both" or (rule.applies_to == "reports") == report
        ]
        for report in (False, True)
    }
    for cid, pid in sorted(assignment.items()):
        case, p = day.case_by_id[cid], day.staff_by_id[pid]
        for rule, excludes in of_kind[case.report is not None]:
            sentence = excludes(day, case, p)
            if sentence is not None:
                out.append(
                    Violation(rule=rule.name, case_id=cid, practitioner_id=pid, message=sentence)
                )
    for rule in AGGREGATE_RULES:
        if rule.enabled(day):
            out += [
                Violation(rule=rule.name, practitioner_id=pid, message=sentence)
                for pid, sentence in rule.violations(day, assignment)
            ]
    return out


def _reported_figures(day: Day, proposal: Proposal, assignment: dict[str, str]) -> list[Violation]:
    """The tier, points, workloads and ViSOR colleague each line reports, recomputed."""
    out = []
    after = day.load_after(assignment)
    for line in proposal.lines:
        cid, pid = line.case_id, line.practitioner_id
        if assignment.get(cid) != pid:
            continue
        avail = day.available[pid]
        expected = {
            "tier": (line.tier, day.tier_label(cid)),
            "points": (line.points, day.points[cid]),
        }
        for field, (got, want) in expected.items():
            if got != want:
                out.append(
                    Violation(
                        rule="proposal",
                        case_id=cid,
                        practitioner_id=pid,
                        message=f"Line reports {field} {got}; the scenario gives {want}.",
                    )
                )
        for field, got, points in (
            ("workload before", line.workload_before_pct, day.load_before[pid]),
            ("workload after", line.workload_after_pct, after[pid]),
        ):
            want_pct = points * 100 / avail if avail else 0.0
            if abs(got - want_pct) > _TOLERANCE_PCT and avail:
                out.append(
                    Violation(
                        rule="proposal",
                        case_id=cid,
                        practitioner_id=pid,
                        message=f"Line reports {field} {got:.1f}%; recomputed {want_pct:.1f}%.",
                    )
                )
        case, p = day.case_by_id[cid], day.staff_by_id[pid]
        expected_from = (
            case.current_practitioner_id
            if case.current_practitioner_id not in (None, pid)
            else None
        )
        if line.moved_from != expected_from:
            out.append(
                Violation(
                    rule="proposal",
                    case_id=cid,
                    practitioner_id=pid,
                    message=f"Line reports moved_from {line.moved_from}; the case moves from {expected_from}.",
                )
            )
        if (
            needs_visor(day, case)
            and not is_visor_ready(p)
            and day.policy.visor_mode == VisorMode.TRANSITIONAL
        ):
            colleague = day.staff_by_id.get(line.visor_colleague_id or "")
            through_team = (
                colleague is None and transitional_access(day, case, p) == "regional team"
            )
            if not through_team and (
                colleague is None
                or not is_visor_ready(colleague)
                or day.absent[colleague.id]
                or day.pdu_of_staff[colleague.id] != day.pdu_of_staff[pid]
            ):
                out.append(
                    Violation(
                        rule=Visor.name,
                        case_id=cid,
                        practitioner_id=pid,
                        message="A non-vetted practitioner holds a ViSOR case without a named, available, vetted and trained colleague in the PDU.",
                    )
                )
    return out
