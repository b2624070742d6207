"""The large method's PDU parts run on a real Dask cluster (a scheduler and one or two workers
on 127.0.0.1, started here as separate processes) and give the proposal a local run gives; a
failure on the cluster is one clear error, never a wait without end."""

import operator
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from allocator import SolveSettings, propose
from allocator.bench.instances import instance, whole_caseload
from allocator.check import check
from allocator.io.policy_files import bundled_policy
from allocator.solve.executor import ClusterError, ClusterPool
from allocator.synth import generate
from models.proposal import Proposal
from tests.processes import start_cluster, stop_all


@contextmanager
def local_cluster(folder: Path, workers: int) -> Iterator[str]:
    """A scheduler and ``workers`` single-threaded workers (no nanny: a worker that dies
    stays dead) on 127.0.0.1, as separate processes; yields the scheduler's address."""
    address, procs = start_cluster(folder, workers)
    try:
        yield address
    finally:
        stop_all(procs)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A scheduler and two single-threaded workers on 127.0.0.1; yields its address."""
    with local_cluster(tmp_path_factory.mktemp("dask"), 2) as address:
        yield address


def _bytes(p: Proposal, where: str | None) -> str:
    """The proposal's JSON without what may differ by design: the time taken and how the
    parts ran."""
    assert p.run.solver_parameters.pop("processes") == ("cluster" if where else 1)
    p.run.wall_time_s = 0.0
    return p.model_dump_json()


def test_a_cluster_gives_the_local_proposal(cluster: str) -> None:
    """Two generated PDUs (about 4,900 cases) solved by the large method locally and on the
    cluster: byte-identical apart from the time taken and how the parts ran, and valid."""
    s = instance("5k", 1)
    policy = bundled_policy()
    runs = []
    for where in (None, cluster):
        settings = SolveSettings(
            method="large", time_limit_s=120, large_work_units=300_000, cluster=where
        )
        p = propose(s, policy, settings)
        assert check(s, policy, p) == []
        runs.append(_bytes(p, where))
    assert runs[0] == runs[1]


def test_one_worker_gives_the_local_proposal(tmp_path: Path) -> None:
    """Two generated PDUs (about 1,000 cases) on a cluster of one worker, which is sent both
    parts' slices and solves them one after the other: the local run's bytes."""
    s = whole_caseload(generate("region", 1, pdus=2, practitioners=20, cases=10))
    policy = bundled_policy()
    runs = []
    with local_cluster(tmp_path, 1) as address:
        for where in (None, address):
            settings = SolveSettings(method="large", time_limit_s=60, cluster=where)
            runs.append(_bytes(propose(s, policy, settings), where))
    assert runs[0] == runs[1]


def test_a_task_that_fails_on_a_worker_is_one_cluster_error(cluster: str) -> None:
    """An exception raised in a task on a worker comes back as a ``ClusterError`` (a
    ``ConnectionError``, which the command line prints as one line) naming it; the cluster
    still works afterwards."""
    with ClusterPool(cluster) as pool:
        failed = pool.submit(operator.truediv, 1, 0)
        with pytest.raises(ClusterError, match="ZeroDivisionError: division by zero"):
            list(pool.results([failed]))
    with ClusterPool(cluster) as pool:
        assert list(pool.results([pool.submit(operator.add, 1, 2)])) == [3]
    assert issubclass(ClusterError, ConnectionError)


def test_a_worker_lost_with_no_other_is_an_error_not_a_wait(tmp_path: Path) -> None:
    """The only worker dies running a task (no nanny restarts it): the task would wait for
    a worker for ever; ``results`` gives up with a ``ClusterError`` once the cluster has had
    no worker for its patience, and leaving the pool does not wait for the task either."""
    with (
        local_cluster(tmp_path, 1) as address,
        pytest.raises(ClusterError, match="no worker"),
        ClusterPool(address, patience_s=1.0) as pool,
    ):
        list(pool.results([pool.submit(os._exit, 1)], poll_s=0.2))


def test_a_cluster_without_workers_is_one_clear_line_and_exit_2(tmp_path: Path) -> None:
    """`allocator propose --cluster` to a scheduler that has no worker says so in one line,
    exit 2, before any part is sent."""
    from click.testing import CliRunner

    from allocator.cli import main

    path = tmp_path / "day.json"
    path.write_text(instance("1k", 1).model_dump_json())
    with local_cluster(tmp_path, 0) as address:
        result = CliRunner().invoke(
            main, ["propose", str(path), "--cluster", address, "--time-limit", "5"]
        )
    assert result.exit_code == 2, result.output
    assert f"error: --cluster: the Dask scheduler at {address} has no workers" in result.output


def test_no_scheduler_is_one_clear_line_and_exit_2(tmp_path: Path) -> None:
    """`allocator propose --cluster` with nobody listening says so in one line, exit 2."""
    from click.testing import CliRunner

    from allocator.cli import main

    s = instance("1k", 1)
    path = tmp_path / "day.json"
    path.write_text(s.model_dump_json())
    result = CliRunner().invoke(
        main, ["propose", str(path), "--cluster", "tcp://127.0.0.1:9", "--time-limit", "5"]
    )
    assert result.exit_code == 2, result.output
    assert "no Dask scheduler answered at tcp://127.0.0.1:9" in result.output
