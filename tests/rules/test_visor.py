"""ViSOR (seed 001): a ViSOR case goes to a vetted and trained practitioner; under the
transitional policy, a non-vetted one only with a vetted, trained colleague in the same PDU
present that day."""

from typing import Any

from allocator.rules.visor import visor_colleague
from tests.builders import case, day_of, policy, scenario, staff
from tests.rules.support import excluded, failed_rules, move_pod_to_pdu, reason

TRANSITIONAL = {"visor_mode": "transitional"}
STRICT_SENTENCE = "{} is not ViSOR vetted and trained (strict ViSOR policy)."
NO_COLLEAGUE = (
    "Nell Novice is not ViSOR vetted and trained, and no vetted, trained colleague in "
    "PDU PDU1 is available today."
)


def _novice() -> Any:
    return staff("N1", name="Nell Novice", visor_vetted=False, visor_trained=False)


def test_strict_vetted_and_trained_is_allowed_and_a_non_visor_case_needs_nothing() -> None:
    """Strict: a vetted, trained practitioner passes; a case not needing ViSOR passes anyone."""
    s = scenario([staff("V1"), _novice()], [case("X1", "C2", needs_visor=True), case("X2", "C2")])
    day, _ = day_of(s)
    assert reason(day, "visor", "X1", "V1") is None
    assert reason(day, "visor", "X2", "N1") is None


def test_strict_excludes_vetted_only_trained_only_and_neither() -> None:
    """Strict: vetted-not-trained, trained-not-vetted and neither are all excluded."""
    people = [
        staff("V1"),
        staff("VO", name="Vetted Only", visor_trained=False),
        staff("TO", name="Trained Only", visor_vetted=False),
        _novice(),
    ]
    day, elig = day_of(scenario(people, [case("X1", "C2", needs_visor=True)]))
    for pid, name in (("VO", "Vetted Only"), ("TO", "Trained Only"), ("N1", "Nell Novice")):
        assert reason(day, "visor", "X1", pid) == STRICT_SENTENCE.format(name)
    assert elig.candidates["X1"] == ["V1"]
    assert excluded(elig, "X1") == {"VO", "TO", "N1"}
    assert failed_rules(elig, "X1", "N1") == ["visor"]


def test_transitional_allows_a_novice_with_a_present_vetted_trained_colleague() -> None:
    """Transitional: a non-vetted practitioner passes when a vetted, trained PDU colleague is in."""
    s = scenario([staff("V1", pod="POD2"), _novice()], [case("X1", "C2", needs_visor=True)])
    day, elig = day_of(s, policy(**TRANSITIONAL))
    assert reason(day, "visor", "X1", "N1") is None
    assert visor_colleague(day, day.case_by_id["X1"], day.staff_by_id["N1"]) == "V1"
    assert elig.candidates["X1"] == ["N1", "V1"]


def test_transitional_colleague_absent_today_does_not_count() -> None:
    """Transitional: the only vetted, trained colleague is on leave today, so the novice is out."""
    absent = staff("V1", absences=[{"start": "2026-11-23", "end": "2026-11-25"}])
    day, elig = day_of(
        scenario([absent, _novice()], [case("X1", "C2", needs_visor=True)]), policy(**TRANSITIONAL)
    )
    assert reason(day, "visor", "X1", "N1") == NO_COLLEAGUE
    assert excluded(elig, "X1") == {"N1", "V1"}  # V1 is absent
    assert failed_rules(elig, "X1", "N1") == ["visor"]


def test_transitional_colleague_vetted_but_not_trained_does_not_count() -> None:
    """Transitional: a colleague who is vetted but not trained cannot give access."""
    half = staff("V1", visor_trained=False)
    day, _ = day_of(
        scenario([half, _novice()], [case("X1", "C2", needs_visor=True)]), policy(**TRANSITIONAL)
    )
    assert reason(day, "visor", "X1", "N1") == NO_COLLEAGUE
    assert reason(day, "visor", "X1", "V1") == (
        "Synthetic PO V1 is not ViSOR vetted and trained, and no vetted, trained colleague in "
        "PDU PDU1 is available today."
    )


def test_transitional_colleague_in_another_pdu_does_not_count() -> None:
    """Transitional: a vetted, trained colleague in another PDU cannot give access."""
    s = scenario(
        [staff("V1", pod="POD2"), _novice()], [case("X1", "C2", needs_visor=True, pdu="PDU1")]
    )
    s = move_pod_to_pdu(s, "POD2", "PDU2")
    day, elig = day_of(s, policy(**TRANSITIONAL))
    assert reason(day, "visor", "X1", "N1") == NO_COLLEAGUE
    assert elig.candidates["X1"] == []


def test_transitional_colleague_may_be_a_non_holding_grade() -> None:
    """Transitional: a vetted, trained SPO in the PDU is a colleague (they hold no cases)."""
    s = scenario([staff("S1", "SPO"), _novice()], [case("X1", "C2", needs_visor=True)])
    day, elig = day_of(s, policy(**TRANSITIONAL))
    assert reason(day, "visor", "X1", "N1") is None
    assert elig.candidates["X1"] == ["N1"]


def test_strict_ignores_a_present_colleague() -> None:
    """Strict: a vetted, trained colleague does not let a novice hold the case."""
    s = scenario([staff("V1"), _novice()], [case("X1", "C2", needs_visor=True)])
    day, _ = day_of(s)
    assert reason(day, "visor", "X1", "N1") == STRICT_SENTENCE.format("Nell Novice")


def test_transitional_names_the_lowest_id_present_colleague() -> None:
    """Transitional: with two vetted, trained colleagues, the lowest-id one present is named."""
    people = [
        staff("A1", absences=[{"start": "2026-11-24", "end": "2026-11-24"}]),
        staff("B1"),
        staff("C1"),
        _novice(),
    ]
    day, _ = day_of(scenario(people, [case("X1", "C2", needs_visor=True)]), policy(**TRANSITIONAL))
    assert visor_colleague(day, day.case_by_id["X1"], day.staff_by_id["N1"]) == "B1"


def test_transitional_colleague_with_no_available_hours_does_not_count() -> None:
    """Transitional: a vetted, trained PO on 100% reduction (maternity) is not available today,
    so a novice has no colleague to give ViSOR access."""
    away = staff("V1", reduction_pct=100)
    day, _ = day_of(
        scenario([away, _novice()], [case("X1", "C2", needs_visor=True)]), policy(**TRANSITIONAL)
    )
    assert day.absent["V1"]
    assert reason(day, "visor", "X1", "N1") == NO_COLLEAGUE
