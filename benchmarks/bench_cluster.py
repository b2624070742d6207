"""The large method on a Dask cluster of 1, 2, ... workers on this machine, beside the local
default and greedy, and on paper for a larger cluster.

For each worker count a scheduler and that many single-threaded workers are started on
127.0.0.1 (as tests/solve/test_cluster.py does), the day is proposed with ``--cluster``, and the
proposal's bytes are compared with the local run's (they must be equal). Every process's
memory is sampled twice a second: the peak of the caller, the scheduler and the workers is
reported, and everything is stopped at once if any of them passes ``--memory-limit-gb`` (the
machine is shared). The parts are then solved one by one in this process to time each PDU
(CPU seconds) and each serial phase, and the makespan of a larger cluster is worked out on
paper: the serial phases plus the parts scheduled longest first on the workers.

    python benchmarks/bench_cluster.py --size country --workers 1 2 --paper 16
"""

import argparse
import hashlib
import heapq
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psutil
from timing import children_cpu_s

import allocator.engine.pipeline as pipeline
import allocator.solve.large.solve as large
from allocator import SolveSettings, propose
from allocator.bench.instances import instance
from allocator.io.policy_files import bundled_policy
from allocator.problem.day import build_day
from allocator.rules.eligibility import compute_eligibility
from allocator.solve.greedy import greedy_assignment
from allocator.solve.large.slices import PartSlicer

DASK = str(Path(sys.executable).with_name("dask"))


class Watch:
    """Samples the RSS of this process and of every process under it twice a second, keeps
    each one's peak, and kills them all (and exits) if one passes ``limit`` bytes."""

    def __init__(self, limit: float) -> None:
        self.limit, self.names = limit, {}
        self.peak: dict[str, int] = defaultdict(int)
        self._stop = threading.Event()
        threading.Thread(target=self._run, daemon=True).start()

    def name(self, pid: int, label: str) -> None:
        """Report process ``pid`` under ``label`` (a worker, the scheduler)."""
        self.names[pid] = label

    def reset(self) -> None:
        self.peak.clear()

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.wait(0.5):
            seen = {"caller": me.memory_info().rss}
            for child in me.children(recursive=True):
                try:
                    seen[self.names.get(child.pid, "forked")] = max(
                        seen.get(self.names.get(child.pid, "forked"), 0),
                        child.memory_info().rss,
                    )
                except psutil.Error:
                    continue
            for label, rss in seen.items():
                self.peak[label] = max(self.peak[label], rss)
            if max(seen.values()) > self.limit:
                print(f"\nSTOPPED: memory {seen} passed the limit", flush=True)
                for child in me.children(recursive=True):
                    child.kill()
                os._exit(3)


WATCH: Watch | None = None


@contextmanager
def local_cluster(workers: int) -> Iterator[tuple[str, list[psutil.Process]]]:
    """A scheduler and ``workers`` single-threaded workers on 127.0.0.1; yields the address
    and the workers' processes."""
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
    if WATCH:
        WATCH.name(procs[0].pid, "scheduler")
    try:
        for _ in range(600):
            if scheduler_file.exists() and scheduler_file.stat().st_size:
                break
            time.sleep(0.1)
        address = json.loads(scheduler_file.read_text())["address"]
        for i in range(workers):
            procs.append(
                subprocess.Popen(
                    [
                        *(DASK, "worker", address, "--nthreads", "1", "--host", "127.0.0.1"),
                        *("--no-nanny", "--no-dashboard"),
                    ],
                    **quiet,
                )
            )
            if WATCH:
                WATCH.name(procs[-1].pid, f"worker {i + 1}")
        from distributed import Client

        with Client(address, timeout=60, set_as_default=False) as client:
            client.wait_for_workers(workers, timeout=120)
        yield address, [psutil.Process(p.pid) for p in procs[1:]]
    finally:
        for proc in reversed(procs):
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(10)


def _cpu(procs: list[psutil.Process]) -> float:
    return sum(sum(p.cpu_times()[:2]) for p in procs)


def _bytes_digest(proposal_json: str) -> str:
    data = json.loads(proposal_json)
    data["run"].pop("wall_time_s")
    data["run"]["solver_parameters"].pop("processes")  # how the parts ran, by design
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


SENT: list[tuple[int, float]] = []
"""(bytes, CPU seconds to cut and pickle) of every part sent to a cluster in this process."""


def _count_sent() -> None:
    cut = PartSlicer.input

    def counted(self: PartSlicer, i: int) -> bytes:
        started = time.process_time()
        out = cut(self, i)
        SENT.append((len(out), time.process_time() - started))
        return out

    PartSlicer.input = counted  # type: ignore[method-assign]


def _run(
    label: str, settings: SolveSettings, s: Any, policy: Any, workers: list[psutil.Process]
) -> str:
    if WATCH:
        WATCH.reset()
    SENT.clear()
    cpu, kids, wall = time.process_time(), children_cpu_s(), time.perf_counter()
    remote = _cpu(workers)
    p = propose(s, policy, settings)
    wall = time.perf_counter() - wall
    cpu, kids = time.process_time() - cpu, children_cpu_s() - kids
    remote = _cpu(workers) - remote
    top = next(o for o in p.objective if o.name == "max_utilisation")
    digest = _bytes_digest(p.model_dump_json())
    peak = dict(WATCH.peak) if WATCH else {}
    worker_peak = max((v for k, v in peak.items() if k.startswith("worker")), default=0)
    print(
        f"| {label} | {wall:.1f} | {cpu:.1f} | {kids:.1f} | {remote:.1f} | "
        f"{peak.get('caller', 0) / 1e6:,.0f} | {worker_peak / 1e6:,.0f} | "
        f"{peak.get('scheduler', 0) / 1e6:,.0f} | {top.value / 10:.1f} | {top.bound / 10:.1f} | "
        f"{digest} | {os.getloadavg()[0]:.1f} |",
        flush=True,
    )
    if SENT:
        sizes = [n for n, _ in SENT]
        print(
            f"|  sent: {len(sizes)} parts, {min(sizes) / 1e6:.1f}-{max(sizes) / 1e6:.1f} MB each, "
            f"{sum(sizes) / 1e6:.0f} MB in all, cut and pickled in {sum(t for _, t in SENT):.1f} "
            "CPU s |||||||||||",
            flush=True,
        )
    return digest


Timed = dict[str, float]


def _timing(owner: Any, name: str, into: Timed, label: str) -> Callable[[], None]:
    """Wrap ``owner.name`` to add its CPU seconds to ``into[label]``; returns the undo."""
    original = getattr(owner, name)

    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            into[label] = into.get(label, 0.0) + time.process_time() - started

    setattr(owner, name, timed)
    return lambda: setattr(owner, name, original)


def _parts_timed(s: Any, policy: Any) -> tuple[list[tuple[str, int, float]], Timed, float, float]:
    """Each PDU part's cases and CPU seconds, solved in this process; the CPU seconds of the
    serial phases; and the whole proposal's CPU and wall seconds in that run."""
    timed: list[tuple[str, int, float]] = []
    solve_part = large._solve_part

    def timing(part: Any) -> Any:
        started = time.process_time()
        out = solve_part(part)
        timed.append((part.pdu, len(part.cases), time.process_time() - started))
        return out

    phases: Timed = {}
    undo = [
        _timing(pipeline, "build_day", phases, "day"),
        _timing(pipeline, "compute_eligibility", phases, "eligibility"),
        _timing(pipeline, "day_objectives", phases, "terms"),
        _timing(pipeline, "solve_outcome", phases, "solve (all of it)"),
        _timing(large, "utilisation_bound", phases, "flow bound"),
        _timing(large, "settle", phases, "settle"),  # a whole day's; a part's is in its time
        _timing(pipeline, "merge_parts", phases, "merging the parts' lines"),
        _timing(pipeline, "explain_all", phases, "explanations"),
        _timing(pipeline, "annotate", phases, "annotations"),
        _timing(pipeline, "with_displacement", phases, "blocked cases"),
        _timing(pipeline, "court_summary", phases, "court summary"),
        _timing(pipeline, "Proposal", phases, "proposal model"),
    ]
    large._solve_part = timing  # type: ignore[assignment]
    try:
        cpu, wall = time.process_time(), time.perf_counter()
        propose(s, policy, SolveSettings(large_processes=1))
        return timed, phases, time.process_time() - cpu, time.perf_counter() - wall
    finally:
        large._solve_part = solve_part  # type: ignore[assignment]
        for u in undo:
            u()


def _per_pdu_day_and_eligibility(s: Any, policy: Any) -> list[tuple[str, int, float]]:
    """Per PDU: its cases and the CPU seconds of building its own day and eligibility from its
    part of the scenario (its cases, its PODs' staff and their holdings): what a worker would
    spend if it derived its PDUs itself instead of the caller deriving the whole day."""
    pod_pdu = {p.id: p.pdu_id for p in s.pods}
    out = []
    for pdu in sorted(p.id for p in s.pdus):
        staff = [p for p in s.practitioners if pod_pdu[p.pod_id] == pdu]
        ids = {p.id for p in staff}
        part = s.model_copy(
            update={
                "pdus": [p for p in s.pdus if p.id == pdu],
                "pods": [p for p in s.pods if p.pdu_id == pdu],
                "practitioners": staff,
                "holdings": [h for h in s.holdings if h.practitioner_id in ids],
                "cases": [c for c in s.cases if c.pdu_id == pdu],
            }
        )
        started = time.process_time()
        compute_eligibility(build_day(part, policy))
        out.append((pdu, len(part.cases), time.process_time() - started))
    return out


def _makespan(times: list[float], workers: int) -> float:
    """Longest-first list scheduling of ``times`` on ``workers``."""
    loads = [0.0] * workers
    for t in sorted(times, reverse=True):
        heapq.heapreplace(loads, loads[0] + t)
    return max(loads)


def main() -> None:
    global WATCH
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--size", default="country")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, nargs="*", default=[1, 2])
    parser.add_argument("--paper", type=int, nargs="*", default=[16])
    parser.add_argument("--memory-limit-gb", type=float, default=6.0)
    parser.add_argument("--skip-local", action="store_true", help="no greedy nor local rows")
    parser.add_argument(
        "--local-digest", help="with --skip-local: the local run's bytes digest to compare with"
    )
    args = parser.parse_args()
    WATCH = Watch(args.memory_limit_gb * 1e9)
    _count_sent()
    s, policy = instance(args.size, args.seed), bundled_policy()
    print(f"{args.size}/s{args.seed}: {len(s.cases):,} cases, {len(s.practitioners):,} staff")
    print(
        "| run | wall s | CPU s (caller) | CPU s (forked) | CPU s (Dask workers) | peak MB "
        "caller | peak MB worker | peak MB scheduler | highest % | bound % | bytes | load |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    local = args.local_digest
    if not args.skip_local:
        cpu, wall = time.process_time(), time.perf_counter()
        day = build_day(s, policy)
        elig = compute_eligibility(day)
        greedy_assignment(day, elig, prefer_continuity=False)
        print(
            f"| greedy (day, eligibility, placement) | {time.perf_counter() - wall:.1f} | "
            f"{time.process_time() - cpu:.1f} | - | - | - | - | - | - | - | - | "
            f"{os.getloadavg()[0]:.1f} |",
            flush=True,
        )
        del day, elig
        local = _run("engine, local (2 forked processes)", SolveSettings(), s, policy, [])
    for n in args.workers:
        with local_cluster(n) as (address, procs):
            got = _run(
                f"engine, Dask {n} worker(s)", SolveSettings(cluster=address), s, policy, procs
            )
        if local is not None:
            print(f"bytes equal to the local run: {got == local}", flush=True)
    if not args.paper:
        return
    parts, phases, cpu, wall = _parts_timed(s, policy)
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
    solve = phases.pop("solve (all of it)", 0.0)
    inside = sum(phases.get(k, 0.0) for k in ("flow bound", "settle"))
    phases["scoring the terms, cutting the parts"] = solve - sum(times) - inside
    named = sum(phases.values())
    print(
        "serial phases, CPU s: "
        + ", ".join(f"{k} {v:.1f}" for k, v in phases.items())
        + f", the rest of propose (assumptions, the run record, the digest) {serial - named:.1f}"
    )
    for n in args.paper:
        print(
            f"on paper, {n} workers: serial {serial:.1f} + parts {_makespan(times, n):.1f} "
            f"(critical path: the largest part {max(times):.2f}) = "
            f"{serial + _makespan(times, n):.1f} s, transfer not counted"
        )
    per_pdu = _per_pdu_day_and_eligibility(s, policy)
    own = [t for _, _, t in per_pdu]
    print(
        f"day and eligibility per PDU, each from its own part of the scenario: "
        f"{min(own):.2f}-{max(own):.2f} CPU s, sum {sum(own):.1f} "
        f"(the whole day's: day {phases.get('day', 0):.1f} + eligibility "
        f"{phases.get('eligibility', 0):.1f})"
    )
    solve_of = {pdu: t for pdu, _, t in parts}
    both = [t + solve_of.get(pdu, 0.0) for pdu, _, t in per_pdu]
    for n in args.paper:
        print(
            f"on paper, {n} workers deriving their PDUs' day and eligibility too: parts "
            f"{_makespan(both, n):.1f} s (largest {max(both):.2f}); the caller still derives "
            "the whole day for the explanations"
        )


if __name__ == "__main__":
    main()
