"""Readiness: a practitioner takes a case category only once their SPO has confirmed readiness.

Source: seed 001 ("only ... after staff complete the required learning and development
activity and their readiness has been assessed and confirmed by a Senior Probation Officer").
"""

from collections.abc import Hashable

from allocator.problem.day import Day
from allocator.rules.base import PairRule, count_of
from models.case import Case
from models.enums import CaseCategory, CaseFlag, CaseType
from models.staff import Practitioner

_FLAG_CATEGORY = {
    CaseFlag.SEXUAL_OFFENDING: CaseCategory.SEXUAL_OFFENDING,
    CaseFlag.DOMESTIC_ABUSE: CaseCategory.DOMESTIC_ABUSE,
    CaseFlag.TERRORISM: CaseCategory.TERRORISM,
    CaseFlag.CHILD_PROTECTION: CaseCategory.CHILD_PROTECTION,
}


def case_categories(case: Case) -> set[CaseCategory]:
    """The readiness categories a case falls in."""
    out = {_FLAG_CATEGORY[f] for f in case.flags if f in _FLAG_CATEGORY}
    if case.mappa_category is not None or case.mappa_level is not None:
        out.add(CaseCategory.MAPPA)
    if case.case_type == CaseType.CUSTODY:
        out.add(CaseCategory.OMIC)
    return out


class Readiness(PairRule):
    """Excludes a practitioner not confirmed ready for every category of the case."""

    name = "readiness"
    title = "SPO-confirmed readiness"
    applies_to = "supervision"

    def enabled(self, day: Day) -> bool:
        return day.policy.readiness_required

    def case_key(self, day: Day, case: Case) -> Hashable:
        return frozenset(case_categories(case))

    def staff_key(self, day: Day, p: Practitioner) -> Hashable:
        return frozenset(p.readiness)

    def excludes(self, day: Day, case: Case, p: Practitioner) -> str | None:
        missing = case_categories(case) - set(p.readiness)
        if not missing:
            return None
        # The categories are offence-related (special-category) data: the sentence, which an
        # SPO pastes into an oversight record, says how many are missing, never which.
        return (
            f"The SPO has not confirmed {p.name} ready for every category of this case "
            f"({count_of(len(missing), 'category', 'categories')} not confirmed)."
        )
