"""The PO share of reports (seed 003, chapter 2: POs write about 35%): the absolute deviation
|1000 x PO reports - target x reports| per court team, history of the period included, and
its exact CP-SAT encoding (an absolute-value equality)."""

from allocator import Pin, SolveSettings, propose
from allocator.check import check
from allocator.objectives.base import DeviationSpec
from allocator.objectives.registry import OBJECTIVES_BY_NAME
from allocator.report.proposal_text import render_court_summary
from tests.builders import day_of
from tests.objectives.court_support import court_day, request, terms_policy, writer
from tests.objectives.support import score

TERMS = ("unallocated_risk", "po_share", "max_utilisation")
"""The share decides who writes; balance only among the writers of one grade."""


def _people():  # type: ignore[no-untyped-def]
    """One PO and two PSOs."""
    return [writer("P1"), writer("S1", "PSO"), writer("S2", "PSO")]


def _requests():  # type: ignore[no-untyped-def]
    return [request("R1"), request("R2"), request("R3")]


def test_score_is_the_absolute_deviation_from_the_target() -> None:
    """No history, target 35% (350): nothing allocated -> 0; R1 by the PSO -> |0 - 350| = 350;
    R1 by the PO -> |1000 - 350| = 650; all three, one by the PO -> |1000 - 1050| = 50."""
    day, elig = day_of(court_day(_people(), _requests()))
    assert score("po_share", day, elig, {}) == 0
    assert score("po_share", day, elig, {"R1": "S1"}) == 350
    assert score("po_share", day, elig, {"R1": "P1"}) == 650
    assert score("po_share", day, elig, {"R1": "P1", "R2": "S1", "R3": "S2"}) == 50


def test_history_of_the_period_counts() -> None:
    """Ten reports already allocated, two by POs: with all three of today's by the PO,
    n = 13, k = 5: |5000 - 4550| = 450; with one, k = 3: |3000 - 4550| = 1550."""
    day, elig = day_of(court_day(_people(), _requests(), reports=10, by_po=2))
    assert score("po_share", day, elig, {"R1": "P1", "R2": "P1", "R3": "P1"}) == 450
    assert score("po_share", day, elig, {"R1": "P1", "R2": "S1", "R3": "S2"}) == 1550


def test_spec_holds_the_same_formula() -> None:
    """The spec is one deviation item for the team: pair coefficients 650 for the PO and -350
    for a PSO, constant 1000 x 2 - 350 x 10 = -1500."""
    day, elig = day_of(court_day(_people(), _requests(), reports=10, by_po=2))
    spec = OBJECTIVES_BY_NAME["po_share"].spec(day, elig)
    assert isinstance(spec, DeviationSpec) and len(spec.items) == 1
    item = spec.items[0]
    assert item.constant == -1500
    assert item.pair[("R1", "P1")] == 650 and item.pair[("R1", "S1")] == -350


def test_solver_reaches_the_target_from_below_and_agrees_with_the_score() -> None:
    """No history: the PO writes one of three (|1000 - 1050| = 50; two would be 950)."""
    s, pol = court_day(_people(), _requests()), terms_policy(*TERMS)
    p = propose(s, pol)
    by_po = sum(line.practitioner_id == "P1" for line in p.lines)
    assert len(p.lines) == 3 and by_po == 1
    assert next(o.value for o in p.objective if o.name == "po_share") == 50
    assert p.run.status == "OPTIMAL"
    assert check(s, pol, p) == []


def test_solver_makes_up_for_the_period_behind_the_target() -> None:
    """Ten reports in the period, two by POs (20%): the PO writes all three today (450;
    two would be |4000 - 4550| = 550)."""
    s, pol = court_day(_people(), _requests(), reports=10, by_po=2), terms_policy(*TERMS)
    p = propose(s, pol)
    assert {line.practitioner_id for line in p.lines} == {"P1"}
    assert next(o.value for o in p.objective if o.name == "po_share") == 450
    assert check(s, pol, p) == []


def test_solver_holds_back_the_po_when_the_period_is_ahead() -> None:
    """Ten reports in the period, eight by POs (80%): no report goes to the PO today (k = 8,
    n = 13: |8000 - 4550| = 3450, the least)."""
    s, pol = court_day(_people(), _requests(), reports=10, by_po=8), terms_policy(*TERMS)
    p = propose(s, pol)
    assert "P1" not in {line.practitioner_id for line in p.lines} and len(p.lines) == 3
    assert next(o.value for o in p.objective if o.name == "po_share") == 3450


def test_large_method_reports_a_valid_bound() -> None:
    """The large method cannot optimise the share (large_bound "none"): it reports bound 0,
    never above the value, and the checker accepts its proposal."""
    s, pol = court_day(_people(), _requests(), reports=10, by_po=2), terms_policy(*TERMS)
    p = propose(s, pol, SolveSettings(method="large"))
    term = next(o for o in p.objective if o.name == "po_share")
    assert 0 == term.bound <= term.value
    assert check(s, pol, p) == []


def test_a_pinned_report_still_counts_in_the_share() -> None:
    """An SPO-approved line (R1 to the PO) leaves the list on a re-solve and becomes history:
    the share of the solve equals the score of the whole day's assignment (one by the PO of
    three: 50), and the checker, recomputing on the same pinned day, agrees."""
    s, pol = court_day(_people(), _requests()), terms_policy(*TERMS)
    p = propose(s, pol, pins={"R1": Pin("P1", "approved")})
    assignment = {line.case_id: line.practitioner_id for line in p.lines}
    assert assignment["R1"] == "P1" and "P1" not in (assignment["R2"], assignment["R3"])
    day, elig = day_of(s, pol)
    value = next(o.value for o in p.objective if o.name == "po_share")
    assert value == score("po_share", day, elig, assignment) == 50
    assert check(s, pol, p) == []


def test_proposal_reports_the_share_today_and_over_the_period() -> None:
    """History 10 reports, 2 by POs; the PO writes all three today: the court summary says
    3 of 3 today (100.0%) and 5 of 13 over the 28-day period (38.5%), the text says so, and
    the checker refuses a summary that misstates the period."""
    s, pol = court_day(_people(), _requests(), reports=10, by_po=2), terms_policy(*TERMS)
    p = propose(s, pol)
    court = p.court
    assert court is not None
    assert (court.by_po, court.allocated, court.po_share_pct) == (3, 3, 100.0)
    assert (court.period_days, court.period_by_po, court.period_reports) == (28, 5, 13)
    assert court.po_share_period_pct == 38.5
    assert "over the 28-day period, 5 of 13 (38.5%)" in render_court_summary(court)
    assert check(s, pol, p) == []
    wrong = p.model_copy(update={"court": court.model_copy(update={"period_by_po": 4})})
    assert any("reports by PO of the period 4" in v.message for v in check(s, pol, wrong))
