"""Work run beside the caller (the one executor interface) gives what running it in place gives, errors included."""

import pytest

from allocator.engine.pipeline import propose
from allocator.io.policy_files import bundled_policy
from allocator.problem.digest import input_digest
from allocator.solve.executor import Beside
from allocator.solve.settings import SolveSettings
from allocator.synth import generate


def _fail(message: str) -> str:
    raise ValueError(message)


@pytest.mark.parametrize("fork", [True, False])
def test_the_result_is_the_same_forked_or_not(fork: bool) -> None:
    assert Beside(sorted, [3, 1, 2], fork=fork).result() == [1, 2, 3]


@pytest.mark.parametrize("fork", [True, False])
def test_a_failure_is_raised_where_the_result_is_asked_for(fork: bool) -> None:
    job = Beside(_fail, "no digest", fork=fork)
    with pytest.raises(ValueError, match="no digest"):
        job.result()


def test_a_large_day_records_the_digest_computed_beside_it(monkeypatch) -> None:
    """The engine forks the digest from this many cases; the record is the input's digest."""
    monkeypatch.setattr("allocator.engine.pipeline.PARALLEL_FROM_CASES", 0)
    scenario = generate("pod", 2)
    policy = bundled_policy()
    proposal = propose(scenario, policy, SolveSettings(time_limit_s=10))
    assert proposal.run.input_digest == input_digest(scenario, policy)


def test_a_failing_proposal_leaves_no_digest_process_behind(monkeypatch) -> None:
    """Bad pins fail after the digest has started beside the engine: the child is stopped."""
    import multiprocessing

    from allocator.engine.explain import Pin

    monkeypatch.setattr("allocator.engine.pipeline.PARALLEL_FROM_CASES", 0)
    scenario = generate("pod", 2)
    before = set(multiprocessing.active_children())
    with pytest.raises(ValueError, match="not on today's list"):
        propose(
            scenario,
            bundled_policy(),
            SolveSettings(time_limit_s=10),
            pins={"NO-SUCH-CASE": Pin(practitioner_id="X", decided="approved")},
        )
    assert set(multiprocessing.active_children()) <= before


def _slow_in_child(value: int, parent: int) -> int:
    import os
    import time

    if os.getpid() != parent:
        time.sleep(30)  # a child that never answers in time
    return value


def test_a_child_that_does_not_answer_in_time_is_stopped_and_the_work_done_here() -> None:
    import os
    import time

    started = time.perf_counter()
    job = Beside(_slow_in_child, 7, os.getpid(), fork=True, patience_s=0.5)
    assert job.result() == 7
    assert time.perf_counter() - started < 10


def _square(x: int) -> int:
    return x * x


@pytest.mark.parametrize("workers", [1, 2])
def test_parts_come_back_in_order_whatever_the_pool(workers: int) -> None:
    """map_in_order yields fn(item) in the items' order, in the caller or in a forked pool."""
    from allocator.solve.executor import map_in_order, work_pool

    with work_pool(workers) as pool:
        assert list(map_in_order(pool, _square, [3, 1, 2])) == [9, 1, 4]


def test_inherited_arguments_are_read_in_the_forked_worker() -> None:
    """What ``inherit`` keeps before the first submit is there in the worker, not pickled."""
    from allocator.solve.executor import call_inherited, forget, inherit, work_pool

    unpicklable = lambda: 42  # noqa: E731 - a lambda cannot be pickled, only inherited
    inherit("t", unpicklable)
    try:
        with work_pool(2) as pool:
            assert pool.submit(call_inherited, "t").result() == 42
    finally:
        forget("t")
