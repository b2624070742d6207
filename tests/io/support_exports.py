"""Small hand-written exports in the shapes the shipped profiles read, for the import tests."""

import datetime as dt
from pathlib import Path
from typing import Any

from allocator.io.export import export_csv_text
from allocator.io.profiles import load_profile

PROFILE = load_profile("ndelius")


def header(source: str) -> list[str]:
    """The columns the shipped ``ndelius`` profile's source reads, in profile order."""
    tables = PROFILE.sources[source].tables().values()
    return list(dict.fromkeys(c for spec in tables for c in spec.columns.values()))


STAFF = [
    {
        "Staff code": "SYN-PO-1",
        "Name": "Smith, Ann",
        "Grade": "Probation Officer",
        "Team code": "T1",
        "Team": "Team one",
        "PDU code": "PDU1",
        "PDU": "PDU one",
        "Region": "Synthetic region",
        "Office code": "O1",
        "Office": "Office one",
        "Office suitable for high risk": "Yes",
        "Qualified on": "01/02/2015",
        "In grade since": "01/02/2015",
        "Confirmed ready for": "MAPPA; Sexual offending",
        "ViSOR vetted": "Yes",
        "ViSOR trained": "yes",
        "Allocations today": "0",
        "Allocations this week": "1",
    },
    {
        "Staff code": "SYN-PSO-2",
        "Name": "Bob Jones",
        "Grade": "Probation Services Officer",
        "Team code": "T1",
        "Team": "Team one",
        "PDU code": "PDU1",
        "PDU": "PDU one",
        "Region": "Synthetic region",
        "Office code": "O1",
        "Office": "Office one",
        "Office suitable for high risk": "Yes",
        "In grade since": "15/06/2020",
        "ViSOR vetted": "No",
        "ViSOR trained": "No",
    },
]
CASELOAD = [
    {
        "CRN": "SYN900",
        "Staff code": "SYN-PO-1",
        "Tier": "C2",
        "Sentence type": "Community order",
        "MAPPA": "No",
    },
]
WORKLOAD = [
    {
        "Staff code": "SYN-PO-1",
        "Contracted hours": "37",
        "Other points": "100",
    },
    {
        "Staff code": "SYN-PSO-2",
        "Contracted hours": "22.5",
        "Other points": "0",
    },
    {
        "Staff code": "SYN-ELSEWHERE",
        "Contracted hours": "",
        "Other points": "0",
    },
]
UNALLOCATED = [
    {
        "CRN": "SYN001",
        "Tier": "B2",
        "RoSH": "High",
        "MAPPA category": "Category 1",
        "MAPPA level": "Level 1",
        "Registrations": "RSOF;RMAP",
        "Sentence type": "Custody",
        "PDU code": "PDU1",
        "Team code": "T1",
        "Allocation reason": "Initial Allocation",
        "ViSOR": "Yes",
        "DIF complete": "Yes",
        "Allocate by": "03/12/2026",
        "Handover date": "31/12/2026",
    },
    {
        "CRN": "SYN002",
        "Tier": "D2",
        "RoSH": "Very High",
        "MAPPA category": "N/A",
        "MAPPA level": "N/A",
        "Sentence type": "Licence",
        "PDU code": "PDU1",
        "Team code": "T1",
        "Allocation reason": "Transfer in",
        "ViSOR": "No",
        "DIF complete": "No",
    },
]
REDUCTIONS = [
    {
        "Staff code": "SYN-PO-1",
        "Reason": "Trade union facility time",
        "Hours": "5",
        "Start date": "01/04/2026",
        "Status": "Active",
    },
    {
        "Staff code": "SYN-PO-1",
        "Reason": "Other leave",
        "Start date": "01/01/2026",
        "End date": "31/01/2026",
        "Status": "Archived",
    },
]
REPORTS = [{"Staff code": "SYN-PSO-2", "Report type": "SDR", "CRN": "SYN777"}]
ABSENCES = [
    {"Staff code": "SYN-PSO-2", "From": "24/11/2026", "To": "27/11/2026", "Type": "Annual leave"},
    {"Staff code": "SYN-PSO-2", "From": "01/12/2026", "To": "01/12/2026", "Type": "Training"},
]
ROWS = {
    "staff": STAFF,
    "caseload": CASELOAD,
    "absences": ABSENCES,
    "workload": WORKLOAD,
    "reductions": REDUCTIONS,
    "reports": REPORTS,
    "unallocated": UNALLOCATED,
}


def csv_export(
    path: Path, source: str, rows: list[dict[str, str]], blank_tail: bool = True
) -> Path:
    """A CSV export with a BOM, CRLF line endings and (by default) blank trailing rows."""
    cols = header(source)
    text = export_csv_text(cols, [[row.get(c, "") for c in cols] for row in rows])
    if blank_tail:
        text += ",,,\r\n\r\n"
    path.write_text(text, encoding="utf-8", newline="")
    return path


def all_csv(folder: Path, **replace: list[dict[str, str]]) -> list[Path]:
    """The four CSV exports of the worked example, with any source's rows replaced."""
    rows = {**ROWS, **replace}
    return [csv_export(folder / f"{name}.csv", name, r) for name, r in rows.items()]


def _native(column: str, text: str) -> Any:
    """A cell as a spreadsheet holds it: real dates and numbers, not text."""
    if "/" in text and len(text) == 10:
        d, m, y = text.split("/")
        return dt.date(int(y), int(m), int(d))
    if text.replace(".", "", 1).isdigit() and column not in ("CRN",):
        return float(text) if "." in text else int(text)
    return text or None


def xlsx_export(path: Path, sheets: dict[str, str]) -> Path:
    """One workbook with a sheet per source (sheet name -> source), cells typed natively."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for sheet, source in sheets.items():
        ws = book.create_sheet(sheet)
        cols = header(source)
        ws.append(cols)
        for row in ROWS[source]:
            ws.append([_native(c, row.get(c, "")) for c in cols])
        ws.append([None] * len(cols))
    book.save(path)
    return path
