"""The day's management-oversight record across all its versions, as CSV and XLSX.

The entries are ``allocator.report.oversight``'s SBAR entries for every decision on every
version of the PDU's day, oldest first. A cell starting with ``= + - @`` (or a tab or carriage
return) gets a leading apostrophe in both formats, so a spreadsheet shows it as text and never
runs it as a formula.
"""

import io

from openpyxl import Workbook

from allocator.report.cells import safe_cell
from allocator.report.oversight import FIELDS, OversightEntry, oversight_entries, to_csv
from allocator.web.desk import Desk


def day_entries(desk: Desk, pdu_id: str, visible: set[str]) -> list[OversightEntry]:
    """Every decision on every version of the PDU's day that the user may see, as SBAR."""
    out: list[OversightEntry] = []
    for pid in desk.versions(pdu_id):
        saved = desk.loaded(pid).saved
        entries = oversight_entries(saved, desk.decisions(pid))
        out += [e for e in entries if e.case_id in visible]
    return out


def as_csv(entries: list[OversightEntry]) -> str:
    """CSV with a header row (the report layer's own writer, which already defuses cells)."""
    return to_csv(entries)


def as_xlsx(entries: list[OversightEntry]) -> bytes:
    """One sheet, a header row, one row per entry, every cell stored as text."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Oversight"
    ws.append(list(FIELDS))
    for e in entries:
        row = ws.max_row + 1
        for col, f in enumerate(FIELDS, start=1):
            cell = ws.cell(row=row, column=col)
            cell.value = safe_cell(str(getattr(e, f)))
            cell.data_type = "s"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
