"""The planner solves without building a proposal (no reason per line, no input digest) and
checks the bare assignment: its figures are those the full proposal gives, move for move."""

from allocator import SolveSettings, propose
from allocator.check import check
from allocator.io.policy_files import bundled_policy
from allocator.planner.changes import Change, apply_change, parse_change
from allocator.planner.rebalance import curve_policy, measure, solve_option, trade_off_curve
from allocator.synth import generate
from models import Policy, Scenario

LARGE = SolveSettings(method="large", time_limit_s=60)


def _option() -> tuple[Scenario, Policy, Change]:
    """A generated PDU (about 950 holdings), its first PO moved to the next POD, green period:
    every holding may move, and the large method solves it."""
    base = generate("pdu", 1, practitioners=30, cases=20)
    pol = base.policy or bundled_policy()
    po = min(p.id for p in base.practitioners if p.grade == "PO")
    home = next(p.pod_id for p in base.practitioners if p.id == po)
    to = next(pod.id for pod in sorted(base.pods, key=lambda pod: pod.id) if pod.id != home)
    change = parse_change(
        {
            "period": "green",
            "move": [{"practitioner": po, "to_pod": to}],
            "waiver": [{"check": "cases_move_not_staff", "reason": "A test."}],
        },
        "a.toml",
    )
    changed, changed_policy = apply_change(base, pol, change)
    return changed, changed_policy, change


def test_the_moves_and_figures_are_those_of_the_full_proposal() -> None:
    """Each recorded move is a line of ``propose`` with ``moved_from`` set, and the other way
    round; unallocated, status and the proven bound agree; checker and planner find nothing."""
    s, pol, change = _option()
    out, solved, solved_policy, _ = solve_option("A", s, pol, change, LARGE)
    proposal = propose(solved, solved_policy, LARGE)
    assert check(solved, solved_policy, proposal) == [] and out.violations == []
    assert [(m.case_id, m.from_practitioner, m.to_practitioner) for m in out.moves] == sorted(
        (ln.case_id, ln.moved_from, ln.practitioner_id) for ln in proposal.lines if ln.moved_from
    )
    assert out.moved == len(out.moves) > 0
    assert (out.unallocated, out.status, out.gap) == (
        len(proposal.blocked),
        proposal.run.status,
        proposal.gap,
    )
    bound = next(o.bound for o in proposal.objective if o.name == "max_utilisation")
    assert out.max_util_bound_pct == bound / 10


def test_a_curve_point_is_that_of_the_full_proposal() -> None:
    """At a strict ceiling of 95%: cases moved, highest utilisation (the caseload re-read with
    every line's case on its new holder), unallocated and status as the full proposal gives."""
    s, pol, change = _option()
    (point,) = trade_off_curve(s, pol, change, [95.0], LARGE)
    _, solved, _, _ = solve_option("A", s, pol, change, LARGE)
    proposal = propose(solved, curve_policy(pol, 95.0), LARGE)
    finals = {h.case_id: h.practitioner_id for h in s.holdings}
    moved = sum(1 for ln in proposal.lines if ln.practitioner_id != finals[ln.case_id])
    finals |= {ln.case_id: ln.practitioner_id for ln in proposal.lines}
    data = s.model_dump(mode="json")
    data["cases"] = []
    data["holdings"] = [{**h, "practitioner_id": finals[h["case_id"]]} for h in data["holdings"]]
    highest = measure("", Scenario.model_validate(data), pol).highest
    assert (point.moved, point.highest, point.unallocated, point.status) == (
        moved,
        highest,
        len(proposal.blocked),
        proposal.run.status,
    )
    assert point.violations == []
