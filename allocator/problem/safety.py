"""Safety fields of a case resolved: given, derived, or the policy's named default, never silently.

docs/domain.md, "Public-protection guards": an input that omits whether a case needs ViSOR must not
mean "no ViSOR", and a case is allocated only once its DIF and its risk screening are complete.
So each safety field is taken, in order, from the input, from the facts it follows from (ViSOR
from the MAPPA category and level, by policy data; the risk screening from a recorded RoSH
unless it is stated), or
from a default the policy names explicitly, which the proposal then records. The readers reject
an input where none of these gives a value (``safety_problems``); a scenario built in code that
skips the readers gets the safe side (ViSOR needed, DIF and screening not complete).
"""

from dataclasses import dataclass

from models.case import Case
from models.enums import MappaCategory, MappaLevel, Rosh
from models.policy import Policy
from models.scenario import Scenario


@dataclass(frozen=True)
class Safety:
    """The resolved safety facts of one case, and the fields a policy default supplied."""

    needs_visor: bool
    dif_complete: bool
    rosh: Rosh | None
    risk_assessed: bool
    assumed: tuple[str, ...] = ()
    visor_overruled: bool = False
    """``needs_visor`` was given false but the MAPPA data needs ViSOR: treated as needed."""


def visor_from_mappa(case: Case, policy: Policy) -> bool | None:
    """ViSOR need by the policy's MAPPA data, or None when the case has no MAPPA facts."""
    return _visor_by_mappa(case.mappa_category, case.mappa_level, policy)


def _visor_by_mappa(
    category: MappaCategory | None, level: MappaLevel | None, policy: Policy
) -> bool | None:
    if category is None and level is None:
        return None
    return category in policy.visor_mappa_categories or level in policy.visor_mappa_levels


SafetyFacts = tuple[
    bool | None, MappaCategory | None, MappaLevel | None, bool | None, Rosh | None, str | None
]
"""What ``resolve_safety`` reads of a case: needs_visor, MAPPA category and level, DIF, RoSH
and risk assessment, in that order."""


def safety_facts(case: Case) -> SafetyFacts:
    """The case's fields its safety facts follow from (``SafetyFacts``): two cases that agree
    on them resolve alike under one policy, so a day resolves each distinct tuple once."""
    return (
        case.needs_visor,
        case.mappa_category,
        case.mappa_level,
        case.dif_complete,
        case.rosh,
        case.risk_assessment,
    )


def resolve_safety(case: Case, policy: Policy) -> Safety:
    """The case's safety facts by the order in the module docstring.

    A given ``needs_visor: false`` on a case whose MAPPA facts need ViSOR is overruled: the
    derivation is policy data about public protection and an export's stale flag must not beat it.
    """
    return resolve_safety_facts(safety_facts(case), policy)


def resolve_safety_facts(facts: SafetyFacts, policy: Policy) -> Safety:
    """``resolve_safety`` from the case's ``safety_facts`` alone (it reads nothing else)."""
    given_visor, category, level, given_dif, given_rosh, risk_assessment = facts
    defaults = policy.safety_defaults
    assumed: list[str] = []
    derived = _visor_by_mappa(category, level, policy)
    if given_visor is not None:
        needs_visor = given_visor or bool(derived)
    elif derived is not None:
        needs_visor = derived
    elif defaults.needs_visor is not None:
        needs_visor = defaults.needs_visor
        assumed.append("needs_visor")
    else:
        needs_visor = True
    if given_dif is not None:
        dif = given_dif
    elif defaults.dif_complete is not None:
        dif = defaults.dif_complete
        assumed.append("dif_complete")
    else:
        dif = False
    rosh = given_rosh
    if rosh is None and risk_assessment is None and defaults.rosh is not None:
        rosh = defaults.rosh
        assumed.append("rosh")
    assessed = risk_assessment == "complete" if risk_assessment is not None else rosh is not None
    overruled = given_visor is False and bool(derived)
    return Safety(needs_visor, dif, rosh, assessed, tuple(assumed), overruled)


def assumption_sentence(case_id: str, field: str, policy: Policy) -> str:
    """How the proposal records a policy default it used (no special-category value in it)."""
    value = getattr(policy.safety_defaults, field)
    shown = value.value if isinstance(value, Rosh) else str(value).lower()
    return (
        f"{case_id}: {field} was not given; the policy {policy.name} names the default "
        f"{shown}, which this proposal assumed."
    )


def overruled_sentence(case_id: str) -> str:
    """How the proposal records a given ``needs_visor: false`` the MAPPA data overrules."""
    return (
        f"{case_id}: needs_visor was given as false, but its MAPPA category and level need "
        "ViSOR under the policy, so this proposal treats it as a ViSOR case."
    )


def safety_problems(scenario: Scenario, policy: Policy, source: str) -> list[str]:
    """Every case whose safety field is neither given, derivable nor defaulted by the policy,
    each naming the file and field and what to write."""
    defaults = policy.safety_defaults
    out: list[str] = []
    for i, c in enumerate(scenario.cases):
        where = f"{source}: cases[{i}]"
        if c.report is not None:
            continue  # a report request has no supervision safety facts (its rules read none)
        if (
            c.needs_visor is None
            and visor_from_mappa(c, policy) is None
            and defaults.needs_visor is None
        ):
            out.append(
                f"{where}.needs_visor: not given, and no MAPPA category or level to derive it "
                "from; write true or false (an omission never means 'no ViSOR')"
            )
        if c.dif_complete is None and defaults.dif_complete is None:
            out.append(
                f"{where}.dif_complete: not given; write true when the Diversity Information "
                "Form is complete, false when it is not"
            )
        if c.rosh is None and c.risk_assessment is None and defaults.rosh is None:
            out.append(
                f"{where}.rosh: not given; write the RoSH level, or risk_assessment "
                "'incomplete' when the screening is not done"
            )
    return out
