"""One computation run beside the caller in a forked process, for a large day's idle core.

A large day spends its first seconds in one process (reading the day, deciding eligibility)
while the machine's other core waits; the input digest, which needs nothing but the input,
can use it. Where ``fork`` is not available, or the caller is itself a daemonic worker that
may not have children, the computation runs in the caller when its result is asked for: the
result is the same either way, only the wall time differs.
"""

import multiprocessing
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

T = TypeVar("T")


def _run(send: Connection, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
    try:
        send.send((True, fn(*args)))
    except BaseException as exc:  # the caller re-raises it where the result is asked for
        send.send((False, exc))
    finally:
        send.close()


class Background(Generic[T]):
    """``fn(*args)``, started now in a forked process when ``fork`` is True and possible."""

    def __init__(self, fn: Callable[..., T], *args: Any, fork: bool = True) -> None:
        self._fn, self._args = fn, args
        self._proc: Any = None
        self._recv: Connection | None = None
        if not fork or "fork" not in multiprocessing.get_all_start_methods():
            return
        if multiprocessing.current_process().daemon:
            return  # a pool worker may not start a process of its own
        ctx = multiprocessing.get_context("fork")
        self._recv, send = ctx.Pipe(duplex=False)
        self._proc = ctx.Process(target=_run, args=(send, fn, args), daemon=True)
        self._proc.start()
        send.close()

    def result(self) -> T:
        """The value; a failure in the child is raised here, a lost child means running here."""
        if self._proc is None or self._recv is None:
            return self._fn(*self._args)
        try:
            ok, value = self._recv.recv()
        except EOFError:  # the child died without a word (killed): do the work here
            ok, value = True, self._fn(*self._args)
        finally:
            self._recv.close()
            self._proc.join()
            self._proc = None
        if not ok:
            raise value
        return value  # type: ignore[no-any-return]

    def close(self) -> None:
        """Stop the child if its result will not be asked for (the caller failed first)."""
        if self._proc is not None:
            self._proc.terminate()
            self._proc.join()
            self._proc = None
        if self._recv is not None:
            self._recv.close()
