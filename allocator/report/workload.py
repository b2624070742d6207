"""The WMT's workload overview as text or JSON: per practitioner, per POD and per PDU.

A view: it returns strings and never prints. Workload % is shown to one decimal place and
flagged at 100% and over, as the live service does. Nothing here names a case's flags or
anyone's protected characteristics.
"""

from models.enums import CaseType
from models.workload import GroupWorkload, PractitionerWorkload, WorkloadOverview


def _num(value: float) -> str:
    """A figure without trailing zeros: 37, 29.6, 2.4."""
    return f"{value:.6f}".rstrip("0").rstrip(".")


def _pct(value: float) -> str:
    return f"{value:.1f}%" + (" (over)" if value >= 100 else "")


def render_workload_json(overview: WorkloadOverview) -> str:
    """The overview as indented JSON (``models.workload.WorkloadOverview``)."""
    return overview.model_dump_json(indent=2)


def render_workload(overview: WorkloadOverview) -> str:
    """A summary table per practitioner, then each one's figures, then POD and PDU totals."""
    lines = [f"Workload on {overview.date.isoformat()} under {overview.policy}"]
    if overview.case_id is not None:
        lines.append(f"Potential workload if case {overview.case_id} were allocated to each")
    lines.append("")
    head = ["practitioner", "grade", "POD", "contracted h", "reductions h", "available"]
    head += ["points", "workload"]
    if overview.case_id is not None:
        head.append("potential")
    rows = [head] + [_summary_row(p, overview.case_id is not None) for p in overview.practitioners]
    lines += _table(rows)
    for p in overview.practitioners:
        lines += ["", *_detail(p)]
    lines += ["", "PODs (sum of points / sum of available points)"]
    lines += _table(_group_rows(overview.pods))
    lines += ["", "PDUs (sum of points / sum of available points)"]
    lines += _table(_group_rows(overview.pdus))
    return "\n".join(lines)


def _summary_row(p: PractitionerWorkload, with_potential: bool) -> list[str]:
    row = [
        f"{p.name} ({p.id})",
        p.grade.label,
        p.pod_id,
        _num(p.contracted_hours),
        _num(p.reduction_hours),
        str(p.available_points),
        str(p.points),
        _pct(p.workload_pct),
    ]
    if with_potential:
        row.append(_pct(p.potential.workload_pct) if p.potential else "-")
    return row


def _detail(p: PractitionerWorkload) -> list[str]:
    """Hours, reductions, available points, points by tier and type, workload %."""
    contracted = _num(p.contracted_hours) + (
        " (missing: the grade's default)" if p.contracted_defaulted else ""
    )
    out = [
        f"{p.name} ({p.id}), {p.grade.label}, {p.pod_id}",
        f"  contracted hours {contracted}; default hours {_num(p.default_hours)}; "
        f"nominal target {p.nominal_target}",
    ]
    for r in p.reductions:
        out.append(f"  reduction: {r.label}: {_num(r.hours)} h ({r.how})")
    out.append(
        f"  reductions {_num(p.reduction_hours)} h; available hours {_num(p.available_hours)}; "
        f"available points {p.available_points}"
    )
    for t in p.by_tier:
        cases = f"{t.cases} case" + ("" if t.cases == 1 else "s")
        out.append(f"  {t.tier:<8} {t.case_type.value:<9} {cases:>9} {t.points:>6} points")
    by_type = ", ".join(f"{ct.value} {p.points_by_type.get(ct, 0)}" for ct in CaseType)
    out.append(f"  case points {p.case_points} ({by_type})")
    extras = [
        ("reports", p.report_points),
        ("adjustments", p.adjustment_points),
        ("contacts", p.contact_points),
        ("other", p.other_points),
    ]
    shown = ", ".join(f"{name} {_num(v)}" for name, v in extras if v)
    if shown:
        out.append(f"  other points: {shown}")
    pct = f"  points {p.points} of {p.available_points}: workload {_pct(p.workload_pct)}"
    if p.zero_reason:
        pct += f" ({p.zero_reason})"
    out.append(pct)
    if p.potential is not None:
        q = p.potential
        if q.already_held_points:
            change = f"-{q.already_held_points} held now +{q.case_points}"
        else:
            change = f"+{q.case_points}"
        out.append(
            f"  with case {q.case_id} ({change} points): {q.points} points, workload "
            f"{_pct(q.workload_pct)}"
        )
    return out


def _group_rows(groups: list[GroupWorkload]) -> list[list[str]]:
    rows = [["id", "name", "practitioners", "points", "available", "workload"]]
    for g in groups:
        pct = _pct(g.workload_pct) + (f" ({g.zero_reason})" if g.zero_reason else "")
        rows.append(
            [g.id, g.name, str(g.practitioners), str(g.points), str(g.available_points), pct]
        )
    return rows


def _table(rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
