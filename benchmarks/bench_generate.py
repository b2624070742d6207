"""How long the synthetic generator takes, and how much memory, per size (not a test).

Each repeat runs in a fresh process so that its peak resident memory (``ru_maxrss``) is its own.
Prints, per size: the median time to build and validate the Scenario, the median time to write
its compact JSON, the largest peak RSS over the repeats, and the counts.

    python benchmarks/bench_generate.py                 # pod, pdu, region, country; 3 repeats
    python benchmarks/bench_generate.py region -r 5 --seed 1
"""

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time


def one(size: str, seed: int) -> dict[str, float | int]:
    """Generate once in this process and measure it."""
    from allocator.synth import generate

    start = time.perf_counter()
    scenario = generate(size, seed)  # type: ignore[arg-type]
    built = time.perf_counter() - start
    start = time.perf_counter()
    text = scenario.model_dump_json()
    written = time.perf_counter() - start
    return {
        "generate_s": built,
        "json_s": written,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "json_mb": len(text) / 1e6,
        "staff": len(scenario.practitioners),
        "holdings": len(scenario.holdings),
        "cases": len(scenario.cases),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", default=["pod", "pdu", "region", "country"])
    parser.add_argument("-r", "--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args.seed)))
        return
    print(f"{'size':8} {'generate s':>11} {'json s':>7} {'peak MB':>8} {'JSON MB':>8} "
          f"{'staff':>6} {'holdings':>9} {'cases':>6}")  # fmt: skip
    for size in args.sizes:
        runs = []
        for _ in range(args.repeats):
            out = subprocess.run(
                [sys.executable, __file__, "--one", size, "--seed", str(args.seed)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            runs.append(json.loads(out))
        first = runs[0]
        print(
            f"{size:8} {statistics.median(r['generate_s'] for r in runs):11.2f} "
            f"{statistics.median(r['json_s'] for r in runs):7.2f} "
            f"{max(r['peak_rss_mb'] for r in runs):8.0f} {first['json_mb']:8.1f} "
            f"{first['staff']:6,} {first['holdings']:9,} {first['cases']:6,}",
            flush=True,
        )


if __name__ == "__main__":
    main()
