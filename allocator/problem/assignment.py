"""The state of an assignment: who has which case, with the figures every room reads off it.

One shape for the hard rules (an aggregate rule's constant-time check of one more case), the
soft terms (a reassignment's change of value), the checker and the search, so that a load or a
count means the same thing wherever it is read. A held case that is not allocated stays with its
holder, with its points, as ``Day.load_after`` counts it.
"""

from collections import Counter
from dataclasses import dataclass, field

from allocator.problem.court import type_to_write
from allocator.problem.day import Assignment, Day
from models.court import ReportType


@dataclass
class AssignmentState:
    """An assignment and, per practitioner, the load after it, the cases arriving, the new ones
    among them (not already held by that practitioner), and their held cases allocated to anyone.

    ``give`` and ``take_back`` keep every figure equal to recomputing it with ``of`` (a test holds
    them to that); ``memo`` holds figures a term derives once and is emptied by every change.
    """

    assignment: Assignment
    load: dict[str, int]
    arriving: Counter[str] = field(default_factory=Counter)
    new: Counter[str] = field(default_factory=Counter)
    leaving: Counter[str] = field(default_factory=Counter)
    reports: Counter[tuple[str, ReportType]] = field(default_factory=Counter)
    """Per (practitioner, report type written), the report requests they get (all new: a
    report is never held), so that a rule of one kind counts only its own kind."""
    memo: dict[str, object] = field(default_factory=dict)

    def reports_of(self, pid: str) -> int:
        """The report requests ``pid`` gets in the assignment, of every type."""
        return sum(n for (q, _), n in self.reports.items() if q == pid)

    @classmethod
    def of(cls, day: Day, assignment: Assignment) -> "AssignmentState":
        """The state of ``assignment`` (copied). Each counter is counted in one pass over the
        assignment in its order (a practitioner's first case decides their place in it), as
        ``give`` would have built it case by case."""
        takers = list(assignment.values())
        holders = list(map(day.holder.get, assignment))
        arriving: Counter[str] = Counter(takers)
        new: Counter[str] = Counter([q for q, h in zip(takers, holders, strict=True) if q != h])
        leaving: Counter[str] = Counter([h for h in holders if h is not None])
        reports: Counter[tuple[str, ReportType]] = Counter()
        if day.report_ids:
            for cid, pid in assignment.items():
                if cid in day.report_ids:
                    reports[(pid, _written(day, cid))] += 1
        return cls(dict(assignment), day.load_after(assignment), arriving, new, leaving, reports)

    @classmethod
    def empty(cls, day: Day) -> "AssignmentState":
        """Nothing allocated: every load is the load before the day."""
        return cls({}, dict(day.load_before))

    def give(self, day: Day, cid: str, pid: str) -> None:
        """Give ``cid`` to ``pid``, from nobody or from whoever has it now."""
        holder = day.holder.get(cid)
        old = self.assignment.get(cid)
        if old is None:
            if holder is not None:
                self.leaving[holder] += 1
                self.load[holder] -= day.held_points[cid]
        else:
            self._leave(day, cid, old, holder)
        self.arriving[pid] += 1
        if holder != pid:
            self.new[pid] += 1
        self.load[pid] += day.points[cid]
        if cid in day.report_ids:
            self.reports[(pid, _written(day, cid))] += 1
        self.assignment[cid] = pid
        if self.memo:
            self.memo.clear()

    def take_back(self, day: Day, cid: str) -> None:
        """Unallocate ``cid``: a held case returns to its holder's load."""
        holder = day.holder.get(cid)
        self._leave(day, cid, self.assignment.pop(cid), holder)
        if holder is not None:
            self.leaving[holder] -= 1
            self.load[holder] += day.held_points[cid]
        if self.memo:
            self.memo.clear()

    def _leave(self, day: Day, cid: str, old: str, holder: str | None) -> None:
        self.arriving[old] -= 1
        if holder != old:
            self.new[old] -= 1
        self.load[old] -= day.points[cid]
        if cid in day.report_ids:
            self.reports[(old, _written(day, cid))] -= 1


def _written(day: Day, cid: str) -> ReportType:
    """The type of report request ``cid`` that will be written (an SDR where one is required)."""
    request = day.case_by_id[cid].report
    assert request is not None
    return type_to_write(request)
