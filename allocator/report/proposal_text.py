"""Text rendering of a proposal for the terminal: a table, the blocked cases, a summary."""

import shutil

from allocator.objectives.registry import OBJECTIVES_BY_NAME
from allocator.report.wrap import wrap
from allocator.rules.registry import RULES_BY_NAME
from models.proposal import CourtSummary, LineReport, Proposal

REPORT_CODES = {"oral": "ORAL", "fast_delivery": "FDR", "standard_delivery": "SDR"}
"""A report type in the table's four-character type column."""
REPORT_NAMES = {"oral": "oral", "fast_delivery": "fast delivery", "standard_delivery": "SDR"}


def kind_cell(tier: str, report: LineReport | None) -> str:
    """A line's tier, or for a report request the type of report to be written."""
    return REPORT_CODES[report.report_type] if report is not None else tier


def render_court_summary(court: CourtSummary) -> str:
    """The court day in one sentence: requests, allocations by type, and the PO share of
    today's allocations and over the policy's period against the target (seed 003: a target,
    not a quota)."""
    types = ", ".join(f"{REPORT_NAMES[k]} {n}" for k, n in court.by_type.items())
    return (
        f"Court day: {court.requests} report requests, {court.allocated} allocated"
        + (f" ({types})" if types else "")
        + f"; POs write {court.by_po} of {court.allocated} ({court.po_share_pct:.1f}%) against "
        f"the policy's target of {court.po_share_target_pct:g}% (a target, not a quota)"
        + (
            f"; over the {court.period_days}-day period, {court.period_by_po} of "
            f"{court.period_reports} ({court.po_share_period_pct:.1f}%)."
            if court.period_days
            else "."
        )
    )


def _pct_term(name: str, value: int) -> str:
    term = OBJECTIVES_BY_NAME.get(name)
    return f"{value / 10:.1f}%" if term is not None and term.figure == "permille" else str(value)


def _case_level(rules: list[str]) -> bool:
    """Blocked by one rule that decides by the case alone: nobody is nearer than anyone else."""
    return len(rules) == 1 and rules[0] in RULES_BY_NAME and RULES_BY_NAME[rules[0]].case_level


def render_proposal(p: Proposal, width: int | None = None) -> str:
    """The proposal as an SPO reads it: one row per line, then blocked cases, then the run."""
    width = width or max(100, shutil.get_terminal_size((140, 40)).columns)
    kind = "tier" if p.court is None else "type"
    head = (
        f"{'case':<12} {kind:<4} {'practitioner':<26} {'grade':<5} {'before':>7} {'after':>7} "
        f"{'SPO':<3}  reason"
    )
    fixed = len(head) - len("reason")
    out = [
        ("Court day proposal" if p.court is not None else "Proposal")
        + f" for {p.run.date.isoformat()}"
        + (f" - {p.run.scenario_name}" if p.run.scenario_name else ""),
        "",
        head,
        "-" * min(width, 160),
    ]
    reason_width = max(40, width - fixed)
    indent = " " * fixed
    for line in p.lines:
        name = (
            line.practitioner_name
            if len(line.practitioner_name) <= 26
            else line.practitioner_name[:25] + "~"
        )
        reason_lines = wrap(line.reason, reason_width) or [""]
        for why in line.oversight.why:
            reason_lines += wrap(f"Oversight: {why}", reason_width)
        level = f"L{line.oversight.level}" if line.oversight.level is not None else ""
        out.append(
            f"{line.case_id:<12} {kind_cell(line.tier, line.report):<4} {name:<26} {line.grade:<5} "
            f"{line.workload_before_pct:>6.1f}% {line.workload_after_pct:>6.1f}% {level:<3}  "
            f"{reason_lines[0]}"
        )
        out += [indent + r for r in reason_lines[1:]]
    if not p.lines:
        out.append("(no case allocated)")
    if any(line.oversight.needed for line in p.lines):
        out.append(
            "SPO: the line needs a management-oversight entry at seed 004's level "
            "(L1 quality assurance of processes, L2 oversight through supervision, "
            "L3 oversight of immediate risk)."
        )
    for note in p.assumptions:
        out.append(f"Assumed: {note}")
    if p.court is not None:
        out.append(render_court_summary(p.court))
    out.append("")
    out.append(f"Blocked: {len(p.blocked)}")
    for b in p.blocked:
        rules = ", ".join(b.blocking_rules) or "-"
        what = (
            f"{REPORT_CODES[b.report.report_type]}, {b.report.court_name}"
            if b.report is not None
            else b.tier
        )
        out.append(f"  {b.case_id} ({what}) blocked by {rules}")
        out += ["      " + r for r in wrap(b.reason, max(40, width - 6))]
        if b.nearest and not _case_level(b.blocking_rules):
            near = "; ".join(
                f"{n.practitioner_name} {n.workload_pct:.1f}% ({', '.join(n.failed_rules)})"
                for n in b.nearest
            )
            out += ["      " + r for r in wrap(f"Nearest: {near}", max(40, width - 6))]
    out.append("")
    out.append(render_summary(p))
    return "\n".join(out)


def render_summary(p: Proposal) -> str:
    """One line: status, counts, objective terms with bounds, gap, time, digest."""
    terms = ", ".join(
        f"{o.name} {_pct_term(o.name, o.value)}"
        + ("" if o.bound == o.value else f" (bound {_pct_term(o.name, o.bound)})")
        for o in p.objective
    )
    lead = next((o.name for o in p.objective if o.bound != o.value), None)
    gap = f"gap {p.gap:.2%}" + (f" on {lead}, the terms before it proven" if p.gap and lead else "")
    return (
        f"Status {p.run.status}: {len(p.lines)} allocated, {len(p.blocked)} blocked | {terms} | "
        f"{gap} | {p.run.wall_time_s:.2f} s | policy {p.run.policy_name} {p.run.policy_version} | "
        f"input sha256 {p.run.input_digest[:12]}"
    )
