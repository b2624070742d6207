"""Derive a case's tier from its risk and needs facts, following the framework's data.

Two derivation methods exist (``models.policy``): the 2021 unified tiering (risk letter x needs
digit) and the NPS 2016 seven-category model. Every threshold, weight and point value is read
from the framework; the only constants here are the shape of each method (docs/domain.md, "Unified
tier derivation"; seed 003, diagram 1).

A missing fact is counted as 0 (or the lowest level) and listed in ``missing`` in plain words.
Steps never name a special-category value: they say "complexity registrations: 2 x 2 points",
not which registrations.
"""

from dataclasses import dataclass
from typing import TypeVar

from models.case import CaseFacts, Need, RiskFacts
from models.enums import CaseFlag, MappaLevel, NeedArea, Rosh, Severity
from models.policy import (
    LetterBand,
    Nps2016Derivation,
    RiskBand,
    ScoreBand,
    TierDefinition,
    TieringFramework,
    UnifiedDerivation,
)
from models.tiering import DerivationStep, TierDerivation

_Band = TypeVar("_Band", ScoreBand, LetterBand)

_RSR_OR_ROSH = "only the higher of RSR and RoSH counts"


def resolve_tier(case: CaseFacts, framework: TieringFramework) -> str:
    """The case's tier: the one it carries if set (not checked here), else the derived one."""
    if case.tier is not None:
        return case.tier
    return derive_tier(case, framework).tier


def derive_tier(facts: CaseFacts, framework: TieringFramework) -> TierDerivation:
    """The case's tier under ``framework`` and every step that reached it.

    A tier the case carries is passed through (``given=True``). Raises ``ValueError`` naming the
    case when the given tier is not a tier of the framework, when no tier is given and there is
    no risk fact at all (no risk facts, RoSH or MAPPA level), or when the framework's data
    leads to a code that is not one of its tiers.
    """
    if facts.tier is not None:
        known = given_tier(facts.tier, framework)
        if known is None:
            raise ValueError(
                f"case {facts.id}: tier '{facts.tier}' is not a tier of {framework.name} "
                f"({_codes(framework)})"
            )
        return TierDerivation(
            case_id=facts.id,
            framework=framework.name,
            tier=facts.tier,
            given=True,
            risk_letter=known.risk_band,
        )
    if facts.risk is None and facts.rosh is None and facts.mappa_level is None:
        raise ValueError(
            f"case {facts.id}: no tier given and no risk facts (risk, rosh, mappa_level) to derive "
            "one from"
        )
    derivation = framework.derivation
    if isinstance(derivation, UnifiedDerivation):
        return _derive_unified(facts, framework, derivation)
    return _derive_nps_2016(facts, framework, derivation)


def given_tier(code: str, framework: TieringFramework) -> TierDefinition | None:
    """The framework tier a given code stands for: the tier itself, or the base tier of an
    unsupervised code (the unified suffix, for example 'B2S'); None when it is neither."""
    for t in framework.tiers:
        if t.code == code:
            return t
    d = framework.derivation
    if (
        isinstance(d, UnifiedDerivation)
        and d.unsupervised_suffix
        and code.endswith(d.unsupervised_suffix)
    ):
        base = code[: -len(d.unsupervised_suffix)]
        return next((t for t in framework.tiers if t.code == base), None)
    return None


# --- unified 2021 -------------------------------------------------------------------------


@dataclass
class _Facts:
    """The facts the unified derivation counts, read from registrations, an assessment and
    convictions where the case gives them, else from the pre-digested facts."""

    rosh: Rosh | None
    mappa_level: MappaLevel | None
    complexity: int
    iom: bool
    unsupervised: bool


def _derive_unified(
    facts: CaseFacts, framework: TieringFramework, d: UnifiedDerivation
) -> TierDerivation:
    steps: list[DerivationStep] = []
    missing: list[str] = []
    risk = facts.risk
    if risk is None:
        missing.append(
            "risk and needs facts not given (RSR, OGRS, complexity registrations, needs): each "
            "counted as 0 points, with a mandate for change and a valid assessment assumed"
        )
    read = _read_registrations(facts, d, steps)
    risk_points = _rsr_or_rosh(read.rosh, risk, d, steps, missing)
    risk_points += _other_risk_points(read, risk, d, steps)
    letter_band = _first_at_or_above(risk_points, d.risk_letters)
    if letter_band is None:
        raise ValueError(
            f"case {facts.id}: {risk_points} risk points are below every risk letter of "
            f"{framework.name}"
        )
    digit, needs_points = _needs(facts, read, risk, d, steps, missing)
    code = f"{letter_band.letter}{digit}"
    if code not in {t.code for t in framework.tiers}:
        raise ValueError(
            f"case {facts.id}: derived tier {code} is not a tier of {framework.name} "
            f"({_codes(framework)})"
        )
    if read.unsupervised:
        code += d.unsupervised_suffix
        steps.append(
            DerivationStep(
                axis="supervision",
                factor="unsupervised",
                points=0,
                note=f"unsupervised registration: tier {code} (the '{d.unsupervised_suffix}' "
                "suffix; an unsupervised case scores 0 workload points)",
            )
        )
    return TierDerivation(
        case_id=facts.id,
        framework=framework.name,
        tier=code,
        given=False,
        risk_letter=letter_band.letter,
        needs_digit=digit,
        risk_points=risk_points,
        needs_points=needs_points,
        steps=steps,
        missing=missing,
    )


def _read_registrations(
    facts: CaseFacts, d: UnifiedDerivation, steps: list[DerivationStep]
) -> _Facts:
    """RoSH, MAPPA level, complexity, IOM and unsupervised from the registrations if given.

    Historic registrations (code or level HREG) are dropped; RoSH is the newest RoSH
    registration and MAPPA the newest MAPPA one (on the same date, the higher level); a MAPPA
    level outside M1-M3 counts as none; complexity codes are counted once each, ignoring case.
    Without registrations, the pre-digested facts are read (complexity entries counted once).
    """
    risk = facts.risk
    iom_flag = CaseFlag.IOM in facts.flags
    if risk is None or risk.registrations is None:
        distinct = {c.strip().lower() for c in risk.complexity_registrations} if risk else set()
        return _Facts(facts.rosh, facts.mappa_level, len(distinct), iom_flag, False)
    historic = d.historic_code.upper()
    current = [
        r
        for r in risk.registrations
        if r.code.upper() != historic and (r.level or "").upper() != historic
    ]
    dropped = len(risk.registrations) - len(current)
    rosh_codes = {k.upper(): v for k, v in d.rosh_codes.items()}
    rosh_regs = [
        (r.date, rosh_codes[r.code.upper()]) for r in current if r.code.upper() in rosh_codes
    ]
    rosh = max(rosh_regs, key=lambda x: (x[0], x[1].order))[1] if rosh_regs else None
    mappa_regs = [r for r in current if r.code.upper() == d.mappa_code.upper()]
    levels = {k.upper(): v for k, v in d.mappa_levels.items()}
    mappa: MappaLevel | None = None
    if mappa_regs:
        newest = max(mappa_regs, key=lambda r: (r.date, levels.get((r.level or "").upper(), 0)))
        mappa = levels.get((newest.level or "").upper())
    complexity_codes = {c.upper() for c in d.complexity_codes}
    complexity = len({r.code.upper() for r in current} & complexity_codes)
    codes = {r.code.upper() for r in current}
    iom = iom_flag or d.iom_code.upper() in codes
    unsupervised = d.unsupervised_code.upper() in codes
    note = f"{len(current)} current registrations read"
    if dropped:
        note += f", {dropped} historic dropped"
    note += f": RoSH {_words(rosh) if rosh else 'none'}"
    note += f", MAPPA level {int(mappa) if mappa else 'none'}"
    if facts.rosh is not None and facts.rosh != rosh:
        note += f" (the recorded RoSH {_words(facts.rosh)} is not used)"
    if facts.mappa_level is not None and facts.mappa_level != mappa:
        note += f" (the recorded MAPPA level {int(facts.mappa_level)} is not used)"
    steps.append(DerivationStep(axis="risk", factor="registrations", points=0, note=note))
    return _Facts(rosh, mappa, complexity, iom, unsupervised)


def _rsr_band(value: float, bands: list[ScoreBand]) -> ScoreBand | None:
    """The band whose [min, max] holds ``value``: the highest min at or below it, if within its
    max (a value in a gap between bands, or above every max, is in none)."""
    band = _first_at_or_above(value, bands)
    if band is not None and band.max is not None and value > band.max:
        return None
    return band


def _rsr_or_rosh(
    rosh: Rosh | None,
    risk: RiskFacts | None,
    d: UnifiedDerivation,
    steps: list[DerivationStep],
    missing: list[str],
) -> int:
    """Risk points from the higher of RSR and RoSH, with a step for each one given."""
    rsr = risk.rsr_pct if risk is not None else None
    if risk is not None and rsr is None:
        missing.append("RSR not given: counted as 0 risk points")
    if rosh is None:
        missing.append("RoSH not given: counted as 0 risk points")
    band = _rsr_band(rsr, d.rsr_bands) if rsr is not None else None
    rsr_points = band.value if band is not None else 0
    rosh_points = d.rosh_points.get(rosh, 0) if rosh is not None else 0
    rsr_counts = rsr_points >= rosh_points
    if rsr is not None:
        if band is not None:
            where = (
                f"{band.min:g}% to {band.max:g}%"
                if band.max is not None
                else f"at or above {band.min:g}%"
            )
        else:
            where = "outside every band"
        note = f"RSR {rsr:g}% ({where}) gives {rsr_points} points"
        if not rsr_counts and rsr_points > 0:
            note += f"; not counted: RoSH gives more ({_RSR_OR_ROSH})"
        steps.append(
            DerivationStep(
                axis="risk", factor="RSR", points=rsr_points if rsr_counts else 0, note=note
            )
        )
    if rosh is not None:
        note = f"RoSH {_words(rosh)} gives {rosh_points} points"
        if rsr_counts and rsr is not None and rosh_points > 0:
            same = rosh_points == rsr_points
            note += f"; not counted: RSR gives {'as much' if same else 'more'} ({_RSR_OR_ROSH})"
        steps.append(
            DerivationStep(
                axis="risk",
                factor="RoSH",
                points=rosh_points if not rsr_counts or rsr is None else 0,
                note=note,
            )
        )
    return max(rsr_points, rosh_points)


def _other_risk_points(
    read: _Facts, risk: RiskFacts | None, d: UnifiedDerivation, steps: list[DerivationStep]
) -> int:
    """Risk points from MAPPA level, complexity registrations and women-specific factors."""
    total = 0
    if read.mappa_level is not None:
        points = d.mappa_level_points.get(read.mappa_level, 0)
        total += points
        steps.append(
            DerivationStep(
                axis="risk",
                factor="MAPPA level",
                points=points,
                note=f"MAPPA level {int(read.mappa_level)} gives {points} points",
            )
        )
    if read.complexity:
        points = read.complexity * d.registration_points
        total += points
        steps.append(
            DerivationStep(
                axis="risk",
                factor="complexity registrations",
                points=points,
                note=f"complexity registrations: {read.complexity} x {d.registration_points} "
                f"points = {points} points",
            )
        )
    if risk is not None and risk.women_factors is not None:
        # Only the points are shown, under a neutral name: which factors, and that the case has
        # women-specific factors at all (the person's sex), is special-category data.
        w = risk.women_factors
        count = int(w.previous_breach_or_recall)
        if risk.valid_assessment:
            count += int(w.parenting_responsibilities)
            count += int(w.impulsivity or w.temper_control)
        if count:
            points = count * d.women_factor_points
            total += points
            steps.append(
                DerivationStep(
                    axis="risk",
                    factor="additional risk factors",
                    points=points,
                    note=f"additional risk factors: {points} points",
                )
            )
    return total


def _mandate(risk: RiskFacts | None, d: UnifiedDerivation, steps: list[DerivationStep]) -> bool:
    """The mandate for change: from current convictions when given, else the fact given."""
    if risk is None:
        return True
    if risk.convictions is None:
        return risk.mandate_for_change
    no_mandate = {k.lower() for k in d.no_mandate_requirements}
    current = [c for c in risk.convictions if not c.terminated]
    custodial = any(c.custodial for c in current)
    requirement = any(
        not r.restrictive and r.kind.strip().lower() not in no_mandate
        for c in current
        for r in c.requirements
    )
    if custodial:
        why = "a custodial sentence"
    elif requirement:
        why = "a requirement that is not restrictive, unpaid work or an order extension"
    else:
        why = "no custodial sentence and no requirement other than restrictive ones, unpaid work or order extensions"
    steps.append(
        DerivationStep(
            axis="needs",
            factor="convictions",
            points=0,
            note=f"{len(current)} current convictions ({len(risk.convictions) - len(current)} "
            f"terminated): {why}",
        )
    )
    return custodial or requirement


def _assessed_needs(
    facts: CaseFacts, risk: RiskFacts, d: UnifiedDerivation, steps: list[DerivationStep]
) -> list[Need]:
    """Need severities scored from the assessment's section answers, else the needs given."""
    assessment = risk.assessment
    if assessment is None:
        return list(risk.needs)
    answers: dict[NeedArea, list[int | None]] = {}
    for i, section in enumerate(assessment.sections):
        for j, answer in enumerate(section.answers):
            key = answer.strip().lower()
            if key not in d.answer_scores:
                known = ", ".join(a.capitalize() for a in d.answer_scores)
                raise ValueError(
                    f"case {facts.id}: assessment sections[{i}].answers[{j}] is not a known "
                    f"answer ({known})"
                )
            answers.setdefault(section.area, []).append(d.answer_scores[key])
    thresholds = dict(d.need_thresholds)
    if assessment.san_thresholds:
        thresholds.update(d.san_need_thresholds)
    needs: list[Need] = []
    scored = 0
    for area, scores in answers.items():
        counted = [s for s in scores if s is not None]
        limit = thresholds.get(area)
        if not counted or limit is None:
            continue  # only Missing or Unknown answers: the section has no score
        scored += 1
        score = sum(counted)
        if score >= limit.severe:
            needs.append(Need(area=area, severity=Severity.SEVERE))
        elif score >= limit.standard:
            needs.append(Need(area=area, severity=Severity.STANDARD))
    which = "SAN" if assessment.san_thresholds else "standard"
    steps.append(
        DerivationStep(
            axis="needs",
            factor="assessment",
            points=0,
            note=f"{scored} sections scored against the {which} thresholds: {len(needs)} needs "
            f"({sum(n.severity == Severity.SEVERE for n in needs)} severe)",
        )
    )
    return needs


def _needs(
    facts: CaseFacts,
    read: _Facts,
    risk: RiskFacts | None,
    d: UnifiedDerivation,
    steps: list[DerivationStep],
    missing: list[str],
) -> tuple[int, int | None]:
    """The needs digit and, when counted, the needs points."""
    if not _mandate(risk, d, steps):
        steps.append(
            DerivationStep(
                axis="needs",
                factor="mandate for change",
                points=0,
                note="no mandate for change (no custodial sentence and no requirement other than "
                f"unpaid work): needs digit {d.no_mandate_digit}, needs not counted",
            )
        )
        return d.no_mandate_digit, None
    if risk is not None and not risk.valid_assessment:
        steps.append(
            DerivationStep(
                axis="needs",
                factor="valid assessment",
                points=0,
                note=f"no valid needs assessment: needs digit {d.no_assessment_digit}, needs not "
                "counted",
            )
        )
        return d.no_assessment_digit, None
    total = 0
    needs = _assessed_needs(facts, risk, d, steps) if risk is not None else []
    if needs:
        points = sum(
            d.need_weights.get(n.area, 0) * d.severity_scores.get(n.severity, 0) for n in needs
        )
        total += points
        steps.append(
            DerivationStep(
                axis="needs",
                factor="criminogenic needs",
                points=points,
                note=f"assessed needs: {len(needs)}, weight x severity: {points} points",
            )
        )
    if risk is not None:
        if risk.ogrs is None:
            missing.append("OGRS not given: counted as 0 needs points")
        else:
            points = risk.ogrs // d.ogrs_divisor
            total += points
            steps.append(
                DerivationStep(
                    axis="needs",
                    factor="OGRS",
                    points=points,
                    note=f"OGRS {risk.ogrs} / {d.ogrs_divisor}, whole part: {points} points",
                )
            )
    if read.iom:
        total += d.iom_points
        steps.append(
            DerivationStep(
                axis="needs",
                factor="IOM",
                points=d.iom_points,
                note=f"IOM case: {d.iom_points} points",
            )
        )
    band = _first_at_or_above(total, d.needs_digits)
    if band is None:
        raise ValueError(
            f"case {facts.id}: {total} needs points are below every needs digit of the framework"
        )
    return band.value, total


# --- NPS 2016 -------------------------------------------------------------------------------


def _derive_nps_2016(
    facts: CaseFacts, framework: TieringFramework, d: Nps2016Derivation
) -> TierDerivation:
    steps: list[DerivationStep] = []
    missing: list[str] = []
    letter: RiskBand
    if facts.mappa_level is not None and facts.mappa_level in d.a_mappa_levels:
        letter = "A"
        levels = ", ".join(str(int(level)) for level in d.a_mappa_levels)
        steps.append(
            DerivationStep(
                axis="band",
                factor="MAPPA level",
                points=0,
                note=f"MAPPA level {int(facts.mappa_level)}: tier A (MAPPA levels {levels})",
            )
        )
    else:
        letter = _nps_band(facts, d, steps, missing)
    variants = [t.code for t in framework.tiers if t.risk_band == letter]
    if len(variants) == 1:
        code = variants[0]
    else:
        suffix = _nps_additional_factors(facts, d, steps)
        code = f"{letter}{suffix}"
        if code not in variants:
            raise ValueError(
                f"case {facts.id}: derived tier {code} is not a tier of {framework.name} "
                f"({_codes(framework)})"
            )
    return TierDerivation(
        case_id=facts.id,
        framework=framework.name,
        tier=code,
        given=False,
        risk_letter=letter,
        steps=steps,
        missing=missing,
    )


def _nps_band(
    facts: CaseFacts, d: Nps2016Derivation, steps: list[DerivationStep], missing: list[str]
) -> RiskBand:
    """The first band whose criterion is met, else the last band."""
    if not d.bands:
        raise ValueError(f"case {facts.id}: the framework has no risk bands below A")
    risk = facts.risk
    rsr = risk.rsr_pct if risk is not None else None
    ogrs = risk.ogrs if risk is not None else None
    if rsr is None and any(b.rsr_min is not None for b in d.bands):
        missing.append("RSR not given: counted as 0%")
    if ogrs is None and any(b.ogrs_min is not None for b in d.bands):
        missing.append("OGRS not given: counted as 0")
    if facts.rosh is None and any(b.rosh for b in d.bands):
        missing.append(f"RoSH not given: counted as {_words(Rosh.LOW)}")
    rsr_value = rsr if rsr is not None else 0.0
    ogrs_value = ogrs if ogrs is not None else 0
    rosh_value = facts.rosh if facts.rosh is not None else Rosh.LOW
    for band in d.bands:
        met: list[tuple[str, str]] = []
        if band.rsr_min is not None and rsr_value >= band.rsr_min:
            met.append(("RSR", f"RSR {rsr_value:g}% is at or above {band.rsr_min:g}%"))
        if band.ogrs_min is not None and ogrs_value >= band.ogrs_min:
            met.append(("OGRS", f"OGRS {ogrs_value} is at or above {band.ogrs_min}"))
        if rosh_value in band.rosh:
            met.append(("RoSH", f"RoSH {_words(rosh_value)}"))
        if met:
            for factor, why in met:
                steps.append(
                    DerivationStep(
                        axis="band", factor=factor, points=0, note=f"{why}: band {band.letter}"
                    )
                )
            return band.letter
    last = d.bands[-1]
    above = ", ".join(b.letter for b in d.bands[:-1])
    steps.append(
        DerivationStep(
            axis="band",
            factor="no band criterion met",
            points=0,
            note=f"no criterion of band {above or last.letter} met: band {last.letter} (the last)",
        )
    )
    return last.letter


def _nps_additional_factors(
    facts: CaseFacts, d: Nps2016Derivation, steps: list[DerivationStep]
) -> str:
    """'1' with any additional factor, else '2'; the step counts the factors, never names them."""
    factors = len(set(facts.flags) & set(d.additional_factor_flags))
    if any(
        facts.mappa_category == ref.category and facts.mappa_level == ref.level
        for ref in d.additional_factor_mappa
    ):
        factors += 1
    if factors:
        note = f"{factors} additional factor{'s' if factors > 1 else ''} present: variant 1"
        suffix = "1"
    else:
        note = "no additional factor: variant 2"
        suffix = "2"
    steps.append(
        DerivationStep(axis="additional_factor", factor="additional factors", points=0, note=note)
    )
    return suffix


# --- helpers --------------------------------------------------------------------------------


def _first_at_or_above(value: float, bands: list[_Band]) -> _Band | None:
    """The band with the highest ``min`` at or below ``value`` (bands are read highest first)."""
    for band in sorted(bands, key=lambda b: b.min, reverse=True):
        if value >= band.min:
            return band
    return None


def _words(rosh: Rosh) -> str:
    return rosh.value.replace("_", " ")


def _codes(framework: TieringFramework) -> str:
    return ", ".join(t.code for t in framework.tiers)
