"""The day's proposal, end to end: canonical input, eligibility, hint, solve, explanations.

Infeasibility is data: a day where nothing can be placed gives a well-formed proposal whose
blocked cases say why.
"""

import time
from collections.abc import Mapping
from importlib.metadata import PackageNotFoundError, version

from allocator.engine.assign import solve_outcome
from allocator.engine.court import court_summary
from allocator.engine.explain import Pin, explain_all
from allocator.engine.line_oversight import annotate
from allocator.engine.next_question import with_displacement, with_preference_answer
from allocator.engine.parts import ExplainPart, merge_parts
from allocator.objectives.registry import OBJECTIVES_BY_NAME, day_objectives
from allocator.problem.collector import collector_paused
from allocator.problem.day import Day, build_day
from allocator.problem.digest import DIGEST_SCHEME, input_digest, policy_digest
from allocator.problem.pinning import pin_into_holdings
from allocator.problem.safety import assumption_sentence, overruled_sentence
from allocator.rules.eligibility import compute_eligibility
from allocator.solve.executor import Beside
from allocator.solve.large.solve import PARALLEL_FROM_CASES
from allocator.solve.settings import SolveSettings
from models.policy import Policy
from models.proposal import ObjectiveValue, Proposal, RunInfo
from models.scenario import Scenario


def engine_version() -> str:
    """The installed engine's version."""
    try:
        return version("probation-allocator")
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "0+unknown"


def _check_pins(day: Day, pins: Mapping[str, Pin]) -> None:
    for cid, pin in pins.items():
        if cid not in day.case_by_id:
            raise ValueError(f"pinned case '{cid}' is not on today's list")
        if pin.practitioner_id not in day.staff_by_id:
            raise ValueError(f"pinned practitioner '{pin.practitioner_id}' is not in the scenario")


def propose(
    scenario: Scenario,
    policy: Policy,
    settings: SolveSettings | None = None,
    pins: Mapping[str, Pin] | None = None,
) -> Proposal:
    """Propose the day's allocation for ``scenario`` under ``policy``.

    Parameters
    ----------
    scenario:
        The validated input; list order does not matter.
    policy:
        The resolved policy (``allocator.io.read_scenario`` resolves it).
    settings:
        Time limit, workers, seed and progress reporting; defaults are deterministic.
    pins:
        Lines an SPO has decided (approved or overridden), case id -> Pin: they are kept as
        decided and the rest of the day is solved around them. Rejections are data on the
        case (``rejected_practitioners``), enforced by the ``spo_rejection`` rule.

    Returns
    -------
    Proposal
        Every case either allocated with its reason and alternatives, or blocked with the
        smallest set of rules that blocks it; the objective terms with bounds; the run record.
    """
    settings = settings or SolveSettings()
    digest = Beside(
        input_digest,
        scenario,
        policy,
        fork=settings.large_processes > 1 and len(scenario.cases) >= PARALLEL_FROM_CASES,
    )
    try:
        with collector_paused():
            return _propose(scenario, policy, settings, pins, digest)
    finally:
        digest.close()  # a failure before the record is written leaves no process behind


def _propose(
    scenario: Scenario,
    policy: Policy,
    settings: SolveSettings,
    pins: Mapping[str, Pin] | None,
    digest: Beside,
) -> Proposal:
    started = time.perf_counter()
    day = build_day(scenario, policy)
    elig = compute_eligibility(day)
    ranked = day_objectives(day)
    pins = dict(pins or {})
    _check_pins(day, pins)
    if pins:
        solve_on = build_day(
            pin_into_holdings(day, {cid: pin.practitioner_id for cid, pin in pins.items()}), policy
        )
        solve_elig = compute_eligibility(solve_on)
    else:
        solve_on, solve_elig = day, elig
    # Without pins the large method explains each PDU's lines beside its search (engine/
    # parts.py); a pinned line is explained against the day before its pin, here.
    finish = None if pins else ExplainPart(ranked)
    outcome, large = solve_outcome(solve_on, solve_elig, ranked, settings, finish)
    assignment = {**outcome.assignment, **{cid: pin.practitioner_id for cid, pin in pins.items()}}
    if outcome.finished is not None:
        lines, blocked = merge_parts(day, elig, assignment, outcome.finished)
    else:
        alternatives = 0 if large else settings.alternatives
        lines, blocked = explain_all(day, elig, assignment, ranked, alternatives, pins)
        lines = [annotate(day, line) for line in lines]
        if not large:  # pricing alternatives per line is the small method's (STYLE.md: seconds)
            lines = [with_preference_answer(day, elig, assignment, ranked, x) for x in lines]
        blocked = [with_displacement(day, elig, assignment, b) for b in blocked]
    status = outcome.status if day.cases else "NOTHING_TO_ALLOCATE"
    results = {t.name: t for t in outcome.terms}
    objective = [
        ObjectiveValue(
            name=name,
            rank=rank,
            weight=weight,
            value=results[name].value,
            bound=results[name].bound,
            unit=OBJECTIVES_BY_NAME[name].unit,
            description=OBJECTIVES_BY_NAME[name].description,
        )
        for rank, weight, name in ((r, w, o.name) for r, w, o in ranked)
    ]
    run = RunInfo(
        date=day.date,
        scenario_name=scenario.name,
        policy_name=policy.name,
        policy_version=policy.version,
        framework=policy.framework.name,
        input_digest=digest.result(),
        digest_scheme=DIGEST_SCHEME,
        policy_digest=policy_digest(policy),
        engine_version=engine_version(),
        ortools_version=outcome.ortools_version,
        solver_parameters={
            **outcome.parameters,
            "stage_range_limit": settings.stage_range_limit,
            "tie_break": settings.tie_break,
        },
        seed=settings.seed,
        workers=settings.workers,
        status=status,  # type: ignore[arg-type]
        stages=outcome.stages,
        wall_time_s=round(time.perf_counter() - started, 3),
    )
    assumptions = [
        assumption_sentence(c.id, field, policy)
        for c in day.cases
        if c.id in day.safety  # a report request has no safety facts to assume
        for field in day.safety[c.id].assumed
    ] + [
        overruled_sentence(c.id)
        for c in day.cases
        if c.id in day.safety and day.safety[c.id].visor_overruled
    ]
    return Proposal(
        run=run,
        lines=lines,
        blocked=blocked,
        objective=objective,
        assumptions=assumptions,
        gap=round(outcome.gap, 6),
        court=court_summary(day, lines),
    )
