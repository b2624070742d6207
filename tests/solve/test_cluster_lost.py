"""What the cluster path does when the cluster itself changes under it: the scheduler lost in
the middle of a run is one ``ClusterError`` at once, not a wait for the task's end; workers
running several parts at once in one process give the local proposal's bytes."""

import time
from pathlib import Path

import pytest

from allocator import SolveSettings, propose
from allocator.bench.instances import whole_caseload
from allocator.io.policy_files import bundled_policy
from allocator.solve.executor import ClusterError, ClusterPool
from allocator.synth import generate
from tests.processes import start_cluster, stop_all


def test_the_scheduler_lost_mid_run_is_one_cluster_error_at_once(tmp_path: Path) -> None:
    """A task of 60 s is running when the scheduler is killed: ``results`` raises a
    ``ClusterError`` saying the task was dropped well before the task would have ended, and
    leaving the pool does not wait for it either."""
    address, procs = start_cluster(tmp_path, 1)
    try:
        started = time.monotonic()
        with (
            pytest.raises(ClusterError, match="dropped a task"),
            ClusterPool(address, patience_s=30.0) as pool,
        ):
            running = pool.submit(time.sleep, 60)
            time.sleep(1.0)
            procs[0].kill()  # the scheduler
            list(pool.results([running], poll_s=0.2))
        assert time.monotonic() - started < 45
    finally:
        procs[1].kill()  # the worker, still sleeping in the task, would not stop when asked
        stop_all(procs)


def test_workers_with_two_threads_give_the_local_proposal(tmp_path: Path) -> None:
    """Two generated PDUs on one worker with two threads, which may solve both parts at once
    in one process (each part's state is passed to it, never shared): the local run's bytes,
    apart from the time taken and how the parts ran."""
    s = whole_caseload(generate("region", 1, pdus=2, practitioners=20, cases=10))
    policy = bundled_policy()
    address, procs = start_cluster(tmp_path, 1, nthreads=2)
    runs = []
    try:
        for where in (None, address):
            p = propose(s, policy, SolveSettings(method="large", time_limit_s=60, cluster=where))
            assert p.run.solver_parameters.pop("processes") == ("cluster" if where else 1)
            assert "stopped_by_clock" not in p.run.solver_parameters
            p.run.wall_time_s = 0.0
            runs.append(p.model_dump_json())
    finally:
        stop_all(procs)
    assert runs[0] == runs[1]
