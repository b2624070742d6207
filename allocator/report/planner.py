"""The comparison as a terminal table, JSON, and a self-contained HTML report (inline SVG)."""

import html
import json

from allocator.planner.plan import OptionResult

_ROWS: list[tuple[str, str]] = [
    ("period", "change period"),
    ("composition", "composition checks failed (waived)"),
    ("cases_on_list", "cases allowed to move"),
    ("cases_moved", "cases moved"),
    ("highest_utilisation_pct", "highest utilisation %"),
    ("mean_utilisation_pct", "mean utilisation %"),
    ("spread_sd_pct", "spread (sd, points of %)"),
    ("kept_in_pod_pct", "cases kept in their POD %"),
    ("out_of_model", "out-of-model holdings before -> after"),
    ("unallocated", "cases left unallocated"),
    ("status", "solve status (bound on highest %)"),
    ("violations", "check violations"),
]


def _cell(d: dict[str, object], key: str) -> str:
    if key == "composition":
        c = d["composition"]
        assert isinstance(c, dict)
        return f"{c['failed']} ({c['waived']})"
    if key == "out_of_model":
        return f"{d['out_of_model_before']} -> {d['out_of_model_after']}"
    if key == "status":
        bound = d["max_utilisation_bound_pct"]
        return str(d["status"]) + (f" ({bound:g})" if isinstance(bound, float | int) else "")
    if key == "violations":
        v = d["violations"]
        return str(len(v)) if isinstance(v, list) else "-"
    return str(d[key])


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


def render_table(results: list[OptionResult]) -> str:
    """A readable comparison: one column per option, then failed checks, equalities, curves."""
    dicts = [r.as_dict() for r in results]
    header = ["", *[str(d["name"]) for d in dicts]]
    rows = [header] + [[label, *[_cell(d, key) for d in dicts]] for key, label in _ROWS]
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = ["  ".join(c.ljust(widths[i]) for i, c in enumerate(r)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    for r in results:
        notes = [f for f in r.findings if f.status != "pass"]
        if notes:
            lines.append("")
            lines.append(f"Composition of {r.name}:")
            for f in notes:
                if f.status == "unused_waiver":
                    lines.append(f"  UNUSED WAIVER {f.check}: {f.message}")
                    continue
                extra = f" Waived: {f.waiver_reason}" if f.waiver_reason else ""
                lines.append(f"  {f.status.upper()} {f.check}: {f.message}{extra}")
        for v in r.outcome.violations:
            lines.append(f"  ERROR {r.name}: {v}")
    lines.append("")
    lines.append("Equalities (heavy-cohort share of each caseload; groups under 5 suppressed):")
    for d in dicts:
        eq = d["equalities"]
        assert isinstance(eq, dict)
        lines.append(_equality_line(str(d["name"]), eq))
    for r in results:
        if r.curve:
            lines.append("")
            lines.append(f"Moves against highest utilisation, {r.name} (hard ceiling):")
            for p in r.curve:
                lines.append(
                    f"  ceiling {p.ceiling_pct:g}%: {p.moved} moved, highest {p.highest}%, "
                    f"{p.unallocated} left where they are, {p.status}"
                    + (f", {len(p.violations)} violations" if p.violations else "")
                )
    return "\n".join(lines)


def render_json(results: list[OptionResult]) -> str:
    """The comparison as JSON (one object per option, the base first)."""
    return json.dumps({"options": [r.as_dict() for r in results]}, indent=2)


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


def render_html(results: list[OptionResult]) -> str:
    """A self-contained page: the table, a workload chart per option and the moves chart."""
    esc = html.escape
    table = esc(render_table(results))
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
