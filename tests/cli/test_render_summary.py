"""The summary line says which term a gap is on, so that a gap is read against what it bounds."""

from allocator import SolveSettings, propose
from allocator.report.proposal_text import render_summary
from tests.builders import case, policy, scenario, staff


def _proposal():  # type: ignore[no-untyped-def]
    s = scenario([staff("P1"), staff("P2", "PSO")], [case("C1", "C2")])
    return propose(s, policy(), SolveSettings(time_limit_s=10))


def test_a_proven_proposal_reads_gap_zero_without_a_term() -> None:
    line = render_summary(_proposal())
    assert "| gap 0.00% |" in line


def test_a_gap_names_the_first_term_not_at_its_bound() -> None:
    p = _proposal()
    objective = [
        o.model_copy(update={"value": 4, "bound": 1}) if o.name == "grade_fit" else o
        for o in p.objective
    ]
    p = p.model_copy(update={"objective": objective, "gap": 0.75})
    line = render_summary(p)
    assert "gap 75.00% on grade_fit, the terms before it proven" in line
    assert "grade_fit 4 (bound 1)" in line
