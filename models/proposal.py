"""The output: a proposal an SPO reads line by line, that explains itself and can be re-checked.

A proposal is well formed even when nothing can be allocated: infeasibility is data, not an
exception. Its ``run`` block records what is needed to reproduce it (digests, policy, solver).
"""

import datetime as dt
from typing import Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    model_serializer,
)

from models.court import ReportType

SolveStatus = Literal["OPTIMAL", "FEASIBLE", "NO_SOLUTION", "NOTHING_TO_ALLOCATE", "MODEL_INVALID"]


class ObjectiveValue(BaseModel):
    """One soft term's value in this proposal, with the solver's proven bound for it."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(description="Term name.")
    rank: int = Field(description="Lexicographic rank from the policy.")
    weight: int = Field(description="Weight within its rank.")
    value: int = Field(description="Value in this proposal (lower is better).")
    bound: int = Field(description="Proven lower bound on the value, given the ranks before it.")
    unit: str = Field(description="What one unit of the value means.")
    description: str = Field(description="What the term measures.")


class Alternative(BaseModel):
    """A next-best practitioner for a line, and what choosing them instead would cost."""

    model_config = ConfigDict(extra="forbid")

    practitioner_id: str
    practitioner_name: str
    grade: str
    workload_after_pct: float = Field(description="Their workload % if they took the case instead.")
    cost: dict[str, int] = Field(
        description="Change of each objective term against the proposal (positive: worse)."
    )
    summary: str = Field(description="The cost in words.")


OVERSIGHT_LEVELS: dict[int, str] = {
    1: "quality assurance of processes",
    2: "oversight through supervision",
    3: "oversight of immediate risk",
}
"""Seed 004's three levels of management oversight."""


class LineOversight(BaseModel):
    """Whether a line needs SPO oversight, at which level (seed 004) and why (docs/domain.md,
    "Oversight level per line")."""

    model_config = ConfigDict(extra="forbid")

    needed: bool = Field(False, description="The line needs a management-oversight entry.")
    level: Literal[1, 2, 3] | None = Field(
        None,
        description="1 quality assurance of processes, 2 oversight through supervision, "
        "3 oversight of immediate risk (the highest of the triggers).",
    )
    triggers: list[str] = Field(
        default_factory=list,
        description="Codes of what triggered it (structured; may name a case category).",
    )
    why: list[str] = Field(
        default_factory=list,
        description="One neutral sentence per trigger, for the SBAR entry (no case category).",
    )


class _CourtFieldsOptional(BaseModel):
    """Leaves the court fields (``_court_fields``) out of the output when they are None, so
    that a proposal without report requests is written byte for byte as before they existed
    (benchmarks/proposal_digests.py) and reads back the same."""

    _court_fields: ClassVar[tuple[str, ...]] = ()

    @model_serializer(mode="wrap")
    def _omit_absent_court_fields(
        self, handler: SerializerFunctionWrapHandler, info: SerializationInfo
    ) -> Any:
        data = handler(self)
        if isinstance(data, dict):
            for key in self._court_fields:
                if data.get(key, 0) is None:
                    del data[key]
        return data


class LineReport(BaseModel):
    """What a report request's line (or blocked request) is about: the court, the hearing, the
    type requested and the type to be written, and the PO-only categories it meets."""

    model_config = ConfigDict(extra="forbid")

    court_id: str
    court_name: str
    hearing_date: dt.date
    due_date: dt.date
    requested_type: ReportType
    report_type: ReportType = Field(
        description="The report to be written: an SDR where categories 1 or 2 require one."
    )
    po_only_categories: list[int] = Field(
        description="The PO-only categories met, numbered as seed 003 numbers them."
    )
    adjournment_needed: bool = Field(
        description="An SDR is required but a shorter report was requested."
    )


class CourtSummary(BaseModel):
    """A court day's figures: the reports allocated, how many by POs, and the PO share against
    the policy's target (seed 003: about 35% by POs; a target, not a quota)."""

    model_config = ConfigDict(extra="forbid")

    requests: int = Field(description="Report requests on the day's list.")
    allocated: int = Field(description="Report requests allocated by this proposal.")
    by_po: int = Field(description="Of those, allocated to a PO.")
    po_share_pct: float = Field(description="by_po as a % of allocated (0 when none).")
    po_share_target_pct: float = Field(description="The policy's PO share target.")
    by_type: dict[ReportType, int] = Field(
        description="Allocated reports by the type to be written."
    )
    period_days: int = Field(
        0, description="The policy's PO share period, days (today's included)."
    )
    period_reports: int = Field(
        0,
        description="Reports of the period: those the court teams of today's requests already "
        "allocated within it, plus today's allocated.",
    )
    period_by_po: int = Field(0, description="Of period_reports, those written by a PO.")
    po_share_period_pct: float = Field(
        0.0, description="period_by_po as a % of period_reports (0 when none)."
    )


class ProposalLine(_CourtFieldsOptional):
    """One allocated case: who, why, who else, and the workload before and after."""

    model_config = ConfigDict(extra="forbid")
    _court_fields: ClassVar[tuple[str, ...]] = ("report",)

    case_id: str
    tier: str
    reason_on_list: str = Field(description="Why the case was on today's list.")
    practitioner_id: str
    practitioner_name: str
    grade: str
    pod_id: str
    points: int = Field(description="Workload points the case carries.")
    workload_before_pct: float = Field(
        description="The practitioner's workload % before today's allocation."
    )
    workload_after_pct: float = Field(
        description="The practitioner's workload % after the whole proposal."
    )
    decided: Literal["approved", "overridden"] | None = Field(
        None,
        description="Set when the line is pinned by an SPO decision on an earlier proposal (re-solve).",
    )
    moved_from: str | None = Field(
        None, description="The current practitioner the case moves from, if any."
    )
    visor_colleague_id: str | None = Field(
        None,
        description="Transitional ViSOR: the vetted, trained PDU colleague the practitioner accesses ViSOR through.",
    )
    notes: list[str] = Field(
        default_factory=list,
        description="What the SPO must confirm or know about the line (a stated tier that "
        "differs from its risk facts, a POD over the PQiP limit, a cross-legacy allocation).",
    )
    oversight: LineOversight = Field(
        default_factory=LineOversight,
        description="Whether the line needs SPO oversight, the level and why.",
    )
    eligible_count: int = Field(
        description="How many practitioners passed every hard rule for the case."
    )
    excluded_by_rule: dict[str, int] = Field(
        description="Practitioners excluded, counted by the first rule each failed."
    )
    deciding_terms: list[str] = Field(
        description="Objective terms that separated this choice from the next best."
    )
    reason: str = Field(description="One or two sentences for a management-oversight entry.")
    alternatives: list[Alternative] = Field(
        description="The next best practitioners and their cost."
    )
    report: LineReport | None = Field(
        None, description="For a report request: the court, the report and its categories."
    )


class NearMiss(BaseModel):
    """A practitioner close to taking a blocked case, and what stops them."""

    model_config = ConfigDict(extra="forbid")

    practitioner_id: str
    practitioner_name: str
    grade: str
    workload_pct: float = Field(description="Their workload % after the proposal.")
    failed_rules: list[str] = Field(description="The hard rules they fail for this case.")


class BlockedCase(_CourtFieldsOptional):
    """A case the proposal cannot place, with the smallest set of rules that blocks it."""

    model_config = ConfigDict(extra="forbid")
    _court_fields: ClassVar[tuple[str, ...]] = ("report",)

    case_id: str
    tier: str
    reason_on_list: str
    blocking_rules: list[str] = Field(
        description="Smallest set of hard rules that, together, exclude every practitioner."
    )
    excluded_by_rule: dict[str, int] = Field(
        description="Practitioners failing each rule (one may fail several)."
    )
    reason: str = Field(description="What blocks the case, in words an SPO can act on.")
    nearest: list[NearMiss] = Field(description="The practitioners closest to taking it.")
    report: LineReport | None = Field(
        None, description="For a report request: the court, the report and its categories."
    )


class RunInfo(BaseModel):
    """What produced the proposal, so that the same inputs give the same proposal."""

    model_config = ConfigDict(extra="forbid")

    date: dt.date
    scenario_name: str
    policy_name: str
    policy_version: str
    framework: str
    input_digest: str = Field(
        description="sha256 of the canonical scenario with its resolved policy."
    )
    digest_scheme: Literal["1", "2"] = Field(
        "1",
        description="How input_digest was computed (allocator/problem/digest.py); proposals "
        "saved before the field existed used scheme 1.",
    )
    policy_digest: str = Field(description="sha256 of the canonical resolved policy.")
    engine_version: str
    ortools_version: str
    solver_parameters: dict[str, str | int | float | bool] = Field(
        description="CP-SAT parameters used."
    )
    seed: int
    workers: int
    status: SolveStatus
    stages: int = Field(description="Lexicographic solve stages run.")
    wall_time_s: float = Field(
        description="Time taken; the only field that varies between identical runs."
    )


class Proposal(_CourtFieldsOptional):
    """The engine's proposal for one day: lines, blocked cases, objective terms, run record."""

    model_config = ConfigDict(extra="forbid")
    _court_fields: ClassVar[tuple[str, ...]] = ("court",)

    schema_version: Literal["1"] = "1"
    run: RunInfo
    lines: list[ProposalLine] = Field(description="Allocated cases, in case id order.")
    blocked: list[BlockedCase] = Field(description="Cases not allocated, in case id order.")
    objective: list[ObjectiveValue] = Field(
        description="Each soft term's value and bound, in rank order."
    )
    assumptions: list[str] = Field(
        default_factory=list,
        description="Safety fields the input omitted and the policy's named default supplied, "
        "and given values the policy's derivation overruled (a ViSOR need), one sentence each "
        "(docs/domain.md: no safety field defaults silently).",
    )
    gap: float = Field(
        description="Relative gap between the lexicographic objective and its proven bound (0 when optimal)."
    )
    court: CourtSummary | None = Field(
        None, description="On a day with report requests: the court figures (PO share)."
    )
