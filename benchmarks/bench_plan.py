"""Time `allocator plan` on a generated region, end to end as a user runs it.

Issue 18 asks for one option on a region (about 50,000 cases, 1,500 case holders) in under
20 s and the `--time-limit` honoured. This script generates the region once, writes one
option (a staff move outside a change period, or in a change period with a reasoned waiver),
runs the planner (subprocess, JSON output) ``--repeats`` times and prints, per option count,
the median wall seconds and the median CPU seconds of the planner and its child processes,
with the figures the planner reports. The base is solved too (the comparison is honest only
if it is), so "one option" is two solves. Not a test: the machine is shared; the load average
is printed beside the figures.

    python benchmarks/bench_plan.py --seed 1 --time-limit 20 --repeats 3
    python benchmarks/bench_plan.py --seed 1 --options 2 --period amber
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _option(folder: Path, scenario: dict, period: str, index: int) -> Path:
    """Option ``index``: the ``index``-th PO (by id) moves to the next POD."""
    staff = sorted(
        (p for p in scenario["practitioners"] if p["grade"] == "PO"), key=lambda p: p["id"]
    )
    mover = staff[index]
    pods = sorted(pod["id"] for pod in scenario["pods"])
    target = next(pod for pod in pods[index + 1 :] + pods if pod != mover["pod_id"])
    waiver = (
        '\n[[waiver]]\ncheck = "cases_move_not_staff"\nreason = "Benchmark option."\n'
        if period != "none"
        else ""
    )
    path = folder / f"option{index}.toml"
    path.write_text(
        f'name = "option {index}: move {mover["id"]}"\nperiod = "{period}"\n\n'
        f'[[move]]\npractitioner = "{mover["id"]}"\nto_pod = "{target}"\n{waiver}'
    )
    return path


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=20.0)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--options", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--period", default="none", choices=["none", "green", "amber", "red"])
    parser.add_argument("--curve-steps", type=int, default=0)
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
        changes = [_option(folder, scenario, args.period, i) for i in range(max(args.options))]
        print(
            f"region seed {args.seed}: {len(scenario['practitioners'])} staff, "
            f"{len(scenario['holdings'])} holdings; period {args.period}, "
            f"--time-limit {args.time_limit:g}, --curve-steps {args.curve_steps}, "
            f"{args.repeats} repeats, {os.cpu_count()} CPUs"
        )
        print(
            "| options | solves | median wall s | median CPU s | runs (wall s) | load avg "
            "| moved (base, options) | highest % (base, options) | valid |"
        )
        print("|---|---|---|---|---|---|---|---|---|")
        for n in args.options:
            walls, cpus, loads = [], [], []
            report: dict = {}
            valid = True
            for _ in range(args.repeats):
                loads.append(os.getloadavg()[0])
                cpu0, started = _children_cpu(), time.perf_counter()
                done = subprocess.run(
                    [
                        exe,
                        "plan",
                        base,
                        *[a for c in changes[:n] for a in ("--change", c)],
                        "--json",
                        "--time-limit",
                        str(args.time_limit),
                        "--curve-steps",
                        str(args.curve_steps),
                    ],
                    capture_output=True,
                    text=True,
                )
                walls.append(time.perf_counter() - started)
                cpus.append(_children_cpu() - cpu0)
                if done.returncode not in (0, 1):
                    sys.exit(f"plan failed: {done.stderr.strip()[-400:]}")
                valid &= done.returncode == 0
                report = json.loads(done.stdout)
            options = report["options"]
            print(
                f"| {n} | {len(options)} | {statistics.median(walls):.1f} "
                f"| {statistics.median(cpus):.1f} | {', '.join(f'{w:.1f}' for w in walls)} "
                f"| {min(loads):.1f}-{max(loads):.1f} "
                f"| {', '.join(str(o['cases_moved']) for o in options)} "
                f"| {', '.join(str(o['highest_utilisation_pct']) for o in options)} "
                f"| {'yes' if valid else 'NO'} |"
            )


if __name__ == "__main__":
    main()
