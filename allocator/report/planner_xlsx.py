"""One option's moves, per-POD and per-practitioner rows as an XLSX workbook (openpyxl), for
the regional coordinator who keeps the record of moves (seed 001).

Text cells that a spreadsheet would run as a formula get a leading apostrophe
(``allocator.report.cells.safe_cell``); numbers stay numbers.
"""

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from allocator.planner.plan import OptionResult, Plan
from allocator.report.cells import safe_cell
from allocator.report.planner_tables import (
    MOVE_COLUMNS,
    POD_COLUMNS,
    PRACTITIONER_COLUMNS,
    Row,
    move_rows,
    pod_rows,
    practitioner_rows,
)


def _sheet(book: Workbook, title: str, rows: list[Row], columns: tuple[str, ...]) -> None:
    sheet = book.create_sheet(title)
    sheet.append(list(columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([safe_cell(row[c]) for c in columns])
    sheet.freeze_panes = "A2"
    for i, column in enumerate(columns, start=1):
        sheet.column_dimensions[sheet.cell(1, i).column_letter].width = max(12, len(column) + 2)


def option_workbook(plan: Plan, option: OptionResult) -> bytes:
    """The workbook's bytes: sheets 'moves', 'pods' and 'practitioners'."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    _sheet(book, "moves", move_rows(option), MOVE_COLUMNS)
    _sheet(book, "pods", pod_rows(plan, option), POD_COLUMNS)
    _sheet(book, "practitioners", practitioner_rows(plan, option), PRACTITIONER_COLUMNS)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
