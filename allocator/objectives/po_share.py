"""The share of reports written by POs, close to the policy's target over its period.

Source: seed 003, chapter 2 (POs write about 35% of reports, trained PSOs about 65%; "the split
is a target, not a quota"); docs/domain.md, "Court reports". The share is read per court team
(the team covering the request's court; requests on a court no team covers form one group of
their own), over ``policy.court.po_share_period_days``: the reports the team already allocated
within the period (``CourtTeam.reports_in_period`` and ``po_reports_in_period``; with
``propose --db`` raised to what the decision store records) plus today's.

For each group with a request on today's list, with T the target in tenths of a percent,
n the reports (before plus today's allocated) and k those written by a PO::

    |1000 * k - T * n|

in thousandths of a report (1000 is one report off the target), summed over the groups: an
absolute deviation, so that the term pulls towards the target from both sides.
"""

from dataclasses import dataclass

from allocator.objectives.base import DeviationItem, DeviationSpec, Objective, TermSpec
from allocator.problem.court import court_team_of
from allocator.problem.day import Assignment, Day
from allocator.rules.eligibility import Eligibility
from models.enums import Grade

UNCOVERED = ""
"""The group of requests on a court that no court team covers."""


@dataclass(frozen=True)
class ShareGroup:
    """One court team's requests on today's list and its reports already allocated."""

    team_id: str
    case_ids: tuple[str, ...]
    reports_before: int
    po_before: int


def target_permille(day: Day) -> int:
    """The policy's PO share target in tenths of a percent."""
    return round(10 * day.policy.court.po_share_target_pct)


def share_groups(day: Day) -> list[ShareGroup]:
    """Today's report requests grouped by the court team covering their court, in team id
    order; each group with the team's reports already allocated within the period."""
    cached = day.memo.get("po_share_groups")
    if isinstance(cached, list):
        return cached
    teams = {t.id: t for t in day.scenario.court_teams}
    team_of_court = court_team_of(day.scenario.court_teams)
    members: dict[str, list[str]] = {}
    for c in day.cases:
        if c.report is not None:
            members.setdefault(team_of_court.get(c.report.court_id, UNCOVERED), []).append(c.id)
    groups = []
    for tid, cids in sorted(members.items()):
        team = teams.get(tid)
        groups.append(
            ShareGroup(
                tid,
                tuple(cids),
                team.reports_in_period if team else 0,
                team.po_reports_in_period if team else 0,
            )
        )
    day.memo["po_share_groups"] = groups
    return groups


def is_po(day: Day, pid: str) -> bool:
    """Whether ``pid`` writes as a PO (the grade the share counts)."""
    return day.staff_by_id[pid].grade == Grade.PO


def group_counts(day: Day, group: ShareGroup, assignment: Assignment) -> tuple[int, int]:
    """(reports, reports by a PO) of the group: before, plus today's allocated."""
    n, k = group.reports_before, group.po_before
    for cid in group.case_ids:
        pid = assignment.get(cid)
        if pid is not None:
            n += 1
            k += is_po(day, pid)
    return n, k


def period_counts(day: Day, assignment: Assignment) -> tuple[int, int]:
    """(reports, reports by a PO) over the period, summed over the court teams of today's
    requests: what the term pulls towards the target, as the proposal reports it."""
    n = k = 0
    for group in share_groups(day):
        gn, gk = group_counts(day, group, assignment)
        n, k = n + gn, k + gk
    return n, k


class PoShare(Objective):
    name = "po_share"
    applies_to = "reports"
    unit = "thousandths of a report off the PO share target"
    description = (
        "How far the share of reports written by POs (over the policy's period, reports "
        "already allocated included) is from the policy's target, per court team."
    )

    def spec(self, day: Day, elig: Eligibility) -> TermSpec:
        target = target_permille(day)
        items = []
        for group in share_groups(day):
            pair = {}
            for cid in group.case_ids:
                for pid in elig.candidates[cid]:
                    coef = (1000 if is_po(day, pid) else 0) - target
                    if coef:
                        pair[(cid, pid)] = coef
            constant = 1000 * group.po_before - target * group.reports_before
            items.append(DeviationItem(pair, constant))
        return DeviationSpec(tuple(items))

    def score(self, day: Day, elig: Eligibility, assignment: Assignment) -> int:
        target = target_permille(day)
        total = 0
        for group in share_groups(day):
            n, k = group_counts(day, group, assignment)
            total += abs(1000 * k - target * n)
        return total

    def phrase(self, delta: int) -> str:
        return "move the share of reports written by POs further from the policy's target"
