"""A better start for a CP-SAT stage: moves of one case at a time that keep every earlier rank
at the value the earlier stages proved, and improve the stage's own ranks lexicographically.

The later stages (spread, then fair flow and cohort mix, then moves) start from the previous
stage's solution, which knows nothing of them: on daily days it is 90-170 tenths of a percent
from the best spread, and CP-SAT spent most of the day finding what a local search finds in a
few milliseconds (benchmarks/RESULTS.md). With a start at or near the optimum, the stage is
mostly a proof.

The terms are read from their solver-free specs (``objectives/base.py``), the same formulas the
model is built from, so an improvement here is an improvement of the model's objective; the
caller still checks the result against the built terms' values and keeps the old start when
they disagree. The search is deterministic: cases in id order, candidates in the eligibility's
order, first improvement, and a budget counted in evaluated moves.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from allocator.objectives.base import (
    DeviationSpec,
    ExcessSpec,
    LinearSpec,
    TermSpec,
    UtilisationSpec,
    permille_down,
    permille_up,
)
from allocator.problem.day import Assignment, Day
from allocator.rules.base import Limit
from allocator.rules.eligibility import Eligibility
from allocator.solve.search_state import SearchState

RankSpecs = Sequence[tuple[int, TermSpec]]
"""The terms of one rank: (weight, spec)."""

POLISH_MOVES = 40_000
"""The most moves a polish evaluates (a deterministic budget, not a clock): a daily day's
spread stage needs a few thousand."""


class _Term:
    """A term's change of value when an allocated case moves from one practitioner to another,
    and the bookkeeping of a move made."""

    linear = False

    def delta(self, cid: str, old: str, new: str) -> int:
        raise NotImplementedError

    def moved(self, cid: str, old: str, new: str) -> None:
        """Record that ``cid`` moved from ``old`` to ``new``."""

    def guide(self, cid: str, old: str, new: str) -> int:
        """A secondary change that leads towards an improvement the term cannot see in one move
        (0 unless the term has one)."""
        return 0


@dataclass
class _Linear(_Term):
    spec: LinearSpec
    linear = True

    def delta(self, cid: str, old: str, new: str) -> int:
        pair = self.spec.pair
        return pair.get((cid, new), 0) - pair.get((cid, old), 0)


class _Loads:
    """The three highest (rounded up) and three lowest (rounded down) per-mille utilisations
    over a scope, read again after each move, and the two after a move being priced: only two
    loads change in a move. Shared by the terms of one scope (the highest utilisation, its
    excess over the target and the spread price the same move once)."""

    def __init__(self, day: Day, state: SearchState, scope: tuple[str, ...]) -> None:
        self.day, self.state, self.order = day, state, scope
        self.scope = frozenset(scope)
        self._last: tuple[str, str, str] | None = None
        self._after: tuple[int, int] = (0, 0)
        self.moved()

    def moved(self) -> None:
        load, available = self.state.load, self.day.available
        self.ups = sorted(
            ((permille_up(load[p], available[p]), p) for p in self.order), reverse=True
        )[:3]
        self.downs = sorted((permille_down(load[p], available[p]), p) for p in self.order)[:3]
        self._last = None

    def now(self) -> tuple[int, int]:
        """The highest and the lowest utilisation as they are."""
        return (self.ups[0][0], self.downs[0][0]) if self.ups else (0, 0)

    def after(self, cid: str, old: str, new: str) -> tuple[int, int]:
        """The highest and the lowest utilisation if ``cid`` moved from ``old`` to ``new``."""
        if self._last == (cid, old, new):
            return self._after
        top, low = self.now()
        if self.ups:
            points, load, available = self.day.points[cid], self.state.load, self.day.available
            if old in self.scope:
                up = permille_up(load[old] - points, available[old])
                down = permille_down(load[old] - points, available[old])
                if self.ups[0][1] == old:  # the top may come down with it
                    top = max([*[u for u, p in self.ups if p not in (old, new)][:1], up])
                low = min(low, down)
            if new in self.scope:
                up = permille_up(load[new] + points, available[new])
                down = permille_down(load[new] + points, available[new])
                top = max(top, up)
                if self.downs[0][1] == new:  # the lowest may come up
                    low = min(
                        [d for d, p in self.downs if p not in (old, new)][:1]
                        + [down]
                        + (
                            [permille_down(load[old] - points, available[old])]
                            if old in self.scope
                            else []
                        )
                    )
        self._last, self._after = (cid, old, new), (top, low)
        return top, low

    def at_low(self, pid: str, extra: int) -> bool:
        """Whether ``pid``, with ``extra`` more points, would sit at the lowest level now."""
        load, available = self.state.load, self.day.available
        return (
            pid in self.scope
            and permille_down(load[pid] + extra, available[pid]) == self.downs[0][0]
        )


class _Utilisation(_Term):
    """The highest (rounded up), the spread, or the excess over the target of the per-mille
    utilisation over the scope, priced from the scope's ``_Loads``."""

    def __init__(self, loads: _Loads, spec: UtilisationSpec) -> None:
        self.loads, self.spec = loads, spec

    def _value(self, top: int, low: int) -> int:
        if self.spec.kind == "max":
            return top
        if self.spec.kind == "excess":
            return max(0, top - self.spec.target)
        return top - low

    def delta(self, cid: str, old: str, new: str) -> int:
        return self._value(*self.loads.after(cid, old, new)) - self._value(*self.loads.now())

    def guide(self, cid: str, old: str, new: str) -> int:
        """For the spread: the change in how many practitioners sit at the lowest utilisation,
        when the move leaves that level where it is. Several practitioners at the lowest level
        make every single move look useless to the spread; emptying the level one practitioner
        at a time is what raises it."""
        loads = self.loads
        if self.spec.kind != "spread" or not loads.ups:
            return 0
        _, low = loads.after(cid, old, new)
        if low != loads.now()[1]:
            return 0
        points = loads.day.points[cid]
        before = loads.at_low(old, 0) + loads.at_low(new, 0)
        return loads.at_low(old, -points) + loads.at_low(new, points) - before


class _Excess(_Term):
    """Each item's excess of its count over its limit. Items that count the same cases for the
    same practitioner (fair flow's levels and its day and week counts, ten per practitioner)
    share one count, and their summed excess at a count is computed once; a move changes the
    counts of the two practitioners the case arrives at."""

    def __init__(self, spec: ExcessSpec, assignment: Assignment, allocated: set[str]) -> None:
        groups: dict[tuple[str, tuple[str, ...], tuple[str, ...]], list[tuple[int, int]]] = {}
        for item in spec.items:
            key = (item.practitioner_id, item.arriving, item.leaving)
            groups.setdefault(key, []).append((item.base, item.limit))
        self.offsets = list(groups.values())
        self.counts: list[int] = []
        self.of: dict[tuple[str, str], list[int]] = {}
        self.memo: list[dict[int, int]] = []
        for g, (pid, arriving, leaving) in enumerate(groups):
            n = sum(1 for c in arriving if assignment.get(c) == pid)
            self.counts.append(n - sum(1 for c in leaving if c in allocated))
            self.memo.append({})
            for c in arriving:
                self.of.setdefault((c, pid), []).append(g)

    def _excess(self, g: int, n: int) -> int:
        known = self.memo[g]
        if n not in known:
            known[n] = sum(max(0, base + n - limit) for base, limit in self.offsets[g])
        return known[n]

    def delta(self, cid: str, old: str, new: str) -> int:
        total = 0
        for pid, step in ((old, -1), (new, 1)):
            for g in self.of.get((cid, pid), ()):
                n = self.counts[g]
                total += self._excess(g, n + step) - self._excess(g, n)
        return total

    def moved(self, cid: str, old: str, new: str) -> None:
        for pid, step in ((old, -1), (new, 1)):
            for g in self.of.get((cid, pid), ()):
                self.counts[g] += step


class _Deviation(_Term):
    """Each item's absolute deviation; a move changes the items that price the case."""

    def __init__(self, spec: DeviationSpec, assignment: Assignment) -> None:
        self.items = spec.items
        self.sums = []
        self.of: dict[str, list[int]] = {}
        for i, item in enumerate(spec.items):
            self.sums.append(item.constant + sum(item.pair.get(a, 0) for a in assignment.items()))
            for c, _ in item.pair:
                self.of.setdefault(c, []).append(i)
        self.of = {c: sorted(set(ii)) for c, ii in self.of.items()}

    def _change(self, i: int, cid: str, old: str, new: str) -> int:
        pair = self.items[i].pair
        return pair.get((cid, new), 0) - pair.get((cid, old), 0)

    def delta(self, cid: str, old: str, new: str) -> int:
        total = 0
        for i in self.of.get(cid, ()):
            s = self.sums[i]
            total += abs(s + self._change(i, cid, old, new)) - abs(s)
        return total

    def moved(self, cid: str, old: str, new: str) -> None:
        for i in self.of.get(cid, ()):
            self.sums[i] += self._change(i, cid, old, new)


def _term(
    day: Day, state: SearchState, spec: TermSpec, loads: dict[tuple[str, ...], _Loads]
) -> _Term:
    allocated = set(state.assignment)
    if isinstance(spec, LinearSpec):
        return _Linear(spec)
    if isinstance(spec, UtilisationSpec):
        if spec.scope not in loads:
            loads[spec.scope] = _Loads(day, state, spec.scope)
        return _Utilisation(loads[spec.scope], spec)
    if isinstance(spec, DeviationSpec):
        return _Deviation(spec, state.assignment)
    return _Excess(spec, state.assignment, allocated)


Rank = list[tuple[int, _Term]]


def _rank_costs(rank: Rank) -> dict[tuple[str, str], int]:
    """An all-linear rank's weighted cost per (case, practitioner) pair, where not 0."""
    out: dict[tuple[str, str], int] = {}
    for w, t in rank:
        for pair, cost in t.spec.pair.items():  # type: ignore[attr-defined]
            out[pair] = out.get(pair, 0) + w * cost
    return {pair: cost for pair, cost in out.items() if cost}


def _rank_delta(rank: Rank, cid: str, old: str, new: str) -> int:
    return sum(w * t.delta(cid, old, new) for w, t in rank)


def polish(
    day: Day,
    elig: Eligibility,
    limits: list[Limit],
    assignment: Assignment,
    fixed: Sequence[RankSpecs],
    goal: Sequence[RankSpecs],
    budget: int = POLISH_MOVES,
) -> Assignment:
    """``assignment`` improved on the ranks of ``goal``, lexicographically, by moving allocated
    cases to other eligible practitioners within every hard limit, each move changing no rank
    of ``fixed`` (the earlier stages' ranks, whose values are proven). The set of allocated
    cases does not change.

    First the spread's lowest level is emptied where one move cannot raise it at once
    (``_Utilisation.guide``), by single moves and by swaps with the lowest practitioner (one of
    their cases for a larger one); then plain single moves improve what is left."""
    search = _Search(day, elig, limits, assignment, fixed, goal, budget)
    while search.moves(guided=True) | search.swaps():
        pass
    search.moves(guided=False)
    return dict(search.state.assignment)


class _Search:
    """The polish's state: the assignment with its limits, the terms, and the candidates each
    case may move to without changing an all-linear fixed rank."""

    def __init__(
        self,
        day: Day,
        elig: Eligibility,
        limits: list[Limit],
        assignment: Assignment,
        fixed: Sequence[RankSpecs],
        goal: Sequence[RankSpecs],
        budget: int,
    ) -> None:
        self.day, self.budget, self.spent = day, budget, 0
        self.state = state = SearchState(day, elig, limits)
        for cid in sorted(assignment):
            state.place(cid, assignment[cid])
        self.loads: dict[tuple[str, ...], _Loads] = {}
        fixed_ranks = [[(w, _term(day, state, s, self.loads)) for w, s in r] for r in fixed]
        self.goal: list[Rank] = [
            [(w, _term(day, state, s, self.loads)) for w, s in r] for r in goal
        ]
        static = [r for r in fixed_ranks if all(t.linear for _, t in r)]
        self.moving = [r for r in fixed_ranks if not all(t.linear for _, t in r)]
        self.terms = [t for r in fixed_ranks + self.goal for _, t in r]
        self.spreads = [
            t
            for r in self.goal
            for _, t in r
            if isinstance(t, _Utilisation) and t.spec.kind == "spread"
        ]
        self.cases = sorted(assignment)
        # Per case, the candidates grouped by what the all-linear fixed ranks cost there: a
        # move must stay in its group (computed once: the costs do not depend on the rest).
        costs = [_rank_costs(r) for r in static]
        self.group_of: dict[tuple[str, str], list[str]] = {}
        for cid in self.cases:
            by_cost: dict[tuple[int, ...], list[str]] = {}
            for q in elig.candidates[cid]:
                by_cost.setdefault(tuple(c.get((cid, q), 0) for c in costs), []).append(q)
            for qs in by_cost.values():
                if len(qs) > 1:
                    for q in qs:
                        self.group_of[(cid, q)] = qs

    def _place(self, cid: str, new: str) -> None:
        old = self.state.assignment[cid]
        self.state.place(cid, new)
        for t in self.terms:
            t.moved(cid, old, new)
        for shared in self.loads.values():
            shared.moved()

    def moves(self, guided: bool) -> bool:
        """Single moves, first improvement, until none improves; whether any was made."""
        state, any_made, improved = self.state, False, True
        while improved and self.spent < self.budget:
            improved = False
            for cid in self.cases:
                old = state.assignment[cid]
                for new in self.group_of.get((cid, old), ()):
                    if new == old or not state.can_take(cid, new):
                        continue
                    self.spent += 1
                    if any(_rank_delta(r, cid, old, new) for r in self.moving):
                        continue
                    if _better(self.goal, cid, old, new, guided):
                        self._place(cid, new)
                        improved = any_made = True
                        break
                if self.spent >= self.budget:
                    break
        return any_made

    def swaps(self) -> bool:
        """One swap that gives the lowest practitioner of a spread a larger case for one of
        theirs, when it improves the goal (or, with the goal unchanged, leaves fewer at the
        lowest level); whether one was made."""
        state, points = self.state, self.day.points
        for spread in self.spreads:
            if not spread.loads.downs:
                continue
            low = spread.loads.downs[0][1]
            for d in sorted(state.cases_of.get(low, ())):
                for p in self.group_of.get((d, low), ()):
                    for c in sorted(state.cases_of.get(p, ())) if p != low else ():
                        if points[c] <= points[d] or low not in self.group_of.get((c, p), ()):
                            continue
                        self.spent += 10  # two moves made and undone: priced as ten moves
                        if self.spent >= self.budget:
                            return False
                        if self._swap(spread, c, p, d, low):
                            return True
        return False

    def _swap(self, spread: "_Utilisation", c: str, p: str, d: str, low: str) -> bool:
        """Give ``c`` (now ``p``'s) to ``low`` and ``d`` (now ``low``'s) to ``p``; keep it when
        every limit holds, no fixed rank changes and the goal improves, else undo it."""
        level, at_level = self._low_count(spread)
        fixed = [_rank_delta(r, c, p, low) for r in self.moving]
        goal = [_rank_delta(r, c, p, low) for r in self.goal]
        self._place(c, low)
        fixed = [a + _rank_delta(r, d, low, p) for a, r in zip(fixed, self.moving, strict=True)]
        goal = [a + _rank_delta(r, d, low, p) for a, r in zip(goal, self.goal, strict=True)]
        self._place(d, p)
        keep = self.state.limits_hold(p) and self.state.limits_hold(low) and not any(fixed)
        if keep:
            first = next((x for x in goal if x), 0)
            keep = first < 0 or (first == 0 and self._low_count(spread) < (level, at_level))
            keep = keep and (first < 0 or self._low_count(spread)[0] == level)
        if not keep:
            self._place(d, low)
            self._place(c, p)
        return keep

    def _low_count(self, spread: "_Utilisation") -> tuple[int, int]:
        """The spread's lowest level and how many practitioners sit at it."""
        loads = spread.loads
        level = loads.downs[0][0]
        available, load = self.day.available, self.state.load
        return level, sum(1 for q in loads.order if permille_down(load[q], available[q]) == level)


def _better(goal: list[Rank], cid: str, old: str, new: str, guided: bool) -> bool:
    """Whether the move improves the goal ranks lexicographically (with ``guided``, a spread
    term's guide counts right after its rank)."""
    for r in goal:
        d = _rank_delta(r, cid, old, new)
        if d:
            return d < 0
        if guided:
            g = sum(t.guide(cid, old, new) for _, t in r)
            if g:
                return g < 0
    return False
