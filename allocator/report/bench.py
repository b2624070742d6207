"""The benchmark table: the engine beside the greedy baseline and the bound, as Markdown."""

from allocator.bench.measure import Result


def table(results: list[Result]) -> str:
    """A Markdown table with the ratios against greedy (highest utilisation, time) and
    against the bound (the gap)."""
    head = (
        "| instance | method | cases | staff | allocated | highest % | bound % | gap % "
        "| highest vs greedy | spread % | kept in POD % | moves | time s | vs greedy time "
        "| peak MB | valid |"
    )
    lines = [head, "|" + "---|" * 16]
    greedy = {r.instance: r for r in results if r.method == "greedy"}
    for r in results:
        g = greedy.get(r.instance)
        ratio = f"{r.time_s / g.time_s:.2f}x" if g and g.time_s > 0 else "-"
        top = f"{r.max_util_pct / g.max_util_pct:.3f}x" if g and g.max_util_pct > 0 else "-"
        lines.append(
            f"| {r.instance} | {r.method} | {r.cases:,} | {r.practitioners:,} | {r.allocated:,} "
            f"| {r.max_util_pct:.1f} | {'-' if r.bound_pct is None else f'{r.bound_pct:.1f}'} "
            f"| {'-' if r.gap_pct is None else f'{r.gap_pct:.2f}'} | {top} | {r.spread_pct:.1f} "
            f"| {r.kept_in_pod_pct:.1f} | {r.moves:,} | {r.time_s:.2f} | {ratio} | {r.peak_rss_mb:.0f} "
            f"| {'yes' if r.valid else 'NO'} |"
        )
    return "\n".join(lines)
