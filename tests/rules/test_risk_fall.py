"""A fall in risk never forces a case off its holder, under every bundled policy (seed 003:
"re-allocation of cases may not automatically follow a reduction in risk")."""

import pytest

from allocator import propose
from allocator.check import check
from tests.builders import case, day_of, holding, policy, scenario, staff
from tests.rules.support import nps_policy, reason


def _scenario():  # type: ignore[no-untyped-def]
    return scenario(
        [
            staff("P1", name="Pat Holder", other_points=1600),
            staff("P2", name="Other Officer"),
            staff("S1", "PSO"),
        ],
        [case("C1", "D2", rosh="low", reason="change_in_tier", current_practitioner_id="P1")],
        [holding("C1", "P1", "C2")],
    )


def test_nps2016_d2_row_still_excludes_a_po_who_does_not_hold_it() -> None:
    """Under nps2016 a D2 case is PSO/PQiP work: a PO who does not hold it is excluded."""
    day, _ = day_of(_scenario(), nps_policy())
    assert reason(day, "grade_vs_tier", "C1", "P2") is not None


def test_nps2016_holder_keeps_a_case_whose_risk_fell() -> None:
    """The PO holding the C2 case that fell to D2 may keep it under nps2016."""
    day, elig = day_of(_scenario(), nps_policy())
    assert reason(day, "grade_vs_tier", "C1", "P1") is None
    assert "P1" in elig.candidates["C1"]


@pytest.mark.parametrize("which", ["default", "nps2016"])
def test_the_case_stays_with_its_holder(which: str) -> None:
    """Under both bundled policies the proposal keeps the case with its holder (at 75%, below
    the balance target, so balance does not move it), and checks."""
    s = _scenario()
    pol = nps_policy() if which == "nps2016" else policy()
    p = propose(s, pol)
    assert [(line.case_id, line.practitioner_id) for line in p.lines] == [("C1", "P1")]
    assert check(s, pol, p) == []
