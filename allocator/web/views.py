"""What each page shows, as plain data: the templates render it and ``.json`` returns it.

Every function takes what the desk loaded and returns dicts of strings and numbers, so the
HTML and the JSON of a page can never disagree. Nothing here reads a case's protected
characteristics; a case's stated preference is shown because the SPO acts on it.
"""

from collections import Counter
from typing import Any

from allocator.engine.court import line_report
from allocator.problem.tiering import derive_tier
from allocator.report.proposal_text import render_court_summary
from allocator.rules.po_only_report import categories_phrase
from allocator.rules.registry import RULES_BY_NAME
from allocator.rules.short_format_training import REPORT_TYPE_WORDS
from allocator.store import Decision, LineState, live_decisions
from allocator.store.deciding import assignment_after
from allocator.web.desk import Loaded
from allocator.web.names import synthetic_name
from models.enums import CaseType

REASONS = {
    "initial_allocation": "New",
    "change_in_tier": "Tier change",
    "caseload_adjustment": "Caseload adjustment",
    "change_of_address": "Change of address",
    "officer_left": "Officer left",
    "risk_to_staff": "Risk to staff",
    "transfer_in": "Transfer in",
    "other": "Other",
}


def rule_title(rule: str) -> str:
    """A rule's title for people, its name when unknown."""
    r = RULES_BY_NAME.get(rule)
    return r.title if r is not None else rule.replace("_", " ")


def decision_view(d: Decision | None, names: dict[str, str]) -> dict[str, Any] | None:
    """A decision as the pages show it."""
    if d is None:
        return None
    return {
        "id": d.id,
        "action": d.action,
        "practitioner_id": d.practitioner_id,
        "practitioner_name": names.get(d.practitioner_id, d.practitioner_id),
        "reason": d.reason,
        "reason_code": d.reason_code,
        "decided_by": d.decided_by,
        "decided_at": d.decided_at,
        "rule_breaches": [{"rule": b.rule, "title": rule_title(b.rule)} for b in d.rule_breaches],
        "breach_accepted": d.breach_accepted,
        "supersedes": d.supersedes,
    }


def live_on(history: list[Decision], cid: str) -> str | None:
    """The id of the line's live decision on this version (a new decision supersedes it)."""
    d = live_decisions(history).get(cid)
    return d.id if d is not None else None


REPORT_LABELS = {"oral": "Oral report", "fast_delivery": "FDR", "standard_delivery": "SDR"}
"""A report request's type where a supervision case shows its tier."""


def kind_label(item: Loaded, cid: str) -> str:
    """A case's tier, or for a report request the type of report to be written."""
    day = item.day
    if cid in day.report_ids:
        report = line_report(day, cid)
        assert report is not None
        return REPORT_LABELS[report.report_type]
    return day.tier_label(cid)


def status_of(state: LineState | None, blocked: bool) -> str:
    """A line's status in the words of the list."""
    if state is not None and state.decision is not None:
        return {"approve": "Approved", "override": "Overridden", "reject": "Rejected"}[
            state.decision.action
        ]
    return "Blocked" if blocked else "Proposed"


def case_rows(item: Loaded, states: list[LineState], visible: set[str]) -> list[dict[str, Any]]:
    """Today's cases of the version that the user may see, most overdue first."""
    day, proposal = item.day, item.saved.proposal
    by_case = {s.case_id: s for s in states}
    blocked = {b.case_id for b in proposal.blocked}
    rows: list[dict[str, Any]] = []
    for c in day.cases:
        if c.id not in visible:
            continue
        s = by_case.get(c.id)
        d = s.decision if s else None
        badges = []
        if c.restricted_to or c.excluded_staff:
            badges.append("Restricted access")
        if day.overdue_days.get(c.id, 0) > 0:
            badges.append("Overdue")
        if c.reason.value == "transfer_in":
            badges.append("Transfer in")
        if c.id in blocked or (d is not None and (d.breach_accepted or d.action == "reject")):
            badges.append("Oversight needed")
        rows.append(
            {
                "id": c.id,
                "name": synthetic_name(c.id),
                "tier": kind_label(item, c.id),
                "case_type": c.case_type.value,
                "pod_id": c.pod_id,
                "allocate_by": c.allocate_by.isoformat() if c.allocate_by else None,
                "overdue_days": day.overdue_days.get(c.id, 0),
                "reason": REASONS.get(c.reason.value, c.reason.value),
                "status": status_of(s, c.id in blocked),
                "badges": badges,
            }
        )
    rows.sort(key=lambda r: (-r["overdue_days"], r["allocate_by"] or "9999", r["id"]))
    return rows


def summary_of(item: Loaded, cid: str) -> dict[str, Any]:
    """Risk facts, the tier's derivation step by step, and what the rules need to know."""
    day = item.day
    c = day.case_by_id[cid]
    if c.report is not None:
        return report_summary_of(item, cid)
    derivation = derive_tier(c, day.policy.framework)
    names = {p.id: p.name for p in day.staff}
    risk = c.risk
    facts = [
        ("RoSH", c.rosh.value.replace("_", " ") if c.rosh else "not given"),
        ("MAPPA", f"category {c.mappa_category}, level {c.mappa_level}" if c.mappa_level else "no"),
        ("RSR", f"{risk.rsr_pct}%" if risk and risk.rsr_pct is not None else "not given"),
        ("OGRS", f"{risk.ogrs}%" if risk and risk.ogrs is not None else "not given"),
        ("ViSOR record", "needed" if c.needs_visor else "no"),
        ("Case type", c.case_type.value),
    ]
    flags = []
    if c.restricted_to:
        flags.append(
            "Restricted access: only " + ", ".join(names.get(p, p) for p in c.restricted_to)
        )
    if c.excluded_staff:
        flags.append(f"Restricted access: {len(c.excluded_staff)} member(s) of staff excluded")
    if c.rejected_practitioners:
        flags.append(
            "Rejected for this case by an SPO: "
            + ", ".join(names.get(p, p) for p in c.rejected_practitioners)
        )
    if not c.dif_complete:
        flags.append("Initial documents not complete")
    preferences = [
        f"Asks for a practitioner of {p.characteristic} {p.value}" for p in c.preferences
    ]
    return {
        "id": cid,
        "name": synthetic_name(cid),
        "pdu_id": c.pdu_id,
        "pod_id": c.pod_id,
        "reason": REASONS.get(c.reason.value, c.reason.value),
        "allocate_by": c.allocate_by.isoformat() if c.allocate_by else None,
        "handover_date": c.handover_date.isoformat() if c.handover_date else None,
        "current_practitioner": names.get(c.current_practitioner_id or ""),
        "facts": [{"label": k, "value": v} for k, v in facts],
        "tier": derivation.tier,
        "tier_given": derivation.given,
        "tier_steps": [
            {"axis": s.axis, "factor": s.factor, "points": s.points, "note": s.note}
            for s in derivation.steps
        ],
        "tier_missing": list(derivation.missing),
        "risk_points": derivation.risk_points,
        "needs_points": derivation.needs_points,
        "flags": flags,
        "preferences": preferences,
    }


def report_summary_of(item: Loaded, cid: str) -> dict[str, Any]:
    """A report request's page: the court, the hearing, the report to write and why only a PO
    may write it; a report has no tier to derive (seed 003, chapter 2)."""
    day = item.day
    c = day.case_by_id[cid]
    report = line_report(day, cid)
    assert report is not None
    names = {p.id: p.name for p in day.staff}
    facts = [
        ("Court", report.court_name),
        ("Hearing", report.hearing_date.isoformat()),
        ("Due", report.due_date.isoformat()),
        ("Report requested", REPORT_TYPE_WORDS[report.requested_type]),
        ("Report to write", REPORT_TYPE_WORDS[report.report_type]),
        (
            "PO-only",
            categories_phrase(tuple(report.po_only_categories))
            if report.po_only_categories
            else "no category: a trained PSO may write it",
        ),
    ]
    request = c.report
    assert request is not None
    if request.indicative_rosh is not None:
        facts.append(("Indicative RoSH", request.indicative_rosh.value.replace("_", " ")))
    flags = []
    if report.adjournment_needed:
        flags.append("An SDR is required: ask the court for an adjournment")
    if request.known_practitioner_id is not None:
        flags.append(
            "Known to " + names.get(request.known_practitioner_id, request.known_practitioner_id)
        )
    if c.restricted_to or c.excluded_staff:
        flags.append("Restricted access")
    return {
        "id": cid,
        "name": synthetic_name(cid),
        "pdu_id": c.pdu_id,
        "pod_id": c.pod_id,
        "reason": REASONS.get(c.reason.value, c.reason.value),
        "allocate_by": report.due_date.isoformat(),
        "handover_date": None,
        "current_practitioner": None,
        "facts": [{"label": k, "value": v} for k, v in facts],
        "report": True,
        "tier": kind_label(item, cid),
        "tier_given": False,
        "tier_steps": [],
        "tier_missing": [],
        "risk_points": None,
        "needs_points": None,
        "flags": flags,
        "preferences": [],
    }


def proposal_view(item: Loaded, states: list[LineState], visible: set[str]) -> dict[str, Any]:
    """The version's lines (reason on every one) and its blocked cases, with decisions."""
    saved = item.saved
    names = {p.id: p.name for p in item.day.staff}
    by_case = {s.case_id: s for s in states}
    lines = []
    for x in saved.proposal.lines:
        if x.case_id not in visible:
            continue
        s = by_case.get(x.case_id)
        lines.append(
            {
                "case_id": x.case_id,
                "name": synthetic_name(x.case_id),
                "tier": kind_label(item, x.case_id),
                "practitioner_id": x.practitioner_id,
                "practitioner_name": x.practitioner_name,
                "grade": x.grade,
                "workload_before_pct": x.workload_before_pct,
                "workload_after_pct": x.workload_after_pct,
                "reason": x.reason,
                "status": status_of(s, False),
                "decision": decision_view(s.decision if s else None, names),
                "carried_from": s.carried_from if s else None,
            }
        )
    blocked = [
        {
            "case_id": b.case_id,
            "name": synthetic_name(b.case_id),
            "tier": kind_label(item, b.case_id),
            "blocking_rules": [rule_title(r) for r in b.blocking_rules],
            "reason": b.reason,
            "status": status_of(by_case.get(b.case_id), True),
            "decision": decision_view(
                by_case[b.case_id].decision if b.case_id in by_case else None, names
            ),
        }
        for b in saved.proposal.blocked
        if b.case_id in visible
    ]
    return {
        "proposal_id": saved.id,
        "previous_id": saved.previous_id,
        "created_at": saved.created_at,
        "date": saved.scenario.date.isoformat(),
        "pdu_id": item.pdu_id,
        "status": saved.proposal.run.status,
        "lines": lines,
        "blocked": blocked,
        "open": sum(1 for s in states if s.is_open and s.case_id in visible),
        "court": render_court_summary(saved.proposal.court) if saved.proposal.court else None,
    }


SORT_KEYS = ("name", "grade", "pod", "now", "after", "week", "community", "custody")


def practitioner_table(
    item: Loaded, history: list[Decision], cid: str, sort: str = "after", order: str = "asc"
) -> dict[str, Any]:
    """Every case-holding practitioner of the case's PDU: eligible ones first, each excluded
    one with the sentence of every rule that excludes them; sorted on the server."""
    day, elig = item.day, item.eligibility
    case = day.case_by_id[cid]
    others = assignment_after(item.saved.proposal, history)
    others.pop(cid, None)
    line = next((x for x in item.saved.proposal.lines if x.case_id == cid), None)
    proposed = line.practitioner_id if line else None
    counts: dict[str, Counter[str]] = {}
    for h in item.saved.scenario.holdings:
        counts.setdefault(h.practitioner_id, Counter())[h.case_type.value] += 1
    failures = elig.failures[cid]
    rows = []
    for p in day.holders():
        if day.pdu_of_staff[p.id] != case.pdu_id:
            continue
        now = day.pct(p.id, day.load_before[p.id])
        after = day.pct(p.id, day.load_after({**others, cid: p.id})[p.id])
        failed = failures.get(p.id, [])
        rows.append(
            {
                "id": p.id,
                "name": p.name,
                "grade": p.grade.value,
                "pod": p.pod_id,
                "now": now,
                "after": after,
                "holds_it": day.holder.get(cid) == p.id,
                "week": p.allocations_this_week,
                "community": counts.get(p.id, Counter())[CaseType.COMMUNITY.value],
                "custody": counts.get(p.id, Counter())[CaseType.CUSTODY.value],
                "eligible": not failed,
                "proposed": p.id == proposed,
                "excluded_by": [
                    {"rule": r, "title": rule_title(r), "sentence": s} for r, s in failed
                ],
            }
        )
    key = sort if sort in SORT_KEYS else "after"
    reverse = order == "desc"
    rows.sort(key=lambda r: (r[key], r["id"]), reverse=reverse)
    rows.sort(key=lambda r: not r["eligible"])  # stable: eligible first, each group sorted
    return {
        "case_id": cid,
        "proposed": proposed,
        "sort": key,
        "order": "desc" if reverse else "asc",
        "eligible": [r for r in rows if r["eligible"]],
        "excluded": [r for r in rows if not r["eligible"]],
    }


UNDECIDED_MOVE = (
    "Not decided: moved because a decision left no room for it where it was. The re-solve keeps "
    "every undecided line where it was unless keeping it would leave a case unallocated "
    '(the stability term; docs/web.md, "Re-solve")'
)
UNDECIDED_MOVE_UNPROVEN = (
    "Not decided: moved by a re-solve that did not prove its answer (status {status}), so a "
    "decision may not have forced this move. Keep the earlier practitioner with an override if "
    'it still fits (docs/web.md, "Re-solve")'
)


def undecided_move_reason(after: Loaded) -> str:
    """Why an undecided line moved, as far as the re-solve can say: only a proven optimum
    shows that the stability term could not keep it (a re-solve stopped early, or solved by the
    large method, which does not weigh stability, may move a line no decision forced)."""
    status = after.saved.proposal.run.status
    if status == "OPTIMAL":
        return UNDECIDED_MOVE
    return UNDECIDED_MOVE_UNPROVEN.format(status=status)


def changes_view(
    before: Loaded, after: Loaded, before_states: list[LineState], visible: set[str]
) -> list[dict[str, Any]]:
    """How each visible case's line differs between two versions, and why."""
    old = {x.case_id: x for x in before.saved.proposal.lines}
    new = {x.case_id: x for x in after.saved.proposal.lines}
    states = {s.case_id: s for s in before_states}
    undecided_why = undecided_move_reason(after)
    out = []
    for cid in sorted((old.keys() | new.keys()) & visible):
        a, b = old.get(cid), new.get(cid)
        if a is not None and b is not None and a.practitioner_id == b.practitioner_id:
            continue
        d = states[cid].decision if cid in states else None
        if d is not None and d.action == "reject":
            why = f"Rejected by {d.decided_by} ({d.id}): “{d.reason}”"
        elif d is not None:
            why = f"{d.action.title()} by {d.decided_by} ({d.id})"
        else:
            why = undecided_why
        out.append(
            {
                "case_id": cid,
                "name": synthetic_name(cid),
                "kind": "moved" if a and b else ("newly allocated" if b else "newly blocked"),
                "before": a.practitioner_name if a else None,
                "after": b.practitioner_name if b else None,
                "why": why,
            }
        )
    return out


def practitioner_overview(
    item: Loaded, history: list[Decision], states: list[LineState], pid: str, visible: set[str]
) -> dict[str, Any]:
    """One practitioner's caseload in the PDU: grade, POD, workload % (WMT points over their
    available points) now and after the version with its decisions, held cases by tier and
    by community, custody or licence, allocations in the past 7 days, and today's lines for them.

    Today's lines are the visible cases the version proposes to them or an SPO's override gives
    them, each with its status; a line rejected for them stays listed as rejected. Nothing of
    the practitioner's declared characteristics is read.
    """
    day = item.day
    p = day.staff_by_id[pid]
    held = [h for h in item.saved.scenario.holdings if h.practitioner_id == pid]
    by_tier = Counter(h.tier for h in held)
    by_type = Counter(h.case_type.value for h in held)
    after = day.load_after(assignment_after(item.saved.proposal, history))
    by_case = {s.case_id: s for s in states}
    tiers = {x.case_id: x.tier for x in item.saved.proposal.lines}
    lines = []
    for s in states:
        d = s.decision
        to_them = d is not None and d.action == "override" and d.practitioner_id == pid
        if s.case_id not in visible or not (s.proposed == pid or to_them):
            continue
        lines.append(
            {
                "case_id": s.case_id,
                "name": synthetic_name(s.case_id),
                "tier": tiers.get(s.case_id, day.tier.get(s.case_id, "")),
                "proposed_to_them": s.proposed == pid,
                "status": status_of(by_case.get(s.case_id), False),
                "decision_id": d.id if d is not None else None,
            }
        )
    pod = day.pods[p.pod_id]
    return {
        "proposal_id": item.saved.id,
        "pdu_id": item.pdu_id,
        "id": p.id,
        "name": p.name,
        "grade": p.grade.value,
        "pod_id": pod.id,
        "pod_name": pod.name,
        "available_points": day.available[pid],
        "points_now": day.load_before[pid],
        "workload_now_pct": day.pct(pid, day.load_before[pid]),
        "workload_after_pct": day.pct(pid, after[pid]),
        "absent_today": day.absent[pid],
        "cases_held": len(held),
        "by_tier": [{"tier": t, "count": n} for t, n in sorted(by_tier.items())],
        "community": by_type[CaseType.COMMUNITY.value],
        "custody": by_type[CaseType.CUSTODY.value],
        "licence": by_type[CaseType.LICENCE.value],
        "allocated_past_7_days": p.allocations_this_week,
        "allocated_today": p.allocations_today,
        "today": lines,
    }
