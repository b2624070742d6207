"""What a planner acts on, as rows: each option's moves, per-POD and per-practitioner workload
before and after, and the same rows as CSV text.

"Before" is today's caseload in today's structure; "base after" is the base rebalanced the
same way as the option (same change period); "after" is the option. A cell that a spreadsheet
would read as a formula (starting with = + - @, or a tab or carriage return) gets a leading
apostrophe, so that an id or a reason can never run as a formula in the coordinator's copy.
"""

import csv
import io
import statistics
from collections import defaultdict
from dataclasses import asdict

from allocator.planner.plan import OptionResult, Plan
from allocator.planner.rebalance import MOVE_REASONS, Outcome
from allocator.report.cells import safe_cell

Row = dict[str, str | int | float]

MOVE_COLUMNS = (
    "case_id",
    "tier",
    "from_practitioner",
    "to_practitioner",
    "from_pod",
    "to_pod",
    "reason",
    "reason_text",
    "period",
)
POD_COLUMNS = (
    "pod",
    "staff_before",
    "staff_after",
    "cases_before",
    "cases_after",
    "mean_pct_before",
    "mean_pct_base_after",
    "mean_pct_after",
    "highest_pct_before",
    "highest_pct_base_after",
    "highest_pct_after",
    "moves_in",
    "moves_out",
)
PRACTITIONER_COLUMNS = (
    "practitioner",
    "pod_before",
    "pod_after",
    "cases_before",
    "cases_after",
    "workload_pct_before",
    "workload_pct_base_after",
    "workload_pct_after",
)


def move_rows(option: OptionResult) -> list[Row]:
    """One row per moved case, in case id order."""
    return [
        {**asdict(m), "reason_text": MOVE_REASONS.get(m.reason, m.reason)}
        for m in option.outcome.moves
    ]


def _pod_figures(outcome: Outcome) -> dict[str, tuple[int, int, float, float]]:
    """POD -> (staff, cases, mean %, highest %) over the outcome's structure."""
    staff: dict[str, list[str]] = defaultdict(list)
    for pid, pod in outcome.pods.items():
        staff[pod].append(pid)
    out = {}
    for pod, people in staff.items():
        loads = [outcome.loads[p] for p in people if p in outcome.loads]
        out[pod] = (
            len(people),
            sum(outcome.counts.get(p, 0) for p in people),
            round(statistics.fmean(loads), 1) if loads else 0.0,
            max(loads, default=0.0),
        )
    return out


def pod_rows(plan: Plan, option: OptionResult) -> list[Row]:
    """Per POD (every POD before or after, in id order): staff, cases, mean and highest
    workload before, in the base after and after the option, and moves in and out."""
    before = _pod_figures(plan.today)
    base = _pod_figures(option.base.outcome) if option.base else before
    after = _pod_figures(option.outcome)
    moves_in: dict[str, int] = defaultdict(int)
    moves_out: dict[str, int] = defaultdict(int)
    for m in option.outcome.moves:
        if m.from_pod != m.to_pod:
            moves_in[m.to_pod] += 1
            moves_out[m.from_pod] += 1
    empty = (0, 0, 0.0, 0.0)
    rows: list[Row] = []
    for pod in sorted(set(before) | set(after)):
        b, s, a = before.get(pod, empty), base.get(pod, empty), after.get(pod, empty)
        rows.append(
            {
                "pod": pod,
                "staff_before": b[0],
                "staff_after": a[0],
                "cases_before": b[1],
                "cases_after": a[1],
                "mean_pct_before": b[2],
                "mean_pct_base_after": s[2],
                "mean_pct_after": a[2],
                "highest_pct_before": b[3],
                "highest_pct_base_after": s[3],
                "highest_pct_after": a[3],
                "moves_in": moves_in[pod],
                "moves_out": moves_out[pod],
            }
        )
    return rows


def practitioner_rows(plan: Plan, option: OptionResult) -> list[Row]:
    """Per case holder (workload measured: PO, PSO, PQiP with available points), in id order.
    A workload that is not measured for someone (no available points) reads ''."""
    today, after = plan.today, option.outcome
    base = option.base.outcome if option.base else today
    rows: list[Row] = []
    for pid in sorted(set(today.loads) | set(after.loads)):
        rows.append(
            {
                "practitioner": pid,
                "pod_before": today.pods.get(pid, ""),
                "pod_after": after.pods.get(pid, ""),
                "cases_before": today.counts.get(pid, 0),
                "cases_after": after.counts.get(pid, 0),
                "workload_pct_before": today.loads.get(pid, ""),
                "workload_pct_base_after": base.loads.get(pid, ""),
                "workload_pct_after": after.loads.get(pid, ""),
            }
        )
    return rows


def to_csv(rows: list[Row], columns: tuple[str, ...]) -> str:
    """``rows`` as CSV with a header, every text cell made safe for spreadsheets."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: safe_cell(row[k]) for k in columns})
    return buffer.getvalue()
