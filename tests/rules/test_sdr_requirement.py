"""SDR requirement (seed 003, chapter 2): categories 1 and 2 require an SDR. A request for a
shorter report is not blocked: it is written as an SDR (138 points), and its line is flagged
for oversight and says an adjournment is needed."""

from allocator import SolveSettings, propose
from allocator.check import check
from tests.builders import policy
from tests.court_builders import court_scenario, report, writer


def _proposal(**facts):  # type: ignore[no-untyped-def]
    s = court_scenario([writer("PO1", name="Pat Officer")], [report("R1", "oral", **facts)])
    pol = policy()
    return s, pol, propose(s, pol, SolveSettings())


def test_an_oral_request_needing_a_dangerousness_assessment_is_flagged_not_blocked() -> None:
    """Category 1 on an oral request: the PO gets it, at SDR points, with a level-2 oversight
    trigger and a reason saying an adjournment is needed; the checker finds nothing."""
    s, pol, p = _proposal(dangerousness_assessment=True)
    (line,) = p.lines
    assert not p.blocked
    assert line.points == 138
    assert line.oversight.needed and line.oversight.level == 2
    assert line.oversight.triggers == ["sdr_adjournment"]
    assert "An adjournment is needed for an SDR: PO-only category 1 requires one" in line.reason
    assert "an oral report was requested" in line.reason
    assert any("Ask the court to adjourn" in n for n in line.notes)
    assert check(s, pol, p) == []


def test_the_oversight_sentence_names_no_category() -> None:
    """The SBAR sentence is neutral: it says an SDR is required, not why (terrorism)."""
    _, _, p = _proposal(terrorist_offence=True)
    (why,) = p.lines[0].oversight.why
    assert "terror" not in why.lower() and "categor" not in why.lower()
    assert "adjournment" in why


def test_an_sdr_requested_needs_no_adjournment() -> None:
    """A category-2 request already for an SDR is not flagged; nor is an oral report meeting
    only category 5 (a PO-only category that does not require an SDR)."""
    s = court_scenario(
        [writer("PO1")],
        [
            report("R1", "standard_delivery", due_in_days=15, terrorist_offence=True),
            report("R2", "oral", domestic_abuse_risk="high"),
        ],
    )
    p = propose(s, policy(), SolveSettings())
    assert [line.oversight.needed for line in p.lines] == [False, False]
    assert all("adjournment" not in line.reason for line in p.lines)
