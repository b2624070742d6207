"""The court files of a CSV folder: ``court_rota.csv`` and ``reports.csv``.

``courts.csv`` and ``court_teams.csv`` are plain tables of their models (``csv_folder.MODELS``);
these two are not one model per row, so they are read here into the records the models
validate, each field remembering its cell so that a problem names this file, line and column:

- ``court_rota.csv``: ``practitioner_id,court_id,on`` (one row per day a practitioner is on the
  rota at a court) and an optional ``reports_held`` (``type:count`` items, for example
  ``oral:2;fast_delivery:1``: reports already allocated to them at that sitting). Each row
  becomes an item of the practitioner's ``court_rota``.
- ``reports.csv``: one row per report request, each a case with its ``report``: ``id``,
  ``pdu_id``, the request (``court_id``, ``hearing_date``, ``due_date``, ``requested_type``) and
  every ``ReportFacts`` column, all required (a missing column must never mean "no
  dangerousness assessment"); optional ``indicative_rosh``, ``known_practitioner_id``,
  ``reason``, ``restricted_to`` and ``excluded_staff``.

The facts that decide the PO-only categories are offence-related: a problem with one names the
field and the allowed values, never the value given.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from allocator.io.sheets import Row, Sheet
from allocator.io.tables import Origin, Record
from models.court import ReportFacts, ReportRequest, ReportType

ROTA_FILE = "court_rota.csv"
REPORTS_FILE = "reports.csv"
ROTA_COLUMNS = ("practitioner_id", "court_id", "on", "reports_held")
ROTA_REQUIRED = ("practitioner_id", "court_id", "on")

_REQUEST_FIELDS = tuple(
    f
    for f in ReportRequest.model_fields
    if f not in ("facts", "indicative_rosh", "known_practitioner_id")
)
FACT_COLUMNS = tuple(ReportFacts.model_fields)


@dataclass(frozen=True)
class ReportColumn:
    """A column of reports.csv: the dotted Case field it fills, and whether it is required."""

    name: str
    path: str
    required: bool
    is_list: bool = False


REPORT_COLUMNS: tuple[ReportColumn, ...] = (
    ReportColumn("id", "id", True),
    ReportColumn("pdu_id", "pdu_id", True),
    *(ReportColumn(f, f"report.{f}", True) for f in _REQUEST_FIELDS),
    *(ReportColumn(f, f"report.facts.{f}", True) for f in FACT_COLUMNS),
    ReportColumn("indicative_rosh", "report.indicative_rosh", False),
    ReportColumn("known_practitioner_id", "report.known_practitioner_id", False),
    ReportColumn("reason", "reason", False),
    ReportColumn("restricted_to", "restricted_to", False, is_list=True),
    ReportColumn("excluded_staff", "excluded_staff", False, is_list=True),
)
"""reports.csv's columns, in order."""

SPECIAL_REPORT_FIELDS = frozenset(f"report.facts.{f}" for f in FACT_COLUMNS)
"""Offence-related facts: their values are never repeated in a message."""


def _header_problems(sheet: Sheet, required: tuple[str, ...]) -> list[str]:
    """Missing or repeated columns, each naming the file; unknown columns are the caller's."""
    out = []
    seen: set[str] = set()
    for name in sheet.header:
        if name in seen:
            out.append(f"{sheet.file} line 1, column {name}: the column appears twice")
        seen.add(name)
    out += [f"{sheet.file} line 1: missing column '{n}'" for n in required if n not in seen]
    return out


def extra_columns(sheet: Sheet, known: tuple[str, ...]) -> list[str]:
    """Warnings for columns the file does not have."""
    return [
        f"warning: {sheet.file}: extra column '{name}' (column {i}) ignored"
        for i, name in enumerate(sheet.header, start=1)
        if name not in known
    ]


def row_too_long(sheet: Sheet, row: Row) -> str | None:
    """The problem of a row with more cells than the header has columns, or None: every CSV
    reader of the folder refuses such a row the same way."""
    if len(row.cells) <= len(sheet.header):
        return None
    return (
        f"{sheet.file} line {row.number}: {len(row.cells)} cells but the header has "
        f"{len(sheet.header)} columns"
    )


def _rows(sheet: Sheet, problems: list[str]) -> list[tuple[int, dict[str, str]]]:
    """(line, column -> stripped cell) for each row with no more cells than the header."""
    out = []
    for row in sheet.rows:
        if too_long := row_too_long(sheet, row):
            problems.append(too_long)
            continue
        out.append(
            (row.number, dict(zip(sheet.header, (c.strip() for c in row.cells), strict=False)))
        )
    return out


Split = Callable[[str], list[str]]
"""The CSV folder's list-cell reader (``csv_folder.split_list``)."""


def report_records(sheet: Sheet, problems: list[str], split: Split) -> list[Record] | None:
    """Each row of reports.csv as a Case record (None when a required column is missing)."""
    header = _header_problems(sheet, tuple(c.name for c in REPORT_COLUMNS if c.required))
    if header:
        problems.extend(header)
        return None
    out = []
    for number, cells in _rows(sheet, problems):
        record = Record({}, Origin(sheet.file, number, None, "line"))
        for column in REPORT_COLUMNS:
            text = cells.get(column.name, "")
            if text == "":
                continue
            record.fields[column.path] = Origin(sheet.file, number, column.name, "line")
            node = record.data
            *heads, leaf = column.path.split(".")
            for head in heads:
                node = node.setdefault(head, {})
            node[leaf] = split(text) if column.is_list else text
        if "report" in record.data:
            record.data["report"].setdefault("facts", {})
        else:
            record.data["report"] = {"facts": {}}
        out.append(record)
    return out


def add_rota(
    sheet: Sheet,
    practitioners: list[Record],
    problems: list[str],
    split: Split,
) -> None:
    """Each row of court_rota.csv as an item of its practitioner's ``court_rota``."""
    header = _header_problems(sheet, ROTA_REQUIRED)
    if header:
        problems.extend(header)
        return
    by_id = {r.data.get("id"): r for r in practitioners if isinstance(r.data.get("id"), str)}
    for number, cells in _rows(sheet, problems):
        pid = cells.get("practitioner_id", "")
        owner = by_id.get(pid)
        if owner is None:
            where = Origin(sheet.file, number, "practitioner_id", "line").describe()
            problems.append(
                f"{where}: " + (f"unknown practitioner '{pid}'" if pid else "a value is required")
            )
            continue
        rota = owner.data.setdefault("court_rota", [])
        i = len(rota)
        item: dict[str, object] = {}
        for name in ("court_id", "on"):
            if cells.get(name, ""):
                item[name] = cells[name]
                owner.fields[f"court_rota.{i}.{name}"] = Origin(sheet.file, number, name, "line")
        if cells.get("reports_held", ""):
            owner.fields[f"court_rota.{i}.reports_held"] = Origin(
                sheet.file, number, "reports_held", "line"
            )
            parsed = _held(cells["reports_held"], split)
            if parsed is None:
                where = Origin(sheet.file, number, "reports_held", "line").describe()
                problems.append(
                    f"{where}: '{cells['reports_held']}' is not type:count items "
                    "(oral, fast_delivery, standard_delivery)"
                )
                continue
            item["reports_held"] = parsed
        if not item.get("court_id") or not item.get("on"):
            # the model names the missing value at this row's cells
            owner.fields.setdefault(f"court_rota.{i}", Origin(sheet.file, number, None, "line"))
        rota.append(item)


def _held(text: str, split: Split) -> dict[str, str] | None:
    """A ``reports_held`` cell as type -> count text (the model checks both), or None when an
    item is not ``type:count``."""
    out = {}
    for item in split(text):
        kind, found, count = item.partition(":")
        if not found or not kind.strip() or not count.strip():
            return None
        out[kind.strip()] = count.strip()
    return out


def held_cell(held: Mapping[ReportType, int], join: Callable[[list[str]], str]) -> str:
    """The ``reports_held`` cell that ``_held`` reads back as ``held``."""
    return join([f"{kind}:{n}" for kind, n in held.items()])
