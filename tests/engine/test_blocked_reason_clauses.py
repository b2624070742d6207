"""A blocked request's reason says each clause once: a rule's sentence for several
practitioners repeats what it says of the case, which an SPO reads once."""

from pathlib import Path

from allocator import SolveSettings, propose
from allocator.io.scenario_files import read_scenario

DAY = Path(__file__).resolve().parents[2] / "scenarios" / "court_po_only_binds.json"


def test_the_po_only_category_is_said_once_with_every_psos_grade() -> None:
    """On the library day where the PO-only categories bind, SYN000107's reason names its
    category once and still names both PSOs the rule excludes."""
    scenario, policy = read_scenario(DAY)
    blocked = {b.case_id: b for b in propose(scenario, policy, SolveSettings()).blocked}
    reason = blocked["SYN000107"].reason
    assert reason.count("SYN000107 is in PO-only category 4") == 1
    assert "Synthetic PSO 1 is a PSO; Synthetic PSO 2 is a PSO" in reason
