"""The benchmark run: instances by size and seed, engine and baseline side by side, a table,
a CSV and (when matplotlib is installed) the scale curve as a PNG."""

import csv
import io
from collections.abc import Callable
from pathlib import Path

from allocator.bench.instances import instance
from allocator.bench.measure import Result, run_engine, run_greedy
from allocator.io.errors import InputError
from allocator.io.policy_files import bundled_policy


def run(
    sizes: list[str],
    seeds: list[int],
    time_limit: float,
    repeats: int,
    progress: Callable[[str], None],
) -> list[Result]:
    """Every size x seed: the engine, then the greedy baseline measured against its bound."""
    policy = bundled_policy("default")
    results: list[Result] = []
    for size in sizes:
        for seed in seeds:
            name = f"{size}/s{seed}"
            progress(f"{name}: generating")
            s = instance(size, seed)
            progress(f"{name}: {len(s.cases)} cases, {len(s.practitioners)} staff; engine")
            engine = run_engine(name, s, policy, time_limit, repeats)
            progress(f"{name}: greedy baseline")
            greedy = run_greedy(name, s, policy, engine.bound_pct, repeats)
            results += [engine, greedy]
    return results


def from_csv(text: str, source: str = "results.csv") -> list[Result]:
    """Results written by ``to_csv`` (so that runs of different sizes can share one file).

    Raises ``InputError`` naming the file, line and column of anything it cannot read back.
    """

    def number(value: str) -> float | None:
        return None if value in ("", "None") else float(value)

    reader = csv.DictReader(io.StringIO(text))
    missing = [f for f in RESULT_FIELDS if f not in (reader.fieldnames or [])]
    if missing:
        raise InputError(
            [f"{source}: line 1: not a results file written by allocator bench: no column "
             f"{', '.join(repr(m) for m in missing)}"]
        )  # fmt: skip
    out = []
    for line, row in enumerate(reader, start=2):
        field = "instance"
        try:
            values: list[object] = []
            for field, kind in RESULT_FIELDS.items():
                raw = row[field]
                if kind is int:
                    values.append(int(raw))
                elif kind is float:
                    values.append(float(raw))
                elif kind == "float?":
                    values.append(number(raw))
                elif kind is bool:
                    if raw not in ("True", "False"):
                        raise ValueError(raw)
                    values.append(raw == "True")
                else:
                    values.append(raw)
        except (TypeError, ValueError):
            raise InputError([f"{source}: line {line}: {field}: not a valid value"]) from None
        out.append(Result(*values))  # type: ignore[arg-type]
    return out


RESULT_FIELDS: dict[str, object] = {
    "instance": str,
    "method": str,
    "cases": int,
    "practitioners": int,
    "allocated": int,
    "max_util_pct": float,
    "spread_pct": float,
    "kept_in_pod_pct": float,
    "moves": int,
    "time_s": float,
    "peak_rss_mb": float,
    "bound_pct": "float?",
    "gap_pct": "float?",
    "valid": bool,
    "status": str,
}
"""Result's fields in order, with how each reads back from the CSV."""


def merged(earlier: list[Result], now: list[Result]) -> list[Result]:
    """``earlier`` with the instances run ``now`` replaced by their new results."""
    fresh = {r.instance for r in now}
    return [r for r in earlier if r.instance not in fresh] + now


def to_csv(results: list[Result]) -> str:
    """The results as CSV text."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(results[0].row()) if results else [])
    writer.writeheader()
    for r in results:
        writer.writerow(r.row())
    return buf.getvalue()


def scale_curve_png(results: list[Result], path: Path) -> bool:
    """Time and gap against cases, engine and greedy; False when matplotlib is missing."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    for method, style in (("engine", "o-"), ("greedy", "s--")):
        rows = sorted((r for r in results if r.method == method), key=lambda r: r.cases)
        left.plot([r.cases for r in rows], [r.time_s for r in rows], style, label=method)
        right.plot([r.cases for r in rows], [r.gap_pct or 0 for r in rows], style, label=method)
    for ax, label in (
        (left, "time (s, median)"),
        (right, "gap to bound on highest utilisation (%)"),
    ):
        ax.set_xscale("log")
        ax.set_xlabel("cases")
        ax.set_ylabel(label)
        ax.grid(True, alpha=0.3)
        ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return True
