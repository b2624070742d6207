"""Site suitability (seed 001): tiers A and B and any MAPPA case go only to staff whose office is
assessed as suitable for higher-risk people on probation."""

import pytest

from tests.builders import case, day_of, policy, scenario, staff
from tests.rules.support import excluded, failed_rules, reason

UNSUITABLE = [{"id": "OFF2", "name": "Small Office", "suitable_for_high_risk": False}]


def _scenario(cases):  # type: ignore[no-untyped-def]
    people = [
        staff("OK1", name="Suitable Site"),
        staff("UN1", name="Unsuitable Site", office_id="OFF2"),
        staff("NO1", name="No Office", office_id=None),
    ]
    return scenario(people, cases, offices=UNSUITABLE)


@pytest.mark.parametrize("tier", ["A3", "A0", "B2", "B0"])
def test_a_and_b_need_a_suitable_office(tier: str) -> None:
    """A or B band: suitable office passes; unsuitable office and no office are excluded."""
    day, elig = day_of(_scenario([case("X1", tier)]))
    assert reason(day, "site_suitability", "X1", "OK1") is None
    assert (
        reason(day, "site_suitability", "X1", "UN1")
        == "Unsuitable Site works from Small Office, which is not assessed as suitable for "
        "higher-risk cases."
    )
    assert (
        reason(day, "site_suitability", "X1", "NO1")
        == "No Office has no office recorded, so no site assessed as suitable for higher-risk cases."
    )
    assert elig.candidates["X1"] == ["OK1"]
    assert excluded(elig, "X1") == {"UN1", "NO1"}
    assert failed_rules(elig, "X1", "NO1") == ["site_suitability"]


@pytest.mark.parametrize("mappa", [{"mappa_category": 2}, {"mappa_level": 1}])
def test_any_mappa_case_needs_a_suitable_office(mappa: dict) -> None:  # type: ignore[type-arg]
    """A tier C MAPPA case (any category or level) needs a suitable office too."""
    day, elig = day_of(_scenario([case("X1", "C2", **mappa)]))
    assert reason(day, "site_suitability", "X1", "OK1") is None
    assert reason(day, "site_suitability", "X1", "UN1") is not None
    assert excluded(elig, "X1") == {"UN1", "NO1"}


@pytest.mark.parametrize("tier", ["C3", "C0", "D2"])
def test_c_and_d_without_mappa_are_not_affected(tier: str) -> None:
    """A tier C or D case without MAPPA goes to any office, or none."""
    day, elig = day_of(_scenario([case("X1", tier)]))
    assert reason(day, "site_suitability", "X1", "UN1") is None
    assert reason(day, "site_suitability", "X1", "NO1") is None
    assert "UN1" in elig.candidates["X1"]
    assert "NO1" in elig.candidates["X1"]


def test_switched_off_by_policy() -> None:
    """With site_suitability False, an A case goes to an unsuitable office or none."""
    _, elig = day_of(_scenario([case("X1", "A3")]), policy(site_suitability=False))
    assert elig.candidates["X1"] == ["NO1", "OK1", "UN1"]


def test_mappa_switch_off_keeps_the_bands() -> None:
    """With site_suitability_mappa False, a C MAPPA case is free but a B case still is not."""
    _, elig = day_of(
        _scenario([case("X1", "C2", mappa_category=2), case("X2", "B2")]),
        policy(site_suitability_mappa=False),
    )
    assert excluded(elig, "X1") == set()
    assert excluded(elig, "X2") == {"UN1", "NO1"}
