"""The large method on a generated court day: it does not optimise the PO share, but every
figure it reports is true (the checker recomputes each term and holds each bound at or below
its value) and every court rule holds."""

from allocator import SolveSettings, propose
from allocator.check import check
from allocator.io.policy_files import bundled_policy
from allocator.synth.court import generate_court


def test_large_method_proposal_on_a_court_day_passes_the_checker() -> None:
    """A PDU's generated court day (20 requests) solved by the large method under the default
    policy: every request the rules allow is placed, and the checker finds nothing wrong."""
    s, pol = generate_court("pdu", 3, requests=20, writers=12), bundled_policy()
    p = propose(s, pol, SolveSettings(method="large"))
    assert check(s, pol, p) == []
    share = next(o for o in p.objective if o.name == "po_share")
    assert 0 <= share.bound <= share.value
    assert len(p.lines) + len(p.blocked) == len(s.cases)
