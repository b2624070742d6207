"""``allocator workload``: the WMT overview as text and JSON, exit codes and exact messages."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from allocator.cli import main
from tests.builders import case, holding, scenario, staff


@pytest.fixture
def day_file(tmp_path: Path) -> Path:
    """Q1: a PQiP in months 0-6 with 5 h facility time (141 available points) holding a D2
    community case (41); S1: a PSO with no contracted hours given (37 by default) and an
    archived maternity reduction."""
    s = scenario(
        [
            staff(
                "Q1",
                "PQIP",
                name="Quinn Learner",
                pqip_started_on="2026-10-01",
                reductions=[{"reason": "trade_union_facility_time", "hours": 5}],
            ),
            staff(
                "S1",
                "PSO",
                name="Sam Officer",
                pod="POD2",
                reductions=[{"reason": "maternity", "status": "archived"}],
            ),
        ],
        [case("N1", "D2")],
        [holding("H1", "Q1", "D2")],
    )
    path = tmp_path / "day.json"
    path.write_text(s.model_dump_json())
    return path


def _run(*args: str) -> Result:
    return CliRunner().invoke(main, ["workload", *args])


def test_text_overview_shows_hours_reductions_points_and_pods(day_file: Path) -> None:
    """The text view gives each practitioner's figures and the POD and PDU sums.

    Q1: 41 / 141 = 0.29078 -> 29.1%. PDU1: 41 / (141 + 2176) = 0.01769 -> 1.8%.
    """
    result = _run(str(day_file))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "  reduction: Reduction for a private reason: 5 h (5 hours entered)" in out
    assert "union" not in out.lower()  # special-category: hours only, never the reason
    assert "  reduction: PQiP months 0-6: 29.6 h (80% of 37 contracted hours" in out
    assert "  reductions 34.6 h; available hours 2.4; available points 141" in out
    assert "  points 41 of 141: workload 29.1%" in out
    assert "  contracted hours 37 (missing: the grade's default)" in out
    assert "Maternity" not in out  # archived: not in effect
    assert "PDU1  Synthetic PDU 1  2              41      2317       1.8%" in out


def test_json_overview_and_potential_workload(day_file: Path) -> None:
    """--json --case N1: S1's potential is 41 / 2176 = 0.01884 -> 1.9%; Q1's 82 / 141 ->
    0.582 -> 58.2%, flagged nowhere as over 100%."""
    result = _run(str(day_file), "--json", "--case", "N1")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    rows = {p["id"]: p for p in data["practitioners"]}
    assert rows["Q1"]["available_points"] == 141
    assert rows["Q1"]["potential"]["workload_pct"] == 58.2
    assert rows["S1"]["potential"]["workload_pct"] == 1.9
    assert [g["workload_pct"] for g in data["pods"]] == [29.1, 0.0]


def test_unknown_case_and_bad_file_exit_2(day_file: Path, tmp_path: Path) -> None:
    """An unknown --case and an unreadable scenario each give one line and exit 2."""
    result = _run(str(day_file), "--case", "NOPE")
    assert result.exit_code == 2
    assert result.stderr == f"error: --case: 'NOPE' is not a case on the list of {day_file}\n"
    bad = tmp_path / "bad.json"
    bad.write_text("[")
    result = _run(str(bad))
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_unknown_reduction_reason_and_missing_hours_exit_2(tmp_path: Path) -> None:
    """A reason the policy does not know, and a reason that needs hours given none, are each one
    line naming the practitioner and reduction, never the reason; nothing is printed on stdout."""
    s = scenario(
        [
            staff(
                "P1",
                reductions=[{"reason": "secret_thing", "hours": 2}, {"reason": "court_duty"}],
            )
        ],
        [case("N1")],
    )
    path = tmp_path / "day.json"
    path.write_text(s.model_dump_json())
    result = _run(str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"error: {path}: practitioners[0].reductions[0].reason: not a reduction reason of the "
        "policy (workload.reduction_reasons)\n"
        f"error: {path}: practitioners[0].reductions[1]: this reason needs hours or pct entered\n"
    )
