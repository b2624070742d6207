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


RED = 'name = "red option"\nperiod = "red"\n[[move]]\npractitioner = "S2"\nto_pod = "POD1"\n'


def test_table_compares_base_and_option(base: Path, tmp_path: Path) -> None:
    """The table has a column per option and the out-of-model count going from 1 to 0."""
    change = _write(tmp_path, "red.toml", RED)
    result = _run("plan", str(base), "--change", str(change), "--time-limit", "4")
    assert result.exit_code == 0, result.output
    assert "red option" in result.output
    assert "1 -> 0" in result.output and "1 -> 1" in result.output
    assert "cases moved" in result.output


def test_json_reports_every_figure_per_option(base: Path, tmp_path: Path) -> None:
    """JSON: the base and the option; the option moves one case and has no violations."""
    change = _write(tmp_path, "red.toml", RED)
    result = _run("plan", str(base), "--change", str(change), "--json", "--time-limit", "4")
    assert result.exit_code == 0, result.output
    options = json.loads(result.output[result.output.index("{") :])["options"]
    assert [o["name"] for o in options] == ["base", "red option"]
    red = options[1]
    assert (red["cases_moved"], red["out_of_model_after"], red["violations"]) == (1, 0, [])
    assert red["status"] in ("OPTIMAL", "FEASIBLE")
    assert red["equalities"]["lived_experience"] == "suppressed (<5)"


def test_html_report_is_self_contained_with_svg(base: Path, tmp_path: Path) -> None:
    """The HTML file has inline SVG charts and loads nothing from elsewhere."""
    change = _write(tmp_path, "red.toml", RED)
    out = tmp_path / "report.html"
    result = _run(
        "plan", str(base), "--change", str(change), "--html", str(out), "--time-limit", "4"
    )
    assert result.exit_code == 0, result.output
    page = out.read_text()
    assert page.count("<svg") >= 3
    assert "<script" not in page and "http://" not in page.replace("http://www.w3.org", "")
    assert "https://" not in page


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('period = "purple"\n', "period: must be one of green, amber, red"),
        ('[[move]]\npractitioner = "S2"\n', "move[0].to_pod: required"),
        ('[[move]]\npractitioner = "NOBODY"\nto_pod = "POD1"\n', "move[0].practitioner: unknown"),
        ('[[hours]]\npractitioner = "P1"\ncontracted_hours = "x"\n', "hours[0].contracted_hours"),
        ("[policy]\ncapacity_ceiling_pct = -5\n", "policy.capacity_ceiling_pct"),
        ('[[waiver]]\ncheck = "nope"\nreason = "r"\n', "waiver[0].check: 'nope' is not a check"),
        ('[[keep]]\ncase = "H9"\nrationale = "r"\n', "keep[0].case: case 'H9'"),
        ("colour = 1\n", "colour: unknown key"),
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


def test_example_change_files_parse():
    """The example change files in scenarios/changes/ read without error."""
    from allocator.planner.changes import read_change

    folder = Path(__file__).parents[2] / "scenarios" / "changes"
    names = sorted(p.name for p in folder.glob("*.toml"))
    assert names
    for path in folder.glob("*.toml"):
        assert read_change(path).name
