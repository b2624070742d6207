"""Legacy origin, the legacy hub rule (seed 001), off by default: former NPS cases do not go to
former CRC staff; the reverse is allowed."""

from tests.builders import case, day_of, policy, scenario, staff
from tests.rules.support import reason


def _scenario():  # type: ignore[no-untyped-def]
    return scenario(
        [
            staff("N1", name="Nia Former", legacy_origin="nps"),
            staff("R1", name="Rob Former", legacy_origin="crc"),
        ],
        [case("C1", "C2", legacy_origin="nps"), case("C2", "C2", legacy_origin="crc")],
    )


def test_off_by_default() -> None:
    """Under the default policy both practitioners may take either case."""
    _, elig = day_of(_scenario())
    assert elig.candidates["C1"] == ["N1", "R1"]


def test_crc_case_to_nps_staff_is_allowed() -> None:
    """With the rule on, a former CRC case may go to former NPS staff."""
    day, elig = day_of(_scenario(), policy(legacy_origin_rule=True))
    assert reason(day, "legacy_origin", "C2", "N1") is None
    assert elig.candidates["C2"] == ["N1", "R1"]


def test_nps_case_to_crc_staff_is_excluded() -> None:
    """With the rule on, a former NPS case excludes former CRC staff with the exact sentence."""
    day, elig = day_of(_scenario(), policy(legacy_origin_rule=True))
    assert reason(day, "legacy_origin", "C1", "R1") == (
        "Rob Former is former CRC staff; under this policy a former NPS case does not go to "
        "former CRC staff."
    )
    assert elig.candidates["C1"] == ["N1"]
