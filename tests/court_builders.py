"""Court days built in code: courts, a court team, writers on the rota, report requests.

Defaults break no court rule: the writer is a member of the team covering CRT1, on its rota on
the day, and a PSO is trained for short-format reports. Each test states only what it is about.
"""

from datetime import timedelta
from typing import Any

from models import Case, Practitioner, Scenario
from models.court import ReportFacts
from tests.builders import DAY, scenario, staff

NO_CATEGORY: dict[str, Any] = {
    "dangerousness_assessment": False,
    "terrorist_offence": False,
    "mental_health": "none",
    "domestic_abuse_risk": "none",
    "sexual_offending_risk": "none",
    "child_safeguarding": "none",
    "serious_organised_crime": False,
    "extra_risk_information_needed": False,
}
"""Facts that meet no PO-only category."""


def facts(**changes: Any) -> ReportFacts:
    """Report facts meeting no PO-only category, with ``changes`` applied."""
    return ReportFacts.model_validate({**NO_CATEGORY, **changes})


def report(
    cid: str,
    kind: str = "oral",
    court: str = "CRT1",
    pdu: str = "PDU1",
    due_in_days: int = 0,
    indicative_rosh: str | None = None,
    known: str | None = None,
    **fact_changes: Any,
) -> Case:
    """A report request heard today at ``court`` (due ``due_in_days`` after the hearing);
    ``fact_changes`` set ReportFacts fields."""
    return Case.model_validate(
        {
            "id": cid,
            "pdu_id": pdu,
            "report": {
                "court_id": court,
                "hearing_date": DAY.isoformat(),
                "due_date": (DAY + timedelta(days=due_in_days)).isoformat(),
                "requested_type": kind,
                "facts": facts(**fact_changes).model_dump(mode="json"),
                "indicative_rosh": indicative_rosh,
                "known_practitioner_id": known,
            },
        }
    )


def writer(
    pid: str,
    grade: str = "PO",
    courts: tuple[str, ...] = ("CRT1",),
    trained: bool | None = None,
    team: str | None = "CT1",
    **kw: Any,
) -> Practitioner:
    """A court-team member on the rota today at ``courts`` (or the ``court_rota`` given); a
    PSO is short-format trained unless ``trained`` says otherwise."""
    kw.setdefault("court_rota", [{"court_id": c, "on": DAY.isoformat()} for c in courts])
    return staff(
        pid,
        grade,
        court_team_id=team,
        short_format_trained=(grade == "PSO") if trained is None else trained,
        **kw,
    )


def court_scenario(practitioners: list[Practitioner], cases: list[Case], **kw: Any) -> Scenario:
    """PDU1 with courts CRT1 and CRT2, team CT1 covering CRT1 and team CT2 covering CRT2."""
    return scenario(
        practitioners,
        cases,
        courts=[
            {"id": "CRT1", "name": "Synthetic Magistrates 1", "pdu_id": "PDU1"},
            {"id": "CRT2", "name": "Synthetic Crown 2", "pdu_id": "PDU1"},
        ],
        court_teams=[
            {
                "id": "CT1",
                "name": "Synthetic court team 1",
                "pdu_id": "PDU1",
                "court_ids": ["CRT1"],
            },
            {
                "id": "CT2",
                "name": "Synthetic court team 2",
                "pdu_id": "PDU1",
                "court_ids": ["CRT2"],
            },
        ],
        **kw,
    )
