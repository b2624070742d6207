"""Tabular files as an SPO's systems export them: CSV or a spreadsheet, read into rows of text.

A CSV file may start with a BOM, use Windows line endings, quote commas and end in blank rows;
a spreadsheet (XLSX, XLS, ODS) is read through python-calamine, one sheet chosen by name. Every
cell comes back as text (a whole number as ``37``, a date cell as ``YYYY-MM-DD``), so that a CSV
export and a spreadsheet export of the same data go through the same validation. Reading never
raises anything but ``InputError`` with one line naming the file.
"""

import csv
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from allocator.io.errors import InputError

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"


@dataclass(frozen=True)
class Row:
    """One non-blank data row: its number as the user sees it (line or spreadsheet row)."""

    number: int
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Sheet:
    """A header and its data rows, from a CSV file or one sheet of a workbook."""

    file: str
    sheet: str | None
    header: tuple[str, ...]
    rows: tuple[Row, ...]
    unit: str = "row"

    def headed(self, limit: int = 10) -> Iterator["Sheet"]:
        """This sheet, then the same data with each of the next rows taken as the header
        (an export may start with a title, a report date or a filter line)."""
        yield self
        for i, row in enumerate(self.rows[:limit]):
            header = tuple(c.strip() for c in row.cells)
            yield Sheet(self.file, self.sheet, header, self.rows[i + 1 :], self.unit)

    def where(self) -> str:
        """``file`` or ``file sheet 'Name'``, the start of every problem about this sheet."""
        return self.file if self.sheet is None else f"{self.file} sheet '{self.sheet}'"


def is_spreadsheet(path: Path) -> bool:
    """True for a workbook, by its suffix or its first bytes (a ZIP or OLE container)."""
    if path.suffix.lower() in SPREADSHEET_SUFFIXES:
        return True
    try:
        with path.open("rb") as handle:
            head = handle.read(4)
    except OSError:
        return False
    return head in (_ZIP_MAGIC, _OLE_MAGIC)


def _blank(cells: list[str]) -> bool:
    return all(c.strip() == "" for c in cells)


def read_csv(path: Path, name: str | None = None, unit: str = "row") -> Sheet:
    """The CSV file at ``path``: header and non-blank rows.

    With ``unit="row"`` a row is numbered as a spreadsheet opening the file shows it (one row per
    record, blank ones included, however many lines a quoted cell spans); with ``unit="line"``
    by the physical line it starts on, as a text editor shows it.
    """
    file = name or path.name
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle, strict=True)
            header: tuple[str, ...] | None = None
            rows: list[Row] = []
            last = 0
            for ordinal, record in enumerate(reader, start=1):
                line = last + 1 if unit == "line" else ordinal
                last = reader.line_num
                if _blank(record):
                    continue
                if header is None:
                    header = tuple(h.strip() for h in record)
                    continue
                rows.append(Row(line, tuple(record)))
    except FileNotFoundError:
        raise InputError([f"{file}: no such file"]) from None
    except IsADirectoryError:
        raise InputError([f"{file}: is a folder, expected a CSV or spreadsheet file"]) from None
    except UnicodeDecodeError:
        raise InputError([f"{file}: not UTF-8 text (save the export as CSV UTF-8)"]) from None
    except csv.Error as e:
        raise InputError([f"{file} line {reader.line_num}: malformed CSV: {e}"]) from None
    except OSError as e:
        raise InputError([f"{file}: cannot be read: {e.strerror or e}"]) from None
    if header is None:
        raise InputError([f"{file}: empty (no header {unit})"])
    return Sheet(file, None, header, tuple(rows), unit)


def _text(value: object) -> str:
    """A spreadsheet cell as the text a CSV export would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.timedelta | dt.time):
        return str(value)
    return str(value)


def sheet_names(path: Path) -> list[str]:
    """The sheet names of the workbook at ``path``."""
    return list(_workbook(path).sheet_names)


def _workbook(path: Path):  # type: ignore[no-untyped-def]
    from python_calamine import CalamineWorkbook

    try:
        return CalamineWorkbook.from_path(str(path))
    except FileNotFoundError:
        raise InputError([f"{path.name}: no such file"]) from None
    except IsADirectoryError:
        raise InputError([f"{path.name}: is a folder, expected a spreadsheet file"]) from None
    except BaseException as e:
        raise _unreadable(e, path.name) from None


def _unreadable(e: BaseException, where: str) -> BaseException:
    """Calamine raises its own error types for a malformed workbook, and a Rust panic surfaces
    as a BaseException: each is the user's bad file, never a traceback."""
    if isinstance(e, KeyboardInterrupt | SystemExit | MemoryError):
        return e
    return InputError([f"{where}: not a readable spreadsheet ({type(e).__name__})"])


def read_workbook_sheet(path: Path, sheet: str) -> Sheet:
    """The sheet named ``sheet`` (case-insensitively) of the workbook at ``path``."""
    book = _workbook(path)
    names = list(book.sheet_names)
    match = next((n for n in names if n.strip().casefold() == sheet.strip().casefold()), None)
    if match is None:
        listed = ", ".join(f"'{n}'" for n in names) or "none"
        raise InputError([f"{path.name}: no sheet named '{sheet}' (sheets: {listed})"])
    try:
        grid = book.get_sheet_by_name(match).to_python(skip_empty_area=False)
    except BaseException as e:
        raise _unreadable(e, f"{path.name} sheet '{match}'") from None
    header: tuple[str, ...] | None = None
    rows: list[Row] = []
    for number, values in enumerate(grid, start=1):
        cells = [_text(v) for v in values]
        if _blank(cells):
            continue
        if header is None:
            header = tuple(c.strip() for c in cells)
            continue
        rows.append(Row(number, tuple(cells)))
    if header is None:
        raise InputError([f"{path.name} sheet '{match}': empty (no header row)"])
    return Sheet(path.name, match, header, tuple(rows))
