"""The court soft terms (issue 17, seed 003 chapter 2): same-day reports, complex reports with
POs and the known-case policy; each score by hand, and the solver's choice on a day whose
answer is known."""

from allocator import propose
from allocator.check import check
from allocator.objectives.registry import OBJECTIVES_BY_NAME
from allocator.problem.assignment import AssignmentState
from tests.builders import case, day_of, policy, scenario, staff
from tests.objectives.court_support import court_day, request, terms_policy, writer
from tests.objectives.support import score

COMPLEX = {"complex_case": True}


def _lines(p):  # type: ignore[no-untyped-def]
    return {line.case_id: line.practitioner_id for line in p.lines}


def _value(p, name: str) -> int:  # type: ignore[no-untyped-def]
    return next(o.value for o in p.objective if o.name == name)


def test_same_day_counts_only_requests_completed_on_the_day() -> None:
    """Left unallocated: an oral report (1), a fast delivery report due at the hearing (1), a
    fast delivery report due in 5 days (0), an SDR (0), and an oral request that must become
    an SDR (terrorist offence: 0): 2. Allocating the oral one leaves 1."""
    cases = [
        request("R1", "oral"),
        request("R2", "fast_delivery"),
        request("R3", "fast_delivery", due_in_days=5),
        request("R4", "standard_delivery", due_in_days=15),
        request("R5", "oral", facts={"terrorist_offence": True}),
    ]
    day, elig = day_of(court_day([writer("P1")], cases))
    assert score("same_day_reports", day, elig, {}) == 2
    assert score("same_day_reports", day, elig, {"R1": "P1"}) == 1


def test_solver_allocates_the_same_day_report_when_only_one_fits() -> None:
    """The writer has room under the capacity ceiling for one 65-point report, not two; A is
    due in five days, Z is oral on the day. Both are the same risk band, so only
    same_day_reports tells them apart: Z is allocated, A is left, and the checker agrees."""
    pol = terms_policy("unallocated_risk", "same_day_reports")
    cases = [request("A", "fast_delivery", 5), request("Z", "oral")]
    empty, _ = day_of(court_day([writer("P1")], cases), pol)
    room = empty.ceiling["P1"] - empty.load_before["P1"]
    s = court_day([writer("P1", other_points=room - 100)], cases)
    p = propose(s, pol)
    assert _lines(p) == {"Z": "P1"}
    assert _value(p, "same_day_reports") == 0
    assert check(s, pol, p) == []


def test_complex_report_costs_one_with_a_writer_who_is_not_a_po() -> None:
    """A request that may need an SDR costs 1 with a PSO or a PQiP, 0 with a PO; a plain
    request costs 0 with anybody."""
    people = [writer("P1"), writer("S1", "PSO"), writer("Q1", "PQIP", pqip_started_on="2026-01-01")]
    day, elig = day_of(court_day(people, [request("C", facts=COMPLEX), request("N")]))
    assert score("complex_reports_with_po", day, elig, {"C": "P1", "N": "S1"}) == 0
    assert score("complex_reports_with_po", day, elig, {"C": "S1"}) == 1
    assert score("complex_reports_with_po", day, elig, {"C": "Q1"}) == 1


def test_solver_gives_the_complex_report_to_the_po_though_busier() -> None:
    """The PO is busier than the PSO, so balance alone would give the PSO the request; the
    complex term ranks above balance, so the PO writes it, at value 0."""
    people = [writer("P1", other_points=800), writer("S1", "PSO")]
    s = court_day(people, [request("C", facts={"serious_sexual_or_violent": True})])
    pol = terms_policy("unallocated_risk", "complex_reports_with_po", "max_utilisation")
    p = propose(s, pol)
    assert _lines(p) == {"C": "P1"}
    assert _value(p, "complex_reports_with_po") == 0
    assert check(s, pol, p) == []


def test_known_case_cost_follows_the_policy() -> None:
    """Case known to P1: asking for information, giving it to P1 costs 1 and to P2 costs 0;
    giving the report, the other way round. A request nobody knows costs 0 either way."""
    people = [writer("P1"), writer("P2")]
    s = court_day(people, [request("K", known="P1"), request("U")])
    ask, _ = day_of(s, terms_policy("known_case"))
    give, _ = day_of(s, terms_policy("known_case", court={"known_case": "give_report"}))
    term = OBJECTIVES_BY_NAME["known_case"]
    assert [term.pair_cost(ask, "K", q) for q in ("P1", "P2")] == [1, 0]
    assert [term.pair_cost(give, "K", q) for q in ("P1", "P2")] == [0, 1]
    assert term.pair_cost(ask, "U", "P1") == term.pair_cost(give, "U", "P1") == 0


def test_known_practitioner_is_asked_for_information_and_the_reason_says_so() -> None:
    """P1 knows the case and is the least loaded, so balance alone would give them the report;
    the policy asks them for information instead: P2 writes it, the reason names P1 as asked
    for information, and the checker accepts that name in the reason."""
    people = [writer("P1", name="Synthetic Ada Known"), writer("P2", other_points=600)]
    s = court_day(people, [request("K", known="P1")])
    pol = terms_policy("unallocated_risk", "known_case", "max_utilisation")
    p = propose(s, pol)
    assert _lines(p) == {"K": "P2"}
    assert "Synthetic Ada Known knows the case and is asked for information" in p.lines[0].reason
    assert check(s, pol, p) == []


def test_known_practitioner_is_given_the_report_when_the_policy_says_so() -> None:
    """Same day under "give_report": P1 knows the case and writes it, though busier."""
    people = [writer("P1", other_points=600), writer("P2")]
    s = court_day(people, [request("K", known="P1")])
    pol = terms_policy(
        "unallocated_risk", "known_case", "max_utilisation", court={"known_case": "give_report"}
    )
    p = propose(s, pol)
    assert _lines(p) == {"K": "P1"}
    assert check(s, pol, p) == []


def test_court_terms_are_left_out_of_a_day_without_reports() -> None:
    """A supervision day's proposal lists no court term (its objective, stages and lines are
    as they were before court terms); a court day lists every court term of the policy."""
    pol = policy()
    court_names = {"same_day_reports", "po_share", "complex_reports_with_po", "known_case"}
    plain = propose(scenario([staff("P1")], [case("X")]), pol)
    assert court_names.isdisjoint(o.name for o in plain.objective)
    court = propose(court_day([writer("P1")], [request("R")]), pol)
    assert court_names <= {o.name for o in court.objective}


def test_every_court_phrase_reads_as_a_clause_after_would() -> None:
    """An alternative's summary is "would " + the phrase: each court phrase is a verb clause
    in words, without the term's identifier."""
    for name in ("same_day_reports", "po_share", "complex_reports_with_po", "known_case"):
        for delta in (1, 3):
            phrase = OBJECTIVES_BY_NAME[name].phrase(delta)
            assert phrase.split()[0] in {"leave", "move", "give", "go"}
            assert "_" not in phrase


def test_report_points_are_balanced_by_the_utilisation_terms() -> None:
    """Two equally loaded POs, an SDR (138 points) and two oral reports (65 each): under the
    default policy the SDR goes to one and both oral reports to the other (138 against 130
    points), not an SDR and an oral report together (203 against 65): report points count in
    workload, and the existing utilisation terms balance them without a court term of their
    own."""
    cases = [request("SDR", "standard_delivery", 10), request("O1"), request("O2")]
    s, pol = court_day([writer("P1"), writer("P2")], cases), policy()
    p = propose(s, pol)
    lines = {line.case_id: line for line in p.lines}
    assert {line.points for line in p.lines} == {138, 65}
    assert lines["O1"].practitioner_id == lines["O2"].practitioner_id
    assert lines["SDR"].practitioner_id != lines["O1"].practitioner_id
    assert check(s, pol, p) == []


def test_court_terms_reassign_delta_matches_rescoring() -> None:
    """On a court day with complex, known and plain requests and writers of both grades, every
    court term's local reassign_delta equals the change of its full score, for every move of
    every allocated request to every other candidate."""
    people = [writer("P1"), writer("P2"), writer("S1", "PSO"), writer("S2", "PSO")]
    cases = [
        request("C", facts=COMPLEX),
        request("K", known="S1"),
        request("N"),
        request("F", "fast_delivery", 3),
    ]
    day, elig = day_of(court_day(people, cases, reports=7, by_po=1))
    assignment = {"C": "S2", "K": "S1", "N": "P1", "F": "P2"}
    for name in ("same_day_reports", "po_share", "complex_reports_with_po", "known_case"):
        term = OBJECTIVES_BY_NAME[name]
        view = AssignmentState.of(day, assignment)
        for cid in assignment:
            for q in elig.candidates[cid]:
                moved = {**assignment, cid: q}
                want = term.score(day, elig, moved) - term.score(day, elig, assignment)
                assert term.reassign_delta(day, elig, view, cid, q) == want, (name, cid, q)
