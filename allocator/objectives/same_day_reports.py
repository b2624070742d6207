"""Reports that can be completed on the day are allocated today.

Source: seed 003, chapter 2 (60% of reports are oral on the day; fast delivery reports are
written for the hearing); docs/domain.md, "Court reports". A request that ``completes_on_the_day``
(the report written is oral, or a fast delivery report due on the hearing day) and is left
unallocated means the court waits or adjourns: each such request left costs 1.

``same_day_reports`` = number of unallocated requests that complete on the day.
"""

from allocator.objectives.base import PairCostObjective
from allocator.problem.court import completes_on_the_day
from allocator.problem.day import Day


class SameDayReports(PairCostObjective):
    name = "same_day_reports"
    applies_to = "reports"
    large_bound = "all_placed"
    unit = "same-day reports left unallocated"
    description = (
        "Report requests that could be completed on the day (oral, or a fast delivery report "
        "due at the hearing) left unallocated."
    )

    def unallocated_cost(self, day: Day, cid: str) -> int:
        request = day.case_by_id[cid].report
        return int(request is not None and completes_on_the_day(request))

    def phrase(self, delta: int) -> str:
        if delta == 1:
            return "leave a report that could be completed on the day unallocated"
        return f"leave {delta} more reports that could be completed on the day unallocated"
