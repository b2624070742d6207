"""Court rota: the writer is in that court on the hearing day, in a team covering it, present.

Source: seed 003, chapter 2 ("Dedicated court services teams will prepare all the PSRs requested
in the courts they service"); docs/domain.md, "Court reports". A practitioner writes a court's
report only when they are a member of a court team that covers the court, are on the rota at
that court on the hearing date, and are not absent that day (leave, sickness, training or a
long-term absence). The absence rule reads today; a hearing may be another day.
"""

from collections.abc import Hashable
from datetime import date

from allocator.problem.day import Day
from allocator.rules.base import PairRule
from models.case import Case
from models.staff import Practitioner


def courts_of_team(day: Day) -> dict[str, frozenset[str]]:
    """Per court team, the courts it covers (read once per day)."""
    cached = day.memo.get("courts_of_team")
    if not isinstance(cached, dict):
        cached = {t.id: frozenset(t.court_ids) for t in day.scenario.court_teams}
        day.memo["courts_of_team"] = cached
    return cached


def away_on(p: Practitioner, on: date) -> bool:
    """Absent on ``on``: an absence covers it or a long-term absence spans it."""
    start, end = p.long_term_absence_from, p.long_term_absence_to
    long_term = start is not None and start <= on and (end is None or end >= on)
    return long_term or p.absent_on(on)


def court_name(day: Day, court_id: str) -> str:
    """The court's display name (its id when the scenario does not list it)."""
    names = day.memo.get("court_names")
    if not isinstance(names, dict):
        names = {c.id: c.name for c in day.scenario.courts}
        day.memo["court_names"] = names
    return str(names.get(court_id, court_id))


class CourtRota(PairRule):
    """Excludes writers not in a team covering the court, not on its rota that day, or absent."""

    name = "court_rota"
    title = "court rota"
    applies_to = "reports"
    quotable = True

    def case_key(self, day: Day, case: Case) -> Hashable:
        assert case.report is not None
        return (case.report.court_id, case.report.hearing_date)

    def staff_key(self, day: Day, p: Practitioner) -> Hashable:
        return (
            p.court_team_id,
            tuple(sorted((s.court_id, s.on) for s in p.court_rota)),
            tuple(sorted((a.start, a.end) for a in p.absences)),
            p.long_term_absence_from,
            p.long_term_absence_to,
        )

    def excludes(self, day: Day, case: Case, p: Practitioner) -> str | None:
        request = case.report
        assert request is not None
        court, on = request.court_id, request.hearing_date
        where = f"{court_name(day, court)} on {on.isoformat()}"
        if p.court_team_id is None or court not in courts_of_team(day).get(p.court_team_id, ()):
            return f"{p.name} is not in a court team that covers {court_name(day, court)}."
        if not any(s.court_id == court and s.on == on for s in p.court_rota):
            return f"{p.name} is not on the court rota at {where}."
        if away_on(p, on):
            return f"{p.name} is absent on {on.isoformat()}, the day of the hearing."
        return None
