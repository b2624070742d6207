"""Workload as the Workload Measurement Tool (WMT) computes it (docs/domain.md, section 6).

- Reductions in effect on the day are turned into hours: a percentage is a share of the
  *contracted* hours, capped by the reason's maximum; all are subtracted together, never below 0.
- Available points = truncate(nominal target x round_half_up((contracted - reductions) /
  default hours, 15 decimals)), with the grade's figures (a PQiP takes the PO's).
- Workload % = round_half_up(points / available, 3) x 100; 0 with a reason when there is
  nothing to divide.
- Points held: cases by tier and type (unsupervised "S" tiers and untiered cases score 0, T2A
  cases read their own table), reports, active case-management adjustments and contact
  weightings; the total rounded half-up to a whole number.

Arithmetic is in ``Decimal`` so that a figure matches the live service to the decimal it shows.
"""

import math
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from models.enums import CASE_HOLDING_GRADES, CaseType, Grade
from models.policy import Policy
from models.scenario import Scenario
from models.staff import Practitioner

ZERO = Decimal(0)
PRIVATE_REASON = "private"
PRIVATE_LABEL = "Reduction for a private reason"
HUNDRED = Decimal(100)


def dec(value: float | int) -> Decimal:
    """A number as the decimal it was written as (0.1 stays 0.1, not its binary neighbour)."""
    return Decimal(str(value))


def round_half_up(value: Decimal, places: int) -> Decimal:
    """``value`` rounded half away from zero at ``places`` decimals (not banker's rounding)."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


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


# --- capacity -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReductionHours:
    """One reduction in effect on the day, in hours of the contracted hours."""

    reason: str
    label: str
    hours: Decimal
    how: str
    """How the hours were reached, in plain words ("80% of 37 contracted hours")."""


@dataclass(frozen=True)
class Capacity:
    """A practitioner's capacity on a day, with every figure the WMT shows."""

    figures_grade: Grade
    contracted_hours: Decimal
    contracted_defaulted: bool
    default_hours: Decimal
    nominal_target: int
    reductions: tuple[ReductionHours, ...]
    reduction_hours: Decimal
    """All reductions together, at most the contracted hours."""
    available_hours: Decimal
    available_points: int


def figures_grade(grade: Grade, policy: Policy) -> Grade:
    """The grade whose default hours and nominal target apply (a PQiP takes the PO's)."""
    return policy.workload.figures_of.get(grade, grade)


def default_hours(grade: Grade, policy: Policy) -> Decimal:
    """The grade's default hours (policy data; 37 for a grade the policy does not list)."""
    return dec(policy.workload.default_hours.get(figures_grade(grade, policy), 37.0))


def nominal_target(grade: Grade, policy: Policy) -> int:
    """The grade's nominal target in points (policy data)."""
    w = policy.workload
    return w.nominal_target_by_grade.get(figures_grade(grade, policy), w.nominal_target_points)


def contracted_hours(p: Practitioner, policy: Policy) -> tuple[Decimal, bool]:
    """Contracted hours, and whether they were missing (the grade's default hours are used)."""
    if p.contracted_hours is None:
        return default_hours(p.grade, policy), True
    return dec(p.contracted_hours), False


def _h(hours: Decimal) -> str:
    """Hours as written: 37, 29.6 (never 37.0 or 3.7E+1)."""
    return f"{hours.normalize():f}"


def _pct_of(pct: Decimal, contracted: Decimal) -> Decimal:
    return pct * contracted / HUNDRED


def reductions_in_effect(p: Practitioner, policy: Policy, day: date) -> list[ReductionHours]:
    """Every reduction that counts on ``day``, each turned into hours of the contracted hours.

    Entered reductions count when in effect (dated around the day, not archived or deleted).
    The PQiP programme and NQO reductions are implied by ``pqip_started_on`` and
    ``qualified_on`` unless a reduction of that kind is entered and in effect. The undated
    ``reduction_pct`` and ``reduction_hours`` of older inputs count as entered reductions.
    """
    contracted, _ = contracted_hours(p, policy)
    reasons = policy.workload.reduction_reasons
    out: list[ReductionHours] = []
    entered = [r for r in p.reductions if r.in_effect(day)]
    for r in entered:
        reason = reasons.get(r.reason)
        label = reason.label if reason is not None else r.reason.replace("_", " ")
        if r.hours is not None:
            hours, how = dec(r.hours), f"{r.hours:g} hours entered"
        elif r.pct is not None:
            hours = _pct_of(dec(r.pct), contracted)
            how = f"{r.pct:g}% of {_h(contracted)} contracted hours"
        elif reason is not None and reason.pct is not None:
            hours = _pct_of(dec(reason.pct), contracted)
            how = f"{reason.pct:g}% of {_h(contracted)} contracted hours"
        else:
            hours, how = ZERO, "no hours or percentage entered"
        if reason is not None and reason.max_pct is not None:
            cap = _pct_of(dec(reason.max_pct), contracted)
            if hours > cap:
                hours = cap
                how += (
                    ", capped at the reason's maximum"
                    if reason.private
                    else f", capped at {reason.max_pct:g}% of contracted hours"
                )
        if reason is not None and reason.private:
            # Health, maternity and union reasons are special-category data: hours only.
            out.append(ReductionHours(PRIVATE_REASON, PRIVATE_LABEL, hours, how))
        else:
            out.append(ReductionHours(r.reason, label, hours, how))
    kinds = {r.reason.split("_")[0] for r in entered}
    out += _implied(p, policy, day, contracted, kinds)
    if p.reduction_pct:
        out.append(
            ReductionHours(
                "other",
                "Other (undated percentage)",
                _pct_of(dec(p.reduction_pct), contracted),
                f"{p.reduction_pct:g}% of {_h(contracted)} contracted hours",
            )
        )
    if p.reduction_hours:
        out.append(
            ReductionHours(
                "other",
                "Other (undated hours)",
                dec(p.reduction_hours),
                f"{p.reduction_hours:g} hours entered",
            )
        )
    return out


def _implied(
    p: Practitioner, policy: Policy, day: date, contracted: Decimal, entered_kinds: set[str]
) -> list[ReductionHours]:
    """The PQiP programme and NQO reductions the dates imply, unless entered as reductions."""
    w = policy.workload
    out: list[ReductionHours] = []
    if p.grade == Grade.PQIP and p.pqip_started_on is not None and "pqip" not in entered_kinds:
        month = months_between(p.pqip_started_on, day)
        for r in w.pqip_reductions:
            if r.from_month <= month < r.to_month:
                out.append(
                    ReductionHours(
                        f"pqip_{r.from_month}_{r.to_month}",
                        f"PQiP months {r.from_month}-{r.to_month}",
                        _pct_of(dec(r.pct), contracted),
                        f"{r.pct:g}% of {_h(contracted)} contracted hours (programme month {month})",
                    )
                )
                break
    if (
        p.grade == Grade.PO
        and p.qualified_on is not None
        and "nqo" not in entered_kinds
        and months_between(p.qualified_on, day) < w.nqo_reduction_months
    ):
        out.append(
            ReductionHours(
                "nqo",
                "NQO",
                _pct_of(dec(w.nqo_reduction_pct), contracted),
                f"{w.nqo_reduction_pct:g}% of {_h(contracted)} contracted hours (first "
                f"{w.nqo_reduction_months} months after qualifying)",
            )
        )
    return out


def capacity(p: Practitioner, policy: Policy, day: date) -> Capacity:
    """The practitioner's capacity on ``day`` (0 available points for grades holding no cases)."""
    contracted, defaulted = contracted_hours(p, policy)
    grade = figures_grade(p.grade, policy)
    default = default_hours(p.grade, policy)
    target = nominal_target(p.grade, policy)
    reductions = tuple(reductions_in_effect(p, policy, day))
    reduced = min(contracted, sum((r.hours for r in reductions), ZERO))
    left = contracted - reduced
    points = 0
    if p.grade in CASE_HOLDING_GRADES and left > 0 and default > 0:
        share = round_half_up(left / default, 15)
        points = int((target * share).to_integral_value(rounding=ROUND_DOWN))
    return Capacity(
        grade, contracted, defaulted, default, target, reductions, reduced, left, points
    )


def available_points(p: Practitioner, policy: Policy, day: date) -> int:
    """Points the practitioner can hold at 100%, in whole points (0 for grades holding no cases)."""
    return capacity(p, policy, day).available_points


def reduction_pct(p: Practitioner, policy: Policy, day: date) -> float:
    """All reductions in effect as a percent of contracted hours (at most 100)."""
    c = capacity(p, policy, day)
    if c.contracted_hours <= 0:
        return 0.0
    return float(round_half_up(c.reduction_hours * HUNDRED / c.contracted_hours, 6))


# --- points ---------------------------------------------------------------------------------


def split_unsupervised(tier: str, policy: Policy) -> tuple[str, bool]:
    """``(tier, False)``, or ``(base tier, True)`` for an unsupervised tier such as 'B2S'."""
    base = policy.supervised_tier(tier)
    if base is None or base == tier:
        return tier, False
    return base, True


def case_points(
    policy: Policy,
    tier: str | None,
    case_type: CaseType,
    override: int | None = None,
    t2a: bool = False,
) -> int:
    """Workload points of a case: the override if given, else the policy's tables.

    Untiered (None) and unsupervised ('S' suffix) cases score 0; a T2A case reads the policy's
    T2A table where it lists the tier, else the framework's table. Raises ``KeyError`` for a
    tier the framework does not know.
    """
    if override is not None:
        return override
    if tier is None:
        return 0
    base, unsupervised = split_unsupervised(tier, policy)
    definition = policy.tier(base)
    if definition is None:
        raise KeyError(f"tier '{tier}' is not in framework {policy.framework.name}")
    if unsupervised:
        return 0
    if t2a and base in policy.workload.t2a_points:
        return policy.workload.t2a_points[base].get(case_type, 0)
    return definition.points.get(case_type, 0)


def report_points(p: Practitioner, policy: Policy) -> int:
    """Points of the reports the practitioner is writing (SDR 138, fast or conversion 65 ...)."""
    return sum(policy.workload.report_points.get(r.kind, 0) for r in p.reports)


def adjustment_points(p: Practitioner) -> int:
    """Points of the practitioner's active case-management adjustments (archived ones never)."""
    return sum(a.points for a in p.adjustments if a.status == "active")


def contact_points(scenario: Scenario) -> dict[str, Decimal]:
    """Net contact weightings per practitioner: + for contacts done on others' cases, - for
    contacts others did on the cases they hold."""
    net: dict[str, Decimal] = {p.id: ZERO for p in scenario.practitioners}
    for h in scenario.holdings:
        for c in h.contacts_by_others:
            w = dec(c.points)
            net[c.practitioner_id] = net.get(c.practitioner_id, ZERO) + w
            net[h.practitioner_id] = net.get(h.practitioner_id, ZERO) - w
    return net


def held_extra_points(scenario: Scenario, policy: Policy) -> dict[str, int]:
    """Per practitioner, the points held besides the listed holdings' case points: other points,
    reports, active adjustments and net contact weightings, rounded half-up to a whole number."""
    contacts = contact_points(scenario)
    out: dict[str, int] = {}
    for p in scenario.practitioners:
        total = (
            Decimal(p.other_points + report_points(p, policy) + adjustment_points(p))
            + contacts[p.id]
        )
        out[p.id] = whole_points(total)
    return out


def whole_points(total: Decimal) -> int:
    """A points total rounded to a whole number, halves up (towards more points).

    Rounding towards +infinity at .5 (not away from zero) makes rounding the extras before adding
    a holder's whole case points the same as rounding their total: 100 + (-2.5) -> 98 either way.
    """
    return int((total + Decimal("0.5")).to_integral_value(rounding=ROUND_FLOOR))


def ceiling_points(available: int, ceiling_pct: float) -> int:
    """The most points a practitioner may hold under the policy's ceiling, in whole points."""
    return math.floor(available * ceiling_pct / 100 + 1e-9)


# --- workload % -----------------------------------------------------------------------------


def workload_ratio(points: int | Decimal, available: int | Decimal) -> Decimal:
    """points / available rounded half-up to 3 decimals; 0 when there is nothing to divide."""
    if available <= 0 or points <= 0:
        return ZERO
    return round_half_up(Decimal(points) / Decimal(available), 3)


def workload_pct(points: int, available: int) -> float:
    """Workload % as the WMT shows it: round_half_up(points / available, 3) x 100, one decimal.

    0 (never a division artefact) when there are no points or no available points; see
    ``zero_pct_reason`` for why.
    """
    return float(workload_ratio(points, available) * HUNDRED)


def zero_pct_reason(points: int, available: int) -> str | None:
    """Why a workload % reads 0 without being a plain 0 of a positive capacity, else None."""
    if available <= 0 and points > 0:
        return f"no available points: the {points} points held cannot be shown as a %"
    if available <= 0:
        return "no available points"
    return None


def potential_pct(
    points_now: int, available: int, new_points: int, held_points: int | None = None
) -> float:
    """Workload % if a case is allocated: points - its points if already held + its new points."""
    return workload_pct(points_now - (held_points or 0) + new_points, available)
