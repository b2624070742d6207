"""The same proposal bytes whatever the load (issue 19): both methods stop on a budget counted in
work, and a safety clock that ends a search anyway is recorded as ``stopped_by_clock``.

The command-line tests run the real ``allocator`` command twice on the same generated day, once
on a quiet process and once while busy-loop processes keep the cores occupied, and compare the
proposal JSON with the wall time (the one field that varies) left out.
"""

import json
import multiprocessing
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from allocator import SolveSettings, propose
from allocator.bench.instances import instance
from allocator.io.policy_files import bundled_policy
from allocator.solve.cpsat import solve as cpsat_solve

ALLOCATOR = [sys.executable, "-c", "from allocator.cli import main; main()"]
"""The ``allocator`` command's entry point (pyproject.toml), in this interpreter."""


def _busy(stop: Any) -> None:
    while not stop.is_set():
        sum(i * i for i in range(10_000))


@contextmanager
def _cpu_hog() -> Iterator[None]:
    """A busy-loop process on every core until the block ends."""
    ctx = multiprocessing.get_context("fork")
    stop = ctx.Event()
    hogs = [
        ctx.Process(target=_busy, args=(stop,), daemon=True) for _ in range(os.cpu_count() or 2)
    ]
    for h in hogs:
        h.start()
    try:
        yield
    finally:
        stop.set()
        for h in hogs:
            h.join(5)
            if h.is_alive():
                h.kill()


def _run(*args: str) -> None:
    subprocess.run([*ALLOCATOR, *args], check=True, capture_output=True, timeout=300)


def _proposal(day: Path, out: Path) -> dict[str, Any]:
    """``allocator propose DAY --out OUT``'s proposal, with its wall time removed."""
    _run("propose", str(day), "--out", str(out))
    data = json.loads(out.read_text("utf-8"))
    del data["run"]["wall_time_s"]
    return data


def _quiet_and_busy(day: Path, tmp_path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    quiet = _proposal(day, tmp_path / "quiet.json")
    with _cpu_hog():
        busy = _proposal(day, tmp_path / "busy.json")
    return quiet, busy


def test_cpsat_daily_day_same_bytes_under_a_cpu_hog(tmp_path: Path) -> None:
    """A generated daily day (100 cases, 80 staff, three CP-SAT stages) proposed by CP-SAT from the shell, quiet and under a CPU hog: the same bytes,
    proven optimal both times, and no clock stopped the search."""
    day = tmp_path / "day.json"
    _run(
        "generate", "--size", "pdu", "--seed", "5", "--practitioners", "80",
        "--cases", "100", "--out", str(day),
    )  # fmt: skip
    quiet, busy = _quiet_and_busy(day, tmp_path)
    assert quiet["run"]["solver_parameters"]["max_deterministic_time"] > 0
    assert quiet["run"]["status"] == "OPTIMAL"
    assert "stopped_by_clock" not in busy["run"]["solver_parameters"]
    assert busy == quiet


def test_large_method_region_like_day_same_bytes_under_a_cpu_hog(tmp_path: Path) -> None:
    """A generated two-PDU day (1,000 cases, 100 staff: past the CP-SAT size, so the large
    method) proposed from the shell, quiet and under a CPU hog: the same bytes, and no clock
    stopped the search."""
    day = tmp_path / "region.json"
    _run(
        "generate", "--size", "region", "--seed", "1", "--pdus", "2", "--pods", "4",
        "--practitioners", "100", "--cases", "1000", "--utilisation", "0.6", "--out", str(day),
    )  # fmt: skip
    quiet, busy = _quiet_and_busy(day, tmp_path)
    assert quiet["run"]["solver_parameters"]["method"] == "large"
    assert "stopped_by_clock" not in busy["run"]["solver_parameters"]
    assert busy == quiet


def _daily(settings: SolveSettings) -> dict[str, Any]:
    p = propose(instance("daily", 4), bundled_policy(), settings)
    data = json.loads(p.model_dump_json())
    del data["run"]["wall_time_s"]
    return data


def test_a_search_cut_by_its_budget_is_the_same_under_a_cpu_hog(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A budget too small to prove the daily day (0.3 s: 0.15 deterministic seconds) ends the
    search at the same point quiet and under a CPU hog: FEASIBLE, the same bytes, and not
    marked as stopped by the clock (pushed out of reach here, so only the budget can act)."""
    monkeypatch.setattr(cpsat_solve, "CLOCK_GUARD", 1000.0)
    settings = SolveSettings(time_limit_s=0.3)
    quiet = _daily(settings)
    with _cpu_hog():
        busy = _daily(settings)
    assert quiet["run"]["status"] == "FEASIBLE"
    assert "stopped_by_clock" not in quiet["run"]["solver_parameters"]
    assert busy == quiet


def test_a_search_cut_by_the_clock_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    """With the wall clock forced far below the work budget, the clock ends the solve: the
    status is FEASIBLE (never OPTIMAL) and the parameters say ``stopped_by_clock``."""
    monkeypatch.setattr(cpsat_solve, "CLOCK_GUARD", 1e-6)
    data = _daily(SolveSettings())
    assert data["run"]["status"] == "FEASIBLE"
    assert data["run"]["solver_parameters"]["stopped_by_clock"] is True
