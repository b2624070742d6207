"""PO-only report (seed 003, chapter 2): a report in one of the nine PO-only categories is
written by a PO; the reason names the category number and the seed's words, nothing more."""

import pytest

from allocator.problem.court import PO_ONLY_CATEGORIES
from tests.builders import day_of
from tests.court_builders import court_scenario, report, writer
from tests.rules.support import excluded, reason

CASES = {
    1: {"dangerousness_assessment": True},
    2: {"terrorist_offence": True},
    3: {"mental_health": "diagnosed_without_report"},
    4: {"mental_health": "indicated_without_diagnosis"},
    5: {"domestic_abuse_risk": "high"},
    6: {"sexual_offending_risk": "medium"},
    7: {"child_safeguarding": "complex_or_serious"},
    8: {"serious_organised_crime": True},
    9: {"extra_risk_information_needed": True},
}


def _day(**facts):  # type: ignore[no-untyped-def]
    people = [
        writer("PO1", name="Pat Officer"),
        writer("PSO1", "PSO", name="Sam Services"),
        writer("PQ1", "PQIP", name="Lee Learner"),
    ]
    return day_of(court_scenario(people, [report("R1", "fast_delivery", **facts)]))


@pytest.mark.parametrize("category", sorted(CASES))
def test_each_category_goes_to_a_po_only(category: int) -> None:
    """Each of the nine categories excludes the trained PSO and the PQiP, not the PO, and the
    PSO's sentence names the category by its number and the seed's wording."""
    day, elig = _day(**CASES[category])
    assert excluded(elig, "R1") == {"PSO1", "PQ1"}
    said = reason(day, "po_only_report", "R1", "PSO1")
    assert said == (
        f"R1 is in PO-only category {category}: {PO_ONLY_CATEGORIES[category]}, so only a PO "
        "writes the report; Sam Services is a PSO."
    )


def test_no_category_lets_a_trained_pso_write_it() -> None:
    """Medium domestic abuse risk and low sexual offending risk meet no category: the trained
    PSO may write the report."""
    day, elig = _day(domestic_abuse_risk="medium", sexual_offending_risk="low")
    assert reason(day, "po_only_report", "R1", "PSO1") is None
    assert "PSO1" not in excluded(elig, "R1")


def test_several_categories_are_all_named() -> None:
    """A report meeting categories 5 and 8 names both, in seed order."""
    day, _ = _day(domestic_abuse_risk="very_high", serious_organised_crime=True)
    said = reason(day, "po_only_report", "R1", "PQ1")
    assert said is not None
    assert "PO-only category 5: high or very high risk domestic abuse; PO-only category 8" in said
