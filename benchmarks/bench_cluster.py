"""The large method on a Dask cluster of 1, 2, ... workers on this machine, beside the local
default and greedy, and on paper for a larger cluster.

For each worker count a scheduler and that many single-threaded workers are started on
127.0.0.1 (as tests/solve/test_cluster.py does), the day is proposed with ``--cluster``, and the
proposal's bytes are compared with the local run's (they must be equal). The parts are then
solved one by one in this process to time each PDU (CPU seconds), and the makespan of a larger
cluster is worked out on paper: the serial phases (digest, day, eligibility, bound,
explanations) plus the parts scheduled longest first on the workers.

    python benchmarks/bench_cluster.py --size country --workers 1 2 --paper 16
"""

import argparse
import hashlib
import heapq
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import allocator.solve.large.solve as large
from allocator import SolveSettings, propose
from allocator.bench.instances import instance
from allocator.io.policy_files import bundled_policy
from allocator.problem.day import build_day
from allocator.rules.eligibility import compute_eligibility
from allocator.solve.greedy import greedy_assignment

DASK = str(Path(sys.executable).with_name("dask"))


@contextmanager
def local_cluster(workers: int) -> Iterator[str]:
    """A scheduler and ``workers`` single-threaded workers on 127.0.0.1; yields the address."""
    folder = Path(tempfile.mkdtemp(prefix="dask-bench-"))
    scheduler_file = folder / "scheduler.json"
    quiet: dict[str, Any] = {
        "stdout": subprocess.DEVNULL,
        "stderr": subprocess.DEVNULL,
        "cwd": folder,
    }
    procs = [
        subprocess.Popen(
            [
                *(DASK, "scheduler", "--host", "127.0.0.1", "--port", "0"),
                *("--scheduler-file", str(scheduler_file), "--no-dashboard"),
            ],
            **quiet,
        )
    ]
    try:
        for _ in range(600):
            if scheduler_file.exists() and scheduler_file.stat().st_size:
                break
            time.sleep(0.1)
        address = json.loads(scheduler_file.read_text())["address"]
        for _ in range(workers):
            procs.append(
                subprocess.Popen(
                    [
                        *(DASK, "worker", address, "--nthreads", "1", "--host", "127.0.0.1"),
                        *("--no-nanny", "--no-dashboard"),
                    ],
                    **quiet,
                )
            )
        from distributed import Client

        with Client(address, timeout=60, set_as_default=False) as client:
            client.wait_for_workers(workers, timeout=120)
        yield address
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in procs:
            proc.wait(60)


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _bytes_digest(proposal_json: str) -> str:
    data = json.loads(proposal_json)
    data["run"].pop("wall_time_s")
    data["run"]["solver_parameters"].pop("processes")  # how the parts ran, by design
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


def _run(label: str, settings: SolveSettings, s: Any, policy: Any) -> str:
    cpu, kids, wall = time.process_time(), _children_cpu(), time.perf_counter()
    p = propose(s, policy, settings)
    wall = time.perf_counter() - wall
    cpu, kids = time.process_time() - cpu, _children_cpu() - kids
    top = next(o for o in p.objective if o.name == "max_utilisation")
    digest = _bytes_digest(p.model_dump_json())
    print(
        f"| {label} | {wall:.1f} | {cpu:.1f} | {kids:.1f} | {top.value / 10:.1f} | "
        f"{top.bound / 10:.1f} | {100 * (top.value - top.bound) / max(1, top.value):.2f} | "
        f"{digest} | {os.getloadavg()[0]:.1f} |",
        flush=True,
    )
    return digest


def _parts_timed(s: Any, policy: Any) -> tuple[list[tuple[str, int, float]], float, float]:
    """Each PDU part's cases and CPU seconds, solved in this process; and the whole
    proposal's CPU and wall seconds in that run."""
    timed: list[tuple[str, int, float]] = []
    solve_part = large._solve_part

    def timing(part: Any) -> Any:
        started = time.process_time()
        out = solve_part(part)
        timed.append((part.pdu, len(part.cases), time.process_time() - started))
        return out

    large._solve_part = timing  # type: ignore[assignment]
    try:
        cpu, wall = time.process_time(), time.perf_counter()
        propose(s, policy, SolveSettings(large_processes=1))
        return timed, time.process_time() - cpu, time.perf_counter() - wall
    finally:
        large._solve_part = solve_part  # type: ignore[assignment]


def _makespan(times: list[float], workers: int) -> float:
    """Longest-first list scheduling of ``times`` on ``workers``."""
    loads = [0.0] * workers
    for t in sorted(times, reverse=True):
        heapq.heapreplace(loads, loads[0] + t)
    return max(loads)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="country")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--paper", type=int, nargs="+", default=[16])
    args = parser.parse_args()
    s, policy = instance(args.size, args.seed), bundled_policy()
    print(f"{args.size}/s{args.seed}: {len(s.cases):,} cases, {len(s.practitioners):,} staff")
    print(
        "| run | wall s | CPU s (this process) | CPU s (children) | highest % | bound % "
        "| gap % | bytes | load |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    cpu, wall = time.process_time(), time.perf_counter()
    day = build_day(s, policy)
    elig = compute_eligibility(day)
    greedy_assignment(day, elig, prefer_continuity=False)
    print(
        f"| greedy (day, eligibility, placement) | {time.perf_counter() - wall:.1f} | "
        f"{time.process_time() - cpu:.1f} | - | - | - | - | - | {os.getloadavg()[0]:.1f} |"
    )
    del day, elig
    local = _run("engine, local (2 forked processes)", SolveSettings(), s, policy)
    for n in args.workers:
        with local_cluster(n) as address:
            got = _run(f"engine, Dask {n} worker(s)", SolveSettings(cluster=address), s, policy)
        print(f"bytes equal to the local run: {got == local}")
    parts, cpu, wall = _parts_timed(s, policy)
    times = [t for _, _, t in parts]
    serial = cpu - sum(times)
    biggest = max(parts, key=lambda p: p[2])
    print(
        f"\n{len(parts)} PDU parts: cases {min(n for _, n, _ in parts):,}-"
        f"{max(n for _, n, _ in parts):,}; part CPU s {min(times):.2f}-{max(times):.2f}, "
        f"sum {sum(times):.1f}; largest part {biggest[0]} ({biggest[1]:,} cases, "
        f"{biggest[2]:.2f} s); one process: {cpu:.1f} CPU s, {wall:.1f} wall s; serial "
        f"(everything but the parts) {serial:.1f} CPU s"
    )
    for n in args.paper:
        print(
            f"on paper, {n} workers: serial {serial:.1f} + parts {_makespan(times, n):.1f} "
            f"(critical path: the largest part {max(times):.2f}) = "
            f"{serial + _makespan(times, n):.1f} s, transfer not counted"
        )


if __name__ == "__main__":
    main()
