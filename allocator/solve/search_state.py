"""The state of an allocation being built by a search: the shared assignment state plus the
usage of every hard limit, updated move by move in constant time per limit.

The greedy baseline and the large method both build on it; it needs no solver. It extends
``AssignmentState`` so that a load or a count read off a search means what the rules, the terms
and the checker mean by it.
"""

from allocator.objectives.base import permille_up
from allocator.problem.assignment import AssignmentState
from allocator.problem.day import Day
from allocator.rules.base import Limit
from allocator.rules.eligibility import Eligibility


class SearchState(AssignmentState):
    """An assignment with its figures and the usage of every linear limit of the aggregate rules.

    ``load`` always equals ``day.load_after(assignment)``; a held case that is not allocated
    stays with its holder.
    """

    def __init__(self, day: Day, elig: Eligibility, limits: list[Limit]) -> None:
        empty = AssignmentState.empty(day)
        super().__init__(empty.assignment, empty.load)
        self.day, self.elig, self.limits = day, elig, limits
        self.by_pid: dict[str, list[int]] = {}
        self.leaving_coef: dict[str, list[tuple[int, int]]] = {}
        for i, lim in enumerate(limits):
            self.by_pid.setdefault(lim.practitioner_id, []).append(i)
            for cid, coef in lim.alloc_coef.items():
                self.leaving_coef.setdefault(cid, []).append((i, coef))
        self.used = [0] * len(limits)
        self.cases_of: dict[str, set[str]] = {}

    def util(self, pid: str) -> int:
        """Per-mille utilisation, rounded up (as the max-utilisation term counts it)."""
        return permille_up(self.load[pid], self.day.available[pid])

    def can_take(self, cid: str, pid: str) -> bool:
        """Whether ``pid`` can take ``cid`` (unallocated or elsewhere) within every limit."""
        allocated = cid in self.assignment
        extra = {} if allocated else dict(self.leaving_coef.get(cid, []))
        for i in self.by_pid.get(pid, []):
            lim = self.limits[i]
            if self.used[i] + lim.x_coef.get(cid, 0) + extra.get(i, 0) > lim.rhs:
                return False
        return True

    def limits_hold(self, pid: str | None = None) -> bool:
        """Whether every limit of ``pid`` (of everyone, when None) is within its bound: after
        moves made without ``can_take``, such as a swap or a re-packing applied at once."""
        indices = range(len(self.limits)) if pid is None else self.by_pid.get(pid, [])
        return all(self.used[i] <= self.limits[i].rhs for i in indices)

    def place(self, cid: str, pid: str) -> None:
        """Give ``cid`` to ``pid`` (from nobody, or from whoever has it now)."""
        old = self.assignment.get(cid)
        if old is None:
            for i, coef in self.leaving_coef.get(cid, []):
                self.used[i] += coef
        else:
            for i in self.by_pid.get(old, []):
                self.used[i] -= self.limits[i].x_coef.get(cid, 0)
            self.cases_of[old].discard(cid)
        for i in self.by_pid.get(pid, []):
            self.used[i] += self.limits[i].x_coef.get(cid, 0)
        self.give(self.day, cid, pid)
        self.cases_of.setdefault(pid, set()).add(cid)

    def remove(self, cid: str) -> None:
        """Take ``cid`` back from whoever has it: unallocated, a held case returns to its
        holder's load."""
        old = self.assignment[cid]
        for i in self.by_pid.get(old, []):
            self.used[i] -= self.limits[i].x_coef.get(cid, 0)
        self.cases_of[old].discard(cid)
        for i, coef in self.leaving_coef.get(cid, []):
            self.used[i] -= coef
        self.take_back(self.day, cid)
