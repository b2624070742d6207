"""The engine's whole ``propose`` against greedy on one generated size, in the same process and
the same minutes: greedy's day, eligibility and placement (as ``bench_cluster.py`` times
them, without starting a Dask cluster), then ``propose`` with its defaults (CPU seconds of this
process and of its forked children, and wall), repeated and alternated.

    python benchmarks/bench_against_greedy.py --size region --repeats 2
"""

import argparse
import os
import statistics
import time

from timing import children_cpu_s

from allocator import SolveSettings, propose
from allocator.bench.instances import instance
from allocator.io.policy_files import bundled_policy
from allocator.problem.day import build_day
from allocator.rules.eligibility import compute_eligibility
from allocator.solve.greedy import greedy_assignment


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="region")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    s, policy = instance(args.size, args.seed), bundled_policy()
    greedy, engine = [], []
    for _ in range(args.repeats):
        cpu, wall = time.process_time(), time.perf_counter()
        day = build_day(s, policy)
        elig = compute_eligibility(day)
        greedy_assignment(day, elig, prefer_continuity=False)
        greedy.append((time.process_time() - cpu, time.perf_counter() - wall))
        del day, elig
        cpu, kids, wall = time.process_time(), children_cpu_s(), time.perf_counter()
        propose(s, policy, SolveSettings())
        engine.append(
            (
                time.process_time() - cpu + children_cpu_s() - kids,
                time.perf_counter() - wall,
            )
        )
        print(
            f"greedy CPU {greedy[-1][0]:.2f} wall {greedy[-1][1]:.2f} | engine CPU "
            f"{engine[-1][0]:.2f} (with children) wall {engine[-1][1]:.2f} | load "
            f"{os.getloadavg()[0]:.1f}",
            flush=True,
        )
    g = statistics.median(c for c, _ in greedy)
    e = statistics.median(c for c, _ in engine)
    print(
        f"{args.size}/s{args.seed} medians: greedy {g:.2f} CPU s, engine {e:.2f} CPU s "
        f"({e / g:.2f}x greedy); wall greedy {statistics.median(w for _, w in greedy):.2f}, "
        f"engine {statistics.median(w for _, w in engine):.2f}"
    )


if __name__ == "__main__":
    main()
