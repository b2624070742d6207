"""Legacy origin (the legacy hub rule, off by default): former NPS cases do not go to former
CRC staff.

Source: seed 001 (a legacy hub could allocate former CRC cases to former NPS staff but not the
reverse; any cross-legacy allocation is agreed by an SPO and endorsed by a management-oversight
entry). The allowed direction is flagged on the line for that entry (``legacy_note``).
"""

from collections.abc import Hashable

from allocator.problem.day import Day
from allocator.rules.base import PairRule
from models.case import Case
from models.staff import Practitioner


def is_cross_legacy(case: Case, p: Practitioner) -> bool:
    """Both origins are known and differ."""
    return (
        case.legacy_origin is not None
        and p.legacy_origin is not None
        and case.legacy_origin != p.legacy_origin
    )


class LegacyOrigin(PairRule):
    """Excludes former CRC staff from former NPS cases, where the policy turns it on."""

    name = "legacy_origin"
    title = "legacy origin"
    applies_to = "supervision"

    def enabled(self, day: Day) -> bool:
        return day.policy.legacy_origin_rule

    def case_key(self, day: Day, case: Case) -> Hashable:
        return case.legacy_origin

    def staff_key(self, day: Day, p: Practitioner) -> Hashable:
        return p.legacy_origin

    def excludes(self, day: Day, case: Case, p: Practitioner) -> str | None:
        if case.legacy_origin == "nps" and p.legacy_origin == "crc":
            return (
                f"{p.name} is former CRC staff; under this policy a former NPS case does not go "
                "to former CRC staff."
            )
        return None
