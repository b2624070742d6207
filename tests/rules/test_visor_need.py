"""ViSOR need (seed 001): derived from the MAPPA category and level by policy data, never
silently false; transitional access through a PDU colleague or the regional ViSOR team, and
none from a transferred site."""

from allocator import propose
from models import Case
from tests.builders import case, day_of, policy, scenario, staff
from tests.rules.support import reason

UNVETTED = {"visor_vetted": False, "visor_trained": False}


def _scenario(**office):  # type: ignore[no-untyped-def]
    return scenario(
        [
            staff("P1", name="Una Vetted", **UNVETTED),
            staff("P2", name="Tom Transferred", office_id="OFF2", **UNVETTED),
        ],
        [
            case("C1", "A2", rosh="high", mappa_category=2, mappa_level=2),
            case("C2", "B2", rosh="high", mappa_category=2, mappa_level=1),
            case("C3", "B2", rosh="high", mappa_category=1, mappa_level=1),
        ],
        offices=[{"id": "OFF2", "name": "Old Site", "transferred_site": True, **office}],
    )


def test_need_is_derived_from_mappa_when_not_given() -> None:
    """Level 2 or category 1 need ViSOR by the default policy data; category 2 level 1 not."""
    day, _ = day_of(_scenario())
    assert [day.safety[c].needs_visor for c in ("C1", "C2", "C3")] == [True, False, True]
    assert reason(day, "visor", "C2", "P1") is None


def test_derived_need_excludes_the_unvetted_under_strict() -> None:
    """The MAPPA level 2 case with no needs_visor field excludes an unvetted PO."""
    day, elig = day_of(_scenario())
    assert reason(day, "visor", "C1", "P1") == (
        "Una Vetted is not ViSOR vetted and trained (strict ViSOR policy)."
    )
    assert elig.candidates["C1"] == []


def test_given_false_does_not_beat_the_mappa_data() -> None:
    """An export's stale needs_visor false on a MAPPA level 2 case still needs ViSOR, and the
    proposal records that it overruled the given value."""
    c = case("C9", "A2", rosh="high", mappa_level=2, needs_visor=False)
    s = scenario([staff("P1")], [c])
    day, _ = day_of(s)
    assert day.safety["C9"].needs_visor is True
    assert propose(s, policy()).assumptions == [
        "C9: needs_visor was given as false, but its MAPPA category and level need ViSOR under "
        "the policy, so this proposal treats it as a ViSOR case."
    ]


def test_policy_data_sets_the_categories() -> None:
    """With no ViSOR categories and levels in the policy, no MAPPA case needs ViSOR."""
    day, _ = day_of(_scenario(), policy(visor_mappa_categories=[], visor_mappa_levels=[]))
    assert not any(day.safety[c].needs_visor for c in ("C1", "C2", "C3"))


def test_unknown_need_in_code_is_the_safe_side() -> None:
    """A case built in code with neither needs_visor nor MAPPA facts is treated as needing
    ViSOR (the readers reject such an input; see tests/io/test_safety_fields.py)."""
    c = Case.model_validate({"id": "C9", "tier": "C2", "pdu_id": "PDU1", "rosh": "medium"})
    day, _ = day_of(scenario([staff("P1")], [c]))
    assert day.safety["C9"].needs_visor is True
    assert day.safety["C9"].dif_complete is False


def test_transitional_regional_team_gives_access() -> None:
    """Transitional with no vetted PDU colleague: excluded unless a regional team exists."""
    pol = policy(visor_mode="transitional")
    day, _ = day_of(_scenario(), pol)
    assert reason(day, "visor", "C1", "P1") == (
        "Una Vetted is not ViSOR vetted and trained, and no vetted, trained colleague in PDU "
        "PDU1 is available today."
    )
    day, _ = day_of(_scenario(), policy(visor_mode="transitional", visor_regional_team=True))
    assert reason(day, "visor", "C1", "P1") is None


def test_no_access_from_a_transferred_site() -> None:
    """Even with a regional team, a practitioner at a transferred site gets no ViSOR access."""
    day, _ = day_of(_scenario(), policy(visor_mode="transitional", visor_regional_team=True))
    assert reason(day, "visor", "C1", "P2") == (
        "Tom Transferred is not ViSOR vetted and trained, and no ViSOR access is sanctioned "
        "from a transferred site."
    )
