"""Allocate everything that can be allocated: highest risk first, then the most overdue.

Two terms, ranked 1 and 2 by default (docs/domain.md objective order 1).

``unallocated_risk`` = sum over unallocated cases of a band weight chosen so that one case of a
higher risk band outweighs every case of the bands below (weight D = 1, C = n_D + 1,
B = n_C * w_C + n_D * w_D + 1, ...): leaving one tier A case is worse than leaving all others.

``unallocated_overdue`` = sum over unallocated cases of the days past their allocate-by date.
"""

from collections import Counter

from allocator.objectives.base import PairCostObjective
from allocator.problem.day import Day

BANDS = ("D", "C", "B", "A")


def band_weights(day: Day) -> dict[str, int]:
    """Weights per risk band such that the order of bands is lexicographic, given today's counts."""
    cached = day.memo.get("band_weights")
    if isinstance(cached, dict):
        return cached
    per_band = Counter(day.band[c.id] for c in day.cases)  # one pass, not one per band
    counts = {b: per_band[b] for b in BANDS}
    weights: dict[str, int] = {}
    below = 0
    for b in BANDS:
        weights[b] = below + 1
        below += counts[b] * weights[b]
    day.memo["band_weights"] = weights
    return weights


class UnallocatedRisk(PairCostObjective):
    name = "unallocated_risk"
    applies_to = "both"
    large_bound = "all_placed"
    counts_each_unallocated = True
    unit = "risk-weighted unallocated cases"
    description = "Cases left unallocated, weighted so that a higher risk band always comes first."

    def unallocated_cost(self, day: Day, cid: str) -> int:
        return band_weights(day)[day.band[cid]]

    def phrase(self, delta: int) -> str:
        return "leave a higher-risk case unallocated"


class UnallocatedOverdue(PairCostObjective):
    name = "unallocated_overdue"
    applies_to = "both"
    large_bound = "all_placed"
    unit = "days overdue of unallocated cases"
    description = "Days past the allocate-by date, summed over the cases left unallocated."

    def unallocated_cost(self, day: Day, cid: str) -> int:
        return day.overdue_days[cid]

    def phrase(self, delta: int) -> str:
        return f"leave {delta} more overdue days unallocated"
