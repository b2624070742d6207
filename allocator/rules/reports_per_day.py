"""Reports per day: a practitioner's reports of each type today stay within the policy's limits.

Source: docs/domain.md, "Court reports" (issue 17); the limits are policy data
(``policy.court.max_reports_per_day``: an assumption, no seed gives a figure). The reports a
writer already holds for today (``CourtSitting.reports_held`` on today's sittings) count; the
type that counts is the one that will be written (an SDR where one is required). A writer
already over a limit takes no more of that type; the limit never forces a report on anyone.
"""

from collections import Counter
from collections.abc import Hashable

from allocator.problem.assignment import AssignmentState
from allocator.problem.court import type_to_write
from allocator.problem.day import ELSEWHERE, Assignment, Day
from allocator.rules.base import AggregateRule, Limit, count_of
from models.case import Case
from models.court import ReportType
from models.staff import Practitioner

_COUNTED: dict[ReportType, tuple[str, str]] = {
    "oral": ("oral report", "oral reports"),
    "fast_delivery": ("fast delivery report", "fast delivery reports"),
    "standard_delivery": ("SDR", "SDRs"),
}


def held_today(day: Day, p: Practitioner) -> Counter[ReportType]:
    """Reports of each type ``p`` already holds for today, over today's sittings."""
    held: Counter[ReportType] = Counter()
    for sitting in p.court_rota:
        if sitting.on == day.date:
            held.update(sitting.reports_held)
    return held


def written(day: Day, cid: str) -> ReportType:
    """The type report request ``cid`` will be written as."""
    request = day.case_by_id[cid].report
    assert request is not None
    return type_to_write(request)


class ReportsPerDay(AggregateRule):
    """Per practitioner and report type: reports held for today + today's new <= the limit."""

    name = "reports_per_day"
    title = "reports per day"
    applies_to = "reports"
    quotable = True

    def enabled(self, day: Day) -> bool:
        return bool(day.report_ids) and bool(day.policy.court.max_reports_per_day)

    def _room(self, day: Day, p: Practitioner, kind: ReportType) -> int | None:
        """How many more reports of ``kind`` ``p`` may take today (None: no limit)."""
        limit = day.policy.court.max_reports_per_day.get(kind)
        if limit is None:
            return None
        return max(0, limit - held_today(day, p)[kind])

    def limits(self, day: Day, p: Practitioner) -> list[Limit]:
        by_kind: dict[ReportType, dict[str, int]] = {}
        for cid in sorted(day.report_ids):
            by_kind.setdefault(written(day, cid), {})[cid] = 1
        out = []
        for kind, x in sorted(by_kind.items()):
            room = self._room(day, p, kind)
            if room is not None:
                out.append(Limit(p.id, x, {}, room))
        return out

    def _judge(self, day: Day, p: Practitioner, counts: Counter[ReportType]) -> str | None:
        for kind in sorted(counts):
            room = self._room(day, p, kind)
            if room is not None and counts[kind] > room:
                limit = day.policy.court.max_reports_per_day[kind]
                total = held_today(day, p)[kind] + counts[kind]
                return (
                    f"{p.name} would have {count_of(total, *_COUNTED[kind])} today; the "
                    f"policy's limit is {limit} a day."
                )
        return None

    def violation_at(self, day: Day, assignment: Assignment, p: Practitioner) -> str | None:
        counts: Counter[ReportType] = Counter(
            written(day, c) for c, q in assignment.items() if q == p.id
        )
        return self._judge(day, p, counts)

    def violations(self, day: Day, assignment: Assignment) -> list[tuple[str, str]]:
        per: dict[str, Counter[ReportType]] = {}
        for cid, pid in assignment.items():
            if pid != ELSEWHERE:
                per.setdefault(pid, Counter())[written(day, cid)] += 1
        out = []
        for pid in sorted(per):
            sentence = self._judge(day, day.staff_by_id[pid], per[pid])
            if sentence is not None:
                out.append((pid, sentence))
        return out

    def case_key(self, day: Day, case: Case) -> Hashable:
        return written(day, case.id)

    def excludes_new(self, day: Day, case: Case, p: Practitioner) -> bool:
        return self._judge(day, p, Counter({written(day, case.id): 1})) is not None

    def excludes(self, day: Day, case: Case, p: Practitioner) -> str | None:
        return self._judge(day, p, Counter({written(day, case.id): 1}))

    def violation_adding(
        self, day: Day, stats: AssignmentState, case: Case, p: Practitioner
    ) -> str | None:
        kind = written(day, case.id)
        return self._judge(day, p, Counter({kind: stats.reports[(p.id, kind)] + 1}))
