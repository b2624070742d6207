"""Text rendering of a proposal for the terminal: a table, the blocked cases, a summary."""

import shutil

from allocator.objectives.registry import OBJECTIVES_BY_NAME
from allocator.report.wrap import wrap
from allocator.rules.registry import RULES_BY_NAME
from models.proposal import Proposal


def _pct_term(name: str, value: int) -> str:
    term = OBJECTIVES_BY_NAME.get(name)
    return f"{value / 10:.1f}%" if term is not None and term.figure == "permille" else str(value)


def _case_level(rules: list[str]) -> bool:
    """Blocked by one rule that decides by the case alone: nobody is nearer than anyone else."""
    return len(rules) == 1 and rules[0] in RULES_BY_NAME and RULES_BY_NAME[rules[0]].case_level


def render_proposal(p: Proposal, width: int | None = None) -> str:
    """The proposal as an SPO reads it: one row per line, then blocked cases, then the run."""
    width = width or max(100, shutil.get_terminal_size((140, 40)).columns)
    head = (
        f"{'case':<12} {'tier':<4} {'practitioner':<26} {'grade':<5} {'before':>7} {'after':>7} "
        f"{'SPO':<3}  reason"
    )
    fixed = len(head) - len("reason")
    out = [
        f"Proposal for {p.run.date.isoformat()}"
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
            f"{line.case_id:<12} {line.tier:<4} {name:<26} {line.grade:<5} "
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
    out.append("")
    out.append(f"Blocked: {len(p.blocked)}")
    for b in p.blocked:
        rules = ", ".join(b.blocking_rules) or "-"
        out.append(f"  {b.case_id} ({b.tier}) blocked by {rules}")
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
