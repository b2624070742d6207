"""Leavers (docs/domain.md, practitioner status): on request, the held cases of a practitioner who
has left join the day's list as 'officer left' and go to someone present, never back."""

from allocator import propose
from allocator.check import check
from tests.builders import case, holding, policy, scenario, staff


def _scenario(reallocate: bool):  # type: ignore[no-untyped-def]
    return scenario(
        [
            staff("P1", name="Gone Already", left_on="2026-11-01"),
            staff("P2", name="Still Here"),
            staff("S1", "PSO", name="Sam Service"),
        ],
        [case("C1", "C2")],
        [
            holding("H1", "P1", "B2", rosh="high"),
            holding("H2", "P1", "D2", rosh="low"),
            holding("H3", "P1", "C2"),
            holding("H4", "P2", "C2"),
        ],
        reallocate_leavers=reallocate,
    )


def test_without_the_switch_the_list_is_unchanged() -> None:
    """A leaver's holdings stay off the list unless the SPO asks."""
    p = propose(_scenario(False), policy())
    assert [line.case_id for line in p.lines] == ["C1"]


def test_leaver_cases_are_listed_reallocated_and_checked() -> None:
    """With the switch, H1 and H2 go to present staff (H1, high RoSH, to the PO), H3 with no
    RoSH recorded is blocked by the risk assessment, and the checker agrees."""
    s, pol = _scenario(True), policy()
    p = propose(s, pol)
    placed = {line.case_id: line.practitioner_id for line in p.lines}
    assert placed["H1"] == "P2"
    assert placed["H2"] in {"P2", "S1"}
    assert "P1" not in placed.values()
    assert all(
        line.reason_on_list == "officer_left" for line in p.lines if line.case_id.startswith("H")
    )
    assert [(b.case_id, b.blocking_rules) for b in p.blocked] == [("H3", ["risk_assessment"])]
    assert check(s, pol, p) == []
