"""Days, proposals and clocks shared by the store tests."""

import datetime as dt
from functools import cache

from allocator import propose
from allocator.store import Store
from allocator.store.ledger import SavedProposal
from models import Policy, Proposal, Scenario
from tests.builders import case, holding, policy, scenario, staff

T0 = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)


def at(minutes: int) -> dt.datetime:
    """A decision time ``minutes`` after 09:00 UTC on the test day."""
    return T0 + dt.timedelta(minutes=minutes)


def small_day() -> Scenario:
    """Three staff and five cases, each there for a reason.

    C1 (B2) can only go to the PO P1; C2 (C2) is free; C3 has an incomplete DIF (blocked);
    C4 is held by S2 and on the list for a change in tier; C5 is restricted to S1, who is at
    2,300 of 2,393 points (110% ceiling), so S1 takes C5 (60 points) and nothing more.
    """
    return scenario(
        [
            staff("P1", other_points=1000),
            staff("S1", "PSO", other_points=2300),
            staff("S2", "PSO", pod="POD2"),
        ],
        [
            case("C1", "B2", rosh="medium"),
            case("C2", "C2", pod_id="POD1"),
            case("C3", "D2", dif_complete=False),
            case("C4", "D2", current_practitioner_id="S2", reason="change_in_tier"),
            case("C5", "D2", restricted_to=["S1"], points=60),
        ],
        [holding("H1", "S2", "D2"), holding("C4", "S2", "D2")],
        name="store-small",
    )


def wide_day(n_cases: int = 48) -> Scenario:
    """Eight PSOs and ``n_cases`` D2 cases, all allocated: enough lines for two deciders."""
    return scenario(
        [staff(f"S{i}", "PSO", pod="POD1" if i < 4 else "POD2") for i in range(8)],
        [case(f"C{i:02d}", "D2") for i in range(n_cases)],
        name="store-wide",
    )


@cache
def proposal_for(name: str) -> tuple[Scenario, Policy, Proposal]:
    """The day's scenario, policy and proposal, solved once per test run."""
    s = {"small": small_day, "wide": wide_day}[name]()
    p = policy()
    return s, p, propose(s, p)


def save(store: Store, name: str = "small", minutes: int = 0) -> SavedProposal:
    """Save the named day's proposal in ``store``."""
    s, p, prop = proposal_for(name)
    return store.save_proposal(prop, s, p, at(minutes))
