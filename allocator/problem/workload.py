"""Workload as the live service measures it (Workload Measurement Tool figures, docs/domain.md).

Available points = nominal target x (contracted hours - reductions) / default hours for the
grade, rounded down to whole points so that capacity limits are exact integers. Workload % =
points held / available points x 100.
"""

import math
from datetime import date

from models.enums import CASE_HOLDING_GRADES, CaseType, Grade
from models.policy import Policy
from models.staff import Practitioner


def months_between(start: date, day: date) -> int:
    """Whole calendar months from ``start`` to ``day`` (0 when ``day`` is before ``start``)."""
    months = (day.year - start.year) * 12 + (day.month - start.month)
    if day.day < start.day:
        months -= 1
    return max(0, months)


def is_nqo(p: Practitioner, policy: Policy, day: date) -> bool:
    """A PO within the NQO period after qualifying (usually 12 months)."""
    return (
        p.grade == Grade.PO
        and p.qualified_on is not None
        and months_between(p.qualified_on, day) < policy.workload.nqo_period_months
    )


def reduction_pct(p: Practitioner, policy: Policy, day: date) -> float:
    """Percent of contracted hours reduced: the practitioner's own, PQiP and NQO reductions."""
    pct = p.reduction_pct
    if p.grade == Grade.PQIP and p.pqip_started_on is not None:
        month = months_between(p.pqip_started_on, day)
        for r in policy.workload.pqip_reductions:
            if r.from_month <= month < r.to_month:
                pct += r.pct
                break
    if (
        p.grade == Grade.PO
        and p.qualified_on is not None
        and months_between(p.qualified_on, day) < policy.workload.nqo_reduction_months
    ):
        pct += policy.workload.nqo_reduction_pct
    return min(100.0, pct)


def available_points(p: Practitioner, policy: Policy, day: date) -> int:
    """Points the practitioner can hold at 100%, in whole points (0 for grades holding no cases)."""
    if p.grade not in CASE_HOLDING_GRADES:
        return 0
    default_hours = policy.workload.default_hours.get(p.grade, 37.0)
    hours = max(0.0, p.contracted_hours - p.reduction_hours) * (
        1 - reduction_pct(p, policy, day) / 100
    )
    return math.floor(policy.workload.nominal_target_points * hours / default_hours + 1e-9)


def case_points(policy: Policy, tier: str, case_type: CaseType, override: int | None = None) -> int:
    """Workload points of a case: the override if given, else the policy's table."""
    if override is not None:
        return override
    definition = policy.tier(tier)
    if definition is None:
        raise KeyError(f"tier '{tier}' is not in framework {policy.framework.name}")
    return definition.points.get(case_type, 0)


def ceiling_points(available: int, ceiling_pct: float) -> int:
    """The most points a practitioner may hold under the policy's ceiling, in whole points."""
    return math.floor(available * ceiling_pct / 100 + 1e-9)


def workload_pct(points: int, available: int) -> float:
    """Workload % rounded to 0.1; a practitioner with no available points reads 0% or 999.9%."""
    if available <= 0:
        return 0.0 if points <= 0 else 999.9
    return round(points * 100 / available, 1)
