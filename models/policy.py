"""The policy: every number and switch a region may change, and the tiering framework as data.

The engine ships default policies as JSON (``allocator/data/policies``); a region replaces any
value in its own file. Nothing here is computed: this is the contract only.
"""

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from models.court import CourtPolicy
from models.enums import (
    CaseFlag,
    CaseType,
    Grade,
    MappaCategory,
    MappaLevel,
    NeedArea,
    Rosh,
    Severity,
    VisorMode,
)
from models.limits import (
    MAX_COUNT,
    MAX_MONTHS,
    MAX_PERCENT,
    MAX_POINTS,
    OBJECTIVE_NAMES,
    Hours,
    Name,
    Points,
    Term,
)

RiskBand = Literal["A", "B", "C", "D"]


class TierDefinition(BaseModel):
    """One tier of a framework: its code, its risk band and its workload points per case type."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    code: str = Field(
        min_length=1, max_length=8, description="Tier code, for example 'B2' or 'A3'."
    )
    risk_band: RiskBand = Field(description="The risk letter the tier belongs to (A highest).")
    points: dict[CaseType, Points] = Field(
        description="Workload points per case type (WMT figures by default)."
    )


class ScoreBand(BaseModel):
    """A threshold band: a value at or above ``min`` scores ``value``. Bands are read highest first."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    min: float = Field(description="Lowest value in the band (inclusive).")
    max: float | None = Field(
        None, description="Highest value in the band (inclusive); above it the band does not apply."
    )
    value: int = Field(description="Points or digit the band gives.")


class LetterBand(BaseModel):
    """A risk-points threshold and the risk letter it gives."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    min: int = Field(description="Lowest risk points for the letter (inclusive).")
    letter: RiskBand = Field(description="Risk letter.")


class NeedThreshold(BaseModel):
    """Section scores at which a need is standard and severe (inclusive)."""

    model_config = ConfigDict(extra="forbid")

    standard: int = Field(ge=0, description="Lowest score of a standard need.")
    severe: int = Field(ge=0, description="Lowest score of a severe need.")


def _thresholds(**pairs: tuple[int, int]) -> dict[NeedArea, NeedThreshold]:
    return {NeedArea(k): NeedThreshold(standard=a, severe=b) for k, (a, b) in pairs.items()}


class UnifiedDerivation(BaseModel):
    """Parameters of the 2021 unified tiering derivation (risk letter x needs digit; docs/domain.md)."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    method: Literal["unified_2021"] = "unified_2021"
    rsr_bands: list[ScoreBand] = Field(description="RSR percent bands and their risk points.")
    rosh_points: dict[Rosh, int] = Field(description="Risk points per RoSH level.")
    mappa_level_points: dict[MappaLevel, int] = Field(description="Risk points per MAPPA level.")
    registration_points: int = Field(description="Risk points per complexity registration.")
    women_factor_points: int = Field(description="Risk points per women-specific factor.")
    risk_letters: list[LetterBand] = Field(description="Risk points thresholds for letters A-D.")
    need_weights: dict[NeedArea, int] = Field(description="Weight of each need area.")
    severity_scores: dict[Severity, int] = Field(description="Score of each severity.")
    ogrs_divisor: int = Field(
        10, ge=1, description="OGRS is divided by this (whole part) and added to needs points."
    )
    iom_points: int = Field(description="Needs points for an IOM case.")
    needs_digits: list[ScoreBand] = Field(description="Needs points thresholds for digits 1-3.")
    no_mandate_digit: int = Field(0, description="Needs digit when there is no mandate for change.")
    no_assessment_digit: int = Field(
        2, description="Needs digit when there is no valid assessment."
    )
    historic_code: str = Field(
        "HREG", description="A registration with this code or level is historic and dropped."
    )
    rosh_codes: dict[str, Rosh] = Field(
        default_factory=lambda: {
            "RVHR": Rosh.VERY_HIGH,
            "RHRH": Rosh.HIGH,
            "RMRH": Rosh.MEDIUM,
            "RLRH": Rosh.LOW,
        },
        description="Registration codes giving the RoSH level; the newest counts.",
    )
    mappa_code: str = Field("MAPP", description="The MAPPA registration code; the newest counts.")
    mappa_levels: dict[str, MappaLevel] = Field(
        default_factory=lambda: {
            "M1": MappaLevel.ONE,
            "M2": MappaLevel.TWO,
            "M3": MappaLevel.THREE,
        },
        description="MAPPA registration levels and the level each gives (others: none).",
    )
    complexity_codes: list[str] = Field(
        default_factory=lambda: [
            "RMDO",
            "ALSH",
            "RVLN",
            "RCCO",
            "RCPR",
            "RCHD",
            "RPIR",
            "RVAD",
            "STRG",
            "RTAO",
        ],
        description="Complexity registration codes (closed list), each counted once.",
    )
    iom_code: str = Field("IIOM", description="The IOM registration code.")
    unsupervised_code: str = Field(
        "PRC", description="The registration making a case unsupervised ('S' tier suffix)."
    )
    unsupervised_suffix: str = Field("S", description="Suffix of an unsupervised tier.")
    answer_scores: dict[str, int | None] = Field(
        default_factory=lambda: {
            "yes": 2,
            "no": 0,
            "none": 0,
            "some": 1,
            "significant": 2,
            "never": 0,
            "previous": 1,
            "currently": 2,
            "missing": None,
            "unknown": None,
        },
        description="Score of each assessment answer (read ignoring case); null: no score.",
    )
    need_thresholds: dict[NeedArea, NeedThreshold] = Field(
        default_factory=lambda: _thresholds(
            accommodation=(2, 7),
            education_employment=(3, 7),
            relationships=(2, 5),
            lifestyle=(2, 5),
            drugs=(2, 8),
            alcohol=(4, 7),
            thinking_behaviour=(4, 7),
            attitudes=(2, 7),
        ),
        description="Section score at which a need is standard and severe.",
    )
    san_need_thresholds: dict[NeedArea, NeedThreshold] = Field(
        default_factory=lambda: _thresholds(
            accommodation=(3, 5),
            drugs=(2, 6),
            alcohol=(2, 4),
            thinking_behaviour=(3, 5),
            attitudes=(1, 5),
        ),
        description="Thresholds that replace need_thresholds for an assessment using the SAN "
        "thresholds.",
    )
    no_mandate_requirements: list[str] = Field(
        default_factory=lambda: ["unpaid_work", "order_extension"],
        description="Requirement kinds that give no mandate for change (restrictive ones never do).",
    )


class NpsBand(BaseModel):
    """One risk band of the NPS 2016 model: any criterion reached puts the case in the band."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    letter: RiskBand = Field(description="Band letter (B, C or D).")
    rsr_min: float | None = Field(
        None, description="RSR percent at or above which the band applies."
    )
    ogrs_min: int | None = Field(None, description="OGRS at or above which the band applies.")
    rosh: list[Rosh] = Field(
        default_factory=list, description="RoSH levels that put the case in the band."
    )


class MappaRef(BaseModel):
    """A MAPPA category and level pair."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    category: MappaCategory
    level: MappaLevel


class Nps2016Derivation(BaseModel):
    """Parameters of the NPS 2016 seven-category derivation (seed 003, diagram 1)."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    method: Literal["nps_2016"] = "nps_2016"
    a_mappa_levels: list[MappaLevel] = Field(description="MAPPA levels that make a case tier A.")
    bands: list[NpsBand] = Field(
        description="Bands from highest risk down; the first that applies wins, else the last."
    )
    additional_factor_flags: list[CaseFlag] = Field(description="Flags that add the '1' variant.")
    additional_factor_mappa: list[MappaRef] = Field(
        description="MAPPA category/level pairs that add the '1' variant."
    )


class TieringFramework(BaseModel):
    """A tiering framework as data: its tiers (highest risk first) and how to derive a tier."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    name: Name = Field(description="Framework name, for example 'unified_2021'.")
    version: Name = Field(description="Version of this data.")
    tiers: list[TierDefinition] = Field(
        min_length=1, description="Tiers from highest to lowest risk."
    )
    derivation: Annotated[UnifiedDerivation | Nps2016Derivation, Field(discriminator="method")] = (
        Field(description="How a tier is derived from risk and needs facts.")
    )

    @model_validator(mode="after")
    def _unique_codes(self) -> "TieringFramework":
        codes = [t.code for t in self.tiers]
        dupes = sorted({c for c in codes if codes.count(c) > 1})
        if dupes:
            raise ValueError(f"duplicate tier codes: {', '.join(dupes)}")
        return self


class GradeAllowance(BaseModel):
    """One way a grade may hold the tiers of a grade rule, with the conditions attached."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    grade: Grade = Field(description="The grade allowed.")
    only_if_flag: CaseFlag | None = Field(
        None, description="The allowance covers only cases with this flag."
    )
    max_rosh: Rosh | None = Field(
        None, description="The allowance covers only cases at or below this RoSH."
    )
    competency: Term | None = Field(
        None, description="An SPO-confirmed competency the practitioner must hold."
    )
    requirements_only_if_flag: CaseFlag | None = Field(
        None,
        description="competency and min_pqip_stage apply only to cases with this flag (for example D1 sexual offending).",
    )
    min_pqip_stage: int | None = Field(
        None, ge=1, description="A PQIP must have reached this training stage."
    )
    nqo_allowed: bool = Field(
        True, description="Whether a PO in the NQO period may hold these tiers."
    )


class GradeRule(BaseModel):
    """Which grades may hold the listed tiers (seeds 001, 003)."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    tiers: list[str] = Field(min_length=1, description="Tier codes the rule covers.")
    allowances: list[GradeAllowance] = Field(
        description="Grades allowed, each with its conditions."
    )


class PqipReduction(BaseModel):
    """Hours reduction for a PQIP learner in a span of months of the programme."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    from_month: int = Field(ge=0, description="First month of the span (inclusive).")
    to_month: int = Field(ge=1, description="End month of the span (exclusive).")
    pct: float = Field(ge=0, le=100, description="Percent of hours reduced.")


class ReductionReason(BaseModel):
    """What a reduction reason means in hours (WMT): a percentage, a maximum, or hours entered."""

    model_config = ConfigDict(extra="forbid")

    label: str = Field(min_length=1, description="The reason as staff read it.")
    pct: float | None = Field(
        None, ge=0, le=100, description="Percent of contracted hours the reason gives."
    )
    max_pct: float | None = Field(
        None, ge=0, le=100, description="At most this percent of contracted hours."
    )
    private: bool = Field(
        False,
        description="The reason is special-category data (health, pregnancy and maternity, trade "
        "union membership): reports show its hours under a neutral label, never the reason.",
    )


def _reason(
    label: str, pct: float | None = None, max_pct: float | None = None, private: bool = False
) -> ReductionReason:
    return ReductionReason(label=label, pct=pct, max_pct=max_pct, private=private)


def default_reduction_reasons() -> dict[str, ReductionReason]:
    """The WMT's reduction reasons (docs/domain.md, "Workload as the live service computes it")."""
    return {
        "pqip_0_6": _reason("PQiP months 0-6", pct=80),
        "pqip_6_12": _reason("PQiP months 6-12", pct=60),
        "pqip_12_18": _reason("PQiP months 12-18", pct=40),
        "nqo": _reason("NQO", pct=20),
        "pso_learning": _reason("PSO learning and development", pct=20),
        "maternity": _reason("Maternity leave", pct=100, private=True),
        "adoption": _reason("Adoption leave", pct=100, private=True),
        "long_term_sickness": _reason("Long-term sickness", pct=100, private=True),
        "other_leave": _reason("Other leave", pct=100),
        "trade_union_facility_time": _reason("Trade union facility time", max_pct=50, private=True),
        "spoc_lead": _reason("Single point of contact lead", max_pct=5),
        "phased_return": _reason("Phased return to work", private=True),
        "court_duty": _reason("Court duty"),
        "split_role": _reason("Split role"),
        "other": _reason("Other"),
    }


def default_report_points() -> dict[str, int]:
    """Report points (WMT): SDR 138, fast delivery or conversion 65, parole (PAROM) 120."""
    return {"standard_delivery": 138, "fast_delivery": 65, "conversion": 65, "parole": 120}


class WorkloadSettings(BaseModel):
    """Workload Measurement Tool figures: capacity and reductions (docs/domain.md)."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    nominal_target_points: int = Field(
        2176, ge=1, le=MAX_POINTS, description="Points a full-time practitioner holds at 100%."
    )
    default_hours: dict[Grade, Hours] = Field(description="Default contracted hours per grade.")
    pqip_reductions: list[PqipReduction] = Field(
        description="PQIP hours reductions by month of the programme."
    )
    nqo_reduction_pct: float = Field(20, ge=0, le=100, description="NQO hours reduction.")
    nqo_reduction_months: int = Field(
        9, ge=0, le=MAX_MONTHS, description="Months the NQO reduction lasts."
    )
    nqo_period_months: int = Field(
        12, ge=0, le=MAX_MONTHS, description="Months after qualifying during which a PO is an NQO."
    )
    nominal_target_by_grade: dict[Grade, int] = Field(
        default_factory=dict,
        description="Nominal target per grade where it differs from nominal_target_points.",
    )
    figures_of: dict[Grade, Grade] = Field(
        default_factory=lambda: {Grade.PQIP: Grade.PO},
        description="Grades that take another grade's default hours and nominal target (a "
        "PQiP takes the PO figures).",
    )
    reduction_reasons: dict[str, ReductionReason] = Field(
        default_factory=default_reduction_reasons,
        description="Reduction reasons: a percentage of contracted hours, a maximum, or hours "
        "entered.",
    )
    report_points: dict[str, int] = Field(
        default_factory=default_report_points,
        description="Points per report being written, by kind.",
    )
    t2a_points: dict[str, dict[CaseType, int]] = Field(
        default_factory=dict,
        description="Points of a transition-to-adulthood (T2A) case per tier and case type; a "
        "tier missing here scores as in the framework's table (docs/domain.md gives no T2A figures).",
    )


class ObjectiveSetting(BaseModel):
    """Where a soft term sits in the lexicographic order, and its weight within its rank."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    name: Term = Field(description="The objective term's name.")
    rank: int = Field(ge=1, le=1000, description="Lexicographic rank: 1 is decided first.")
    weight: int = Field(
        1, ge=1, le=MAX_COUNT, description="Weight of the term among the terms of the same rank."
    )
    enabled: bool = Field(True, description="Whether the term is in the objective.")


class SafetyDefaults(BaseModel):
    """Values the policy explicitly names for safety fields an input omits (docs/domain.md: no safety
    field defaults silently). Empty by default: an omitted field is then an input error. A value
    used is recorded in the proposal."""

    model_config = ConfigDict(extra="forbid")

    needs_visor: bool | None = Field(None, description="Assumed ViSOR need when not given.")
    dif_complete: bool | None = Field(None, description="Assumed DIF state when not given.")
    rosh: Rosh | None = Field(None, description="Assumed RoSH level when not given.")


class Policy(BaseModel):
    """All the rules' switches and numbers, the tiering framework and the objective order."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    name: Name = Field(description="Policy name, recorded in every proposal.")
    version: Name = Field(description="Policy version, recorded in every proposal.")
    framework: TieringFramework = Field(description="The tiering framework, as data.")
    grade_rules: list[GradeRule] = Field(description="Which grades may hold which tiers.")
    workload: WorkloadSettings = Field(description="How available points are computed.")
    capacity_ceiling_pct: float = Field(
        110,
        gt=0,
        le=MAX_PERCENT,
        description="Hard ceiling of workload after allocation, % of available points.",
    )
    capacity_keeps_load_before: bool = Field(
        True,
        description=(
            "A practitioner already over the ceiling before today may keep that load (take "
            "nothing that raises it). False makes the ceiling strict for everyone who is "
            "allocated a case: the planner's trade-off curve asks what each ceiling costs in "
            "moves."
        ),
    )
    balance_target_pct: float = Field(
        100,
        gt=0,
        le=MAX_PERCENT,
        description="The level balance works to keep everyone at or under.",
    )
    visor_mode: VisorMode = Field(
        VisorMode.STRICT, description="strict or transitional ViSOR policy (seed 001)."
    )
    readiness_required: bool = Field(
        True, description="Case categories need SPO-confirmed readiness (seed 001)."
    )
    dif_gate: bool = Field(
        True,
        description="A case with an incomplete Diversity Information Form is not allocated (seed 002).",
    )
    site_suitability: bool = Field(
        True, description="Higher-risk cases need an office assessed as suitable (seed 001)."
    )
    site_suitability_bands: list[RiskBand] = Field(
        ["A", "B"], description="Risk bands that need a suitable office."
    )
    site_suitability_mappa: bool = Field(
        True, description="Any MAPPA case needs a suitable office."
    )
    max_new_per_day: int | None = Field(
        None,
        ge=0,
        le=MAX_COUNT,
        description="New allocations per practitioner per day (None: no limit).",
    )
    max_new_per_week: int | None = Field(
        None,
        ge=0,
        le=MAX_COUNT,
        description="New allocations per practitioner per week (None: no limit).",
    )
    pqip_max_cases: int | None = Field(
        None, ge=0, le=MAX_COUNT, description="Cap on a PQIP's caseload in cases (None: no cap)."
    )
    pqip_pod_ratio: bool = Field(
        True,
        description="PQIPs in a POD with more PQIPs than POs past their NQO period take no new cases (principle 8).",
    )
    pqip_pod_limit_blocks: bool = Field(
        False,
        description="In daily allocation a POD over the PQiP ratio stops its PQiPs taking new "
        "cases (True), or the line is flagged for oversight (False, docs/domain.md); the planner "
        "checks the ratio either way.",
    )
    cohort_max_share_pct: float = Field(
        40,
        ge=0,
        le=100,
        description="Share of a caseload in one heavy cohort above which cohort mix counts a penalty.",
    )
    experienced_months: int = Field(
        24,
        ge=0,
        le=MAX_MONTHS,
        description="Months in grade after which a practitioner counts as experienced.",
    )
    omic_sentence_months: float = Field(
        20, ge=0, description="OMiC criteria: a custodial sentence of this many months or more."
    )
    omic_left_to_serve_months: float = Field(
        10, ge=0, description="OMiC criteria: more than this many months left to serve at sentence."
    )
    omic_long_handover_months: float = Field(
        7.5, ge=0, description="Handover this many months before release for OMiC cases."
    )
    omic_short_handover_weeks: int = Field(
        12, ge=0, description="Handover this many weeks before release for other custody cases."
    )
    omic_report_days_before_handover: int = Field(
        28, ge=0, description="The COM is allocated this many days before the handover."
    )
    fair_flow_levels: int = Field(
        5,
        ge=1,
        description="Fair flow counts each practitioner's day and week of new allocations up to "
        "this many (a new case costs about the count it brings them to, up to this).",
    )
    safety_defaults: SafetyDefaults = Field(
        default_factory=SafetyDefaults,
        description="Values named for omitted safety fields (empty: an omission is an error).",
    )
    visor_mappa_categories: list[MappaCategory] = Field(
        [MappaCategory.ONE, MappaCategory.FOUR],
        description="MAPPA categories whose cases need ViSOR (seed 001).",
    )
    visor_mappa_levels: list[MappaLevel] = Field(
        [MappaLevel.TWO, MappaLevel.THREE],
        description="MAPPA levels whose cases need ViSOR, whatever the category.",
    )
    visor_regional_team: bool = Field(
        False,
        description="Transitional ViSOR: a regional ViSOR team is established and gives access "
        "where no vetted PDU colleague is present.",
    )
    status_horizon_days: int = Field(
        14,
        ge=0,
        description="How far ahead a leaving date or a long-term absence stops new cases.",
    )
    court: CourtPolicy = Field(
        default_factory=CourtPolicy,
        description="Court report figures: PO share target, daily report limits, report points.",
    )
    absence_horizon_days: int = Field(
        0,
        ge=0,
        description="A leave or sickness absence starting within this many days stops new cases "
        "(a new case's first appointment would fall in it); 0: only an absence on the day counts.",
    )
    rosh_grade: bool = Field(
        True,
        description="High or very high RoSH cases go to POs only, whatever the tier (seed 003).",
    )
    tier_disagreement: Literal["warn", "block"] = Field(
        "warn",
        description="A stated tier that differs from the tier its risk facts give: flagged on "
        "the line (warn), or the case is blocked until the SPO confirms it (block).",
    )
    risk_assessment_gate: bool = Field(
        True, description="A case without a complete risk assessment is not allocated (seed 003)."
    )
    increased_risk_transfer: bool = Field(
        True, description="A case transferred in on increased risk goes to a PO first (seed 003)."
    )
    legacy_origin_rule: bool = Field(
        False,
        description="Former NPS cases do not go to former CRC staff; cross-legacy allocations "
        "are flagged for oversight (seed 001).",
    )
    repeat_move_window_days: int = Field(
        182,
        ge=0,
        description=(
            "A holding moved (last_moved_on) within this many days before the scenario's date is "
            "not moved again by the restructure planner (seed 001: people on probation are not "
            "moved multiple times). 0 lets every holding move."
        ),
    )
    objectives: list[ObjectiveSetting] = Field(description="The soft terms in lexicographic order.")

    def tier(self, code: str) -> TierDefinition | None:
        """The tier definition for ``code``, or None when the framework has no such tier."""
        for t in self.framework.tiers:
            if t.code == code:
                return t
        return None

    def supervised_tier(self, code: str) -> str | None:
        """The framework tier ``code`` stands for: itself, or for an unsupervised tier marked
        with an 'S' suffix (for example 'B2S') its base tier; None when neither is known."""
        if self.tier(code) is not None:
            return code
        if code.endswith("S") and self.tier(code[:-1]) is not None:
            return code[:-1]
        return None

    @model_validator(mode="after")
    def _objectives_are_known_terms(self) -> "Policy":
        problems = []
        seen: set[str] = set()
        for i, setting in enumerate(self.objectives):
            if setting.name not in OBJECTIVE_NAMES:
                problems.append(
                    f"objectives[{i}].name: '{setting.name}' is not a known term "
                    f"(known: {', '.join(OBJECTIVE_NAMES)})"
                )
            elif setting.name in seen:
                problems.append(f"objectives[{i}].name: '{setting.name}' is listed twice")
            seen.add(setting.name)
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @model_validator(mode="after")
    def _grade_rules_name_known_tiers(self) -> "Policy":
        known = {t.code for t in self.framework.tiers}
        for i, rule in enumerate(self.grade_rules):
            unknown = [c for c in rule.tiers if c not in known]
            if unknown:
                raise ValueError(
                    f"grade_rules[{i}].tiers: {', '.join(unknown)} not in framework {self.framework.name}"
                )
        return self
