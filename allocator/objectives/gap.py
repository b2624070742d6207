"""The relative gap a proposal reports, defined once for every solver and for the checker.

The terms are lexicographic: a gap is only meaningful on the first term (in rank order) that
is not proven, since every term after it is bounded given that term's value. So the gap is
``(value - bound) / max(1, value)`` on the first term whose value is above its bound, and 0
when every term is at its bound. Being a function of the reported values and bounds alone,
the independent checker recomputes it from the proposal.
"""

from collections.abc import Iterable


def relative_gap(values_and_bounds: Iterable[tuple[int, int]]) -> float:
    """The gap of terms given as (value, bound) in rank order, rounded as proposals show it."""
    for value, bound in values_and_bounds:
        if value != bound:
            return round((value - bound) / max(1, value), 6)
    return 0.0
