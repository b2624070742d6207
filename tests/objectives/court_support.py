"""Small court days for the court terms' tests, on the court builders (tests/court_builders.py):
court CRT1 covered by team CT1, whose history of the PO share period each test states."""

from typing import Any

from models import Case, Policy, Practitioner, Scenario
from tests.builders import policy
from tests.court_builders import court_scenario, report, writer

__all__ = ["court_day", "request", "terms_policy", "writer"]


def request(
    cid: str,
    kind: str = "oral",
    due_in_days: int = 0,
    facts: dict[str, Any] | None = None,
    known: str | None = None,
) -> Case:
    """A report request at CRT1, heard today, due ``due_in_days`` after the hearing."""
    return report(cid, kind, due_in_days=due_in_days, known=known, **(facts or {}))


def court_day(
    people: list[Practitioner], cases: list[Case], reports: int = 0, by_po: int = 0, **kw: Any
) -> Scenario:
    """The court scenario with team CT1 having already allocated ``reports`` reports in the
    period, ``by_po`` of them written by POs."""
    s = court_scenario(people, cases, **kw)
    teams = [
        t.model_copy(update={"reports_in_period": reports, "po_reports_in_period": by_po})
        if t.id == "CT1"
        else t
        for t in s.court_teams
    ]
    return s.model_copy(update={"court_teams": teams})


def terms_policy(*names: str, **changes: Any) -> Policy:
    """The default policy ranking only ``names``, in that order: a known answer then depends
    on those terms alone."""
    return policy(
        objectives=[{"name": n, "rank": i} for i, n in enumerate(names, start=1)], **changes
    )
