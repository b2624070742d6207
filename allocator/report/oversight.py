"""The management-oversight record of a proposal's decisions, in SBAR form, as CSV or Markdown.

One entry per decision (superseded ones included, marked), in the structured form SPOs use to
record a decision (seed 004, "SBAR"):

- Situation: the case, its tier, why it was on the list, and what the proposal proposed;
- Oversight: the level of management oversight the proposed line needs and why (seed 004);
- Background: the workload before and after for the practitioner proposed and, on an override,
  for the one chosen; how many practitioners were eligible and how many each rule excluded;
- Assessment: the proposal's own reason, and any hard rule the decision breaks;
- Recommendation: the SPO's decision, in their own words.

Nothing here prints a case's flags or anyone's protected characteristics: the entry repeats only
what the proposal's reason already says, rule titles, tiers, workloads and names. A rule's own
sentence is quoted only for rules whose sentences speak of the practitioner's availability and
workload; others (readiness, grade and tier, ViSOR, ...) can name case categories and are given
by title alone.
"""

import csv
import io
import re
from dataclasses import dataclass

from allocator.report.cells import safe_cell
from allocator.rules.registry import RULES_BY_NAME
from allocator.store.ledger import Decision, SavedProposal
from models.proposal import OVERSIGHT_LEVELS, ProposalLine

_VERBS = {"approve": "Approved", "override": "Overridden", "reject": "Rejected"}
FIELDS = (
    "decision_id",
    "proposal_id",
    "case_id",
    "decided_at",
    "decided_by",
    "decision",
    "status",
    "situation",
    "oversight",
    "background",
    "assessment",
    "recommendation",
)


@dataclass(frozen=True)
class OversightEntry:
    """One decision as a management-oversight entry."""

    decision_id: str
    proposal_id: str
    case_id: str
    decided_at: str
    decided_by: str
    decision: str
    status: str
    situation: str
    oversight: str
    background: str
    assessment: str
    recommendation: str


REPORT_WORDS = {
    "oral": "an oral report",
    "fast_delivery": "a fast delivery report",
    "standard_delivery": "an SDR",
}
"""A report request's type in the Situation (a report has no tier)."""


def _title(rule: str) -> str:
    r = RULES_BY_NAME.get(rule)
    return r.title if r is not None else rule.replace("_", " ")


def _quotable(rule: str) -> bool:
    r = RULES_BY_NAME.get(rule)
    return r is not None and r.quotable


def oversight_text(line: ProposalLine | None) -> str:
    """The line's oversight level and why, in neutral words (docs/domain.md, "Oversight level per
    line"); lines of proposals saved before the field existed read as not flagged."""
    if line is None or not line.oversight.needed or line.oversight.level is None:
        return "No oversight trigger on the proposed line."
    level = line.oversight.level
    return f"Level {level} ({OVERSIGHT_LEVELS[level]}): " + " ".join(line.oversight.why)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def oversight_entries(saved: SavedProposal, decisions: list[Decision]) -> list[OversightEntry]:
    """An SBAR entry for every decision on ``saved``, in the order they were recorded."""
    names = {p.id: p.name for p in saved.scenario.practitioners}
    grades = {p.id: p.grade.value for p in saved.scenario.practitioners}
    lines = {x.case_id: x for x in saved.proposal.lines}
    blocked = {b.case_id: b for b in saved.proposal.blocked}
    superseded_by = {d.supersedes: d.id for d in decisions if d.supersedes}
    run = saved.proposal.run

    def who(pid: str | None) -> str:
        return f"{names.get(pid or '', pid)} ({grades.get(pid or '', '?')})" if pid else "nobody"

    out = []
    for d in decisions:
        line, block = lines.get(d.case_id), blocked.get(d.case_id)
        item = line or block
        report = item.report if item is not None else None
        tier = (
            f"a request for {REPORT_WORDS[report.report_type]} at {report.court_name}"
            if report is not None
            else f"tier {item.tier if item is not None else '?'}"
        )
        on_list = (line.reason_on_list if line else block.reason_on_list if block else "?").replace(
            "_", " "
        )
        made = f"Proposal {saved.id} for {run.date.isoformat()} (policy {run.policy_name} {run.policy_version})"
        if line is not None:
            situation = f"Case {d.case_id}, {tier}, on the list for {on_list}. {made} proposed {who(line.practitioner_id)}."
            background = (
                f"{names.get(line.practitioner_id, line.practitioner_id)}: workload "
                f"{line.workload_before_pct:.1f}% before, {line.workload_after_pct:.1f}% after the proposal."
            )
            counts, eligible = (
                line.excluded_by_rule,
                f"{line.eligible_count} practitioner(s) eligible",
            )
            assessment = f"Proposal's reason: {line.reason}"
        else:
            situation = f"Case {d.case_id}, {tier}, on the list for {on_list}. {made} could not allocate it."
            background = ""
            counts, eligible = (block.excluded_by_rule if block else {}), "none eligible"
            assessment = f"Proposal's reason: {block.reason if block else ''}"
        excluded = ", ".join(f"{_title(r)} {n}" for r, n in sorted(counts.items()))
        background = _one_line(f"{background} {eligible}; excluded by rule: {excluded or 'none'}.")
        if d.action == "override" and d.workload_before_pct is not None:
            background += (
                f" Chosen instead: {names.get(d.practitioner_id, d.practitioner_id)}: workload "
                f"{d.workload_before_pct:.1f}% before, {d.workload_after_pct:.1f}% after, with the "
                "decisions then on record."
            )
        if d.rule_breaches:
            broken = "; ".join(
                f"{_title(b.rule)}: {b.message}" if _quotable(b.rule) else _title(b.rule)
                for b in d.rule_breaches
            )
            assessment += f" Rule breach accepted by the SPO: {broken}."
        if d.action == "approve":
            verdict = f"Approved {who(d.practitioner_id)}"
        elif d.action == "override":
            verdict = f"Overridden to {who(d.practitioner_id)}"
        else:
            verdict = f"Rejected {who(d.practitioner_id)} for this case"
        if d.reason_code:
            verdict += f" (reason code {d.reason_code})"
        status = f"superseded by {superseded_by[d.id]}" if d.id in superseded_by else "live"
        recommendation = f"{verdict}, by {d.decided_by} at {d.decided_at}: “{_one_line(d.reason)}”"
        if d.supersedes:
            recommendation += f" This supersedes {d.supersedes}."
        out.append(
            OversightEntry(
                decision_id=d.id,
                proposal_id=saved.id,
                case_id=d.case_id,
                decided_at=d.decided_at,
                decided_by=d.decided_by,
                decision=d.action,
                status=status,
                situation=situation,
                oversight=oversight_text(line),
                background=background,
                assessment=_one_line(assessment),
                recommendation=recommendation,
            )
        )
    return out


def to_csv(entries: list[OversightEntry]) -> str:
    """One row per entry, with a header; cells that look like formulas are defused."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(FIELDS)
    for e in entries:
        writer.writerow([safe_cell(str(getattr(e, f))) for f in FIELDS])
    return buf.getvalue()


def _md(text: str) -> str:
    """Text that Markdown shows as written (no headings, lists or markup of its own)."""
    for ch in "\\`*[]<>#|":
        text = text.replace(ch, "\\" + ch)
    # An underscore inside a word (initial_allocation) is literal; at a word's edge it could
    # start emphasis.
    return re.sub(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])", r"\\_", text)


def to_markdown(saved: SavedProposal, entries: list[OversightEntry]) -> str:
    """A document: the proposal, then one SBAR section per decision."""
    run = saved.proposal.run
    out = [
        f"# Management oversight: proposal {saved.id}",
        "",
        f"Allocation date {run.date.isoformat()}; policy {_md(run.policy_name)} "
        f"{_md(run.policy_version)}; solver status {run.status}; {len(saved.proposal.lines)} "
        f"allocated, {len(saved.proposal.blocked)} blocked; input sha256 {run.input_digest[:12]}.",
        "",
    ]
    pinned = sum(1 for x in saved.proposal.lines if x.decided is not None)
    if pinned and saved.previous_id:
        out += [
            f"{pinned} line(s) are pinned by decisions recorded on earlier proposals (this is a "
            f"re-solve of {saved.previous_id}): their entries are in that proposal's record.",
            "",
        ]
    if not entries:
        out += ["No decision is recorded on this proposal yet.", ""]
    for e in entries:
        out += [
            f"## {e.decision_id}: case {_md(e.case_id)}, {e.decision} ({e.status})",
            "",
            f"- **Situation.** {_md(e.situation)}",
            f"- **Oversight.** {_md(e.oversight)}",
            f"- **Background.** {_md(e.background)}",
            f"- **Assessment.** {_md(e.assessment)}",
            f"- **Recommendation.** {_md(e.recommendation)}",
            "",
        ]
    return "\n".join(out)
