"""What the day and eligibility cost on a generated size, against another checkout, alternately.

Every ``propose`` and every ``check`` builds the day (``build_day``) and its eligibility
(``compute_eligibility``); the checker also reads the loads after the proposal
(``AssignmentState.of``). This script times those phases in CPU seconds of one process, each
tree in its own process in turn (``--baseline`` and this script's own tree, alternately), on one
pickled instance, and prints each tree's medians and the ratio to the baseline's:

    python benchmarks/bench_day.py --size region --repeats 3 --rounds 3 --baseline /tmp/main-tree

The instance is generated once by this tree's generator and pickled to a temporary file that
every process reads, so both trees time the same objects. The collector is paused around each
phase, as ``propose`` and ``check`` pause it.
"""

import argparse
import gc
import json
import os
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PHASES = ("day", "eligibility", "state")


def measure(path: str, repeats: int) -> dict[str, list[float]]:
    """Each phase's CPU seconds, ``repeats`` times, in this process (the tree on its path)."""
    from allocator.io.policy_files import bundled_policy
    from allocator.problem.assignment import AssignmentState
    from allocator.problem.day import build_day
    from allocator.rules.eligibility import compute_eligibility

    with open(path, "rb") as f:
        scenario = pickle.load(f)
    policy = bundled_policy()
    out: dict[str, list[float]] = {phase: [] for phase in PHASES}
    for _ in range(repeats):
        gc.collect()
        gc.disable()
        start = time.process_time()
        day = build_day(scenario, policy)
        built = time.process_time()
        elig = compute_eligibility(day)
        decided = time.process_time()
        # every case to its first candidate: a full assignment, as a proposal's
        assignment = {c: ps[0] for c, ps in elig.candidates.items() if ps}
        before = time.process_time()
        AssignmentState.of(day, assignment)
        day.load_after(assignment)
        done = time.process_time()
        gc.enable()
        out["day"].append(built - start)
        out["eligibility"].append(decided - built)
        out["state"].append(done - before)
        del day, elig, assignment
    return out


def _run(tree: str | None, path: str, repeats: int) -> dict[str, list[float]]:
    """One process of ``tree`` (None: this script's own tree) measuring the instance."""
    env = dict(os.environ)
    if tree is not None:
        env["PYTHONPATH"] = tree
    done = subprocess.run(
        [sys.executable, __file__, "--measure", path, "--repeats", str(repeats)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="region")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=3, help="timings per process")
    parser.add_argument("--rounds", type=int, default=2, help="processes per tree, alternately")
    parser.add_argument("--baseline", help="a checkout to compare with (run with PYTHONPATH)")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.repeats)))
        return
    from allocator.bench.instances import instance

    trees: list[tuple[str, str | None]] = [("this", None)]
    if args.baseline:
        trees.insert(0, ("baseline", args.baseline))
    times: dict[str, dict[str, list[float]]] = {
        label: {p: [] for p in PHASES} for label, _ in trees
    }
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "instance.pkl")
        with open(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600), "wb") as f:
            pickle.dump(instance(args.size, args.seed), f)
        for n in range(args.rounds):
            for label, tree in trees:
                got = _run(tree, path, args.repeats)
                for phase in PHASES:
                    times[label][phase] += got[phase]
                print(
                    f"round {n + 1} {label}: load {os.getloadavg()[0]:.1f}, "
                    + ", ".join(f"{p} {statistics.median(got[p]):.3f}" for p in PHASES),
                    flush=True,
                )
    print(f"| tree ({args.size}/s{args.seed}) | " + " | ".join(PHASES) + " | day + eligibility |")
    print("|---" * (len(PHASES) + 2) + "|")
    medians = {
        label: {p: statistics.median(v) for p, v in phases.items()}
        for label, phases in times.items()
    }
    for label, m in medians.items():
        cells = [f"{m[p]:.3f}" for p in PHASES] + [f"{m['day'] + m['eligibility']:.3f}"]
        print(f"| {label} | " + " | ".join(cells) + " |")
    if args.baseline:
        base, this = medians["baseline"], medians["this"]
        ratios = [f"{this[p] / base[p]:.2f}x" for p in PHASES]
        both = (this["day"] + this["eligibility"]) / (base["day"] + base["eligibility"])
        print("| this / baseline | " + " | ".join(ratios) + f" | {both:.2f}x |")


if __name__ == "__main__":
    main()
