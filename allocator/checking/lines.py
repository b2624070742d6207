"""Each line's reported figures, recomputed: who (name, grade, POD), why it was listed, how many
were eligible and excluded by which rule, the alternatives and what they would cost, and every
name the reason mentions.

Eligibility is recomputed from the hard rules (``compute_eligibility``); alternatives' costs
with each term's ``reassign_delta`` against the proposal as it stands, as the explanations
define them. A reason's names are found through the scenario's names (``NameFinder``): a line
may name its practitioner, its alternatives and its ViSOR colleague, nobody else.
"""

from allocator.checking.names import NameFinder
from allocator.objectives.base import Objective
from allocator.objectives.preferences import Preferences
from allocator.objectives.registry import OBJECTIVES_BY_NAME, day_objectives
from allocator.problem.assignment import AssignmentState
from allocator.problem.day import Day
from allocator.rules.eligibility import Eligibility
from models.check import Violation
from models.proposal import ProposalLine

_PCT_TOLERANCE = 0.051
SPO_DECISION = "spo_decision"
_KNOWN_TERMS = frozenset({*OBJECTIVES_BY_NAME, SPO_DECISION})


def check_lines(
    day: Day,
    elig: Eligibility,
    lines: list[ProposalLine],
    state: AssignmentState,
    names: NameFinder,
) -> list[Violation]:
    """Every figure or name a line misreports, for the lines whose practitioner is as assigned."""
    out: list[Violation] = []
    terms = [o for _, _, o in _safe_ranked(day)]
    # Only a term with its own ``line_names`` can add a name a reason may mention.
    naming = [o for o in terms if type(o).line_names is not Objective.line_names]
    n_staff = len(day.holders())
    for line in lines:
        if state.assignment.get(line.case_id) != line.practitioner_id:
            continue
        out += _line(day, elig, line, state, names, terms, naming, n_staff)
    return out


def _safe_ranked(day: Day) -> list:  # type: ignore[type-arg]
    try:
        return day_objectives(day)
    except KeyError:  # reported by the objective check
        return []


def _line(
    day: Day,
    elig: Eligibility,
    line: ProposalLine,
    state: AssignmentState,
    names: NameFinder,
    terms: list,  # type: ignore[type-arg]
    naming: list,  # type: ignore[type-arg]
    n_staff: int,
) -> list[Violation]:
    cid, pid = line.case_id, line.practitioner_id
    case, p = day.case_by_id[cid], day.staff_by_id[pid]
    grade = p.grade.value
    n_eligible = len(elig.candidates[cid])
    problems: list[str] = []
    for field, got, want in (
        ("practitioner name", line.practitioner_name, p.name),
        ("grade", line.grade, grade),
        ("POD", line.pod_id, p.pod_id),
        ("reason on list", line.reason_on_list, case.reason.value),
        ("eligible count", line.eligible_count, n_eligible),
    ):
        if got != want:
            problems.append(f"Line reports {field} {got}; the scenario gives {want}.")
    excluded = elig.first_failure_counts(cid)
    if line.excluded_by_rule != excluded:
        problems.append(
            f"Line reports exclusions by rule {line.excluded_by_rule}; the rules give {excluded}."
        )
    for term in line.deciding_terms:
        if term not in _KNOWN_TERMS:
            problems.append(f"Line names deciding term {term}, which is not a known term.")
    head = f"To {p.name} ({grade}, POD {p.pod_id})"
    if not line.reason.startswith(head):
        problems.append(f"The reason does not begin with the practitioner as assigned ({head}).")
    allowed = {p.name}
    for alt in line.alternatives:
        problems += _alternative(day, elig, state, terms, cid, pid, alt)
        if alt.practitioner_id in day.staff_by_id:
            allowed.add(day.staff_by_id[alt.practitioner_id].name)
    colleague = day.staff_by_id.get(line.visor_colleague_id or "")
    if colleague is not None:
        allowed.add(colleague.name)
    if case.preferences:
        # A lost stated preference is answered by naming an eligible practitioner who meets it.
        preferences = Preferences()
        allowed |= {
            day.staff_by_id[q].name
            for q in elig.candidates[cid]
            if preferences.pair_cost(day, cid, q) == 0
        }
    for term in naming:  # a term's note on the line may name whom it concerns
        allowed |= {
            day.staff_by_id[q].name for q in term.line_names(day, cid) if q in day.staff_by_id
        }
    if line.decided is None:
        problems += _reason_figures(line, excluded, n_staff, n_eligible)
        strangers = sorted(names.find(line.reason) - allowed)
        if strangers:
            problems.append(
                f"The reason names {', '.join(strangers)}, who is neither the practitioner, "
                "an alternative nor the ViSOR colleague of the line."
            )
    return [
        Violation(rule="proposal", case_id=cid, practitioner_id=pid, message=m) for m in problems
    ]


def _reason_figures(
    line: ProposalLine, excluded: dict[str, int], n_staff: int, n_eligible: int
) -> list[str]:
    """The counts and the next best the reason states, against the recomputed ones."""
    out = []
    if excluded:
        said = f"{sum(excluded.values())} of {n_staff} practitioners excluded"
    else:
        said = f"no hard rule excluded any of the {n_staff} practitioners"
    if said not in line.reason:
        out.append(f"The reason does not state the exclusions as recomputed ({said}).")
    if n_eligible > 1:
        stated = f"of the {n_eligible} eligible" in line.reason or (
            not line.alternatives
            and f"the other {n_eligible - 1} eligible have no room" in line.reason
        )
    else:
        stated = n_eligible == 0 or "the only practitioner every hard rule allows" in line.reason
    if not stated:
        out.append(f"The reason does not state the {n_eligible} eligible as recomputed.")
    if line.alternatives:
        best = f"the next best, {line.alternatives[0].practitioner_name},"
        if best not in line.reason:
            out.append(f"The reason does not name the first alternative as the next best ({best}).")
    return out


def _alternative(
    day: Day,
    elig: Eligibility,
    state: AssignmentState,
    terms: list,  # type: ignore[type-arg]
    cid: str,
    pid: str,
    alt,  # type: ignore[no-untyped-def]
) -> list[str]:
    """An alternative's name, grade, eligibility, workload and cost, recomputed."""
    q = day.staff_by_id.get(alt.practitioner_id)
    if q is None:
        return [f"Alternative {alt.practitioner_id} is not in the scenario."]
    out = []
    if (alt.practitioner_name, alt.grade) != (q.name, q.grade.value):
        out.append(
            f"Alternative {q.id} is reported as {alt.practitioner_name} ({alt.grade}); "
            f"the scenario gives {q.name} ({q.grade.value})."
        )
    if q.id == pid or not elig.allows(cid, q.id):
        out.append(f"Alternative {q.id} is not an eligible other practitioner for the case.")
        return out
    want_pct = day.pct(q.id, state.load[q.id] + day.points[cid])
    if abs(alt.workload_after_pct - want_pct) > _PCT_TOLERANCE:
        out.append(
            f"Alternative {q.id} reports workload after {alt.workload_after_pct:.1f}%; "
            f"recomputed {want_pct:.1f}%."
        )
    cost = {}
    for o in terms:
        delta = o.reassign_delta(day, elig, state, cid, q.id)
        if delta:
            cost[o.name] = delta
    if alt.cost != cost:
        out.append(f"Alternative {q.id} reports cost {alt.cost}; recomputed {cost}.")
    return out
