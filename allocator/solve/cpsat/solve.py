"""Solve the day lexicographically: ranks folded into as few weighted stages as stay exact.

Each rank's expression is shifted to start at 0 and weighted by the product of the ranges of
the ranks after it in its stage, so one weighted solve gives exactly the lexicographic optimum
of those ranks (benchmarks/RESULTS.md). A new stage starts when the weights would grow past the
settings' limit; each stage fixes the previous stages' value and starts from their solution.
"""

import time
from dataclasses import dataclass

import ortools
from ortools.sat.python import cp_model

from allocator.objectives.base import LinearSpec, Objective, TermSpec
from allocator.objectives.gap import relative_gap
from allocator.problem.day import Assignment, Day
from allocator.rules.base import Limit
from allocator.rules.eligibility import Eligibility
from allocator.solve.cpsat.build import (
    BuiltTerm,
    DayModel,
    build_model,
    build_term,
    term_range,
    tie_break_spec,
)
from allocator.solve.cpsat.floors import flow_floors, places_all
from allocator.solve.cpsat.polish import polish
from allocator.solve.outcome import SolveOutcome, TermResult
from allocator.solve.settings import SolveSettings

TIE_BREAK = "tie_break"


@dataclass
class _Member:
    """A term of a rank: its weight, name and spec, its range (``term_range``), and its
    expression in the model once its stage is reached (``_build``)."""

    weight: int
    name: str
    spec: TermSpec
    lo: int
    hi: int
    built: BuiltTerm | None = None

    @property
    def term(self) -> BuiltTerm:
        assert self.built is not None, f"term {self.name} used before its stage built it"
        return self.built

    def value(self, assignment: Assignment) -> int:
        """The term's weighted value for ``assignment``, shifted to start at 0."""
        return self.weight * (self.term.value(assignment) - self.lo)


@dataclass
class _Rank:
    rank: int
    members: list[_Member]

    @property
    def span(self) -> int:
        return sum(m.weight * (m.hi - m.lo) for m in self.members)

    def shifted(self) -> cp_model.LinearExprT:
        return sum(m.weight * (m.term.expr - m.lo) for m in self.members)


class _Progress(cp_model.CpSolverSolutionCallback):
    def __init__(self, settings: SolveSettings, started: float, label: str) -> None:
        super().__init__()
        self._settings, self._started, self._label = settings, started, label

    def on_solution_callback(self) -> None:
        elapsed = time.perf_counter() - self._started
        if self._settings.progress is None or elapsed < self._settings.progress_after_s:
            return
        obj, bound = self.objective_value, self.best_objective_bound
        gap = (obj - bound) / max(1.0, abs(obj))
        self._settings.progress(
            f"{self._label}: best {obj:.0f}, bound {bound:.0f}, gap {gap:.2%}, {elapsed:.1f}s"
        )


def _stages(ranks: list[_Rank], limit: int) -> list[list[_Rank]]:
    stages: list[list[_Rank]] = []
    current: list[_Rank] = []
    product = 1
    for r in ranks:
        size = r.span + 1
        # A rank that cannot vary (a term that is 0 on this day, such as stability on a first
        # proposal) joins the current stage: it changes no multiplier and starts no stage.
        if current and size > 1 and product * size > limit:
            stages.append(current)
            current, product = [], 1
        current.append(r)
        product *= size
    if current:
        stages.append(current)
    return stages


def _multipliers(stage: list[_Rank]) -> list[int]:
    mult = [1] * len(stage)
    for i in range(len(stage) - 2, -1, -1):
        mult[i] = mult[i + 1] * (stage[i + 1].span + 1)
    return mult


_TRIMMED_PRESOLVE: dict[str, int] = {
    "symmetry_level": 0,
    "cp_model_probing_level": 0,
    "max_presolve_iterations": 3,
    "linearization_level": 2,
}
"""Presolve trimmed (each stage is small and starts from a complete hint), with three presolve
rounds and the full linear relaxation: the spread stage is the long one, and its LP bound is
what proves it. The parameters change no answer, only the time to prove it; their measured
effect is in benchmarks/RESULTS.md (``python benchmarks/bench_daily.py``)."""


def _at_floor(stage: list[_Rank], assignment: Assignment, floors: dict[str, int]) -> bool:
    """Whether ``assignment`` puts every rank of the stage at the sum of its terms' floors
    (``floors`` by name, else the bottom of the term's range): a value no allocation can beat
    (floors.py)."""
    return all(
        sum(m.weight * m.term.value(assignment) for m in r.members)
        == sum(m.weight * floors.get(m.name, m.lo) for m in r.members)
        for r in stage
    )


def _build(
    dm: DayModel, day: Day, elig: Eligibility, ranks: list[_Rank], built: list[BuiltTerm]
) -> None:
    """Put the terms of ``ranks`` not yet in the model into it, appending them to ``built``.

    A stage's terms are built just before the stage: the earlier stages' presolve and linear
    relaxation then never see the later terms' variables and constraints (fair flow's and
    cohort mix's excess items, the lowest utilisation), which bound nothing the earlier
    stages read, so every stage keeps the same optimum (benchmarks/RESULTS.md)."""
    for r in ranks:
        for m in r.members:
            if m.built is None:
                m.built = build_term(dm, day, elig, m.spec)
                assert (m.built.lo, m.built.hi) == (m.lo, m.hi), f"range of {m.name}"
                built.append(m.built)


def _stage_value(stage: list[_Rank], mult: list[int], assignment: Assignment) -> int:
    """The stage's weighted objective for ``assignment``, as the solver counts it."""
    return sum(
        k * sum(m.value(assignment) for m in r.members) for k, r in zip(mult, stage, strict=True)
    )


def _led_by_balance(stage: list[_Rank]) -> bool:
    """Whether the stage's first term is not linear in the pairs (the spread, a highest
    utilisation, an excess or a deviation): such a stage starts far from its optimum (the
    previous stage's solution knows nothing of it), so its start is polished first, and its
    proof rests on the linear relaxation that CP-SAT's presolve tightens. A stage led by a
    linear term (cases left out, continuity) starts from a complete hint and is searched in a
    few hundredths of a deterministic second: presolving its 5,000-variable model cost two to
    four times that (benchmarks/RESULTS.md), so it is solved without presolve."""
    return not isinstance(stage[0].members[0].spec, LinearSpec)


def _polished(
    day: Day,
    elig: Eligibility,
    limits: list[Limit],
    before: list[list[_Rank]],
    stage: list[_Rank],
    mult: list[int],
    assignment: Assignment,
) -> Assignment:
    """The stage's start improved by ``polish`` within the earlier stages' proven values,
    checked against the built terms: every earlier stage's value unchanged and this stage's no
    worse, else the start as it was (the polish reads the same specs, so that would be a bug)."""
    polished = polish(
        day,
        elig,
        limits,
        assignment,
        [[(m.weight, m.spec) for m in r.members] for s in before for r in s],
        [[(m.weight, m.spec) for m in r.members] for r in stage],
    )
    same_before = all(
        _stage_value(s, _multipliers(s), polished) == _stage_value(s, _multipliers(s), assignment)
        for s in before
    )
    if same_before and _stage_value(stage, mult, polished) <= _stage_value(stage, mult, assignment):
        return polished
    return assignment


WORK_PER_SECOND = 0.5
"""Deterministic seconds of CP-SAT's budget per second of ``time_limit_s``. CP-SAT counts its
work in deterministic seconds, the same on any machine and at any load; one has cost 1.5-2.5
CPU seconds of a search that spends it on this machine (benchmarks/RESULTS.md), so a solve that
spends its whole budget takes about ``time_limit_s`` CPU seconds on a quiet machine, as the
setting has always said. The daily days spend 0.4-1.1 of their 5."""

CLOCK_GUARD = 3.0
"""The wall clock ends a solve's stages only at this many times ``time_limit_s``, counted from
the first stage: six wall seconds per deterministic second of budget, which a search gets even
at load 8-11 on this 2-core machine, so the budget or the proof ends it first and the answer is
the same whatever the load. When the clock does end one, the parameters say
``stopped_by_clock``: the one case in which the proposal may depend on the machine."""


def _parameters(settings: SolveSettings) -> dict[str, str | int | float | bool]:
    return {
        **_TRIMMED_PRESOLVE,
        "presolve_linear_led_stages": False,
        "num_workers": settings.workers,
        "random_seed": settings.seed,
        "max_deterministic_time": WORK_PER_SECOND * settings.time_limit_s,
        "max_time_in_seconds": CLOCK_GUARD * settings.time_limit_s,
    }


def _x_indices(dm: DayModel) -> list[int]:
    """The pair variables' indices in the model, in ``dm.x``'s order (read once per model)."""
    key = "x_indices"
    if key not in dm.indices:
        dm.indices[key] = [v.index for v in dm.x.values()]
    return dm.indices[key]


def _solution(dm: DayModel, solver: cp_model.CpSolver) -> Assignment:
    """The allocation in the solver's solution, read off the response's values in one list."""
    values = list(solver.response_proto.solution)
    return {cid: pid for (cid, pid), i in zip(dm.x, _x_indices(dm), strict=True) if values[i]}


def _set_hint(dm: DayModel, built: list[BuiltTerm], assignment: Assignment) -> None:
    """The complete hint, written to the model's hint in bulk: the same variables and values,
    in the same order, as one ``add_hint`` per variable (every variable here is positive)."""
    dm.model.clear_hints()
    variables = _x_indices(dm) + [a.index for a in dm.allocated.values()]
    values = [int(assignment.get(cid) == pid) for cid, pid in dm.x]
    values += [int(cid in assignment) for cid in dm.allocated]
    aux: dict[int, int] = {}
    for b in built:
        for var, value in b.hint(assignment):
            aux[var.index] = value  # terms may share an auxiliary (max and spread share the top)
    variables += aux
    values += aux.values()
    hint = dm.model.model_proto.solution_hint
    hint.vars.extend(variables)
    hint.values.extend(values)


def solve_day(
    day: Day,
    elig: Eligibility,
    limits: list[Limit],
    terms: list[tuple[int, int, Objective]],
    start: Assignment,
    settings: SolveSettings,
) -> SolveOutcome:
    """Minimise the ranked terms lexicographically, starting from the complete assignment ``start``.

    The stages share one work budget, ``WORK_PER_SECOND * settings.time_limit_s`` deterministic
    seconds (CP-SAT's count of work done): each stage may use what the stages before it left,
    so the same input always gets the same budget per stage and the same answer. A wall clock
    at ``CLOCK_GUARD * settings.time_limit_s`` is the outer safety net; a stage it cuts short
    leaves the status FEASIBLE and the parameters say ``stopped_by_clock``.
    """
    started = time.perf_counter()
    dm = build_model(day, elig, limits)
    ranks: dict[int, _Rank] = {}
    members: list[tuple[int, _Member]] = []
    specs = {objective.name: objective.spec(day, elig) for _, _, objective in terms}
    for rank, weight, objective in terms:
        spec = specs[objective.name]
        m = _Member(weight, objective.name, spec, *term_range(day, elig, spec))
        members.append((rank, m))
        ranks.setdefault(rank, _Rank(rank, [])).members.append(m)
    ordered = [ranks[r] for r in sorted(ranks)]
    if settings.tie_break:
        spec = tie_break_spec(elig)
        tb = _Member(1, TIE_BREAK, spec, *term_range(day, elig, spec))
        ordered.append(_Rank(max(ranks, default=0) + 1, [tb]))
    built: list[BuiltTerm] = []
    stages = _stages(ordered, settings.stage_range_limit)
    params = _parameters(settings)
    assignment = dict(start)
    floors = flow_floors(day, elig, terms, specs, start)
    proven: dict[str, int] = {}
    status = "OPTIMAL"
    inconsistencies: list[str] = []
    at_floor = 0
    work_left = WORK_PER_SECOND * settings.time_limit_s
    by_clock = False
    clock_started = time.perf_counter()
    for k, stage in enumerate(stages, 1):
        clock_left = CLOCK_GUARD * settings.time_limit_s - (time.perf_counter() - clock_started)
        if work_left <= 0 or clock_left <= 0:
            status = "FEASIBLE"
            by_clock = work_left > 0
            break
        mult = _multipliers(stage)
        _build(dm, day, elig, stage, built)
        objective_expr = sum(mu * r.shifted() for mu, r in zip(mult, stage, strict=True))
        if _at_floor(stage, assignment, floors if places_all(elig, assignment) else {}):
            # Every rank of the stage is at its floor already (typically the first stage when
            # the start places every case someone may take, and its highest utilisation is
            # at the flow bound): that is the proof, and the solve is skipped.
            for r in stage:
                for m in r.members:
                    proven[m.name] = m.term.value(assignment)
            dm.model.add(objective_expr <= _stage_value(stage, mult, assignment))
            at_floor += 1
            continue
        balance = _led_by_balance(stage)
        if balance:
            assignment = _polished(day, elig, limits, stages[: k - 1], stage, mult, assignment)
        dm.model.minimize(objective_expr)
        _set_hint(dm, built, assignment)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = settings.workers
        solver.parameters.random_seed = settings.seed
        solver.parameters.max_deterministic_time = work_left
        solver.parameters.max_time_in_seconds = clock_left
        for name, value in _TRIMMED_PRESOLVE.items():
            setattr(solver.parameters, name, value)
        solver.parameters.cp_model_presolve = balance
        code = solver.solve(dm.model, _Progress(settings, started, f"stage {k}/{len(stages)}"))
        spent = solver.response_proto.deterministic_time
        work_left -= spent
        if code not in (cp_model.OPTIMAL, cp_model.INFEASIBLE, cp_model.MODEL_INVALID):
            # Stopped before the end of its search: by the budget when it spent it all, else
            # by the clock (the only limit left).
            by_clock = by_clock or work_left > 0
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            if code == cp_model.MODEL_INVALID:
                raise RuntimeError(f"CP-SAT model invalid at stage {k}: {dm.model.validate()}")
            status = "FEASIBLE" if assignment else "NO_SOLUTION"
            break
        assignment = _solution(dm, solver)
        value = round(solver.objective_value)
        recomputed = _stage_value(stage, mult, assignment)
        if code == cp_model.OPTIMAL and recomputed != value:
            inconsistencies.append(f"stage {k}: solver objective {value}, recomputed {recomputed}")
        lead = stage[0]
        lead_bound = max(0, int(solver.best_objective_bound // mult[0]))
        for r in stage:
            for m in r.members:
                if code == cp_model.OPTIMAL:
                    proven[m.name] = m.term.value(assignment)
                elif r is lead and len(r.members) == 1:
                    proven[m.name] = m.lo + lead_bound
        dm.model.add(objective_expr <= value)
        if code != cp_model.OPTIMAL:
            status = "FEASIBLE"
            break
    params["stages_at_floor"] = at_floor
    if by_clock:  # the only case in which the same input may not give the same proposal
        params["stopped_by_clock"] = True
    _build(dm, day, elig, ordered, built)  # the terms of stages a stop left unsolved
    results = []
    for rank, m in members:
        value = m.term.value(assignment)
        results.append(
            TermResult(m.name, rank, m.weight, value, min(value, proven.get(m.name, m.lo)))
        )
    gap = relative_gap((t.value, t.bound) for t in results)
    return SolveOutcome(
        assignment, status, results, len(stages), gap, params, ortools.__version__, inconsistencies
    )
