"""The comparison as a terminal table, JSON, and a self-contained HTML report (inline SVG)."""

import html
import json
from collections import Counter

from allocator.planner.composition import Finding
from allocator.planner.plan import OptionResult, Plan
from allocator.planner.rebalance import MOVE_REASONS

_ROWS: list[tuple[str, str, str | None]] = [
    ("period", "change period", None),
    ("composition", "composition checks failed (waived)", "composition_failed"),
    ("cases_on_list", "cases allowed to move", "cases_on_list"),
    ("held_back", "held back: SPO rationale / moved recently / period", None),
    ("cases_moved", "cases moved", "cases_moved"),
    ("highest_utilisation_pct", "highest utilisation %", "highest_utilisation_pct"),
    ("mean_utilisation_pct", "mean utilisation %", "mean_utilisation_pct"),
    ("spread_sd_pct", "spread (sd, points of %)", "spread_sd_pct"),
    ("kept_in_pod_pct", "cases kept in their POD %", "kept_in_pod_pct"),
    ("out_of_model", "out-of-model holdings before -> after", "out_of_model_after"),
    ("unallocated", "cases left unallocated", "unallocated"),
    ("status", "solve status (bound on highest %)", None),
    ("violations", "check violations", "violations"),
]
"""Row key, label, and the ``DIFFERENCE_FIELDS`` key whose difference the option's second
column shows (None: no difference)."""


def _cell(d: dict[str, object], key: str) -> str:
    if key == "composition":
        c = d["composition"]
        assert isinstance(c, dict)
        return f"{c['failed']} ({c['waived']})"
    if key == "out_of_model":
        return f"{d['out_of_model_before']} -> {d['out_of_model_after']}"
    if key == "held_back":
        h = d["held_back"]
        assert isinstance(h, dict)
        return f"{h.get('kept', 0)} / {h.get('recently_moved', 0)} / {h.get('period', 0)}"
    if key == "status":
        bound = d["max_utilisation_bound_pct"]
        return str(d["status"]) + (f" ({bound:g})" if isinstance(bound, float | int) else "")
    if key == "violations":
        v = d["violations"]
        return str(len(v)) if isinstance(v, list) else "-"
    return str(d[key])


def signed(value: float | int) -> str:
    """A difference: '0' when none, else with its sign ('+3', '-1.5')."""
    if value == 0:
        return "0"
    return f"{value:+g}"


def _equality_line(name: str, eq: dict[str, object]) -> str:
    parts = []
    for cohort in ("sexual_offending", "domestic_abuse", "mappa"):
        v = eq.get(cohort)
        if isinstance(v, dict):
            parts.append(
                f"{cohort.replace('_', ' ')}: max {v['max_share_pct']}% / median {v['median_share_pct']}%"
            )
        else:
            parts.append(f"{cohort.replace('_', ' ')}: {v}")
    le = eq.get("lived_experience")
    if isinstance(le, dict):
        parts.append(f"lived experience: in {le['pods_with_any']} of {le['pods']} PODs")
    else:
        parts.append(f"lived experience: {le}")
    return f"  {name}: " + "; ".join(parts)


def comparison_rows(plan: Plan) -> list[list[str]]:
    """The comparison grid: a header, then one row per figure; a column per base, and per
    option its figures and its difference from its base."""
    header = [""]
    for b in plan.bases:
        header.append(b.name)
    for o in plan.options:
        header += [o.name, f"{o.name} - {o.base.name if o.base else 'base'}"]
    rows = [header]
    base_dicts = [b.as_dict() for b in plan.bases]
    option_dicts = [(o.as_dict(), o.difference()) for o in plan.options]
    for key, label, diff_key in _ROWS:
        row = [label, *[_cell(d, key) for d in base_dicts]]
        for d, diff in option_dicts:
            row += [_cell(d, key), signed(diff[diff_key]) if diff_key else ""]
        rows.append(row)
    return rows


def _findings_lines(title: str, findings: list[Finding]) -> list[str]:
    lines = [title]
    for f in findings:
        extra = f" Waived: {f.waiver_reason}" if f.status == "waived" and f.waiver_reason else ""
        lines.append(f"    {f.check}: {f.message}{extra}")
    return lines


def composition_lines(plan: Plan) -> list[str]:
    """The base's failing checks once, then per option only what differs from the base (new
    and fixed failures), the count unchanged, waivers with their reasons, unused waivers."""
    lines: list[str] = []
    if plan.bases and plan.bases[0].failed:
        lines += ["", f"Composition of the base: {len(plan.bases[0].failed)} failing checks"]
        lines += [f"  FAIL {f.check}: {f.message}" for f in plan.bases[0].failed]
    for o in plan.options:
        change = o.composition_change()
        unused = [f for f in o.findings if f.status == "unused_waiver"]
        lines += [
            "",
            f"Composition of {o.name} against the base: {len(change['new'])} new, "
            f"{len(change['fixed'])} fixed, {len(change['unchanged'])} unchanged, "
            f"{len(change['waived'])} waived",
        ]
        if change["new"]:
            lines += _findings_lines("  NEW", change["new"])
        if change["fixed"]:
            lines += _findings_lines("  FIXED", change["fixed"])
        if change["waived"]:
            lines += _findings_lines("  WAIVED", change["waived"])
        if unused:
            lines += _findings_lines("  UNUSED WAIVER", unused)
        for v in o.outcome.violations:
            lines.append(f"  ERROR {o.name}: {v}")
    return lines


def render_table(plan: Plan) -> str:
    """A readable comparison: the grid, composition against the base, moves by reason,
    equalities, trade-off curves."""
    rows = comparison_rows(plan)
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(widths[i]) for i, c in enumerate(r)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines += composition_lines(plan)
    for o in plan.options:
        reasons = Counter(m.reason for m in o.outcome.moves)
        if reasons:
            lines += ["", f"Moves of {o.name} by reason (the list: --export DIR):"]
            lines += [f"  {n:>7,}  {MOVE_REASONS.get(r, r)}" for r, n in sorted(reasons.items())]
    lines.append("")
    lines.append("Equalities (heavy-cohort share of each caseload; groups under 5 suppressed):")
    for r in plan.columns:
        lines.append(_equality_line(r.name, r.outcome.equalities))
    for r in plan.options:
        if r.curve:
            lines.append("")
            lines.append(f"Moves against highest utilisation, {r.name} (hard ceiling):")
            for p in r.curve:
                lines.append(
                    f"  ceiling {p.ceiling_pct:g}%: {p.moved} moved, highest {p.highest}%, "
                    f"{p.unallocated} left where they are, {p.status}"
                    + (f", {len(p.violations)} violations" if p.violations else "")
                )
        if r.curve_skipped:
            lines.append(
                f"  {r.name}: {r.curve_skipped} curve levels skipped, the time limit was spent."
            )
    return "\n".join(lines)


def render_json(plan: Plan) -> str:
    """The comparison as JSON: the bases first, then the options (each with its base's name
    and its difference from it)."""
    return json.dumps({"options": [r.as_dict() for r in plan.columns]}, indent=2)


_COLOURS = ["#4477aa", "#ee6677", "#228833", "#ccbb44", "#66ccee", "#aa3377", "#bbbbbb"]


def _histogram_svg(values: list[float], colour: str) -> str:
    """Bars: practitioners per 10% band of utilisation (the last band is 150% and over)."""
    bands = [0] * 16
    for v in values:
        bands[min(15, int(v // 10))] += 1
    top = max(bands) or 1
    w, h, bar = 400, 160, 400 / 16
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h + 30}" role="img">']
    for i, n in enumerate(bands):
        bh = h * n / top
        parts.append(
            f'<rect x="{i * bar + 1:.1f}" y="{h - bh:.1f}" width="{bar - 2:.1f}" height="{bh:.1f}" '
            f'fill="{colour}"><title>{i * 10}-{i * 10 + 9}%: {n}</title></rect>'
        )
        if i % 2 == 0:
            parts.append(f'<text x="{i * bar:.1f}" y="{h + 14}" font-size="10">{i * 10}</text>')
    parts.append(f'<text x="0" y="{h + 28}" font-size="10">workload % (bars: practitioners)</text>')
    parts.append("</svg>")
    return "".join(parts)


def _curve_svg(results: list[OptionResult]) -> str:
    """Moves (x) against highest utilisation (y): each option's result and its curve points."""
    pts = []
    for i, r in enumerate(results):
        colour = _COLOURS[i % len(_COLOURS)]
        pts.append((r.outcome.moved, r.outcome.highest, colour, r.name))
        pts += [(p.moved, p.highest, colour, f"{r.name} @ {p.ceiling_pct:g}%") for p in r.curve]
    w, h, m = 420, 240, 40
    max_x = max((p[0] for p in pts), default=1) or 1
    ys = [p[1] for p in pts] or [100.0]
    lo, hi = min([*ys, 100.0]) - 5, max(ys) + 5
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" role="img">']
    parts.append(f'<line x1="{m}" y1="{h - m}" x2="{w - 10}" y2="{h - m}" stroke="black"/>')
    parts.append(f'<line x1="{m}" y1="10" x2="{m}" y2="{h - m}" stroke="black"/>')
    parts.append(
        f'<text x="{w / 2:.0f}" y="{h - 8}" font-size="11">cases moved (0 to {max_x})</text>'
    )
    parts.append(f'<text x="2" y="20" font-size="10">{hi:.0f}%</text>')
    parts.append(f'<text x="2" y="{h - m}" font-size="10">{lo:.0f}%</text>')
    for x, y, colour, label in pts:
        cx = m + (w - m - 20) * x / max_x
        cy = 10 + (h - m - 10) * (hi - y) / (hi - lo)
        parts.append(
            f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="5" fill="{colour}">'
            f"<title>{html.escape(label)}: {x} moved, highest {y}%</title></circle>"
        )
    parts.append("</svg>")
    return "".join(parts)


def render_html(plan: Plan) -> str:
    """A self-contained page: the table, a workload chart per option and the moves chart."""
    esc = html.escape
    results = plan.columns
    table = esc(render_table(plan))
    charts = []
    for i, r in enumerate(results):
        charts.append(
            f"<figure><figcaption>{esc(r.name)}: workload distribution</figcaption>"
            f"{_histogram_svg(sorted(r.outcome.loads.values()), _COLOURS[i % len(_COLOURS)])}</figure>"
        )
    legend = " ".join(
        f'<span style="color:{_COLOURS[i % len(_COLOURS)]}">&#9679; {esc(r.name)}</span>'
        for i, r in enumerate(results)
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        "<title>Restructure options compared</title>"
        "<style>body{font-family:sans-serif;margin:2em}pre{background:#f4f4f4;padding:1em}"
        "figure{display:inline-block;margin:1em}</style></head><body>"
        "<h1>Restructure options compared</h1>"
        f"<pre>{table}</pre><h2>Workload distribution</h2>{''.join(charts)}"
        f"<h2>Moves against highest utilisation</h2><p>{legend}</p>{_curve_svg(results)}"
        "<p>Equality figures are aggregates; groups under 5 are suppressed.</p>"
        "</body></html>\n"
    )
