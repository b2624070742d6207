"""Stopping the servers a test started (a Dask scheduler and its workers)."""

import subprocess


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
