"""The daily proposal's CP-SAT time (CPU seconds), stage by stage, on generated PDU days (issue 5's 0.5 s).

Beside the CPU seconds, CP-SAT's deterministic time (its own count of work, the same at any
load: the figure to compare two trees by on a shared machine; the solve's budget is counted in
it, ``allocator/solve/cpsat/solve.py``).

`allocator bench` times the whole `propose` (eligibility, hint, solve, explanations, digest);
the target is on the solve. This script wraps ``CpSolver.solve`` to time each lexicographic
stage, over seeds and repeats, with the engine's defaults (one worker unless asked).

    python benchmarks/bench_daily.py --seeds 1 2 3 4 --repeats 3
    python benchmarks/bench_daily.py --workers 2

The last row is the median over the days of each column (the deterministic time also summed).
"""

import argparse
import statistics
import time
from typing import Any

from ortools.sat.python import cp_model

from allocator import SolveSettings, propose
from allocator.bench.instances import instance
from allocator.io.policy_files import bundled_policy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    stages: list[float] = []
    work: list[float] = []
    solve = cp_model.CpSolver.solve

    def timed(self: cp_model.CpSolver, *a: Any, **k: Any) -> Any:
        started = time.process_time()  # CPU seconds: the machine is shared
        out = solve(self, *a, **k)
        stages.append(time.process_time() - started)
        work.append(self.response_proto.deterministic_time)
        return out

    cp_model.CpSolver.solve = timed  # type: ignore[method-assign]
    policy = bundled_policy()
    print(
        "| seed | status | CP-SAT CPU s (median) | stages CPU s (last run) "
        "| CP-SAT deterministic s | propose CPU s (median) | propose wall s (median) |"
    )
    print("|---|---|---|---|---|---|---|")
    summary: dict[str, list[float]] = {"cpsat": [], "work": [], "cpu": [], "wall": []}
    proven = 0
    for seed in args.seeds:
        s = instance("daily", seed)
        solves, cpus, walls = [], [], []
        for _ in range(args.repeats):
            stages.clear()
            work.clear()
            cpu, wall = time.process_time(), time.perf_counter()
            p = propose(s, policy, SolveSettings(workers=args.workers))
            cpus.append(time.process_time() - cpu)
            walls.append(time.perf_counter() - wall)
            solves.append(sum(stages))
        print(
            f"| {seed} | {p.run.status} | {statistics.median(solves):.3f} | "
            f"{', '.join(f'{t:.3f}' for t in stages)} | {sum(work):.3f} | "
            f"{statistics.median(cpus):.3f} | "
            f"{statistics.median(walls):.3f} |",
            flush=True,
        )
        proven += p.run.status == "OPTIMAL"
        for key, value in (
            ("cpsat", statistics.median(solves)),
            ("work", sum(work)),
            ("cpu", statistics.median(cpus)),
            ("wall", statistics.median(walls)),
        ):
            summary[key].append(value)
    print(
        f"| median of {len(args.seeds)} | {proven} OPTIMAL | "
        f"{statistics.median(summary['cpsat']):.3f} | | "
        f"{statistics.median(summary['work']):.3f} (sum {sum(summary['work']):.2f}) | "
        f"{statistics.median(summary['cpu']):.3f} | {statistics.median(summary['wall']):.3f} |"
    )


if __name__ == "__main__":
    main()
