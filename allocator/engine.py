"""The day's proposal, end to end: canonical input, eligibility, hint, solve, explanations.

Infeasibility is data: a day where nothing can be placed gives a well-formed proposal whose
blocked cases say why.
"""

import time
from importlib.metadata import PackageNotFoundError, version

import ortools

from allocator.cpsat import solve_day
from allocator.day import build_day
from allocator.digest import canonical_scenario, input_digest, policy_digest
from allocator.eligibility import compute_eligibility
from allocator.explain import explain_all
from allocator.greedy import active_limits, greedy_assignment
from allocator.objectives.registry import OBJECTIVES_BY_NAME, ranked_objectives
from allocator.settings import SolveSettings
from models.policy import Policy
from models.proposal import ObjectiveValue, Proposal, RunInfo
from models.scenario import Scenario


def engine_version() -> str:
    """The installed engine's version."""
    try:
        return version("probation-allocator")
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "0+unknown"


def propose(scenario: Scenario, policy: Policy, settings: SolveSettings | None = None) -> Proposal:
    """Propose the day's allocation for ``scenario`` under ``policy``.

    Parameters
    ----------
    scenario:
        The validated input; list order does not matter.
    policy:
        The resolved policy (``allocator.io.read_scenario`` resolves it).
    settings:
        Time limit, workers, seed and progress reporting; defaults are deterministic.

    Returns
    -------
    Proposal
        Every case either allocated with its reason and alternatives, or blocked with the
        smallest set of rules that blocks it; the objective terms with bounds; the run record.
    """
    settings = settings or SolveSettings()
    started = time.perf_counter()
    canonical = canonical_scenario(scenario, policy)
    day = build_day(canonical, policy)
    elig = compute_eligibility(day)
    ranked = ranked_objectives(policy)
    start = greedy_assignment(day, elig, prefer_continuity=True)
    outcome = solve_day(day, elig, active_limits(day), ranked, start, settings)
    if outcome.inconsistencies:
        raise RuntimeError(
            "solver objective disagrees with its terms: " + "; ".join(outcome.inconsistencies)
        )
    lines, blocked = explain_all(day, elig, outcome.assignment, ranked, settings.alternatives)
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
        input_digest=input_digest(scenario, policy),
        policy_digest=policy_digest(policy),
        engine_version=engine_version(),
        ortools_version=ortools.__version__,
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
    return Proposal(
        run=run, lines=lines, blocked=blocked, objective=objective, gap=round(outcome.gap, 6)
    )
