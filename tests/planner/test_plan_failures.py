"""A solve job that fails does not give a traceback or half a report: one line naming the
jobs (the base or the option, by name) and what happened, nothing written, and the exit code
``docs/planner.md`` gives (2 on a ``--cluster`` cluster, 1 in the planner's own processes).

The cluster cases run a real scheduler and a real worker on 127.0.0.1, as separate processes
(``failing_worker.py``): one whose jobs raise, one whose process ends in the middle of a job.
"""

import os
import sys
from collections.abc import Iterator
from concurrent.futures import Future
from pathlib import Path

import pytest
from click.testing import CliRunner

from allocator.cli import main
from allocator.planner import plan
from allocator.synth import generate
from tests.processes import start_cluster, stop_all

WORKER = str(Path(__file__).with_name("failing_worker.py"))


@pytest.fixture
def base(tmp_path: Path) -> Path:
    """A small generated PDU and nothing else: the jobs fail before they would solve it."""
    path = tmp_path / "base.json"
    path.write_text(generate("pdu", 1, practitioners=12, cases=5).model_dump_json())
    return path


@pytest.fixture
def null_change(tmp_path: Path) -> Path:
    path = tmp_path / "null.toml"
    path.write_text('name = "null"\n')
    return path


def _cluster(folder: Path, mode: str) -> Iterator[str]:
    """A scheduler and one ``failing_worker.py`` worker in ``mode``; yields the address."""
    address, procs = start_cluster(folder, 1, worker=[sys.executable, WORKER, mode])
    try:
        yield address
    finally:
        stop_all(procs)


@pytest.fixture
def raising_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from _cluster(tmp_path_factory.mktemp("dask-raise"), "raise")


@pytest.fixture
def dying_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from _cluster(tmp_path_factory.mktemp("dask-exit"), "exit")


def _plan(base: Path, change: Path, tmp_path: Path, *more: str):
    html = tmp_path / "report.html"
    exports = tmp_path / "exports"
    args = ["plan", str(base), "--change", str(change), "--time-limit", "30"]
    result = CliRunner().invoke(main, [*args, "--html", str(html), "--export", str(exports), *more])
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("error:")]
    written = html.exists() or exports.exists()
    return result, errors, written


def test_a_job_raising_on_the_cluster_is_one_line_and_exit_2(
    raising_cluster: str, base: Path, null_change: Path, tmp_path: Path
) -> None:
    """The worker raises in the first job it runs: exit 2, one error line naming that job,
    the cluster and the error, no traceback, no report or export written, no table."""
    result, errors, written = _plan(base, null_change, tmp_path, "--cluster", raising_cluster)
    assert result.exit_code == 2, result.output
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith("error: --cluster: solving ")
    assert any(f"solving '{name}' failed" in errors[0] for name in ("base", "null"))
    assert f"on the cluster at {raising_cluster}: RuntimeError: " in errors[0]
    assert errors[0].endswith("this test worker refuses every job; nothing was written")
    assert "Traceback" not in result.output and not written and result.stdout == ""


def test_a_cluster_whose_worker_dies_mid_job_is_one_line_and_exit_2(
    dying_cluster: str, base: Path, null_change: Path, tmp_path: Path
) -> None:
    """The only worker's process ends in the middle of a job, taking the jobs' input with it:
    the sweep does not wait for ever. Exit 2, one line naming both jobs (neither finished),
    the cluster and that a worker was lost, nothing written."""
    result, errors, written = _plan(base, null_change, tmp_path, "--cluster", dying_cluster)
    assert result.exit_code == 2, result.output
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith(
        f"error: --cluster: solving 'base', 'null' failed on the cluster at {dying_cluster}: "
    )
    assert "died" in errors[0] and errors[0].endswith("; nothing was written")
    assert "Traceback" not in result.output and not written and result.stdout == ""


def test_a_cluster_left_without_workers_fails_the_waiting_jobs() -> None:
    """Jobs waiting on a cluster that has had no worker for ``WORKERLESS_PATIENCE_S`` (its
    input safe elsewhere, so nothing is cancelled for them) fail as ``JobFailed`` naming every
    job still waiting, and their futures are cancelled; a job already done is not named."""
    done: Future[object] = Future()
    done.set_result("solved")
    waiting: list[Future[object]] = [Future(), Future()]
    jobs = [plan.Job(name, None, None, None, 1.0) for name in ("base", "A", "B")]  # type: ignore[arg-type]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(plan, "WORKERLESS_PATIENCE_S", 0.2)
        with pytest.raises(plan.JobFailed) as failed:
            plan._gather(jobs, [done, *waiting], lambda *_: None, "tcp://x:1", lambda: 0)  # type: ignore[list-item]
    assert failed.value.names == ["A", "B"]
    assert str(failed.value) == (
        "solving 'A', 'B' failed on the cluster at tcp://x:1: the cluster has had no worker "
        "for 0.2 s (its workers died or left)"
    )
    assert all(f.cancelled() for f in waiting)


def _die(*_args: object, **_kwargs: object) -> None:
    os._exit(3)


def _refuse(*_args: object, **_kwargs: object) -> None:
    raise RuntimeError("refused by the test")


def test_a_forked_worker_killed_mid_job_is_one_line_and_exit_1(
    base: Path, null_change: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Locally the two jobs run in two forked processes (which inherit the replaced
    ``solve_job``); both processes end abruptly: exit 1 (an internal failure, not bad input),
    one line naming both jobs, nothing written."""
    monkeypatch.setattr(plan, "solve_job", _die)
    result, errors, written = _plan(base, null_change, tmp_path)
    assert result.exit_code == 1, result.output
    assert errors == [
        "error: solving 'base', 'null' failed: a worker process of the planner ended abruptly "
        "(killed, or out of memory); nothing was written"
    ], result.stderr
    assert "Traceback" not in result.output and not written and result.stdout == ""


def test_a_job_raising_here_names_the_job_and_keeps_the_cause(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One after the other in the planner's process (one worker): the first job that raises
    stops the run as ``JobFailed`` naming it, with the error as its cause."""
    monkeypatch.setattr(plan, "solve_job", _refuse)
    job = plan.Job("base", None, None, None, 5.0)  # type: ignore[arg-type]
    with pytest.raises(plan.JobFailed) as failed:
        plan.run_jobs([job, job], processes=1)
    assert str(failed.value) == "solving 'base' failed: RuntimeError: refused by the test"
    assert isinstance(failed.value.__cause__, RuntimeError)
