"""PDU scope: a case is allocated within its own Probation Delivery Unit.

Source: seeds 000 and 001 (allocation is the remit of the POD's SPO within the PDU).
"""

from collections.abc import Hashable

from allocator.problem.day import Day
from allocator.rules.base import PairRule
from models.case import Case
from models.staff import Practitioner


class PduScope(PairRule):
    """Excludes practitioners of other PDUs."""

    name = "pdu_scope"
    title = "PDU scope"
    applies_to = "both"
    quotable = True

    def case_key(self, day: Day, case: Case) -> Hashable:
        return case.pdu_id

    def excludes(self, day: Day, case: Case, p: Practitioner) -> str | None:
        pdu = day.pdu_of_staff[p.id]
        if pdu == case.pdu_id:
            return None
        return f"{p.name} works in PDU {pdu}; the case is allocated in PDU {case.pdu_id}."
