"""The hard rules, in the order an explanation names them. Read this list as the policy.

A line's "excluded by" counts each other practitioner under the first rule they fail, in this
order: case-level first, then who the practitioner is, then what they hold.
"""

from allocator.rules.absence import Absence
from allocator.rules.base import AggregateRule, HardRule, PairRule
from allocator.rules.capacity import Capacity
from allocator.rules.case_readiness import CaseReadiness
from allocator.rules.conflicts import Conflicts
from allocator.rules.court_rota import CourtRota
from allocator.rules.grade_vs_tier import GradeVsTier
from allocator.rules.increased_risk_transfer import IncreasedRiskTransfer
from allocator.rules.legacy_origin import LegacyOrigin
from allocator.rules.new_allocation_volume import NewAllocationVolume
from allocator.rules.officer_left import OfficerLeft
from allocator.rules.pdu_scope import PduScope
from allocator.rules.po_only_report import PoOnlyReport
from allocator.rules.pqip_limit import PqipLimit
from allocator.rules.practitioner_status import PractitionerStatus
from allocator.rules.readiness import Readiness
from allocator.rules.reports_per_day import ReportsPerDay
from allocator.rules.restricted_access import RestrictedAccess
from allocator.rules.risk_assessment import RiskAssessment
from allocator.rules.rosh_grade import RoshGrade
from allocator.rules.short_format_training import ShortFormatTraining
from allocator.rules.site_suitability import SiteSuitability
from allocator.rules.spo_rejection import SpoRejection
from allocator.rules.stated_tier import StatedTier
from allocator.rules.visor import Visor

HARD_RULES: tuple[HardRule, ...] = (
    CaseReadiness(),
    RiskAssessment(),
    StatedTier(),
    PduScope(),
    Absence(),
    PractitionerStatus(),
    OfficerLeft(),
    CourtRota(),
    PoOnlyReport(),
    ShortFormatTraining(),
    GradeVsTier(),
    RoshGrade(),
    IncreasedRiskTransfer(),
    Readiness(),
    Visor(),
    SiteSuitability(),
    LegacyOrigin(),
    RestrictedAccess(),
    Conflicts(),
    SpoRejection(),
    PqipLimit(),
    NewAllocationVolume(),
    ReportsPerDay(),
    Capacity(),
)

PAIR_RULES: tuple[PairRule, ...] = tuple(r for r in HARD_RULES if isinstance(r, PairRule))
AGGREGATE_RULES: tuple[AggregateRule, ...] = tuple(
    r for r in HARD_RULES if isinstance(r, AggregateRule)
)
RULES_BY_NAME: dict[str, HardRule] = {r.name: r for r in HARD_RULES}
