"""The CSV folder carries the raw tier data (registrations, assessment, convictions) and a
temper-control factor, and never repeats their values in a problem."""

from pathlib import Path

from allocator.io.csv_folder import read_scenario_folder, write_scenario_folder
from allocator.io.errors import InputError
from tests.builders import case, scenario, staff


def _day() -> object:
    return scenario(
        [staff("P1", reductions=[{"reason": "maternity", "start": "2026-01-01"}])],
        [
            case(
                "N1",
                tier=None,
                risk={
                    "registrations": [{"code": "RVHR", "date": "2026-01-01"}],
                    "assessment": {
                        "sections": [{"area": "drugs", "answers": ["Yes"]}],
                        "san_thresholds": True,
                    },
                    "convictions": [{"custodial": True}],
                    "women_factors": {"temper_control": True},
                },
            ),
            case("N2", tier=None, risk={"registrations": [], "convictions": []}),
        ],
    )


def test_raw_tier_data_round_trips(tmp_path: Path) -> None:
    """Registrations and convictions are JSON list cells (an empty list is written [] and read
    back as given-and-empty, not as missing), the assessment is a JSON record cell."""
    s = _day()
    write_scenario_folder(s, tmp_path)  # type: ignore[arg-type]
    assert read_scenario_folder(tmp_path) == s


def test_bad_raw_cells_name_the_place_not_the_value(tmp_path: Path) -> None:
    """A damaged registrations cell is one problem naming line and column, without its codes."""
    write_scenario_folder(_day(), tmp_path)  # type: ignore[arg-type]
    path = tmp_path / "cases.csv"
    path.write_text(path.read_text("utf-8").replace('"date"', '"dat"', 1), "utf-8")
    try:
        read_scenario_folder(tmp_path)
    except InputError as err:
        text = "\n".join(err.problems)
    else:
        raise AssertionError("a damaged cell was read")
    assert "column registrations" in text
    assert "RVHR" not in text
