"""Re-solving a saved proposal around its decisions: pins, rejections, links and changes."""

import pytest

from allocator import propose
from allocator.check import check
from allocator.store import DecisionRequest, Store, decide, line_states
from allocator.store import resolve as resolve_mod
from allocator.store.resolve import ResolveFailed, resolve
from models import Violation
from tests.builders import case, policy, scenario, staff
from tests.store.support import T0, at, save


def _decide(store: Store, pid: str, cid: str, action: str, **kw: object) -> None:
    decide(
        store, DecisionRequest(pid, cid, action, "A. Senior", "Decided at check-in.", **kw), at(1)
    )  # type: ignore[arg-type]


def test_approvals_and_overrides_are_pinned_and_rejections_excluded(store: Store) -> None:
    """C1 approved stays with P1, C2 overridden goes to S2, and S1 rejected for C5 (restricted
    to S1) leaves C5 blocked by the SPO's rejection. The new proposal is saved, linked, and
    says what changed."""
    saved = save(store)
    _decide(store, saved.id, "C1", "approve")
    _decide(store, saved.id, "C2", "override", practitioner_id="S2")
    _decide(store, saved.id, "C5", "reject")
    r = resolve(store, saved.id, at(10))
    new = r.saved
    assert new.id == "P-000005" and new.previous_id == saved.id
    lines = {x.case_id: x for x in new.proposal.lines}
    assert (lines["C1"].practitioner_id, lines["C1"].decided) == ("P1", "approved")
    assert (lines["C2"].practitioner_id, lines["C2"].decided) == ("S2", "overridden")
    assert "C5" in {b.case_id for b in new.proposal.blocked}
    assert next(c for c in new.scenario.cases if c.id == "C5").rejected_practitioners == ["S1"]
    assert [(c.case_id, c.kind, c.before, c.after, c.why) for c in r.changes] == [
        ("C2", "moved", "P1", "S2", "override D-000003"),
        ("C5", "newly blocked", "S1", None, "reject D-000004"),
    ]
    assert r.on_record == []
    assert check(new.scenario, new.policy, new.proposal) == []
    assert store.verify().problems == []


def test_a_freed_practitioner_takes_a_blocked_case(db_url: str) -> None:
    """X and Y are both restricted to S1, who has room for one: the proposal blocks one. When
    the SPO rejects S1 for the allocated one, the re-solve allocates the other."""
    s = scenario(
        [staff("S1", "PSO", other_points=2300), staff("S2", "PSO")],
        [
            case("X", "D2", restricted_to=["S1"], points=60),
            case("Y", "D2", restricted_to=["S1"], points=60),
        ],
    )
    p = policy()
    with Store.open(db_url, create=True) as store:
        saved = store.save_proposal(propose(s, p), s, p, T0)
        (line,) = saved.proposal.lines
        (blocked,) = saved.proposal.blocked
        _decide(store, saved.id, line.case_id, "reject")
        r = resolve(store, saved.id, at(5))
    assert [(c.case_id, c.kind) for c in r.changes] == sorted(
        [(line.case_id, "newly blocked"), (blocked.case_id, "newly allocated")]
    )


def test_an_accepted_override_breach_is_on_record_not_a_failure(store: Store) -> None:
    """C1 (B2) overridden to a PSO with the breach accepted: the re-solve keeps it, and the
    checker's grade-vs-tier finding is reported as the override on record."""
    saved = save(store)
    _decide(store, saved.id, "C1", "override", practitioner_id="S2", accept_rule_breach=True)
    r = resolve(store, saved.id, at(5))
    assert [(v.rule, v.case_id, d.id) for v, d in r.on_record] == [
        ("grade_vs_tier", "C1", "D-000002")
    ]
    line = next(x for x in r.saved.proposal.lines if x.case_id == "C1")
    assert (line.practitioner_id, line.decided) == ("S2", "overridden")


def test_decisions_carry_through_a_second_re_solve(store: Store) -> None:
    """Pinned lines show the decision they were pinned from, and a re-solve of the re-solve
    keeps them pinned and the rejection excluded."""
    saved = save(store)
    _decide(store, saved.id, "C1", "approve")
    _decide(store, saved.id, "C5", "reject")
    first = resolve(store, saved.id, at(5)).saved
    states = {s.case_id: s for s in line_states(store, first)}
    assert states["C1"].carried_from == saved.id and states["C1"].decision is not None
    assert states["C1"].decision.id == "D-000002"
    assert states["C2"].is_open and states["C5"].is_open
    second = resolve(store, first.id, at(6))
    assert second.saved.previous_id == first.id
    assert set(second.pins) == {"C1"}
    lines = {x.case_id: x for x in second.saved.proposal.lines}
    assert lines["C1"].decided == "approved"
    assert "C5" in {b.case_id for b in second.saved.proposal.blocked}
    assert second.changes == []


def test_any_other_violation_stops_the_re_solve_before_saving(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A violation no accepted override explains is an error: nothing is saved."""
    saved = save(store)
    extra = Violation(rule="capacity", practitioner_id="P1", message="P1 is over the ceiling.")
    monkeypatch.setattr(resolve_mod, "check", lambda *a: [extra])
    with pytest.raises(ResolveFailed) as err:
        resolve(store, saved.id, at(5))
    assert err.value.violations == [extra]
    assert store.proposal_ids() == [saved.id]


def test_undecided_lines_move_only_when_a_decision_forces_it(store: Store) -> None:
    """At most one new case per practitioner today: B returns to S1 (continuity), A and C go to
    S2 and S3. The SPO overrides A to S1 too, accepting the breach of the daily limit: S1
    cannot keep both, so the re-solve moves B, the one undecided line the override forces out,
    to the place A left, and C stays where it was. The
    saved scenario carries the previous version's undecided lines, so the checker recomputes
    the stability term from it alone."""
    s = scenario(
        [staff("S1", "PSO"), staff("S2", "PSO"), staff("S3", "PSO")],
        [
            case("A", "D2", points=60),
            case("B", "D2", points=60, previous_practitioner_id="S1", reason="transfer_in"),
            case("C", "D2", points=60),
        ],
    )
    p = policy(max_new_per_day=1)
    saved = store.save_proposal(propose(s, p), s, p, at(0))
    before = {x.case_id: x.practitioner_id for x in saved.proposal.lines}
    assert before["A"] != "S1" and before["B"] == "S1"
    _decide(store, saved.id, "A", "override", practitioner_id="S1", accept_rule_breach=True)
    r = resolve(store, saved.id, at(5))
    assert [(c.case_id, c.before, c.after, c.why) for c in r.changes] == [
        ("A", before["A"], "S1", "override D-000002"),
        ("B", "S1", before["A"], "re-solve"),
    ]
    previous = r.saved.scenario.previous_version
    assert previous is not None and previous.proposal_id == saved.id
    assert previous.lines == {"B": "S1", "C": before["C"]}
    stability = next(o for o in r.saved.proposal.objective if o.name == "stability")
    assert stability.value == 1
    assert check(r.saved.scenario, p, r.saved.proposal) == []
