"""Time `allocator plan` on a generated region, end to end as a user runs it.

Issue 18 asks for one option on a region (about 50,000 cases, 1,500 case holders) in under
20 s and the `--time-limit` honoured. This script generates the region once, writes one
option (a staff move outside a change period, or in a change period with a reasoned waiver),
runs the planner (subprocess, JSON output) ``--repeats`` times and prints, per option count,
the median wall seconds and the median CPU seconds of the planner and its child processes,
with the figures the planner reports. The base is solved too (the comparison is honest only
if it is), so "one option" is two solves. Not a test: the machine is shared; the load average
is printed beside the figures. With ``--baseline DIR`` (another source tree) both trees run
alternately in the same session, with the ratio of their medians and whether their figures
are identical.

    python benchmarks/bench_plan.py --seed 1 --time-limit 20 --repeats 3
    python benchmarks/bench_plan.py --seed 1 --options 2 --period amber
    git archive main | tar -x -C /tmp/main-src
    python benchmarks/bench_plan.py --options 1 --repeats 5 --baseline /tmp/main-src
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import children_cpu_s


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


TIMED = {"wall_time_s", "job_wall_time_s"}


def _same_figures(a: object, b: object) -> bool:
    """Whether two planner reports give the same figures, wall times aside. Only what both
    trees report is compared, at every level: a newer tree may add a figure (a key of a column
    or of its difference from the base, or today's figures) that an older one does not have."""
    if isinstance(a, dict) and isinstance(b, dict):
        return all(k in TIMED or _same_figures(a[k], b[k]) for k in a.keys() & b.keys())
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same_figures(x, y) for x, y in zip(a, b, strict=True))
    return a == b


def _run(tree: Path | None, args: list[str], folder: Path) -> tuple[float, float, int, dict]:
    """One planner run, as a user runs it: wall s, CPU s (the planner and its children), exit
    code, JSON. ``tree``: a source tree to run instead of the installed one (PYTHONPATH)."""
    env = dict(os.environ)
    if tree is not None:
        env["PYTHONPATH"] = str(tree)
    cmd = [sys.executable, "-c", "from allocator.cli import main; main()", "plan", *args]
    cpu0, started = children_cpu_s(), time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=folder)
    wall, cpu = time.perf_counter() - started, children_cpu_s() - cpu0
    if done.returncode not in (0, 1):
        sys.exit(f"plan failed: {done.stderr.strip()[-400:]}")
    return wall, cpu, done.returncode, json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=20.0)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--options", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--period", default="none", choices=["none", "green", "amber", "red"])
    parser.add_argument("--curve-steps", type=int, default=0)
    parser.add_argument(
        "--baseline",
        type=Path,
        help="A source tree to measure in the same run, alternating with this one (e.g. "
        "`git archive main | tar -x -C DIR`); its figures must be the same.",
    )
    args = parser.parse_args()
    exe = Path(sys.executable).parent / "allocator"
    trees: list[tuple[str, Path | None]] = [("this tree", None)]
    if args.baseline is not None:
        trees.insert(0, ("baseline", args.baseline.resolve()))
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
            "| tree | options | solves | median wall s | median CPU s | runs (wall s / CPU s) "
            "| load avg | moved (bases, options) | highest % (bases, options) | valid |"
        )
        print("|---|---|---|---|---|---|---|---|---|---|")
        for n in args.options:
            plan_args = [
                str(base),
                *[a for c in changes[:n] for a in ("--change", str(c))],
                "--json",
                "--time-limit",
                str(args.time_limit),
                "--curve-steps",
                str(args.curve_steps),
            ]
            runs: dict[str, list[tuple[float, float]]] = {name: [] for name, _ in trees}
            loads: dict[str, list[float]] = {name: [] for name, _ in trees}
            reports: dict[str, object] = {}
            valid = dict.fromkeys(runs, True)
            for _ in range(args.repeats):
                for name, tree in trees:  # alternating, so that the load falls on both alike
                    loads[name].append(os.getloadavg()[0])
                    wall, cpu, code, report = _run(tree, plan_args, folder)
                    runs[name].append((wall, cpu))
                    valid[name] &= code == 0
                    reports[name] = report
            medians = {}
            for name, _ in trees:
                walls = [w for w, _ in runs[name]]
                cpus = [c for _, c in runs[name]]
                medians[name] = (statistics.median(walls), statistics.median(cpus))
                options = reports[name]["options"]  # type: ignore[index]
                print(
                    f"| {name} | {n} | {len(options)} | {medians[name][0]:.1f} "
                    f"| {medians[name][1]:.1f} "
                    f"| {', '.join(f'{w:.1f}/{c:.1f}' for w, c in runs[name])} "
                    f"| {min(loads[name]):.1f}-{max(loads[name]):.1f} "
                    f"| {', '.join(str(o['cases_moved']) for o in options)} "
                    f"| {', '.join(str(o['highest_utilisation_pct']) for o in options)} "
                    f"| {'yes' if valid[name] else 'NO'} |"
                )
            if args.baseline is not None:
                (bw, bc), (tw, tc) = medians["baseline"], medians["this tree"]
                same = _same_figures(reports["baseline"], reports["this tree"])
                print(
                    f"\n{n} option(s): this tree / baseline = {tw / bw:.2f} wall, {tc / bc:.2f} "
                    f"CPU; figures {'identical' if same else 'DIFFERENT'} (wall times aside)\n"
                )


if __name__ == "__main__":
    main()
