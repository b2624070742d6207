"""The large method's PDU parts run on a real Dask cluster (a scheduler and two workers on
127.0.0.1, started here as separate processes) and give the proposal a local run gives."""

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from allocator import SolveSettings, propose
from allocator.bench.instances import instance
from allocator.check import check
from allocator.io.policy_files import bundled_policy

DASK = str(Path(sys.executable).with_name("dask"))


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A scheduler and two single-threaded workers on 127.0.0.1; yields its address."""
    folder = tmp_path_factory.mktemp("dask")
    scheduler_file = folder / "scheduler.json"
    common = ["--no-dashboard"]
    procs = [
        subprocess.Popen(
            [
                DASK,
                "scheduler",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--scheduler-file",
                str(scheduler_file),
                *common,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=folder,
        )
    ]
    try:
        for _ in range(300):
            if scheduler_file.exists() and scheduler_file.stat().st_size:
                break
            time.sleep(0.1)
        address = json.loads(scheduler_file.read_text())["address"]
        for _ in range(2):
            procs.append(
                subprocess.Popen(
                    [
                        DASK,
                        "worker",
                        address,
                        "--nthreads",
                        "1",
                        "--host",
                        "127.0.0.1",
                        "--no-nanny",
                        *common,
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    cwd=folder,
                )
            )
        from distributed import Client

        with Client(address, timeout=30, set_as_default=False) as client:
            client.wait_for_workers(2, timeout=60)
        yield address
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:  # a busy machine: stop it the hard way
                proc.kill()
                proc.wait(10)


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
        assert p.run.solver_parameters.pop("processes") == ("cluster" if where else 1)
        p.run.wall_time_s = 0.0
        runs.append(p.model_dump_json())
    assert runs[0] == runs[1]


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
