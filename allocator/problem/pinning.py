"""A day with SPO-decided lines turned into holdings, so the rest is solved around them.

Shared by the engine (which solves the other cases on this day) and the independent checker
(which recomputes the objective terms on the same day), so that both read one definition.
"""

from collections.abc import Mapping
from typing import Any

from allocator.problem.court import court_team_of, type_to_write
from allocator.problem.day import Day
from models.enums import Grade
from models.scenario import Scenario


def pin_into_holdings(day: Day, pinned: Mapping[str, str]) -> Scenario:
    """The day's scenario with each pinned case (case id -> practitioner id) turned into a
    holding of its pinned practitioner.

    The pinned points count in the practitioner's workload and, when the case is new to them,
    in today's and this week's allocations; a pinned report request counts instead in the
    reports they hold today (their first sitting today), against the daily report limits.
    """
    data = day.scenario.model_dump(mode="json")
    holdings = {h["case_id"]: h for h in data["holdings"]}
    staff = {p["id"]: p for p in data["practitioners"]}
    for cid, pid in pinned.items():
        c = day.case_by_id[cid]
        holdings[cid] = {
            "case_id": cid,
            "practitioner_id": pid,
            "tier": day.tier.get(cid),  # a report request has none: its points are given
            "case_type": c.case_type.value,
            "points": day.points[cid],
            "flags": [f.value for f in c.flags],
            "mappa": c.mappa_category is not None or c.mappa_level is not None,
        }
        if c.report is not None:
            _hold_report(staff[pid], type_to_write(c.report), day.date.isoformat())
        elif c.current_practitioner_id != pid:
            staff[pid]["allocations_today"] += 1
            staff[pid]["allocations_this_week"] += 1
    _count_pinned_reports(day, data, pinned)
    data["holdings"] = list(holdings.values())
    data["cases"] = [c for c in data["cases"] if c["id"] not in pinned]
    return Scenario.model_validate(data)


def _count_pinned_reports(day: Day, data: dict[str, Any], pinned: Mapping[str, str]) -> None:
    """Add each pinned report to its court team's reports already allocated in the period
    (and to its POs' when a PO writes it): the pinned line leaves today's list, and the PO
    share over the period still counts it."""
    teams = {t["id"]: t for t in data.get("court_teams", [])}
    team_of_court = court_team_of(day.scenario.court_teams)
    for cid, pid in sorted(pinned.items()):
        report = day.case_by_id[cid].report
        tid = team_of_court.get(report.court_id) if report is not None else None
        if tid is None:
            continue
        teams[tid]["reports_in_period"] += 1
        teams[tid]["po_reports_in_period"] += day.staff_by_id[pid].grade == Grade.PO


def _hold_report(practitioner: dict[str, Any], kind: str, today: str) -> None:
    """Count one more report of ``kind`` held at the practitioner's first sitting today. One
    with no sitting today writes no other report today (the court rota), so nothing counts."""
    for sitting in practitioner.get("court_rota", []):
        if sitting["on"] == today:
            held = sitting.setdefault("reports_held", {})
            held[kind] = held.get(kind, 0) + 1
            return
