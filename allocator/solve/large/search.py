"""Build an allocation at a target utilisation, then close the gap with moves and swaps.

The order of the objective is kept: every case that can be placed is placed (highest risk
first); the highest utilisation is pushed down to the proven bound; among equal loads a case
stays with its practitioner, then in its POD.
"""

import time
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from allocator.objectives.base import PairCostObjective, permille_up
from allocator.objectives.continuity import continuity_cost, continuity_costs
from allocator.problem.day import Day
from allocator.rules.capacity import allowed_points
from allocator.rules.eligibility import Eligibility
from allocator.solve.greedy import BAND_ORDER
from allocator.solve.large.plan import Plan, group_of
from allocator.solve.search_state import SearchState


@dataclass
class Budget:
    """Work allowed to the search, counted in candidate evaluations so that the same input
    always gets the same search. The clock is only a safety net, and says so when it acts: it
    reads this process's CPU time (``time.process_time``), not the wall clock, so that other
    work on a busy machine never decides the answer."""

    units: int
    deadline: float
    used: int = 0
    by_clock: bool = False

    @property
    def exhausted(self) -> bool:
        """No work left (units spent, or the clock ran out)."""
        return self.used >= self.units or self.by_clock

    def spend(self, n: int = 1) -> bool:
        """Count ``n`` evaluations; True when the budget is exhausted."""
        self.used += n
        if self.used & 1023 == 0 and time.process_time() > self.deadline:
            self.by_clock = True
        return self.exhausted


def allocation_order(day: Day, cid: str) -> tuple[int, int, int, str]:
    """The order in which unallocated cases claim room: highest risk band first; within a band
    the smallest first (the first rank counts cases, so more fit), then the most overdue."""
    return (BAND_ORDER[day.band[cid]], day.points[cid], -day.overdue_days[cid], cid)


def _room(day: Day, pid: str, target: int) -> int:
    """Points ``pid`` may hold at per-mille utilisation ``target``."""
    return target * day.available[pid] // 1000


def construct(
    state: SearchState, cases: list[str], target: int, short: bool = False, plan: Plan | None = None
) -> None:
    """Place ``cases`` into ``state``: first each held case back with its holder if it fits under
    ``target``, then the rest (highest risk, then largest, first) on the eligible practitioner in
    the case's POD with the most room under ``target``, else anywhere under it, else where it
    goes least over. ``cases`` form one part of the day: no candidate of theirs is a candidate
    of another part's, so the state's other placements do not change their plan.

    ``short``: the part cannot place every case. Allocation ranks first and counts cases by
    risk band, so each band is then placed whole (holders, then the rest) before the next band
    takes any room, smallest cases first: more of them fit.

    ``plan``: how many points of each group of alike cases each practitioner takes at
    ``target`` (``allocator.solve.large.plan``). Cases are first given out along it, largest first,
    to the candidate whose share still holds the whole case, best continuity first; what the
    plan cannot place whole goes the greedy way above.
    """
    if plan is not None and not short:
        cases = _construct_planned(state, cases, plan)
    day = state.day
    if short:
        groups = [
            sorted((c for c in cases if day.band[c] == band), key=lambda c: (day.points[c], c))
            for band in sorted(BAND_ORDER, key=BAND_ORDER.__getitem__)
        ]
    else:
        groups = [sorted(cases, key=lambda c: (BAND_ORDER[day.band[c]], -day.points[c], c))]
    # Plan on the fixed loads: every case on the list starts away from its holder.
    planned = {p: day.load_before[p] - day.listed_held_points.get(p, 0) for p in day.load_before}
    for cid, pid in state.assignment.items():
        planned[pid] += day.points[cid]
    for group in groups:
        _construct_group(state, group, target, planned)


def _construct_planned(state: SearchState, cases: list[str], plan: Plan) -> list[str]:
    """Give cases out along the plan; returns those it could not place whole."""
    day, elig = state.day, state.elig
    left = {group: dict(shares) for group, shares in plan.items()}
    rest = []
    cost_of: dict[int, dict[str, int]] = {}
    for cid in sorted(cases, key=lambda c: (BAND_ORDER[day.band[c]], -day.points[c], c)):
        pts = day.points[cid]
        group = group_of(day, elig, cid)
        shares = left.get(group, {})
        best: tuple[int, int, str] | None = None
        if pts > 0:
            # Only a candidate with a share of at least the case's points can take it: the
            # few the flow sent this group's points to, not every candidate of the case.
            costs = cost_of.get(id(group))
            if costs is None:
                costs = cost_of[id(group)] = dict(zip(group[0], group[1], strict=True))
            options = [(costs[q], q, share) for q, share in shares.items() if share >= pts]
        else:  # a case of no points fits any share, even none
            options = [(c, q, shares.get(q, 0)) for c, q in costed_candidates(day, elig, cid)]
        for cost, q, share in options:
            if not state.can_take(cid, q):
                continue
            key = (cost, -share, q)
            if best is None or key < best:
                best = key
        if best is None:
            rest.append(cid)
            continue
        state.place(cid, best[2])
        shares[best[2]] = shares.get(best[2], 0) - pts  # a case of no points may have no share
    return rest


def _construct_group(
    state: SearchState, order: list[str], target: int, planned: dict[str, int]
) -> None:
    day, elig = state.day, state.elig
    rest = []
    for cid in order:
        holder = day.holder.get(cid)
        if (
            holder is not None
            and holder in elig.candidates[cid]
            and planned[holder] + day.points[cid] <= _room(day, holder, target)
            and state.can_take(cid, holder)
        ):
            state.place(cid, holder)
            planned[holder] += day.points[cid]
        else:
            rest.append(cid)
    for cid in rest:
        pts = day.points[cid]
        best: tuple[int, int, int, str] | None = None
        for pid in elig.candidates[cid]:
            if not state.can_take(cid, pid):
                continue
            after = planned[pid] + pts
            slack = _room(day, pid, target) - after
            if slack >= 0:  # fits under the target: keep it in its POD, then where most room is
                key = (0, continuity_cost(day, cid, pid), -slack, pid)
            else:  # over the target: where it goes least over
                key = (
                    1,
                    permille_up(after, day.available[pid]),
                    continuity_cost(day, cid, pid),
                    pid,
                )
            if best is None or key < best:
                best = key
        if best is None:
            holder = day.holder.get(cid)
            if holder is not None:
                planned[holder] += day.held_points[cid]  # not allocated: it stays where it is
            continue
        state.place(cid, best[3])
        planned[best[3]] += pts


def _rooms_below(state: SearchState, scope: list[str], top_u: int) -> dict[str, int]:
    """Points each practitioner in ``scope`` may still take while staying below ``top_u``, for
    one step of the search (loads change only when the step ends).

    ``permille_up(load + x, available) < top_u`` is ``load + x <= (top_u - 1) * available //
    1000``: one integer comparison per candidate instead of a rounding division.
    """
    limit, available, load = top_u - 1, state.day.available, state.load
    return {
        p: limit * available[p] // 1000 - load[p] if available[p] > 0 else 1 << 40
        for p in scope  # no points available: utilisation is counted as 0
    }


def improve(state: SearchState, scope: list[str], budget: Budget, floor: int = 0) -> int:
    """Moves and swaps off the most loaded practitioner until none lowers the highest
    utilisation, or it is at ``floor`` (a level the day's highest reaches anyway: below it a
    move buys only spread, which continuity outranks); returns the number of improving
    steps."""
    steps = 0
    while not budget.spend():
        top = max(scope, key=lambda p: (state.util(p), p))
        if state.util(top) <= floor:
            break
        below = _rooms_below(state, scope, state.util(top))
        moved = (
            _best_move(state, top, below)
            or _best_swap(state, top, below, budget)
            or _chain(state, top, below, budget)
        )
        if not moved:
            break
        steps += 1
    return steps


def _best_move(state: SearchState, top: str, below: dict[str, int]) -> bool:
    """The move off ``top`` that keeps the case best in place, then leaves its receiver least
    loaded; ties to the lowest case and practitioner ids."""
    day = state.day
    best: tuple[int, int, str, str] | None = None
    for cid in state.cases_of.get(top, ()):
        pts = day.points[cid]
        if pts == 0:
            continue
        for c, q in costed_candidates(day, state.elig, cid):
            if best is not None and c > best[0]:
                break  # candidates come in increasing continuity cost
            if q == top or pts > below[q]:
                continue
            key = (c, _util_after(state, q, pts), cid, q)
            if (best is None or key < best) and state.can_take(cid, q):
                best = key
    if best is None:
        return False
    state.place(best[2], best[3])
    return True


def _util_after(state: SearchState, pid: str, extra: int) -> int:
    return permille_up(state.load[pid] + extra, state.day.available[pid])


def _best_swap(state: SearchState, top: str, below: dict[str, int], budget: Budget) -> bool:
    """Exchange a case of the top practitioner for a smaller one of an eligible colleague."""
    day, elig = state.day, state.elig
    top_room = below[top]  # negative: the top must shed more than -top_room points
    smallest_first = _CasesBySize(state, descending=False)
    for cid in sorted(state.cases_of.get(top, ()), key=lambda c: (-day.points[c], c)):
        pts = day.points[cid]
        for q in elig.candidates[cid]:
            if q == top or budget.spend():
                continue
            room = below[q]
            if room <= 0:
                continue  # q cannot take any more points and stay below the top
            for did in smallest_first[q]:
                diff = pts - day.points[did]
                if diff <= 0:
                    break  # q's cases are in increasing points: no smaller one is left
                if diff > room or diff < -top_room or top not in elig.candidates[did]:
                    continue
                if _pass_then_take(state, did, top, cid, q, check_receiver=True):
                    return True
    return False


def _chain(state: SearchState, top: str, below: dict[str, int], budget: Budget) -> bool:
    """Move a case of the top practitioner to a colleague q who then passes one of their own
    cases on to a third practitioner r, everyone ending below the top's utilisation."""
    day, elig = state.day, state.elig
    top_room = below[top]
    # Nobody can take a case larger than the most room anyone has: such cases are skipped
    # without looking at their candidates (the one step ends with a failed search of this
    # whole neighbourhood, so this is most of the large method's time).
    widest = max(below.values(), default=0)
    largest_first = _CasesBySize(state, descending=True)
    # Practitioners by room, most first: those that can take pts_d points are a prefix.
    by_room = sorted(((-room, r) for r, room in below.items() if r != top))
    cost = continuity_costs(day)
    for cid in sorted(state.cases_of.get(top, ()), key=lambda c: (-day.points[c], c)):
        pts = day.points[cid]
        if pts == 0 or pts < -top_room:
            continue
        for _, q in costed_candidates(day, elig, cid):
            if q == top or budget.spend():
                continue
            least = pts - below[q]  # q must pass on a case of at least this many points
            for did in largest_first[q]:
                pts_d = day.points[did]
                if pts_d < least:
                    break  # q's cases are in decreasing points: none left is big enough
                if did == cid or pts_d > widest:
                    continue
                roomy = bisect_right(by_room, (-pts_d, "\uffff"))
                costed = costed_candidates(day, elig, did)
                if roomy < len(costed):  # fewer have room than are candidates: ask those
                    receivers = sorted(
                        (cost(did, r), r) for _, r in by_room[:roomy] if elig.allows(did, r)
                    )
                else:
                    receivers = costed
                for _, r in receivers:
                    if r in (q, top) or pts_d > below[r] or not state.can_take(did, r):
                        continue
                    if _pass_then_take(state, did, r, cid, q):
                        return True
    return False


class _CasesBySize(dict[str, list[str]]):
    """Each practitioner's cases by points (then id), sorted once per search step: the loads
    do not change until the step makes its one change and returns."""

    def __init__(self, state: SearchState, descending: bool) -> None:
        super().__init__()
        self._book, self._sign = state, -1 if descending else 1

    def __missing__(self, pid: str) -> list[str]:
        points = self._book.day.points
        out = self[pid] = sorted(
            self._book.cases_of.get(pid, ()), key=lambda d: (self._sign * points[d], d)
        )
        return out


def costed_candidates(day: Day, elig: Eligibility, cid: str) -> list[tuple[int, str]]:
    """The case's candidates with their continuity cost, best continuity first, then by id
    (computed once per case and day)."""
    table = day.memo.setdefault("costed_candidates", {})
    assert isinstance(table, dict)
    out = table.get(cid)
    if out is None:
        cands, costs = group_of(day, elig, cid)
        out = table[cid] = sorted(zip(costs, cands, strict=True))
    return out


def _pass_then_take(
    state: SearchState, did: str, r: str, cid: str, q: str, check_receiver: bool = False
) -> bool:
    """Pass ``did`` on to ``r``, then give ``cid`` to ``q``; when ``q`` still cannot take it
    (or, with ``check_receiver``, ``r`` is now over a limit), put ``did`` back and say so."""
    back = state.assignment[did]
    state.place(did, r)
    if state.can_take(cid, q) and (not check_receiver or state.limits_hold(r)):
        state.place(cid, q)
        return True
    state.place(did, back)  # undo
    return False


def tidy(
    state: SearchState,
    cases: list[str],
    scope: list[str],
    budget: Budget,
    floor: int = 0,
    then: Sequence[PairCostObjective] = (),
) -> int:
    """At the highest utilisation ``scope`` has reached (or ``floor``, when higher), move
    ``cases`` to a candidate that is better on continuity (back to their practitioner, else
    into their POD), or as good on it and better on the pair-cost terms ranked right after
    it (``then``, in rank order: grade fit by default), wherever that does not raise the
    highest utilisation. Returns how many cases moved."""
    day, elig = state.day, state.elig
    cost = continuity_costs(day)
    ceiling = max(max((state.util(p) for p in scope), default=0), floor)
    back = 0
    for cid in sorted(cases):
        if budget.spend():
            break
        current = state.assignment.get(cid)
        if current is None:
            continue
        now = (cost(cid, current), *(t.pair_cost(day, cid, current) for t in then))
        if not any(now):
            continue
        pts = day.points[cid]
        best = None
        for c, q in costed_candidates(day, elig, cid):
            if c > now[0] or (c == now[0] and not then):
                break  # candidates come in increasing continuity cost
            if q == current:
                continue
            mine = (c, *(t.pair_cost(day, cid, q) for t in then))
            if mine >= now or _util_after(state, q, pts) > ceiling or not state.can_take(cid, q):
                continue
            key = (mine, _util_after(state, q, pts), q)
            if best is None or key < best:
                best = key
        if best is not None:
            state.place(cid, best[2])
            back += 1
    return back


def fill(state: SearchState, cases: list[str]) -> int:
    """Place every still-unallocated case that some eligible practitioner can take within the
    hard limits (highest risk first, least loaded after), so that no blocked case could be
    added to the result; returns how many were placed."""
    day, elig = state.day, state.elig
    placed = 0
    for cid in sorted(cases, key=lambda c: allocation_order(day, c)):
        if cid in state.assignment:
            continue
        options = [q for q in elig.candidates[cid] if state.can_take(cid, q)]
        if options:
            state.place(
                cid, min(options, key=lambda q: (_util_after(state, q, day.points[cid]), q))
            )
            placed += 1
    return placed


def fill_by_ejection(state: SearchState, cases: list[str], budget: Budget) -> int:
    """Place still-unallocated cases that every candidate is too full to take, by first passing
    one of a candidate's own cases on to a colleague who can take it. Allocation ranks above
    balance, so the colleague may end higher than before; returns how many were placed."""
    day = state.day
    placed = 0
    for cid in sorted(cases, key=lambda c: allocation_order(day, c)):
        if budget.exhausted:
            break
        if cid not in state.assignment and _eject_for(state, cid, budget):
            placed += 1
    return placed


def _eject_for(state: SearchState, cid: str, budget: Budget) -> bool:
    """Make room for ``cid`` on one of its candidates: pass on one case big enough, else
    several, lowest risk band first (a practitioner full of small lower-band cases is where a
    higher-band case most often finds no room)."""
    day, elig = state.day, state.elig
    pts = day.points[cid]
    for q in sorted(elig.candidates[cid], key=lambda q: (state.util(q), q)):
        need = state.load[q] + pts - allowed_points(day, q)
        if need <= 0:
            continue  # not capacity that stops q: passing a case on would not help
        own = sorted(
            (d for d in state.cases_of.get(q, ()) if day.points[d] >= need),
            key=lambda d: (day.points[d], d),
        )
        for did in own:
            r = _receiver(state, did, q, budget)
            if r is not None and _pass_then_take(state, did, r, cid, q):
                return True
        if budget.exhausted:
            return False
        if _pass_on_several(state, cid, q, budget):
            return True
    return False


def _receiver(state: SearchState, did: str, holder: str, budget: Budget) -> str | None:
    """The least loaded candidate other than ``holder`` who can take ``did``."""
    for r in sorted(state.elig.candidates[did], key=lambda r: (state.util(r), r)):
        if budget.spend():
            return None
        if r != holder and state.can_take(did, r):
            return r
    return None


def _pass_on_several(state: SearchState, cid: str, q: str, budget: Budget) -> bool:
    """Pass on ``q``'s cases of a lower risk band than ``cid``, lowest band and largest first,
    until ``q`` can take ``cid``; undo them all if it still cannot."""
    day = state.day
    band = BAND_ORDER[day.band[cid]]
    lower = sorted(
        (d for d in state.cases_of.get(q, ()) if BAND_ORDER[day.band[d]] > band),
        key=lambda d: (-BAND_ORDER[day.band[d]], -day.points[d], d),
    )
    passed: list[str] = []
    for did in lower:
        r = _receiver(state, did, q, budget)
        if r is None:
            continue
        state.place(did, r)
        passed.append(did)
        if state.can_take(cid, q):
            state.place(cid, q)
            return True
    for did in reversed(passed):
        state.place(did, q)  # undo
    return False
