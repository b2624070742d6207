"""Oversight level per line (docs/domain.md; seed 004's levels) and the notes an SPO confirms: each
trigger gives its level and a neutral sentence, the table marks the level, the SBAR text says
it."""

from allocator import propose
from allocator.check import check
from allocator.report.oversight import oversight_text
from allocator.report.proposal_text import render_proposal
from models import Proposal
from tests.builders import case, holding, policy, scenario, staff
from tests.rules.support import nps_policy


def _line(p: Proposal, cid: str):  # type: ignore[no-untyped-def]
    return next(line for line in p.lines if line.case_id == cid)


def test_plain_line_needs_no_oversight() -> None:
    """A C2 case to an experienced PO: no trigger, level None, the SBAR text says so."""
    s = scenario([staff("P1")], [case("C1", "C2")])
    line = _line(propose(s, policy()), "C1")
    assert (line.oversight.needed, line.oversight.level, line.oversight.triggers) == (
        False,
        None,
        [],
    )
    assert oversight_text(line) == "No oversight trigger on the proposed line."


def test_c1_to_a_pso_on_competency_is_level_2() -> None:
    """nps2016: a C1 case to the only candidate, a PSO with the c1 competency: level 2."""
    s = scenario([staff("S1", "PSO", competencies=["c1"])], [case("C1", "C1")])
    p = propose(s, nps_policy())
    line = _line(p, "C1")
    assert line.oversight.level == 2
    assert line.oversight.triggers == ["confirmed_competency"]
    assert line.oversight.why == ["A tier C1 case goes to a PSO on an SPO-confirmed competency."]
    assert oversight_text(line) == (
        "Level 2 (oversight through supervision): A tier C1 case goes to a PSO on an "
        "SPO-confirmed competency."
    )
    assert check(s, nps_policy(), p) == []


def test_d1_flagged_case_to_a_pso_never_names_the_category() -> None:
    """nps2016: a D1 sexual-offending case to a PSO with the D1 training: level 2, and no
    sentence names the case category."""
    s = scenario(
        [staff("S1", "PSO", competencies=["sexual_offending_d1"])],
        [case("C1", "D1", rosh="low", flags=["sexual_offending"])],
    )
    line = _line(propose(s, nps_policy()), "C1")
    assert line.oversight.level == 2
    assert "sexual" not in " ".join(line.oversight.why)


def test_tier_rise_is_level_3_and_nqo_high_risk_level_2() -> None:
    """A held C2 case rising to B2 goes to an NQO PO: raised risk (3) and NQO high risk (2);
    the line's level is the highest."""
    s = scenario(
        [staff("P1", qualified_on="2026-06-01", in_grade_since="2026-06-01"), staff("S1", "PSO")],
        [case("C1", "B2", rosh="high", reason="change_in_tier", current_practitioner_id="S1")],
        [holding("C1", "S1", "C2")],
    )
    p = propose(s, policy())
    line = _line(p, "C1")
    assert line.oversight.triggers == ["raised_risk", "nqo_high_risk"]
    assert line.oversight.level == 3
    text = render_proposal(p)
    row = next(r for r in text.splitlines() if r.startswith("C1 "))
    assert " L3 " in row
    assert "Oversight: The risk of case C1 has increased" in text


def test_transitional_visor_is_level_1() -> None:
    """Transitional ViSOR through a vetted colleague: level 1 with that trigger."""
    s = scenario(
        [
            staff("P1", visor_vetted=False, visor_trained=False),
            staff("S1", "PSO", other_points=2300),
        ],
        [case("C1", "B2", rosh="medium", needs_visor=True)],
    )
    line = _line(propose(s, policy(visor_mode="transitional")), "C1")
    assert line.visor_colleague_id == "S1"
    assert line.oversight.triggers == ["transitional_visor"]
    assert line.oversight.level == 1


def test_stated_tier_disagreement_is_said_on_the_line() -> None:
    """A case stated C2 whose facts give another tier: a note, the reason says it, level 1."""
    facts = {"rsr_pct": 8.0, "mandate_for_change": True, "valid_assessment": True}
    s = scenario([staff("P1")], [case("C1", "C2", rosh="medium", risk=facts)])
    line = _line(propose(s, policy()), "C1")
    assert len(line.notes) == 1 and line.notes[0].startswith(
        "C1 is stated as tier C2, but its risk facts give tier B"
    )
    assert "Note: C1 is stated as tier C2, but its risk facts give tier B" in line.reason
    assert line.oversight.triggers == ["stated_tier"]
