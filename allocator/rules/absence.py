"""Absence: no case goes to a practitioner who is absent on the allocation date.

Source: seed 001 (capacity and whereabouts in the Wales allocation trackers); docs/domain.md
"capacity": cases are not given to absent practitioners. The kind of absence is not printed
beyond "training" (sickness is health data).
"""

from collections.abc import Hashable

from allocator.problem.day import Day
from allocator.rules.base import PairRule
from models.case import Case
from models.staff import Practitioner


class Absence(PairRule):
    """Excludes practitioners absent on the day, or with no available hours at all."""

    name = "absence"
    title = "absence"
    applies_to = "both"
    quotable = True

    def case_key(self, day: Day, case: Case) -> Hashable:
        return ()  # the holder's own pair is evaluated apart (eligibility)

    def excludes_new(self, day: Day, case: Case, p: Practitioner) -> bool:
        return self._absent(day, p) is not None

    def excludes(self, day: Day, case: Case, p: Practitioner) -> str | None:
        if case.current_practitioner_id == p.id:
            return None  # absence stops new work, it does not move a case by itself
        return self._absent(day, p)

    def _absent(self, day: Day, p: Practitioner) -> str | None:
        if day.available[p.id] == 0 and not p.absent_on(day.date):
            return f"{p.name} has no available hours (reductions take all their contracted hours)."
        for a in sorted(p.absences, key=lambda a: (a.start, a.end, a.kind)):
            if a.covers(day.date):
                what = "on a training day" if a.kind == "training" else "absent"
                return f"{p.name} is {what} on {day.date.isoformat()} (until {a.end.isoformat()})."
        return None
