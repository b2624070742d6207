"""The day as every room reads it: the scenario in canonical order with derived facts.

Rules, objectives, the checker, the solver adapter and the explanations all read the same
``Day``, so a tier, a point count or an available-capacity figure is computed once, here.
Building it sorts every list by id: the order of the input never changes the answer.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from allocator.problem.court import report_band, report_points
from allocator.problem.custody import allocate_by
from allocator.problem.leavers import leaver_cases
from allocator.problem.safety import Safety, SafetyFacts, resolve_safety_facts, safety_facts
from allocator.problem.tiering import derive_tier, resolve_tier
from allocator.problem.workload import (
    capacity,
    case_points,
    ceiling_points,
    held_extra_points,
    is_nqo,
    months_between,
    split_unsupervised,
    workload_pct,
)
from models.case import Case
from models.enums import CASE_HOLDING_GRADES, CaseFlag, Grade
from models.policy import Policy
from models.scenario import Scenario
from models.staff import Office, Pdu, Pod, Practitioner

HEAVY_COHORTS: tuple[str, ...] = ("sexual_offending", "domestic_abuse", "mappa")

Assignment = dict[str, str]
"""Allocated cases: case id -> practitioner id."""

ELSEWHERE = ""
"""A practitioner id meaning "allocated to somebody not under consideration" (best-case checks)."""


def case_cohorts(flags: list[CaseFlag], mappa: bool) -> frozenset[str]:
    """The heavy cohorts (sexual offending, domestic abuse, MAPPA) a case belongs to."""
    out = {f.value for f in flags if f.value in HEAVY_COHORTS}
    if mappa:
        out.add("mappa")
    return frozenset(out)


_workload_pct = lru_cache(maxsize=1 << 16)(workload_pct)
"""``workload_pct`` is pure and decimal: a region's lines ask it about a few thousand distinct
(points, available) pairs some 100,000 times."""


@dataclass
class Day:
    """One allocation day: canonical lists, indices and the figures derived from them."""

    scenario: Scenario
    policy: Policy
    date: date
    cases: list[Case]
    staff: list[Practitioner]
    pods: dict[str, Pod]
    pdus: dict[str, Pdu]
    offices: dict[str, Office]
    case_by_id: dict[str, Case] = field(default_factory=dict)
    staff_by_id: dict[str, Practitioner] = field(default_factory=dict)
    tier: dict[str, str] = field(default_factory=dict)
    """Per supervision case, its tier; a report request has none (``report_ids``)."""
    band: dict[str, str] = field(default_factory=dict)
    """Per case, its risk band; for a report request its priority band (``report_band``)."""
    points: dict[str, int] = field(default_factory=dict)
    """Per case, the WMT points it brings: by tier, or by report type for a report request."""
    report_ids: frozenset[str] = frozenset()
    """Today's report requests (``Case.report``): no tier, safety facts or tier by facts."""
    overdue_days: dict[str, int] = field(default_factory=dict)
    cohorts: dict[str, frozenset[str]] = field(default_factory=dict)
    holder: dict[str, str] = field(default_factory=dict)
    held_points: dict[str, int] = field(default_factory=dict)
    held_cohorts: dict[str, frozenset[str]] = field(default_factory=dict)
    """Heavy cohorts of each held case as held (before any tier change on today's list)."""
    case_ids: frozenset[str] = frozenset()
    listed_held: dict[str, list[str]] = field(default_factory=dict)
    """Per practitioner, the cases on today's list they hold now (they may stay or leave)."""
    listed_held_points: dict[str, int] = field(default_factory=dict)
    """Per practitioner, the points of ``listed_held``: the most today's list can take off them."""
    available: dict[str, int] = field(default_factory=dict)
    ceiling: dict[str, int] = field(default_factory=dict)
    load_before: dict[str, int] = field(default_factory=dict)
    count_before: dict[str, int] = field(default_factory=dict)
    cohort_before: dict[str, Counter[str]] = field(default_factory=dict)
    absent: dict[str, bool] = field(default_factory=dict)
    nqo: dict[str, bool] = field(default_factory=dict)
    experienced: dict[str, bool] = field(default_factory=dict)
    pdu_of_staff: dict[str, str] = field(default_factory=dict)
    safety: dict[str, Safety] = field(default_factory=dict)
    """Per supervision case, its resolved safety facts (ViSOR need, DIF, RoSH, screening)."""
    held_tier: dict[str, str] = field(default_factory=dict)
    """Per held case, its tier as held (before any change on today's list)."""
    facts_tier: dict[str, str] = field(default_factory=dict)
    """Per case with both a stated tier and risk facts, the tier its facts give when it differs."""
    memo: dict[str, object] = field(default_factory=dict)
    """Figures derived once per day by the rooms that need them (for example band weights)."""

    def holders(self) -> list[Practitioner]:
        """Staff of the grades that hold cases (PO, PSO, PQIP), in id order."""
        cached = self.memo.get("holders")
        if not isinstance(cached, list):
            cached = [p for p in self.staff if p.grade in CASE_HOLDING_GRADES]
            self.memo["holders"] = cached
        return cached

    def holder_count(self) -> int:
        """How many practitioners of the case-holding grades the whole day has: the figure a
        line's reason counts its exclusions out of. Kept in the memo so that a part's slice of
        the day, which holds only its own practitioners, is given the day's
        (``DAY_WIDE_MEMO`` in allocator/solve/large/slices.py)."""
        cached = self.memo.get("holder_count")
        if not isinstance(cached, int):
            cached = len(self.holders())
            self.memo["holder_count"] = cached
        return cached

    def is_report(self, cid: str) -> bool:
        """Whether case ``cid`` is a report request rather than a supervision case."""
        return cid in self.report_ids

    def tier_label(self, cid: str) -> str:
        """The tier a line or a blocked case shows: the case's tier, empty for a report."""
        return self.tier.get(cid, "")

    def pct(self, pid: str, points: int) -> float:
        """``points`` as a workload % of the practitioner's available points."""
        return _workload_pct(points, self.available[pid])

    def load_after(self, assignment: Assignment) -> dict[str, int]:
        """Every practitioner's points after ``assignment``.

        A held case that is allocated (to anyone, its holder included) leaves its old points
        with its holder and brings its new points to whoever gets it; a held case that is not
        allocated stays as it was.

        Returns a fresh dict. The rooms that read a proposal's loads (its state, the capacity
        rule, the utilisation terms, the checker's figures) ask this of the same assignment
        several times: the last answer is kept with a copy of its assignment, and an equal
        assignment (compared entry by entry) gets a copy of it instead of a recount.
        """
        last = self.memo.get("load_after")
        if isinstance(last, tuple) and last[0] == assignment:
            return dict(last[1])
        load = dict(self.load_before)
        holder, held_points, points = self.holder, self.held_points, self.points
        for cid, pid in assignment.items():
            old = holder.get(cid)
            if old is not None:
                load[old] -= held_points[cid]
            if pid != ELSEWHERE:
                load[pid] += points[cid]
        self.memo["load_after"] = (dict(assignment), load)
        return dict(load)


def build_day(scenario: Scenario, policy: Policy) -> Day:
    """Derive the day's figures from a validated scenario and its resolved policy.

    When the scenario asks for it, the held cases of practitioners who have left join the
    day's list (``allocator.problem.leavers``): every room reads the same list.
    """
    day = Day(
        scenario=scenario,
        policy=policy,
        date=scenario.date,
        cases=sorted(
            [*scenario.cases, *(leaver_cases(scenario) if scenario.reallocate_leavers else [])],
            key=lambda c: c.id,
        ),
        staff=sorted(scenario.practitioners, key=lambda p: p.id),
        pods={p.id: p for p in sorted(scenario.pods, key=lambda p: p.id)},
        pdus={p.id: p for p in sorted(scenario.pdus, key=lambda p: p.id)},
        offices={o.id: o for o in sorted(scenario.offices, key=lambda o: o.id)},
    )
    today = scenario.date
    extra = held_extra_points(scenario, policy)
    for p in day.staff:
        day.staff_by_id[p.id] = p
        cap = capacity(p, policy, today)
        day.available[p.id] = cap.available_points
        day.ceiling[p.id] = ceiling_points(day.available[p.id], policy.capacity_ceiling_pct)
        day.load_before[p.id] = extra[p.id]
        day.count_before[p.id] = 0
        day.cohort_before[p.id] = Counter()
        no_hours = cap.available_hours <= 0
        if p.grade in CASE_HOLDING_GRADES:
            no_hours = no_hours or day.available[p.id] == 0
        day.absent[p.id] = p.absent_on(today) or no_hours
        day.nqo[p.id] = is_nqo(p, policy, today)
        since = p.in_grade_since or p.qualified_on
        day.experienced[p.id] = (
            p.grade in CASE_HOLDING_GRADES
            and not day.nqo[p.id]
            and since is not None
            and months_between(since, today) >= policy.experienced_months
        )
        day.pdu_of_staff[p.id] = day.pods[p.pod_id].pdu_id
    # A region asks the same few tiers, types, flag sets and safety facts of 100,000 cases and
    # holdings: each pure figure below is derived once per distinct argument, and the loops
    # write the day's tables through local names (a country writes some three million entries).
    points_of: dict[tuple[object, ...], int] = {}
    cohorts_of: dict[tuple[object, ...], frozenset[str]] = {}
    safety_of: dict[SafetyFacts, Safety] = {}

    def points(tier: str | None, case_type: object, override: int | None, t2a: bool) -> int:
        key = (tier, case_type, override, t2a)
        found = points_of.get(key)
        if found is None:
            found = points_of[key] = case_points(policy, tier, case_type, override, t2a)  # type: ignore[arg-type]
        return found

    def cohorts(flags: list[CaseFlag], mappa: bool) -> frozenset[str]:
        key = (*flags, mappa)
        found = cohorts_of.get(key)
        if found is None:
            found = cohorts_of[key] = case_cohorts(flags, mappa)
        return found

    holder, held_points = day.holder, day.held_points
    load_before, count_before, cohort_before = day.load_before, day.count_before, day.cohort_before
    for h in sorted(scenario.holdings, key=lambda h: h.case_id):
        pid, hid = h.practitioner_id, h.case_id
        pts = 0 if h.shadow_team else points(h.tier, h.case_type, h.points, h.t2a)
        held_cohorts = cohorts(h.flags, h.mappa)
        load_before[pid] += pts
        count_before[pid] += 1
        if held_cohorts:  # updating a Counter with nothing leaves it as it is
            cohort_before[pid].update(held_cohorts)
        holder[hid] = pid
        held_points[hid] = pts
        day.held_tier[hid] = h.tier
        day.held_cohorts[hid] = held_cohorts
    day.case_ids = frozenset(c.id for c in day.cases)
    band_of: dict[str, tuple[str, str]] = {}  # resolved tier -> (its tier, its risk band)
    case_by_id, listed_held, listed_held_points = (
        day.case_by_id,
        day.listed_held,
        day.listed_held_points,
    )
    tiers, bands, points_of_case = day.tier, day.band, day.points
    safety, overdue_days, cohorts_of_case = day.safety, day.overdue_days, day.cohorts
    framework = policy.framework
    reports: list[str] = []
    for c in day.cases:
        cid = c.id
        case_by_id[cid] = c
        held_by = holder.get(cid)
        if held_by is not None:
            listed_held.setdefault(held_by, []).append(cid)
            listed_held_points[held_by] = listed_held_points.get(held_by, 0) + held_points[cid]
        if c.report is not None:
            reports.append(cid)
            _add_report(day, c)
            continue
        # An unsupervised tier ('B2S') is held to the grade rules of its base tier, with 0 points.
        resolved = resolve_tier(c, framework)
        found = band_of.get(resolved)
        if found is None:
            tier, _ = split_unsupervised(resolved, policy)
            definition = policy.tier(tier)
            assert definition is not None, (
                f"tier {tier} of case {cid} unknown"
            )  # checked on reading
            found = band_of[resolved] = (tier, definition.risk_band)
        tiers[cid] = found[0]
        bands[cid] = found[1]
        points_of_case[cid] = points(resolved, c.case_type, c.points, c.t2a)
        facts = safety_facts(c)
        resolved_safety = safety_of.get(facts)
        if resolved_safety is None:  # a frozen value: alike cases share one
            resolved_safety = safety_of[facts] = resolve_safety_facts(facts, policy)
        safety[cid] = resolved_safety
        if c.tier is not None and c.risk is not None:
            by_facts = derive_tier(c.model_copy(update={"tier": None}), framework).tier
            if by_facts != c.tier:
                day.facts_tier[cid] = by_facts
        due = allocate_by(c, policy)
        overdue_days[cid] = max(0, (today - due).days) if due else 0
        cohorts_of_case[cid] = cohorts(
            c.flags, c.mappa_category is not None or c.mappa_level is not None
        )
    day.report_ids = frozenset(reports)
    return day


def _add_report(day: Day, c: Case) -> None:
    """A report request's figures: no tier to derive (and none is read), its points by report
    type counted in the writer's WMT workload like any case (seed 003: SDR 138, fast delivery
    65), overdue from its due date, and no heavy cohort."""
    request = c.report
    assert request is not None
    day.band[c.id] = report_band(request)
    day.points[c.id] = report_points(request, day.policy)
    day.overdue_days[c.id] = max(0, (day.date - request.due_date).days)
    day.cohorts[c.id] = frozenset()


def _pod_counts(day: Day) -> dict[str, tuple[int, int]]:
    """(PQiPs, POs past NQO) per POD, counted once per day."""
    cached = day.memo.get("pod_counts")
    if isinstance(cached, dict):
        return cached
    counts: dict[str, tuple[int, int]] = {}
    for p in day.staff:
        learners, experienced = counts.get(p.pod_id, (0, 0))
        learners += p.grade == Grade.PQIP
        experienced += p.grade == Grade.PO and not day.nqo[p.id]
        counts[p.pod_id] = (learners, experienced)
    day.memo["pod_counts"] = counts
    return counts


def po_past_nqo_count(day: Day, pod_id: str) -> int:
    """POs past their NQO period in a POD (principles 8 and 10)."""
    return _pod_counts(day).get(pod_id, (0, 0))[1]


def pqip_count(day: Day, pod_id: str) -> int:
    """PQiP learners in a POD."""
    return _pod_counts(day).get(pod_id, (0, 0))[0]
