"""The people and the units: Region > PDU > POD, offices, practitioners, and their caseloads."""

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from models.court import CourtSitting
from models.enums import CaseCategory, CaseFlag, CaseType, Grade, Rosh
from models.ids import CaseId, CourtTeamId, OfficeId, PduId, PodId, PractitionerId
from models.limits import MAX_COUNT, MAX_POINTS, Label, Name, Term


class Pdu(BaseModel):
    """A Probation Delivery Unit."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    id: PduId = Field(description="Unique PDU id.")
    name: Name = Field(description="Display name.")
    region: Label = Field("", description="Region the PDU belongs to.")


class Pod(BaseModel):
    """A Probation Operational Delivery team inside a PDU, managed by an SPO."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    id: PodId = Field(description="Unique POD id.")
    name: Name = Field(description="Display name.")
    pdu_id: PduId = Field(description="The PDU the POD belongs to.")


class Office(BaseModel):
    """A site staff work from; higher-risk cases need a site assessed as suitable (seed 001)."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    id: OfficeId = Field(description="Unique office id.")
    name: Name = Field(description="Display name.")
    suitable_for_high_risk: bool = Field(
        True, description="Assessed as suitable for higher-risk people on probation."
    )
    transferred_site: bool = Field(
        False,
        description="A transferred (former CRC) site: no ViSOR access is sanctioned from it (seed 001).",
    )


class Absence(BaseModel):
    """A period a practitioner cannot take new cases (leave, sickness, training), inclusive."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

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


ReductionStatus = Literal["active", "scheduled", "archived", "deleted"]


class Reduction(BaseModel):
    """A dated reduction of a practitioner's hours, as the Workload Measurement Tool records it.

    The reason is a key of the policy's ``workload.reduction_reasons``: the reason gives a
    percentage of contracted hours (PQiP, NQO, maternity ...), a maximum (trade union facility
    time up to 50%) or nothing (hours entered). ``hours`` or ``pct`` entered here override the
    reason's percentage and are capped by its maximum. Only a reduction in effect on the day
    (start <= day <= end) and not archived or deleted counts (docs/domain.md, "Workload as the live
    service computes it, in detail").
    """

    model_config = ConfigDict(extra="forbid")

    reason: str = Field(
        min_length=1,
        max_length=60,
        description="Reduction reason, a key of the policy's workload.reduction_reasons.",
    )
    hours: float | None = Field(None, ge=0, le=60, description="Hours per week entered.")
    pct: float | None = Field(
        None, ge=0, le=100, description="Percent of contracted hours entered (instead of hours)."
    )
    start: date | None = Field(None, description="First day in effect (None: always was).")
    end: date | None = Field(None, description="Last day in effect, inclusive (None: open).")
    status: ReductionStatus = Field(
        "active", description="active, scheduled, archived or deleted (the last two never count)."
    )

    @model_validator(mode="after")
    def _one_amount_and_ordered(self) -> "Reduction":
        if self.hours is not None and self.pct is not None:
            raise ValueError("give hours or pct, not both")
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValueError("end is before start")
        return self

    def in_effect(self, day: date) -> bool:
        """True when the reduction counts on ``day``: dated around it and not archived or deleted."""
        if self.status in ("archived", "deleted"):
            return False
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


ReportKind = Literal["standard_delivery", "fast_delivery", "conversion", "parole"]


class HeldReport(BaseModel):
    """A report a practitioner is writing; it carries the policy's report points (SDR 138 ...)."""

    model_config = ConfigDict(extra="forbid")

    kind: ReportKind = Field(
        description="standard_delivery (SDR), fast_delivery, conversion or parole."
    )
    case_id: CaseId | None = Field(None, description="The case the report is for, if known.")


class Adjustment(BaseModel):
    """A case-management adjustment: points added (or taken, when negative) by a manager."""

    model_config = ConfigDict(extra="forbid")

    points: int = Field(ge=-5000, le=5000, description="Points added (negative: taken).")
    status: Literal["active", "archived"] = Field(
        "active", description="Only active adjustments count."
    )
    case_id: CaseId | None = Field(None, description="The case adjusted, if any.")


class ContactByOther(BaseModel):
    """A contact done on a held case by somebody other than its holder (WMT contact weighting).

    Its weighting adds to the one who did it and is taken from the holder.
    """

    model_config = ConfigDict(extra="forbid")

    practitioner_id: PractitionerId = Field(description="Who did the contact.")
    points: float = Field(ge=0, le=1000, description="The contact's weighting in points.")


class DeclaredCharacteristics(BaseModel):
    """Characteristics a practitioner chose to declare. Special-category data: never printed."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    gender: str | None = Field(
        None, max_length=40, description="Declared gender, used only for a stated preference."
    )


class Practitioner(BaseModel):
    """A member of staff in a POD. Only PO, PSO and PQIP grades hold cases."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    id: PractitionerId = Field(description="Unique staff id.")
    name: Name = Field(description="Display name.")
    grade: Grade = Field(description="PO, PSO, PQIP, SPO or CA.")
    pod_id: PodId = Field(description="The POD the practitioner belongs to.")
    office_id: OfficeId | None = Field(None, description="The office (site) they work from.")
    contracted_hours: float | None = Field(
        None,
        ge=0,
        le=60,
        description="Contracted hours per week; when missing, the grade's default hours (policy).",
    )
    reduction_hours: float = Field(
        0.0,
        ge=0,
        le=168,
        allow_inf_nan=False,
        description="Undated hours reductions (older inputs; prefer dated `reductions`).",
    )
    reduction_pct: float = Field(
        0.0,
        ge=0,
        le=100,
        description="Undated percentage of contracted hours reduced (older inputs; prefer dated "
        "`reductions`).",
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
    competencies: list[Term] = Field(
        default_factory=list,
        description="SPO-confirmed competencies named by the policy's grade rules (for example 'c1', 'sexual_offending_d1').",
    )
    visor_vetted: bool = Field(False, description="ViSOR vetted.")
    visor_trained: bool = Field(False, description="ViSOR trained.")
    absences: list[Absence] = Field(
        default_factory=list, description="Leave, sickness and training periods."
    )
    allocations_today: int = Field(
        0, ge=0, le=MAX_COUNT, description="New allocations already received today."
    )
    allocations_this_week: int = Field(
        0,
        ge=0,
        le=MAX_COUNT,
        description="New allocations already received this week (including today).",
    )
    other_points: int = Field(
        0,
        ge=0,
        le=MAX_POINTS,
        description="Workload points held outside the listed holdings (reports, ...).",
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
    left_on: date | None = Field(
        None,
        description="The date they left, or are leaving, the service: on and after it they hold "
        "no case; before it, within the policy's horizon, they take no new case.",
    )
    long_term_absence_from: date | None = Field(
        None, description="First day of a long-term absence (sickness, secondment, leave)."
    )
    long_term_absence_to: date | None = Field(
        None,
        description="Last day of the long-term absence (inclusive); empty: no return date known.",
    )
    no_new_cases_reason: str | None = Field(
        None,
        min_length=1,
        max_length=200,
        description="Set when the SPO has marked them as taking no new cases; the reason is kept "
        "in the record and never printed (it may be health data).",
    )
    legacy_origin: Literal["nps", "crc"] | None = Field(
        None, description="Former organisation (legacy origin rule, seed 001)."
    )
    court_team_id: CourtTeamId | None = Field(
        None, description="The court team they write reports for, if any."
    )
    short_format_trained: bool = Field(
        False, description="Trained for short-format (oral and fast delivery) reports (a PSO)."
    )
    court_rota: list[CourtSitting] = Field(
        default_factory=list, description="The days and courts they are on the court rota."
    )

    @model_validator(mode="after")
    def _absence_ordered(self) -> "Practitioner":
        if self.long_term_absence_to is not None and self.long_term_absence_from is None:
            raise ValueError("long_term_absence_to: given without long_term_absence_from")
        if (
            self.long_term_absence_from is not None
            and self.long_term_absence_to is not None
            and self.long_term_absence_to < self.long_term_absence_from
        ):
            raise ValueError("long_term_absence_to: is before long_term_absence_from")
        return self

    def has_left(self, day: date) -> bool:
        """True when ``day`` is on or after their leaving date."""
        return self.left_on is not None and self.left_on <= day

    reductions: list[Reduction] = Field(
        default_factory=list,
        description="Dated hours reductions with reasons and status (WMT); PQiP and NQO "
        "reductions are implied by pqip_started_on and qualified_on unless entered here.",
    )
    reports: list[HeldReport] = Field(
        default_factory=list, description="Reports being written (court and parole reports)."
    )
    adjustments: list[Adjustment] = Field(
        default_factory=list, description="Case-management adjustments of points."
    )

    def absent_on(self, day: date) -> bool:
        """True when an absence covers ``day``."""
        return any(a.covers(day) for a in self.absences)


class Holding(BaseModel):
    """An existing case held by a practitioner: it counts in their workload and cohort mix."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    case_id: CaseId = Field(description="The held case.")
    practitioner_id: PractitionerId = Field(description="Who holds it.")
    tier: str | None = Field(
        max_length=8,
        description="Its tier in the policy's framework; an 'S' suffix marks an unsupervised case "
        "(for example 'B2S') and null an untiered case: both score 0 points.",
    )
    case_type: CaseType = Field(CaseType.COMMUNITY, description="Selects the points column.")
    points: int | None = Field(
        None,
        ge=0,
        le=MAX_POINTS,
        description="Points override; else from the policy's points table.",
    )
    flags: list[CaseFlag] = Field(
        default_factory=list, description="Flags, for cohort mix (special-category data)."
    )
    mappa: bool = Field(False, description="A MAPPA case, for cohort mix.")
    t2a: bool = Field(
        False,
        description="A transition-to-adulthood (T2A, 18-24) case: points from the T2A table.",
    )
    contacts_by_others: list[ContactByOther] = Field(
        default_factory=list,
        description="Contacts on this case done by others: their weighting moves to the doer.",
    )
    rosh: Rosh | None = Field(
        None,
        description="RoSH as held; read when the case of a practitioner who left is put on the "
        "day's list (``reallocate_leavers``).",
    )
    needs_visor: bool | None = Field(
        None, description="Whether the held case is managed on ViSOR, when known."
    )
    shadow_team: bool = Field(
        False,
        description="A custody case sitting in a shadow OMiC team: it carries no workload points "
        "until a COM is allocated (seed 001).",
    )
    last_moved_on: date | None = Field(
        None,
        description=(
            "When the case last moved from one practitioner to another (seed 001: people on "
            "probation are not moved multiple times; the planner does not move it again within "
            "the policy's repeat_move_window_days). None: not moved, or not known."
        ),
    )
