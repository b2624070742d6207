"""Readiness (seed 001): a practitioner takes a case category only once their SPO confirmed it."""

import pytest

from allocator.rules.readiness import case_categories
from models.enums import CaseCategory
from tests.builders import case, day_of, policy, scenario, staff
from tests.rules.support import excluded, failed_rules, reason


@pytest.mark.parametrize(
    ("fields", "categories"),
    [
        ({}, set()),
        ({"mappa_category": 2}, {CaseCategory.MAPPA}),
        ({"mappa_level": 1}, {CaseCategory.MAPPA}),
        ({"mappa_category": 1, "mappa_level": 2}, {CaseCategory.MAPPA}),
        ({"case_type": "custody"}, {CaseCategory.OMIC}),
        ({"case_type": "licence"}, set()),
        ({"flags": ["sexual_offending"]}, {CaseCategory.SEXUAL_OFFENDING}),
        ({"flags": ["domestic_abuse"]}, {CaseCategory.DOMESTIC_ABUSE}),
        ({"flags": ["terrorism"]}, {CaseCategory.TERRORISM}),
        ({"flags": ["child_protection"]}, {CaseCategory.CHILD_PROTECTION}),
        ({"flags": ["iom", "vulnerability", "serious_mental_health"]}, set()),
        (
            {
                "flags": ["domestic_abuse", "child_protection"],
                "mappa_level": 2,
                "case_type": "custody",
            },
            {
                CaseCategory.DOMESTIC_ABUSE,
                CaseCategory.CHILD_PROTECTION,
                CaseCategory.MAPPA,
                CaseCategory.OMIC,
            },
        ),
    ],
)
def test_case_categories(fields: dict, categories: set) -> None:  # type: ignore[type-arg]
    """MAPPA from category or level, OMiC from custody, four flags map to categories, others none."""
    assert case_categories(case("X1", "C2", **fields)) == categories


def _scenario():  # type: ignore[no-untyped-def]
    return scenario(
        [
            staff("P1", name="All Ready"),
            staff("P2", name="Not Ready", readiness=[]),
            staff("P3", name="Half Ready", readiness=["domestic_abuse"]),
            staff("P4", name="Omic Ready", readiness=["omic", "mappa"]),
        ],
        [
            case("PLAIN", "C2", flags=["iom"]),
            case("DA", "C2", flags=["domestic_abuse"]),
            case("DACP", "C2", flags=["domestic_abuse", "child_protection"]),
            case("CUST", "C2", case_type="custody"),
            case("MAPPA", "C2", mappa_category=2, mappa_level=1),
        ],
    )


def test_ready_practitioner_is_allowed() -> None:
    """A practitioner confirmed for every category of the case passes; a plain case needs none."""
    day, _ = day_of(_scenario())
    assert reason(day, "readiness", "DACP", "P1") is None
    assert reason(day, "readiness", "DA", "P3") is None
    assert reason(day, "readiness", "PLAIN", "P2") is None
    assert reason(day, "readiness", "CUST", "P4") is None


def test_missing_categories_are_counted_never_named() -> None:
    """The sentence counts the missing categories and never names one: they are offence-related
    data and the sentence is pasted into oversight records (issue 16)."""
    day, _ = day_of(_scenario())
    assert (
        reason(day, "readiness", "DACP", "P2")
        == "The SPO has not confirmed Not Ready ready for every category of this case "
        "(2 categories not confirmed)."
    )
    assert (
        reason(day, "readiness", "DACP", "P3")
        == "The SPO has not confirmed Half Ready ready for every category of this case "
        "(1 category not confirmed)."
    )
    for cid, pid in (("CUST", "P3"), ("MAPPA", "P2")):
        sentence = reason(day, "readiness", cid, pid) or ""
        assert sentence.endswith("(1 category not confirmed).")


def test_eligibility_excludes_exactly_the_unready() -> None:
    """compute_eligibility excludes, per case, exactly those missing a category."""
    _, elig = day_of(_scenario())
    assert excluded(elig, "PLAIN") == set()
    assert excluded(elig, "DA") == {"P2", "P4"}
    assert excluded(elig, "DACP") == {"P2", "P3", "P4"}
    assert excluded(elig, "CUST") == {"P2", "P3"}
    assert excluded(elig, "MAPPA") == {"P2", "P3"}
    assert failed_rules(elig, "DA", "P2") == ["readiness"]


def test_readiness_switched_off_by_policy() -> None:
    """With readiness_required False nobody is excluded for readiness."""
    _, elig = day_of(_scenario(), policy(readiness_required=False))
    assert all(excluded(elig, c) == set() for c in ("PLAIN", "DA", "DACP", "CUST", "MAPPA"))
