"""Ejection chains for continuity: bring a case back to its practitioner (or into its POD) when
whoever keeps continuity is already at the level the part balances to.

The tidy pass (``search.tidy``) moves one case at a time, so a case whose practitioner is full
stays away however cheap it would be to make room for it. Here a case ``c`` goes back to a
cheaper candidate ``q`` once one of ``q``'s cases ``x`` is passed on to a colleague ``r`` who
can take it (who may in turn pass one of theirs on: chains of up to ``MAX_DEPTH`` moves; ``r``
may be the practitioner ``c`` leaves, which makes a swap). A chain is applied only when:

- it lowers continuity: every prefix of it already gains (the classic ejection-chain rule,
  which keeps the search small), so the whole chain does;
- every practitioner it touches ends at or below the level (the part's highest utilisation,
  or the floor it balances to when that is higher: what tidy keeps) and within every hard
  limit (``SearchState``'s limits, the aggregate rules' own), and no case leaves the
  practitioner an undecided line of the previous version gave it. So no term ranked above
  continuity gets worse: every case stays allocated, nobody goes above the level, no
  undecided line moves.

Below continuity the terms may change (a chain moves a few more cases); the pair-cost terms
ranked right after it are then tidied case by case as ``search.tidy`` does.

Work is counted in units (one per candidate move looked at), never in seconds, and cases are
taken in a fixed order, so a part's answer is the same in any process and under any load; the
clock is only the caller's safety net, and says so when it acts.
"""

from bisect import bisect_left
from collections.abc import Sequence

from allocator.objectives.base import PairCostObjective
from allocator.objectives.continuity import continuity_costs
from allocator.objectives.stability import previous_lines
from allocator.solve.large.search import Budget, costed_candidates, tidy
from allocator.solve.search_state import SearchState

MAX_DEPTH = 3
"""The most steps in one chain: the case (or cases) returning, and up to two passed on to make
room for them."""

MAX_BUNDLE = 4
"""The most cases returning to one practitioner at once, for the room of one case passed on
(a large case out, three small ones back, is a gain of two)."""

UNITS_PER_CASE = 20
"""The chains' work allowance per case of the part, in candidate moves looked at: a safety
net that a search which runs out of chains (the usual end) does not reach."""

Move = tuple[str, str, str]
"""(case, from, to)."""


class _Chains:
    """The search for one part: its state, the level nobody may go above and the work
    allowed."""

    def __init__(self, state: SearchState, scope: list[str], ceiling: int, budget: Budget) -> None:
        self.state, self.budget, self.ceiling = state, budget, ceiling
        self.day = state.day
        self.cost = continuity_costs(state.day)
        self.previous = previous_lines(state.day)
        # Points each practitioner may hold at the level: util <= ceiling is load <= cap.
        self.cap = {
            p: ceiling * a // 1000 if (a := state.day.available[p]) > 0 else 1 << 40 for p in scope
        }
        self._by_points: dict[str, tuple[list[int], list[str]]] = {}
        self.moved: set[str] = set()
        """The cases the applied chains moved."""

    def cases_by_points(self, pid: str) -> tuple[list[int], list[str]]:
        """``pid``'s cases, smallest first (then by id), with their points alongside for a
        bisection; rebuilt only after a chain changes ``pid``'s cases."""
        cached = self._by_points.get(pid)
        if cached is None:
            points = self.day.points
            ordered = sorted(self.state.cases_of.get(pid, ()), key=lambda d: (points[d], d))
            cached = self._by_points[pid] = ([points[d] for d in ordered], ordered)
        return cached

    def return_to(self, q: str, waiting: list[tuple[int, str]]) -> bool:
        """Find and apply the shortest chain that brings to ``q`` one of the ``waiting`` cases
        (gain, case: each cheaper at ``q`` than where it is), or several of them at once, the
        smallest first, for the room of one case ``q`` passes on; returns whether one was
        applied."""
        points = self.day.points
        waiting = [(g, c) for g, c in waiting if not self._stays(c, self.state.assignment[c])]
        smallest = sorted(waiting, key=lambda t: (points[t[1]], -t[0], t[1]))
        bundles = [[t] for t in waiting]
        bundles += [smallest[:n] for n in range(2, min(len(smallest), MAX_BUNDLE) + 1)]
        for depth in range(1, MAX_DEPTH + 1):
            for bundle in bundles:
                moves: list[Move] = []
                shift: dict[str, int] = {q: 0}
                for _, c in bundle:
                    here = self.state.assignment[c]
                    moves.append((c, here, q))
                    shift[here] = shift.get(here, 0) - points[c]
                    shift[q] += points[c]
                if self._grow(moves, shift, sum(g for g, _ in bundle), depth - 1):
                    return True
                if self.budget.exhausted:
                    return False
        return False

    def _stays(self, cid: str, pid: str) -> bool:
        """Whether ``cid`` must stay with ``pid``: the previous version's undecided line gave it
        to them, and stability ranks above continuity."""
        return self.previous.get(cid) == pid

    def _grow(self, moves: list[Move], shift: dict[str, int], gain: int, left: int) -> bool:
        """Apply ``moves`` if everyone fits; else, with steps ``left``, pass on one case of the
        one practitioner who is over the level (or, when a limit stops the moves, of the last
        receiver) so that the chain still gains. ``shift``: points each practitioner gains (or
        loses) by the moves; ``gain``: the continuity the moves save."""
        if self.budget.spend():
            return False
        load, points = self.state.load, self.day.points
        over = [p for p, d in shift.items() if d > 0 and load[p] + d > self.cap[p]]
        if not over:
            if self._apply(moves):
                return True
            at, need = moves[-1][2], 0  # a limit stops it: any case of theirs may free it
        elif len(over) == 1:
            at = over[0]
            need = load[at] + shift[at] - self.cap[at]
        else:
            return False
        if left == 0:
            return False
        # With steps to spare, several cases may leave one practitioner: one of them is at
        # least the share of the need each step covers, and they go largest first, so each
        # set is tried once.
        smallest = -(-need // left)
        last_case, last_from, _ = moves[-1]
        below = (points[last_case], last_case) if last_from == at else None
        moved = {m[0] for m in moves}
        sizes, ordered = self.cases_by_points(at)
        for x in ordered[bisect_left(sizes, smallest) :]:
            if below is not None and (points[x], x) >= below:
                break
            if x in moved or self._stays(x, at):
                continue
            if self._pass_on(x, at, moves, shift, gain, left, need):
                return True
            if self.budget.exhausted:
                return False
        return False

    def _pass_on(
        self,
        x: str,
        at: str,
        moves: list[Move],
        shift: dict[str, int],
        gain: int,
        left: int,
        need: int,
    ) -> bool:
        """Try passing ``x`` on from ``at`` to each candidate that keeps the chain gaining,
        cheapest for ``x`` first. When it is the last step, or ``x`` alone does not cover
        ``at``'s ``need`` (so ``at`` stays over), the receiver must have the room itself: the
        chain follows one practitioner over the level at a time."""
        pts = self.day.points[x]
        was = self.cost(x, at)
        load = self.state.load
        for k, r in costed_candidates(self.day, self.state.elig, x):
            if k - was >= gain:
                break  # candidates come in increasing cost: none left keeps the chain gaining
            if r == at:
                continue
            if self.budget.spend():
                return False
            if (left == 1 or pts < need) and load[r] + shift.get(r, 0) + pts > self.cap[r]:
                continue
            after = dict(shift)
            after[at] -= pts
            after[r] = after.get(r, 0) + pts
            if self._grow([*moves, (x, at, r)], after, gain - (k - was), left - 1):
                return True
        return False

    def _apply(self, moves: list[Move]) -> bool:
        """Make the moves; keep them only if everyone they touch is at or below the level and
        within every limit (the rules' own figures), else undo them."""
        state = self.state
        for cid, _, to in moves:
            state.place(cid, to)
        touched = sorted({p for _, src, dst in moves for p in (src, dst)})
        if all(state.util(p) <= self.ceiling and state.limits_hold(p) for p in touched):
            for p in touched:
                self._by_points.pop(p, None)
            self.moved.update(m[0] for m in moves)
            return True
        for cid, src, _ in reversed(moves):
            state.place(cid, src)
        return False


def return_by_chains(
    state: SearchState,
    cases: list[str],
    scope: list[str],
    budget: Budget,
    floor: int = 0,
    then: Sequence[PairCostObjective] = (),
) -> int:
    """Lower the continuity of ``cases`` (one part, already tidied) by ejection chains at the
    highest utilisation ``scope`` has reached (or ``floor``, when higher); then tidy the terms
    ranked right after continuity (``then``) again for the cases they moved. Returns how many chains were
    applied.

    ``budget`` lends its deadline (the safety clock) and is told when the clock stopped the
    chains; their own allowance is ``UNITS_PER_CASE`` per case, so the same part always gets
    the same search. Only the cases paying continuity, and those the chains moved, are looked
    at again: the rest cost nothing and tidy has already placed them."""
    if budget.by_clock:
        return 0
    ceiling = max(max((state.util(p) for p in scope), default=0), floor)
    own = Budget(UNITS_PER_CASE * len(cases) + 1, budget.deadline)
    search = _Chains(state, scope, ceiling, own)
    cost = continuity_costs(state.day)
    paying = {c for c in cases if (p := state.assignment.get(c)) is not None and cost(c, p)}
    applied = 0
    progress = True
    while progress and not own.exhausted:
        progress = False
        for q, waiting in _waiting(state, paying | search.moved).items():
            if own.exhausted:
                break
            if search.return_to(q, waiting):
                applied += 1
                progress = True
    if applied and not own.by_clock:
        moved = sorted(search.moved)
        after = Budget(len(moved) + 1, budget.deadline)
        tidy(state, moved, scope, after, floor, then)
        own.by_clock = after.by_clock
    budget.by_clock = budget.by_clock or own.by_clock
    return applied


def _waiting(state: SearchState, cases: set[str]) -> dict[str, list[tuple[int, str]]]:
    """Per practitioner (in id order), the cases of ``cases`` that would cost less with them
    than where they are, with the gain, largest gain first (then by id)."""
    day, elig = state.day, state.elig
    cost = continuity_costs(day)
    out: dict[str, list[tuple[int, str]]] = {}
    for cid in sorted(cases):
        here = state.assignment.get(cid)
        if here is None:
            continue
        now = cost(cid, here)
        for k, q in costed_candidates(day, elig, cid):
            if k >= now:
                break
            out.setdefault(q, []).append((now - k, cid))
    return {q: sorted(w, key=lambda t: (-t[0], t[1])) for q, w in sorted(out.items())}
