"""A court day's reported figures, recomputed: each line's and blocked request's report (court,
types, PO-only categories, adjournment), and the day's PO share.

Recomputed from the scenario with the derivations of ``allocator.problem.court`` alone (never
the engine's), so that a proposal that misstates a category or the PO share is refused.
"""

from collections import Counter

from allocator.objectives.po_share import period_counts
from allocator.problem.court import needs_adjournment, po_only_categories, type_to_write
from allocator.problem.day import Day
from models.check import Violation
from models.enums import Grade
from models.proposal import LineReport, Proposal

_SHARE_TOLERANCE = 0.051


def _report_problems(day: Day, cid: str, got: LineReport | None) -> list[str]:
    """What the line's report misstates about case ``cid``."""
    request = day.case_by_id[cid].report
    if request is None:
        return ["A supervision case is reported as a report request."] if got else []
    if got is None:
        return ["A report request's line does not state its report."]
    want = {
        "court": request.court_id,
        "hearing date": request.hearing_date,
        "due date": request.due_date,
        "requested type": request.requested_type,
        "report type": type_to_write(request),
        "PO-only categories": list(po_only_categories(request.facts)),
        "adjournment needed": needs_adjournment(request),
    }
    said = {
        "court": got.court_id,
        "hearing date": got.hearing_date,
        "due date": got.due_date,
        "requested type": got.requested_type,
        "report type": got.report_type,
        "PO-only categories": got.po_only_categories,
        "adjournment needed": got.adjournment_needed,
    }
    return [
        f"Report reports {field} {said[field]}; the scenario gives {value}."
        for field, value in want.items()
        if said[field] != value
    ]


def check_court(day: Day, proposal: Proposal, assignment: dict[str, str]) -> list[Violation]:
    """Every court figure the proposal misreports."""
    out: list[Violation] = []
    stated: list[tuple[str, LineReport | None]] = [(x.case_id, x.report) for x in proposal.lines]
    stated += [(b.case_id, b.report) for b in proposal.blocked]
    for cid, report in stated:
        if cid in day.case_by_id:
            out += [
                Violation(rule="proposal", case_id=cid, message=m)
                for m in _report_problems(day, cid, report)
            ]
    reports = {c: q for c, q in assignment.items() if c in day.report_ids}
    if not day.report_ids:
        if proposal.court is not None:
            out.append(
                Violation(rule="proposal", message="A day without reports has a court summary.")
            )
        return out
    court = proposal.court
    if court is None:
        return [*out, Violation(rule="proposal", message="A court day has no court summary.")]
    by_po = sum(day.staff_by_id[q].grade == Grade.PO for q in reports.values())
    written = Counter(type_to_write(day.case_by_id[c].report) for c in reports)  # type: ignore[arg-type]
    share = 100 * by_po / len(reports) if reports else 0.0
    period_reports, period_by_po = period_counts(day, reports)
    for field, got, want in (
        ("requests", court.requests, len(day.report_ids)),
        ("allocated", court.allocated, len(reports)),
        ("by PO", court.by_po, by_po),
        ("PO share target", court.po_share_target_pct, day.policy.court.po_share_target_pct),
        ("by type", court.by_type, dict(written)),
        ("PO share period days", court.period_days, day.policy.court.po_share_period_days),
        ("reports of the period", court.period_reports, period_reports),
        ("reports by PO of the period", court.period_by_po, period_by_po),
    ):
        if got != want:
            out.append(
                Violation(
                    rule="proposal",
                    message=f"Court summary reports {field} {got}; recomputed {want}.",
                )
            )
    period_share = 100 * period_by_po / period_reports if period_reports else 0.0
    for what, stated, recomputed in (
        ("a PO share of", court.po_share_pct, share),
        ("a PO share over the period of", court.po_share_period_pct, period_share),
    ):
        if abs(stated - recomputed) > _SHARE_TOLERANCE:
            out.append(
                Violation(
                    rule="proposal",
                    message=f"Court summary reports {what} {stated:.1f}%; "
                    f"recomputed {recomputed:.1f}%.",
                )
            )
    return out
