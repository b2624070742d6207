"""Small court days built in code: one court, one court team, report requests riding on cases.

Until reports are part of the Day (a report has no tier), each request carries tier D2 so
the supervision rules let every writer take it; the terms read only the report.
"""

from datetime import timedelta
from typing import Any

from models import Case, Policy, Practitioner, Scenario
from tests.builders import DAY, case, policy, scenario

COURTS = [{"id": "CT1", "name": "Synthetic Magistrates 1", "pdu_id": "PDU1"}]
COURT_FACTS: dict[str, Any] = {
    "dangerousness_assessment": False,
    "terrorist_offence": False,
    "mental_health": "none",
    "domestic_abuse_risk": "none",
    "sexual_offending_risk": "none",
    "child_safeguarding": "none",
    "serious_organised_crime": False,
    "extra_risk_information_needed": False,
}


def request(
    cid: str,
    kind: str = "oral",
    due_in_days: int = 0,
    facts: dict[str, Any] | None = None,
    known: str | None = None,
) -> Case:
    """A report request at court CT1, heard today, due ``due_in_days`` after the hearing."""
    report = {
        "court_id": "CT1",
        "hearing_date": DAY.isoformat(),
        "due_date": (DAY + timedelta(days=due_in_days)).isoformat(),
        "requested_type": kind,
        "facts": {**COURT_FACTS, **(facts or {})},
        "known_practitioner_id": known,
    }
    return case(cid, "D2", rosh="low", report=report)


def court_day(
    people: list[Practitioner], cases: list[Case], reports: int = 0, by_po: int = 0, **kw: Any
) -> Scenario:
    """PDU1 with court CT1 covered by team TEAM1, which already allocated ``reports`` reports
    in the period, ``by_po`` of them written by POs."""
    team = {
        "id": "TEAM1",
        "name": "Synthetic court team 1",
        "pdu_id": "PDU1",
        "court_ids": ["CT1"],
        "reports_in_period": reports,
        "po_reports_in_period": by_po,
    }
    return scenario(people, cases, courts=COURTS, court_teams=[team], **kw)


def terms_policy(*names: str, **changes: Any) -> Policy:
    """The default policy ranking only ``names``, in that order: a known answer then depends
    on those terms alone."""
    return policy(
        objectives=[{"name": n, "rank": i} for i, n in enumerate(names, start=1)], **changes
    )
