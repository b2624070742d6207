"""Proposes allocations of probation cases to practitioners, explains them, and checks them.

The public API is what this module exports; the CLI and the benchmarks use nothing else.
Names load on first use, so that ``import allocator.check`` (the independent checker) never
loads the solver.
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from allocator.checker import check
    from allocator.engine import propose
    from allocator.explain import Pin
    from allocator.settings import SolveSettings

__all__ = ["Pin", "SolveSettings", "check", "propose"]


def __getattr__(name: str) -> Any:
    if name == "propose":
        from allocator.engine import propose

        return propose
    if name == "check":
        from allocator.checker import check

        return check
    if name == "Pin":
        from allocator.explain import Pin

        return Pin
    if name == "SolveSettings":
        from allocator.settings import SolveSettings

        return SolveSettings
    raise AttributeError(f"module 'allocator' has no attribute {name!r}")
