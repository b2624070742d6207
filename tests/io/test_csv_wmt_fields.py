"""Writing a CSV folder never silently drops the WMT and raw-tier data it has no column for."""

from pathlib import Path

import pytest

from allocator.io.csv_folder import write_scenario_folder
from allocator.io.errors import InputError
from tests.builders import case, holding, scenario, staff


def test_data_without_a_csv_column_is_refused_by_path_and_nothing_is_written(
    tmp_path: Path,
) -> None:
    """Dated reductions, contacts, T2A, untiered holdings and raw registrations are each named by
    path (never by value), and the folder is not created."""
    s = scenario(
        [staff("P1", reductions=[{"reason": "maternity"}]), staff("P2")],
        [case("N1", tier=None, risk={"registrations": [{"code": "RVHR", "date": "2026-01-01"}]})],
        [
            holding("H1", "P1", t2a=True),
            holding(
                "H2", "P1", tier=None, contacts_by_others=[{"practitioner_id": "P2", "points": 1}]
            ),
        ],
    )
    out = tmp_path / "out"
    with pytest.raises(InputError) as err:
        write_scenario_folder(s, out)
    assert err.value.problems == [
        f"{out}: the CSV folder format cannot hold {where}"
        for where in (
            "practitioners[0].reductions",
            "holdings[0].t2a",
            "holdings[1].contacts_by_others",
            "holdings[1].tier (untiered)",
            "cases[0].risk.registrations",
        )
    ]
    assert not out.exists()
    assert "maternity" not in str(err.value).lower() and "rvhr" not in str(err.value).lower()
