"""Short-format training: an oral or fast delivery report is written by a PO or a trained PSO.

Source: seed 003, chapter 2 ("All court reports will, where appropriate, be completed as short
format reports by trained and competent PSOs"); docs/domain.md, "Court reports". The type that
counts is the one that will be written (``type_to_write``): a request that must become an SDR
is not a short-format report.
"""

from collections.abc import Hashable

from allocator.problem.court import is_short_format, type_to_write
from allocator.problem.day import Day
from allocator.rules.base import PairRule
from models.case import Case
from models.enums import Grade
from models.staff import Practitioner

REPORT_TYPE_WORDS: dict[str, str] = {
    "oral": "an oral report",
    "fast_delivery": "a fast delivery report",
    "standard_delivery": "a standard delivery report (SDR)",
}
"""How each report type is named in a sentence."""


def may_write_short_format(p: Practitioner) -> bool:
    """A PO, or a PSO trained for short-format reports."""
    return p.grade == Grade.PO or (p.grade == Grade.PSO and p.short_format_trained)


class ShortFormatTraining(PairRule):
    """Excludes all but POs and trained PSOs from an oral or fast delivery report."""

    name = "short_format_training"
    title = "short-format training"
    applies_to = "reports"
    quotable = True

    def case_key(self, day: Day, case: Case) -> Hashable:
        assert case.report is not None
        return is_short_format(type_to_write(case.report))

    def staff_key(self, day: Day, p: Practitioner) -> Hashable:
        return may_write_short_format(p)

    def excludes(self, day: Day, case: Case, p: Practitioner) -> str | None:
        assert case.report is not None
        kind = type_to_write(case.report)
        if not is_short_format(kind) or may_write_short_format(p):
            return None
        return (
            f"{case.id} is {REPORT_TYPE_WORDS[kind]}, written only by a PO or a PSO trained for "
            f"short-format reports; {p.name} is {p.grade.with_article} without that training."
            if p.grade == Grade.PSO
            else f"{case.id} is {REPORT_TYPE_WORDS[kind]}, written only by a PO or a PSO trained "
            f"for short-format reports; {p.name} is {p.grade.with_article}."
        )
