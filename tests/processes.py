"""The servers a test starts (a Dask scheduler and its workers): their address, and stopping them."""

import json
import subprocess
import sys
import time
from pathlib import Path


def scheduler_address(scheduler_file: Path) -> str:
    """The address a scheduler started with ``--scheduler-file`` writes there, once written
    (up to 30 s on a busy machine)."""
    for _ in range(300):
        if scheduler_file.exists() and scheduler_file.stat().st_size:
            break
        time.sleep(0.1)
    address: str = json.loads(scheduler_file.read_text())["address"]
    return address


def stop_all(procs: list[subprocess.Popen[bytes]]) -> None:
    """Ask each process to stop, the last started first; one that does not within 30 s on a
    busy machine is killed."""
    for proc in reversed(procs):
        proc.terminate()
    for proc in procs:
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:  # a busy machine: stop it the hard way
            proc.kill()
            proc.wait(10)


def start_cluster(
    folder: Path, workers: int, nthreads: int = 1, worker: list[str] | None = None
) -> tuple[str, list[subprocess.Popen[bytes]]]:
    """A Dask scheduler and ``workers`` workers of ``nthreads`` threads each (no nanny: a
    worker that dies stays dead) on 127.0.0.1, as separate processes, every worker connected:
    the address and the processes, the scheduler first (for ``stop_all``, or for a test that
    stops one of them itself). ``worker``: the command that starts a worker, before the
    scheduler's address (``dask worker`` unless a test brings its own)."""
    dask = str(Path(sys.executable).with_name("dask"))
    worker = worker or [dask, "worker"]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "cwd": folder}
    scheduler_file = folder / "scheduler.json"
    scheduler_options = ["--scheduler-file", str(scheduler_file), "--no-dashboard"]
    worker_options = ["--host", "127.0.0.1", "--no-nanny", "--no-dashboard"]
    procs = [
        subprocess.Popen(
            [dask, "scheduler", "--host", "127.0.0.1", "--port", "0", *scheduler_options],
            **quiet,  # type: ignore[call-overload]
        )
    ]
    try:
        address = scheduler_address(scheduler_file)
        for _ in range(workers):
            procs.append(
                subprocess.Popen(
                    [*worker, address, "--nthreads", str(nthreads), *worker_options],
                    **quiet,  # type: ignore[call-overload]
                )
            )
        if workers:
            from distributed import Client

            with Client(address, timeout=30, set_as_default=False) as client:
                client.wait_for_workers(workers, timeout=60)
    except BaseException:
        stop_all(procs)
        raise
    return address, procs
