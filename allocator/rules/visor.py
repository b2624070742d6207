"""ViSOR: a ViSOR case goes to a vetted and trained practitioner.

Source: seed 001. Whether a case needs ViSOR is given or derived from its MAPPA category and
level by policy data (``allocator.problem.safety``), never silently false. Under the
*transitional* policy a non-vetted practitioner may hold the case only with ViSOR access
through a vetted, trained colleague in the same PDU (the proposal names that colleague) or,
where the policy says one is established, the regional ViSOR team; no ViSOR access is
sanctioned from a transferred (former CRC) site.
"""

from collections.abc import Hashable

from allocator.problem.day import Day
from allocator.rules.base import PairRule
from models.case import Case
from models.enums import VisorMode
from models.staff import Practitioner


def is_visor_ready(p: Practitioner) -> bool:
    """Vetted and trained."""
    return p.visor_vetted and p.visor_trained


def needs_visor(day: Day, case: Case) -> bool:
    """The case's resolved ViSOR need; a report request has none (the rule applies to
    supervision: the writer of a report does not manage the case on ViSOR)."""
    return case.id in day.safety and day.safety[case.id].needs_visor


def visor_colleague(day: Day, case: Case, p: Practitioner) -> str | None:
    """The vetted, trained colleague in ``p``'s PDU who is present today (lowest id), if any."""
    pdu = day.pdu_of_staff[p.id]
    for q in day.staff:
        if (
            q.id != p.id
            and day.pdu_of_staff[q.id] == pdu
            and is_visor_ready(q)
            and not day.absent[q.id]
            and not q.has_left(day.date)
        ):
            return q.id
    return None


def at_transferred_site(day: Day, p: Practitioner) -> bool:
    """``p`` works from a transferred (former CRC) site."""
    return p.office_id is not None and day.offices[p.office_id].transferred_site


def transitional_access(day: Day, case: Case, p: Practitioner) -> str | None:
    """How a non-vetted ``p`` reaches ViSOR under the transitional policy: 'colleague' or
    'regional team', or None when they cannot."""
    if at_transferred_site(day, p):
        return None
    if visor_colleague(day, case, p) is not None:
        return "colleague"
    if day.policy.visor_regional_team:
        return "regional team"
    return None


class Visor(PairRule):
    """Excludes a practitioner who cannot have ViSOR access for a ViSOR case."""

    name = "visor"
    title = "ViSOR vetting"
    applies_to = "supervision"

    def case_key(self, day: Day, case: Case) -> Hashable:
        return needs_visor(day, case)

    def excludes(self, day: Day, case: Case, p: Practitioner) -> str | None:
        if not needs_visor(day, case) or is_visor_ready(p):
            return None
        if day.policy.visor_mode == VisorMode.TRANSITIONAL:
            if transitional_access(day, case, p) is not None:
                return None
            if at_transferred_site(day, p):
                return (
                    f"{p.name} is not ViSOR vetted and trained, and no ViSOR access is "
                    "sanctioned from a transferred site."
                )
            return (
                f"{p.name} is not ViSOR vetted and trained, and no vetted, trained colleague in "
                f"PDU {day.pdu_of_staff[p.id]} is available today."
            )
        return f"{p.name} is not ViSOR vetted and trained (strict ViSOR policy)."
