"""A Dask worker whose planner jobs fail, started as its own process by
``tests/planner/test_plan_failures.py``: ``python failing_worker.py raise|exit SCHEDULER
[dask worker options]``.

``raise``: every job raises an error on the worker. ``exit``: the worker's process ends in
the middle of the first job it is given (as when it is killed or runs out of memory). The
task names the planner's ``solve_job`` by reference, so the function replaced here is the one
the worker runs.
"""

import os
import sys

from allocator.planner import plan


def _raise(*_args: object, **_kwargs: object) -> None:
    raise RuntimeError("this test worker refuses every job")


def _exit(*_args: object, **_kwargs: object) -> None:
    os._exit(3)


if __name__ == "__main__":
    plan.solve_job = {"raise": _raise, "exit": _exit}[sys.argv.pop(1)]  # type: ignore[assignment]
    from distributed.cli.dask_worker import main

    main()
