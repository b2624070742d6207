"""The WMT's workload overview of a scenario: per practitioner, per POD and per PDU.

Every figure comes from ``allocator.problem.workload``, the same functions the Day reads, so
the overview and a proposal's workload % agree. POD and PDU workload % are the sum of points
over the sum of available points, not the mean of the members' percentages.
"""

from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal

from allocator.problem import court
from allocator.problem.tiering import resolve_tier
from allocator.problem.workload import (
    adjustment_points,
    capacity,
    case_points,
    contact_points,
    potential_pct,
    report_points,
    whole_points,
    workload_pct,
    zero_pct_reason,
)
from models.enums import CASE_HOLDING_GRADES, CaseType
from models.policy import Policy
from models.scenario import Scenario
from models.staff import Holding
from models.workload import (
    GroupWorkload,
    PotentialWorkload,
    PractitionerWorkload,
    ReductionLine,
    TierPoints,
    WorkloadOverview,
)

UNTIERED = "untiered"


def workload_overview(
    scenario: Scenario, policy: Policy, case_id: str | None = None
) -> WorkloadOverview:
    """The overview of every case-holding practitioner, in POD then id order.

    With ``case_id`` (a case on the scenario's list), each practitioner also gets the potential
    workload if that case were allocated to them. Raises ``KeyError`` for an unknown case id.
    """
    potential_of = None
    if case_id is not None:
        case = next((c for c in scenario.cases if c.id == case_id), None)
        if case is None:
            raise KeyError(case_id)
        if case.report is not None:  # a report's points come from its type, not a tier
            potential_of = (case.id, court.report_points(case.report, policy))
        else:
            tier = resolve_tier(case, policy.framework)
            potential_of = (
                case.id,
                case_points(policy, tier, case.case_type, case.points, case.t2a),
            )
    held: dict[str, list[Holding]] = defaultdict(list)
    for h in scenario.holdings:
        held[h.practitioner_id].append(h)
    contacts = contact_points(scenario)
    rows: list[PractitionerWorkload] = []
    staff = sorted(
        (p for p in scenario.practitioners if p.grade in CASE_HOLDING_GRADES),
        key=lambda p: (p.pod_id, p.id),
    )
    for p in staff:
        cap = capacity(p, policy, scenario.date)
        tiers: dict[tuple[str, CaseType], list[int]] = {}
        by_type = dict.fromkeys(CaseType, 0)
        held_points: dict[str, int] = {}
        for h in sorted(held[p.id], key=lambda h: h.case_id):
            pts = case_points(policy, h.tier, h.case_type, h.points, h.t2a)
            held_points[h.case_id] = pts
            entry = tiers.setdefault((h.tier or UNTIERED, h.case_type), [0, 0])
            entry[0] += 1
            entry[1] += pts
            by_type[h.case_type] += pts
        cases = sum(held_points.values())
        reports = report_points(p, policy)
        adjust = adjustment_points(p)
        contact = contacts.get(p.id, Decimal(0))
        total = whole_points(Decimal(cases + reports + adjust + p.other_points) + contact)
        available = cap.available_points
        potential = None
        if potential_of is not None:
            cid, new = potential_of
            already = held_points.get(cid, 0)
            potential = PotentialWorkload(
                case_id=cid,
                case_points=new,
                already_held_points=already,
                points=total - already + new,
                workload_pct=potential_pct(total, available, new, already),
            )
        rows.append(
            PractitionerWorkload(
                id=p.id,
                name=p.name,
                grade=p.grade,
                pod_id=p.pod_id,
                contracted_hours=float(cap.contracted_hours),
                contracted_defaulted=cap.contracted_defaulted,
                default_hours=float(cap.default_hours),
                nominal_target=cap.nominal_target,
                reductions=[
                    ReductionLine(reason=r.reason, label=r.label, hours=float(r.hours), how=r.how)
                    for r in cap.reductions
                ],
                reduction_hours=float(cap.reduction_hours),
                available_hours=float(cap.available_hours),
                available_points=available,
                case_points=cases,
                report_points=reports,
                adjustment_points=adjust,
                contact_points=float(contact),
                other_points=p.other_points,
                points=total,
                by_tier=[
                    TierPoints(tier=t, case_type=ct, cases=n, points=pts)
                    for (t, ct), (n, pts) in sorted(tiers.items(), key=_tier_order(policy))
                ],
                points_by_type=by_type,
                workload_pct=workload_pct(total, available),
                zero_reason=zero_pct_reason(total, available),
                potential=potential,
            )
        )
    pdu_of_pod = {pod.id: pod.pdu_id for pod in scenario.pods}
    pods = _groups(rows, {pod.id: pod.name for pod in scenario.pods}, lambda r: r.pod_id)
    pdus = _groups(
        rows, {pdu.id: pdu.name for pdu in scenario.pdus}, lambda r: pdu_of_pod[r.pod_id]
    )
    return WorkloadOverview(
        date=scenario.date,
        policy=f"{policy.name} {policy.version}",
        case_id=case_id,
        practitioners=rows,
        pods=pods,
        pdus=pdus,
    )


TierItem = tuple[tuple[str, CaseType], list[int]]


def _tier_order(policy: Policy) -> Callable[[TierItem], tuple[int, str, int]]:
    """Sort key: the framework's tier order (highest risk first), untiered last, then type."""
    rank = {t.code: i for i, t in enumerate(policy.framework.tiers)}
    types = list(CaseType)

    def key(item: TierItem) -> tuple[int, str, int]:
        (tier, case_type), _ = item
        base = policy.supervised_tier(tier) if tier != UNTIERED else None
        return (rank.get(base, len(rank)) if base else len(rank), tier, types.index(case_type))

    return key


def _groups(
    rows: list[PractitionerWorkload],
    names: dict[str, str],
    group_of: Callable[[PractitionerWorkload], str],
) -> list[GroupWorkload]:
    """Sum of points over sum of available points per group, in group id order."""
    points: dict[str, int] = defaultdict(int)
    available: dict[str, int] = defaultdict(int)
    members: dict[str, int] = defaultdict(int)
    for r in rows:
        g = group_of(r)
        points[g] += r.points
        available[g] += r.available_points
        members[g] += 1
    return [
        GroupWorkload(
            id=g,
            name=names.get(g, g),
            practitioners=members[g],
            points=points[g],
            available_points=available[g],
            workload_pct=workload_pct(points[g], available[g]),
            zero_reason=zero_pct_reason(points[g], available[g]),
        )
        for g in sorted(members)
    ]
