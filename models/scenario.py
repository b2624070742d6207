"""One run's input: the day, the units, the staff and their caseloads, the cases, the policy.

The scenario-level validator checks every id is unique and every reference resolves, and names
the offending path, so that an SPO's export error is found before any solving starts.
"""

import datetime as dt
from collections import Counter
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from models.case import Case
from models.court import Court, CourtTeam
from models.ids import CaseId, PractitionerId
from models.limits import Label
from models.policy import Policy
from models.staff import Holding, Office, Pdu, Pod, Practitioner


class PreviousVersion(BaseModel):
    """The version of the day a re-solve starts from: the lines on it that nobody decided.

    It is part of the input, so the ``stability`` term (an undecided line that goes to another
    practitioner, or is left unallocated, costs 1) and the independent checker read the same
    lines from the scenario alone, without the store. Decided lines are not here: approvals and
    overrides are pinned, and a rejection is data on its case.
    """

    model_config = ConfigDict(extra="forbid")

    proposal_id: Label = Field("", description="The id of the previous version, for the record.")
    lines: dict[CaseId, PractitionerId] = Field(
        description="Each undecided line of the previous version: case id -> the practitioner "
        "it proposed."
    )


class Scenario(BaseModel):
    """The input of one proposal run. Run settings (time limit, seed) are not part of it."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    schema_version: Literal["1"] = Field("1", description="Version of this input format.")
    name: Label = Field("", description="A label for the scenario.")
    date: dt.date = Field(
        description="The allocation date: absences and NQO periods are read on it."
    )
    pdus: list[Pdu] = Field(min_length=1, description="The PDUs in scope.")
    pods: list[Pod] = Field(min_length=1, description="The PODs in scope.")
    offices: list[Office] = Field(default_factory=list, description="The offices staff work from.")
    practitioners: list[Practitioner] = Field(description="The staff of the PODs.")
    holdings: list[Holding] = Field(default_factory=list, description="The existing caseload.")
    cases: list[Case] = Field(
        description="The cases to allocate today; on a court day, the report requests (each a "
        "case with ``report``)."
    )
    courts: list[Court] = Field(default_factory=list, description="The courts in scope.")
    court_teams: list[CourtTeam] = Field(
        default_factory=list, description="The court teams and the courts they cover."
    )
    policy: Policy | None = Field(
        None, description="The policy; the engine's default policy when absent."
    )
    reallocate_leavers: bool = Field(
        False,
        description="Put the held cases of practitioners who have left on the day's list "
        "(reason 'officer left'), as ``propose --reallocate-leavers`` does.",
    )
    previous_version: PreviousVersion | None = Field(
        None,
        description="On a re-solve, the previous version's undecided lines, kept where they "
        "were unless a decision forces a move (the ``stability`` term). Absent on a first "
        "proposal, and then left out of the scenario's JSON, so a first proposal's input is "
        "written and digested as before.",
        exclude_if=lambda v: v is None,
    )

    @model_validator(mode="after")
    def _references_resolve(self) -> "Scenario":
        problems = reference_problems(self)
        if problems:
            raise ValueError("; ".join(problems))
        return self


def _duplicates(kind: str, ids: list[str]) -> list[str]:
    counts = Counter(ids)
    return [f"{kind}: duplicate id '{i}'" for i in sorted(k for k, n in counts.items() if n > 1)]


def reference_problems(s: Scenario) -> list[str]:
    """Every duplicate id and dangling reference in ``s``, each naming its path."""
    problems: list[str] = []
    problems += _duplicates("pdus", [p.id for p in s.pdus])
    problems += _duplicates("pods", [p.id for p in s.pods])
    problems += _duplicates("offices", [o.id for o in s.offices])
    problems += _duplicates("practitioners", [p.id for p in s.practitioners])
    problems += _duplicates("cases", [c.id for c in s.cases])
    problems += _duplicates("holdings", [h.case_id for h in s.holdings])
    problems += _duplicates("courts", [c.id for c in s.courts])
    problems += _duplicates("court_teams", [t.id for t in s.court_teams])
    pdus = {p.id for p in s.pdus}
    pods = {p.id for p in s.pods}
    courts = {c.id for c in s.courts}
    teams = {t.id for t in s.court_teams}
    for i, court in enumerate(s.courts):
        if court.pdu_id not in pdus:
            problems.append(f"courts[{i}].pdu_id: unknown PDU '{court.pdu_id}'")
    for i, team in enumerate(s.court_teams):
        if team.pdu_id not in pdus:
            problems.append(f"court_teams[{i}].pdu_id: unknown PDU '{team.pdu_id}'")
        for j, ref in enumerate(team.court_ids):
            if ref not in courts:
                problems.append(f"court_teams[{i}].court_ids[{j}]: unknown court '{ref}'")
    offices = {o.id for o in s.offices}
    staff = {p.id for p in s.practitioners}
    for i, pod in enumerate(s.pods):
        if pod.pdu_id not in pdus:
            problems.append(f"pods[{i}].pdu_id: unknown PDU '{pod.pdu_id}'")
    for i, p in enumerate(s.practitioners):
        if p.pod_id not in pods:
            problems.append(f"practitioners[{i}].pod_id: unknown POD '{p.pod_id}'")
        if p.office_id is not None and p.office_id not in offices:
            problems.append(f"practitioners[{i}].office_id: unknown office '{p.office_id}'")
        if p.court_team_id is not None and p.court_team_id not in teams:
            problems.append(
                f"practitioners[{i}].court_team_id: unknown court team '{p.court_team_id}'"
            )
        for j, sitting in enumerate(p.court_rota):
            if sitting.court_id not in courts:
                problems.append(
                    f"practitioners[{i}].court_rota[{j}].court_id: unknown court '{sitting.court_id}'"
                )
    for i, h in enumerate(s.holdings):
        if h.practitioner_id not in staff:
            problems.append(
                f"holdings[{i}].practitioner_id: unknown practitioner '{h.practitioner_id}'"
            )
        for j, contact in enumerate(h.contacts_by_others):
            if contact.practitioner_id not in staff:
                problems.append(
                    f"holdings[{i}].contacts_by_others[{j}].practitioner_id: unknown practitioner "
                    f"'{contact.practitioner_id}'"
                )
    held = {h.case_id: h.practitioner_id for h in s.holdings}
    if s.previous_version is not None:
        listed = {c.id for c in s.cases} | held.keys()  # a leaver's held case can be a line
        for cid, pid in sorted(s.previous_version.lines.items()):
            if cid not in listed:
                problems.append(f"previous_version.lines.{cid}: unknown case '{cid}'")
            if pid not in staff:
                problems.append(f"previous_version.lines.{cid}: unknown practitioner '{pid}'")
    for i, c in enumerate(s.cases):
        where = f"cases[{i}]"
        if c.pdu_id not in pdus:
            problems.append(f"{where}.pdu_id: unknown PDU '{c.pdu_id}'")
        if c.pod_id is not None and c.pod_id not in pods:
            problems.append(f"{where}.pod_id: unknown POD '{c.pod_id}'")
        for field in ("current_practitioner_id", "previous_practitioner_id"):
            ref = getattr(c, field)
            if ref is not None and ref not in staff:
                problems.append(f"{where}.{field}: unknown practitioner '{ref}'")
        for field in ("restricted_to", "excluded_staff", "rejected_practitioners"):
            for j, ref in enumerate(getattr(c, field)):
                if ref not in staff:
                    problems.append(f"{where}.{field}[{j}]: unknown practitioner '{ref}'")
        if c.holding_mismatch(held):
            holder = held.get(c.id)
            problems.append(
                f"{where}.current_practitioner_id: is '{c.current_practitioner_id}' but the holdings "
                + (
                    f"list case '{c.id}' with '{holder}'"
                    if holder
                    else f"do not list case '{c.id}'"
                )
            )
        if c.report is not None:
            if c.report.court_id not in courts:
                problems.append(f"{where}.report.court_id: unknown court '{c.report.court_id}'")
            known = c.report.known_practitioner_id
            if known is not None and known not in staff:
                problems.append(
                    f"{where}.report.known_practitioner_id: unknown practitioner '{known}'"
                )
            if c.report.due_date < c.report.hearing_date:
                problems.append(f"{where}.report.due_date: is before the hearing date")
        elif c.tier is None and c.risk is None:
            problems.append(f"{where}: neither a tier nor risk facts to derive one from")
    return problems
