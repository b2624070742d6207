"""Rebalancing the existing caseload under a new structure, and the figures that compare options.

Every holding the change period allows to move becomes a case on the list with its holder as
``current_practitioner_id`` (reason ``caseload_adjustment``); the others stay holdings. One
solve, so each case moves at most once. The policy's objective order puts ``moves`` right
after ``max_utilisation``: the fewest moves for the best balance.

The planner reads who holds what after the solve, not a proposal an SPO reads: it solves with
``allocator.engine.assign`` (the engine's own method choice and solve, without a reason per
line or the input digest for the record) and checks the assignment against every hard rule
with ``allocator.check.check_assignment``, which rebuilds the day from the models. Every figure
is measured here, from the models, not taken from the solver.
"""

import dataclasses
import math
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from pydantic import TypeAdapter

from allocator import SolveSettings
from allocator.check import check_assignment
from allocator.engine.assign import Assigned, assign
from allocator.objectives.continuity import Continuity
from allocator.objectives.moves import Moves
from allocator.objectives.registry import OBJECTIVES_BY_NAME
from allocator.objectives.utilisation import MaxUtilisation
from allocator.planner.changes import Change
from allocator.problem.day import HEAVY_COHORTS, case_cohorts
from allocator.problem.workload import (
    available_points,
    case_points,
    held_extra_points,
    workload_pct,
)
from models import Case, Policy, Scenario
from models.enums import AllocationReason, CaseFlag, Grade
from models.scenario import reference_problems
from models.staff import Holding, Practitioner

SMALL_NUMBER = 5
"""Aggregate equality figures built on fewer than this many people or cases are suppressed."""

Progress = Callable[[str], None]
_CASES = TypeAdapter(list[Case])


def out_of_model(h: Holding, holder: Practitioner, policy: Policy) -> bool:
    """A holding whose tier no grade rule lets the holder's grade hold (a PSO with a PO-only tier).

    An unsupervised tier ('B2S') is read as its base tier; an untiered holding is never out of
    model (no grade rule speaks of it).
    """
    if h.tier is None:
        return False
    tier = policy.supervised_tier(h.tier) or h.tier
    rules = [r for r in policy.grade_rules if tier in r.tiers]
    return not any(a.grade == holder.grade for r in rules for a in r.allowances)


def out_of_model_reader(policy: Policy) -> Callable[[Holding, Practitioner], bool]:
    """``out_of_model`` under ``policy``, remembering each (tier, grade) answer: a few dozen
    answers for a region's 48,000 holdings, read three times per job."""
    known: dict[tuple[str | None, Grade], bool] = {}

    def read(h: Holding, holder: Practitioner) -> bool:
        key = (h.tier, holder.grade)
        if key not in known:
            known[key] = out_of_model(h, holder, policy)
        return known[key]

    return read


MOVE_REASONS = {
    "out_of_model": "its tier needs a grade its holder is not (out of model)",
    "holder_no_capacity": "its holder has no available points after the change",
    "holder_over_100": "its holder is over 100% after the change",
    "balance": "balancing the caseload under the new structure",
}
"""Why a holding is on the list, in the move list's ``reason`` column (the first that applies)."""


def recently_moved(h: Holding, policy: Policy, today: date) -> bool:
    """Moved within the policy's ``repeat_move_window_days`` before ``today`` (seed 001: people
    on probation are not moved multiple times)."""
    if h.last_moved_on is None or policy.repeat_move_window_days == 0:
        return False
    return 0 <= (today - h.last_moved_on).days < policy.repeat_move_window_days


def move_reasons(scenario: Scenario, policy: Policy, change: Change | None) -> dict[str, str]:
    """The holdings the change period allows to move, case id -> reason (a ``MOVE_REASONS``
    key), in case id order.

    none and green: every holding; amber ("clear business need"): holdings of practitioners
    over 100% (or holding points with none available) and out-of-model holdings; red ("business critical only"): out-of-model holdings
    only. A case with a recorded SPO rationale (``[[keep]]``) never moves, nor does a case moved
    within the policy's ``repeat_move_window_days``.
    """
    period = change.period if change is not None else "none"
    kept = {k.case for k in change.keeps} if change is not None else set()
    staff = {p.id: p for p in scenario.practitioners}
    is_out = out_of_model_reader(policy)
    load = held_extra_points(scenario, policy)
    for h in scenario.holdings:
        load[h.practitioner_id] += case_points(policy, h.tier, h.case_type, h.points, h.t2a)
    available = {pid: available_points(p, policy, scenario.date) for pid, p in staff.items()}
    # No available points at all (hours changed to 0, say) while holding points is over 100%
    # too, though the WMT shows no % for it (``workload_pct`` reads 0 there).
    no_capacity = {pid for pid in staff if available[pid] <= 0 and load[pid] > 0}
    over = {pid for pid in staff if workload_pct(load[pid], available[pid]) > 100}
    out: dict[str, str] = {}
    for h in sorted(scenario.holdings, key=lambda h: h.case_id):
        if h.case_id in kept or h.tier is None or recently_moved(h, policy, scenario.date):
            continue  # kept by a rationale, untiered (no grade rule can place it), or moved lately
        if is_out(h, staff[h.practitioner_id]):
            out[h.case_id] = "out_of_model"
        elif h.practitioner_id in no_capacity and period != "red":
            out[h.case_id] = "holder_no_capacity"
        elif h.practitioner_id in over and period != "red":
            out[h.case_id] = "holder_over_100"
        elif period in ("none", "green"):
            out[h.case_id] = "balance"
    return out


def movable(
    scenario: Scenario,
    policy: Policy,
    change: Change | None,
    reasons: dict[str, str] | None = None,
) -> list[Holding]:
    """The holdings the change period allows to move (``move_reasons``, unless given), in case
    id order."""
    if reasons is None:
        reasons = move_reasons(scenario, policy, change)
    return [h for h in sorted(scenario.holdings, key=lambda h: h.case_id) if h.case_id in reasons]


def rebalance_scenario(
    scenario: Scenario,
    policy: Policy,
    change: Change | None,
    reasons: dict[str, str] | None = None,
) -> Scenario:
    """The scenario whose list is the movable holdings (``move_reasons``, unless given), each
    held by its holder (today's own list is left out): keeping a case costs nothing, moving it
    is a move, and a case left unallocated stays where it is."""
    staff = {p.id: p for p in scenario.practitioners}
    pod_pdu = {p.id: p.pdu_id for p in scenario.pods}
    moving = movable(scenario, policy, change, reasons)
    cases = []
    for h in moving:
        holder = staff[h.practitioner_id]
        mappa = {}
        if h.mappa:
            category = 1 if CaseFlag.SEXUAL_OFFENDING in h.flags else 2
            mappa = {"mappa_category": category, "mappa_level": 1}
        cases.append(
            {
                "id": h.case_id,
                "tier": h.tier,
                "case_type": h.case_type.value,
                "flags": [f.value for f in h.flags],
                **mappa,
                "points": h.points,
                # A held case was allocated once, so its DIF and risk screening were done; its
                # ViSOR need is as held, else derived from MAPPA (a non-MAPPA holding: none).
                "rosh": h.rosh.value if h.rosh is not None else None,
                "risk_assessment": "complete",
                "dif_complete": True,
                **(
                    {}
                    if h.mappa and h.needs_visor is None
                    else {"needs_visor": bool(h.needs_visor)}
                ),
                "t2a": h.t2a,
                "pdu_id": pod_pdu[holder.pod_id],
                "pod_id": holder.pod_id,
                "reason": AllocationReason.CASELOAD_ADJUSTMENT.value,
                "current_practitioner_id": holder.id,
            }
        )
    # The cases are validated; the rest of the scenario was validated when it was read, so
    # only the references are checked again (cheap), not every practitioner and holding.
    solved = scenario.model_copy(update={"policy": None, "cases": _CASES.validate_python(cases)})
    problems = reference_problems(solved)
    if problems:
        raise RuntimeError("rebalance list does not resolve: " + "; ".join(problems[:3]))
    return solved


def _term(name: str) -> object:
    """The soft term a policy names (None for a name the registry does not know)."""
    return OBJECTIVES_BY_NAME.get(name)


def rebalance_policy(policy: Policy, ceiling_pct: float | None = None) -> Policy:
    """``policy`` with ``max_utilisation`` ranked no later than continuity and ``moves`` right
    after it (and an optional ceiling): a restructure is balanced first, then moves the fewest
    cases, whatever order the daily policy gives balance below the target."""
    order = sorted(policy.objectives, key=lambda o: o.rank)
    balance = [o for o in order if isinstance(_term(o.name), MaxUtilisation)]
    if not balance:
        groups = [[o] for o in order]
    else:
        moves = [o for o in order if isinstance(_term(o.name), Moves)]
        rest = [o for o in order if o not in balance and o not in moves]
        groups = []
        for rank in sorted({o.rank for o in rest}):
            groups.append([o for o in rest if o.rank == rank])
        cont = next(
            (
                i
                for i, g in enumerate(groups)
                if any(isinstance(_term(o.name), Continuity) for o in g)
            ),
            len(groups),
        )
        before = next((i for i, g in enumerate(groups) if g[0].rank > balance[0].rank), len(groups))
        at = min(cont, before)
        groups[at:at] = [balance, *([moves] if moves else [])]
    objectives = [
        {**o.model_dump(mode="json"), "rank": i} for i, g in enumerate(groups, start=1) for o in g
    ]
    data = {**policy.model_dump(mode="json"), "objectives": objectives}
    if ceiling_pct is not None:
        data["capacity_ceiling_pct"] = ceiling_pct
    return Policy.model_validate(data)


def curve_policy(policy: Policy, ceiling_pct: float) -> Policy:
    """For a curve point: a strict ceiling (nobody keeps a load over it by having had it
    before), and continuity (a move) right after allocating."""
    order = sorted(policy.objectives, key=lambda o: o.rank)
    objectives = []
    for o in order:
        rank = o.rank
        if isinstance(_term(o.name), Continuity):
            rank = 3
        elif rank >= 3:
            rank += 1
        objectives.append({**o.model_dump(mode="json"), "rank": rank})
    data = {**policy.model_dump(mode="json"), "objectives": objectives}
    data["capacity_ceiling_pct"] = ceiling_pct
    data["capacity_keeps_load_before"] = False
    return Policy.model_validate(data)


@dataclass(frozen=True)
class MoveLine:
    """One existing case the option moves: the record the regional coordinator keeps (seed 001).

    PODs are those of the structure after the change (a practitioner who moves takes their
    POD with them)."""

    case_id: str
    tier: str | None
    """None for an untiered holding."""
    from_practitioner: str
    to_practitioner: str
    from_pod: str
    to_pod: str
    reason: str
    period: str


@dataclass
class Outcome:
    """The caseload after an option (or the base): figures an SPO and a planner compare."""

    name: str
    loads: dict[str, float] = field(default_factory=dict)
    moved: int = 0
    kept_in_pod_pct: float = 100.0
    out_of_model_before: int = 0
    out_of_model_after: int = 0
    unallocated: int = 0
    status: str = "-"
    gap: float = 0.0
    max_util_bound_pct: float | None = None
    on_list: int = 0
    violations: list[str] = field(default_factory=list)
    equalities: dict[str, object] = field(default_factory=dict)
    wall_time_s: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)
    """Cases held per practitioner after the option."""
    pods: dict[str, str] = field(default_factory=dict)
    """Each practitioner's POD in the structure measured."""
    moves: list[MoveLine] = field(default_factory=list)
    held_back: dict[str, int] = field(default_factory=dict)
    """Holdings that may not move and why: 'kept' (an SPO rationale), 'recently_moved'
    (within the policy's window), 'period' (the change period does not allow it)."""

    @property
    def highest(self) -> float:
        return max(self.loads.values(), default=0.0)

    @property
    def mean(self) -> float:
        return round(statistics.fmean(self.loads.values()), 1) if self.loads else 0.0

    @property
    def spread(self) -> float:
        """Standard deviation of utilisation across case holders, in percentage points."""
        return round(statistics.pstdev(self.loads.values()), 1) if len(self.loads) > 1 else 0.0


def _final_holders(scenario: Scenario, assigned: Assigned | None) -> dict[str, str]:
    holders = {h.case_id: h.practitioner_id for h in scenario.holdings}
    if assigned is not None:
        holders.update(assigned.assignment)
    return holders


def measure(
    name: str,
    scenario: Scenario,
    policy: Policy,
    assigned: Assigned | None = None,
    solved: Scenario | None = None,
    reasons: dict[str, str] | None = None,
    period: str = "none",
) -> Outcome:
    """Figures of ``scenario``'s caseload after ``assigned`` (allocated cases move to their
    practitioner; blocked cases stay with their holder). With ``solved`` (the list that was
    solved), also the moves, the solve's status and bound."""
    holders = _final_holders(scenario, assigned)
    reasons = reasons or {}
    staff = {p.id: p for p in scenario.practitioners}
    is_out = out_of_model_reader(policy)
    by_case = {h.case_id: h for h in scenario.holdings}
    points = held_extra_points(scenario, policy)
    cohorts: dict[str, dict[str, int]] = {p.id: {} for p in scenario.practitioners}
    count: dict[str, int] = dict.fromkeys(staff, 0)
    oom_after = 0
    for cid, pid in holders.items():
        h = by_case[cid]
        points[pid] += case_points(policy, h.tier, h.case_type, h.points, h.t2a)
        count[pid] += 1
        for c in case_cohorts(h.flags, h.mappa):
            cohorts[pid][c] = cohorts[pid].get(c, 0) + 1
        oom_after += is_out(h, staff[pid])
    loads = {}
    for p in scenario.practitioners:
        avail = available_points(p, policy, scenario.date)
        if p.grade in (Grade.PO, Grade.PSO, Grade.PQIP) and avail > 0:
            loads[p.id] = workload_pct(points[p.id], avail)
    out = Outcome(name=name, loads=loads, counts=count)
    out.pods = {p.id: p.pod_id for p in scenario.practitioners}
    out.out_of_model_before = sum(is_out(h, staff[h.practitioner_id]) for h in scenario.holdings)
    out.out_of_model_after = oom_after
    if assigned is not None and solved is not None:
        out.on_list = len(solved.cases)
        current = {c.id: c.current_practitioner_id for c in solved.cases}
        moved = sorted(
            (cid, pid)
            for cid, pid in assigned.assignment.items()
            if current.get(cid) not in (None, pid)
        )
        out.moved = len(moved)
        out.moves = [
            MoveLine(
                case_id=cid,
                tier=by_case[cid].tier,
                from_practitioner=str(current[cid]),
                to_practitioner=pid,
                from_pod=staff[str(current[cid])].pod_id,
                to_pod=staff[pid].pod_id,
                reason=reasons.get(cid, "balance"),
                period=period,
            )
            for cid, pid in moved
        ]
        stayed_in_pod = sum(
            1
            for h in scenario.holdings
            if staff[holders[h.case_id]].pod_id == staff[h.practitioner_id].pod_id
        )
        out.kept_in_pod_pct = round(100 * stayed_in_pod / max(1, len(scenario.holdings)), 1)
        out.unallocated = len(assigned.blocked)
        out.status = assigned.status
        out.gap = assigned.gap
        out.wall_time_s = assigned.wall_time_s
        bound = assigned.bounds.get(MaxUtilisation.name)
        if bound is not None:
            out.max_util_bound_pct = bound / 10
    out.equalities = equalities(scenario, cohorts, count)
    return out


def _suppressed(n: int) -> bool:
    return 0 < n < SMALL_NUMBER


def equalities(
    scenario: Scenario, cohorts: dict[str, dict[str, int]], count: dict[str, int]
) -> dict[str, object]:
    """Heavy-cohort shares per practitioner (max and median %) and lived-experience spread.

    Figures built on fewer than ``SMALL_NUMBER`` cases or people read "suppressed".
    """
    out: dict[str, object] = {}
    holders = [pid for pid, n in count.items() if n > 0]
    for cohort in HEAVY_COHORTS:
        total = sum(cohorts[pid].get(cohort, 0) for pid in holders)
        if _suppressed(total):
            out[cohort] = "suppressed (<5)"
            continue
        shares = sorted(100 * cohorts[pid].get(cohort, 0) / count[pid] for pid in holders)
        out[cohort] = {
            "cases": total,
            "max_share_pct": round(max(shares, default=0.0), 1),
            "median_share_pct": round(statistics.median(shares), 1) if shares else 0.0,
        }
    lived = [p for p in scenario.practitioners if p.lived_experience]
    if _suppressed(len(lived)):
        out["lived_experience"] = "suppressed (<5)"
    else:
        pods_with = len({p.pod_id for p in lived})
        out["lived_experience"] = {
            "staff": len(lived),
            "pods_with_any": pods_with,
            "pods": len(scenario.pods),
        }
    return out


def solve_option(
    name: str,
    scenario: Scenario,
    policy: Policy,
    change: Change | None,
    settings: SolveSettings,
    deadline: float | None = None,
) -> tuple[Outcome, Scenario, Policy, Assigned]:
    """Rebalance under ``change`` (already applied to ``scenario``), check and measure.

    With a ``deadline`` (``time.monotonic()`` seconds), the solver gets what is left of it
    once the list is built (at least 0.1 s), never its whole limit again. Returns the figures,
    the list solved, the policy it was solved under and the solver's assignment."""
    reasons = move_reasons(scenario, policy, change)
    solved = rebalance_scenario(scenario, policy, change, reasons)
    pol = rebalance_policy(policy)
    if deadline is not None:
        left = max(0.1, min(settings.time_limit_s, deadline - time.monotonic()))
        settings = dataclasses.replace(settings, time_limit_s=left)
    assigned = assign(solved, pol, settings)
    period = change.period if change is not None else "none"
    outcome = measure(name, scenario, policy, assigned, solved, reasons, period)
    outcome.held_back = held_back(scenario, policy, change, reasons)
    outcome.violations = _violations(solved, pol, assigned)
    return outcome, solved, pol, assigned


def _violations(solved: Scenario, policy: Policy, assigned: Assigned) -> list[str]:
    """Every hard rule the assignment breaks, as the independent checker reads it (from the
    models and the rules alone, on a day it builds itself)."""
    return [
        f"[{v.rule}] {v.message}" for v in check_assignment(solved, policy, assigned.assignment)
    ]


def held_back(
    scenario: Scenario, policy: Policy, change: Change | None, reasons: dict[str, str]
) -> dict[str, int]:
    """How many holdings stay put, by why: an SPO rationale, a recent move, the period, or no
    tier (no grade rule can place an untiered case)."""
    kept = {k.case for k in change.keeps} if change is not None else set()
    out = {"kept": 0, "recently_moved": 0, "period": 0, "untiered": 0}
    for h in scenario.holdings:
        if h.case_id in reasons:
            continue
        if h.case_id in kept:
            out["kept"] += 1
        elif h.tier is None:
            out["untiered"] += 1
        elif recently_moved(h, policy, scenario.date):
            out["recently_moved"] += 1
        else:
            out["period"] += 1
    return out


@dataclass
class CurvePoint:
    ceiling_pct: float
    moved: int
    highest: float
    unallocated: int
    status: str
    violations: list[str]


def curve_levels(highest: float, best: float, steps: int = 4) -> list[float]:
    """Hard ceilings from ``highest`` (the current peak, rounded up) down to 100%, or down to
    ``best`` (the option's balanced peak, rounded up) when that is lower, in ``steps`` levels."""
    top = float(math.ceil(highest))
    bottom = min(100.0, float(math.ceil(best)))
    if steps <= 1 or top <= bottom:
        return [max(top, bottom)]
    step = (top - bottom) / (steps - 1)
    return sorted({round(top - i * step, 1) for i in range(steps)}, reverse=True)


def trade_off_curve(
    scenario: Scenario,
    policy: Policy,
    change: Change | None,
    levels: list[float],
    settings: SolveSettings,
    progress: Progress | None = None,
    solved: Scenario | None = None,
) -> list[CurvePoint]:
    """Fewest moves at each strict ceiling: each case stays with its holder unless it must move.

    The ceiling binds on everyone allocated a case, holders already over it included;
    continuity is ranked right after allocating, so moves are the fewest. A case that fits
    nowhere under the ceiling is left unallocated: it stays where it is, and its points with
    its holder (so a curve point's highest may exceed its ceiling, and says by how much).
    ``solved`` is the rebalance list when the caller has built it already.
    """
    if solved is None:
        solved = rebalance_scenario(scenario, policy, change)
    original = {h.case_id: h.practitioner_id for h in scenario.holdings}
    points = []
    for level in levels:
        if progress is not None:
            progress(f"curve: ceiling {level:g}%")
        pol = curve_policy(policy, level)
        assigned = assign(solved, pol, settings)
        moved = sum(1 for cid, pid in assigned.assignment.items() if pid != original[cid])
        after = measure("", _held_after(scenario, assigned), policy)
        points.append(
            CurvePoint(
                level,
                moved,
                after.highest,
                len(assigned.blocked),
                assigned.status,
                _violations(solved, pol, assigned),
            )
        )
    return points


def _held_after(scenario: Scenario, assigned: Assigned) -> Scenario:
    """``scenario`` with each allocated holding held by its new practitioner (contact
    weightings on a case follow it). A copy, not re-validated: only holders change, each to a
    practitioner of the scenario."""
    holdings = [
        h
        if assigned.assignment.get(h.case_id, h.practitioner_id) == h.practitioner_id
        else h.model_copy(update={"practitioner_id": assigned.assignment[h.case_id]})
        for h in scenario.holdings
    ]
    return scenario.model_copy(update={"cases": [], "holdings": holdings})
