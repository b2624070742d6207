"""The CP-SAT encoding of a DeviationSpec (the PO share's shape): minimised alone, it reaches
the smallest absolute deviation any assignment gives, from above and from below the target,
and its value read off an assignment is the absolute value."""

from itertools import product

import pytest
from ortools.sat.python import cp_model

from allocator.objectives.base import DeviationItem, DeviationSpec
from allocator.solve.cpsat.build import build_model, build_term
from tests.builders import case, day_of, scenario, staff


@pytest.mark.parametrize("constant", [-2600, -500, 0, 700, 3000])
def test_minimum_is_the_smallest_absolute_deviation(constant: int) -> None:
    """Three cases, a PO (coefficient 650) and a PSO (-350) for each, every case allocated:
    the solver's minimum equals the brute-force minimum of |constant + sum| over the 8
    choices, and the term's value of the solver's assignment equals that minimum."""
    s = scenario([staff("P1"), staff("S1", "PSO")], [case(c, "D2") for c in ("A", "B", "C")])
    day, elig = day_of(s)
    pair = {(c, p): (650 if p == "P1" else -350) for c in ("A", "B", "C") for p in ("P1", "S1")}
    spec = DeviationSpec((DeviationItem(pair, constant),))
    dm = build_model(day, elig, [])
    for a in dm.allocated.values():
        dm.model.add(a == 1)
    term = build_term(dm, day, elig, spec)
    dm.model.minimize(term.expr)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert solver.solve(dm.model) == cp_model.OPTIMAL
    best = min(
        abs(constant + sum(650 if p == "P1" else -350 for p in choice))
        for choice in product(("P1", "S1"), repeat=3)
    )
    assignment = {cid: pid for (cid, pid), v in dm.x.items() if solver.boolean_value(v)}
    assert round(solver.objective_value) == best == term.value(assignment)
    assert term.lo == 0 <= best <= term.hi
