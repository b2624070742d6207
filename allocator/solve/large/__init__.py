"""The large-scale solver adapter: a flow bound, a target-driven placement and a local search.

CP-SAT proves the daily proposal optimal; from a few thousand cases upward it does not improve
a greedy start in useful time (benchmarks/RESULTS.md). This package takes over there: it decomposes by
PDU (eligibility never crosses one), proves a lower bound on the highest utilisation by
bisection with a max-flow per PDU, builds an allocation at that bound that keeps cases with
their practitioner and in their POD where it can, and closes the gap with moves and swaps. It
imports ortools' graph algorithms only.
"""

from allocator.solve.large.solve import solve_large

__all__ = ["solve_large"]
