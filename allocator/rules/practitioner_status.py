"""Practitioner status: who has left, is leaving, is on long-term absence or takes no new cases.

Sources: seed 001 (capacity and whereabouts in the Wales allocation trackers) and the live
service's reallocation reason "officer left". docs/domain.md, "Public-protection guards": a
practitioner who has left, is leaving within the policy's horizon, is on long-term absence, or
is marked "no new cases" receives no new case; where the policy sets an absence horizon, so
does someone whose leave starts within it (a new case's first appointment would fall in it). A practitioner who has left holds their cases
only until they are reallocated: one of them on today's list cannot stay with them.

The reason for "no new cases" is never printed: it may be health data.
"""

from collections.abc import Hashable
from datetime import timedelta

from allocator.problem.day import Day
from allocator.rules.base import PairRule
from models.case import Case
from models.staff import Practitioner


def status_problem(day: Day, p: Practitioner) -> str | None:
    """Why ``p`` takes no new case on the day, or None when their status allows it."""
    today = day.date
    horizon_days = day.policy.status_horizon_days
    horizon = today + timedelta(days=horizon_days)
    if p.left_on is not None and p.left_on <= today:
        return f"{p.name} left the service on {p.left_on.isoformat()}."
    if p.left_on is not None and p.left_on <= horizon:
        return (
            f"{p.name} leaves the service on {p.left_on.isoformat()}, within the policy's "
            f"{horizon_days}-day horizon, so takes no new case."
        )
    start, end = p.long_term_absence_from, p.long_term_absence_to
    if start is not None and start <= horizon and (end is None or end >= today):
        until = f"until {end.isoformat()}" if end is not None else "with no return date recorded"
        if start <= today:
            return f"{p.name} is on long-term absence {until}, so takes no new case."
        return (
            f"{p.name} starts a long-term absence on {start.isoformat()} ({until}), within the "
            f"policy's {horizon_days}-day horizon, so takes no new case."
        )
    ahead = day.policy.absence_horizon_days
    for a in sorted(p.absences, key=lambda a: (a.start, a.end)):
        if a.kind != "training" and today < a.start <= today + timedelta(days=ahead):
            return (
                f"{p.name} is absent from {a.start.isoformat()}, within the policy's {ahead}-day "
                "horizon for a first appointment, so takes no new case."
            )
    if p.no_new_cases_reason is not None:
        return f"{p.name} is marked by the SPO as taking no new cases."
    return None


class PractitionerStatus(PairRule):
    """Excludes staff who take no new case; excludes a leaver from keeping a listed case."""

    name = "practitioner_status"
    title = "practitioner status"
    applies_to = "both"
    quotable = True

    def case_key(self, day: Day, case: Case) -> Hashable:
        return ()  # the holder's own pair is evaluated apart (eligibility)

    def staff_key(self, day: Day, p: Practitioner) -> Hashable:
        return (
            p.left_on,
            p.long_term_absence_from,
            p.long_term_absence_to,
            p.no_new_cases_reason,
            tuple((a.start, a.kind) for a in p.absences),
        )

    def excludes_new(self, day: Day, case: Case, p: Practitioner) -> bool:
        return status_problem(day, p) is not None

    def excludes(self, day: Day, case: Case, p: Practitioner) -> str | None:
        if case.current_practitioner_id == p.id:
            if p.has_left(day.date):
                assert p.left_on is not None
                return (
                    f"{p.name} left the service on {p.left_on.isoformat()}; the cases they held "
                    "go to someone present."
                )
            return None  # leaving or absence stops new work; it does not move a case by itself
        return status_problem(day, p)
