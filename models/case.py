"""A person on probation as the engine sees them: the facts that rules and objectives read.

``CaseFacts`` carries what tiering needs, so ``allocator tier`` can read it without the
allocation fields; ``Case`` adds where the case sits and what the day must decide for it.
"""

import datetime as dt
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from models.court import ReportRequest
from models.enums import (
    AllocationReason,
    CaseFlag,
    CaseType,
    MappaCategory,
    MappaLevel,
    NeedArea,
    Rosh,
    Severity,
)
from models.ids import CaseId, PduId, PodId, PractitionerId
from models.limits import MAX_POINTS, Term


class Need(BaseModel):
    """One assessed criminogenic need and its severity."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, frozen=True)

    area: NeedArea = Field(description="The need area.")
    severity: Severity = Field(description="standard (1) or severe (2).")


class WomenFactors(BaseModel):
    """Risk factors the unified tiering counts for women only (docs/domain.md, 2 points each).

    Present only for a woman on probation; its presence is itself special-category data and is
    never printed in a report.
    """

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, frozen=True)

    parenting_responsibilities: bool = Field(False, description="Has parenting responsibilities.")
    impulsivity: bool = Field(False, description="Impulsivity identified in assessment.")
    previous_breach_or_recall: bool = Field(False, description="Previous breach or recall.")
    temper_control: bool = Field(
        False,
        description="Temper control identified in assessment (counts with impulsivity, 2 points "
        "once for either or both).",
    )


class Registration(BaseModel):
    """A registration on the case-management record, as the live tier service reads it.

    Codes are read ignoring case: RoSH (RVHR, RHRH, RMRH, RLRH), MAPPA (MAPP with level M1-M3),
    complexity codes, IOM (IIOM), unsupervised (PRC); a historic registration (HREG, as code or
    level) is dropped. Codes are special-category data: a derivation never prints them.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(min_length=1, max_length=20, description="Registration type code.")
    level: str | None = Field(
        None, max_length=20, description="Registration level code (for MAPP: M1, M2, M3)."
    )
    date: dt.date = Field(description="Registration date: the newest of a kind counts.")


class AssessmentSection(BaseModel):
    """The answers of one needs section of an assessment (OASys or SAN)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    area: NeedArea = Field(description="The need area of the section.")
    answers: list[str] = Field(
        default_factory=list,
        description="Answers as recorded: Yes/No, None/Some/Significant, Never/Previous/Currently, "
        "Missing/Unknown (read ignoring case).",
    )


class Assessment(BaseModel):
    """Needs section answers from which need severities are scored (docs/domain.md, 3.3)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sections: list[AssessmentSection] = Field(
        default_factory=list, description="The needs sections answered."
    )
    san_thresholds: bool = Field(
        False, description="The assessment uses the SAN thresholds (a SAN assessment)."
    )


class Requirement(BaseModel):
    """A requirement of a sentence, as the mandate for change reads it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: str = Field(
        min_length=1,
        max_length=60,
        description="Requirement kind, for example 'unpaid_work', 'order_extension', "
        "'rehabilitation_activity'.",
    )
    restrictive: bool = Field(
        False, description="A restrictive requirement (curfew, exclusion ...): gives no mandate."
    )


class Conviction(BaseModel):
    """A conviction with its sentence, as the mandate for change reads it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    terminated: bool = Field(False, description="The sentence has ended: it gives no mandate.")
    custodial: bool = Field(False, description="A custodial sentence.")
    requirements: list[Requirement] = Field(
        default_factory=list, description="The sentence's requirements."
    )


class RiskFacts(BaseModel):
    """Risk and needs facts from which a tier is derived when it is not given.

    ``None`` means "not known": the derivation says which fact was missing and how it treated it.
    """

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, frozen=True)

    rsr_pct: float | None = Field(
        None,
        allow_inf_nan=False,
        description="Risk of Serious Recidivism score, percent; any number (a value outside "
        "the bands scores 0).",
    )
    ogrs: int | None = Field(None, ge=0, le=100, description="OGRS score, percent (0-100).")
    complexity_registrations: list[Term] = Field(
        default_factory=list,
        description="Complexity registrations (for example child_protection, vulnerability, "
        "domestic_abuse_perpetrator, gang, terrorism_risk); 2 risk points each in unified tiering.",
    )
    women_factors: WomenFactors | None = Field(None, description="Factors counted for women only.")
    mandate_for_change: bool = Field(
        True,
        description="False when there is no custodial sentence and no requirement other than unpaid "
        "work: the needs digit is then 0.",
    )
    valid_assessment: bool = Field(
        True,
        description="False when there is no valid needs assessment: the needs digit is then 2.",
    )
    needs: list[Need] = Field(
        default_factory=list, description="Assessed needs with their severity."
    )
    registrations: list[Registration] | None = Field(
        None,
        description="Registrations as the live service reads them; when given, RoSH, MAPPA "
        "level, complexity registrations, IOM and unsupervised are derived from them.",
    )
    assessment: Assessment | None = Field(
        None,
        description="Needs section answers; when given (with a valid assessment), the needs "
        "and their severities are scored from them.",
    )
    convictions: list[Conviction] | None = Field(
        None,
        description="Convictions; when given, the mandate for change is derived from them.",
    )


class Preference(BaseModel):
    """A preference stated by the person on probation about their practitioner.

    The only place where a practitioner's declared characteristics enter the model.
    """

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, frozen=True)

    characteristic: Literal["gender"] = Field(
        description="Which declared characteristic of the practitioner."
    )
    value: str = Field(
        min_length=1, max_length=40, description="The value asked for, for example 'female'."
    )


class CaseFacts(BaseModel):
    """The facts that tiering reads."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    id: CaseId = Field(description="Case reference number (CRN-style), unique in the scenario.")
    tier: str | None = Field(
        None,
        max_length=8,
        description="The tier, if known; else derived from the risk facts by the policy's framework.",
    )
    rosh: Rosh | None = Field(
        None, description="Risk of Serious Harm level; None when not yet assessed."
    )
    mappa_category: MappaCategory | None = Field(
        None, description="MAPPA category, if a MAPPA case."
    )
    mappa_level: MappaLevel | None = Field(None, description="MAPPA level, if a MAPPA case.")
    flags: list[CaseFlag] = Field(
        default_factory=list, description="Registrations and flags (special-category data)."
    )
    case_type: CaseType = Field(
        CaseType.COMMUNITY, description="community, custody (pre-release) or licence."
    )
    risk: RiskFacts | None = Field(
        None, description="Facts to derive the tier from when `tier` is not given."
    )


class Case(CaseFacts):
    """A case on today's list: a new case, a tier change, a transfer in, or a returning case."""

    pdu_id: PduId = Field(description="The PDU the case is allocated in.")
    pod_id: PodId | None = Field(
        None, description="The POD the case belongs to (by area, or its current POD)."
    )
    reason: AllocationReason = Field(
        AllocationReason.INITIAL_ALLOCATION, description="Why the case is on today's list."
    )
    current_practitioner_id: PractitionerId | None = Field(
        None,
        description="Who holds the case now (a tier change or reallocation). The case must then be in the "
        "holdings under that practitioner, with its tier before the change.",
    )
    previous_practitioner_id: PractitionerId | None = Field(
        None,
        description="Who held the case before (a returning case goes back to them if possible).",
    )
    needs_visor: bool | None = Field(
        None,
        description="The case is managed on ViSOR. Not given: derived from the MAPPA category and "
        "level by the policy's ViSOR data; with no MAPPA facts either, an input error unless the "
        "policy names a default (never silently false).",
    )
    dif_complete: bool | None = Field(
        None,
        description="The Diversity Information Form is complete with no missing data (seed 002). "
        "Not given: an input error unless the policy names a default.",
    )
    risk_assessment: Literal["complete", "incomplete"] | None = Field(
        None,
        description="Whether the risk screening is complete (seed 003: before allocation). Not "
        "given: complete when a RoSH level is recorded, else incomplete.",
    )
    transferred_on_increased_risk: bool = Field(
        False,
        description="Transferred in because its risk increased: it goes to a PO first (seed 003).",
    )
    legacy_origin: Literal["nps", "crc"] | None = Field(
        None, description="Former organisation of the case (legacy origin rule, seed 001)."
    )
    sentence_months: float | None = Field(
        None, ge=0, description="Custody: the length of the custodial sentence, in months."
    )
    months_to_serve_at_sentence: float | None = Field(
        None, ge=0, description="Custody: the time left to serve at the point of sentence, months."
    )
    release_date: date | None = Field(
        None, description="Custody: the expected release date (sets handover and allocate-by)."
    )
    allocate_by: date | None = Field(
        None, description="The date the case must be allocated by (for OMiC: ahead of handover)."
    )
    handover_date: date | None = Field(
        None, description="OMiC POM to COM handover date of a custody case."
    )
    points: int | None = Field(
        None,
        ge=0,
        le=MAX_POINTS,
        description="Workload points override; else from the policy's points table.",
    )
    preferences: list[Preference] = Field(
        default_factory=list, description="Preferences stated by the person on probation."
    )
    restricted_to: list[PractitionerId] = Field(
        default_factory=list,
        description="Restricted access: only these staff may hold the case (empty: no restriction).",
    )
    excluded_staff: list[PractitionerId] = Field(
        default_factory=list, description="Restricted access: these staff must never hold the case."
    )
    rejected_practitioners: list[PractitionerId] = Field(
        default_factory=list,
        description="Practitioners an SPO rejected for this case on an earlier proposal of the day (pinned on re-solve).",
    )
    t2a: bool = Field(
        False,
        description="A transition-to-adulthood (T2A, 18-24) case: its points come from the "
        "policy's T2A table.",
    )
    report: ReportRequest | None = Field(
        None,
        description="A court's pre-sentence report request: the line allocates the report's "
        "writer, under the court rules, not the case's supervision.",
    )

    def holding_mismatch(self, held: dict[str, str]) -> bool:
        """True when the holdings and ``current_practitioner_id`` disagree about who holds the case.

        A held case is in the holdings (its points are in the holder's workload) exactly when it
        has a current practitioner, and under that practitioner.
        """
        return held.get(self.id) != self.current_practitioner_id
