"""Rows of a table validated by the models, with problems named by file, sheet, row and column.

A reader (the CSV folder, a profile import) turns each row into a ``Record``: the field values
as the model names them (nested fields as nested dicts) and, per field, the cell it came from.
Each record is then validated by a pydantic ``TypeAdapter`` of the table's model, so the
models are the one statement of types, ranges and allowed values; this module only says where a
problem is and words it for an SPO. Every problem of every row is collected before any is
raised, and the value of a special-category field is never repeated in a message.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from allocator.io.errors import InputError, describe_validation_error
from models import Case, Holding, Practitioner, Scenario

SPECIAL_CATEGORY: dict[type[BaseModel], frozenset[str]] = {
    Case: frozenset(
        {
            "flags",
            "preferences",
            "risk.women_factors",
            "risk.complexity_registrations",
            "risk.needs",
            "risk.registrations",
            "risk.assessment",
            "risk.convictions",
            "report.facts",
        }
    ),
    Practitioner: frozenset(
        {
            "lived_experience",
            "declared",
            "readiness",
            "competencies",
            "no_new_cases_reason",
            "reductions",
        }
    ),
    Holding: frozenset({"flags"}),
}
"""Fields whose values are special-category data (offence-related registrations, health,
declared characteristics) or name it (readiness categories and competencies named after a
flag): a message may name the field and list an enumeration's values (the schema), but never
repeat the value given."""


def is_special(model: type[BaseModel], path: str) -> bool:
    """True when ``path`` (dotted, like ``risk.needs``) is or lies inside a special field."""
    return any(path == s or path.startswith(s + ".") for s in SPECIAL_CATEGORY.get(model, ()))


@dataclass(frozen=True)
class Origin:
    """Where a value came from: a place (file, sheet), a row and a column."""

    place: str
    row: int | None = None
    column: str | None = None
    unit: str = "row"

    def describe(self, column: str | None = None) -> str:
        """``file sheet 'S' row 4, column Grade``, with whichever parts are known."""
        out = self.place
        if self.row is not None:
            out += f" {self.unit} {self.row}"
        col = column if column is not None else self.column
        if col:
            out += f", column {col}"
        return out


@dataclass
class Record:
    """One row as model data, and the origin of the row and of each field given."""

    data: dict[str, Any]
    origin: Origin
    fields: dict[str, Origin] = field(default_factory=dict)
    date_hint: str | None = None
    """How this row writes dates, for messages (the table's default when None)."""

    def origin_of(self, path: str) -> Origin:
        """The cell a dotted field path came from; the row (column = leaf name) if unknown."""
        return self.locate(path)[0]

    def locate(self, path: str) -> tuple[Origin, str]:
        """The cell ``path`` came from, and where inside that cell (``item 2, hours``) when the
        path names a field inside it (a JSON record of the CSV folder)."""
        parts = path.split(".")
        for n in range(len(parts), 0, -1):
            found = self.fields.get(".".join(parts[:n]))
            if found is not None:
                rest = parts[n:]
                if all(p.isdigit() for p in rest):
                    return found, ""  # an item of a list cell: the cell says enough
                return found, ", ".join(f"item {int(p) + 1}" if p.isdigit() else p for p in rest)
        named = [p for p in parts if not p.isdigit()]
        column = named[-1] if named else None
        return Origin(self.origin.place, self.origin.row, column, self.origin.unit), ""


@cache
def adapter(model: type[BaseModel]) -> TypeAdapter[Any]:
    """The one TypeAdapter of a table's model."""
    return TypeAdapter(model)


def _allowed(expected: str) -> str:
    quoted = re.findall(r"'([^']*)'", expected)
    if quoted:
        return ", ".join(quoted)
    return expected.replace(" or ", ", ")


def wording(error: Any, special: bool, date_hint: str = "YYYY-MM-DD") -> str:
    """One pydantic error as an SPO reads it; the value is quoted only when not special."""
    kind = str(error["type"])
    msg = str(error["msg"])
    value = error.get("input")
    shown = (
        f"'{value}' "
        if not special and isinstance(value, str | int | float) and kind != "missing"
        else ""
    )
    if kind == "missing":
        return "a value is required"
    if kind == "extra_forbidden":
        return "is not a known field"
    if kind in ("enum", "literal_error"):
        allowed = _allowed(str(error.get("ctx", {}).get("expected", "")))
        if special:
            return f"is not a valid value (one of {allowed})"
        return f"{shown}is not one of {allowed}"
    if kind.startswith("int_"):
        text = "is not a whole number"
    elif kind.startswith("float_") or kind == "finite_number":
        text = "is not a number"
    elif kind.startswith("bool"):
        text = "is not one of true, false"
    elif kind.startswith("date"):
        text = f"is not a date ({date_hint})"
    elif kind == "value_error":
        return msg.removeprefix("Value error, ")
    else:
        text = msg.removeprefix("Input ")
    if special:
        return f"is not a valid value ({text.removeprefix('is not ')})"
    return f"{shown}{text}"


def _path(loc: Sequence[int | str]) -> str:
    """A pydantic location as a dotted path; list indexes kept (``absences.1.end``) so the row
    that gave that item is found."""
    return ".".join(str(p) for p in loc)


def row_problems(
    model: type[BaseModel], record: Record, err: ValidationError, date_hint: str = "YYYY-MM-DD"
) -> list[str]:
    """Every error of one row; problems with given cells first, then missing values."""
    given: list[str] = []
    missing: list[str] = []
    for e in err.errors(include_url=False):
        path = _path(e["loc"])
        text = wording(e, is_special(model, path), record.date_hint or date_hint)
        if path:
            origin, inside = record.locate(path)
            where = origin.describe() + (f" ({inside})" if inside else "")
        else:
            where = record.origin.describe()
        line = f"{where}: {text}"
        (missing if e["type"] == "missing" else given).append(line)
    return given + missing


def validate_records(
    model: type[BaseModel], records: Iterable[Record], date_hint: str = "YYYY-MM-DD"
) -> tuple[list[Any], list[str]]:
    """The valid items of ``records`` (in order) and every problem of the invalid ones."""
    items: list[Any] = []
    problems: list[str] = []
    check = adapter(model)
    for record in records:
        try:
            items.append(check.validate_python(record.data))
        except ValidationError as err:
            problems.extend(row_problems(model, record, err, date_hint))
    return items, problems


_SCENARIO_PATH = re.compile(r"^(\w+)\[(\d+)\]((?:\.\w+|\[\d+\])*): (.*)$")


def locate(problems: list[str], records: dict[str, list[Record]]) -> list[str]:
    """Rewrite ``cases[3].pdu_id: ...`` as the cell of that row and field, where it is known."""
    out = []
    for problem in problems:
        m = _SCENARIO_PATH.match(problem)
        if not m or m.group(1) not in records or int(m.group(2)) >= len(records[m.group(1)]):
            out.append(problem)
            continue
        record = records[m.group(1)][int(m.group(2))]
        # a nested path ('report.court_id', 'court_rota[1].on') finds the cell it came from
        column = re.sub(r"\[(\d+)\]", r".\1", m.group(3)).lstrip(".")
        message = m.group(4)
        where = record.origin_of(column).describe() if column else record.origin.describe()
        out.append(f"{where}: {message}")
    return out


def build_scenario(
    meta: dict[str, Any], tables: dict[str, list[Any]], records: dict[str, list[Record]]
) -> Scenario:
    """The scenario of validated tables; reference problems come back located by row."""
    try:
        return Scenario.model_validate({**meta, **tables})
    except ValidationError as err:
        described = [p.removeprefix(": ") for p in describe_validation_error("", err)]
        raise InputError(locate(described, records)) from None
