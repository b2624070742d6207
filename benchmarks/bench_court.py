"""Court days against a hand process: a busy PDU's court day and a region's week (issue 17).

The engine (``propose``, the bundled default policy) and the court baseline
(``allocator.solve.greedy.court_greedy_assignment``: PO-only requests first, then the rest, each
to the least-loaded writer the hard rules allow) solve the same generated instances, measured
with one ruler: each court term's value recomputed by its own ``score`` on the day, the highest
utilisation and the spread as the terms count them, and the PO share against the policy's
target. The engine's proven bounds come from its proposal; every result is checked against
the hard rules (``check`` for the engine, ``check_assignment`` for the baseline).

Instances come from the court generator (``allocator.synth.court``): ``pdu`` is one PDU's court
team on a busy day (``--requests`` and ``--writers``, about 40 and 15), ``week`` a region's
court teams over five court days. The week is chained as a court team lives it: each day's
allocated reports join the next day's reports already allocated in the PO share period (the
period is 28 days, so nothing of the week rolls out of it).

Times are the median of ``--repeats`` runs of the solve alone (the engine's ``propose``; the
baseline's day, eligibility and assignment), summed over the instance's days, wall and CPU
seconds of this process (CP-SAT's threads included); ratios against the baseline are measured
in the same run.

    python benchmarks/bench_court.py --seed 1 --repeats 5 --week-repeats 3 --time-limit 30
"""

import argparse
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from allocator import SolveSettings, propose
from allocator.check import check, check_assignment
from allocator.io.policy_files import bundled_policy
from allocator.objectives.po_share import group_counts, share_groups, target_permille
from allocator.objectives.registry import OBJECTIVES_BY_NAME
from allocator.problem.court import completes_on_the_day
from allocator.problem.day import Assignment, build_day
from allocator.rules.eligibility import compute_eligibility
from allocator.solve.greedy import court_greedy_assignment
from allocator.synth.court import generate_court, generate_court_days
from models import Policy, Scenario

COURT_TERMS = ("same_day_reports", "complex_reports_with_po", "known_case", "po_share")
SHOWN_TERMS = ("unallocated_risk", *COURT_TERMS, "max_utilisation", "spread")


@dataclass
class DayRun:
    """One method on one day: its assignment, the terms as scored, the engine's bounds."""

    assignment: Assignment
    terms: dict[str, int]
    bounds: dict[str, int] = field(default_factory=dict)
    status: str = "HEURISTIC"
    gap: float | None = None
    valid: bool = True
    requests: int = 0
    same_day: int = 0
    same_day_done: int = 0
    written: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Per court team: (reports written today, of which by a PO)."""
    wall_s: float = 0.0
    cpu_s: float = 0.0
    """The solve's own time (the engine's ``propose``; the baseline's day, eligibility and
    assignment), without the measuring and checking around it."""


class _Clock:
    """Wall and CPU seconds of this process (CP-SAT's threads included) since it started."""

    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def read(self) -> tuple[float, float]:
        return time.perf_counter() - self.wall, time.process_time() - self.cpu


@dataclass
class Timed:
    """A method's runs over an instance (one day, or the days of a week) and its times."""

    days: list[DayRun]
    wall_s: float
    cpu_s: float


def _score_day(s: Scenario, policy: Policy, assignment: Assignment) -> DayRun:
    day = build_day(s, policy)
    elig = compute_eligibility(day)
    terms = {n: OBJECTIVES_BY_NAME[n].score(day, elig, assignment) for n in SHOWN_TERMS}
    same_day = [c.id for c in day.cases if c.report is not None and completes_on_the_day(c.report)]
    written = {}
    for g in share_groups(day):
        n, k = group_counts(day, g, assignment)
        written[g.team_id] = (n - g.reports_before, k - g.po_before)
    return DayRun(
        assignment,
        terms,
        requests=len(day.report_ids),
        same_day=len(same_day),
        same_day_done=sum(c in assignment for c in same_day),
        written=written,
    )


def _engine(s: Scenario, policy: Policy, time_limit: float) -> DayRun:
    clock = _Clock()
    proposal = propose(s, policy, SolveSettings(time_limit_s=time_limit))
    took = clock.read()
    run = _score_day(s, policy, {x.case_id: x.practitioner_id for x in proposal.lines})
    run.wall_s, run.cpu_s = took
    run.bounds = {o.name: o.bound for o in proposal.objective}
    for o in proposal.objective:  # the proposal's own figures are the scores (the checker's too)
        assert o.name not in run.terms or run.terms[o.name] == o.value, o.name
    run.status, run.gap = proposal.run.status, proposal.gap
    run.valid = check(s, policy, proposal) == []
    return run


def _greedy(s: Scenario, policy: Policy) -> DayRun:
    clock = _Clock()
    day = build_day(s, policy)
    assignment = court_greedy_assignment(day, compute_eligibility(day))
    took = clock.read()
    run = _score_day(s, policy, assignment)
    run.wall_s, run.cpu_s = took
    run.valid = check_assignment(s, policy, assignment) == []
    return run


def _with_history(s: Scenario, written: dict[str, tuple[int, int]]) -> Scenario:
    """``s`` with each court team's reports of the period raised by the week's days so far."""
    teams = []
    for t in s.court_teams:
        n, k = written.get(t.id, (0, 0))
        teams.append(
            t.model_copy(
                update={
                    "reports_in_period": t.reports_in_period + n,
                    "po_reports_in_period": t.po_reports_in_period + k,
                }
            )
        )
    return s.model_copy(update={"court_teams": teams})


def _chain(days: list[Scenario], solve: Callable[[Scenario], DayRun]) -> list[DayRun]:
    """Solve the days in order, each starting from the reports the earlier days allocated."""
    runs: list[DayRun] = []
    so_far: dict[str, tuple[int, int]] = {}
    for s in days:
        run = solve(_with_history(s, so_far))
        runs.append(run)
        for team, (n, k) in run.written.items():
            before = so_far.get(team, (0, 0))
            so_far[team] = (before[0] + n, before[1] + k)
    return runs


def _timed(repeats: int, work: Callable[[], list[DayRun]]) -> Timed:
    """The runs of the last repeat, with the median over the repeats of the solves' times
    summed over the instance's days."""
    walls, cpus, runs = [], [], []
    for _ in range(repeats):
        runs = work()
        walls.append(sum(r.wall_s for r in runs))
        cpus.append(sum(r.cpu_s for r in runs))
    return Timed(runs, statistics.median(walls), statistics.median(cpus))


def _share_line(days: list[Scenario], runs: list[DayRun], policy: Policy) -> str:
    """PO share of the reports written over the instance, and over the period (history plus
    the instance), against the target; the mean distance from the target over the teams."""
    target = target_permille(build_day(days[0], policy)) / 10
    written: dict[str, tuple[int, int]] = {}
    for run in runs:
        for team, (n, k) in run.written.items():
            before = written.get(team, (0, 0))
            written[team] = (before[0] + n, before[1] + k)
    history = {t.id: (t.reports_in_period, t.po_reports_in_period) for t in days[0].court_teams}
    n = sum(v[0] for v in written.values())
    k = sum(v[1] for v in written.values())
    off: list[float] = []
    at_start: list[float] = []
    for team, (tn, tk) in written.items():
        hn, hk = history.get(team, (0, 0))
        if tn + hn:
            off.append(abs(100 * (tk + hk) / (tn + hn) - target))
        if hn:
            at_start.append(abs(100 * hk / hn - target))
    period = statistics.mean(off) if off else 0.0
    start = statistics.mean(at_start) if at_start else 0.0
    return (
        f"PO share written {100 * k / max(1, n):.1f}% (target {target:.0f}%); over the period "
        f"{period:.2f} points from the target on average over {len(off)} team(s) (history "
        f"alone: {start:.2f})"
    )


def _report(title: str, days: list[Scenario], policy: Policy, engine: Timed, greedy: Timed) -> None:
    print(f"\n### {title}\n")
    print("| figure | engine | greedy | bound (engine) |")
    print("|---|---|---|---|")
    for method_runs in (engine.days, greedy.days):
        assert method_runs
    requests = sum(r.requests for r in engine.days)
    for label, get in (
        ("requests", lambda r: r.requests),
        ("allocated", lambda r: len(r.assignment)),
        ("same-day requests completed", lambda r: r.same_day_done),
    ):
        print(
            f"| {label} | {sum(get(r) for r in engine.days)} | "
            f"{sum(get(r) for r in greedy.days)} | |"
        )
    for name in SHOWN_TERMS:
        e = sum(r.terms[name] for r in engine.days)
        g = sum(r.terms[name] for r in greedy.days)
        b = sum(r.bounds.get(name, 0) for r in engine.days)
        if name in ("max_utilisation", "spread"):  # a day's figure: the week shows the worst
            e = max(r.terms[name] for r in engine.days)
            g = max(r.terms[name] for r in greedy.days)
            b = max(r.bounds.get(name, 0) for r in engine.days)
            print(f"| {name} % (worst day) | {e / 10:.1f} | {g / 10:.1f} | {b / 10:.1f} |")
        else:
            print(f"| {name} | {e} | {g} | {b} |")
    statuses = sorted({r.status for r in engine.days})
    gaps = [r.gap or 0.0 for r in engine.days]
    print(f"| status | {', '.join(statuses)} | HEURISTIC | gap {max(gaps):.4f} |")
    print(
        f"| valid (checker) | {all(r.valid for r in engine.days)} | "
        f"{all(r.valid for r in greedy.days)} | |"
    )
    print(f"| wall s (median) | {engine.wall_s:.2f} | {greedy.wall_s:.3f} | |")
    print(f"| CPU s (median) | {engine.cpu_s:.2f} | {greedy.cpu_s:.3f} | |")
    print(
        f"\n{requests} requests. Engine: {_share_line(days, engine.days, policy)}. "
        f"Greedy: {_share_line(days, greedy.days, policy)}. Time ratio engine/greedy: wall "
        f"{engine.wall_s / max(1e-9, greedy.wall_s):.0f}x, CPU "
        f"{engine.cpu_s / max(1e-9, greedy.cpu_s):.0f}x."
    )
    if not all(r.valid for r in engine.days + greedy.days):
        raise SystemExit("a result breaks a hard rule")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--writers", type=int, default=15)
    parser.add_argument("--days", type=int, default=5)
    parser.add_argument("--week-repeats", type=int, default=None, help="Default: --repeats.")
    parser.add_argument("--skip-week", action="store_true", help="Only the PDU's day.")
    args = parser.parse_args()
    policy = bundled_policy()
    pdu = [generate_court("pdu", args.seed, requests=args.requests, writers=args.writers)]
    limit = args.time_limit
    engine = _timed(args.repeats, lambda: _chain(pdu, lambda s: _engine(s, policy, limit)))
    greedy = _timed(args.repeats, lambda: _chain(pdu, lambda s: _greedy(s, policy)))
    _report(f"pdu/s{args.seed}: one PDU's court day", pdu, policy, engine, greedy)
    if args.skip_week:
        return
    week = generate_court_days("region", args.seed, days=args.days)
    repeats = args.week_repeats or args.repeats
    engine = _timed(repeats, lambda: _chain(week, lambda s: _engine(s, policy, limit)))
    greedy = _timed(repeats, lambda: _chain(week, lambda s: _greedy(s, policy)))
    title = f"region-week/s{args.seed}: a region's court teams over {args.days} court days"
    _report(title, week, policy, engine, greedy)


if __name__ == "__main__":
    main()
