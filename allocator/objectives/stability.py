"""Stability against the previous version of the day (docs/domain.md objective order 7).

On a re-solve the scenario carries the previous version's undecided lines
(``Scenario.previous_version``): each one that goes to a different practitioner, or is left
unallocated, costs 1. Ranked right after the terms that count unallocated cases and above every
balance term, it lets an undecided line move only when a decision forces it: when keeping every
undecided line where it was would leave a case unallocated that could otherwise be placed (a
hard rule, such as the capacity ceiling, leaves no other way). On a first proposal there is no
previous version and the term is 0 for every allocation, so it changes nothing.
"""

from allocator.objectives.base import PairCostObjective
from allocator.problem.day import Day


def previous_lines(day: Day) -> dict[str, str]:
    """The previous version's undecided lines (case id -> practitioner); empty on a first proposal."""
    previous = day.scenario.previous_version
    return previous.lines if previous is not None else {}


class Stability(PairCostObjective):
    name = "stability"
    applies_to = "both"
    unit = "undecided lines moved"
    description = (
        "Lines of the previous version that nobody decided, moved to another practitioner or "
        "left unallocated by the re-solve."
    )

    def pair_cost(self, day: Day, cid: str, pid: str) -> int:
        before = previous_lines(day).get(cid)
        return int(before is not None and before != pid)

    def unallocated_cost(self, day: Day, cid: str) -> int:
        return int(cid in previous_lines(day))

    def cheapest(self, day: Day, cid: str, pids: list[str]) -> int:
        # 0 unless the case had a previous line and none of ``pids`` is its practitioner.
        before = previous_lines(day).get(cid)
        return int(before is not None and bool(pids) and before not in pids)

    def phrase(self, delta: int) -> str:
        if delta == 1:
            return "move a line the previous version proposed and nobody decided"
        return f"move {delta} lines the previous version proposed and nobody decided"
