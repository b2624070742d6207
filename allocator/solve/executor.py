"""The one way to run work beside the caller: a ``concurrent.futures.Executor``.

Two users today, one interface: the input digest of a large day (computed on the idle core
while the caller reads the day and decides eligibility) and the large method's PDU parts
(independent by construction). ``work_pool(workers)`` gives a process pool with the ``fork``
context, or, where that is not possible (one worker asked for, no ``fork`` on this platform, or
the caller is itself a daemonic worker that may not have children), an executor that runs each
call in the caller. The result is the same either way; only the wall time differs. An
existing Dask cluster is the same interface (``ClusterPool``): its workers did not fork from
the caller, so a task's large input is sent to one worker (``send``), and ``results`` turns a
task that failed, or a cluster left without workers, into one ``ClusterError``.

Large inputs are not pickled to forked workers: ``inherit`` puts them in this module before the
pool's processes fork (they fork at the first ``submit``), and ``call_inherited`` reads them
there. Everything a pool's work inherits must therefore be in place before its first submit.
"""

import multiprocessing
import time
from collections.abc import Callable, Iterator
from concurrent.futures import (
    CancelledError,
    Executor,
    Future,
    ProcessPoolExecutor,
    TimeoutError,
    wait,
)
from typing import Any, TypeVar

T = TypeVar("T")

_INHERITED: dict[str, tuple[Callable[..., Any], tuple[Any, ...]]] = {}


class InlineExecutor(Executor):
    """Runs each call in the caller, at submit: the executor when no process can be forked."""

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> "Future[T]":
        future: Future[T] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # raised where the result is asked for, as a pool does
            future.set_exception(exc)
        return future


def can_fork() -> bool:
    """Whether this process may fork workers of its own."""
    return (
        "fork" in multiprocessing.get_all_start_methods()
        and not multiprocessing.current_process().daemon
    )


def work_pool(workers: int) -> Executor:
    """A process pool of ``workers`` forked processes, or the caller itself when ``workers`` is
    1 or less or no process can be forked."""
    if workers <= 1 or not can_fork():
        return InlineExecutor()
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))


class ClusterError(ConnectionError):
    """Work sent to a Dask cluster did not come back: a task failed on its worker, a worker
    was lost with no other to take its tasks, or the scheduler went away. A
    ``ConnectionError``, so that the command line says it in one line, as it does a scheduler
    that never answered."""


class ClusterPool(Executor):
    """An existing Dask distributed cluster (``tcp://host:port``) as an executor.

    Its workers did not fork from the caller, so what a fork pool's workers inherit must be
    sent: ``send`` puts a large input of one task on one worker, ``share`` one that every task
    reads on every worker, and ``submit`` accepts either handle in its place. ``results``
    waits for tasks without ever waiting for ever. ``workers`` counts the cluster's workers now.
    """

    def __init__(self, address: str, timeout_s: float = 10.0, patience_s: float = 60.0) -> None:
        """``patience_s``: how long a cluster may have no worker at all, while work is asked
        for, before ``results`` gives up (a worker being restarted comes back well within a
        minute)."""
        try:
            from distributed import Client
        except ImportError as exc:  # pragma: no cover - a dependency of the project
            raise RuntimeError("the Dask 'distributed' package is not installed") from exc
        check_address(address)
        try:
            self.client = Client(address, timeout=timeout_s, set_as_default=False)
        except OSError as exc:
            raise ConnectionError(f"no Dask scheduler answered at {address}: {exc}") from exc
        self.address, self.patience_s = address, patience_s
        self._executor = self.client.get_executor(pure=False)

    @property
    def workers(self) -> int:
        """The workers the scheduler has now (asked of it, not a cached copy)."""
        try:
            return len(self.client.nthreads())
        except OSError as exc:
            raise ClusterError(f"the Dask scheduler at {self.address} went away: {exc}") from exc

    def share(self, value: Any) -> Any:
        """``value`` on every worker, as a handle ``submit`` resolves there."""
        return self.client.scatter(value, broadcast=True, hash=False)

    def send(self, value: Any) -> Any:
        """``value`` held by the cluster (on one worker, the next in turn, moved to wherever a
        task needs it), as a handle ``submit`` resolves there: a large argument of one task
        travels once, outside the task graph, instead of to every worker as with ``share``.
        Send one object (a ``bytes``, a dataclass): a dict or a list would be sent item by
        item."""
        try:
            return self.client.scatter(value, hash=False, timeout=self.patience_s)
        except TimeoutError as exc:
            raise ClusterError(f"no Dask worker at {self.address} took the data sent") from exc
        except OSError as exc:
            raise ClusterError(f"the Dask scheduler at {self.address} went away: {exc}") from exc

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> "Future[T]":
        return self._executor.submit(fn, *args, **kwargs)

    def results(self, futures: "list[Future[T]]", poll_s: float = 1.0) -> Iterator[T]:
        """Each future's result, in the order given, as each becomes ready.

        Raises ``ClusterError`` at the first task that failed (naming the error raised on the
        worker, or the worker lost; Dask gives a task up after its workers died under it three
        times) and when the cluster has had no worker for ``patience_s`` while tasks wait: Dask
        itself would keep them waiting for a worker that may never come."""
        for future in futures:
            yield self._result(future, poll_s)

    def _result(self, future: "Future[T]", poll_s: float) -> T:
        alone_since: float | None = None
        while not future.done():
            wait([future], timeout=poll_s)
            if future.done():
                break
            if self.workers:
                alone_since = None
            elif alone_since is None:
                alone_since = time.monotonic()
            elif time.monotonic() - alone_since > self.patience_s:
                raise ClusterError(
                    f"the Dask cluster at {self.address} has had no worker for "
                    f"{self.patience_s:g} s with tasks waiting (its workers were lost)"
                )
        try:
            return future.result()
        except CancelledError as exc:
            raise ClusterError(
                f"the Dask cluster at {self.address} dropped a task (its scheduler was lost?)"
            ) from exc
        except Exception as exc:
            raise ClusterError(
                f"a task failed on the Dask cluster at {self.address}: {_one_line(exc)}"
            ) from exc

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Close the client; ``wait`` for the tasks still running first, unless
        ``cancel_futures`` asks for them to be cancelled (as ``with`` does after an error: a
        cluster without workers would otherwise be waited for without end)."""
        self._executor.shutdown(wait=wait and not cancel_futures)
        self.client.close()

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        self.shutdown(wait=exc_type is None, cancel_futures=exc_type is not None)


def _one_line(exc: BaseException) -> str:
    """An exception as one short line: its type, and its message's first line, cut at 200
    characters (the message of an error raised in a worker may be long)."""
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    text = f"{type(exc).__name__}: {first}" if first else type(exc).__name__
    return text if len(text) <= 200 else text[:199] + "…"


def check_address(address: str) -> None:
    """Refuse an address no Dask scheduler can have (no port, an unknown scheme) before a
    client is made: a half-made client fails later, and noisily, when it is collected."""
    from distributed.comm import parse_address, parse_host_port
    from distributed.comm.registry import get_backend

    try:
        scheme, location = parse_address(address)
        get_backend(scheme)
        if scheme in ("tcp", "tls", "ws", "wss"):
            parse_host_port(location)
    except ValueError as exc:
        raise ConnectionError(f"not a Dask scheduler address: {address!r} ({exc})") from exc


def inherit(key: str, fn: Callable[..., Any], *args: Any) -> None:
    """Make ``fn(*args)`` callable as ``call_inherited(key)`` in workers forked from now on."""
    _INHERITED[key] = (fn, args)


def forget(key: str) -> None:
    """Drop what ``inherit`` kept under ``key`` (the caller's copy; workers have their own)."""
    _INHERITED.pop(key, None)


def call_inherited(key: str, *more: Any) -> Any:
    """``fn(*args, *more)`` for what ``inherit`` kept under ``key``: only ``key`` and ``more``
    cross the process boundary."""
    fn, args = _INHERITED[key]
    return fn(*args, *more)


def map_in_order(executor: Executor, fn: Callable[..., T], items: list[Any]) -> Iterator[T]:
    """``fn(item)`` for every item, yielded in the items' order as each becomes ready."""
    futures = [executor.submit(fn, item) for item in items]
    for future in futures:
        yield future.result()


class Beside:
    """One computation started beside the caller now, its result asked for later.

    A worker lost or silent for ``patience_s`` (a fork can inherit a lock some other thread
    held) is given up and the work done in the caller: slower, never stuck.
    """

    def __init__(
        self, fn: Callable[..., Any], *args: Any, fork: bool = True, patience_s: float = 300.0
    ) -> None:
        self._fn, self._args, self._patience_s = fn, args, patience_s
        self._key = f"beside-{id(self)}"
        # One forked worker for one computation (a pool of two would fork an idle second).
        self._pool: Executor = (
            ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
            if fork and can_fork()
            else InlineExecutor()
        )
        inherit(self._key, fn, *args)
        self._future = self._pool.submit(call_inherited, self._key)

    def result(self) -> Any:
        """The value; a failure in the worker is raised here."""
        try:
            return self._future.result(timeout=self._patience_s)
        except (TimeoutError, _BrokenPool):
            return self._fn(*self._args)
        finally:
            self.close()

    def close(self) -> None:
        """Stop the worker if its result will not be asked for (the caller failed first)."""
        forget(self._key)
        if isinstance(self._pool, ProcessPoolExecutor):
            # A running call cannot be cancelled through the executor's interface (Python 3.14
            # adds terminate_workers): stop its process so a failed caller leaves none behind.
            for proc in list((getattr(self._pool, "_processes", None) or {}).values()):
                if proc.is_alive():
                    proc.terminate()
        self._pool.shutdown(wait=True, cancel_futures=True)


try:
    from concurrent.futures.process import BrokenProcessPool as _BrokenPool
except ImportError:  # pragma: no cover - every supported Python has it
    _BrokenPool = RuntimeError  # type: ignore[misc, assignment]
