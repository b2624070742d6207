"""Workload balance: the lowest highest utilisation after allocation, then the smallest spread.

docs/domain.md objective order 2 and 5. Utilisation is counted in tenths of a percent of available
points over the practitioners who could take at least one of today's cases (the scope):

``max_utilisation`` = max over scope of ceil(1000 * load_after / available)
``spread`` = max_utilisation - min over scope of floor(1000 * load_after / available)
"""

from allocator.objectives.base import (
    Objective,
    TermSpec,
    UtilisationSpec,
    permille_down,
    permille_up,
)
from allocator.problem.assignment import AssignmentState
from allocator.problem.day import Assignment, Day
from allocator.rules.eligibility import Eligibility


def _loads(day: Day, elig: Eligibility, assignment: Assignment) -> tuple[list[int], list[int]]:
    after = day.load_after(assignment)
    scope = elig.receivers()
    up = [permille_up(after[p], day.available[p]) for p in scope]
    down = [permille_down(after[p], day.available[p]) for p in scope]
    return up, down


def highest_of(day: Day, assignment: Assignment, scope: list[str]) -> int:
    """The highest per-mille utilisation (rounded up) over ``scope`` after ``assignment``, 0
    for no one: a part's share of ``max_utilisation`` (its scope and assignment)."""
    after = day.load_after(assignment)
    return max((permille_up(after[p], day.available[p]) for p in scope), default=0)


def _extremes(
    day: Day, elig: Eligibility, view: AssignmentState
) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """The three highest (rounded up) and three lowest (rounded down) per-mille utilisations
    over the scope, computed once per view: a move changes two loads, so three suffice."""
    cached = view.memo.get("extremes")
    if isinstance(cached, tuple):
        return cached
    scope = elig.receivers()
    ups = sorted(((permille_up(view.load[p], day.available[p]), p) for p in scope), reverse=True)[
        :3
    ]
    downs = sorted((permille_down(view.load[p], day.available[p]), p) for p in scope)[:3]
    view.memo["extremes"] = (ups, downs)
    return ups, downs


def _moved_extremes(
    day: Day, elig: Eligibility, view: AssignmentState, cid: str, pid: str
) -> tuple[int, int, int, int]:
    """(max before, min before, max after, min after) of per-mille utilisation over the scope
    when allocated case ``cid`` moves to ``pid``: only two loads change."""
    old = view.assignment[cid]
    ups, downs = _extremes(day, elig, view)
    if not ups:
        return 0, 0, 0, 0
    if old == pid:
        return ups[0][0], downs[0][0], ups[0][0], downs[0][0]
    changed = {old: view.load[old] - day.points[cid], pid: view.load[pid] + day.points[cid]}
    in_scope = {p: load for p, load in changed.items() if p in elig.receivers_set()}
    after_up = max(
        [u for u, p in ups if p not in changed][:1]
        + [permille_up(load, day.available[p]) for p, load in in_scope.items()]
    )
    after_down = min(
        [d for d, p in downs if p not in changed][:1]
        + [permille_down(load, day.available[p]) for p, load in in_scope.items()]
    )
    return ups[0][0], downs[0][0], after_up, after_down


class MaxUtilisation(Objective):
    name = "max_utilisation"
    applies_to = "both"
    figure = "permille"
    large_bound = "highest"
    large_role = "balance"
    combine = "max"
    unit = "tenths of a percent"
    description = "The highest workload % after allocation among those who could take a case today."

    def spec(self, day: Day, elig: Eligibility) -> TermSpec:
        return UtilisationSpec("max", tuple(elig.receivers()))

    def score(self, day: Day, elig: Eligibility, assignment: Assignment) -> int:
        up, _ = _loads(day, elig, assignment)
        return max(up, default=0)

    def score_part(
        self,
        day: Day,
        elig: Eligibility,
        assignment: Assignment,
        cases: list[str],
        scope: list[str],
    ) -> int:
        """The highest over the part's scope: the parts' scopes together are the day's."""
        return highest_of(day, assignment, scope)

    def reassign_delta(
        self, day: Day, elig: Eligibility, view: AssignmentState, cid: str, pid: str
    ) -> int:
        before_up, _, after_up, _ = _moved_extremes(day, elig, view, cid, pid)
        return after_up - before_up

    def phrase(self, delta: int) -> str:
        return f"raise the highest workload by {delta / 10:.1f} points of %"


class Spread(Objective):
    name = "spread"
    applies_to = "both"
    figure = "permille"
    unit = "tenths of a percent"
    description = (
        "Highest minus lowest workload % after allocation, among those who could take a case."
    )

    def spec(self, day: Day, elig: Eligibility) -> TermSpec:
        return UtilisationSpec("spread", tuple(elig.receivers()))

    def score(self, day: Day, elig: Eligibility, assignment: Assignment) -> int:
        up, down = _loads(day, elig, assignment)
        return max(up, default=0) - min(down, default=0)

    def reassign_delta(
        self, day: Day, elig: Eligibility, view: AssignmentState, cid: str, pid: str
    ) -> int:
        before_up, before_down, after_up, after_down = _moved_extremes(day, elig, view, cid, pid)
        return (after_up - after_down) - (before_up - before_down)

    def phrase(self, delta: int) -> str:
        return f"widen the gap between the most and least loaded by {delta / 10:.1f} points of %"
