"""POD composition checks: each passes and fails on a hand-checkable POD, and a waiver waives."""

from allocator.planner.changes import parse_change
from allocator.planner.composition import composition_findings
from tests.builders import policy, scenario, staff


def _pod(prefix: str = "", pod: str = "POD1", po: int = 2, pso: int = 3, ca: int = 1, **kw):
    people = [staff(f"{prefix}SPO", "SPO", pod)] if kw.pop("spo", True) else []
    people += [staff(f"{prefix}PO{i}", "PO", pod) for i in range(po)]
    people += [staff(f"{prefix}PSO{i}", "PSO", pod) for i in range(pso)]
    people += [staff(f"{prefix}CA{i}", "CA", pod) for i in range(ca)]
    return people


def _status(people, check: str, pod: str = "POD1", change=None) -> str:
    s = scenario(people, [], pods=("POD1",))
    found = [f for f in composition_findings(s, policy(), change) if f.check == check]
    return next(f.status for f in found if f.pod in (pod, "*"))


def test_ratio_passes_at_2_3_1_and_fails_without_a_ca_or_far_off():
    """2:3:1 passes; 4:6:2 passes; no CA fails; 1 PO with 6 PSOs and 1 CA fails."""
    assert _status(_pod(), "ratio") == "pass"
    assert _status(_pod(po=4, pso=6, ca=2), "ratio") == "pass"
    assert _status(_pod(ca=0), "ratio") == "fail"
    assert _status(_pod(po=1, pso=6, ca=1), "ratio") == "fail"


def test_ratio_does_not_count_pqips():
    """Two PQiPs added to a 2:3:1 POD leave the ratio check passing: PQiPs are not counted."""
    people = _pod() + [staff(f"Q{i}", "PQIP") for i in range(2)]
    assert _status(people, "ratio") == "pass"


def test_pqip_limit_counts_only_pos_past_their_nqo_period():
    """Two PQiPs with two experienced POs pass; with one PO an NQO (qualified 2026-06) they fail."""
    people = [*_pod(), staff("Q1", "PQIP"), staff("Q2", "PQIP")]
    assert _status(people, "pqip_limit") == "pass"
    people[1] = staff("PO0", "PO", qualified_on="2026-06-01")
    assert _status(people, "pqip_limit") == "fail"


def test_experienced_po_fails_when_every_po_is_an_nqo():
    """A POD whose only POs qualified five months ago has no experienced PO (principle 10)."""
    assert _status(_pod(), "experienced_po") == "pass"
    nqos = [p for p in _pod() if p.grade != "PO"] + [
        staff("N1", "PO", qualified_on="2026-06-01"),
        staff("N2", "PO", qualified_on="2026-07-01"),
    ]
    assert _status(nqos, "experienced_po") == "fail"


def test_spo_check_fails_for_a_pod_with_no_spo():
    """A POD with no SPO grade member fails the spo check."""
    assert _status(_pod(), "spo") == "pass"
    assert _status(_pod(spo=False), "spo") == "fail"


def test_lived_experience_spread_is_aggregate_and_names_nobody():
    """Two lived-experience staff in POD1 and none in POD2 fail; the message names no POD or person."""
    people = _pod() + _pod("B", "POD2")
    people[1] = staff("PO0", lived_experience=True)
    people[2] = staff("PO1", lived_experience=True)
    s = scenario(people, [])
    finding = next(
        f for f in composition_findings(s, policy(), None) if f.check == "lived_experience_spread"
    )
    assert finding.status == "fail"
    assert "POD1" not in finding.message and "PO0" not in finding.message
    people[2] = staff("BPO1", pod="POD2", lived_experience=True)
    people = [p for p in people if p.id != "BPO1" or p.lived_experience]
    s = scenario(people, [])
    finding = next(
        f for f in composition_findings(s, policy(), None) if f.check == "lived_experience_spread"
    )
    assert finding.status == "pass"


def test_a_waiver_turns_a_failure_into_waived_with_its_reason():
    """A waiver for spo in POD1 reports the missing SPO as waived, with the reason; others still fail."""
    change = parse_change(
        {"waiver": [{"pod": "POD1", "check": "spo", "reason": "Post advertised."}]}, "w.toml"
    )
    s = scenario(_pod(spo=False, ca=0), [], pods=("POD1",))
    found = {f.check: f for f in composition_findings(s, policy(), change) if f.pod == "POD1"}
    assert found["spo"].status == "waived"
    assert found["spo"].waiver_reason == "Post advertised."
    assert found["ratio"].status == "fail"


def test_a_waiver_that_covers_no_failure_is_reported_as_unused():
    """The POD lacks its SPO and its CA: the 'spo' and 'ratio' waivers are used; the waiver of
    'experienced_po' (the POD has one) covers nothing and is reported as unused."""
    change = parse_change(
        {
            "waiver": [
                {"pod": "POD1", "check": "spo", "reason": "Post advertised."},
                {"pod": "POD1", "check": "ratio", "reason": "Recruiting."},
                {"check": "experienced_po", "reason": "Never needed."},
            ]
        },
        "w.toml",
    )
    s = scenario(_pod(spo=False, ca=0), [], pods=("POD1",))
    unused = [f for f in composition_findings(s, policy(), change) if f.status == "unused_waiver"]
    assert [(f.check, f.pod) for f in unused] == [("experienced_po", "*")]
    assert "covers no failing check" in unused[0].message
