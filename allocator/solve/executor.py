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

    def __init__(
        self, fn: Callable[..., T], *args: Any, fork: bool = True, patience_s: float = 300.0
    ) -> None:
        self._fn, self._args, self._patience_s = fn, args, patience_s
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
        """The value; a failure in the child is raised here. A child lost (killed) or silent
        for ``patience_s`` (a fork can inherit a lock some other thread held) is stopped and
        the work done here: slower, never stuck."""
        if self._proc is None or self._recv is None:
            return self._fn(*self._args)
        try:
            if self._recv.poll(self._patience_s):
                ok, value = self._recv.recv()
            else:
                self._proc.terminate()
                ok, value = True, self._fn(*self._args)
        except EOFError:
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
