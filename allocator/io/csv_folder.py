"""A scenario as a folder of CSV files: the project's own flat format, read through the models.

Files (UTF-8, a BOM and Windows line endings accepted, RFC 4180 quoting): ``pdus.csv``,
``pods.csv``, ``offices.csv`` (optional), ``practitioners.csv``, ``holdings.csv`` (optional),
``cases.csv``, ``scenario.toml`` or ``scenario.json`` (``date`` YYYY-MM-DD and ``name``), and
``policy.toml`` or ``policy.json`` (optional; in full or as ``extends = "default"``). A court
day adds ``courts.csv`` and ``court_teams.csv`` (tables of their models), ``court_rota.csv`` and
``reports.csv`` (``allocator.io.csv_court``); with ``reports.csv``, ``cases.csv`` is optional.

The columns of each file are the fields of its model (``models``), in the model's order, so a
field added to a model is a column here with no change to this module. The model validates
every cell (types, ranges, allowed values); this module says only what a flat file needs and
the models cannot:

- an empty cell is "not given": the field's default;
- a list is ``;``-separated (``mappa;omic``); a literal ``;`` or ``\\`` in an item is
  written ``\\;`` or ``\\\\``;
- nested models are flattened: the practitioner's ``declared`` characteristics are
  ``declared_<name>`` columns, a case's ``risk`` facts are columns of their own names at the
  end of ``cases.csv`` (all empty: no risk facts; ``mandate_for_change`` and
  ``valid_assessment`` are always written when a case has them);
- ``absences``: ``start..end:kind`` items, for example
  ``2026-11-20..2026-11-24:leave;2026-11-30:training`` (a single date is a one-day absence, a
  missing kind is ``leave``);
- ``preferences``: ``characteristic=value`` items, for example ``gender=female``;
- ``needs``: ``area:severity`` items, for example ``accommodation:standard;attitudes:severe``;
- ``women_factors``: the factors that apply, or ``none`` when assessed and none applies;
- any other list of records (a practitioner's dated ``reductions``, ``reports`` and
  ``adjustments``, a holding's ``contacts_by_others``) is a JSON array in one cell, for example
  ``[{"reason": "trade_union", "hours": 5}]``, validated by its model like every other cell;
- a required field that may be null (a holding's ``tier``: null is untiered) reads an empty
  cell as null.

Every problem names the file, the line and the column; the values of special-category fields
(``allocator.io.tables.SPECIAL_CATEGORY``) are never repeated. Extra columns are reported through
``warn`` and ignored.
"""

import json
import sys
import tomllib
import typing
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from allocator.io import csv_court
from allocator.io.errors import InputError
from allocator.io.json_files import TOO_DEEP
from allocator.io.sheets import Sheet, read_csv
from allocator.io.tables import Origin, Record, build_scenario, is_special, validate_records
from allocator.io.tables import locate as locate_records
from models import Policy, Scenario
from models.case import Case, RiskFacts, WomenFactors
from models.court import Court, CourtTeam
from models.staff import DeclaredCharacteristics, Holding, Office, Pdu, Pod, Practitioner

Warn = Callable[[str], None]

MODELS: dict[str, type[BaseModel]] = {
    "pdus": Pdu,
    "pods": Pod,
    "offices": Office,
    "practitioners": Practitioner,
    "holdings": Holding,
    "cases": Case,
    "courts": Court,
    "court_teams": CourtTeam,
}
REQUIRED_FILES = ("pdus", "pods", "practitioners", "cases")
"""Files a folder must have; ``cases.csv`` may be left out when ``reports.csv`` is given."""
ID_COLUMN = {"holdings": "case_id"}
NOT_IN_FILES = {
    "cases": ("rejected_practitioners", "report"),
    "practitioners": ("court_rota",),
}
"""Fields that are never columns of their model's file: a day's decisions (not of an export),
and the court rota and report requests, which have files of their own (``csv_court``)."""
FLATTENED: dict[str, tuple[str, str, type[BaseModel]]] = {
    "declared": ("declared_", "inline", DeclaredCharacteristics),
    "risk": ("", "end", RiskFacts),
}
"""Nested models written as columns: field -> (column prefix, where the columns go, model)."""
WOMEN_NONE = "none"
WOMEN_FACTORS = tuple(WomenFactors.model_fields)
ABSENCE_KINDS = ("leave", "sickness", "training", "other")


@dataclass(frozen=True)
class Column:
    """One column: its name and the dotted model field it fills."""

    name: str
    path: str


def columns(table: str) -> tuple[Column, ...]:
    """The columns of ``table``'s file, derived from its model's fields."""
    model = MODELS[table]
    inline: list[Column] = []
    end: list[Column] = []
    for name in model.model_fields:
        if name in NOT_IN_FILES.get(table, ()):
            continue
        if name in FLATTENED:
            prefix, where, sub = FLATTENED[name]
            cols = [Column(prefix + s, f"{name}.{s}") for s in sub.model_fields]
            (inline if where == "inline" else end).extend(cols)
        else:
            inline.append(Column(name, name))
    return (*inline, *end)


def _required(table: str) -> set[str]:
    return {n for n, f in MODELS[table].model_fields.items() if f.is_required()}


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


# --- the cell grammar the models cannot say -------------------------------------------------


class _Bad(Exception):
    """A cell outside the flat-file grammar; ``what`` says what was expected."""

    def __init__(self, what: str) -> None:
        self.what = what


def _absences(text: str) -> list[dict[str, str]]:
    out = []
    for item in split_list(text):
        span, _, kind = item.rpartition(":") if ":" in item else (item, "", "leave")
        first, dots, last = span.partition("..")
        if not first.strip():
            raise _Bad("is not start..end:kind with dates YYYY-MM-DD")
        out.append(
            {
                "start": first.strip(),
                "end": (last if dots else first).strip(),
                "kind": kind.strip() or "leave",
            }
        )
    return out


def _pairs(text: str, sep: str, keys: tuple[str, str], what: str) -> list[dict[str, str]]:
    out = []
    for item in split_list(text):
        left, found, right = item.partition(sep)
        if not found or not left.strip() or not right.strip():
            raise _Bad(what)
        out.append({keys[0]: left.strip(), keys[1]: right.strip()})
    return out


def _women(text: str) -> dict[str, bool]:
    items = split_list(text)
    if items == [WOMEN_NONE]:
        return {}
    if any(i not in WOMEN_FACTORS for i in items):
        raise _Bad(f"is not a list of {', '.join((*WOMEN_FACTORS, WOMEN_NONE))}")
    return dict.fromkeys(items, True)


GRAMMARS = ("absences", "preferences", "needs", "women_factors")
GIVEN_EMPTY = ("registrations", "convictions")
"""Optional lists whose emptiness means something (no registrations, no current conviction):
written ``[]``, where an empty cell means "not given"."""
"""Fields with a cell grammar of their own (above); any other list of records is a JSON cell."""


def _owner(table: str, column: Column) -> type[BaseModel]:
    if "." in column.path:
        return FLATTENED[column.path.split(".", 1)[0]][2]
    return MODELS[table]


def _shape(table: str, column: Column) -> str:
    """``list``, ``records`` (a list of records: a JSON cell), ``record`` (one nested record,
    such as a case's assessment: a JSON object cell) or ``scalar``."""
    leaf = column.path.rsplit(".", 1)[-1]
    annotation = _owner(table, column).model_fields[leaf].annotation
    given = [a for a in typing.get_args(annotation) if a is not type(None)]
    if type(None) in typing.get_args(annotation) and len(given) == 1:
        annotation = given[0]  # an optional field reads as its type; an empty cell is None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel) and leaf not in GRAMMARS:
        return "record"
    if typing.get_origin(annotation) is not list:
        return "scalar"
    (item,) = typing.get_args(annotation)
    if isinstance(item, type) and issubclass(item, BaseModel) and leaf not in GRAMMARS:
        return "records"
    return "list"


def _nullable_required(table: str, column: Column) -> bool:
    """A required field that accepts None (a holding's tier): an empty cell is None."""
    leaf = column.path.rsplit(".", 1)[-1]
    info = _owner(table, column).model_fields[leaf]
    return info.is_required() and type(None) in typing.get_args(info.annotation)


def _records_cell(text: str) -> list[Any]:
    try:
        value = json.loads(text)
    except (json.JSONDecodeError, RecursionError):  # a cell nested thousands deep
        raise _Bad("is not a JSON list of records") from None
    if not isinstance(value, list):
        raise _Bad("is not a JSON list of records")
    return value


def _record_cell(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except (json.JSONDecodeError, RecursionError):  # a cell nested thousands deep
        raise _Bad("is not a JSON record") from None
    if not isinstance(value, dict):
        raise _Bad("is not a JSON record")
    return value


def _cell_value(table: str, column: Column, text: str) -> Any:
    """The model data for one non-empty cell: the text, a list, or a grammar's dicts."""
    leaf = column.path.rsplit(".", 1)[-1]
    if leaf == "absences":
        return _absences(text)
    if leaf == "preferences":
        return _pairs(text, "=", ("characteristic", "value"), "is not characteristic=value")
    if leaf == "needs":
        return _pairs(text, ":", ("area", "severity"), "is not area:severity")
    if leaf == "women_factors":
        return _women(text)
    shape = _shape(table, column)
    if shape == "records":
        return _records_cell(text)
    if shape == "record":
        return _record_cell(text)
    return split_list(text) if shape == "list" else text


# --- reading ------------------------------------------------------------------------------


def _check_header(
    sheet: Sheet, table: str, known: dict[str, Column], problems: list[str], warn: Warn
) -> bool:
    ok = True
    seen: set[str] = set()
    for i, name in enumerate(sheet.header, start=1):
        if name in seen:
            problems.append(f"{sheet.file} line 1, column {name}: the column appears twice")
            ok = False
        seen.add(name)
        if name not in known:
            warn(f"warning: {sheet.file}: extra column '{name}' (column {i}) ignored")
    for name in MODELS[table].model_fields:
        if name in _required(table) and name not in seen:
            problems.append(f"{sheet.file} line 1: missing column '{name}'")
            ok = False
    return ok


def _records(sheet: Sheet, table: str, problems: list[str]) -> list[Record]:
    """Each row as a Record; a row with a cell outside the grammar is reported and dropped."""
    known = {c.name: c for c in columns(table)}
    model = MODELS[table]
    out: list[Record] = []
    for row in sheet.rows:
        if too_long := csv_court.row_too_long(sheet, row):
            problems.append(too_long)
            continue
        origin = Origin(sheet.file, row.number, None, "line")
        record = Record({}, origin)
        bad = False
        for name, raw in zip(sheet.header, row.cells, strict=False):
            column = known.get(name)
            if column is None:
                continue
            if raw.strip() == "":
                if _nullable_required(table, column):
                    record.fields[column.path] = Origin(sheet.file, row.number, name, "line")
                    record.data[column.path] = None
                continue
            record.fields[column.path] = Origin(sheet.file, row.number, name, "line")
            try:
                value = _cell_value(table, column, raw.strip())
            except _Bad as e:
                if is_special(model, column.path):
                    what = f"is not a valid value ({e.what.removeprefix('is not ')})"
                else:
                    what = f"'{raw.strip()}' {e.what}"
                problems.append(f"{origin.describe(name)}: {what}")
                bad = True
                continue
            head, _, leaf = column.path.partition(".")
            if leaf:
                record.data.setdefault(head, {})[leaf] = value
            else:
                record.data[head] = value
        if not bad:
            out.append(record)
    return out


def _duplicates(table: str, records: list[Record], problems: list[str]) -> None:
    column = ID_COLUMN.get(table, "id")
    first: dict[str, int | None] = {}
    for record in records:
        value = record.data.get(column)
        if not isinstance(value, str):
            continue
        if value in first:
            problems.append(
                f"{record.origin.describe(column)}: duplicate id '{value}' "
                f"(first on line {first[value]})"
            )
        else:
            first[value] = record.origin.row


def locate(problems: list[str], lines: dict[str, list[int]]) -> list[str]:
    """Rewrite ``cases[3].pdu_id: ...`` problems as ``cases.csv line L, column pdu_id: ...``."""
    records = {
        table: [Record({}, Origin(f"{table}.csv", n, None, "line")) for n in numbers]
        for table, numbers in lines.items()
    }
    return locate_records(problems, records)


def _read_meta(folder: Path, problems: list[str]) -> dict[str, Any] | None:
    toml_path, json_path = folder / "scenario.toml", folder / "scenario.json"
    if toml_path.exists() and json_path.exists():
        problems.append("scenario.toml and scenario.json: give one, not both")
        return None
    if toml_path.exists():
        try:
            meta = tomllib.loads(toml_path.read_text(encoding="utf-8-sig"))
        except tomllib.TOMLDecodeError as e:
            problems.append(f"scenario.toml: malformed TOML: {e}")
            return None
        except RecursionError:
            problems.append(f"scenario.toml: {TOO_DEEP}")
            return None
        file = "scenario.toml"
    elif json_path.exists():
        try:
            meta = json.loads(json_path.read_text(encoding="utf-8-sig"))
        except json.JSONDecodeError as e:
            problems.append(
                f"scenario.json: line {e.lineno}, column {e.colno}: malformed JSON: {e.msg}"
            )
            return None
        except RecursionError:
            problems.append(f"scenario.json: {TOO_DEEP}")
            return None
        if not isinstance(meta, dict):
            problems.append("scenario.json: must be a JSON object with date and name")
            return None
        file = "scenario.json"
    else:
        problems.append(
            f"scenario.toml or scenario.json: missing from {folder} (it gives the date)"
        )
        return None
    allowed = ("schema_version", "name", "date")
    for key in meta:
        if key not in allowed:
            problems.append(f"{file}: unknown key '{key}' (known: {', '.join(allowed)})")
    if "date" not in meta:
        problems.append(f"{file}: date: a value is required (YYYY-MM-DD)")
        return None
    when = meta["date"]
    if isinstance(when, str):
        try:
            parsed = date.fromisoformat(when) if len(when) == 10 else None
        except ValueError:
            parsed = None
        if parsed is None:
            problems.append(f"{file}: date: '{when}' is not a date (YYYY-MM-DD)")
            return None
        meta["date"] = parsed
    elif not isinstance(when, date):
        problems.append(f"{file}: date: is not a date (YYYY-MM-DD)")
        return None
    return {k: v for k, v in meta.items() if k in allowed}


def _read_policy(folder: Path, problems: list[str]) -> Policy | None:
    from allocator.io.policy_files import policy_from_data, read_policy

    toml_path, json_path = folder / "policy.toml", folder / "policy.json"
    if toml_path.exists() and json_path.exists():
        problems.append("policy.toml and policy.json: give one, not both")
        return None
    try:
        if json_path.exists():
            return read_policy(json_path)
        if toml_path.exists():
            try:
                raw = tomllib.loads(toml_path.read_text(encoding="utf-8-sig"))
            except tomllib.TOMLDecodeError as e:
                problems.append(f"policy.toml: malformed TOML: {e}")
                return None
            except RecursionError:
                problems.append(f"policy.toml: {TOO_DEEP}")
                return None
            return policy_from_data(raw, "policy.toml")
    except InputError as err:
        problems.extend(err.problems)
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
    problems: list[str] = []
    meta = _read_meta(folder, problems)
    policy = _read_policy(folder, problems)
    records: dict[str, list[Record]] = {}
    has_reports = (folder / csv_court.REPORTS_FILE).exists()
    for table in MODELS:
        path = folder / f"{table}.csv"
        if not path.exists():
            if table in REQUIRED_FILES and not (table == "cases" and has_reports):
                problems.append(f"{table}.csv: missing from {folder}")
            continue
        try:
            sheet = read_csv(path, unit="line")
        except InputError as err:
            if table in REQUIRED_FILES or "empty" not in err.problems[0]:
                problems.extend(err.problems)
            continue
        if not _check_header(sheet, table, {c.name: c for c in columns(table)}, problems, warn):
            continue
        records[table] = _records(sheet, table, problems)
        _duplicates(table, records[table], problems)
    _read_court_files(folder, records, problems, warn)
    validated: dict[str, list[Any]] = {}
    for table, rows in records.items():
        items, found = validate_records(MODELS[table], rows)
        validated[table] = items
        problems.extend(found)
    if problems or meta is None:
        raise InputError(problems or [f"{folder}: no scenario metadata"])
    tables = {table: validated.get(table, []) for table in MODELS}
    scenario = build_scenario({**meta, "policy": policy}, tables, records)
    return scenario, {table: [r.origin.row or 0 for r in rs] for table, rs in records.items()}


def _read_court_sheet(
    path: Path, known: tuple[str, ...], problems: list[str], warn: Warn
) -> Sheet | None:
    """One of the court files, if the folder has it and it reads: its problems into
    ``problems``, a warning for each column it does not know."""
    if not path.exists():
        return None
    try:
        sheet = read_csv(path, unit="line")
    except InputError as err:
        problems.extend(err.problems)
        return None
    for message in csv_court.extra_columns(sheet, known):
        warn(message)
    return sheet


def _read_court_files(
    folder: Path, records: dict[str, list[Record]], problems: list[str], warn: Warn
) -> None:
    """The rota into the practitioners' records and the report requests into the cases'."""
    rota = _read_court_sheet(folder / csv_court.ROTA_FILE, csv_court.ROTA_COLUMNS, problems, warn)
    if rota is not None:
        csv_court.add_rota(rota, records.get("practitioners", []), problems, split_list)
    known = tuple(c.name for c in csv_court.REPORT_COLUMNS)
    reports = _read_court_sheet(folder / csv_court.REPORTS_FILE, known, problems, warn)
    if reports is not None:
        found = csv_court.report_records(reports, problems, split_list)
        if found is not None:
            records.setdefault("cases", []).extend(found)


def read_scenario_folder(folder: Path, warn: Warn | None = None) -> Scenario:
    """The scenario in a folder of CSV files; every problem names file, line and column.

    Extra columns go to ``warn`` (default: a line on stderr) and are ignored.
    """
    return read_scenario_folder_lines(folder, warn)[0]


# --- writing ------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _cell(column: Column, value: Any) -> str:
    """The cell that ``_cell_value`` reads back as ``value``."""
    leaf = column.path.rsplit(".", 1)[-1]
    if value is None:
        return ""
    if leaf == "absences":
        return join_list([f"{a.start.isoformat()}..{a.end.isoformat()}:{a.kind}" for a in value])
    if leaf == "preferences":
        return join_list([f"{p.characteristic}={p.value}" for p in value])
    if leaf == "needs":
        return join_list([f"{n.area.value}:{n.severity.value}" for n in value])
    if leaf == "women_factors":
        factors = [f for f in WOMEN_FACTORS if getattr(value, f)]
        return join_list(factors) if factors else WOMEN_NONE
    if isinstance(value, list) and value and isinstance(value[0], BaseModel):
        return json.dumps([v.model_dump(mode="json", exclude_defaults=True) for v in value])
    if isinstance(value, list) and leaf in GIVEN_EMPTY:
        return "[]"
    if isinstance(value, BaseModel):
        return json.dumps(value.model_dump(mode="json", exclude_defaults=True))
    if isinstance(value, list):
        return join_list([_text(v) for v in value])
    return _text(value)


def _value(item: BaseModel, column: Column) -> Any:
    value: Any = item
    for part in column.path.split("."):
        value = getattr(value, part, None) if value is not None else None
    return value


def write_scenario_folder(scenario: Scenario, folder: Path) -> None:
    """Write ``scenario`` as a CSV folder that ``read_scenario_folder`` reads back equal.

    Files this module owns are replaced; other files in ``folder`` are left alone.
    """
    import csv

    if folder.exists() and not folder.is_dir():
        raise InputError([f"{folder}: exists and is not a folder"])
    folder.mkdir(parents=True, exist_ok=True)
    for table in MODELS:
        cols = columns(table)
        items = getattr(scenario, table)
        if table == "cases":
            items = [c for c in items if c.report is None]  # requests go to reports.csv
        with (folder / f"{table}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow([c.name for c in cols])
            for item in items:
                writer.writerow([_cell(c, _value(item, c)) for c in cols])
    _write_court_files(scenario, folder)
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


def _write_court_files(scenario: Scenario, folder: Path) -> None:
    """court_rota.csv and reports.csv, as ``_read_court_files`` reads them back."""
    import csv

    with (folder / csv_court.ROTA_FILE).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(csv_court.ROTA_COLUMNS)
        for p in scenario.practitioners:
            for sitting in p.court_rota:
                writer.writerow(
                    [
                        p.id,
                        sitting.court_id,
                        sitting.on.isoformat(),
                        csv_court.held_cell(sitting.reports_held, join_list),
                    ]
                )
    with (folder / csv_court.REPORTS_FILE).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow([c.name for c in csv_court.REPORT_COLUMNS])
        for case in scenario.cases:
            if case.report is None:
                continue
            row = []
            for column in csv_court.REPORT_COLUMNS:
                value = _value(case, Column(column.name, column.path))
                if column.is_list:
                    row.append(join_list([_text(v) for v in value]) if value else "")
                else:
                    row.append(_text(value))
            writer.writerow(row)
