"""Build the CP-SAT model: one boolean per eligible pair, the limits, and every term's expression.

Each term also gets its range [lo, hi] (so that lexicographic weights can be exact) and a
function that computes the values of its auxiliary variables from an assignment (so that the
hint is complete: a hint that leaves out the objective's auxiliaries is not used at all,
benchmarks/RESULTS.md).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from allocator.objectives.base import (
    DeviationItem,
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
from allocator.rules.capacity import allowed_points
from allocator.rules.eligibility import Eligibility

HintFn = Callable[[Assignment], list[tuple[cp_model.IntVar, int]]]


@dataclass
class BuiltTerm:
    """A term's expression in the model, its range, its auxiliaries' values, and its value.

    ``value`` reads the term off an assignment with the auxiliaries at their tightest, the value
    the solver reaches when the term is in the objective.
    """

    expr: cp_model.LinearExprT
    lo: int
    hi: int
    hint: HintFn
    value: Callable[[Assignment], int]


@dataclass
class DayModel:
    """The model with its decision variables."""

    model: cp_model.CpModel
    x: dict[tuple[str, str], cp_model.IntVar]
    allocated: dict[str, cp_model.IntVar]
    load: dict[str, cp_model.LinearExprT]
    cache: dict[str, cp_model.IntVar] = field(default_factory=dict)
    indices: dict[str, list[int]] = field(default_factory=dict)
    """Variable indices read once per model (``solve._x_indices``)."""


def build_model(day: Day, elig: Eligibility, limits: list[Limit]) -> DayModel:
    """Variables for eligible pairs, at most one practitioner per case, and every limit.

    Sums are built with ``LinearExpr.weighted_sum`` over lists, not Python's ``sum`` of
    products: the same constraints, term for term, at a fifth of the cost."""
    model = cp_model.CpModel()
    x: dict[tuple[str, str], cp_model.IntVar] = {}
    allocated: dict[str, cp_model.IntVar] = {}
    for c in day.cases:
        pairs = []
        for pid in elig.candidates[c.id]:
            v = model.new_bool_var(f"x[{c.id},{pid}]")
            x[(c.id, pid)] = v
            pairs.append(v)
        a = model.new_bool_var(f"a[{c.id}]")
        model.add(a == cp_model.LinearExpr.sum(pairs))
        allocated[c.id] = a
    incoming_cids: dict[str, list[str]] = {}
    for cid, pid in x:
        incoming_cids.setdefault(pid, []).append(cid)
    for lim in limits:
        pid = lim.practitioner_id
        variables, coefs = [], []
        for cid in incoming_cids.get(pid, []):
            if coef := lim.x_coef.get(cid, 0):
                variables.append(x[(cid, pid)])
                coefs.append(coef)
        for cid, coef in lim.alloc_coef.items():
            variables.append(allocated[cid])
            coefs.append(coef)
        if variables:
            model.add(cp_model.LinearExpr.weighted_sum(variables, coefs) <= lim.rhs)
    load: dict[str, cp_model.LinearExprT] = {}
    for p in day.holders():
        cids = incoming_cids.get(p.id, [])
        held = day.listed_held.get(p.id, [])
        variables = [x[(cid, p.id)] for cid in cids] + [allocated[cid] for cid in held]
        coefs = [day.points[cid] for cid in cids] + [-day.held_points[cid] for cid in held]
        load[p.id] = day.load_before[p.id] + cp_model.LinearExpr.weighted_sum(variables, coefs)
    return DayModel(model, x, allocated, load)


def _linear_range(spec: LinearSpec, elig: Eligibility) -> tuple[int, int]:
    lo = hi = spec.constant
    for cid, cands in elig.candidates.items():
        options = [spec.pair.get((cid, pid), 0) for pid in cands] + [spec.unallocated.get(cid, 0)]
        if not cands:
            options = [spec.unallocated.get(cid, 0)]
        lo += min(options)
        hi += max(options)
    return lo, hi


def _linear(dm: DayModel, spec: LinearSpec, elig: Eligibility) -> BuiltTerm:
    variables = [dm.x[pair] for pair in spec.pair] + [dm.allocated[c] for c in spec.unallocated]
    coefs = list(spec.pair.values()) + [-cost for cost in spec.unallocated.values()]
    constant = spec.constant + sum(spec.unallocated.values())
    expr = constant + cp_model.LinearExpr.weighted_sum(variables, coefs)
    lo, hi = _linear_range(spec, elig)

    def value(assignment: Assignment) -> int:
        total = spec.constant + sum(spec.pair.get((cid, pid), 0) for cid, pid in assignment.items())
        return total + sum(cost for cid, cost in spec.unallocated.items() if cid not in assignment)

    return BuiltTerm(expr, lo, hi, lambda assignment: [], value)


def _utilisation_hi(day: Day, scope: tuple[str, ...]) -> int:
    """The highest per-mille utilisation the limits allow anyone in ``scope``."""
    return max(
        (permille_up(allowed_points(day, p), day.available[p]) for p in scope),
        default=0,
    )


def _utilisation_var(
    dm: DayModel, day: Day, kind: str, scope: tuple[str, ...]
) -> tuple[cp_model.IntVar, int]:
    """The highest (kind 'max') or lowest ('min') per-mille utilisation over scope, built once."""
    hi = _utilisation_hi(day, scope)
    key = f"{kind}_util"
    if key not in dm.cache:
        var = dm.model.new_int_var(0, hi, key)
        for p in scope:
            if day.available[p] <= 0:
                # The terms read no available points as 0% (permille_up and permille_down,
                # as the WMT shows it): nothing for the highest, 0 for the lowest.
                if kind == "min":
                    dm.model.add(var <= 0)
            elif kind == "max":
                dm.model.add(day.available[p] * var >= 1000 * dm.load[p])
            else:
                dm.model.add(day.available[p] * var <= 1000 * dm.load[p])
        dm.cache[key] = var
    return dm.cache[key], hi


def _utilisation(dm: DayModel, day: Day, spec: UtilisationSpec) -> BuiltTerm:
    top, hi = _utilisation_var(dm, day, "max", spec.scope)

    def hint_max(assignment: Assignment) -> list[tuple[cp_model.IntVar, int]]:
        after = day.load_after(assignment)
        return [
            (top, max((permille_up(after[p], day.available[p]) for p in spec.scope), default=0))
        ]

    if spec.kind == "max":
        return BuiltTerm(top, 0, hi, hint_max, lambda a: hint_max(a)[0][1])
    if spec.kind == "excess":
        over_hi = max(0, hi - spec.target)
        excess = dm.model.new_int_var(0, over_hi, "excess_util")
        dm.model.add(excess >= top - spec.target)

        def hint_excess(assignment: Assignment) -> list[tuple[cp_model.IntVar, int]]:
            (var, top_value) = hint_max(assignment)[0]
            return [(var, top_value), (excess, max(0, top_value - spec.target))]

        return BuiltTerm(excess, 0, over_hi, hint_excess, lambda a: hint_excess(a)[1][1])
    bottom, _ = _utilisation_var(dm, day, "min", spec.scope)

    def hint_spread(assignment: Assignment) -> list[tuple[cp_model.IntVar, int]]:
        after = day.load_after(assignment)
        low = min((permille_down(after[p], day.available[p]) for p in spec.scope), default=0)
        return [*hint_max(assignment), (bottom, low)]

    def spread_value(assignment: Assignment) -> int:
        (_, top_value), (_, low_value) = hint_spread(assignment)
        return top_value - low_value

    return BuiltTerm(top - bottom, 0, hi, hint_spread, spread_value)


_CountKey = tuple[str, tuple[str, ...], tuple[str, ...]]
"""An excess item's count: practitioner, cases arriving, cases leaving."""


def _excess(dm: DayModel, day: Day, spec: ExcessSpec) -> BuiltTerm:
    """Each item's excess as a variable at least its count over its limit. Items that count
    the same cases for the same practitioner (fair_flow's levels and its day and week counts,
    ten per practitioner) read one count variable, stated once as an equality: otherwise each
    of their constraints sums the same sixty-odd pair variables again, and the third stage
    spends a third more time on them for the same values and bounds (benchmarks/RESULTS.md)."""
    keys: list[_CountKey] = [(i.practitioner_id, i.arriving, i.leaving) for i in spec.items]
    counts: dict[_CountKey, int] = {}
    for key in keys:
        counts[key] = counts.get(key, 0) + 1
    count_vars: dict[_CountKey, cp_model.IntVar] = {}
    variables = []
    hi_total = 0
    for i, item in enumerate(spec.items):
        hi = max(0, item.base + len(item.arriving) - item.limit)
        e = dm.model.new_int_var(0, hi, f"excess[{item.practitioner_id},{i}]")
        key = keys[i]
        if counts[key] > 1 and key in count_vars:
            dm.model.add(e >= item.base + count_vars[key] - item.limit)
        else:
            arriving = cp_model.LinearExpr.sum(
                [dm.x[(cid, item.practitioner_id)] for cid in item.arriving]
            )
            leaving = cp_model.LinearExpr.sum([dm.allocated[cid] for cid in item.leaving])
            if counts[key] > 1:
                n = dm.model.new_int_var(
                    -len(item.leaving), len(item.arriving), f"count[{item.practitioner_id},{i}]"
                )
                dm.model.add(n == arriving - leaving)
                count_vars[key] = n
                dm.model.add(e >= item.base + n - item.limit)
            else:
                dm.model.add(e >= item.base - leaving + arriving - item.limit)
        variables.append((e, item))
        hi_total += hi

    def changes(assignment: Assignment) -> dict[_CountKey, int]:
        """Per count (practitioner, arriving, leaving): cases arriving less cases leaving,
        each count read once however many items share it."""
        out = {}
        for key in counts:
            pid, arriving, leaving = key
            n = sum(1 for c in arriving if assignment.get(c) == pid)
            out[key] = n - sum(1 for c in leaving if c in assignment)
        return out

    def hint(assignment: Assignment) -> list[tuple[cp_model.IntVar, int]]:
        change = changes(assignment)
        out = [(n, change[key]) for key, n in count_vars.items()]
        for (e, item), key in zip(variables, keys, strict=True):
            out.append((e, max(0, item.base + change[key] - item.limit)))
        return out

    def value(assignment: Assignment) -> int:
        change = changes(assignment)
        return sum(
            max(0, item.base + change[key] - item.limit)
            for (_, item), key in zip(variables, keys, strict=True)
        )

    return BuiltTerm(cp_model.LinearExpr.sum([e for e, _ in variables]), 0, hi_total, hint, value)


def _deviation_top(item: DeviationItem, elig: Eligibility) -> int:
    """The largest |expression| of ``item`` over every allocation the eligibility allows."""
    lo = hi = item.constant
    for cid, cands in elig.candidates.items():
        options = [0] + [item.pair.get((cid, pid), 0) for pid in cands]
        lo += min(options)
        hi += max(options)
    return max(abs(lo), abs(hi))


def _deviation(dm: DayModel, elig: Eligibility, spec: DeviationSpec) -> BuiltTerm:
    """Each item's |expression| as an integer variable at least the expression and at least its
    negation: minimised within its stage it equals the absolute value, and later stages keep it
    there (the stage's value is fixed), as the excess terms' variables are kept.

    Only the two linear sides are stated, not CP-SAT's absolute-value equality: the equality
    adds an upper side the linear relaxation cannot use, and on a generated region court day
    the PO share stage was then left unproven where the two sides prove it (benchmarks/
    RESULTS.md, court section). The hint and ``value`` read the exact absolute value."""
    variables = []
    hi_total = 0
    for i, item in enumerate(spec.items):
        top = _deviation_top(item, elig)
        d = dm.model.new_int_var(0, top, f"deviation[{i}]")
        expr = item.constant + cp_model.LinearExpr.weighted_sum(
            [dm.x[pair] for pair in item.pair], list(item.pair.values())
        )
        dm.model.add(d >= expr)
        dm.model.add(d >= -expr)
        variables.append((d, item))
        hi_total += top

    def hint(assignment: Assignment) -> list[tuple[cp_model.IntVar, int]]:
        return [(d, item.value(assignment)) for d, item in variables]

    return BuiltTerm(
        cp_model.LinearExpr.sum([d for d, _ in variables]),
        0,
        hi_total,
        hint,
        lambda a: sum(v for _, v in hint(a)),
    )


def term_range(day: Day, elig: Eligibility, spec: TermSpec) -> tuple[int, int]:
    """The range [lo, hi] of the term ``build_term`` builds from ``spec``, without building it:
    the stages are planned from the ranges before any term's constraints are in the model."""
    if isinstance(spec, LinearSpec):
        return _linear_range(spec, elig)
    if isinstance(spec, UtilisationSpec):
        hi = _utilisation_hi(day, spec.scope)
        return (0, max(0, hi - spec.target)) if spec.kind == "excess" else (0, hi)
    if isinstance(spec, DeviationSpec):
        return 0, sum(_deviation_top(item, elig) for item in spec.items)
    return 0, sum(max(0, i.base + len(i.arriving) - i.limit) for i in spec.items)


def build_term(dm: DayModel, day: Day, elig: Eligibility, spec: TermSpec) -> BuiltTerm:
    """The expression of one term in the model."""
    if isinstance(spec, LinearSpec):
        return _linear(dm, spec, elig)
    if isinstance(spec, UtilisationSpec):
        return _utilisation(dm, day, spec)
    if isinstance(spec, DeviationSpec):
        return _deviation(dm, elig, spec)
    return _excess(dm, day, spec)


def tie_break_spec(elig: Eligibility) -> LinearSpec:
    """Prefer the lowest practitioner id among equals, so the optimum is a stable choice."""
    return LinearSpec(
        pair={
            (cid, pid): i
            for cid, pids in elig.candidates.items()
            for i, pid in enumerate(pids)
            if i
        }
    )
