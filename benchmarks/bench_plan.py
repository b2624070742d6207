"""Time `allocator plan` on a generated region: one restructure option per change period.

Issue 7 asks for a region (about 50,000 cases, 1,500 case holders) rebalanced with the cost of
every move in the model in under 2 minutes per option. This script generates the region, writes
one option per period (the same staff move), runs the planner end to end as a user would
(subprocess, JSON output) and prints the wall time per option with the figures the planner
reports. Not a test: machines are shared, read the figures as orders of magnitude.

    python benchmarks/bench_plan.py --seed 1 --time-limit 60
    python benchmarks/bench_plan.py --seed 1 --time-limit 300 --periods green --curve-steps 4
"""

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _option(folder: Path, scenario: dict, period: str) -> Path:
    staff = sorted(
        (p for p in scenario["practitioners"] if p["grade"] == "PO"), key=lambda p: p["id"]
    )
    mover = staff[0]
    target = next(
        pod["id"]
        for pod in sorted(scenario["pods"], key=lambda p: p["id"])
        if pod["id"] != mover["pod_id"]
    )
    path = folder / f"{period}.toml"
    path.write_text(
        f'name = "{period}: move {mover["id"]}"\nperiod = "{period}"\n\n'
        f'[[move]]\npractitioner = "{mover["id"]}"\nto_pod = "{target}"\n'
    )
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--periods", nargs="+", default=["red", "amber", "green"])
    parser.add_argument(
        "--curve-steps", type=int, default=0, help="trade-off curve points per option (0: none)"
    )
    args = parser.parse_args()
    exe = Path(sys.executable).parent / "allocator"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        base = folder / "region.json"
        subprocess.run(
            [exe, "generate", "--size", "region", "--seed", str(args.seed), "--out", base],
            check=True,
            capture_output=True,
        )
        scenario = json.loads(base.read_text())
        print(
            f"region seed {args.seed}: {len(scenario['practitioners'])} staff, {len(scenario['holdings'])} holdings"
        )
        print(
            "| period | wall s | moved of movable | highest % before -> after | unallocated | status | valid |"
        )
        print("|---|---|---|---|---|---|---|")
        curves: list[tuple[str, list[dict]]] = []
        for period in args.periods:
            change = _option(folder, scenario, period)
            started = time.perf_counter()
            done = subprocess.run(
                [
                    exe,
                    "plan",
                    base,
                    "--change",
                    change,
                    "--json",
                    "--time-limit",
                    str(args.time_limit),
                    "--curve-steps",
                    str(args.curve_steps),
                ],
                capture_output=True,
                text=True,
            )
            wall = time.perf_counter() - started
            if done.returncode not in (0, 1):
                print(f"| {period} | {wall:.1f} | error: {done.stderr.strip()[:200]} |")
                continue
            report = json.loads(done.stdout)
            print(
                f"| {period} | {wall:.1f} | {_summary(report)} | {'yes' if done.returncode == 0 else 'NO'} |"
            )
            curves.append((period, report["options"][-1]["curve"]))
    for period, curve in curves:
        if curve:
            print(
                f"\ntrade-off curve, {period} (hard ceiling: cases moved, highest %, unallocated):"
            )
            for point in curve:
                ok = "valid" if not point["violations"] else "INVALID"
                print(
                    f"- {point['ceiling_pct']:g}%: {point['moved']:,} moved, highest "
                    f"{point['highest']}%, {point['unallocated']} left, {point['status']}, {ok}"
                )


def _summary(report: dict) -> str:
    base, option = report["options"][0], report["options"][-1]
    return (
        f"{option['cases_moved']:,} of {option['cases_on_list']:,} | "
        f"{base['highest_utilisation_pct']} -> {option['highest_utilisation_pct']} | "
        f"{option['unallocated']} | {option['status']}"
    )


if __name__ == "__main__":
    main()
