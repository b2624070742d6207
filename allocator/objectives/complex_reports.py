"""Complex report requests are written by POs.

Source: seed 003, chapter 2: complex cases, serious mental health, serious sexual or violent
offending and serious child safeguarding may need an SDR and an adjournment, a judgement a PO
is trained to make; docs/domain.md, "Court reports". The PO-only categories are hard rules;
this term covers what is complex without being PO-only (``may_need_sdr``).

``complex_reports_with_po`` = number of requests that may need an SDR given to a writer who is
not a PO (a PSO, or a PQiP learner).
"""

from allocator.objectives.base import PairCostObjective
from allocator.problem.court import may_need_sdr
from allocator.problem.day import Day
from models.enums import Grade


class ComplexReportsWithPo(PairCostObjective):
    name = "complex_reports_with_po"
    applies_to = "reports"
    unit = "complex reports not written by a PO"
    description = (
        "Report requests that may need a standard delivery report (complex or sensitive) given "
        "to a writer who is not a PO."
    )

    def pair_cost(self, day: Day, cid: str, pid: str) -> int:
        request = day.case_by_id[cid].report
        if request is None or not may_need_sdr(request.facts):
            return 0
        return int(day.staff_by_id[pid].grade != Grade.PO)

    def phrase(self, delta: int) -> str:
        if delta == 1:
            return "give a complex report to a writer who is not a PO"
        return f"give {delta} more complex reports to writers who are not POs"
