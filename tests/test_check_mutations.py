"""The checker refuses every kind of false figure (issue 16): each library scenario's proposal
passes, and each single fault injected into it is refused with a message naming what is wrong.

The faults are those a careful reviewer injected and the checker used to accept: a changed term
value, a value below its own bound, a gap with status OPTIMAL, a line showing another
practitioner's name, a wrong grade, POD, eligibility count or exclusion count, a reason naming
someone else, a wrong alternative, and blocked cases whose blocking set or near misses are
wrong. A fault that does not apply to a scenario (no alternatives, nothing blocked) is skipped
there; a last test holds that every fault applied somewhere.
"""

from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

from allocator import propose
from allocator.check import check
from allocator.io.scenario_files import read_scenario
from models import Policy, Proposal, Scenario

ROOT = Path(__file__).resolve().parents[1]
LIBRARY = sorted((ROOT / "scenarios").glob("*.json"))

Mutation = Callable[[Scenario, Proposal], str | None]
"""Injects one fault into a proposal (in place); returns a fragment the checker's message
must contain, or None when the fault does not apply to this proposal."""


@cache
def _solved(path: Path) -> tuple[Scenario, Policy, Proposal]:
    s, pol = read_scenario(path, None)
    return s, pol, propose(s, pol)


def _other_staff(s: Scenario, pid: str) -> tuple[str, str] | None:
    """Another practitioner's (id, name), not ``pid``."""
    return next(((p.id, p.name) for p in s.practitioners if p.id != pid), None)


def _term(name: str, change: Callable[[Proposal, int], None], expect: str) -> Mutation:
    def mutate(s: Scenario, p: Proposal) -> str | None:
        i = next((i for i, o in enumerate(p.objective) if o.name == name), None)
        if i is None:
            return None
        change(p, i)
        return expect

    return mutate


def _value_changed(p: Proposal, i: int) -> None:
    o = p.objective[i]
    o.value, o.bound = o.value + 50, o.bound + 50  # still at its bound: only the value is false


def _value_below_bound(p: Proposal, i: int) -> None:
    p.objective[i].bound = p.objective[i].value + 1


def _gap_with_optimal(s: Scenario, p: Proposal) -> str | None:
    if p.run.status != "OPTIMAL":
        return None
    p.gap = 0.25
    return "gap 0.25"


def _optimal_off_bound(s: Scenario, p: Proposal) -> str | None:
    """A term shown off its bound (with the matching gap) under status OPTIMAL."""
    if p.run.status != "OPTIMAL" or not p.objective or p.objective[0].value == 0:
        return None
    p.objective[0].bound = p.objective[0].value - 1
    p.gap = round(1 / p.objective[0].value, 6)
    return f"Status OPTIMAL but objective {p.objective[0].name}"


def _line_field(field: str, expect: str, value: Callable[[Scenario, Proposal], object]) -> Mutation:
    def mutate(s: Scenario, p: Proposal) -> str | None:
        if not p.lines:
            return None
        new = value(s, p)
        if new is None:
            return None
        setattr(p.lines[0], field, new)
        return expect

    return mutate


def _someone_elses_name(s: Scenario, p: Proposal) -> str | None:
    other = _other_staff(s, p.lines[0].practitioner_id)
    return None if other is None else other[1]


def _reason_names_someone_else(s: Scenario, p: Proposal) -> str | None:
    """The line's own name in its reason replaced by someone else's."""
    if not p.lines:
        return None
    line = p.lines[0]
    other = _other_staff(s, line.practitioner_id)
    if other is None:
        return None
    line.reason = line.reason.replace(line.practitioner_name, other[1])
    return "The reason does not begin with the practitioner as assigned"


def _reason_mentions_a_stranger(s: Scenario, p: Proposal) -> str | None:
    """A sentence naming someone who is neither the practitioner nor an alternative, appended."""
    if not p.lines:
        return None
    line = p.lines[0]
    named = {line.practitioner_id, *(a.practitioner_id for a in line.alternatives)}
    stranger = next((x for x in s.practitioners if x.id not in named), None)
    if stranger is None:
        return None
    line.reason += f" {stranger.name} agreed."
    return f"The reason names {stranger.name}"


def _next_best_swapped(s: Scenario, p: Proposal) -> str | None:
    """The next best in the reason named as someone else (here the second alternative)."""
    line = next((x for x in p.lines if len(x.alternatives) >= 2), None)
    if line is None:
        return None
    first, second = line.alternatives[0].practitioner_name, line.alternatives[1].practitioner_name
    line.reason = line.reason.replace(f"next best, {first},", f"next best, {second},")
    return "does not name the first alternative as the next best"


def _excluded_changed(s: Scenario, p: Proposal) -> str | None:
    line = next((x for x in p.lines if x.excluded_by_rule), None)
    if line is None:
        return None
    rule = next(iter(line.excluded_by_rule))
    line.excluded_by_rule[rule] += 1
    return "Line reports exclusions by rule"


def _alternative(change: Callable[[object], None], expect: str) -> Mutation:
    def mutate(s: Scenario, p: Proposal) -> str | None:
        line = next((x for x in p.lines if x.alternatives), None)
        if line is None:
            return None
        change(line.alternatives[0])
        return expect

    return mutate


def _alt_name(alt: object) -> None:
    alt.practitioner_name = "Synthetic Nobody"  # type: ignore[attr-defined]


def _alt_cost(alt: object) -> None:
    cost = alt.cost  # type: ignore[attr-defined]
    key = next(iter(cost), "continuity")
    cost[key] = cost.get(key, 0) + 1


def _alt_workload(alt: object) -> None:
    alt.workload_after_pct += 5  # type: ignore[attr-defined]


def _blocked(change: Callable[[Scenario, Proposal], str | None]) -> Mutation:
    def mutate(s: Scenario, p: Proposal) -> str | None:
        return change(s, p) if p.blocked else None

    return mutate


def _blocking_rule_dropped(s: Scenario, p: Proposal) -> str | None:
    b = p.blocked[0]
    if len(b.blocking_rules) < 2 and b.blocking_rules != ["case_readiness"]:
        b.blocking_rules = ["absence"] if b.blocking_rules != ["absence"] else ["capacity"]
    else:
        b.blocking_rules = b.blocking_rules[1:] or ["conflicts"]
    return "do not block the case"


def _blocking_rule_added(s: Scenario, p: Proposal) -> str | None:
    b = p.blocked[0]
    extra = next(r for r in ("conflicts", "absence", "capacity") if r not in b.blocking_rules)
    b.blocking_rules = [*b.blocking_rules, extra]
    return "is redundant"


def _blocked_counts(s: Scenario, p: Proposal) -> str | None:
    b = p.blocked[0]
    b.excluded_by_rule = {**b.excluded_by_rule, "conflicts": 99}
    return "Blocked case reports exclusions"


def _near_miss_name(s: Scenario, p: Proposal) -> str | None:
    b = next((x for x in p.blocked if x.nearest), None)
    if b is None:
        return None
    b.nearest[0].practitioner_name = "Synthetic Nobody"
    return f"Near miss {b.nearest[0].practitioner_id} is reported as Synthetic Nobody"


def _near_miss_rules(s: Scenario, p: Proposal) -> str | None:
    b = next((x for x in p.blocked if x.nearest), None)
    if b is None:
        return None
    b.nearest[0].failed_rules = ["conflicts"]
    return f"Near miss {b.nearest[0].practitioner_id} reports failing"


def _blocked_reason_stranger(s: Scenario, p: Proposal) -> str | None:
    """A blocked reason naming a member of staff who holds no cases (outside the PDU's holders)."""
    b = p.blocked[0]
    outsider = next((x for x in s.practitioners if x.grade.value in ("SPO", "ACO")), None)
    if outsider is None:
        return None
    b.reason += f" {outsider.name} said so."
    return f"The reason names {outsider.name}"


def _blocked_claimed_for_a_line(s: Scenario, p: Proposal) -> str | None:
    """An allocatable line moved to the blocked list."""
    if not p.lines or not p.blocked:
        return None
    line = p.lines.pop()
    p.blocked.append(
        p.blocked[0].model_copy(
            update={
                "case_id": line.case_id,
                "tier": line.tier,
                "reason_on_list": line.reason_on_list,
            }
        )
    )
    return "could take it without breaking a hard rule"


MUTATIONS: dict[str, Mutation] = {
    "max_utilisation value": _term(
        "max_utilisation", _value_changed, "max_utilisation reports value"
    ),
    "continuity below its bound": _term("continuity", _value_below_bound, "below its bound"),
    "spread value": _term("spread", _value_changed, "spread reports value"),
    "unallocated_risk value": _term("unallocated_risk", _value_changed, "unallocated_risk reports"),
    "gap 0.25 with OPTIMAL": _gap_with_optimal,
    "OPTIMAL off its bound": _optimal_off_bound,
    "another practitioner's name": _line_field(
        "practitioner_name", "Line reports practitioner name", _someone_elses_name
    ),
    "wrong grade": _line_field(
        "grade", "Line reports grade", lambda s, p: "PSO" if p.lines[0].grade != "PSO" else "PO"
    ),
    "wrong POD": _line_field("pod_id", "Line reports POD", lambda s, p: "SYN-POD-9999"),
    "wrong eligible count": _line_field(
        "eligible_count", "Line reports eligible count", lambda s, p: p.lines[0].eligible_count + 1
    ),
    "wrong workload before": _line_field(
        "workload_before_pct",
        "Line reports workload before",
        lambda s, p: p.lines[0].workload_before_pct + 3,
    ),
    "wrong points": _line_field(
        "points", "Line reports points", lambda s, p: p.lines[0].points + 1
    ),
    "wrong exclusion count": _excluded_changed,
    "reason names someone else": _reason_names_someone_else,
    "reason mentions a stranger": _reason_mentions_a_stranger,
    "next best swapped": _next_best_swapped,
    "alternative's name": _alternative(_alt_name, "is reported as Synthetic Nobody"),
    "alternative's cost": _alternative(_alt_cost, "reports cost"),
    "alternative's workload": _alternative(_alt_workload, "reports workload after"),
    "blocking rule replaced": _blocked(_blocking_rule_dropped),
    "blocking rule added": _blocked(_blocking_rule_added),
    "blocked counts": _blocked(_blocked_counts),
    "near miss name": _near_miss_name,
    "near miss rules": _near_miss_rules,
    "blocked reason names a stranger": _blocked(_blocked_reason_stranger),
    "allocatable case claimed blocked": _blocked_claimed_for_a_line,
}

APPLIED: set[str] = set()


@pytest.mark.parametrize("path", LIBRARY, ids=lambda p: p.stem)
def test_library_proposals_pass_the_checker(path: Path) -> None:
    """Without a fault, every library proposal passes: the checks raise no false alarm."""
    s, pol, p = _solved(path)
    assert check(s, pol, p) == []


@pytest.mark.parametrize("kind", sorted(MUTATIONS))
@pytest.mark.parametrize("path", LIBRARY, ids=lambda p: p.stem)
def test_every_injected_fault_is_refused(path: Path, kind: str) -> None:
    """The fault, injected alone into the library proposal, is refused with a message naming it."""
    s, pol, solved = _solved(path)
    p = solved.model_copy(deep=True)
    expect = MUTATIONS[kind](s, p)
    if expect is None:
        pytest.skip(f"{kind} does not apply to {path.stem}")
    APPLIED.add(kind)
    messages = [v.message for v in check(s, pol, p)]
    assert any(expect in m for m in messages), messages


def test_every_kind_of_fault_applied_to_some_scenario() -> None:
    """No kind of fault is vacuous: each was injected into at least one library proposal (runs
    after the parametrised test above, in file order)."""
    for kind in sorted(MUTATIONS):
        if kind in APPLIED:
            continue
        applied = False
        for path in LIBRARY:
            s, _, solved = _solved(path)
            if MUTATIONS[kind](s, solved.model_copy(deep=True)) is not None:
                applied = True
                break
        assert applied, f"{kind} applied to no library scenario"
