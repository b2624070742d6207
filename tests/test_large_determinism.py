"""The large method gives the same proposal for the same input: its search is budgeted in work
units, not in seconds (the clock is only a safety net, recorded when it acts)."""

import pytest

from allocator import SolveSettings, propose
from allocator.bench.instances import instance
from allocator.check import check
from allocator.io.policy_files import bundled_policy


def test_large_method_is_deterministic_and_valid() -> None:
    """A generated PDU's whole caseload (about 1,000 cases), forced onto the large method,
    twice: byte-identical apart from the time taken, valid, and not stopped by the clock."""
    s = instance("1k", 2)
    policy = bundled_policy()
    settings = SolveSettings(method="large", time_limit_s=60)
    first, second = propose(s, policy, settings), propose(s, policy, settings)
    first.run.wall_time_s = second.run.wall_time_s = 0.0
    assert first.model_dump_json() == second.model_dump_json()
    assert "stopped_by_clock" not in first.run.solver_parameters
    assert check(s, policy, first) == []


def test_pdus_solved_in_parallel_give_the_same_proposal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two generated PDUs (about 4,900 cases) solved in one process and in two: the same
    proposal, since each PDU is solved on its own with its own budget."""
    monkeypatch.setattr("allocator.solve.large.solve.PARALLEL_FROM_CASES", 0)
    s = instance("5k", 1)
    policy = bundled_policy()
    runs = []
    for processes in (1, 2):
        settings = SolveSettings(
            method="large", time_limit_s=60, large_processes=processes, large_work_units=300_000
        )
        p = propose(s, policy, settings)
        assert p.run.solver_parameters["processes"] == processes
        p.run.wall_time_s = 0.0
        p.run.solver_parameters.pop("processes")
        runs.append(p.model_dump_json())
    assert runs[0] == runs[1]
