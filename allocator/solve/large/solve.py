"""Solve a large day PDU by PDU: flow bound, placement at the bound, local search, tidy.

PDUs share no practitioner, so each is solved as its own day. The objective's highest
utilisation is day-wide: no allocation goes below the day's bound (the worst PDU's), so each
PDU is balanced down to that level and no further, and below it continuity decides, as it
outranks the spread (what the CP-SAT adapter does on the same day). A PDU that cannot place
every case ("short") sits at the ceiling and sets no level: the level is then the highest
bound among the PDUs that place every case, so a short PDU does not license loading every
other practitioner up to the ceiling (the one place the two adapters differ). Balancing
every PDU down to its own bound instead is a setting (``SolveSettings.large_balance =
"pdu"``): it buys only spread, at the cost of continuity (benchmarks/RESULTS.md has the
region's figures for both).

Returns the same outcome as the CP-SAT adapter, so that explanations, the checker and the
proposal are the same whichever adapter solved the day. Its proven bounds: the highest
utilisation's (by flow: for placing every placeable case, or, when some are left, for every
allocation that leaves no more risk unallocated: ``ranked_bound``) and the unallocated terms'
(cases no practitioner may take must stay unallocated); continuity's, when the ranks above
it are proven, by a relaxation per POD within the utilisation they allow
(``allocator.solve.large.continuity_bound``); the other pair-cost terms' by each case at its
cheapest candidate; the rest are reported with a trivial bound.
"""

import pickle
import time
from collections.abc import Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from typing import Any

import ortools

from allocator.objectives.base import Objective, PairCostObjective
from allocator.objectives.gap import relative_gap
from allocator.objectives.unallocated import band_weights
from allocator.objectives.utilisation import MaxUtilisation
from allocator.problem.day import Assignment, Day
from allocator.rules.base import Limit
from allocator.rules.eligibility import Eligibility
from allocator.solve.executor import ClusterError, ClusterPool, work_pool
from allocator.solve.large.after import (
    AfterSearch,
    Finish,
    PartShares,
    after_search,
    combined,
    parts_independent,
    settle,
)
from allocator.solve.large.bound import by_pdu, highest_allowed, ranked_bound, utilisation_bound
from allocator.solve.large.chains import return_by_chains
from allocator.solve.large.continuity_bound import continuity_bound
from allocator.solve.large.plan import plan_points
from allocator.solve.large.repack import pack_short_band
from allocator.solve.large.search import (
    Budget,
    construct,
    fill,
    fill_by_ejection,
    improve,
    tidy,
)
from allocator.solve.large.slices import PartSlicer
from allocator.solve.outcome import SolveOutcome, TermResult
from allocator.solve.search_state import SearchState
from allocator.solve.settings import SolveSettings

PARALLEL_FROM_CASES = 5_000
"""Below this many placeable cases the PDUs are solved in this process (forking costs more)."""


def _search_part(
    state: SearchState,
    cases: list[str],
    scope: list[str],
    target: int,
    hi: int,
    budget: Budget,
    pack_seconds: float = 0.0,
    balance: bool = True,
    floor: int = 0,
) -> int:
    """Allocate one PDU's cases in ``state`` and push its highest utilisation down; returns the
    number of improving steps. Moves and fills alternate: lowering the top practitioner can make
    room for a case nobody could take, and allocation ranks first.

    ``balance`` False (the policy ranks continuity above the highest utilisation, as the
    planner's trade-off curve does): cases stay with their holders up to the hard limits and
    only what must move moves; no move is made for balance alone."""
    level = max(target, floor)
    plan = (
        plan_points(state.day, state.elig, cases, scope, level) if balance and level <= hi else None
    )
    construct(state, cases, min(level, hi) if balance else hi, short=target > hi, plan=plan)
    fill(state, cases)
    steps = improve(state, scope, budget, floor) if balance else 0
    while not budget.exhausted and (fill(state, cases) or fill_by_ejection(state, cases, budget)):
        if balance:
            steps += improve(state, scope, budget, floor)
    if target > hi and pack_seconds > 0 and pack_short_band(state, cases, pack_seconds):
        fill(state, cases)
        if balance:
            steps += improve(state, scope, budget, floor)
    return steps


@dataclass(frozen=True)
class _Part:
    """One PDU's job and, once solved, its result."""

    pdu: str
    cases: list[str]
    target: int
    units: int
    assignment: dict[str, str] = field(default_factory=dict)
    steps: int = 0
    by_clock: bool = False
    top: int = 0
    shares: PartShares | None = None
    """Its settling, terms' shares and finished answer, when the day's parts are independent."""


# What every part needs, set before the executor's processes fork at its first submit (they
# inherit it; nothing is pickled but the part's own job and result). A cluster's workers are
# sent each part's own slice of it instead (``allocator.solve.large.slices``).
_SHARED: dict[str, Any] = {}


def _solve_part(part: _Part) -> _Part:
    """Solve one PDU on its own state, from the state every part inherited (``_SHARED``)."""
    return _solve_part_with(_SHARED, part)


def _solve_part_with(shared: dict[str, Any], part: _Part) -> _Part:
    """Solve one PDU on its own state: the practitioners and limits of no other PDU are touched,
    so the result is the same in any process and in any order, from the whole day or from the
    part's own slice of it."""
    day: Day = shared["day"]
    elig: Eligibility = shared["elig"]
    limits_of: dict[str, list[Limit]] = shared["limits_of"]
    scope = sorted({p for c in part.cases for p in elig.candidates[c]})
    state = SearchState(day, elig, [lim for p in scope for lim in limits_of.get(p, [])])
    # Each part may use the whole time limit in CPU seconds of its own process: a safety net
    # that a part's work budget never reaches on a sane machine, however busy it is.
    deadline = time.process_time() + shared["cpu_limit"]
    budget = Budget(part.units, deadline)
    steps = _search_part(
        state,
        part.cases,
        scope,
        part.target,
        shared["hi"],
        budget,
        shared["pack_seconds"],
        shared["balance"],
        shared["floor"],
    )
    tidy(
        state,
        part.cases,
        scope,
        tidy_budget := Budget(len(part.cases) + 1, deadline),
        shared["floor"] if shared["balance"] else 0,
        shared["then"],
    )
    return_by_chains(
        state,
        part.cases,
        scope,
        tidy_budget,
        shared["floor"] if shared["balance"] else 0,
        shared["then"],
    )
    fill(state, part.cases)  # maximal: no blocked case could be added to the result
    top = max((state.util(p) for p in scope), default=0)
    after: AfterSearch | None = shared.get("after")
    assignment = state.assignment
    shares = (
        None if after is None else after_search(after, day, elig, assignment, part.cases, scope)
    )
    return replace(
        part,
        assignment=assignment,
        steps=steps,
        by_clock=budget.by_clock or tidy_budget.by_clock,
        top=top,
        shares=shares,
    )


def _solve_sent_part(sent: bytes, part: _Part) -> _Part:
    """A part solved on a cluster's worker, from its own slice of the day (``PartSlicer``):
    unpickled here, inside the task, so that its cost is the part's and no worker keeps a
    whole day."""
    return _solve_part_with(pickle.loads(sent), part)


def _balance_floor(bounds: dict[str, int], hi: int) -> int:
    """The level each PDU is balanced down to and no further: the highest own bound among the
    PDUs that can place every case, which no allocation of the day goes below. A short PDU's
    bound is the ceiling plus one and sets no level: the day's highest is then the ceiling's,
    and taking it as the level would let continuity load every other PDU's practitioners up
    to the ceiling (benchmarks/RESULTS.md, the short-PDU day)."""
    return max((b for b in bounds.values() if b <= hi), default=0)


def _pair_floor(day: Day, elig: Eligibility, objective: PairCostObjective) -> int:
    """A lower bound on a pair-cost term for every allocation that places every case someone
    may take (the lexicographic optimum does, when the large method did): each case at its
    cheapest candidate, each case nobody may take at its unallocated cost."""
    return sum(
        objective.cheapest(day, c.id, elig.candidates[c.id])
        if elig.candidates[c.id]
        else objective.unallocated_cost(day, c.id)
        for c in day.cases
    )


def _continuity_bound(
    day: Day,
    elig: Eligibility,
    cases_of: dict[str, list[str]],
    level: int,
    after: AfterSearch | None,
    shares: list[PartShares],
) -> int:
    """Continuity's bound at ``level`` summed over the PDUs: the parts' own when they bounded
    it at this level beside their search (every part placed all its cases, as the caller's
    premises say), else computed here."""
    if (
        after is not None
        and after.continuity_at == level
        and len(shares) == len(cases_of)
        and all(x.continuity is not None for x in shares)
    ):
        return sum(x.continuity for x in shares if x.continuity is not None)
    return sum(continuity_bound(day, elig, cases_of[p], level) for p in sorted(cases_of))


def _proven_level(objective: Objective, value: int, day: Day) -> int:
    """The per-mille utilisation no allocation exceeds once ``objective`` is proven at
    ``value`` (the lexicographic optimum has it, and so must any allocation ranked as well):
    the highest utilisation itself, or the balance target plus the excess over it; no level
    (the capacity rule's, above any ``hi``) for the other terms."""
    if objective.large_bound == "highest":
        return value
    if objective.large_bound == "over_target":
        return round(day.policy.balance_target_pct * 10) + value
    return 1 << 30


def _after_continuity(terms: list[tuple[int, int, Objective]]) -> list[PairCostObjective]:
    """The pair-cost terms ranked right after continuity, each alone at its rank, in rank
    order, up to the first term of another shape (the spread, by default): what the tidy
    pass may improve case by case without touching the ranks above them."""
    ordered = sorted(terms, key=lambda t: t[0])
    roles = [objective.large_role for _, _, objective in ordered]
    if "continuity" not in roles:
        return []
    per_rank: dict[int, int] = {}
    for rank, _, _ in ordered:
        per_rank[rank] = per_rank.get(rank, 0) + 1
    out: list[PairCostObjective] = []
    for rank, _, objective in ordered[roles.index("continuity") + 1 :]:
        if not isinstance(objective, PairCostObjective) or per_rank[rank] > 1:
            break
        out.append(objective)
    return out


def _balance_first(terms: list[tuple[int, int, Objective]]) -> bool:
    """Whether the policy ranks the highest utilisation before continuity (the order before
    issue 13; a policy may still choose it)."""
    rank = {objective.large_role: r for r, _, objective in terms}
    return rank.get("balance", 0) <= rank.get("continuity", rank.get("balance", 0))


def _over_target_first(terms: list[tuple[int, int, Objective]]) -> bool:
    """Whether the policy ranks the excess over the balance target before continuity (the
    default order): then balance works down to the target and no further, and below it
    continuity decides."""
    rank = {objective.large_role: r for r, _, objective in terms}
    return "over_target" in rank and rank["over_target"] < rank.get("continuity", 1 << 30)


def _level(
    terms: list[tuple[int, int, Objective]], bounds: dict[str, int], hi: int, day: Day, mode: str
) -> tuple[bool, int]:
    """(balance, floor) for the parts: balance first down to the day's level (the highest
    utilisation ranked before continuity), or down to the balance target (the excess over it
    ranked before continuity), or not at all."""
    day_floor = _balance_floor(bounds, hi) if mode == "day" else 0
    if _balance_first(terms):
        return True, day_floor
    if _over_target_first(terms):
        return True, max(day_floor, round(day.policy.balance_target_pct * 10))
    return False, 0


def _solve_parts(parts: list[_Part], processes: int, cluster: str | None) -> Iterator[_Part]:
    """Every part solved, in order, on the executor: parts are independent by construction, so
    the answer does not depend on how many run at once, nor where."""
    if cluster is not None:
        yield from _solve_on_cluster(parts, cluster)
        return
    with work_pool(min(processes, len(parts))) as pool:
        # Largest parts first, so that the last to finish are small and no process waits long
        # on another's last part: each part now explains its lines too, a PDU's share of the
        # day's work. Yielded in the parts' own order all the same.
        futures = {i: pool.submit(_solve_part, parts[i]) for i in _largest_first(parts)}
        for i in range(len(parts)):
            yield futures.pop(i).result()


def _largest_first(parts: list[_Part]) -> list[int]:
    """The parts' indices, most cases first (ties in the parts' order): the order they are
    handed to workers, so that the last to finish are small."""
    return sorted(range(len(parts)), key=lambda i: (-len(parts[i].cases), i))


def _solve_on_cluster(parts: list[_Part], cluster: str) -> Iterator[_Part]:
    """Every part solved, in order, as a task on the Dask cluster at ``cluster``.

    Each part's own slice of the day is sent to one worker (``ClusterPool.send``) and its task
    runs there; the caller cuts and sends the next while the workers solve. Largest parts are
    sent first, so that the last to finish are small. A task that fails, or a cluster left
    without workers, is a ``ClusterError`` here, never a wait without end."""
    with ClusterPool(cluster) as pool:
        if pool.workers == 0:
            raise ClusterError(f"the Dask scheduler at {cluster} has no workers")
        slicer = PartSlicer(_SHARED, [part.cases for part in parts])
        futures: dict[int, Future[_Part]] = {}
        for i in _largest_first(parts):
            sent = pool.send(slicer.input(i))
            futures[i] = pool.submit(_solve_sent_part, sent, parts[i])
        del slicer
        yield from pool.results([futures[i] for i in range(len(parts))])


def _after_search(
    day: Day,
    terms: list[tuple[int, int, Objective]],
    finish: Finish | None,
    target: int,
    hi: int,
) -> AfterSearch:
    """What each part does after its search on this day: the terms it scores (those that
    combine), which of them it bounds with every case placed, the pair floors that may be a
    bound (the caller decides whether they hold), and the caller's ``finish``."""
    split = tuple(o for _, _, o in sorted(terms, key=lambda t: t[0]) if o.combine != "whole")
    risk_rank = next((r for r, _, o in terms if o.counts_each_unallocated), None)
    floors = tuple(
        o
        for r, _, o in sorted(terms, key=lambda t: t[0])
        if o.large_bound == "pair_floor"
        and isinstance(o, PairCostObjective)
        and o.combine == "sum"
        and risk_rank is not None
        and risk_rank < r
    )
    return AfterSearch(
        split=split,
        all_placed=tuple(o for o in split if o.large_bound == "all_placed"),
        floors=floors,
        continuity_at=_expected_level(day, terms, target, hi),
        finish=finish,
    )


def _expected_level(
    day: Day, terms: list[tuple[int, int, Objective]], target: int, hi: int
) -> int | None:
    """The level ``_term_results`` will find proven when it reaches continuity, if the terms
    above it that set a level end at their bounds as the parts' search aims (the excess over
    the target at 0, the highest utilisation at the flow bound): what the parts bound
    continuity at, beside their search. None when no term above continuity sets a level."""
    ordered = sorted(terms, key=lambda t: t[0])
    roles = [o.large_role for _, _, o in ordered]
    if "continuity" not in roles:
        return None
    above = [o for _, _, o in ordered[: roles.index("continuity")]]
    levels = [_proven_level(o, 0, day) for o in above if o.large_bound == "over_target"]
    levels += [target for o in above if o.large_bound == "highest"]
    return min(hi, *levels) if levels else None


def solve_large(
    day: Day,
    elig: Eligibility,
    limits: list[Limit],
    terms: list[tuple[int, int, Objective]],
    settings: SolveSettings,
    finish: Finish | None = None,
) -> SolveOutcome:
    """Allocate a large day within ``settings.time_limit_s``; see the module docstring.

    ``finish`` (the engine's explanations) runs in each part beside its search when the day's
    parts are independent (``after.parts_independent``); its answers are the outcome's
    ``finished``, in the parts' order. On any other day the outcome's ``finished`` is None
    and the caller finishes the whole day itself."""
    started = time.perf_counter()
    report = settings.progress or (lambda line: None)
    scope = elig.receivers()
    placeable = sorted(c.id for c in day.cases if elig.candidates[c.id])
    hi = highest_allowed(day, scope)
    cases_of = by_pdu(day, placeable)
    bounds = utilisation_bound(day, elig, cases_of, hi)
    target = min(max(bounds.values(), default=0), hi)
    report(
        f"large: flow bound {target / 10:.1f}% for every placeable case, "
        f"{time.perf_counter() - started:.1f}s"
    )
    limits_of: dict[str, list[Limit]] = {}
    for lim in limits:
        limits_of.setdefault(lim.practitioner_id, []).append(lim)
    jobs = [
        _Part(
            pdu,
            cases,
            bounds[pdu],
            settings.large_work_units * len(cases) // max(1, len(placeable)) + 1,
        )
        for pdu, cases in sorted(cases_of.items())
    ]
    processes = settings.large_processes if len(placeable) >= PARALLEL_FROM_CASES else 1
    balance, floor = _level(terms, bounds, hi, day, settings.large_balance)
    after = (
        _after_search(day, terms, finish, target, hi) if parts_independent(day, placeable) else None
    )
    if after is not None:
        band_weights(day)  # a day-wide figure: derived once here, not once per forked part
    _SHARED.update(
        day=day,
        elig=elig,
        limits_of=limits_of,
        hi=hi,
        cpu_limit=settings.time_limit_s,
        pack_seconds=settings.large_pack_deterministic_s,
        balance=balance,
        floor=floor,
        then=_after_continuity(terms),
        after=after,
    )
    assignment: dict[str, str] = {}
    steps = 0
    by_clock = False
    shares: list[PartShares] = []
    try:
        for i, part in enumerate(_solve_parts(jobs, processes, settings.cluster), start=1):
            assignment.update(part.assignment)
            steps += part.steps
            by_clock = by_clock or part.by_clock
            if part.shares is not None:
                shares.append(part.shares)
            left = len(part.cases) - len(part.assignment)
            report(
                f"large: PDU {i} of {len(jobs)} ({len(part.cases):,} cases, {left:,} "
                f"unallocated, {part.steps:,} steps) highest {part.top / 10:.1f}%, "
                f"bound {part.target / 10:.1f}%, {time.perf_counter() - started:.1f}s"
            )
    finally:
        _SHARED.clear()
    if after is not None:
        settled = sum(x.settled for x in shares)
        value = max((x.highest for x in shares), default=0)
    else:
        settled = settle(day, elig, assignment, placeable)  # parts not independent: whole day
        value = MaxUtilisation().score(day, elig, assignment)
    if settled:
        report(f"large: {settled} more cases placed on the rules' own check")
    report(f"large: {steps} improving steps, highest {value / 10:.1f}%, bound {target / 10:.1f}%")
    if sorted(assignment) != placeable:
        # Some cases are left: bound every allocation that leaves no more risk unallocated.
        target = ranked_bound(day, elig, placeable, set(assignment), value)
    results = _term_results(
        day, elig, assignment, terms, placeable, target, after, shares, cases_of, hi
    )
    gap = relative_gap((t.value, t.bound) for t in results)
    params: dict[str, str | int | float | bool] = {
        "method": "large",
        "time_limit_s": settings.time_limit_s,
        "work_units": settings.large_work_units,
        "processes": "cluster" if settings.cluster else processes,
        "pack_deterministic_s": settings.large_pack_deterministic_s,
    }
    if by_clock:  # the only case in which the same input may not give the same proposal
        params["stopped_by_clock"] = True
    finished = None if after is None or finish is None else [x.finished for x in shares]
    return SolveOutcome(
        assignment, "FEASIBLE", results, 0, gap, params, ortools.__version__, [], finished
    )


def _term_results(
    day: Day,
    elig: Eligibility,
    assignment: Assignment,
    terms: list[tuple[int, int, Objective]],
    placeable: list[str],
    target: int,
    after: AfterSearch | None,
    shares: list[PartShares],
    cases_of: dict[str, list[str]],
    hi: int,
) -> list[TermResult]:
    """Every term's value and bound: from the parts' shares where they were scored there (and
    the cases in no part, scored here), else on the whole day. Continuity's bound is the
    per-POD relaxation (``continuity_bound``) within the level the ranks proven above it
    allow, when that is above the pair floor."""
    split = {o.name for o in after.split} if after is not None else set()
    rest = [c.id for c in day.cases if not elig.candidates[c.id]] if split else []

    def value_of(objective: Objective) -> int:
        if objective.name not in split:
            return objective.score(day, elig, assignment)
        mine = objective.score_part(day, elig, {}, rest, [])
        return combined(objective, [*(x.values[objective.name] for x in shares), mine])

    everyone: dict[str, str] | None = None

    def placed_of(objective: Objective) -> int:
        nonlocal everyone
        if objective.name in split:
            mine = objective.score_part(day, elig, {}, rest, [])
            return combined(objective, [*(x.placed[objective.name] for x in shares), mine])
        if everyone is None:
            # Every case some practitioner may take, allocated: what the unallocated terms
            # cannot beat.
            everyone = {c.id: elig.candidates[c.id][0] for c in day.cases if elig.candidates[c.id]}
        return objective.score(day, elig, everyone)

    floors = {o.name for o in after.floors} if after is not None else set()

    def floor_of(objective: PairCostObjective) -> int:
        if objective.name not in floors:
            return _pair_floor(day, elig, objective)
        if any(objective.name not in x.floors for x in shares):  # see ``after._floors``
            raise RuntimeError(f"a part did not compute the floor of {objective.name}")
        mine = sum(objective.unallocated_cost(day, c) for c in rest)
        return sum(x.floors[objective.name] for x in shares) + mine

    results = []
    # With every placeable case allocated, an optimum ranking allocation strictly first
    # allocates them all too (every unallocated case costs at least 1 there), so each pair
    # term is at least its cases' cheapest candidates.
    risk_rank = next((r for r, _, o in terms if o.counts_each_unallocated), None)
    all_placed = sorted(assignment) == placeable
    proven = True  # every term so far is at its bound: the next one's bound is worth computing
    level = hi  # the utilisation every allocation the proven ranks allow stays within
    for rank, weight, objective in sorted(terms, key=lambda t: t[0]):
        v = value_of(objective)
        if objective.large_bound == "highest":
            bound = min(v, target)
        elif objective.large_bound == "over_target":
            bound = min(v, max(0, target - round(day.policy.balance_target_pct * 10)))
        elif objective.large_bound == "all_placed":
            bound = min(v, placed_of(objective))
        elif (
            objective.large_bound == "pair_floor"
            and proven
            and all_placed
            and risk_rank is not None
            and risk_rank < rank
            and isinstance(objective, PairCostObjective)
        ):
            floor = floor_of(objective)
            if objective.large_role == "continuity":  # within the level the ranks above prove
                floor = max(floor, _continuity_bound(day, elig, cases_of, level, after, shares))
            bound = min(v, floor)
        else:
            bound = 0
        proven = proven and v == bound
        if proven:  # every allocation the ranks so far allow stays at or under this level
            level = min(level, _proven_level(objective, v, day))
        results.append(TermResult(objective.name, rank, weight, v, bound))
    return results
