"""ViSOR: a ViSOR case goes to a vetted and trained practitioner.

Source: seed 001. Under the *transitional* policy a non-vetted practitioner may hold the case
only if a vetted, trained colleague in the same PDU is available to give ViSOR access; the
proposal then names that colleague.
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


def visor_colleague(day: Day, case: Case, p: Practitioner) -> str | None:
    """The vetted, trained colleague in ``p``'s PDU who is present today (lowest id), if any."""
    pdu = day.pdu_of_staff[p.id]
    for q in day.staff:
        if (
            q.id != p.id
            and day.pdu_of_staff[q.id] == pdu
            and is_visor_ready(q)
            and not day.absent[q.id]
        ):
            return q.id
    return None


class Visor(PairRule):
    """Excludes a practitioner who cannot have ViSOR access for a ViSOR case."""

    name = "visor"
    title = "ViSOR vetting"

    def case_key(self, day: Day, case: Case) -> Hashable:
        return case.needs_visor

    def excludes(self, day: Day, case: Case, p: Practitioner) -> str | None:
        if not case.needs_visor or is_visor_ready(p):
            return None
        if day.policy.visor_mode == VisorMode.TRANSITIONAL:
            if visor_colleague(day, case, p) is not None:
                return None
            return (
                f"{p.name} is not ViSOR vetted and trained, and no vetted, trained colleague in "
                f"PDU {day.pdu_of_staff[p.id]} is available today."
            )
        return f"{p.name} is not ViSOR vetted and trained (strict ViSOR policy)."
