"""The daily solve's hint is written in bulk (``_set_hint``): the model's hint must be exactly
the one that one ``add_hint`` per variable wrote, so that CP-SAT searches the same way and the
proposal keeps its bytes."""

from allocator.bench.instances import instance
from allocator.io.policy_files import bundled_policy
from allocator.objectives.registry import ranked_objectives
from allocator.problem.day import build_day
from allocator.rules.eligibility import compute_eligibility
from allocator.solve.cpsat.build import build_model, build_term
from allocator.solve.cpsat.solve import _set_hint
from allocator.solve.greedy import active_limits, greedy_assignment


def test_the_bulk_hint_is_the_hint_one_variable_at_a_time() -> None:
    """A generated daily day (100 cases, 80 staff, every term built): the same variables and
    values in the same order, auxiliaries shared by two terms hinted once at their first place."""
    day = build_day(instance("daily", 1), bundled_policy())
    elig = compute_eligibility(day)
    dm = build_model(day, elig, active_limits(day))
    built = [
        build_term(dm, day, elig, o.spec(day, elig)) for _, _, o in ranked_objectives(day.policy)
    ]
    start = greedy_assignment(day, elig, prefer_continuity=True)

    _set_hint(dm, built, start)
    hint = dm.model.model_proto.solution_hint
    bulk = (list(hint.vars), list(hint.values))

    dm.model.clear_hints()
    for (cid, pid), v in dm.x.items():
        dm.model.add_hint(v, int(start.get(cid) == pid))
    for cid, a in dm.allocated.items():
        dm.model.add_hint(a, int(cid in start))
    aux = {}
    for b in built:
        for var, value in b.hint(start):
            aux[var.index] = (var, value)
    for var, value in aux.values():
        dm.model.add_hint(var, value)
    hint = dm.model.model_proto.solution_hint
    one_by_one = (list(hint.vars), list(hint.values))

    assert len(bulk[0]) > len(dm.x)
    assert bulk == one_by_one
