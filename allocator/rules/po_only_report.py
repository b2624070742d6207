"""PO-only report: a report in one of the nine PO-only categories is written by a PO.

Source: seed 003, chapter 2 ("The exceptions to this, where reports should be completed by a
qualified PO"); docs/domain.md, "Court reports". The categories are derived once, in
``allocator.problem.court``. A PQiP is not a qualified PO. The sentence names the category by
its number and the seed's own words, and nothing more of the offence.
"""

from collections.abc import Hashable

from allocator.problem.court import PO_ONLY_CATEGORIES, po_only_categories
from allocator.problem.day import Day
from allocator.rules.base import PairRule
from models.case import Case
from models.enums import Grade
from models.staff import Practitioner


def categories_phrase(categories: tuple[int, ...]) -> str:
    """'PO-only category 5: high or very high risk domestic abuse', several joined by '; '."""
    return "; ".join(f"PO-only category {n}: {PO_ONLY_CATEGORIES[n]}" for n in categories)


class PoOnlyReport(PairRule):
    """Excludes everyone but a PO from a report in a PO-only category."""

    name = "po_only_report"
    title = "PO-only report"
    applies_to = "reports"

    def case_key(self, day: Day, case: Case) -> Hashable:
        assert case.report is not None
        return po_only_categories(case.report.facts)

    def staff_key(self, day: Day, p: Practitioner) -> Hashable:
        return p.grade

    def excludes(self, day: Day, case: Case, p: Practitioner) -> str | None:
        assert case.report is not None
        categories = po_only_categories(case.report.facts)
        if not categories or p.grade == Grade.PO:
            return None
        return (
            f"{case.id} is in {categories_phrase(categories)}, so only a PO writes the report; "
            f"{p.name} is {p.grade.with_article}."
        )
