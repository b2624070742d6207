"""The input digest (allocator/problem/digest.py): one digest per input however its unordered
lists are ordered, a different one when a fact changes, its scheme recorded in the proposal,
and the checker comparing a proposal against its own scheme or against a digest it is given."""

import pytest

import allocator.check as checker
from allocator import propose
from allocator.check import check
from allocator.problem.digest import DIGEST_SCHEME, canonical_data, input_digest, sha256_of
from models import Case, Policy, Scenario
from tests.builders import case, holding, policy, scenario, staff


def _day() -> tuple[Scenario, Policy]:
    """Three staff (one with two absences, categories in some order), three cases (flags,
    exclusions), one holding."""
    people = [
        staff("P1", readiness=["sexual_offending", "domestic_abuse"], conflicts=["X9", "X1"]),
        staff(
            "P2",
            "PSO",
            absences=[
                {"start": "2026-12-01", "end": "2026-12-02", "kind": "leave"},
                {"start": "2026-11-01", "end": "2026-11-02", "kind": "training"},
            ],
        ),
        staff("P3", pod="POD2"),
    ]
    cases = [
        case("C1", flags=["vulnerability", "iom"], excluded_staff=["P3", "P2"]),
        case("C2", "D1", rosh="low"),
        case("C3", current_practitioner_id="P1", reason="change_in_tier"),
    ]
    return scenario(people, cases, [holding("C3", "P1")]), policy()


def _reordered(s: Scenario) -> Scenario:
    """The same input with every entity list and every unordered field in reverse."""
    people = [
        p.model_copy(
            update={
                "readiness": p.readiness[::-1],
                "conflicts": p.conflicts[::-1],
                "absences": p.absences[::-1],
            }
        )
        for p in s.practitioners[::-1]
    ]
    cases = [
        c.model_copy(update={"flags": c.flags[::-1], "excluded_staff": c.excluded_staff[::-1]})
        for c in s.cases[::-1]
    ]
    return s.model_copy(
        update={"practitioners": people, "cases": cases, "pods": s.pods[::-1], "pdus": s.pdus[::-1]}
    )


@pytest.mark.parametrize("scheme", ["1", "2"])
def test_order_of_unordered_lists_does_not_change_the_digest(scheme: str) -> None:
    """Entities, readiness, conflicts, absences, flags and exclusions reversed: one digest."""
    s, pol = _day()
    assert input_digest(_reordered(s), pol, scheme) == input_digest(s, pol, scheme)


def test_a_changed_fact_changes_the_current_digest() -> None:
    """A case's RoSH level, a practitioner's hours, or the policy changed: another digest."""
    s, pol = _day()
    base = input_digest(s, pol)
    c1 = Case.model_validate({**s.cases[0].model_dump(), "rosh": "high"})
    assert input_digest(s.model_copy(update={"cases": [c1, *s.cases[1:]]}), pol) != base
    p1 = s.practitioners[0].model_copy(update={"contracted_hours": 30.0})
    changed = s.model_copy(update={"practitioners": [p1, *s.practitioners[1:]]})
    assert input_digest(changed, pol) != base
    assert input_digest(s, policy(name="another")) != base


def test_schemes_differ_and_scheme_1_is_the_key_sorted_json_of_the_canonical_data() -> None:
    """Scheme 1 is unchanged (what proposals saved before scheme 2 recorded); scheme 2 is
    another digest; an unknown scheme is refused."""
    s, pol = _day()
    assert input_digest(s, pol, "1") == sha256_of(canonical_data(s, pol))
    assert input_digest(s, pol, "2") != input_digest(s, pol, "1")
    with pytest.raises(ValueError, match="unknown input digest scheme"):
        input_digest(s, pol, "3")


def test_the_proposal_records_its_scheme_and_the_checker_honours_an_older_one() -> None:
    """A new proposal says scheme 2 and passes; the same proposal rewritten as a scheme-1
    proposal (an older saved one) passes with its scheme-1 digest and fails with another."""
    s, pol = _day()
    p = propose(s, pol)
    assert p.run.digest_scheme == DIGEST_SCHEME == "2"
    assert check(s, pol, p) == []
    old = p.model_copy(
        update={
            "run": p.run.model_copy(
                update={"digest_scheme": "1", "input_digest": input_digest(s, pol, "1")}
            )
        }
    )
    assert check(s, pol, old) == []
    wrong = old.model_copy(update={"run": old.run.model_copy(update={"digest_scheme": "2"})})
    assert [v.rule for v in check(s, pol, wrong)] == ["proposal"]


def test_a_known_digest_is_compared_without_hashing_the_input_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Given the digest already computed in this process, the checker does not hash the input
    (input_digest is made to fail) and still refuses a proposal whose digest differs."""
    s, pol = _day()
    p = propose(s, pol)

    def no_hashing(*_: object) -> str:
        raise AssertionError("the input was hashed again")

    monkeypatch.setattr(checker, "input_digest", no_hashing)
    assert check(s, pol, p, known_digest=p.run.input_digest) == []
    found = check(s, pol, p, known_digest="0" * 64)
    assert [v.rule for v in found] == ["proposal"]
