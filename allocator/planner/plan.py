"""Compare the base structure with each restructure option, honestly: the base is solved the
same way as each option (the same change period, the base policy), so an option's difference
from the base is what the option changes and nothing else. A change file that changes nothing
gives zero difference.

The solves are independent jobs (``Job``), run by one function (``run_jobs``): here, in forked
processes, or as tasks on a Dask cluster, with the same results.
"""

import dataclasses
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import asdict, dataclass, field

from allocator import SolveSettings
from allocator.io.errors import InputError
from allocator.planner.changes import Change, ChangeFile, apply_change, name_problems
from allocator.planner.composition import Finding, composition_findings
from allocator.planner.rebalance import (
    CurvePoint,
    Outcome,
    Progress,
    curve_levels,
    measure,
    solve_option,
    trade_off_curve,
)
from allocator.problem.collector import collector_paused
from allocator.solve.executor import (
    ClusterPool,
    call_inherited,
    can_fork,
    forget,
    inherit,
    work_pool,
)
from models import Policy, Scenario

DIFFERENCE_FIELDS = (
    "composition_failed",
    "cases_on_list",
    "cases_moved",
    "highest_utilisation_pct",
    "mean_utilisation_pct",
    "spread_sd_pct",
    "kept_in_pod_pct",
    "out_of_model_after",
    "unallocated",
    "held_without_capacity",
    "violations",
)
"""The figures shown as option minus base."""


@dataclass(frozen=True)
class Job:
    """One rebalance to solve: a structure, its policy, the change that made it (for the base,
    a change with the option's period only) and its budget. Picklable, and needs nothing
    else: an executor may run it anywhere."""

    name: str
    scenario: Scenario
    policy: Policy
    change: Change
    time_limit_s: float
    curve_steps: int = 0
    large_processes: int = 2
    """Processes the large method may use inside this job (1 when jobs run side by side)."""


@dataclass
class Solved:
    """What a job gives back: the figures and, when asked, the trade-off curve."""

    outcome: Outcome
    curve: list[CurvePoint] = field(default_factory=list)
    curve_skipped: int = 0
    """Curve levels not solved because the job's time limit was spent."""
    wall_time_s: float = 0.0
    """The whole job's wall time (the proposal's own records only its solve)."""


def solve_job(job: Job, progress: Progress | None = None) -> Solved:
    """Rebalance ``job`` within its time limit: the rebalance gets the whole limit when no
    curve is asked for, else half; each curve level an equal share of what is left, and a
    level for which nothing is left is skipped (and counted), never run past the limit.

    The cyclic garbage collector is paused for the job, wherever it runs: a region's job
    builds millions of long-lived objects (the list, the day, eligibility, the checker's own
    day) and almost no reference cycles, and each of the collector's full passes walks them
    all (about a sixth of a region job's CPU time, measured in ``benchmarks/RESULTS.md``).
    Reference counting still frees the job's objects; the figures do not depend on it."""
    with collector_paused():
        return _solve_job(job, progress)


def _solve_job(job: Job, progress: Progress | None) -> Solved:
    """``solve_job`` with the collector paused."""
    say = progress or (lambda _line: None)
    start = time.monotonic()
    share = job.time_limit_s / 2 if job.curve_steps else job.time_limit_s
    settings = SolveSettings(
        time_limit_s=max(0.1, share), progress=say, large_processes=job.large_processes
    )
    say(f"{job.name}: rebalancing ({job.change.period} period)")
    outcome, listed, _, _ = solve_option(
        job.name, job.scenario, job.policy, job.change, settings, start + share
    )
    solved = Solved(outcome)
    if job.curve_steps:
        levels = curve_levels(
            measure("", job.scenario, job.policy).highest, outcome.highest, job.curve_steps
        )
        left = job.time_limit_s - (time.monotonic() - start)
        per = left / max(1, len(levels))
        if per < 0.5:
            solved.curve_skipped = len(levels)
            say(f"{job.name}: no time left for the trade-off curve ({len(levels)} levels skipped)")
        else:
            solved.curve = trade_off_curve(
                job.scenario,
                job.policy,
                job.change,
                levels,
                SolveSettings(time_limit_s=per, progress=say, large_processes=job.large_processes),
                say,
                listed,
            )
    took = time.monotonic() - start
    solved.wall_time_s = round(took, 1)
    if took > job.time_limit_s:
        say(
            f"{job.name}: took {took:.0f}s against its {job.time_limit_s:g}s limit: the solver "
            f"stopped in time; building the list of {outcome.on_list:,} cases and the day, "
            "deciding eligibility and checking took the rest"
        )
    say(f"{job.name}: done in {took:.1f}s")
    return solved


JobDone = Callable[[str, int, int], None]
"""Told (job name, jobs done, jobs in all) as each job finishes."""

WORKERLESS_PATIENCE_S = 30.0
"""How long a cluster may have no worker at all while jobs wait before the sweep fails: a
worker under a nanny is back within seconds, a cluster whose workers all died never is."""


class JobFailed(Exception):
    """Solve jobs that did not finish where they ran: a job raised, its worker process was
    killed, or the cluster lost its workers. Says which jobs (a base or an option, by name)
    and what happened, in one line."""

    def __init__(self, names: list[str], what: str, cluster: str | None = None) -> None:
        self.names = names
        self.what = what
        self.cluster = cluster
        where = f" on the cluster at {cluster}" if cluster else ""
        jobs = ", ".join(repr(n) for n in names)
        super().__init__(f"solving {jobs} failed{where}: {what}")


_LOST_WORKER = {
    "BrokenProcessPool": "a worker process of the planner ended abruptly (killed, or out of memory)",
    "KilledWorker": "the workers that ran it died while solving it (KilledWorker)",
    "CancelledError": "the cluster cancelled them: a worker holding their input died or left",
}
"""Failures of where the jobs ran rather than of one job, by the error's kind: they stop
every job not yet done."""


def _why(exc: BaseException) -> str:
    """What went wrong, in one short line: the error's kind and the first line of its text."""
    kind = type(exc).__name__
    if kind in _LOST_WORKER:
        return _LOST_WORKER[kind]
    text = str(exc).strip().splitlines()
    return f"{kind}: {text[0][:200]}" if text else kind


def run_jobs(
    jobs: list[Job],
    progress: Progress | None = None,
    on_done: JobDone | None = None,
    processes: int = 2,
    cluster: str | None = None,
) -> list[Solved]:
    """Every job's result, in the order given: the one place where the planner's solves run.

    Where a job runs never changes its result (``solve_job`` reads nothing but its job); only
    the wall time differs:

    - ``cluster`` (a Dask scheduler's address): every job is a task on that cluster
      (``ClusterPool``, the project's one executor interface), its large method in the
      worker's own process. Raises ``ConnectionError`` when no scheduler answers or it has no
      workers, before any job is sent.
    - else up to ``processes`` jobs side by side in the project's fork pool (``work_pool``):
      the jobs are inherited by the forked workers, not pickled to them, and each job solves
      its PDUs in its one process;
    - else (one job, one process, or no fork on this platform) one after the other here.

    A job that fails (it raises, its worker is killed, the cluster is left with no worker for
    ``WORKERLESS_PATIENCE_S``) raises ``JobFailed`` naming it: the jobs not yet started are
    cancelled (on a cluster the running ones too; a forked worker's running job ends first),
    and no partial result is returned. Progress lines come from jobs run here only;
    jobs run elsewhere report when they finish.
    """
    done = on_done or (lambda _name, _done, _total: None)
    alone = [dataclasses.replace(job, large_processes=1) for job in jobs]
    if cluster is not None:
        # Leaving the block on an error cancels the tasks still on the cluster (ClusterPool).
        with ClusterPool(cluster, patience_s=WORKERLESS_PATIENCE_S) as pool:
            if pool.workers == 0:
                raise ConnectionError(f"the Dask scheduler at {cluster} has no workers")
            futures = []
            for job in alone:
                try:
                    sent = pool.send(job)  # a region is megabytes: not in the task graph
                except Exception as exc:
                    raise JobFailed([job.name], _why(exc), cluster) from exc
                futures.append(pool.submit(solve_job, sent))
            return _gather(jobs, futures, done, cluster, lambda: pool.workers)
    workers = min(processes, len(jobs))
    if workers <= 1 or not can_fork():
        results = []
        for i, job in enumerate(jobs, start=1):
            try:
                results.append(solve_job(job, progress))
            except Exception as exc:
                raise JobFailed([job.name], _why(exc)) from exc
            done(job.name, i, len(jobs))
        return results
    key = f"planner-jobs-{id(alone)}"
    inherit(key, _solve_nth, alone)  # before the pool's first submit forks its workers
    try:
        with work_pool(workers) as pool:
            futures = [pool.submit(call_inherited, key, i) for i in range(len(jobs))]
            return _gather(jobs, futures, done)
    finally:
        forget(key)


def _solve_nth(jobs: list[Job], i: int) -> Solved:
    """Job ``i`` of ``jobs`` (a forked worker's inherited copy)."""
    return solve_job(jobs[i])


def _gather(
    jobs: list[Job],
    futures: "list[Future[Solved]]",
    done: JobDone,
    cluster: str | None = None,
    workers: Callable[[], int] | None = None,
) -> list[Solved]:
    """The futures' results in the jobs' order, telling ``done`` as each one finishes.

    The first job that failed raises ``JobFailed``, after the others' futures are cancelled;
    it names the job that raised, or every job not yet done when a worker was lost. With
    ``workers`` (the cluster's worker count, asked every second), a cluster left with no worker
    for ``WORKERLESS_PATIENCE_S`` fails the jobs still waiting instead of waiting for ever."""
    index = {future: i for i, future in enumerate(futures)}
    out: dict[int, Solved] = {}
    pending = set(futures)
    workerless_since: float | None = None
    poll = None if workers is None else min(1.0, WORKERLESS_PATIENCE_S / 4)
    try:
        while pending:
            finished, pending = wait(pending, timeout=poll, return_when=FIRST_COMPLETED)
            for future in sorted(finished, key=index.__getitem__):
                i = index[future]
                try:
                    out[i] = future.result()
                except Exception as exc:
                    stopped = [jobs[i].name]
                    if type(exc).__name__ in _LOST_WORKER:  # the jobs not done went with it
                        stopped = [j.name for k, j in enumerate(jobs) if k not in out]
                    raise JobFailed(stopped, _why(exc), cluster) from exc
                done(jobs[i].name, len(out), len(jobs))
            if workers is None or finished:
                continue
            waiting = [jobs[index[f]].name for f in sorted(pending, key=index.__getitem__)]
            try:
                left = workers()
            except Exception as exc:  # the scheduler itself went away
                raise JobFailed(
                    waiting, f"the scheduler stopped answering ({_why(exc)})", cluster
                ) from exc
            now = time.monotonic()
            if left:
                workerless_since = None
            elif workerless_since is None:
                workerless_since = now
            elif now - workerless_since >= WORKERLESS_PATIENCE_S:
                raise JobFailed(
                    waiting,
                    f"the cluster has had no worker for {WORKERLESS_PATIENCE_S:g} s "
                    "(its workers died or left)",
                    cluster,
                )
    except BaseException:
        for future in futures:
            future.cancel()
        raise
    return [out[i] for i in range(len(jobs))]


@dataclass
class OptionResult:
    """One column of the comparison: the base under one change period, or one option."""

    name: str
    source: str
    period: str
    findings: list[Finding]
    outcome: Outcome
    curve: list[CurvePoint] = field(default_factory=list)
    curve_skipped: int = 0
    base: "OptionResult | None" = None
    """For an option: the base solved the same way (same period, base policy)."""
    staff_moves_reason: str | None = None
    """The reason given for waiving "cases move, not staff" in a change period."""
    job_wall_time_s: float = 0.0
    """The whole solve job's wall time: list, day, eligibility, solve, check and curve."""
    structure: Scenario | None = None
    """For an option: the scenario after its change file (before the rebalance)."""
    policy: Policy | None = None
    """For an option: its policy (the base's with the file's overrides)."""

    @property
    def failed(self) -> list[Finding]:
        return [f for f in self.findings if f.status == "fail"]

    @property
    def waived(self) -> list[Finding]:
        return [f for f in self.findings if f.status == "waived"]

    def figures(self) -> dict[str, float | int]:
        """The comparable figures, the keys of ``DIFFERENCE_FIELDS``."""
        o = self.outcome
        return {
            "composition_failed": len(self.failed),
            "cases_on_list": o.on_list,
            "cases_moved": o.moved,
            "highest_utilisation_pct": o.highest,
            "mean_utilisation_pct": o.mean,
            "spread_sd_pct": o.spread,
            "kept_in_pod_pct": o.kept_in_pod_pct,
            "out_of_model_after": o.out_of_model_after,
            "unallocated": o.unallocated,
            "held_without_capacity": o.without_capacity,
            "violations": len(o.violations),
        }

    def difference(self) -> dict[str, float | int]:
        """This option's figures minus its base's (zero for the base itself)."""
        mine = self.figures()
        if self.base is None:
            return dict.fromkeys(mine, 0)
        theirs = self.base.figures()
        return {k: round(mine[k] - theirs[k], 1) for k in DIFFERENCE_FIELDS}

    def composition_change(self) -> dict[str, list[Finding]]:
        """Failed checks against the base: ``new`` (fails here, not in the base), ``fixed``
        (fails in the base, and neither fails nor is waived here), ``unchanged`` (fails in
        both), ``waived`` (here)."""
        base_failed = {(f.check, f.pod) for f in self.base.failed} if self.base else set()
        mine = {(f.check, f.pod) for f in [*self.failed, *self.waived]}
        base_by_key = {(f.check, f.pod): f for f in self.base.failed} if self.base else {}
        return {
            "new": [f for f in self.failed if (f.check, f.pod) not in base_failed],
            "fixed": [f for k, f in sorted(base_by_key.items()) if k not in mine],
            "unchanged": [f for f in self.failed if (f.check, f.pod) in base_failed],
            "waived": self.waived,
        }

    def as_dict(self) -> dict[str, object]:
        o = self.outcome
        change = self.composition_change()
        return {
            "name": self.name,
            "source": self.source,
            "period": self.period,
            "base": self.base.name if self.base is not None else None,
            "composition": {
                "failed": len(self.failed),
                "waived": len(self.waived),
                "findings": [f.as_dict() for f in self.findings],
                "against_base": {k: [f.as_dict() for f in v] for k, v in change.items()},
            },
            **{k: v for k, v in self.figures().items() if k != "composition_failed"},
            "difference_from_base": self.difference(),
            "out_of_model_before": o.out_of_model_before,
            "status": o.status,
            "gap": o.gap,
            "max_utilisation_bound_pct": o.max_util_bound_pct,
            "wall_time_s": o.wall_time_s,
            "job_wall_time_s": self.job_wall_time_s,
            "violations": o.violations,
            "held_back": o.held_back,
            "staff_moves_waiver_reason": self.staff_moves_reason,
            "equalities": o.equalities,
            "utilisation": sorted(o.loads.values()),
            "moves": [asdict(m) for m in o.moves],
            "curve": [asdict(p) for p in self.curve],
            "curve_skipped": self.curve_skipped,
        }


@dataclass
class Plan:
    """The comparison: today's caseload, the base per change period, and every option."""

    today: Outcome
    bases: list[OptionResult]
    options: list[OptionResult]

    @property
    def columns(self) -> list[OptionResult]:
        """The bases, then the options, as the table shows them."""
        return [*self.bases, *self.options]


@dataclass(frozen=True)
class Prepared:
    """An option checked and applied: ready to solve."""

    change: Change
    scenario: Scenario
    policy: Policy


def prepare(
    scenario: Scenario, policy: Policy, changes: list[Change], unread: Sequence[str] = ()
) -> list[Prepared]:
    """Apply every change, collecting every problem of every file before raising one
    ``InputError``: nothing is solved until every file is valid. ``unread`` are the problems
    of the files that could not be read at all, raised with the others'."""
    problems = [*unread, *name_problems(changes)]
    out: list[Prepared] = []
    for change in changes:
        try:
            changed, pol = apply_change(scenario, policy, change)
        except InputError as err:
            problems += err.problems
            continue
        out.append(Prepared(change, changed, pol))
    if problems:
        raise InputError(problems)
    return out


def _null_change(period: str) -> Change:
    return Change(source="", file=ChangeFile(period=period))  # type: ignore[arg-type]


def run_plan(
    scenario: Scenario,
    policy: Policy,
    prepared: list[Prepared],
    time_limit_s: float = 10.0,
    curve_steps: int = 4,
    progress: Progress | None = None,
    on_done: JobDone | None = None,
    runner: Callable[..., list[Solved]] = run_jobs,
) -> Plan:
    """The base under each option's change period, and every option, in the order given.

    ``prepared`` comes from ``prepare``, which applies every file (and raises every problem)
    before anything is solved. Each job (a base or an option) gets ``time_limit_s`` in all;
    options also get their curve.
    """
    periods = list(dict.fromkeys(p.change.period for p in prepared)) or ["none"]
    label = {period: "base" if len(periods) == 1 else f"base ({period})" for period in periods}
    jobs = [
        Job(label[period], scenario, policy, _null_change(period), time_limit_s)
        for period in periods
    ]
    jobs += [
        Job(p.change.name, p.scenario, p.policy, p.change, time_limit_s, curve_steps)
        for p in prepared
    ]
    if progress is not None:
        progress(f"{len(jobs)} solves: {', '.join(j.name for j in jobs)}")
    solved = runner(jobs, progress, on_done)
    base_findings = composition_findings(scenario, policy, None)
    bases = {
        period: OptionResult(
            label[period], "", period, base_findings, s.outcome, job_wall_time_s=s.wall_time_s
        )
        for period, s in zip(periods, solved, strict=False)
    }
    options = []
    for p, s in zip(prepared, solved[len(periods) :], strict=True):
        waiver = p.change.staff_moves_waiver() if p.change.moves else None
        options.append(
            OptionResult(
                p.change.name,
                p.change.source,
                p.change.period,
                composition_findings(p.scenario, p.policy, p.change),
                s.outcome,
                s.curve,
                s.curve_skipped,
                base=bases[p.change.period],
                staff_moves_reason=waiver.reason if waiver else None,
                job_wall_time_s=s.wall_time_s,
                structure=p.scenario,
                policy=p.policy,
            )
        )
    return Plan(measure("today", scenario, policy), list(bases.values()), options)
