"""Grade fit (docs/domain.md "Grade fit"): keep PO time for the cases only POs may hold."""

from tests.builders import case, day_of, scenario, staff
from tests.objectives.support import score
from tests.rules.support import nps_policy


def _people():  # type: ignore[no-untyped-def]
    return [staff("P1", "PO"), staff("S1", "PSO", competencies=["c1"]), staff("Q1", "PQIP")]


def test_unified_d_to_po_2_c_to_po_1_b_to_po_0() -> None:
    """Unified: a D case to a PO costs 2, a C case 1, a B case (PO only) 0."""
    day, elig = day_of(scenario(_people(), [case("D", "D2"), case("C", "C2"), case("B", "B2")]))
    assert score("grade_fit", day, elig, {"D": "P1"}) == 2
    assert score("grade_fit", day, elig, {"C": "P1"}) == 1
    assert score("grade_fit", day, elig, {"B": "P1"}) == 0
    # 2 + 1 + 0
    assert score("grade_fit", day, elig, {"D": "P1", "C": "P1", "B": "P1"}) == 3


def test_other_grades_cost_nothing() -> None:
    """The same cases to a PSO or PQiP cost 0; unallocated cases cost 0."""
    day, elig = day_of(scenario(_people(), [case("D", "D2"), case("C", "C2"), case("B", "B2")]))
    assert score("grade_fit", day, elig, {"D": "Q1", "C": "S1", "B": "P1"}) == 0
    assert score("grade_fit", day, elig, {"D": "S1"}) == 0
    assert score("grade_fit", day, elig, {}) == 0


def test_nps_2016() -> None:
    """NPS 2016: C1 to a PO 1 (a PSO may hold it), D1 to a PO 2, A and B1 to a PO 0."""
    cases = [case("C1", "C1"), case("D1", "D1"), case("A", "A"), case("B1", "B1")]
    day, elig = day_of(scenario(_people(), cases), nps_policy())
    # 1 + 2 + 0 + 0
    assert score("grade_fit", day, elig, {"C1": "P1", "D1": "P1", "A": "P1", "B1": "P1"}) == 3
