"""The collector pause (allocator/problem/collector.py) restores the collector's state: after
the block, after a failure in it, and only at the outermost of nested pauses."""

import gc

import pytest

from allocator.problem.collector import collector_paused


def test_the_collector_is_paused_inside_and_running_after() -> None:
    """Running before: paused inside the block, running again after it."""
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_failure_in_the_block_still_resumes_the_collector() -> None:
    """An exception leaves the block with the collector running again."""
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_nested_pauses_resume_only_at_the_outermost_and_a_paused_collector_stays_paused() -> None:
    """An inner pause leaves it paused for the outer block; a caller who had paused it
    themselves finds it still paused."""
    with collector_paused():
        with collector_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
