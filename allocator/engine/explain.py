"""Reasons an SPO can repeat in a management-oversight entry.

Two layers (STYLE.md, "Results that explain themselves"): the rule sentences that excluded the
other practitioners, and the objective terms that separated the chosen one from the next best.
Alternatives are priced by moving the one case and holding the rest of the proposal still;
a blocked case is diagnosed against the proposal as it stands, so "what blocks it" is exact.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations
from typing import Literal

from allocator.engine.court import line_report, report_topic
from allocator.engine.trusted import trusted
from allocator.objectives.base import Objective
from allocator.problem.assignment import AssignmentState
from allocator.problem.day import Assignment, Day
from allocator.rules.base import AggregateRule
from allocator.rules.eligibility import Eligibility
from allocator.rules.pdu_scope import PduScope
from allocator.rules.registry import AGGREGATE_RULES, RULES_BY_NAME
from allocator.rules.visor import is_visor_ready, needs_visor, visor_colleague
from models.case import Case
from models.proposal import Alternative, BlockedCase, LineOversight, NearMiss, ProposalLine

Ranked = list[tuple[int, int, Objective]]

_NO_OVERSIGHT = LineOversight()
"""A line's oversight until ``line_oversight.annotate`` sets it (replaced, never mutated)."""


@dataclass(frozen=True)
class Pin:
    """An SPO's decision that fixes a line on a re-solve."""

    practitioner_id: str
    decided: Literal["approved", "overridden"]
    note: str = ""


def _title(rule: str) -> str:
    return RULES_BY_NAME[rule].title


def _counts_phrase(counts: dict[str, int], most: int = 3) -> str:
    return _phrase_of_counts(tuple(counts.items()), most)


@lru_cache(maxsize=4096)
def _phrase_of_counts(counts: tuple[tuple[str, int], ...], most: int) -> str:
    """Cases of one eligibility class share their counts: a region has 50,000 lines and a few
    thousand distinct phrases."""
    items = sorted(counts, key=lambda kv: (-kv[1], kv[0]))
    shown = [f"{_title(r)} {n}" for r, n in items[:most]]
    if len(items) > most:
        shown.append(f"other rules {sum(n for _, n in items[most:])}")
    return ", ".join(shown)


def _first_failures(day: Day, elig: Eligibility, cid: str) -> dict[str, int]:
    """Excluded practitioners counted under the first rule each failed (registry order)."""
    return elig.first_failure_counts(cid)


def _delta_vector(
    day: Day, elig: Eligibility, view: AssignmentState, ranked: Ranked, cid: str, pid: str
) -> tuple[list[int], dict[str, int]]:
    per_term = {o.name: o.reassign_delta(day, elig, view, cid, pid) for _, _, o in ranked}
    by_rank: dict[int, int] = {}
    for rank, weight, o in ranked:
        by_rank[rank] = by_rank.get(rank, 0) + weight * per_term[o.name]
    return [by_rank[r] for r in sorted(by_rank)], per_term


def _cheapest_alternatives(
    day: Day,
    elig: Eligibility,
    view: AssignmentState,
    ranked: Ranked,
    cid: str,
    pool: list[str],
    n: int,
) -> list[tuple[str, dict[str, int]]]:
    """The ``n`` practitioners of ``pool`` whose move would cost least, in the order of
    ``sorted(pool, key=(_delta_vector(...)[0], q))``, each with every term's change.

    The same answer as pricing every term for every candidate and sorting, priced rank by
    rank: a rank's terms are priced only for the candidates still tied on every rank before
    it among those that can still be among the first ``n``. Continuity and the pair terms
    separate most candidates early, so the state-dependent terms ranked later (utilisation,
    fair flow, cohort mix) are priced for a few of the forty-odd eligible."""
    by_rank: dict[int, list[tuple[int, Objective]]] = {}
    for rank, weight, o in ranked:
        by_rank.setdefault(rank, []).append((weight, o))
    levels = [by_rank[r] for r in sorted(by_rank)]
    priced: dict[str, dict[str, int]] = {q: {} for q in pool}

    def term(q: str, o: Objective) -> int:
        known = priced[q]
        if o.name not in known:
            known[o.name] = o.reassign_delta(day, elig, view, cid, q)
        return known[o.name]

    def first(group: list[str], level: int, need: int) -> list[str]:
        if level == len(levels) or len(group) == 1:
            return sorted(group)[:need]
        tied: dict[int, list[str]] = {}
        members = levels[level]
        if len(members) == 1:  # most ranks hold one term
            ((w, o),) = members
            for q in group:
                tied.setdefault(w * term(q, o), []).append(q)
        else:
            for q in group:
                tied.setdefault(sum(w * term(q, o) for w, o in members), []).append(q)
        out: list[str] = []
        for value in sorted(tied):
            out += first(tied[value], level + 1, need - len(out))
            if len(out) >= need:
                break
        return out

    chosen = first(pool, 0, n) if pool and n > 0 else []
    return [(q, {o.name: term(q, o) for _, _, o in ranked}) for q in chosen]


def _alternative_summary(ranked: Ranked, per_term: dict[str, int]) -> tuple[str, list[str]]:
    """The first rank at which the alternative differs, as a verb phrase and the term names."""
    ranks = sorted({r for r, _, _ in ranked})
    for rank in ranks:
        members = [(w, o) for r, w, o in ranked if r == rank]
        total = sum(w * per_term[o.name] for w, o in members)
        if total > 0:
            worse = [o for _, o in members if per_term[o.name] > 0]
            return "would " + "; ".join(o.phrase(per_term[o.name]) for o in worse), [
                o.name for o in worse
            ]
        if total < 0:
            better = [o.name for _, o in members if per_term[o.name] < 0]
            return f"would improve {', '.join(better)}, but only by moving other cases too", []
    return "is equally good on every term, so either would do", []


def _no_room(
    day: Day,
    view: AssignmentState,
    aggregates: list[AggregateRule],
    case: Case,
    q: str,
    holder: str | None,
) -> bool:
    """Whether moving allocated ``case`` to ``q`` breaks an aggregate rule for ``q``.

    Aggregate rules bind per practitioner, and ``q``'s own figures do not depend on where
    else the case is, so for anyone but the case's holder this is the rules' constant-time
    check of adding it (``violation_adding``). The holder's figures do (an allocated held
    case leaves its old points with them): there the rules judge the whole trial assignment.
    """
    p = day.staff_by_id[q]
    if q != holder:
        return any(r.violation_adding(day, view, case, p) for r in aggregates)
    trial = {**view.assignment, case.id: q}
    return any(r.violation_at(day, trial, p) for r in aggregates)


def explain_line(
    day: Day,
    elig: Eligibility,
    view: AssignmentState,
    ranked: Ranked,
    cid: str,
    n_alternatives: int,
) -> ProposalLine:
    """The line for an allocated case: who, why, who else and at what cost."""
    case = day.case_by_id[cid]
    pid = view.assignment[cid]
    p = day.staff_by_id[pid]
    aggregates = [r for r in AGGREGATE_RULES if r.enabled(day)] if n_alternatives else []
    holder = day.holder.get(cid)
    pool = [
        q
        for q in (elig.candidates[cid] if n_alternatives else [])
        if q != pid and not _no_room(day, view, aggregates, case, q, holder)
    ]
    options = _cheapest_alternatives(day, elig, view, ranked, cid, pool, n_alternatives)
    alternatives = []
    for q, per_term in options:
        qp = day.staff_by_id[q]
        load_q = view.load[q] + day.points[cid]
        summary, _ = _alternative_summary(ranked, per_term)
        alternatives.append(
            Alternative.model_construct(  # values of the fields' types (engine/trusted.py)
                practitioner_id=q,
                practitioner_name=qp.name,
                grade=qp.grade.value,
                workload_after_pct=day.pct(q, load_q),
                cost={k: v for k, v in per_term.items() if v},
                summary=summary,
            )
        )
    excluded = _first_failures(day, elig, cid)
    n_staff = day.holder_count()
    n_eligible = len(elig.candidates[cid])
    head = f"{p.name} ({p.grade.value}, POD {p.pod_id})"
    if excluded:
        rules_part = f"{sum(excluded.values())} of {n_staff} practitioners excluded ({_counts_phrase(excluded)})"
    else:
        rules_part = f"no hard rule excluded any of the {n_staff} practitioners"
    if alternatives:
        best = alternatives[0]
        _, deciding = _alternative_summary(ranked, options[0][1])
        why = (
            f"of the {n_eligible} eligible, the next best, {best.practitioner_name}, {best.summary}"
        )
    elif n_eligible > 1 and not n_alternatives:
        deciding = []
        why = f"of the {n_eligible} eligible, placed by the large-scale search (alternatives not priced)"
    elif n_eligible > 1:
        deciding = []
        why = (
            f"the other {n_eligible - 1} eligible have no room left after today's other allocations"
        )
    else:
        deciding = []
        why = "they are the only practitioner every hard rule allows"
    colleague = None
    if needs_visor(day, case) and not is_visor_ready(p):
        colleague = visor_colleague(day, case, p)
        if colleague:
            why += (
                f"; ViSOR access is through {day.staff_by_id[colleague].name} (transitional policy)"
            )
        elif day.policy.visor_regional_team:
            why += "; ViSOR access is through the regional ViSOR team (transitional policy)"
    for objective in _noting(ranked):
        if note := objective.line_note(day, cid, pid):
            why += f"; {note}"
    topic = f"{report_topic(day, cid)}; " if case.report is not None else ""
    # Built without re-validation (engine/trusted.py): every value is already of its field's
    # type, ids and names from the validated scenario, figures from the day. The fields are in
    # the model's order, which is the order pydantic writes them in.
    return trusted(
        ProposalLine,
        {
            "case_id": cid,
            "tier": day.tier_label(cid),
            "reason_on_list": case.reason.value,
            "practitioner_id": pid,
            "practitioner_name": p.name,
            "grade": p.grade.value,
            "pod_id": p.pod_id,
            "points": day.points[cid],
            "workload_before_pct": day.pct(pid, day.load_before[pid]),
            "workload_after_pct": day.pct(pid, view.load[pid]),
            "decided": None,
            "moved_from": case.current_practitioner_id
            if case.current_practitioner_id not in (None, pid)
            else None,
            "visor_colleague_id": colleague,
            "notes": [],
            "oversight": _NO_OVERSIGHT,
            "eligible_count": n_eligible,
            "excluded_by_rule": excluded,
            "deciding_terms": deciding,
            "reason": f"To {head}: {topic}{rules_part}; {why}.",
            "alternatives": alternatives,
            "report": line_report(day, cid),
        },
    )


def _noting(ranked: Ranked) -> list[Objective]:
    """The ranked terms that may add a note to a line: those with their own ``line_note``
    (the base's adds none), in rank order."""
    return [o for _, _, o in ranked if type(o).line_note is not Objective.line_note]


def _smallest_blocking_set(failed: dict[str, set[str]]) -> list[str]:
    """The fewest rules such that every practitioner fails at least one of them (exact, by size)."""
    rules = sorted(
        {r for fs in failed.values() for r in fs}, key=lambda r: list(RULES_BY_NAME).index(r)
    )
    for size in range(1, len(rules) + 1):
        for combo in combinations(rules, size):
            chosen = set(combo)
            if all(fs & chosen for fs in failed.values()):
                return list(combo)
    return rules


def _sentence(day: Day, stats: AssignmentState, case_id: str, pid: str, rule_name: str) -> str:
    """The rule's own sentence for why ``pid`` cannot take the case, given the proposal."""
    case, p = day.case_by_id[case_id], day.staff_by_id[pid]
    rule = RULES_BY_NAME[rule_name]
    sentence = rule.excludes(day, case, p)
    if sentence is None and isinstance(rule, AggregateRule):
        sentence = rule.violation_adding(day, stats, case, p)
    return (sentence or f"{p.name} fails {rule.title}.").rstrip(".")


def explain_blocked(
    day: Day, elig: Eligibility, view: AssignmentState, stats: AssignmentState, cid: str
) -> BlockedCase:
    """Why a case is not allocated, given the proposal as it stands, within the case's PDU.

    The blocking rules are the smallest set of rules that, together, every practitioner of the
    PDU fails; each is described by its own sentences for the first few practitioners it stops.
    """
    case = day.case_by_id[cid]
    aggregates = [r for r in AGGREGATE_RULES if r.enabled(day)]
    failed: dict[str, set[str]] = {}
    for pid in elig.pdu_staff(cid):
        names = set(elig.failed_names(cid, pid))
        if not names:
            p = day.staff_by_id[pid]
            names = {r.name for r in aggregates if r.violation_adding(day, stats, case, p)}
        failed[pid] = names
    n_staff = len(failed)
    if n_staff == 0:
        others = day.holder_count()
        text = f"No practitioner of a case-holding grade works in PDU {case.pdu_id}" + (
            f"; {others} work in other PDUs." if others else "."
        )
        if not others:
            text = "No practitioner of a case-holding grade is in the scenario."
        return BlockedCase(
            case_id=cid,
            tier=day.tier_label(cid),
            reason_on_list=case.reason.value,
            blocking_rules=[PduScope.name] if others else [],
            excluded_by_rule={PduScope.name: others} if others else {},
            reason=text,
            nearest=[],
            report=line_report(day, cid),
        )
    counts = dict(sorted(Counter(r for names in failed.values() for r in names).items()))
    blocking = _smallest_blocking_set(failed)
    if len(blocking) == 1 and RULES_BY_NAME[blocking[0]].case_level:
        text = _sentence(day, stats, cid, next(iter(failed)), blocking[0]) + "."
    else:
        parts = []
        remaining = set(failed)
        for i, rule in enumerate(blocking):
            hit = sorted(p for p in remaining if rule in failed[p])
            if not hit:
                continue
            if i == 0:
                lead = f"{len(hit)} of {n_staff} practitioners in PDU {case.pdu_id} fail {_title(rule)}"
            elif len(hit) == len(remaining):
                lead = f"the other {len(hit)} fail {_title(rule)}"
            else:
                lead = f"{len(hit)} of the remaining {len(remaining)} fail {_title(rule)}"
            if len(hit) <= 3:
                lead += ": " + _distinct_clauses(_sentence(day, stats, cid, p, rule) for p in hit)
            parts.append(lead)
            remaining -= set(hit)
        titles = " and ".join(_title(r) for r in blocking)
        text = f"Blocked by {titles}. " + "; ".join(parts) + "."
    order = list(RULES_BY_NAME)
    nearest_ids = sorted(
        failed, key=lambda p: (len(failed[p]), view.load[p] * 1000 // max(1, day.available[p]), p)
    )[:3]
    nearest = [
        NearMiss(
            practitioner_id=p,
            practitioner_name=day.staff_by_id[p].name,
            grade=day.staff_by_id[p].grade.value,
            workload_pct=day.pct(p, view.load[p]),
            failed_rules=sorted(failed[p], key=order.index),
        )
        for p in nearest_ids
    ]
    return BlockedCase(
        case_id=cid,
        tier=day.tier_label(cid),
        reason_on_list=case.reason.value,
        blocking_rules=blocking,
        excluded_by_rule=counts,
        reason=text,
        nearest=nearest,
        report=line_report(day, cid),
    )


def _distinct_clauses(sentences: Iterable[str]) -> str:
    """The sentences joined by '; ', each clause said once: a rule's sentence for several
    practitioners repeats what it says of the case ("R07 is in PO-only category 4 ...; PSO 1 is
    a PSO; R07 is in PO-only category 4 ...; PSO 2 is a PSO"), which an SPO reads once."""
    seen: dict[str, None] = {}
    for sentence in sentences:
        for clause in sentence.split("; "):
            seen.setdefault(clause, None)
    return "; ".join(seen)


def explain_pinned(
    day: Day, elig: Eligibility, view: AssignmentState, cid: str, pin: Pin
) -> ProposalLine:
    """A line fixed by an SPO decision: what was decided and any hard rule it breaks."""
    case = day.case_by_id[cid]
    p = day.staff_by_id[pin.practitioner_id]
    breaks = [sentence for _, sentence in elig.failures[cid].get(p.id, [])]
    verb = "approved" if pin.decided == "approved" else "chose by override"
    reason = f"To {p.name} ({p.grade.value}, POD {p.pod_id}): the SPO {verb} this line on an earlier proposal"
    reason += f" ({pin.note})." if pin.note else "."
    if breaks:
        reason += " It breaks a hard rule, on record with the SPO's reason: " + " ".join(breaks)
    return ProposalLine(
        case_id=cid,
        tier=day.tier_label(cid),
        reason_on_list=case.reason.value,
        practitioner_id=p.id,
        practitioner_name=p.name,
        grade=p.grade.value,
        pod_id=p.pod_id,
        points=day.points[cid],
        workload_before_pct=day.pct(p.id, day.load_before[p.id]),
        workload_after_pct=day.pct(p.id, view.load[p.id]),
        decided=pin.decided,
        moved_from=case.current_practitioner_id
        if case.current_practitioner_id not in (None, p.id)
        else None,
        visor_colleague_id=visor_colleague(day, case, p)
        if needs_visor(day, case) and not is_visor_ready(p)
        else None,
        eligible_count=len(elig.candidates[cid]),
        excluded_by_rule=_first_failures(day, elig, cid),
        deciding_terms=["spo_decision"],
        reason=reason,
        alternatives=[],
        report=line_report(day, cid),
    )


def explain_all(
    day: Day,
    elig: Eligibility,
    assignment: Assignment,
    ranked: Ranked,
    n_alternatives: int,
    pins: dict[str, Pin] | None = None,
    cases: list[str] | None = None,
) -> tuple[list[ProposalLine], list[BlockedCase]]:
    """Every line and every blocked case, in case id order: of the day, or of ``cases`` only
    (a large day's part, explained beside its search: ``allocator/engine/parts.py``)."""
    view = stats = AssignmentState.of(day, assignment)
    pins = pins or {}
    lines, blocked = [], []
    for cid in [c.id for c in day.cases] if cases is None else cases:
        if cid in pins:
            lines.append(explain_pinned(day, elig, view, cid, pins[cid]))
        elif cid in assignment:
            lines.append(explain_line(day, elig, view, ranked, cid, n_alternatives))
        else:
            blocked.append(explain_blocked(day, elig, view, stats, cid))
    return lines, blocked
