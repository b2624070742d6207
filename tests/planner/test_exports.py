"""What a coordinator opens: CSV and XLSX rows that a spreadsheet cannot run as formulas, and
per-POD figures before and after that add up."""

import dataclasses
import io

from openpyxl import load_workbook

from allocator.planner.changes import parse_change
from allocator.planner.plan import prepare, run_plan
from allocator.report.cells import safe_cell
from allocator.report.planner_tables import (
    MOVE_COLUMNS,
    move_rows,
    pod_rows,
    to_csv,
)
from allocator.report.planner_xlsx import option_workbook
from tests.builders import holding, policy, scenario, staff


def test_formula_like_text_gets_a_leading_apostrophe_and_numbers_stay_numbers():
    """= + - @ (and tab, carriage return) at the start of text are neutralised; others kept."""
    assert [safe_cell(v) for v in ("=1+1", "+A1", "-2", "@SUM(A1)", "\tx", "H1")] == [
        "'=1+1",
        "'+A1",
        "'-2",
        "'@SUM(A1)",
        "'\tx",
        "H1",
    ]
    assert safe_cell(-2.5) == -2.5


def _plan():
    """Red: PSO S1's B2 (out of model) must move to a PO; P2 is empty, so it goes there."""
    s = scenario(
        [staff("P1", other_points=1800), staff("P2", pod="POD2"), staff("S1", "PSO")],
        [],
        [holding("H1", "S1", "B2"), holding("H2", "P1", "C2")],
    )
    change = parse_change({"name": "A", "period": "red"}, "a.toml")
    return run_plan(s, policy(), prepare(s, policy(), [change]), 4, 0)


def test_a_formula_in_a_move_row_is_text_in_the_csv_and_the_workbook():
    """A reason that reads as a formula is written with a leading apostrophe in both files,
    and the workbook cell holds text, not a formula."""
    plan = _plan()
    option = plan.options[0]
    (move,) = option.outcome.moves
    option.outcome.moves[0] = dataclasses.replace(move, reason="=HYPERLINK(x)")
    text = to_csv(move_rows(option), MOVE_COLUMNS)
    assert ",'=HYPERLINK(x)," in text
    sheet = load_workbook(io.BytesIO(option_workbook(plan, option)))["moves"]
    cell = sheet.cell(2, MOVE_COLUMNS.index("reason") + 1)
    assert (cell.value, cell.data_type) == ("'=HYPERLINK(x)", "s")


def test_pod_rows_show_the_move_between_pods_before_and_after():
    """H1 leaves S1 in POD1 for P2 in POD2: POD1 goes from 2 cases to 1, POD2 from 0 to 1,
    with one move out of POD1 and one into POD2."""
    plan = _plan()
    rows = {r["pod"]: r for r in pod_rows(plan, plan.options[0])}
    assert (rows["POD1"]["cases_before"], rows["POD1"]["cases_after"]) == (2, 1)
    assert (rows["POD2"]["cases_before"], rows["POD2"]["cases_after"]) == (0, 1)
    assert (rows["POD1"]["moves_out"], rows["POD2"]["moves_in"]) == (1, 1)
