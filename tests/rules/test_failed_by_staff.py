"""Eligibility.failed_names_by_staff, read off the class tables in one pass, says for every
practitioner of the case's PDU exactly what failed_names says one by one: on every library
scenario, for every case, holders included (tier changes are held by someone on the list)."""

from pathlib import Path

import pytest

from allocator.io.scenario_files import read_scenario
from allocator.problem.day import build_day
from allocator.rules.eligibility import compute_eligibility

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("path", sorted((ROOT / "scenarios").glob("*.json")), ids=lambda p: p.stem)
def test_by_staff_agrees_with_one_by_one(path: Path) -> None:
    """Same practitioners (the PDU's staff) and the same failed rules for each."""
    s, pol = read_scenario(path, None)
    day = build_day(s, pol)
    elig = compute_eligibility(day)
    for case in day.cases:
        one_by_one = {
            pid: frozenset(elig.failed_names(case.id, pid)) for pid in elig.pdu_staff(case.id)
        }
        assert elig.failed_names_by_staff(case.id) == one_by_one, case.id
