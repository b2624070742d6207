"""Site suitability: higher-risk cases go only to staff whose office is assessed as suitable.

Source: seed 001 (sites "assessed as unsuitable to accommodate higher risk people on
probation"). The policy sets which risk bands, and whether any MAPPA case, count as higher risk.
"""

from collections.abc import Hashable

from allocator.problem.day import Day
from allocator.rules.base import PairRule
from models.case import Case
from models.staff import Practitioner


def needs_suitable_site(day: Day, case: Case) -> bool:
    """Whether the policy counts the case as higher risk for site suitability."""
    if day.band[case.id] in day.policy.site_suitability_bands:
        return True
    is_mappa = case.mappa_category is not None or case.mappa_level is not None
    return day.policy.site_suitability_mappa and is_mappa


class SiteSuitability(PairRule):
    """Excludes staff at unsuitable (or unrecorded) offices for higher-risk cases."""

    name = "site_suitability"
    title = "site suitability"
    applies_to = "supervision"

    def enabled(self, day: Day) -> bool:
        return day.policy.site_suitability

    def case_key(self, day: Day, case: Case) -> Hashable:
        return needs_suitable_site(day, case)

    def staff_key(self, day: Day, p: Practitioner) -> Hashable:
        return p.office_id

    def excludes(self, day: Day, case: Case, p: Practitioner) -> str | None:
        if not needs_suitable_site(day, case):
            return None
        if p.office_id is None:
            return f"{p.name} has no office recorded, so no site assessed as suitable for higher-risk cases."
        office = day.offices[p.office_id]
        if office.suitable_for_high_risk:
            return None
        return f"{p.name} works from {office.name}, which is not assessed as suitable for higher-risk cases."
