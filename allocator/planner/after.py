"""The caseload after an option, as a scenario: the next plan's base.

Seed 001 asks that people on probation are not moved multiple times and that moves are
recorded. The move list is the record; this is the same record in the form the planner reads
back: the option's structure (its PODs, staff moves, hours and policy) with each moved holding
held by its new practitioner and carrying ``last_moved_on`` = the scenario's date, so that a
plan made from it does not move those cases again within the policy's
``repeat_move_window_days``.
"""

from allocator.planner.rebalance import MoveLine
from models import Policy, Scenario
from models.scenario import reference_problems


def scenario_after(changed: Scenario, policy: Policy, moves: list[MoveLine]) -> Scenario:
    """``changed`` (a structure after its change file) with ``moves`` made and stamped, and
    ``policy`` (the option's) with it. The day's list of new cases is left out, as the planner
    leaves it out: the result is a caseload in a structure, not a day to allocate."""
    to = {m.case_id: m.to_practitioner for m in moves}
    holdings = [
        h
        if h.case_id not in to
        else h.model_copy(update={"practitioner_id": to[h.case_id], "last_moved_on": changed.date})
        for h in changed.holdings
    ]
    after = changed.model_copy(update={"holdings": holdings, "cases": [], "policy": policy})
    problems = reference_problems(after)
    if problems:  # every move is to a practitioner of the structure: a bug if not
        raise RuntimeError("the caseload after the option does not resolve: " + problems[0])
    return after
