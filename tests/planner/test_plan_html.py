"""The planner's HTML report: self-contained, with real charts, opened in headless Chromium."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from allocator.planner.changes import parse_change
from allocator.planner.plan import prepare, run_plan
from allocator.report.planner import render_html
from tests.builders import holding, policy, scenario, staff
from tests.chromium import CHROMIUM_FLAGS

CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
)
_FLAGS = CHROMIUM_FLAGS


def _page() -> str:
    """Red: PSO S1's out-of-model B2 (case H1) moves to PO P2 in POD2."""
    s = scenario(
        [staff("P1", other_points=1800), staff("P2", pod="POD2"), staff("S1", "PSO")],
        [],
        [holding("H1", "S1", "B2"), holding("H2", "P1", "C2")],
    )
    change = parse_change({"name": "Option =A", "period": "red"}, "a.toml")
    return render_html(run_plan(s, policy(), prepare(s, policy(), [change]), 4, 2))


def test_the_page_is_self_contained_with_a_chart_per_column_and_the_move_list():
    """No script, no address but the SVG namespaces; one histogram per column plus the moves
    chart, each with axis labels, the 100% and 110% lines and counts; H1's move is listed;
    the option's name is escaped."""
    page = _page()
    assert "<script" not in page.lower()
    assert set(re.findall(r"https?://[^\"' >]+", page)) <= {
        "http://www.w3.org/2000/svg",
        "http://www.w3.org/1999/xlink",
    }
    assert page.count("<svg") == 3
    assert page.count("workload, % of available points") == 2
    assert "cases moved" in page and "highest utilisation, %" in page
    assert page.count("> 110%<") == 3 and page.count("> 100%<") == 3
    assert "<td>H1</td>" in page and "<td>S1</td>" in page and "<td>P2</td>" in page
    assert "Option =A" in page and "<h2>Option =A</h2>" in page


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (.ci/run installs it)")
def test_chromium_renders_the_report_with_its_charts(tmp_path: Path) -> None:
    """Headless Chromium loads the page from disk (no network) and its DOM has the three
    charts, the comparison table and the move list; a screenshot is written."""
    page = tmp_path / "report.html"
    page.write_text(_page(), encoding="utf-8")
    url = page.as_uri()
    profile = f"--user-data-dir={tmp_path / 'profile'}"
    dom = subprocess.run(
        [CHROMIUM, *_FLAGS, profile, "--dump-dom", url],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    assert dom.count("<svg") == 3
    assert "Restructure options compared" in dom and "<td>H1</td>" in dom
    shot = tmp_path / "report.png"
    subprocess.run(
        [CHROMIUM, *_FLAGS, profile, "--window-size=1200,1600", f"--screenshot={shot}", url],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert shot.stat().st_size > 10_000
