"""Transferred in on increased risk (seed 003): the case goes to a PO first."""

from tests.builders import case, day_of, policy, scenario, staff
from tests.rules.support import reason


def _scenario():  # type: ignore[no-untyped-def]
    return scenario(
        [staff("P1"), staff("S1", "PSO", name="Sam Service")],
        [
            case("C1", "C2", reason="transfer_in", transferred_on_increased_risk=True),
            case("C2", "C2", reason="transfer_in"),
        ],
    )


def test_plain_transfer_in_may_go_to_a_pso() -> None:
    """A transfer in not on increased risk passes for a PSO."""
    day, elig = day_of(_scenario())
    assert reason(day, "increased_risk_transfer", "C2", "S1") is None
    assert elig.candidates["C2"] == ["P1", "S1"]


def test_increased_risk_transfer_goes_to_a_po_first() -> None:
    """The PSO is excluded with the exact sentence; the PO is allowed."""
    day, elig = day_of(_scenario())
    assert reason(day, "increased_risk_transfer", "C1", "S1") == (
        "Sam Service is a PSO; a case transferred in on increased risk goes to a PO first "
        "(another grade only later, by an SPO's recorded decision)."
    )
    assert elig.candidates["C1"] == ["P1"]


def test_switch_off() -> None:
    """With increased_risk_transfer False, the PSO may take it."""
    _, elig = day_of(_scenario(), policy(increased_risk_transfer=False))
    assert elig.candidates["C1"] == ["P1", "S1"]
