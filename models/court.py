"""Court work as the engine sees it: courts, court teams, their rota, and pre-sentence report requests.

A report request rides on a ``Case`` (``Case.report``): one list of things to allocate, one
proposal shape, one decision record and one web service for case-allocation and court SPOs alike
(docs/domain.md, "Court reports"). The facts below are the ones that decide the nine PO-only
categories (seed 003, chapter 2); each is required, so that a missing column never silently
means "no dangerousness assessment".
"""

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from models.enums import Rosh
from models.ids import CourtId, CourtTeamId, PduId, PractitionerId
from models.limits import MAX_COUNT, Label, Name

ReportType = Literal["oral", "fast_delivery", "standard_delivery"]
"""Oral on the day, a written fast delivery report (short format), or a standard delivery report
(SDR, usually after an adjournment)."""

SHORT_FORMAT_TYPES: tuple[ReportType, ...] = ("oral", "fast_delivery")
"""Short-format reports: only a PO, or a PSO trained for them, writes one."""

RiskLevel = Literal["none", "low", "medium", "high", "very_high"]
MentalHealth = Literal[
    "none",
    "diagnosed_with_report",
    "diagnosed_without_report",
    "indicated_without_diagnosis",
]
"""Serious mental health: none; diagnosed with a practitioner's or psychiatric report on the day;
diagnosed without one (PO-only category 3); indicated, with vulnerability, but not diagnosed
(PO-only category 4)."""
ChildSafeguarding = Literal["none", "some", "complex_or_serious"]


class Court(BaseModel):
    """A magistrates' or Crown Court a court team covers."""

    model_config = ConfigDict(extra="forbid")

    id: CourtId = Field(description="Unique court id.")
    name: Name = Field(description="Display name.")
    pdu_id: PduId = Field(description="The PDU whose court team covers it.")


class CourtTeam(BaseModel):
    """A dedicated court team: its SPO, the courts it covers; its staff name it in court_team_id."""

    model_config = ConfigDict(extra="forbid")

    id: CourtTeamId = Field(description="Unique court team id.")
    name: Name = Field(description="Display name.")
    pdu_id: PduId = Field(description="The PDU the team belongs to.")
    spo: Label = Field("", description="The court team's SPO (name or staff id), for the record.")
    court_ids: list[CourtId] = Field(
        default_factory=list, description="The courts the team covers."
    )
    reports_in_period: int = Field(
        0,
        ge=0,
        le=MAX_COUNT,
        description="Reports on the team's courts already allocated within the policy's PO share "
        "period (today's list excluded); with propose --db, raised to what the store records.",
    )
    po_reports_in_period: int = Field(
        0,
        ge=0,
        le=MAX_COUNT,
        description="Of reports_in_period, those written by a PO.",
    )

    @model_validator(mode="after")
    def _po_reports_within_reports(self) -> "CourtTeam":
        if self.po_reports_in_period > self.reports_in_period:
            raise ValueError(
                f"po_reports_in_period ({self.po_reports_in_period}) is more than "
                f"reports_in_period ({self.reports_in_period})"
            )
        return self


class CourtSitting(BaseModel):
    """One day a practitioner is on the rota at one court."""

    model_config = ConfigDict(extra="forbid")

    court_id: CourtId = Field(description="The court.")
    on: date = Field(description="The day on the rota.")
    reports_held: dict[ReportType, Annotated[int, Field(ge=0, le=MAX_COUNT)]] = Field(
        default_factory=dict,
        description="Reports of each type already allocated to them at this sitting (they "
        "count against the policy's daily report limits).",
    )


class ReportFacts(BaseModel):
    """What decides whether only a PO may write the report, and whether it must be an SDR."""

    model_config = ConfigDict(extra="forbid")

    dangerousness_assessment: bool = Field(
        description="A dangerousness assessment is needed (PO-only category 1; SDR required)."
    )
    terrorist_offence: bool = Field(
        description="A terrorist offence, or terrorism connected (PO-only category 2; SDR required)."
    )
    mental_health: MentalHealth = Field(
        description="Serious mental health: none, diagnosed_with_report, diagnosed_without_report "
        "(category 3) or indicated_without_diagnosis (category 4)."
    )
    domestic_abuse_risk: RiskLevel = Field(
        description="Domestic abuse risk: high or very_high is PO-only category 5."
    )
    sexual_offending_risk: RiskLevel = Field(
        description="Sexual offending risk: medium, high or very_high is PO-only category 6."
    )
    child_safeguarding: ChildSafeguarding = Field(
        description="Child safeguarding concerns: complex_or_serious is PO-only category 7."
    )
    serious_organised_crime: bool = Field(description="Serious organised crime (category 8).")
    extra_risk_information_needed: bool = Field(
        description="Extra information is needed to assess the risk of serious harm (category 9)."
    )
    complex_case: bool = Field(
        False, description="Complex or sensitive: may need an SDR; an oral report does not suit it."
    )
    serious_sexual_or_violent: bool = Field(
        False, description="Serious sexual or violent offending: may need an SDR."
    )


class ReportRequest(BaseModel):
    """A court's request for a pre-sentence report on a case (``Case.report``)."""

    model_config = ConfigDict(extra="forbid")

    court_id: CourtId = Field(description="The court that asked.")
    hearing_date: date = Field(description="The hearing the report is for.")
    due_date: date = Field(description="When the report is due (the hearing day for oral).")
    requested_type: ReportType = Field(
        description="oral (on the day), fast_delivery or standard_delivery (SDR)."
    )
    facts: ReportFacts = Field(description="The facts that decide the PO-only categories.")
    indicative_rosh: Rosh | None = Field(
        None, description="Indicative risk of serious harm from the court's first screening."
    )
    known_practitioner_id: PractitionerId | None = Field(
        None, description="The practitioner who already knows the case (supervises it now)."
    )


class CourtPolicy(BaseModel):
    """The court figures a region may set: the PO share target, daily report limits, what
    happens when the case is known. Defaults follow seed 003, chapter 2."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    po_share_target_pct: float = Field(
        35, ge=0, le=100, description="Share of reports written by POs the team aims at."
    )
    po_share_period_days: int = Field(
        28,
        ge=1,
        le=366,
        description="The period over which the PO share is read (reports already allocated in "
        "the store within it count).",
    )
    max_reports_per_day: dict[ReportType, int] = Field(
        default_factory=lambda: {"oral": 6, "fast_delivery": 3, "standard_delivery": 1},
        description="Reports of each type a practitioner takes on one day (an assumption: no "
        "seed gives a figure).",
    )
    known_case: Literal["ask_for_information", "give_report"] = Field(
        "ask_for_information",
        description="When the case is known to a practitioner: ask them for information rather "
        "than give them the report, or prefer to give them the report.",
    )
