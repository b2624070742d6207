"""Build an allocation at a target utilisation, then close the gap with moves and swaps.

The order of the objective is kept: every case that can be placed is placed (highest risk
first); the highest utilisation is pushed down to the proven bound; among equal loads a case
stays with its practitioner, then in its POD.
"""

import time
from dataclasses import dataclass

from allocator.book import Book
from allocator.day import Day
from allocator.eligibility import Eligibility
from allocator.greedy import BAND_ORDER
from allocator.objectives.base import permille_up
from allocator.objectives.continuity import continuity_cost
from allocator.rules.base import Limit


@dataclass
class Budget:
    """Work allowed to the search, counted in candidate evaluations so that the same input
    always gets the same search; the wall clock is only a safety net, and says so."""

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
        if self.used & 1023 == 0 and time.perf_counter() > self.deadline:
            self.by_clock = True
        return self.exhausted


def _room(day: Day, pid: str, target: int) -> int:
    """Points ``pid`` may hold at per-mille utilisation ``target``."""
    return target * day.available[pid] // 1000


def construct(
    day: Day, elig: Eligibility, limits: list[Limit], cases: list[str], target: int
) -> Book:
    """Place ``cases``: first each held case back with its holder if it fits under ``target``,
    then the rest (highest risk, then largest, first) on the eligible practitioner in the case's
    POD with the most room under ``target``, else anywhere under it, else the least loaded."""
    book = Book(day, elig, limits)
    order = sorted(cases, key=lambda c: (BAND_ORDER[day.band[c]], -day.points[c], c))
    # Plan on the fixed loads: every case on the list starts away from its holder.
    planned = {p: day.load_before[p] - day.listed_held_points.get(p, 0) for p in day.load_before}
    rest = []
    for cid in order:
        holder = day.holder.get(cid)
        if (
            holder is not None
            and holder in elig.candidates[cid]
            and planned[holder] + day.points[cid] <= _room(day, holder, target)
            and book.can_take(cid, holder)
        ):
            book.place(cid, holder)
            planned[holder] += day.points[cid]
        else:
            rest.append(cid)
    for cid in rest:
        pts = day.points[cid]
        best: tuple[int, int, int, str] | None = None
        for pid in elig.candidates[cid]:
            if not book.can_take(cid, pid):
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
        book.place(cid, best[3])
        planned[best[3]] += pts
    return book


def improve(book: Book, scope: list[str], budget: Budget) -> int:
    """Moves and swaps off the most loaded practitioner until none lowers the highest
    utilisation; returns the number of improving steps."""
    steps = 0
    while not budget.spend():
        top = max(scope, key=lambda p: (book.util(p), p))
        top_u = book.util(top)
        moved = (
            _best_move(book, top, top_u)
            or _best_swap(book, top, top_u, budget)
            or _chain(book, top, top_u, budget)
        )
        if not moved:
            break
        steps += 1
    return steps


def _best_move(book: Book, top: str, top_u: int) -> bool:
    day, elig = book.day, book.elig
    best: tuple[int, int, str, str] | None = None
    for cid in sorted(book.cases_of.get(top, ()), key=lambda c: (-day.points[c], c)):
        pts = day.points[cid]
        if pts == 0:
            continue
        for q in elig.candidates[cid]:
            if q == top:
                continue
            after_q = _util_after(book, q, pts)
            if after_q >= top_u or not book.can_take(cid, q):
                continue
            key = (continuity_cost(day, cid, q), after_q, cid, q)
            if best is None or key < best:
                best = key
    if best is None:
        return False
    book.place(best[2], best[3])
    return True


def _util_after(book: Book, pid: str, extra: int) -> int:
    return permille_up(book.load[pid] + extra, book.day.available[pid])


def _best_swap(book: Book, top: str, top_u: int, budget: Budget) -> bool:
    """Exchange a case of the top practitioner for a smaller one of an eligible colleague."""
    day, elig = book.day, book.elig
    for cid in sorted(book.cases_of.get(top, ()), key=lambda c: (-day.points[c], c)):
        pts = day.points[cid]
        for q in elig.candidates[cid]:
            if q == top or budget.spend():
                continue
            for did in sorted(book.cases_of.get(q, ()), key=lambda d: (day.points[d], d)):
                diff = pts - day.points[did]
                if diff <= 0:
                    continue
                if top not in elig.candidates[did]:
                    continue
                if _util_after(book, q, diff) >= top_u or _util_after(book, top, -diff) >= top_u:
                    continue
                book.place(did, top)
                if book.can_take(cid, q) and _limits_ok(book, top):
                    book.place(cid, q)
                    return True
                book.place(did, q)  # undo
    return False


def _chain(book: Book, top: str, top_u: int, budget: Budget) -> bool:
    """Move a case of the top practitioner to a colleague q who then passes one of their own
    cases on to a third practitioner r, everyone ending below the top's utilisation."""
    day, elig = book.day, book.elig
    for cid in sorted(book.cases_of.get(top, ()), key=lambda c: (-day.points[c], c)):
        pts = day.points[cid]
        if pts == 0 or _util_after(book, top, -pts) >= top_u:
            continue
        for q in sorted(elig.candidates[cid], key=lambda q: (continuity_cost(day, cid, q), q)):
            if q == top or budget.spend():
                continue
            for did in sorted(book.cases_of.get(q, ()), key=lambda d: (-day.points[d], d)):
                if did == cid or _util_after(book, q, pts - day.points[did]) >= top_u:
                    continue
                for r in sorted(
                    elig.candidates[did], key=lambda r: (continuity_cost(day, did, r), r)
                ):
                    if r in (q, top) or _util_after(book, r, day.points[did]) >= top_u:
                        continue
                    if not book.can_take(did, r):
                        continue
                    book.place(did, r)
                    if book.can_take(cid, q):
                        book.place(cid, q)
                        return True
                    book.place(did, q)  # undo
    return False


def _limits_ok(book: Book, pid: str) -> bool:
    return all(book.used[i] <= book.limits[i].rhs for i in book.by_pid.get(pid, []))


def tidy(book: Book, scope: list[str], budget: Budget) -> None:
    """At the reached highest utilisation, bring cases back to their practitioner, else into
    their POD, wherever that does not raise the highest utilisation."""
    day, elig = book.day, book.elig
    ceiling = max((book.util(p) for p in scope), default=0)
    for cid in sorted(book.assignment):
        if budget.spend():
            return
        current = book.assignment[cid]
        cost_now = continuity_cost(day, cid, current)
        if cost_now == 0:
            continue
        best = None
        for q in elig.candidates[cid]:
            c = continuity_cost(day, cid, q)
            if c >= cost_now or q == current:
                continue
            if _util_after(book, q, day.points[cid]) > ceiling or not book.can_take(cid, q):
                continue
            key = (c, _util_after(book, q, day.points[cid]), q)
            if best is None or key < best:
                best = key
        if best is not None:
            book.place(cid, best[2])


def fill(book: Book, cases: list[str]) -> int:
    """Place every still-unallocated case that some eligible practitioner can take within the
    hard limits (highest risk first, least loaded after), so that no blocked case could be
    added to the result; returns how many were placed."""
    day, elig = book.day, book.elig
    placed = 0
    for cid in sorted(cases, key=lambda c: (BAND_ORDER[day.band[c]], -day.overdue_days[c], c)):
        if cid in book.assignment:
            continue
        options = [q for q in elig.candidates[cid] if book.can_take(cid, q)]
        if options:
            book.place(cid, min(options, key=lambda q: (_util_after(book, q, day.points[cid]), q)))
            placed += 1
    return placed
