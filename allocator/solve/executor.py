"""The one way to run work beside the caller: a ``concurrent.futures.Executor``.

Two users today, one interface: the input digest of a large day (computed on the idle core
while the caller reads the day and decides eligibility) and the large method's PDU parts
(independent by construction). ``work_pool(workers)`` gives a process pool with the ``fork``
context, or, where that is not possible (one worker asked for, no ``fork`` on this platform, or
the caller is itself a daemonic worker that may not have children), an executor that runs each
call in the caller. The result is the same either way; only the wall time differs. A
distributed executor (a Dask client's ``get_executor()``) has the same interface and can be
handed to the same code later.

Large inputs are not pickled to forked workers: ``inherit`` puts them in this module before the
pool's processes fork (they fork at the first ``submit``), and ``call_inherited`` reads them
there. Everything a pool's work inherits must therefore be in place before its first submit.
"""

import multiprocessing
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor, TimeoutError
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


class ClusterPool(Executor):
    """An existing Dask distributed cluster (``tcp://host:port``) as an executor.

    Its workers did not fork from the caller, so what a fork pool's workers inherit must be
    sent: ``share`` sends a large input to every worker once and returns a handle that
    ``submit`` accepts in its place. ``workers`` counts the cluster's workers now.
    """

    def __init__(self, address: str, timeout_s: float = 10.0) -> None:
        try:
            from distributed import Client
        except ImportError as exc:  # pragma: no cover - a dependency of the project
            raise RuntimeError("the Dask 'distributed' package is not installed") from exc
        check_address(address)
        try:
            self.client = Client(address, timeout=timeout_s, set_as_default=False)
        except OSError as exc:
            raise ConnectionError(f"no Dask scheduler answered at {address}: {exc}") from exc
        self._executor = self.client.get_executor(pure=False)

    @property
    def workers(self) -> int:
        return len(self.client.scheduler_info().get("workers", {}))

    def share(self, value: Any) -> Any:
        """``value`` on every worker, as a handle ``submit`` resolves there."""
        return self.client.scatter(value, broadcast=True, hash=False)

    def send(self, value: Any) -> Any:
        """``value`` held by the cluster (on one worker, moved to wherever a task needs it), as
        a handle ``submit`` resolves there: a large argument of one task travels once, outside
        the task graph, instead of to every worker as with ``share``."""
        return self.client.scatter(value, hash=False)

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> "Future[T]":
        return self._executor.submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._executor.shutdown(wait=wait)
        self.client.close()


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
