"""What a proposal says about report requests: each line's report, its reason's topic, and the
day's court figures (the PO share of today's allocations against the policy's target).

Seed 003, chapter 2: POs write about 35% of reports (a target, not a quota); nine categories
are PO-only; categories 1 and 2 require an SDR. The line carries the facts structured
(``LineReport``) so that the checker, the store and the web service read them as data.
"""

from collections import Counter

from allocator.objectives.po_share import period_counts
from allocator.problem.court import (
    needs_adjournment,
    po_only_categories,
    type_to_write,
)
from allocator.problem.day import Day
from allocator.rules.court_rota import court_name
from allocator.rules.po_only_report import categories_phrase
from allocator.rules.short_format_training import REPORT_TYPE_WORDS
from models.court import ReportType
from models.enums import Grade
from models.proposal import CourtSummary, LineReport, ProposalLine


def line_report(day: Day, cid: str) -> LineReport | None:
    """The structured report facts of case ``cid``, None for a supervision case."""
    request = day.case_by_id[cid].report
    if request is None:
        return None
    return LineReport(
        court_id=request.court_id,
        court_name=court_name(day, request.court_id),
        hearing_date=request.hearing_date,
        due_date=request.due_date,
        requested_type=request.requested_type,
        report_type=type_to_write(request),
        po_only_categories=list(po_only_categories(request.facts)),
        adjournment_needed=needs_adjournment(request),
    )


def report_topic(day: Day, cid: str) -> str:
    """'an oral report for Synthetic Magistrates' Court on 2026-11-24 (PO-only category 5:
    high or very high risk domestic abuse)': what the line allocates, for its reason."""
    report = line_report(day, cid)
    assert report is not None
    text = (
        f"{REPORT_TYPE_WORDS[report.report_type]} for {report.court_name} on "
        f"{report.hearing_date.isoformat()}"
    )
    if report.po_only_categories:
        text += f" ({categories_phrase(tuple(report.po_only_categories))})"
    return text


def court_summary(day: Day, lines: list[ProposalLine]) -> CourtSummary | None:
    """The day's court figures, or None on a day without report requests."""
    if not day.report_ids:
        return None
    written: Counter[ReportType] = Counter()
    by_po = 0
    for line in lines:
        request = day.case_by_id[line.case_id].report
        if request is None:
            continue
        written[type_to_write(request)] += 1
        by_po += day.staff_by_id[line.practitioner_id].grade == Grade.PO
    allocated = sum(written.values())
    period_reports, period_by_po = period_counts(day, {x.case_id: x.practitioner_id for x in lines})
    return CourtSummary(
        requests=len(day.report_ids),
        allocated=allocated,
        by_po=by_po,
        po_share_pct=round(100 * by_po / allocated, 1) if allocated else 0.0,
        po_share_target_pct=day.policy.court.po_share_target_pct,
        by_type=dict(sorted(written.items())),
        period_days=day.policy.court.po_share_period_days,
        period_reports=period_reports,
        period_by_po=period_by_po,
        po_share_period_pct=round(100 * period_by_po / period_reports, 1)
        if period_reports
        else 0.0,
    )
