"""The property shared by the aggregate-rule tests: the linear limits a rule gives the solver
agree with the rule's own plain-Python violation check."""

from hypothesis import strategies as st

from allocator.problem.day import Assignment, Day
from allocator.rules.base import AggregateRule, Limit


def limit_holds(lim: Limit, assignment: Assignment) -> bool:
    """sum of x_coef over cases assigned to the limit's practitioner + sum of alloc_coef over
    allocated cases <= rhs."""
    lhs = sum(lim.x_coef.get(c, 0) for c, p in assignment.items() if p == lim.practitioner_id)
    lhs += sum(lim.alloc_coef.get(c, 0) for c in assignment)
    return lhs <= lim.rhs


def assignments(pairs: dict[str, list[str]]) -> st.SearchStrategy[Assignment]:
    """Assignments where each case is unallocated or goes to one of its listed practitioners."""
    per_case = {cid: st.sampled_from([None, *pids]) for cid, pids in sorted(pairs.items())}
    return st.fixed_dictionaries(per_case).map(
        lambda d: {c: p for c, p in d.items() if p is not None}
    )


def disagreements(rule: AggregateRule, day: Day, assignment: Assignment) -> list[str]:
    """Practitioners for whom "every limit holds" and "violation_at is None" disagree."""
    out = []
    for p in day.holders():
        linear_ok = all(limit_holds(lim, assignment) for lim in rule.limits(day, p))
        direct_ok = rule.violation_at(day, assignment, p) is None
        if linear_ok != direct_ok:
            out.append(p.id)
    return out
