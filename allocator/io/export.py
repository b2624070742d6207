"""A scenario written as a profile's exports: the inverse of ``allocator.io.importer``.

Used for the synthetic samples under scenarios/exports (``allocator generate --as-export``) and
to prove that export -> import -> export loses nothing the profile maps. Each source gives one
table of text cells: one row per record of its first non-unit table, and the columns of its unit
tables (``distinct``) filled by joining on the columns they share (a practitioner's "Team code"
finds the POD, whose "PDU code" finds the PDU). A value is written with the first label the
profile gives it, dates in the profile's format, booleans as Yes/No.
"""

import csv
import datetime as dt
import io
import os
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from allocator.io.profiles import KEY_FIELD, TABLE_MODELS, Profile, Source, TableMap, field_shape
from models import Scenario


def _reverse(spec: TableMap, path: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for label, value in spec.labels.get(path, {}).items():
        if value != "":
            out.setdefault(value, label)
    return out


def _get(item: BaseModel, path: str) -> Any:
    value: Any = item
    for part in path.split("."):
        value = getattr(value, part, None) if value is not None else None
    return value


def _one(value: Any, labels: dict[str, str], fmt: str) -> str:
    if isinstance(value, Enum):
        value = value.value
    if str(value) in labels:
        return labels[str(value)]
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.date):
        return value.strftime(fmt)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def cell(
    item: BaseModel, spec: TableMap, path: str, fmt: str, sep: str, labels_of: str | None = None
) -> str:
    """The export cell of ``item``'s field ``path`` (labelled as ``labels_of``, default path)."""
    value = _get(item, path)
    if value is None:
        return ""
    labels = _reverse(spec, labels_of or path)
    if isinstance(value, list):
        return sep.join(_one(v, labels, fmt) for v in value)
    return _one(value, labels, fmt)


def source_rows(scenario: Scenario, source: Source) -> tuple[list[str], list[list[str]]]:
    """The header and rows of one source's export of ``scenario``."""
    fmt = source.date_format or "%d/%m/%Y"
    sep = source.list_separator or ";"
    tables = source.tables()
    main = next(t for t, spec in tables.items() if not spec.distinct)
    ordered = [tables[main], *(spec for t, spec in tables.items() if t != main)]
    header = list(dict.fromkeys(c for spec in ordered for c in spec.columns.values()))
    units = {
        t: {str(_get(item, KEY_FIELD.get(t, "id"))): item for item in getattr(scenario, t)}
        for t, spec in tables.items()
        if spec.distinct
    }
    rows: list[list[str]] = []
    for values in _main_rows(scenario, main, tables[main], fmt, sep):
        joined: set[str] = set()
        grew = True
        while grew:
            grew = False
            for t, index in units.items():
                key_column = tables[t].columns[KEY_FIELD.get(t, "id")]
                if t in joined or not values.get(key_column):
                    continue
                unit = index.get(values[key_column])
                joined.add(t)
                grew = True
                if unit is None:
                    continue
                for path, column in tables[t].columns.items():
                    values.setdefault(column, cell(unit, tables[t], path, fmt, sep))
        rows.append([values.get(c, "") for c in header])
    return header, rows


def _main_rows(
    scenario: Scenario, table: str, spec: TableMap, fmt: str, sep: str
) -> list[dict[str, str]]:
    """Each record's cells; for a source of a list of records (absences), one row per item."""
    shapes = {p: field_shape(TABLE_MODELS[table], p) for p in spec.columns}
    lists = {s.record_list for s in shapes.values() if s.record_list}
    out: list[dict[str, str]] = []
    for item in getattr(scenario, table):
        subs: list[Any] = [None]
        if lists:
            (record_list,) = lists
            subs = list(_get(item, str(record_list)) or [])
        for sub in subs:
            values: dict[str, str] = {}
            for path, column in spec.columns.items():
                inside = shapes[path].record_list
                if inside is not None:
                    rest = path.removeprefix(inside + ".")
                    text = cell(sub, spec, rest, fmt, sep, labels_of=path)
                else:
                    text = cell(item, spec, path, fmt, sep)
                values.setdefault(column, text)
            out.append(values)
    return out


def export_csv_text(header: list[str], rows: list[list[str]]) -> str:
    """CSV as the case-management system writes it: a BOM and Windows line endings."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return "\ufeff" + buffer.getvalue()


def _write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` created 0600 from the start (exports hold personal data), so
    no other user can read it even for a moment; an existing file is made 0600 too."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


EXPORT_PROFILES = ("ndelius-unallocated", "ndelius-staff", "wmt-workload")
"""The shipped profiles of one export each, written by ``allocator generate --as-export``."""


def write_exports(scenario: Scenario, profile: Profile, folder: Path, stem: str) -> list[Path]:
    """Write ``<source>.csv`` per source and ``stem.xlsx`` with a sheet per source (0600)."""
    from openpyxl import Workbook

    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    book = Workbook(write_only=True)
    for key, source in profile.sources.items():
        header, rows = source_rows(scenario, source)
        path = folder / f"{key}.csv"
        _write_private(path, export_csv_text(header, rows).encode("utf-8"))
        written.append(path)
        sheet = book.create_sheet(source.sheet or key)
        sheet.append(header)
        for row in rows:
            sheet.append(row)
    xlsx = folder / f"{stem}.xlsx"
    buffer = io.BytesIO()
    book.save(buffer)
    _write_private(xlsx, buffer.getvalue())
    written.append(xlsx)
    return written
