"""The people and the units: Region > PDU > POD, offices, practitioners, and their caseloads."""

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from models.enums import CaseCategory, CaseFlag, CaseType, Grade
from models.ids import CaseId, OfficeId, PduId, PodId, PractitionerId


class Pdu(BaseModel):
    """A Probation Delivery Unit."""

    model_config = ConfigDict(extra="forbid")

    id: PduId = Field(description="Unique PDU id.")
    name: str = Field(min_length=1, description="Display name.")
    region: str = Field("", description="Region the PDU belongs to.")


class Pod(BaseModel):
    """A Probation Operational Delivery team inside a PDU, managed by an SPO."""

    model_config = ConfigDict(extra="forbid")

    id: PodId = Field(description="Unique POD id.")
    name: str = Field(min_length=1, description="Display name.")
    pdu_id: PduId = Field(description="The PDU the POD belongs to.")


class Office(BaseModel):
    """A site staff work from; higher-risk cases need a site assessed as suitable (seed 001)."""

    model_config = ConfigDict(extra="forbid")

    id: OfficeId = Field(description="Unique office id.")
    name: str = Field(min_length=1, description="Display name.")
    suitable_for_high_risk: bool = Field(
        True, description="Assessed as suitable for higher-risk people on probation."
    )


class Absence(BaseModel):
    """A period a practitioner cannot take new cases (leave, sickness, training), inclusive."""

    model_config = ConfigDict(extra="forbid")

    start: date = Field(description="First day of absence.")
    end: date = Field(description="Last day of absence (inclusive).")
    kind: Literal["leave", "sickness", "training", "other"] = Field(
        "leave", description="Kind of absence."
    )

    @model_validator(mode="after")
    def _ordered(self) -> "Absence":
        if self.end < self.start:
            raise ValueError("end is before start")
        return self

    def covers(self, day: date) -> bool:
        """True when ``day`` falls inside the absence."""
        return self.start <= day <= self.end


class DeclaredCharacteristics(BaseModel):
    """Characteristics a practitioner chose to declare. Special-category data: never printed."""

    model_config = ConfigDict(extra="forbid")

    gender: str | None = Field(
        None, max_length=40, description="Declared gender, used only for a stated preference."
    )


class Practitioner(BaseModel):
    """A member of staff in a POD. Only PO, PSO and PQIP grades hold cases."""

    model_config = ConfigDict(extra="forbid")

    id: PractitionerId = Field(description="Unique staff id.")
    name: str = Field(min_length=1, description="Display name.")
    grade: Grade = Field(description="PO, PSO, PQIP, SPO or CA.")
    pod_id: PodId = Field(description="The POD the practitioner belongs to.")
    office_id: OfficeId | None = Field(None, description="The office (site) they work from.")
    contracted_hours: float = Field(37.0, ge=0, le=60, description="Contracted hours per week.")
    reduction_hours: float = Field(
        0.0, ge=0, description="Other hours reductions (trade union facility time, ...)."
    )
    reduction_pct: float = Field(
        0.0,
        ge=0,
        le=100,
        description="Other percentage reductions of hours (maternity 100, PSO learning 20, ...).",
    )
    qualified_on: date | None = Field(
        None,
        description="For a PO: the date they qualified; within the NQO period they are an NQO.",
    )
    pqip_started_on: date | None = Field(
        None,
        description="For a PQIP: the date their programme started (sets their hours reduction).",
    )
    pqip_stage: int | None = Field(
        None, ge=1, le=5, description="For a PQIP: the stage of training reached."
    )
    in_grade_since: date | None = Field(
        None, description="Start in the current grade, for experience matching."
    )
    readiness: list[CaseCategory] = Field(
        default_factory=list,
        description="Case categories the SPO has confirmed them ready for (seed 001).",
    )
    competencies: list[str] = Field(
        default_factory=list,
        description="SPO-confirmed competencies named by the policy's grade rules (for example 'c1', 'sexual_offending_d1').",
    )
    visor_vetted: bool = Field(False, description="ViSOR vetted.")
    visor_trained: bool = Field(False, description="ViSOR trained.")
    absences: list[Absence] = Field(
        default_factory=list, description="Leave, sickness and training periods."
    )
    allocations_today: int = Field(0, ge=0, description="New allocations already received today.")
    allocations_this_week: int = Field(
        0, ge=0, description="New allocations already received this week (including today)."
    )
    other_points: int = Field(
        0, ge=0, description="Workload points held outside the listed holdings (reports, ...)."
    )
    lived_experience: bool = Field(
        False, description="Declared lived experience (used only for POD spread, never printed)."
    )
    declared: DeclaredCharacteristics = Field(
        default_factory=DeclaredCharacteristics,
        description="Voluntarily declared characteristics (never printed).",
    )
    conflicts: list[CaseId] = Field(
        default_factory=list, description="Cases they must not hold (declared conflicts)."
    )

    def absent_on(self, day: date) -> bool:
        """True when an absence covers ``day``."""
        return any(a.covers(day) for a in self.absences)


class Holding(BaseModel):
    """An existing case held by a practitioner: it counts in their workload and cohort mix."""

    model_config = ConfigDict(extra="forbid")

    case_id: CaseId = Field(description="The held case.")
    practitioner_id: PractitionerId = Field(description="Who holds it.")
    tier: str = Field(description="Its tier in the policy's framework.")
    case_type: CaseType = Field(CaseType.COMMUNITY, description="Selects the points column.")
    points: int | None = Field(
        None, ge=0, description="Points override; else from the policy's points table."
    )
    flags: list[CaseFlag] = Field(
        default_factory=list, description="Flags, for cohort mix (special-category data)."
    )
    mappa: bool = Field(False, description="A MAPPA case, for cohort mix.")
    last_moved_on: date | None = Field(
        None,
        description=(
            "When the case last moved from one practitioner to another (seed 001: people on "
            "probation are not moved multiple times; the planner does not move it again within "
            "the policy's repeat_move_window_days). None: not moved, or not known."
        ),
    )
