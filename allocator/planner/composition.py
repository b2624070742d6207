"""POD composition checks after a restructure (POD principles 1, 5, 7, 8, 9 and 10; seed 000).

Each check is named and says in one sentence why a POD fails it. A waiver in the change file
turns a failure into "waived" with its reason; a waiver that covers no failure is reported as
"unused_waiver". Lived experience is checked only in aggregate:
no message names a person or says how many lived-experience staff a given POD has.
"""

from collections import Counter
from dataclasses import asdict, dataclass

from allocator.planner.changes import STAFF_MOVE_CONTROL, Change
from allocator.problem.workload import is_nqo
from models import Policy, Scenario
from models.enums import Grade

RATIO_TARGET: dict[Grade, int] = {Grade.PO: 2, Grade.PSO: 3, Grade.CA: 1}
"""The ideal PO:PSO:CA mix (principle 1). PQiPs are not counted (principle 9)."""
RATIO_TOLERANCE_STAFF = 1.0
"""'Close' to 2:3:1: each grade's count is within this many staff of its ideal count ..."""
RATIO_TOLERANCE_SHARE = 0.2
"""... or within this share of its ideal count, whichever is larger; and every grade is present."""


@dataclass(frozen=True)
class Finding:
    """The outcome of one check for one POD (``pod`` is '*' for an aggregate check)."""

    check: str
    pod: str
    status: str  # "pass", "fail", "waived" or "unused_waiver" (a waiver nothing needed)
    message: str
    waiver_reason: str | None = None

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _ratio(counts: Counter[Grade]) -> str | None:
    total = sum(counts[g] for g in RATIO_TARGET)
    mix = ":".join(str(counts[g]) for g in RATIO_TARGET)
    if total == 0:
        return "it has no PO, PSO or CA, so it cannot be close to 2:3:1"
    parts = sum(RATIO_TARGET.values())
    for g, share in RATIO_TARGET.items():
        ideal = total * share / parts
        if counts[g] == 0:
            return f"its PO:PSO:CA mix is {mix}, with no {g.label} at all"
        if abs(counts[g] - ideal) > max(RATIO_TOLERANCE_STAFF, RATIO_TOLERANCE_SHARE * ideal):
            return f"its PO:PSO:CA mix is {mix}, not close to 2:3:1 ({g.label}: {counts[g]}, ideal {ideal:.1f})"
    return None


def composition_findings(
    scenario: Scenario, policy: Policy, change: Change | None
) -> list[Finding]:
    """Every check for every POD (in id order), then the aggregate lived-experience check."""
    out: list[Finding] = []
    day = scenario.date
    by_pod: dict[str, list] = {p.id: [] for p in scenario.pods}
    for p in scenario.practitioners:
        by_pod[p.pod_id].append(p)

    def add(check: str, pod: str, problem: str | None, ok: str) -> None:
        if problem is None:
            out.append(Finding(check, pod, "pass", ok))
            return
        waiver = change.waived(pod, check) if change is not None else None
        if waiver is not None:
            out.append(Finding(check, pod, "waived", problem, waiver.reason))
        else:
            out.append(Finding(check, pod, "fail", problem))

    for pod in sorted(by_pod):
        members = by_pod[pod]
        counts = Counter(p.grade for p in members)
        experienced = sum(1 for p in members if p.grade == Grade.PO and not is_nqo(p, policy, day))
        learners = counts[Grade.PQIP]
        problem = _ratio(counts)
        add(
            "ratio",
            pod,
            f"POD {pod}: {problem}." if problem else None,
            f"POD {pod}: PO:PSO:CA mix is close to 2:3:1.",
        )
        add(
            "pqip_limit",
            pod,
            f"POD {pod} has {learners} PQiPs but only {experienced} POs past their NQO period (principle 8)."
            if learners > experienced
            else None,
            f"POD {pod}: PQiPs do not outnumber POs past their NQO period.",
        )
        add(
            "experienced_po",
            pod,
            f"POD {pod} has no PO past the NQO period (principle 10)."
            if experienced == 0
            else None,
            f"POD {pod} has an experienced PO.",
        )
        add(
            "spo",
            pod,
            f"POD {pod} has no SPO to manage it and own its allocation (principle 5)."
            if counts[Grade.SPO] == 0
            else None,
            f"POD {pod} is managed by an SPO.",
        )
    out.append(lived_experience_finding(scenario, change))
    if change is not None:
        out.extend(staff_move_findings(change))
        out.extend(unused_waivers(change, out))
    return out


def staff_move_findings(change: Change) -> list[Finding]:
    """Staff moves in a change period, against seed 001's "cases move, not staff": reported as
    waived with the file's reason (``apply_change`` refuses them without one)."""
    waiver = change.staff_moves_waiver()
    if not (change.moves and change.in_change_period and waiver is not None):
        return []
    return [
        Finding(
            STAFF_MOVE_CONTROL,
            "*",
            "waived",
            f"{len(change.moves)} staff move(s) in the {change.period} change period, against "
            "seed 001's control 'cases move, not staff'.",
            waiver.reason,
        )
    ]


def unused_waivers(change: Change, findings: list[Finding]) -> list[Finding]:
    """A waiver that covers no failing check is reported, not silently kept: the check may
    pass already, or the waiver may name the wrong POD or check, and a planner should know
    before the file goes round."""
    used = {(f.check, f.pod) for f in findings if f.status == "waived"}
    out = []
    for w in change.waivers:
        if any(
            check == w.check and (w.pod == "*" or pod == w.pod or check == STAFF_MOVE_CONTROL)
            for check, pod in used
        ):
            continue
        where = "any POD" if w.pod == "*" else f"POD {w.pod}"
        out.append(
            Finding(
                w.check,
                w.pod,
                "unused_waiver",
                f"The waiver of '{w.check}' for {where} covers no failing check: nothing "
                "needed it.",
                w.reason,
            )
        )
    return out


def lived_experience_spread(scenario: Scenario) -> tuple[int, int, int]:
    """(lived-experience staff, PODs with none, PODs with two or more), in aggregate."""
    per_pod = Counter(p.pod_id for p in scenario.practitioners if p.lived_experience)
    total = sum(per_pod.values())
    none = sum(1 for pod in scenario.pods if per_pod[pod.id] == 0)
    crowded = sum(1 for n in per_pod.values() if n >= 2)
    return total, none, crowded


def lived_experience_finding(scenario: Scenario, change: Change | None) -> Finding:
    """Fails when some POD has two or more lived-experience staff while another has none.

    The message gives counts of PODs only, never which POD or who (principle 7, in aggregate).
    """
    _total, none, crowded = lived_experience_spread(scenario)
    check = "lived_experience_spread"
    if crowded and none:
        problem = (
            f"Lived-experience staff are not spread across PODs: {crowded} POD(s) have two or "
            f"more while {none} POD(s) have none (principle 7)."
        )
        waiver = change.waived("*", check) if change is not None else None
        if waiver is not None:
            return Finding(check, "*", "waived", problem, waiver.reason)
        return Finding(check, "*", "fail", problem)
    return Finding(check, "*", "pass", "Lived-experience staff are spread across PODs.")
