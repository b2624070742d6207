"""Export files read through a profile into a scenario, or refused with every problem listed.

Each file (CSV, or a workbook whose sheets the profile names) is matched to one of the
profile's sources (``allocator.io.matching``). Each row becomes one ``Record`` per
table the source fills: cells relabelled and dates read as the profile says, then validated by
the table's model (``allocator.io.tables``). Unit tables (``distinct``) keep one row per key and
refuse disagreeing rows; ``merge`` tables add fields to another source's records. Nothing is
returned unless every row of every file is valid and the scenario's references resolve.
"""

import datetime as dt
import re
from pathlib import Path
from typing import Any

from allocator.io.errors import InputError
from allocator.io.matching import Matched, match_files
from allocator.io.profiles import (
    KEY_FIELD,
    TABLE_MODELS,
    FieldShape,
    Profile,
    TableMap,
    field_shape,
    fold,
)
from allocator.io.scenario_files import tier_problems
from allocator.io.sheets import Row, Sheet
from allocator.io.tables import Origin, Record, build_scenario, locate, validate_records
from models import Policy, Scenario


def date_hint(fmt: str) -> str:
    """A strftime format as a user reads it: ``%d/%m/%Y`` is ``dd/mm/yyyy``."""
    for code, text in (("%d", "dd"), ("%m", "mm"), ("%Y", "yyyy"), ("%y", "yy")):
        fmt = fmt.replace(code, text)
    return fmt


# --- rows to records ----------------------------------------------------------------------------


_NOT_GIVEN = object()


def _scalar(text: str, shape: FieldShape, labels: dict[str, str], fmt: str) -> Any:
    key = fold(text)
    if key in labels:
        return labels[key]
    enum = shape.enum()
    if enum is not None:
        norm = re.sub(r"[\s\-]+", "_", text.strip()).casefold()
        for member in enum:
            if norm in (str(member.value).casefold(), member.name.casefold()):
                return member.value
    if shape.item is dt.date:
        try:
            return dt.datetime.strptime(text.strip(), fmt).date().isoformat()
        except ValueError:
            pass
    return text.strip()


def convert(text: str, shape: FieldShape, labels: dict[str, str], fmt: str, sep: str) -> Any:
    """A non-empty cell as model data, or ``_NOT_GIVEN`` for a label meaning "not given"."""
    if shape.is_list:
        items = [i for i in (p.strip() for p in text.split(sep)) if i]
        return [v for v in (_scalar(i, shape, labels, fmt) for i in items) if v != ""]
    value = _scalar(text, shape, labels, fmt)
    return _NOT_GIVEN if value == "" else value


def _put(data: dict[str, Any], path: str, value: Any) -> None:
    *heads, leaf = path.split(".")
    for head in heads:
        data = data.setdefault(head, {})
    data[leaf] = value


def _records(match: Matched, table: str, spec: TableMap) -> list[Record]:
    sheet, source = match.sheet, match.source
    model = TABLE_MODELS[table]
    fmt = source.date_format or "%d/%m/%Y"
    sep = source.list_separator or ";"
    index = {fold(h): i for i, h in reversed(list(enumerate(sheet.header)))}
    labels = {p: {fold(k): v for k, v in m.items()} for p, m in spec.labels.items()}
    shapes = {p: field_shape(model, p) for p in (*spec.columns, *spec.defaults)}
    out: list[Record] = []
    for row in sheet.rows:
        out.append(_record(sheet, row, spec, index, labels, shapes, fmt, sep))
    return out


def _record(
    sheet: Sheet,
    row: Row,
    spec: TableMap,
    index: dict[str, int],
    labels: dict[str, dict[str, str]],
    shapes: dict[str, FieldShape],
    fmt: str,
    sep: str,
) -> Record:
    record = Record(
        {}, Origin(sheet.where(), row.number), date_hint=f"{date_hint(fmt)} or YYYY-MM-DD"
    )
    for path, column in spec.columns.items():
        i = index[fold(column)]
        text = row.cells[i] if i < len(row.cells) else ""
        record.fields[path] = Origin(sheet.where(), row.number, column)
        if text.strip() == "":
            continue
        value = convert(text, shapes[path], labels.get(path, {}), fmt, sep)
        if value is not _NOT_GIVEN:
            _put(record.data, path, value)
    for path, default in spec.defaults.items():
        if _has(record.data, path):
            continue
        if path not in spec.columns:
            record.fields[path] = Origin(sheet.where(), row.number, f"(profile default of {path})")
        if isinstance(default, str):
            value = (
                convert(default, shapes[path], labels.get(path, {}), fmt, sep)
                if default
                else _NOT_GIVEN
            )
        else:
            value = default
        if value is not _NOT_GIVEN:
            _put(record.data, path, value)
    for path, shape in shapes.items():
        if shape.nullable_required and not _has(record.data, path):
            _put(record.data, path, None)  # an empty cell of a holding's tier: untiered
    for prefix in {s.record_list for s in shapes.values() if s.record_list}:
        _one_item_list(record, prefix)
    return record


def _one_item_list(record: Record, prefix: str) -> None:
    """A row's fields of a list of records (``absences.start`` ...) as that list's one item."""
    *heads, leaf = prefix.split(".")
    data = record.data
    for head in heads:
        data = data.get(head, {})
    item = data.get(leaf)
    if not isinstance(item, dict):
        return
    data[leaf] = [item]
    for path in [p for p in record.fields if p.startswith(prefix + ".")]:
        record.fields[f"{prefix}.0{path.removeprefix(prefix)}"] = record.fields.pop(path)
    record.fields[f"{prefix}.0"] = record.origin


def _has(data: Any, path: str) -> bool:
    for part in path.split("."):
        if isinstance(data, list) and part.isdigit() and int(part) < len(data):
            data = data[int(part)]
        elif isinstance(data, dict) and part in data:
            data = data[part]
        else:
            return False
    return True


def _merge_into(base: Record, extra: Record) -> None:
    """Add ``extra``'s fields to ``base``: values replace, rows of a record list are appended."""
    moved: dict[str, str] = {}
    _deep_update(base.data, extra.data, "", moved)
    for path, origin in extra.fields.items():
        for old, new in moved.items():
            if path == old or path.startswith(old + "."):
                path = new + path.removeprefix(old)
        if _has(base.data, path):
            base.fields[path] = origin


def _deep_update(
    base: dict[str, Any], extra: dict[str, Any], at: str, moved: dict[str, str]
) -> None:
    for k, v in extra.items():
        here = f"{at}{k}"
        if isinstance(v, dict) and isinstance(base.get(k), dict):
            _deep_update(base[k], v, here + ".", moved)
        elif isinstance(v, list) and v and isinstance(v[0], dict):
            start = len(base.get(k) or [])
            base[k] = [*(base.get(k) or []), *v]
            for i in range(len(v)):
                moved[f"{here}.{i}"] = f"{here}.{start + i}"
        else:
            base[k] = v


def _clash(first: dict[str, Any], other: dict[str, Any]) -> str | None:
    """The first field both rows give with different values, if any."""
    for k, v in other.items():
        if k in first and first[k] != v:
            return k
    return None


def _fill(first: Record, other: Record) -> None:
    """Add the fields only ``other`` gives (a unit named with more columns in another export)."""
    for k, v in other.data.items():
        if k not in first.data:
            first.data[k] = v
            first.fields.update({p: o for p, o in other.fields.items() if p.split(".")[0] == k})


def collect(matched: list[Matched]) -> tuple[dict[str, list[Record]], list[str]]:
    """Records per table: rows, then distinct units (one per key), then merged fields."""
    problems: list[str] = []
    tables: dict[str, list[Record]] = {t: [] for t in TABLE_MODELS}
    keys: dict[str, dict[str, Record]] = {t: {} for t in TABLE_MODELS}
    merges: list[tuple[str, Record]] = []
    for match in matched:
        for table, spec in match.source.tables().items():
            key_field = KEY_FIELD.get(table, "id")
            appends = any(field_shape(TABLE_MODELS[table], p).record_list for p in spec.columns)
            merged: dict[str, Record] = {}
            for record in _records(match, table, spec):
                if spec.merge:
                    key = record.data.get(key_field)
                    if not appends and key is not None and str(key) in merged:
                        problems.append(
                            f"{record.origin_of(key_field).describe()}: duplicate '{key}' "
                            f"(first at {merged[str(key)].origin.describe()})"
                        )
                        continue
                    if key is not None:
                        merged.setdefault(str(key), record)
                    merges.append((table, record))
                    continue
                key = record.data.get(key_field)
                if spec.distinct:
                    if key is None:
                        continue
                    first = keys[table].get(str(key))
                    if first is not None:
                        clash = _clash(first.data, record.data)
                        if clash is not None:
                            column = record.origin_of(clash).column
                            problems.append(
                                f"{record.origin.describe(column)}: {table} '{key}' differs "
                                f"from {first.origin.describe()}"
                            )
                        else:
                            _fill(first, record)
                        continue
                elif key is not None and str(key) in keys[table]:
                    first = keys[table][str(key)]
                    problems.append(
                        f"{record.origin_of(key_field).describe()}: duplicate '{key}' "
                        f"(first at {first.origin.describe()})"
                    )
                    continue
                if key is not None:
                    keys[table].setdefault(str(key), record)
                tables[table].append(record)
    for table, record in merges:
        key = record.data.get(KEY_FIELD.get(table, "id"))
        base = keys[table].get(str(key)) if key is not None else None
        if base is None:
            continue  # a workload row for staff outside the export: not part of this scenario
        _merge_into(base, record)
    return tables, problems


def import_files(
    profile: Profile,
    files: list[Path],
    day: dt.date,
    name: str = "",
    sheet: str | None = None,
    policy: Policy | None = None,
) -> Scenario:
    """The scenario the export ``files`` give under ``profile``; InputError lists every problem.

    With ``policy``, every tier is also checked against its framework, located by row.
    """
    matched = match_files(profile, files, sheet)
    records, problems = collect(matched)
    validated: dict[str, list[Any]] = {}
    for table, rows in records.items():
        items, found = validate_records(TABLE_MODELS[table], rows)
        validated[table] = items
        problems.extend(found)
    if problems:
        raise InputError(problems)
    meta = {"name": name or profile.name, "date": day}
    scenario = build_scenario(meta, validated, records)
    if policy is not None:
        found = [p.removeprefix(": ") for p in tier_problems(scenario, policy, "")]
        if found:
            raise InputError(locate(found, records))
    return scenario
