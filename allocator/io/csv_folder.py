"""A scenario as a folder of CSV files, as an SPO's or a planner's export gives it.

Files (UTF-8, a BOM and Windows line endings accepted, RFC 4180 quoting):

- ``pdus.csv``: id, name, region
- ``pods.csv``: id, name, pdu_id
- ``offices.csv`` (optional): id, name, suitable_for_high_risk
- ``practitioners.csv``: one row per member of staff (columns below)
- ``holdings.csv`` (optional): the existing caseload
- ``cases.csv``: the day's list
- ``scenario.toml`` or ``scenario.json``: ``date`` (YYYY-MM-DD) and ``name``
- ``policy.toml`` or ``policy.json`` (optional): the scenario's policy, in full or as
  ``extends = "default"`` with the values it changes

Cell encodings:

- an empty cell is "not given": the field's default (None, an empty list, false ...);
- booleans are ``true``/``false`` (``yes``/``no`` and ``1``/``0`` are read too);
- dates are ``YYYY-MM-DD``;
- lists are ``;``-separated (``mappa;omic``); a literal ``;`` or ``\\`` in an item is
  written ``\\;`` or ``\\\\``;
- ``absences``: ``start..end:kind`` items, for example
  ``2026-11-20..2026-11-24:leave;2026-11-30..2026-11-30:training`` (a single date
  ``2026-11-30:training`` is read as a one-day absence; a missing kind is ``leave``);
- ``preferences``: ``characteristic=value`` items, for example ``gender=female``;
- ``declared_gender``: the practitioner's declared gender, empty when not declared;
- risk facts of a case (all empty: no risk facts): ``rsr_pct``, ``ogrs``,
  ``complexity_registrations`` (list), ``women_factors`` (list of the factors that apply:
  ``parenting_responsibilities``, ``impulsivity``, ``previous_breach_or_recall``, or ``none``
  when the factors were assessed and none applies), ``mandate_for_change`` and
  ``valid_assessment`` (always written when a case has risk facts), ``needs``
  (``area:severity`` items, for example ``accommodation:standard;attitudes:severe``).

Every problem names the file, the line and the column. The values of special-category columns
(flags, declared gender, lived experience, women factors, preferences, complexity
registrations, needs) are never repeated in a message. Extra columns are reported through
``warn`` and ignored.
"""

import csv
import json
import re
import sys
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from allocator.io.errors import InputError, describe_validation_error
from models import Policy, Scenario
from models.case import Case
from models.enums import (
    AllocationReason,
    CaseCategory,
    CaseFlag,
    CaseType,
    Grade,
    MappaCategory,
    MappaLevel,
    NeedArea,
    Rosh,
    Severity,
)
from models.staff import Holding, Office, Pdu, Pod, Practitioner

Warn = Callable[[str], None]

WOMEN_FACTORS = ("parenting_responsibilities", "impulsivity", "previous_breach_or_recall")
WOMEN_NONE = "none"
ABSENCE_KINDS = ("leave", "sickness", "training", "other")
RISK_COLUMNS = (
    "rsr_pct",
    "ogrs",
    "complexity_registrations",
    "women_factors",
    "mandate_for_change",
    "valid_assessment",
    "needs",
)


@dataclass(frozen=True)
class Col:
    """One column: its name, how a cell is read, and whether its values are special-category."""

    name: str
    kind: str
    enum: type[Enum] | None = None
    required: bool = False
    special: bool = False


def _c(name: str, kind: str = "str", **kw: Any) -> Col:
    return Col(name, kind, **kw)


TABLES: dict[str, tuple[Col, ...]] = {
    "pdus": (_c("id", required=True), _c("name", required=True), _c("region")),
    "pods": (_c("id", required=True), _c("name", required=True), _c("pdu_id", required=True)),
    "offices": (
        _c("id", required=True),
        _c("name", required=True),
        _c("suitable_for_high_risk", "bool"),
    ),
    "practitioners": (
        _c("id", required=True),
        _c("name", required=True),
        _c("grade", "enum", enum=Grade, required=True),
        _c("pod_id", required=True),
        _c("office_id"),
        _c("contracted_hours", "float"),
        _c("reduction_hours", "float"),
        _c("reduction_pct", "float"),
        _c("qualified_on", "date"),
        _c("pqip_started_on", "date"),
        _c("pqip_stage", "int"),
        _c("in_grade_since", "date"),
        _c("readiness", "enum_list", enum=CaseCategory),
        _c("competencies", "list"),
        _c("visor_vetted", "bool"),
        _c("visor_trained", "bool"),
        _c("absences", "absences"),
        _c("allocations_today", "int"),
        _c("allocations_this_week", "int"),
        _c("other_points", "int"),
        _c("lived_experience", "bool", special=True),
        _c("declared_gender", special=True),
        _c("conflicts", "list"),
    ),
    "holdings": (
        _c("case_id", required=True),
        _c("practitioner_id", required=True),
        _c("tier", required=True),
        _c("case_type", "enum", enum=CaseType),
        _c("points", "int"),
        _c("flags", "enum_list", enum=CaseFlag, special=True),
        _c("mappa", "bool"),
        _c("last_moved_on", "date"),
    ),
    "cases": (
        _c("id", required=True),
        _c("tier"),
        _c("rosh", "enum", enum=Rosh),
        _c("mappa_category", "int_enum", enum=MappaCategory),
        _c("mappa_level", "int_enum", enum=MappaLevel),
        _c("flags", "enum_list", enum=CaseFlag, special=True),
        _c("case_type", "enum", enum=CaseType),
        _c("pdu_id", required=True),
        _c("pod_id"),
        _c("reason", "enum", enum=AllocationReason),
        _c("current_practitioner_id"),
        _c("previous_practitioner_id"),
        _c("needs_visor", "bool"),
        _c("dif_complete", "bool"),
        _c("allocate_by", "date"),
        _c("handover_date", "date"),
        _c("points", "int"),
        _c("preferences", "preferences", special=True),
        _c("restricted_to", "list"),
        _c("excluded_staff", "list"),
        _c("rsr_pct", "float"),
        _c("ogrs", "int"),
        _c("complexity_registrations", "list", special=True),
        _c("women_factors", "women", special=True),
        _c("mandate_for_change", "bool"),
        _c("valid_assessment", "bool"),
        _c("needs", "needs", special=True),
    ),
}
REQUIRED_FILES = ("pdus", "pods", "practitioners", "cases")
MODELS: dict[str, type[BaseModel]] = {
    "pdus": Pdu,
    "pods": Pod,
    "offices": Office,
    "practitioners": Practitioner,
    "holdings": Holding,
    "cases": Case,
}
ID_COLUMN = {"holdings": "case_id"}


def _stderr(message: str) -> None:
    sys.stderr.write(message + "\n")


# --- list cells ---------------------------------------------------------------------------


def split_list(cell: str) -> list[str]:
    """Items of a ``;``-separated cell; ``\\;`` and ``\\\\`` are a literal ``;`` and ``\\``."""
    items: list[str] = []
    current: list[str] = []
    escaped = False
    for ch in cell:
        if escaped:
            current.append(ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == ";":
            items.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    if escaped:
        current.append("\\")
    items.append("".join(current).strip())
    return [i for i in items if i != ""]


def join_list(items: list[str]) -> str:
    """The cell for ``items``, escaping ``\\`` and ``;``."""
    return ";".join(i.replace("\\", "\\\\").replace(";", "\\;") for i in items)


# --- reading ------------------------------------------------------------------------------


class _Problems:
    """Collects problems, each naming file, line and column."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def cell(self, file: str, line: int, col: Col, what: str, value: str | None = None) -> None:
        """A problem with one cell; ``value`` is quoted unless the column is special-category."""
        where = f"{file} line {line}, column {col.name}"
        if value is None:
            self.items.append(f"{where}: {what}")
        elif col.special:
            self.items.append(f"{where}: is not a valid value{_hint(what)}")
        else:
            self.items.append(f"{where}: '{value}' {what}")

    def add(self, message: str) -> None:
        self.items.append(message)


def _hint(what: str) -> str:
    """For a special-category column: the allowed values, without the value given."""
    m = re.match(r"is not one of (.*)$", what)
    return f" (one of {m.group(1)})" if m else ""


def _enum_values(enum: type[Enum]) -> str:
    return ", ".join(str(e.value) for e in enum)


_TRUE = {"true", "yes", "1", "y", "t"}
_FALSE = {"false", "no", "0", "n", "f"}


def _parse_date(text: str) -> date | None:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _parse_cell(col: Col, raw: str, report: Callable[[str, str | None], None]) -> Any:
    """The value of a non-empty cell, or None after ``report(what, value)`` on a problem."""
    text = raw.strip()
    kind = col.kind
    if kind == "str":
        return text
    if kind == "int":
        try:
            return int(text)
        except ValueError:
            report("is not a whole number", text)
            return None
    if kind == "float":
        try:
            value = float(text)
        except ValueError:
            report("is not a number", text)
            return None
        if value != value or value in (float("inf"), float("-inf")):
            report("is not a number", text)
            return None
        return value
    if kind == "bool":
        low = text.lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
        report("is not one of true, false", text)
        return None
    if kind == "date":
        d = _parse_date(text)
        if d is None:
            report("is not a date (YYYY-MM-DD)", text)
        return d
    if kind == "enum":
        assert col.enum is not None
        values = [str(e.value) for e in col.enum]
        if text not in values:
            report(f"is not one of {_enum_values(col.enum)}", text)
            return None
        return text
    if kind == "int_enum":
        assert col.enum is not None
        values = [str(e.value) for e in col.enum]
        if text not in values:
            report(f"is not one of {_enum_values(col.enum)}", text)
            return None
        return int(text)
    if kind == "list":
        return split_list(text)
    if kind == "enum_list":
        assert col.enum is not None
        items = split_list(text)
        values = [str(e.value) for e in col.enum]
        for item in items:
            if item not in values:
                report(f"is not one of {_enum_values(col.enum)}", item)
                return None
        return items
    if kind == "absences":
        return _parse_absences(text, report)
    if kind == "preferences":
        out = []
        for item in split_list(text):
            characteristic, sep, wanted = item.partition("=")
            if not sep or not characteristic.strip() or not wanted.strip():
                report("is not characteristic=value", item)
                return None
            out.append({"characteristic": characteristic.strip(), "value": wanted.strip()})
        return out
    if kind == "needs":
        out = []
        for item in split_list(text):
            area, sep, severity = item.partition(":")
            if not sep or area.strip() not in {a.value for a in NeedArea}:
                report(f"is not one of {_enum_values(NeedArea)}", item)
                return None
            if severity.strip() not in {s.value for s in Severity}:
                report(f"is not one of {_enum_values(Severity)}", item)
                return None
            out.append({"area": area.strip(), "severity": severity.strip()})
        return out
    if kind == "women":
        items = split_list(text)
        if items == [WOMEN_NONE]:
            return {}
        for item in items:
            if item not in WOMEN_FACTORS:
                report(f"is not one of {', '.join((*WOMEN_FACTORS, WOMEN_NONE))}", item)
                return None
        return {f: True for f in items}
    raise AssertionError(f"unknown column kind {kind}")


def _parse_absences(
    text: str, report: Callable[[str, str | None], None]
) -> list[dict[str, Any]] | None:
    out = []
    for item in split_list(text):
        span, _, kind = item.rpartition(":") if ":" in item else (item, "", "leave")
        kind = kind.strip() or "leave"
        if kind not in ABSENCE_KINDS:
            report(f"kind is not one of {', '.join(ABSENCE_KINDS)}", item)
            return None
        first, dots, last = span.partition("..")
        start = _parse_date(first.strip())
        end = _parse_date(last.strip()) if dots else start
        if start is None or end is None:
            report("is not start..end:kind with dates YYYY-MM-DD", item)
            return None
        out.append({"start": start, "end": end, "kind": kind})
    return out


@dataclass
class _Table:
    """One CSV file read: its rows as column -> value, and the line each row starts on."""

    file: str
    rows: list[dict[str, Any]]
    lines: list[int]


def _read_table(folder: Path, name: str, problems: _Problems, warn: Warn) -> _Table | None:
    file = f"{name}.csv"
    path = folder / file
    if not path.exists():
        if name in REQUIRED_FILES:
            problems.add(f"{file}: missing from {folder}")
        return None
    columns = {c.name: c for c in TABLES[name]}
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle, strict=True)
            header: list[str] | None = None
            rows: list[dict[str, Any]] = []
            lines: list[int] = []
            last = 0
            for record in reader:
                line = last + 1
                last = reader.line_num
                if not record or all(cell.strip() == "" for cell in record):
                    continue
                if header is None:
                    header = [h.strip() for h in record]
                    if not _check_header(file, header, columns, problems, warn):
                        return None
                    continue
                if len(record) > len(header):
                    problems.add(
                        f"{file} line {line}: {len(record)} cells but the header has "
                        f"{len(header)} columns"
                    )
                    continue
                row: dict[str, Any] = {}
                for col_name, raw in zip(header, record, strict=False):
                    col = columns.get(col_name)
                    if col is None or raw.strip() == "":
                        continue

                    def report(what: str, value: str | None, c: Col = col, n: int = line) -> None:
                        problems.cell(file, n, c, what, value)

                    value = _parse_cell(col, raw, report)
                    if value is not None:
                        row[col_name] = value
                    else:
                        row[col_name] = _INVALID
                for col in columns.values():
                    if col.required and col.name not in row:
                        problems.cell(file, line, col, "a value is required")
                rows.append(row)
                lines.append(line)
    except UnicodeDecodeError:
        problems.add(f"{file}: not UTF-8 text")
        return None
    except csv.Error as e:
        problems.add(f"{file} line {reader.line_num}: malformed CSV: {e}")
        return None
    if header is None:
        if name in REQUIRED_FILES:
            problems.add(f"{file}: empty (no header line)")
        return None
    return _Table(file, rows, lines)


_INVALID = object()
"""Marks a cell already reported, so the row is skipped without a second message."""


def _check_header(
    file: str, header: list[str], columns: dict[str, Col], problems: _Problems, warn: Warn
) -> bool:
    ok = True
    seen: set[str] = set()
    for i, name in enumerate(header, start=1):
        if name in seen:
            problems.add(f"{file} line 1, column {name}: the column appears twice")
            ok = False
        seen.add(name)
        if name not in columns:
            warn(f"warning: {file}: extra column '{name}' (column {i}) ignored")
    for col in columns.values():
        if col.required and col.name not in seen:
            problems.add(f"{file} line 1: missing column '{col.name}'")
            ok = False
    return ok


def _to_model_data(name: str, row: dict[str, Any]) -> dict[str, Any]:
    """A row's columns as the model's fields (nested fields assembled)."""
    data = dict(row)
    if name == "practitioners" and "declared_gender" in data:
        data["declared"] = {"gender": data.pop("declared_gender")}
    if name == "cases":
        risk = {k: data.pop(k) for k in RISK_COLUMNS if k in data}
        if risk:
            if "women_factors" in risk:
                risk["women_factors"] = dict(risk["women_factors"])
            data["risk"] = risk
    return data


def _column_of(name: str, loc: tuple[Any, ...]) -> str | None:
    if not loc:
        return None
    first = str(loc[0])
    if name == "practitioners" and first == "declared":
        return "declared_gender"
    if name == "cases" and first == "risk":
        return str(loc[1]) if len(loc) > 1 else "rsr_pct"
    return first


def _validate_rows(table: _Table, name: str, problems: _Problems) -> list[BaseModel]:
    model = MODELS[name]
    columns = {c.name: c for c in TABLES[name]}
    out: list[BaseModel] = []
    for row, line in zip(table.rows, table.lines, strict=True):
        if any(v is _INVALID for v in row.values()):
            continue
        try:
            out.append(model.model_validate(_to_model_data(name, row)))
        except ValidationError as err:
            for e in err.errors(include_input=False, include_url=False):
                column = _column_of(name, tuple(e["loc"]))
                msg = str(e["msg"]).removeprefix("Value error, ")
                if column is None or column not in columns:
                    problems.add(f"{table.file} line {line}: {msg}")
                else:
                    problems.cell(table.file, line, columns[column], msg)
    return out


def _duplicates(table: _Table, name: str, problems: _Problems) -> None:
    column = ID_COLUMN.get(name, "id")
    first: dict[str, int] = {}
    for row, line in zip(table.rows, table.lines, strict=True):
        value = row.get(column)
        if not isinstance(value, str):
            continue
        if value in first:
            problems.add(
                f"{table.file} line {line}, column {column}: duplicate id '{value}' "
                f"(first on line {first[value]})"
            )
        else:
            first[value] = line


_PATH = re.compile(r"^(\w+)\[(\d+)\](?:\.(\w+))?(?:\[\d+\])?: (.*)$")


def locate(problems: list[str], lines: dict[str, list[int]]) -> list[str]:
    """Rewrite ``cases[3].pdu_id: ...`` problems as ``cases.csv line L, column pdu_id: ...``."""
    out = []
    for problem in problems:
        m = _PATH.match(problem)
        if not m or m.group(1) not in lines or int(m.group(2)) >= len(lines[m.group(1)]):
            out.append(problem)
            continue
        table, index, column, message = m.group(1), int(m.group(2)), m.group(3), m.group(4)
        where = f"{table}.csv line {lines[table][index]}"
        out.append(f"{where}, column {column}: {message}" if column else f"{where}: {message}")
    return out


def _read_meta(folder: Path, problems: _Problems) -> dict[str, Any] | None:
    toml_path, json_path = folder / "scenario.toml", folder / "scenario.json"
    if toml_path.exists() and json_path.exists():
        problems.add("scenario.toml and scenario.json: give one, not both")
        return None
    if toml_path.exists():
        try:
            meta = tomllib.loads(toml_path.read_text(encoding="utf-8-sig"))
        except tomllib.TOMLDecodeError as e:
            problems.add(f"scenario.toml: malformed TOML: {e}")
            return None
        file = "scenario.toml"
    elif json_path.exists():
        try:
            meta = json.loads(json_path.read_text(encoding="utf-8-sig"))
        except json.JSONDecodeError as e:
            problems.add(
                f"scenario.json: line {e.lineno}, column {e.colno}: malformed JSON: {e.msg}"
            )
            return None
        if not isinstance(meta, dict):
            problems.add("scenario.json: must be a JSON object with date and name")
            return None
        file = "scenario.json"
    else:
        problems.add(f"scenario.toml or scenario.json: missing from {folder} (it gives the date)")
        return None
    allowed = ("schema_version", "name", "date")
    for key in meta:
        if key not in allowed:
            problems.add(f"{file}: unknown key '{key}' (known: {', '.join(allowed)})")
    if "date" not in meta:
        problems.add(f"{file}: date: a value is required (YYYY-MM-DD)")
        return None
    when = meta["date"]
    if isinstance(when, str):
        parsed = _parse_date(when)
        if parsed is None:
            problems.add(f"{file}: date: '{when}' is not a date (YYYY-MM-DD)")
            return None
        meta["date"] = parsed
    elif not isinstance(when, date):
        problems.add(f"{file}: date: is not a date (YYYY-MM-DD)")
        return None
    return {k: v for k, v in meta.items() if k in allowed}


def _read_policy(folder: Path, problems: _Problems) -> Policy | None:
    from allocator.io.policy_files import policy_from_data, read_policy

    toml_path, json_path = folder / "policy.toml", folder / "policy.json"
    if toml_path.exists() and json_path.exists():
        problems.add("policy.toml and policy.json: give one, not both")
        return None
    try:
        if json_path.exists():
            return read_policy(json_path)
        if toml_path.exists():
            try:
                raw = tomllib.loads(toml_path.read_text(encoding="utf-8-sig"))
            except tomllib.TOMLDecodeError as e:
                problems.add(f"policy.toml: malformed TOML: {e}")
                return None
            return policy_from_data(raw, "policy.toml")
    except InputError as err:
        problems.items.extend(err.problems)
    return None


def read_scenario_folder_lines(
    folder: Path, warn: Warn | None = None
) -> tuple[Scenario, dict[str, list[int]]]:
    """The scenario in ``folder`` and, per table, the line each row starts on.

    Raises InputError listing every problem found (file, line and column each).
    """
    warn = warn or _stderr
    if not folder.is_dir():
        raise InputError([f"{folder}: no such folder"])
    problems = _Problems()
    meta = _read_meta(folder, problems)
    policy = _read_policy(folder, problems)
    tables: dict[str, _Table] = {}
    for name in TABLES:
        table = _read_table(folder, name, problems, warn)
        if table is not None:
            tables[name] = table
            _duplicates(table, name, problems)
    validated: dict[str, list[BaseModel]] = {}
    for name, table in tables.items():
        validated[name] = _validate_rows(table, name, problems)
    if problems.items or meta is None:
        raise InputError(problems.items or [f"{folder}: no scenario metadata"])
    lines = {name: table.lines for name, table in tables.items()}
    data = {
        **meta,
        **{name: validated.get(name, []) for name in TABLES},
        "policy": policy,
    }
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as err:
        described = [p.removeprefix(": ") for p in describe_validation_error("", err)]
        raise InputError(locate(described, lines)) from None
    return scenario, lines


def read_scenario_folder(folder: Path, warn: Warn | None = None) -> Scenario:
    """The scenario in a folder of CSV files; every problem names file, line and column.

    Extra columns go to ``warn`` (default: a line on stderr) and are ignored.
    """
    return read_scenario_folder_lines(folder, warn)[0]


# --- writing ------------------------------------------------------------------------------


def _cell(col: Col, value: Any) -> str:
    if value is None:
        return ""
    kind = col.kind
    if kind == "bool":
        return "true" if value else "false"
    if kind == "float":
        return repr(float(value))
    if kind in ("int", "int_enum"):
        return str(int(value))
    if kind in ("str", "enum"):
        return str(value.value if isinstance(value, Enum) else value)
    if kind == "date":
        return str(value.isoformat())
    if kind in ("list", "enum_list"):
        return join_list([str(v.value if isinstance(v, Enum) else v) for v in value])
    if kind == "absences":
        return join_list([f"{a.start.isoformat()}..{a.end.isoformat()}:{a.kind}" for a in value])
    if kind == "preferences":
        return join_list([f"{p.characteristic}={p.value}" for p in value])
    if kind == "needs":
        return join_list([f"{n.area.value}:{n.severity.value}" for n in value])
    if kind == "women":
        factors = [f for f in WOMEN_FACTORS if getattr(value, f)]
        return join_list(factors) if factors else WOMEN_NONE
    raise AssertionError(f"unknown column kind {kind}")


def _row_values(name: str, item: BaseModel) -> dict[str, Any]:
    values = {c.name: getattr(item, c.name, None) for c in TABLES[name]}
    if isinstance(item, Practitioner):
        values["declared_gender"] = item.declared.gender
    if isinstance(item, Case):
        for k in RISK_COLUMNS:
            values[k] = getattr(item.risk, k) if item.risk is not None else None
    return values


def write_scenario_folder(scenario: Scenario, folder: Path) -> None:
    """Write ``scenario`` as a CSV folder that ``read_scenario_folder`` reads back equal.

    Files this module owns are replaced; other files in ``folder`` are left alone.
    """
    if folder.exists() and not folder.is_dir():
        raise InputError([f"{folder}: exists and is not a folder"])
    folder.mkdir(parents=True, exist_ok=True)
    lists: dict[str, list[Any]] = {
        "pdus": scenario.pdus,
        "pods": scenario.pods,
        "offices": scenario.offices,
        "practitioners": scenario.practitioners,
        "holdings": scenario.holdings,
        "cases": scenario.cases,
    }
    for name, items in lists.items():
        columns = TABLES[name]
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow([c.name for c in columns])
            for item in items:
                values = _row_values(name, item)
                writer.writerow([_cell(c, values[c.name]) for c in columns])
    meta = {
        "schema_version": scenario.schema_version,
        "name": scenario.name,
        "date": scenario.date.isoformat(),
    }
    (folder / "scenario.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    for stale in ("scenario.toml", "policy.toml", "policy.json"):
        (folder / stale).unlink(missing_ok=True)
    if scenario.policy is not None:
        text = json.dumps(scenario.policy.model_dump(mode="json"), indent=2) + "\n"
        (folder / "policy.json").write_text(text, encoding="utf-8")
