"""The independent checker enforces every public-protection guard through the rule registry,
without importing the solver: each wrong allocation below is caught under the guard's name."""

import subprocess
import sys

from allocator.check import check_assignment
from tests.builders import case, holding, policy, scenario, staff


def _day():  # type: ignore[no-untyped-def]
    return scenario(
        [
            staff("P1", name="Pat Officer"),
            staff("L1", name="Lee Leaver", left_on="2026-11-01"),
            staff("U1", name="Una Unvetted", visor_vetted=False, visor_trained=False),
            staff("S1", "PSO", name="Sam Service"),
        ],
        [
            case("OL", "C2", reason="officer_left", current_practitioner_id="P1"),
            case("HR", "C2", rosh="high"),
            case("RA", "C2", rosh=None),
            case("TI", "C2", reason="transfer_in", transferred_on_increased_risk=True),
            case("MV", "A2", rosh="high", mappa_category=2, mappa_level=2),
            case("NEW", "C2"),
        ],
        [holding("OL", "P1")],
    )


def test_each_guard_is_caught_by_the_checker() -> None:
    """Every bad pair is reported under its rule's name; good pairs add nothing."""
    bad = {"OL": "P1", "HR": "S1", "RA": "P1", "TI": "S1", "MV": "U1", "NEW": "L1"}
    found = {(v.case_id, v.rule) for v in check_assignment(_day(), policy(), bad)}
    assert found == {
        ("OL", "officer_left"),
        ("HR", "rosh_grade"),
        ("RA", "risk_assessment"),
        ("TI", "increased_risk_transfer"),
        ("MV", "visor"),
        ("NEW", "practitioner_status"),
    }
    good = {"OL": "S1", "HR": "P1", "TI": "P1", "MV": "P1", "NEW": "S1"}
    assert check_assignment(_day(), policy(), good) == []


def test_the_checker_does_not_import_the_solver() -> None:
    """Importing allocator.check loads no module of allocator.solve (nor ortools' CP-SAT)."""
    code = (
        "import sys, allocator.check; "
        "bad = [m for m in sys.modules if m.startswith('allocator.solve')]; "
        "assert not bad, bad"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
