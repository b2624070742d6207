"""The workload overview as the Workload Measurement Tool shows it: the output of
``allocator workload``.

Per practitioner: hours, reductions, available points, points held by tier and case type,
workload % and, for a case proposed to them, the potential workload. Per POD and PDU: the sum of
points over the sum of available points. Nothing here names a case's flags or anyone's
protected characteristics.
"""

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from models.enums import CaseType, Grade


class ReductionLine(BaseModel):
    """One reduction in effect on the day, in hours of the contracted hours."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    reason: str = Field(description="Reduction reason key (policy workload.reduction_reasons).")
    label: str = Field(description="The reason as staff read it.")
    hours: float = Field(description="Hours per week it takes off the contracted hours.")
    how: str = Field(description="How the hours were reached, in plain words.")


class TierPoints(BaseModel):
    """Cases held in one tier and case type, and the points they carry."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    tier: str = Field(description="Tier code ('untiered' for a holding without a tier).")
    case_type: CaseType = Field(description="community, custody or licence.")
    cases: int = Field(ge=0, description="Number of cases held.")
    points: int = Field(ge=0, description="Their points.")


class PotentialWorkload(BaseModel):
    """The workload % a practitioner would have if a case were allocated to them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    case_id: str = Field(description="The case proposed.")
    case_points: int = Field(description="The case's points at its (new) tier and type.")
    already_held_points: int = Field(
        0, description="Its points as held now when this practitioner already holds it."
    )
    points: int = Field(description="Points after the allocation.")
    workload_pct: float = Field(description="Workload % after the allocation.")


class PractitionerWorkload(BaseModel):
    """One practitioner's workload on the day, with every figure the WMT shows."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    name: str
    grade: Grade
    pod_id: str
    contracted_hours: float = Field(description="Contracted hours (the default when missing).")
    contracted_defaulted: bool = Field(
        description="True when contracted hours were missing and the grade's default was used."
    )
    default_hours: float = Field(description="The grade's default hours.")
    nominal_target: int = Field(description="The grade's nominal target in points.")
    reductions: list[ReductionLine] = Field(description="Reductions in effect on the day.")
    reduction_hours: float = Field(description="All reductions together, in hours.")
    available_hours: float = Field(description="Contracted hours less reductions, at least 0.")
    available_points: int = Field(description="Points they can hold at 100%.")
    case_points: int = Field(description="Points of the cases held.")
    report_points: int = Field(description="Points of the reports being written.")
    adjustment_points: int = Field(description="Active case-management adjustments.")
    contact_points: float = Field(
        description="Net contact weightings: + done on others' cases, - done by others on theirs."
    )
    other_points: int = Field(description="Other points given in the input.")
    points: int = Field(description="All points held, rounded to a whole number.")
    by_tier: list[TierPoints] = Field(description="Cases held by tier and case type.")
    points_by_type: dict[CaseType, int] = Field(description="Case points by case type.")
    workload_pct: float = Field(description="points / available points, as the WMT rounds it.")
    zero_reason: str | None = Field(
        None, description="Why the workload % is 0 when there is nothing to divide."
    )
    potential: PotentialWorkload | None = Field(
        None, description="The workload % if the case asked about were allocated to them."
    )


class GroupWorkload(BaseModel):
    """A POD's or PDU's workload: the sum of points over the sum of available points."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    name: str
    practitioners: int = Field(ge=0, description="Practitioners counted.")
    points: int = Field(description="Sum of their points.")
    available_points: int = Field(description="Sum of their available points.")
    workload_pct: float = Field(description="Sum of points / sum of available points.")
    zero_reason: str | None = Field(None, description="Why it is 0 when nothing to divide.")


class WorkloadOverview(BaseModel):
    """The workload of every case-holding practitioner, POD and PDU of a scenario on its date."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    date: dt.date
    policy: str = Field(description="Policy name and version.")
    case_id: str | None = Field(None, description="The case asked about for potential workload.")
    practitioners: list[PractitionerWorkload]
    pods: list[GroupWorkload]
    pdus: list[GroupWorkload]
