"""The engine and greedy on hotter regions: the region size with its caseloads filled fuller.

The region instance fills caseloads to about 85% of available points (the brief, and
benchmarks/RESULTS.md). A region under pressure runs hotter; as a PDU nears the 110% ceiling its
high-risk cases may find no practitioner a hard rule allows with room ("short" PDUs), where
the engine's bound is weakest (benchmarks/RESULTS.md). This runs the whole-caseload region at
the given mean utilisations, engine and greedy side by side, and prints the bench table.

    python benchmarks/bench_hot.py --utilisation 0.97 1.05 --seed 1
"""

import argparse

from allocator.bench.instances import whole_caseload
from allocator.bench.measure import run_engine, run_greedy
from allocator.io.policy_files import bundled_policy
from allocator.report.bench import table
from allocator.synth import generate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--utilisation", type=float, nargs="+", default=[0.97, 1.05])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--repeats", type=int, default=1)
    args = parser.parse_args()
    policy = bundled_policy()
    results = []
    for u in args.utilisation:
        name = f"region-u{u:g}/s{args.seed}"
        scenario = whole_caseload(generate("region", args.seed, utilisation=u))
        engine = run_engine(name, scenario, policy, args.time_limit, args.repeats)
        results += [engine, run_greedy(name, scenario, policy, engine.bound_pct, args.repeats)]
    print(table(results))
    if not all(r.valid for r in results):
        raise SystemExit("a result breaks a hard rule")


if __name__ == "__main__":
    main()
