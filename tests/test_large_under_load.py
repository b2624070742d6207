"""The large method's answer does not depend on how busy the machine is: its safety clock reads
the solving process's CPU time, which other processes' work does not advance."""

import multiprocessing
import os

from allocator import SolveSettings, propose
from allocator.bench.instances import instance
from allocator.io.policy_files import bundled_policy


def _hog(stop: "multiprocessing.synchronize.Event") -> None:  # type: ignore[name-defined]
    while not stop.is_set():
        sum(i * i for i in range(10_000))


def _solve(time_limit_s: float) -> str:
    s = instance("1k", 1)
    p = propose(s, bundled_policy(), SolveSettings(time_limit_s=time_limit_s, method="large"))
    return p.model_copy(
        update={"run": p.run.model_copy(update={"wall_time_s": 0.0})}
    ).model_dump_json()


def test_the_same_proposal_bytes_under_an_artificial_cpu_hog() -> None:
    """A whole-caseload day solved by the large method on an idle machine and again while
    every core is kept busy by other processes gives the same bytes (apart from the wall
    time), and the clock never stopped either search."""
    quiet = _solve(30.0)
    ctx = multiprocessing.get_context("fork")
    stop = ctx.Event()
    hogs = [
        ctx.Process(target=_hog, args=(stop,), daemon=True)
        for _ in range(2 * (os.cpu_count() or 2))
    ]
    for h in hogs:
        h.start()
    try:
        busy = _solve(30.0)
    finally:
        stop.set()
        for h in hogs:
            h.join(5)
    assert busy == quiet
    assert '"stopped_by_clock"' not in busy
