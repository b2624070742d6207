"""``allocator plan``: the table, JSON and HTML outputs, and change-file errors (exit 2)."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from allocator.cli import main
from tests.builders import holding, scenario, staff


@pytest.fixture
def base(tmp_path: Path) -> Path:
    """Two PODs; PSO S1 holds a B2 (out of model); P1 is busy, P2 in POD2 is free."""
    s = scenario(
        [
            staff("SPO1", "SPO"),
            staff("P1", other_points=1800),
            staff("S1", "PSO"),
            staff("CA1", "CA"),
            staff("SPO2", "SPO", pod="POD2"),
            staff("P2", pod="POD2"),
            staff("S2", "PSO", pod="POD2", lived_experience=True),
            staff("CA2", "CA", pod="POD2"),
        ],
        [],
        [holding("H1", "S1", "B2"), holding("H2", "P1", "C2"), holding("H3", "P1", "C2")],
        name="plan-base",
    )
    path = tmp_path / "base.json"
    path.write_text(s.model_dump_json())
    return path


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def _run(*args: str):
    return CliRunner().invoke(main, list(args))


RED = (
    'name = "red option"\nperiod = "red"\n[[move]]\npractitioner = "S2"\nto_pod = "POD1"\n'
    '[[waiver]]\ncheck = "cases_move_not_staff"\nreason = "POD 1 has lost its PSO."\n'
)


def test_table_shows_the_base_solved_the_same_way_and_the_difference(
    base: Path, tmp_path: Path
) -> None:
    """Red period: the base is rebalanced under red too, so its out-of-model B2 moves in both
    columns (1 -> 0 twice) and the difference column reads 0 moves; the staff-move waiver is
    reported with its reason."""
    change = _write(tmp_path, "red.toml", RED)
    result = _run("plan", str(base), "--change", str(change), "--time-limit", "4")
    assert result.exit_code == 0, result.output
    assert "red option - base" in result.output
    moved = next(ln for ln in result.output.splitlines() if ln.startswith("cases moved"))
    assert moved.split()[2:] == ["1", "1", "0"]
    assert result.output.count("1 -> 0") == 2
    assert "cases_move_not_staff" in result.output and "POD 1 has lost its PSO." in result.output


def test_json_reports_every_figure_per_option(base: Path, tmp_path: Path) -> None:
    """JSON: the base and the option; the option moves one case, names its base, has no
    violations, and its one move is on its list with both PODs and its reason."""
    change = _write(tmp_path, "red.toml", RED)
    result = _run("plan", str(base), "--change", str(change), "--json", "--time-limit", "4")
    assert result.exit_code == 0, result.output
    options = json.loads(result.output[result.output.index("{") :])["options"]
    assert [o["name"] for o in options] == ["base", "red option"]
    red = options[1]
    assert (red["cases_moved"], red["out_of_model_after"], red["violations"]) == (1, 0, [])
    assert red["base"] == "base" and red["difference_from_base"]["cases_moved"] == 0
    assert red["status"] in ("OPTIMAL", "FEASIBLE")
    assert red["equalities"]["lived_experience"] == "suppressed (<5)"
    (move,) = red["moves"]
    assert (move["case_id"], move["from_practitioner"], move["reason"], move["period"]) == (
        "H1",
        "S1",
        "out_of_model",
        "red",
    )
    assert move["to_practitioner"] in ("P1", "P2")


def test_a_null_change_file_gives_zero_difference(base: Path, tmp_path: Path) -> None:
    """A change file that changes nothing but the period (amber) gives exactly the base's
    figures: every difference is zero (issue 18: the table measured the period, not the
    option)."""
    change = _write(tmp_path, "null.toml", 'period = "amber"\n')
    result = _run("plan", str(base), "--change", str(change), "--json", "--time-limit", "4")
    assert result.exit_code == 0, result.output
    options = json.loads(result.output[result.output.index("{") :])["options"]
    assert set(options[1]["difference_from_base"].values()) == {0}
    assert options[1]["moves"] == options[0]["moves"]


def test_today_is_shown_beside_the_columns_for_the_equalities(base: Path, tmp_path: Path) -> None:
    """Today's figures (before any change) lead the equalities in the table and are in the
    JSON (as the planner measures today's caseload), so that a rebalance concentrating a heavy
    cohort shows against today's share."""
    from allocator.io.scenario_files import read_scenario
    from allocator.planner.rebalance import measure

    change = _write(tmp_path, "red.toml", RED)
    result = _run("plan", str(base), "--change", str(change), "--time-limit", "4")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    first = lines.index(next(ln for ln in lines if ln.startswith("Equalities"))) + 1
    assert lines[first].startswith("  today (before any change): sexual offending: ")
    assert [ln.split(":")[0].strip() for ln in lines[first + 1 : first + 3]] == [
        "base",
        "red option",
    ]
    as_json = _run("plan", str(base), "--change", str(change), "--json", "--time-limit", "4")
    today = json.loads(as_json.stdout)["today"]
    assert (today["out_of_model"], today["equalities"]["lived_experience"]) == (
        1,
        "suppressed (<5)",
    )
    measured = measure("today", *read_scenario(base))
    assert (today["highest_utilisation_pct"], today["mean_utilisation_pct"]) == (
        measured.highest,
        measured.mean,
    )


def test_staff_moves_are_refused_in_a_change_period_without_a_waiver(
    base: Path, tmp_path: Path
) -> None:
    """Seed 001, "cases move, not staff": a staff move in amber with no waiver exits 2, naming
    the file, the line of the move and the control to waive; outside a change period it runs."""
    text = 'period = "amber"\n\n[[move]]\npractitioner = "S2"\nto_pod = "POD1"\n'
    change = _write(tmp_path, "amber.toml", text)
    result = _run("plan", str(base), "--change", str(change))
    assert result.exit_code == 2
    assert f"{change}: line 3: move[0]: staff moves are refused in the amber" in result.output
    assert "cases_move_not_staff" in result.output
    none = _write(tmp_path, "none.toml", text.replace("amber", "none"))
    assert _run("plan", str(base), "--change", str(none), "--time-limit", "4").exit_code == 0


def test_every_file_is_checked_before_anything_is_solved(base: Path, tmp_path: Path) -> None:
    """A good file, then two bad ones: every problem of both bad files is printed at once with
    its line, and nothing is solved (no progress line)."""
    good = _write(tmp_path, "good.toml", 'period = "green"\n')
    bad1 = _write(
        tmp_path,
        "bad1.toml",
        'period = "green"\n[[hours]]\npractitioner = "X"\ncontracted_hours = 20\n',
    )
    bad2 = _write(tmp_path, "bad2.toml", 'name = "b"\ncolour = 1\n[[keep]]\ncase = "H9"\n')
    result = _run("plan", str(base), *[a for p in (good, bad1, bad2) for a in ("--change", str(p))])
    assert result.exit_code == 2
    assert f"{bad1}: line 3: hours[0].practitioner: unknown practitioner 'X'" in result.output
    assert f"{bad2}: line 2: colour:" in result.output
    assert f"{bad2}: line 3: keep[0].rationale:" in result.output
    assert "progress" not in result.output


def test_each_option_needs_a_name_of_its_own(base: Path, tmp_path: Path) -> None:
    """An option named like a base column, and the same file given twice: the table, the JSON
    and the export tell options apart by name, so both are problems (exit 2, the file and the
    line of its name), found before anything is solved."""
    named_base = _write(tmp_path, "b.toml", 'name = "Base"\nperiod = "red"\n')
    option = _write(tmp_path, "a.toml", 'period = "amber"\n')
    result = _run(
        "plan", str(base), *[a for p in (named_base, option, option) for a in ("--change", str(p))]
    )
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"error: {named_base}: line 1: name: 'Base' is the name of a base column; give the "
        "option another name",
        f"error: {option}: name: 'a' is also the option of {option}; each option needs its own "
        "name",
    ]


def test_export_writes_moves_pods_and_practitioners_as_csv_and_xlsx(
    base: Path, tmp_path: Path
) -> None:
    """--export: per option a moves CSV with H1's move, a per-POD CSV, a per-practitioner CSV
    and a workbook with the same three sheets; every file is created 0600."""
    from openpyxl import load_workbook

    change = _write(tmp_path, "red.toml", RED)
    out = tmp_path / "export"
    result = _run(
        "plan", str(base), "--change", str(change), "--export", str(out), "--time-limit", "4"
    )
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "red-option.after.json",
        "red-option.moves.csv",
        "red-option.pods.csv",
        "red-option.practitioners.csv",
        "red-option.xlsx",
    ]
    assert all((p.stat().st_mode & 0o777) == 0o600 for p in out.iterdir())
    moves = (out / "red-option.moves.csv").read_text().splitlines()
    assert moves[0].startswith("case_id,tier,from_practitioner,to_practitioner,from_pod,to_pod")
    assert moves[1].startswith("H1,B2,S1,")
    book = load_workbook(out / "red-option.xlsx")
    assert book.sheetnames == ["moves", "pods", "practitioners"]
    assert book["moves"]["A2"].value == "H1"
    pods = {row[0]: row for row in book["pods"].iter_rows(min_row=2, values_only=True)}
    assert (pods["POD1"][1], pods["POD1"][2]) == (4, 5)  # S2 joins POD1


def test_the_caseload_after_an_option_is_the_next_plans_base(base: Path, tmp_path: Path) -> None:
    """Seed 001, "not moved multiple times": --export writes the option's structure and its
    caseload after the rebalance as a scenario, H1 held by its new practitioner and stamped
    with the date it moved. Planned again from it (green: every holding may move), H1 is held
    back as moved recently and stays where it is; the day's list is left out, S2 is in POD1."""
    from allocator.io.scenario_files import read_scenario

    change = _write(tmp_path, "red.toml", RED)
    out = tmp_path / "export"
    result = _run(
        "plan", str(base), "--change", str(change), "--export", str(out), "--time-limit", "4"
    )
    assert result.exit_code == 0, result.output
    after_path = out / "red-option.after.json"
    assert (after_path.stat().st_mode & 0o777) == 0o600
    after, _ = read_scenario(after_path)
    h1 = next(h for h in after.holdings if h.case_id == "H1")
    assert (h1.practitioner_id in ("P1", "P2"), h1.last_moved_on) == (True, after.date)
    assert [h.last_moved_on for h in after.holdings if h.case_id != "H1"] == [None, None]
    assert after.cases == [] and {p.id: p.pod_id for p in after.practitioners}["S2"] == "POD1"
    green = _write(tmp_path, "green.toml", 'period = "green"\n')
    again = _run("plan", str(after_path), "--change", str(green), "--json", "--time-limit", "4")
    assert again.exit_code == 0, again.output
    option = json.loads(again.stdout)["options"][1]
    assert option["held_back"]["recently_moved"] == 1
    assert "H1" not in {m["case_id"] for m in option["moves"]}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'period = "purple"\n',
            "line 1: period: Input should be 'none', 'green', 'amber' or 'red'",
        ),
        ('[[move]]\npractitioner = "S2"\n', "line 1: move[0].to_pod: Field required"),
        ('[[move]]\npractitioner = "NOBODY"\nto_pod = "POD1"\n', "move[0].practitioner: unknown"),
        ('[[hours]]\npractitioner = "P1"\ncontracted_hours = "x"\n', "hours[0].contracted_hours"),
        ("[policy]\ncapacity_ceiling_pct = -5\n", "line 2: policy.capacity_ceiling_pct"),
        ('[[waiver]]\ncheck = "nope"\nreason = "r"\n', "line 2: waiver[0].check: Input should be"),
        ('[[keep]]\ncase = "H9"\nrationale = "r"\n', "keep[0].case: case 'H9'"),
        ("colour = 1\n", "line 1: colour: Extra inputs are not permitted"),
        ('period = "red\n', "line 1"),
    ],
)
def test_change_file_errors_exit_2_naming_file_and_key(
    base: Path, tmp_path: Path, text: str, expected: str
) -> None:
    """Each bad change file exits 2 with an error naming the file and the key (or line)."""
    change = _write(tmp_path, "bad.toml", text)
    result = _run("plan", str(base), "--change", str(change))
    assert result.exit_code == 2, result.output
    assert f"{change}:" in result.output
    assert expected in result.output


def test_example_change_files_parse_and_apply_to_the_default_day():
    """The example change files in scenarios/changes/ read and apply to
    scenarios/default_day.json without error (the amber one waives its staff moves)."""
    from allocator.io.scenario_files import read_scenario
    from allocator.planner.changes import read_change
    from allocator.planner.plan import prepare

    root = Path(__file__).parents[2] / "scenarios"
    paths = sorted((root / "changes").glob("*.toml"))
    assert paths
    changes = [read_change(p) for p in paths]
    assert all(c.name for c in changes)
    assert len(prepare(*read_scenario(root / "default_day.json"), changes)) == len(paths)
