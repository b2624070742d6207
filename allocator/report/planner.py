"""The comparison as a terminal table, JSON, and a self-contained HTML report (inline SVG)."""

import html
import json
from collections import Counter

from allocator.planner.composition import Finding
from allocator.planner.plan import Plan
from allocator.planner.rebalance import MOVE_REASONS
from allocator.report.planner_tables import MOVE_COLUMNS, POD_COLUMNS, move_rows, pod_rows

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


TODAY = "today (before any change)"
"""The label of today's caseload, in today's structure, where it is shown beside the columns."""


def equality_lines(plan: Plan) -> list[str]:
    """Today's equality aggregates, then every column's: a rebalance that concentrates a heavy
    cohort on some caseloads shows as a higher max share than today's."""
    return [
        _equality_line(TODAY, plan.today.equalities),
        *[_equality_line(r.name, r.outcome.equalities) for r in plan.columns],
    ]


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
    lines += equality_lines(plan)
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
    """The comparison as JSON: today's figures (before any change, in today's structure), then
    the bases and the options (each with its base's name and its difference from it)."""
    today = plan.today
    before = {
        "highest_utilisation_pct": today.highest,
        "mean_utilisation_pct": today.mean,
        "spread_sd_pct": today.spread,
        "out_of_model": today.out_of_model_before,
        "equalities": today.equalities,
    }
    return json.dumps({"today": before, "options": [r.as_dict() for r in plan.columns]}, indent=2)


_CSS = (
    "body{font-family:Arial,sans-serif;margin:1.5em 2em;color:#0b0c0c;max-width:1200px}"
    "h1{font-size:1.6em}h2{font-size:1.3em;margin-top:1.6em;border-bottom:2px solid #b1b4b6}"
    "h3{font-size:1.1em}table{border-collapse:collapse;margin:.5em 0 1em;font-size:.85em}"
    "th,td{border:1px solid #b1b4b6;padding:3px 6px;text-align:left;vertical-align:top;"
    "white-space:nowrap}pre{white-space:pre-wrap}"
    "th{background:#f3f2f1}td.n{text-align:right}.over{color:#d4351c;font-weight:bold}"
    "figure{display:inline-block;margin:.5em 1em .5em 0}svg{max-width:100%;height:auto}"
    ".scroll{max-height:32em;overflow:auto;display:inline-block}p.note{color:#505a5f}"
)
HTML_MOVES_SHOWN = 1_000
"""Move rows shown per option in the page; the export (--export) has every one."""


def _table(header: list[str], rows: list[list[object]], over: set[int] | None = None) -> str:
    """An HTML table, every cell escaped; numbers right-aligned, columns in ``over`` red
    above 100 (as the live service shows workload)."""
    esc = html.escape
    out = ["<table><thead><tr>", *[f"<th>{esc(h)}</th>" for h in header], "</tr></thead><tbody>"]
    for row in rows:
        out.append("<tr>")
        for i, v in enumerate(row):
            number = isinstance(v, int | float)
            classes = ["n"] if number else []
            if over and i in over and number and float(v) > 100:  # type: ignore[arg-type]
                classes.append("over")
            attr = f' class="{" ".join(classes)}"' if classes else ""
            out.append(f"<td{attr}>{esc(str(v))}</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _strip_svg(svg: str) -> str:
    """The chart without its RDF metadata block (links to metadata vocabularies only)."""
    start, end = svg.find("<metadata>"), svg.find("</metadata>")
    return svg if start < 0 or end < 0 else svg[:start] + svg[end + len("</metadata>") :]


def render_html(plan: Plan) -> str:
    """A self-contained page (no script, nothing loaded from elsewhere): the comparison, the
    composition against the base, the workload distribution of every column, moves against
    highest utilisation, and per option its per-POD table and its move list."""
    # Here, not at the top: matplotlib costs every table or JSON run half a CPU second to load.
    from allocator.report.planner_charts import COLOURS, moves_chart, top_pct, workload_histogram

    esc = html.escape
    grid = comparison_rows(plan)
    columns = plan.columns
    top = top_pct(columns)
    parts = [
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
        "<title>Restructure options compared</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>Restructure options compared</h1>",
        '<p class="note">Each option is compared with the base solved the same way (the same '
        "change period, the base policy): its difference is what the option changes. Workload "
        "is % of available points; red above 100%.</p>",
        "<h2>Comparison</h2>",
        _table(grid[0], grid[1:]),  # type: ignore[arg-type]
        "<h2>Composition against the base</h2>",
        f"<pre>{esc(chr(10).join(composition_lines(plan)).strip())}</pre>",
        "<h2>Workload distribution</h2>",
    ]
    for i, column in enumerate(columns):
        svg = workload_histogram(column, COLOURS[i % len(COLOURS)], top)
        parts.append(f"<figure>{_strip_svg(svg)}</figure>")
    parts += [
        "<h2>Moves against highest utilisation</h2>",
        '<p class="note">Squares: the bases; circles: the options; lines: each option '
        "re-solved at strict ceilings (the trade-off curve).</p>",
        f"<figure>{_strip_svg(moves_chart(columns))}</figure>",
    ]
    for option in plan.options:
        pods = pod_rows(plan, option)
        moves = move_rows(option)
        parts += [
            f"<h2>{esc(option.name)}</h2>",
            f"<h3>Per POD: before, base after ({esc(option.base.name if option.base else '')})"
            " and after</h3>",
            '<div class="scroll">',
            _table(
                list(POD_COLUMNS),
                [[r[c] for c in POD_COLUMNS] for r in pods],
                over={i for i, c in enumerate(POD_COLUMNS) if "pct" in c},
            ),
            "</div>",
            f"<h3>Moves ({len(moves):,})</h3>",
        ]
        shown = moves[:HTML_MOVES_SHOWN]
        if len(moves) > len(shown):
            parts.append(
                f'<p class="note">The first {len(shown):,} by case id; the export has all '
                f"{len(moves):,}.</p>"
            )
        columns_shown = [c for c in MOVE_COLUMNS if c != "reason"]
        parts += [
            '<div class="scroll">',
            _table(columns_shown, [[r[c] for c in columns_shown] for r in shown]),
            "</div>",
        ]
    parts += [
        "<h2>Equalities</h2>",
        f"<pre>{esc(chr(10).join(equality_lines(plan)))}</pre>",
        '<p class="note">Equality figures are aggregates; groups under 5 are suppressed. '
        "No individual is named.</p>",
        "</body></html>\n",
    ]
    return "".join(parts)
