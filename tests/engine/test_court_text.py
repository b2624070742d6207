"""The proposal text of a court day (issue 17, point 4): it says it is a court day, shows each
report's type where a case shows its tier, names the court of a blocked request, and states
the PO share of today's allocations against the policy's target."""

from pathlib import Path

from allocator import SolveSettings, propose
from allocator.io.scenario_files import read_scenario
from allocator.report.proposal_text import render_proposal

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "court_day.json"


def test_the_court_day_text() -> None:
    """Title, type column, blocked requests with their court, and the PO share line."""
    s, pol = read_scenario(FIXTURE)
    text = render_proposal(propose(s, pol, SolveSettings()), width=140)
    assert text.startswith("Court day proposal for 2026-11-24 - court_day")
    assert "case         type practitioner" in text
    rows = {line.split()[0]: line.split()[1] for line in text.splitlines() if line[:1] == "R"}
    assert rows == {
        "R01": "ORAL",
        "R02": "ORAL",
        "R03": "FDR",
        "R05": "SDR",
        "R07": "SDR",
        "R08": "FDR",
    }
    assert "  R04 (SDR, Synthetic Magistrates' Court) blocked by court_rota" in text
    assert "  R06 (ORAL, Synthetic Youth Court) blocked by court_rota" in text
    assert (
        "Court day: 8 report requests, 6 allocated (fast delivery 2, oral 2, SDR 2); POs write "
        "3 of 6 (50.0%) against the policy's target of 35% (a target, not a quota); over the "
        "28-day period, 3 of 6 (50.0%)."
    ) in text
