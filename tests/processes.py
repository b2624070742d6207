"""The servers a test starts (a Dask scheduler and its workers): their address, and stopping them."""

import json
import subprocess
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
