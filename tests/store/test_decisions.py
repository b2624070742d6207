"""Approve, override and reject: who, when and why on record; rule breaches named and accepted
only explicitly; reallocations carry a reason code; a change of mind supersedes, never edits."""

import pytest

from allocator.store import BadRequest, Conflict, DecisionRequest, NotFound, Store, decide
from allocator.store.deciding import line_states
from tests.builders import holding
from tests.store.support import T0, at, proposal_for, save


def _req(case_id: str, action: str, **kw: object) -> DecisionRequest:
    base: dict[str, object] = {"decided_by": "A. Senior", "reason": "Discussed at check-in."}
    return DecisionRequest("P-000001", case_id, action, **{**base, **kw})  # type: ignore[arg-type]


def test_approve_records_who_when_why_and_the_workload(store: Store) -> None:
    """An approval takes the proposed practitioner and records the SPO, the UTC time passed in,
    their reason, the case's reason code and the practitioner's workload before and after."""
    save(store)
    d = decide(store, _req("C1", "approve", decided_by=" A. Senior "), at(5))
    assert (d.id, d.proposal_id, d.case_id, d.action) == ("D-000002", "P-000001", "C1", "approve")
    assert (d.practitioner_id, d.proposed_practitioner_id) == ("P1", "P1")
    assert d.decided_by == "A. Senior"
    assert d.decided_at == "2026-11-24T09:05:00.000000Z"
    assert d.reason == "Discussed at check-in."
    assert d.reason_code == "initial_allocation"
    assert d.rule_breaches == () and not d.breach_accepted
    line = next(x for x in proposal_for("small")[2].lines if x.case_id == "C1")
    assert d.workload_before_pct == line.workload_before_pct
    assert d.workload_after_pct == line.workload_after_pct
    assert store.decisions("P-000001") == [d]


def test_reject_records_the_rejected_practitioner(store: Store) -> None:
    """A rejection names the proposed practitioner it rejects; it carries no reason code."""
    save(store)
    d = decide(store, _req("C2", "reject", reason="P1 is moving office."), at(1))
    assert (d.action, d.practitioner_id, d.proposed_practitioner_id) == ("reject", "P1", "P1")
    assert d.reason_code is None
    with pytest.raises(BadRequest, match="a rejection allocates nothing"):
        decide(store, _req("C1", "reject", reason_code="other"), at(2))


def test_override_within_the_rules_is_recorded_without_a_flag(store: Store) -> None:
    """Moving C2 (tier C2) from P1 to S2 breaks nothing: no flag needed, nothing flagged."""
    save(store)
    d = decide(store, _req("C2", "override", practitioner_id="S2"), at(1))
    assert (d.practitioner_id, d.proposed_practitioner_id) == ("S2", "P1")
    assert d.rule_breaches == () and not d.breach_accepted


def test_override_breaking_a_pair_rule_needs_the_flag_and_names_the_rule(store: Store) -> None:
    """C1 is tier B2: giving it to the PSO S2 breaks grade vs tier. Refused without the flag,
    naming the rule and its sentence; with the flag it is recorded and flagged."""
    save(store)
    with pytest.raises(BadRequest) as err:
        decide(store, _req("C1", "override", practitioner_id="S2"), at(1))
    assert str(err.value) == (
        "overriding to S2 for C1 breaks 1 hard rule(s) (grade_vs_tier: Tier B2 is held by PO "
        "grades only; Synthetic PSO S2 is a PSO.); to record it anyway, say why in --reason and "
        "add --accept-rule-breach"
    )
    assert store.decisions("P-000001") == []
    d = decide(store, _req("C1", "override", practitioner_id="S2", accept_rule_breach=True), at(2))
    assert [b.rule for b in d.rule_breaches] == ["grade_vs_tier"]
    assert d.breach_accepted


def test_override_breaking_capacity_with_the_rest_of_the_proposal_is_caught(store: Store) -> None:
    """S1 is at 2,300 points and the proposal gives them C5 (60): C2 (63 points) alone would
    fit under the 2,393-point ceiling, but not on top of C5. The aggregate check sees the
    proposal with the override applied and names capacity."""
    save(store)
    with pytest.raises(BadRequest, match="capacity: Synthetic PSO S1 is at"):
        decide(store, _req("C2", "override", practitioner_id="S1"), at(1))


def test_a_rejection_elsewhere_frees_capacity_for_an_override(store: Store) -> None:
    """Decisions already recorded count: once C5 is rejected for S1, C2 fits with S1."""
    save(store)
    decide(store, _req("C5", "reject"), at(1))
    d = decide(store, _req("C2", "override", practitioner_id="S1"), at(2))
    assert d.rule_breaches == ()
    assert d.workload_after_pct == pytest.approx(2363 * 100 / 2176, abs=0.05)


@pytest.mark.parametrize(
    ("req", "message"),
    [
        (_req("C1", "approve", reason="  "), "--reason is required"),
        (
            _req("C1", "approve", reason="x" * 4_001),
            "--reason is 4,001 characters long: at most 4,000",
        ),
        (
            _req("C1", "approve", reason="Fine.\x1b[2J forged"),
            "--reason contains control characters",
        ),
        (_req("C1", "approve", decided_by=""), "the decider's identity is empty"),
        (
            _req("C1", "approve", decided_by="A. Senior\n## D-000009 forged"),
            r"the decider's identity contains a control or invisible character \(U\+000A\)",
        ),
        (
            _req("C1", "approve", decided_by="A. \x1b[2JSenior"),
            r"control or invisible character \(U\+001B\)",
        ),
        (
            _req("C1", "approve", decided_by="A" * 121),
            "the decider's identity is 121 characters long: at most 120",
        ),
        (_req("C1", "promote"), "unknown decision 'promote'"),
        (_req("C9", "approve"), "case C9 is not in proposal P-000001"),
        (_req("C1", "override", practitioner_id="NOBODY"), "unknown practitioner 'NOBODY'"),
        (_req("C1", "override"), "override needs the practitioner"),
        (_req("C1", "override", practitioner_id="P1"), "P1 is the proposed practitioner"),
        (_req("C1", "approve", practitioner_id="P1"), "approve takes no practitioner"),
        (_req("C3", "approve"), "C3 is blocked in P-000001: there is no proposed practitioner"),
        (_req("C1", "approve", reason_code="because"), "unknown reason code 'because'"),
    ],
)
def test_bad_requests_are_refused_with_one_clear_line(
    store: Store, req: DecisionRequest, message: str
) -> None:
    """Each malformed decision is refused before anything is written, saying what is wrong."""
    save(store)
    with pytest.raises(BadRequest, match=message):
        decide(store, req, at(1))
    assert store.decisions("P-000001") == []


def test_an_unknown_proposal_is_not_found(store: Store) -> None:
    """Deciding on a proposal that does not exist names it."""
    save(store)
    with pytest.raises(NotFound, match="no proposal P-000007"):
        decide(store, DecisionRequest("P-000007", "C1", "approve", "A", "B"), at(1))


def test_a_change_of_mind_supersedes_and_keeps_the_history(store: Store) -> None:
    """A second decision on a line must name the live one; both stay on record and the newer
    is the line's decision. Naming an out-of-date decision is a conflict."""
    save(store)
    first = decide(store, _req("C2", "approve"), at(1))
    with pytest.raises(Conflict, match=f"already has decision {first.id}.*--supersedes {first.id}"):
        decide(store, _req("C2", "reject"), at(2))
    second = decide(store, _req("C2", "reject", supersedes=first.id), at(3))
    with pytest.raises(Conflict, match=f"the live decision on C2 is {second.id}"):
        decide(store, _req("C2", "override", practitioner_id="S2", supersedes=first.id), at(4))
    with pytest.raises(BadRequest, match="no decision D-000999 on C2"):
        decide(store, _req("C2", "approve", supersedes="D-000999"), at(5))
    assert [d.id for d in store.decisions("P-000001")] == [first.id, second.id]
    state = {s.case_id: s for s in line_states(store, store.proposal("P-000001"))}
    assert state["C2"].decision == second
    assert state["C1"].is_open and state["C3"].is_open


def test_the_database_allows_one_live_decision_per_line(store: Store) -> None:
    """Even bypassing the optimistic check, the unique constraints refuse a second first
    decision on a line, and a second decision superseding the same one."""
    save(store)
    d = decide(store, _req("C2", "approve"), at(1))
    decide(store, _req("C2", "reject", supersedes=d.id), at(2))
    row = {
        "id": "D-000099",
        "seq": 99,
        "proposal_id": "P-000001",
        "case_id": "C2",
        "action": "approve",
        "practitioner_id": "P1",
        "reason": "x",
        "rule_breaches": "[]",
        "breach_accepted": 0,
        "decided_by": "x",
        "decided_at": "x",
        "prev_hash": "x",
        "hash": "x",
    }
    for supersedes in (None, d.id):
        with pytest.raises(Conflict, match="recorded at the same time"), store.db.write() as tx:
            values = {**row, "supersedes": supersedes}
            marks = ", ".join("?" for _ in values)
            tx.run(
                f"INSERT INTO decisions ({', '.join(values)}) VALUES ({marks})",
                tuple(values.values()),
            )


def test_moving_a_held_case_carries_a_move_reason_code(store: Store) -> None:
    """C4 is held by S2 and on the list for a change in tier: moving it to S1 defaults to that
    code; initial_allocation is refused for a move; any move code may be given."""
    save(store)
    with pytest.raises(BadRequest, match="initial_allocation is not a reason to move a held case"):
        decide(
            store,
            _req("C4", "override", practitioner_id="P1", reason_code="initial_allocation"),
            at(1),
        )
    d = decide(store, _req("C4", "override", practitioner_id="P1"), at(2))
    assert d.reason_code == "change_in_tier"
    e = decide(
        store,
        _req("C4", "override", practitioner_id="P1", reason_code="risk_to_staff", supersedes=d.id),
        at(3),
    )
    assert e.reason_code == "risk_to_staff"


def test_a_move_without_any_reason_code_is_refused(db_url: str) -> None:
    """A held case on the list as an initial allocation has no move code of its own: moving it
    needs --reason-code, and the refusal lists the codes."""
    from allocator import propose
    from tests.builders import case, policy, scenario, staff

    s = scenario(
        [staff("S1", "PSO"), staff("S2", "PSO")],
        [case("C1", "D2", current_practitioner_id="S1")],
        [holding("C1", "S1", "D2")],
    )
    p = policy()
    with Store.open(db_url, create=True) as store:
        saved = store.save_proposal(propose(s, p), s, p, T0)
        assert saved.proposal.lines[0].practitioner_id == "S1"
        with pytest.raises(
            BadRequest,
            match="held by S1: giving it to S2 is a reallocation and needs --reason-code",
        ):
            decide(
                store,
                DecisionRequest(saved.id, "C1", "override", "A", "B", practitioner_id="S2"),
                at(1),
            )
        d = decide(
            store,
            DecisionRequest(saved.id, "C1", "approve", "A", "Stays with S1."),
            at(2),
        )
        assert d.reason_code == "initial_allocation"


def test_a_case_that_changed_hands_since_the_proposal_is_refused(store: Store) -> None:
    """Given today's scenario, a decision on a case whose current practitioner changed is a
    conflict; an unchanged one records the digest of the scenario it was checked against."""
    saved = save(store)
    today = saved.scenario.model_dump(mode="json")
    moved = next(c for c in today["cases"] if c["id"] == "C4")
    moved["current_practitioner_id"] = "S1"
    for h in today["holdings"]:
        if h["case_id"] == "C4":
            h["practitioner_id"] = "S1"
    from models import Scenario

    changed = Scenario.model_validate(today)
    with pytest.raises(
        Conflict,
        match=r"C4 changed hands since P-000001 was made \(its current practitioner was S2, now S1\)",
    ):
        decide(store, _req("C4", "approve"), at(1), current=changed)
    d = decide(store, _req("C4", "approve"), at(2), current=saved.scenario)
    assert d.checked_scenario_digest == saved.proposal.run.input_digest
    new_case = decide(store, _req("C1", "approve"), at(3), current=changed)
    assert new_case.checked_scenario_digest is not None
