"""What a proposed line tells the SPO beyond who and why: the oversight it needs and the notes
they must confirm.

docs/domain.md, "Oversight level per line": each line says whether it needs SPO oversight and why,
so that the SBAR entry can say it, at seed 004's levels (1 quality assurance of processes,
2 oversight through supervision, 3 oversight of immediate risk). The triggers are a structured
code each (which may name a case category) and a neutral sentence (which never does: it is
pasted into records).
"""

from allocator.engine.trusted import trusted
from allocator.problem.court import SDR_REQUIRED_CATEGORIES, needs_adjournment, po_only_categories
from allocator.problem.day import Day, po_past_nqo_count, pqip_count
from allocator.rules.grade_vs_tier import _allowance_problem
from allocator.rules.legacy_origin import is_cross_legacy
from allocator.rules.rosh_grade import is_high_rosh
from allocator.rules.short_format_training import REPORT_TYPE_WORDS
from allocator.rules.stated_tier import tier_disagreement
from allocator.rules.visor import is_visor_ready, needs_visor
from models.case import Case
from models.enums import CaseFlag, Grade
from models.policy import GradeAllowance
from models.proposal import LineOversight, ProposalLine
from models.staff import Practitioner


def _allowance_used(day: Day, case: Case, p: Practitioner) -> GradeAllowance | None:
    """The grade allowance that lets ``p`` hold the case at its tier, if one does."""
    tier = day.tier[case.id]
    for rule in day.policy.grade_rules:
        if tier not in rule.tiers:
            continue
        for a in rule.allowances:
            if a.grade == p.grade and _allowance_problem(day, case, p, a, tier) is None:
                return a
    return None


def _conditions_applied(a: GradeAllowance, case: Case) -> bool:
    return a.requirements_only_if_flag is None or a.requirements_only_if_flag in case.flags


def _risk_raised(day: Day, case: Case) -> bool:
    if case.transferred_on_increased_risk:
        return True
    held = day.held_tier.get(case.id)
    band = _tier_bands(day).get(held) if held is not None else None
    return band is not None and day.band[case.id] < band


def _tier_bands(day: Day) -> dict[str, str]:
    """Each tier code's risk band, as ``policy.tier`` finds it (the first definition of a
    code), read once per day: a region asks for 50,000 lines."""
    bands = day.memo.get("tier_bands")
    if not isinstance(bands, dict):
        bands = {}
        for t in day.policy.framework.tiers:
            bands.setdefault(t.code, t.risk_band)
        day.memo["tier_bands"] = bands
    return bands


def triggers(
    day: Day, case: Case, p: Practitioner, line: ProposalLine
) -> list[tuple[str, int, str]]:
    """(code, level, neutral sentence) for every oversight trigger of the line."""
    if case.report is not None:
        return report_triggers(day, case)
    tier = day.tier[case.id]
    out: list[tuple[str, int, str]] = []
    if _risk_raised(day, case):
        out.append(
            (
                "raised_risk",
                3,
                f"The risk of case {case.id} has increased; the SPO oversees the immediate risk.",
            )
        )
    a = _allowance_used(day, case, p)
    if a is not None and _conditions_applied(a, case):
        if a.competency is not None:
            out.append(
                (
                    "confirmed_competency",
                    2,
                    f"A tier {tier} case goes to {p.grade.with_article} "
                    "on an SPO-confirmed competency.",
                )
            )
        if a.min_pqip_stage is not None and p.grade == Grade.PQIP:
            out.append(
                (
                    "pqip_training_stage",
                    2,
                    f"A tier {tier} case goes to a PQiP learner at the "
                    "training stage the policy requires.",
                )
            )
    if p.grade == Grade.PQIP and CaseFlag.SEXUAL_OFFENDING in case.flags:
        out.append(
            (
                "sexual_offending_to_pqip",
                2,
                "A PQiP learner takes a case in a category that needs oversight of learners.",
            )
        )
    if pod_over_pqip_ratio(day, p) and day.holder.get(case.id) != p.id:
        out.append(
            (
                "pqip_pod_limit",
                2,
                f"POD {p.pod_id} has more PQiP learners than POs past the "
                "NQO period (POD principle 8); the learner's new case needs supervision.",
            )
        )
    if day.nqo[p.id] and is_high_rosh(day, case):
        out.append(("nqo_high_risk", 2, "A newly qualified officer is given a high-risk case."))
    if needs_visor(day, case) and not is_visor_ready(p):
        via = (
            "a vetted colleague"
            if line.visor_colleague_id is not None
            else "the regional ViSOR team"
        )
        out.append(
            ("transitional_visor", 1, f"ViSOR access is through {via} (transitional arrangement).")
        )
    if is_cross_legacy(case, p):
        out.append(
            (
                "cross_legacy",
                1,
                "A cross-legacy allocation, agreed by an SPO and endorsed in a "
                "management-oversight entry.",
            )
        )
    if tier_disagreement(day, case) is not None:
        out.append(
            (
                "stated_tier",
                1,
                "The stated tier differs from the tier the risk facts give; the "
                "SPO confirms the tier.",
            )
        )
    return out


def report_triggers(day: Day, case: Case) -> list[tuple[str, int, str]]:
    """The oversight triggers of a report request's line (the supervision triggers read a tier
    and safety facts a report does not have): a shorter report requested where an SDR is
    required (seed 003: categories 1 and 2) is not blocked, but the SPO asks the court for an
    adjournment, overseen through supervision."""
    request = case.report
    assert request is not None
    if needs_adjournment(request):
        return [
            (
                "sdr_adjournment",
                2,
                "The court asked for a shorter report than the SDR the case requires: an "
                "adjournment is needed for an SDR.",
            )
        ]
    return []


def adjournment_sentence(case: Case) -> str | None:
    """'An adjournment is needed for an SDR: PO-only category 1 requires one (an oral report
    was requested).', or None when the request needs none."""
    request = case.report
    if request is None or not needs_adjournment(request):
        return None
    required = [n for n in po_only_categories(request.facts) if n in SDR_REQUIRED_CATEGORIES]
    which = " and ".join(str(n) for n in required)
    plural = "ies" if len(required) > 1 else "y"
    return (
        f"An adjournment is needed for an SDR: PO-only categor{plural} {which} "
        f"require{'' if len(required) > 1 else 's'} one "
        f"({REPORT_TYPE_WORDS[request.requested_type]} was requested)."
    )


def report_notes(day: Day, case: Case) -> list[str]:
    """What the court SPO must know about a report request's line."""
    said = adjournment_sentence(case)
    return [f"{said} Ask the court to adjourn."] if said is not None else []


def pod_over_pqip_ratio(day: Day, p: Practitioner) -> bool:
    """``p`` is a PQiP in a POD with more PQiPs than POs past the NQO period (principle 8),
    where the policy checks the ratio but does not make it block."""
    return (
        p.grade == Grade.PQIP
        and day.policy.pqip_pod_ratio
        and pqip_count(day, p.pod_id) > po_past_nqo_count(day, p.pod_id)
    )


def line_notes(day: Day, case: Case, p: Practitioner) -> list[str]:
    """What the SPO must confirm or know about the line, one sentence each."""
    if case.report is not None:
        return report_notes(day, case)
    notes = []
    if pod_over_pqip_ratio(day, p) and day.holder.get(case.id) != p.id:
        notes.append(
            f"POD {p.pod_id} has {pqip_count(day, p.pod_id)} PQiP learners but "
            f"{po_past_nqo_count(day, p.pod_id)} PO(s) past the NQO period (POD principle 8): "
            "the planner should restore the ratio."
        )
    said = tier_disagreement(day, case)
    if said is not None:
        notes.append(f"{said}: the SPO must confirm the tier.")
    if is_cross_legacy(case, p):
        notes.append(
            f"A former {str(case.legacy_origin).upper()} case to former "
            f"{str(p.legacy_origin).upper()} staff: an SPO agrees it and endorses it in a "
            "management-oversight entry (seed 001)."
        )
    return notes


def annotate(day: Day, line: ProposalLine) -> ProposalLine:
    """``line`` with its oversight and notes; a tier disagreement is said in the reason too."""
    case, p = day.case_by_id[line.case_id], day.staff_by_id[line.practitioner_id]
    found = triggers(day, case, p, line)
    oversight = trusted(
        LineOversight,
        {
            "needed": bool(found),
            "level": max((level for _, level, _ in found), default=None),
            "triggers": [code for code, _, _ in found],
            "why": [why for _, _, why in found],
        },
    )
    notes = line_notes(day, case, p)
    reason = line.reason
    adjourn = adjournment_sentence(case)
    if adjourn is not None and adjourn not in reason:
        reason += f" {adjourn}"
    said = tier_disagreement(day, case)
    if said is not None and said not in reason:
        reason += f" Note: {said}; the SPO must confirm the tier."
    # a new line from the old one's validated values (model_copy costs three times as much)
    return trusted(
        ProposalLine, {**line.__dict__, "oversight": oversight, "notes": notes, "reason": reason}
    )
