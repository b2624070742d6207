"""The checker enforces every court rule and court figure on its own (issue 17, point 4).

The court day fixture's proposal passes; each single court fault injected into it (a line moved
to a writer a court rule forbids, a misstated report or PO share) is refused with the rule or
the figure named. The fixture's right answers are stated in tests/fixtures/README.md.
"""

from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

from allocator import SolveSettings, propose
from allocator.check import check
from allocator.io.scenario_files import read_scenario
from models import Policy, Proposal, Scenario

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "court_day.json"


@cache
def _solved() -> tuple[Scenario, Policy, Proposal]:
    s, pol = read_scenario(FIXTURE, None)
    return s, pol, propose(s, pol, SolveSettings())


def _fresh() -> tuple[Scenario, Policy, Proposal]:
    s, pol, p = _solved()
    return s, pol, p.model_copy(deep=True)


def _move(p: Proposal, cid: str, pid: str, name: str) -> None:
    """Give the line of ``cid`` to ``pid`` (the line's figures follow, as a forger would)."""
    line = next(line for line in p.lines if line.case_id == cid)
    line.practitioner_id, line.practitioner_name = pid, name


def _unblock(p: Proposal, cid: str, pid: str) -> None:
    """Turn blocked ``cid`` into a line for ``pid``, copying another line's shape."""
    blocked = next(b for b in p.blocked if b.case_id == cid)
    p.blocked.remove(blocked)
    template = p.lines[0].model_copy(deep=True)
    template.case_id, template.practitioner_id, template.report = cid, pid, blocked.report
    p.lines.append(template)


def test_the_fixture_proposal_has_the_known_answer_and_passes() -> None:
    """R02 and R07 go to Ada (the only PO at the magistrates' court), R03 to Ben (the only
    writer at the Crown Court); R04 is blocked (Ada's one SDR today is R07, the higher risk)
    and R06 is blocked (no team covers the youth court); the checker finds nothing."""
    s, pol, p = _solved()
    got = {line.case_id: line.practitioner_id for line in p.lines}
    assert got["R02"] == "W1" and got["R07"] == "W1" and got["R03"] == "W2"
    assert got["R01"] in ("W3", "W4") and got["R08"] in ("W3", "W4")
    assert got["R05"] in ("W3", "W4", "W5")
    assert {b.case_id: b.blocking_rules for b in p.blocked} == {
        "R04": ["court_rota", "po_only_report", "reports_per_day"],
        "R06": ["court_rota"],
    }
    assert p.court is not None and p.court.by_po == 3 and p.court.allocated == 6
    assert check(s, pol, p) == []


Mutation = Callable[[Proposal], None]
CASES: dict[str, tuple[Mutation, str, str]] = {
    "PO-only category to a PSO": (
        lambda p: _move(p, "R02", "W3", "Synthetic PSO Cal"),
        "po_only_report",
        "PO-only category 5",
    ),
    "oral report to an untrained PSO": (
        lambda p: _move(p, "R01", "W5", "Synthetic PSO Eli"),
        "short_format_training",
        "trained for short-format reports",
    ),
    "writer not on that court's rota": (
        lambda p: _move(p, "R03", "W1", "Synthetic PO Ada"),
        "court_rota",
        "not on the court rota",
    ),
    "a second SDR in a day": (
        lambda p: _unblock(p, "R04", "W1"),
        "reports_per_day",
        "2 SDRs today",
    ),
}


@pytest.mark.parametrize("fault", sorted(CASES))
def test_each_court_rule_violation_is_refused(fault: str) -> None:
    """The injected fault breaks the named court rule and the checker says so."""
    s, pol, p = _fresh()
    mutate, rule, fragment = CASES[fault]
    mutate(p)
    found = [v for v in check(s, pol, p) if v.rule == rule]
    assert found, fault
    assert any(fragment in v.message for v in found), [v.message for v in found]


def test_a_misstated_category_or_report_type_is_refused() -> None:
    """A line claiming no PO-only category, or an oral report where an SDR is written, is a
    misreported figure."""
    s, pol, p = _fresh()
    line = next(line for line in p.lines if line.case_id == "R07")
    assert line.report is not None
    line.report.po_only_categories = []
    line.report.report_type = "oral"
    messages = [v.message for v in check(s, pol, p)]
    assert any(
        "PO-only categories [] ; the scenario gives [2]".replace(" ;", ";") in m for m in messages
    )
    assert any("report type oral; the scenario gives standard_delivery" in m for m in messages)


def test_a_false_po_share_is_refused() -> None:
    """A court summary claiming POs wrote 35% (the target) when they wrote 50% is refused."""
    s, pol, p = _fresh()
    assert p.court is not None
    p.court.po_share_pct = 35.0
    p.court.by_po = 2
    messages = [v.message for v in check(s, pol, p)]
    assert any("PO share of 35.0%; recomputed 50.0%" in m for m in messages)
    assert any("by PO 2; recomputed 3" in m for m in messages)
