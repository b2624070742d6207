"""Proposes allocations of probation cases to practitioners, explains them, and checks them.

The public API is what this module exports; the CLI and the benchmarks use nothing else.
"""

from allocator.check import check
from allocator.propose import propose
from allocator.settings import SolveSettings

__all__ = ["SolveSettings", "check", "propose"]
