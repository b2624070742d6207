"""Import profiles: how one region's exports name the models' fields (docs/import.md).

A profile is a TOML file read into ``Profile`` (unknown keys refused). It has *sources*, one per
export file or workbook sheet, and each source fills one or more *tables* (the scenario's
``cases``, ``practitioners``, ``holdings``, ``pods``, ``pdus``, ``offices``) by mapping model
fields (dotted for nested ones: ``risk.rsr_pct``) to column names, relabelling cells
case-insensitively (``"Probation Officer" = "PO"``, a registration code to a flag, or to ``""``
for "known, not used"), and giving explicit defaults. Dates are read in the profile's
``date_format`` (UK ``%d/%m/%Y`` unless it says otherwise).

A profile is checked whole when loaded: every field it names exists and can come from a cell,
every required field of a table is mapped or defaulted, and every safety-relevant field
(``SAFETY_FIELDS``) is mapped or explicitly defaulted, so that an export can never leave a RoSH
level or a MAPPA category silently "not known".
"""

import tomllib
import types
import typing
from enum import Enum
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from allocator.io.errors import InputError, describe_validation_error
from models import Case, Holding, Office, Pdu, Pod, Practitioner

TableName = Literal["pdus", "pods", "offices", "practitioners", "holdings", "cases"]
TABLE_MODELS: dict[str, type[BaseModel]] = {
    "pdus": Pdu,
    "pods": Pod,
    "offices": Office,
    "practitioners": Practitioner,
    "holdings": Holding,
    "cases": Case,
}
KEY_FIELD = {"holdings": "case_id"}
"""The field that identifies a row of a table (``id`` unless named here)."""

_SAFETY_CANDIDATES: dict[str, tuple[str, ...]] = {
    "cases": (
        "rosh",
        "risk_assessment",
        "mappa_category",
        "mappa_level",
        "dif_complete",
        "needs_visor",
    ),
    "offices": ("suitable_for_high_risk",),
}
SAFETY_FIELDS: dict[str, tuple[str, ...]] = {
    table: tuple(f for f in names if f in TABLE_MODELS[table].model_fields)
    for table, names in _SAFETY_CANDIDATES.items()
}
"""Fields a profile must map or default explicitly: the model's own default (not assessed, not
MAPPA, DIF complete, no ViSOR need, a suitable office) must never be assumed for an export."""

DERIVED_FROM: dict[str, tuple[str, ...]] = {
    "needs_visor": ("mappa_category", "mappa_level"),
    "risk_assessment": ("rosh",),
}
"""Safety fields the engine derives when not given (the model then accepts null for them):
mapping what they are derived from is enough."""


def _derivable(model: type[BaseModel], name: str, given: set[str]) -> bool:
    """True when ``name`` may be left to the engine: its model accepts null for it (the engine
    derives it) and every field it is derived from is mapped or defaulted."""
    sources = DERIVED_FROM.get(name)
    if not sources or name not in model.model_fields:
        return False
    nullable = type(None) in typing.get_args(model.model_fields[name].annotation)
    return nullable and all(s in given for s in sources)


Scalar = str | bool | int | float


class TableMap(BaseModel):
    """How one source's rows fill one table."""

    model_config = ConfigDict(extra="forbid")

    columns: dict[str, str] = Field(
        default_factory=dict, description="Model field (dotted for nested) -> column name."
    )
    defaults: dict[str, Scalar] = Field(
        default_factory=dict,
        description="Model field -> value used when the field has no column or an empty cell; "
        "'' means the model's own 'not given'.",
    )
    labels: dict[str, dict[str, str]] = Field(
        default_factory=dict,
        description="Model field -> {label or code: model value}; matched case-insensitively. "
        "A value of '' drops a list item or leaves a field not given.",
    )
    distinct: bool = Field(
        False, description="One row per distinct key (units named on every row of an export)."
    )
    merge: bool = Field(
        False,
        description="Rows add fields to the records of the same key from another source "
        "(a workload export adding hours to the staff export's practitioners).",
    )


class Source(BaseModel):
    """One export: a CSV file or a workbook sheet, and the tables its rows fill."""

    model_config = ConfigDict(extra="forbid")

    description: str = ""
    sheet: str | None = Field(None, description="The sheet's name in a workbook.")
    date_format: str | None = Field(None, description="Overrides the profile's date format.")
    list_separator: str | None = Field(None, description="Overrides the profile's separator.")
    required: bool = Field(
        False,
        description="An import must include this export (even with no data rows): its absence "
        "would otherwise read as 'nothing to add' (no one absent).",
    )
    pdus: TableMap | None = None
    pods: TableMap | None = None
    offices: TableMap | None = None
    practitioners: TableMap | None = None
    holdings: TableMap | None = None
    cases: TableMap | None = None

    def tables(self) -> dict[str, TableMap]:
        """The tables this source fills, in the order they are read."""
        return {t: m for t in TABLE_MODELS if (m := getattr(self, t)) is not None}

    def columns(self) -> set[str]:
        """Every column this source's tables read (case-folded)."""
        return {fold(c) for m in self.tables().values() for c in m.columns.values()}


class Profile(BaseModel):
    """A named set of sources; ``include`` adds the sources of other profiles."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    description: str = ""
    date_format: str = Field("%d/%m/%Y", description="strftime format of date cells.")
    list_separator: str = Field(";", min_length=1, description="Separator of list cells.")
    include: list[str] = Field(default_factory=list, description="Profiles whose sources to add.")
    sources: dict[str, Source] = Field(default_factory=dict)


def fold(text: str) -> str:
    """A label or column name as compared: case-folded, inner whitespace collapsed."""
    return " ".join(text.split()).casefold()


# --- field introspection ---------------------------------------------------------------------


def _unwrap(annotation: Any) -> list[Any]:
    """The non-None members of an Optional/Union annotation."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return [a for a in typing.get_args(annotation) if a is not type(None)]
    return [annotation]


class FieldShape(BaseModel):
    """What a dotted field path is: a list or not, and its item type."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    is_list: bool
    item: Any
    record_list: str | None = None
    """For a field inside a list of records (``absences.start``): the list (``absences``).
    Each row then gives one record of that list."""
    nullable_required: bool = False
    """A field that must be given but may be null (a holding's tier: null is untiered): an
    empty cell is null, not missing."""

    def enum(self) -> type[Enum] | None:
        """The field's enum, if its items are one."""
        return self.item if isinstance(self.item, type) and issubclass(self.item, Enum) else None


def field_shape(model: type[BaseModel], path: str) -> FieldShape:
    """The shape of ``path`` in ``model``; ValueError if it is unknown or not cell-shaped."""
    owner: type[BaseModel] = model
    parts = path.split(".")
    record_list: str | None = None
    for i, part in enumerate(parts):
        if part not in owner.model_fields:
            raise ValueError(f"'{path}' is not a field of {model.__name__}")
        members = _unwrap(owner.model_fields[part].annotation)
        kind = members[0]
        if i < len(parts) - 1:
            if typing.get_origin(kind) is list and record_list is None:
                record_list = ".".join(parts[: i + 1])
                kind = typing.get_args(kind)[0]
            if not (isinstance(kind, type) and issubclass(kind, BaseModel)):
                raise ValueError(f"'{path}': '{part}' has no fields inside it")
            owner = kind
            continue
        is_list = typing.get_origin(kind) is list
        item = typing.get_args(kind)[0] if is_list else kind
        if isinstance(item, type) and issubclass(item, BaseModel):
            raise ValueError(
                f"'{path}' is a nested record and cannot come from one cell; map its fields"
                if not is_list
                else f"'{path}' is a list of records: map its fields ('{path}.<field>'), "
                "one record per row"
            )
        info = owner.model_fields[part]
        nullable = info.is_required() and type(None) in typing.get_args(info.annotation)
        return FieldShape(
            is_list=is_list, item=item, record_list=record_list, nullable_required=nullable
        )
    raise ValueError(f"'{path}' is empty")  # pragma: no cover


# --- loading -----------------------------------------------------------------------------------


def shipped_profiles() -> list[str]:
    """Names of the profiles shipped in allocator/data/profiles."""
    folder = resources.files("allocator").joinpath("data", "profiles")
    return sorted(
        p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml")
    )


def _text(spec: str) -> tuple[str, str]:
    """The TOML text of a shipped profile name or a path, and how to name it in messages."""
    if spec in shipped_profiles():
        path = resources.files("allocator").joinpath("data", "profiles", f"{spec}.toml")
        return path.read_text(encoding="utf-8"), f"profile {spec}"
    file = Path(spec)
    if not file.suffix and not file.exists():
        raise InputError(
            [f"{spec}: no such profile (shipped: {', '.join(shipped_profiles())}; or a path)"]
        )
    try:
        return file.read_text(encoding="utf-8-sig"), str(file)
    except FileNotFoundError:
        raise InputError([f"{spec}: no such file"]) from None
    except IsADirectoryError:
        raise InputError([f"{spec}: is a folder, expected a profile TOML file"]) from None
    except UnicodeDecodeError:
        raise InputError([f"{spec}: not UTF-8 text"]) from None


def load_profile(spec: str, _seen: tuple[str, ...] = ()) -> Profile:
    """The profile ``spec`` (shipped name or path) with its includes resolved and checked."""
    if spec in _seen:
        raise InputError([f"{spec}: includes itself (through {' -> '.join(_seen)})"])
    text, where = _text(spec)
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise InputError([f"{where}: malformed TOML: {e}"]) from None
    except RecursionError:
        raise InputError([f"{where}: nested too deeply to be a profile"]) from None
    try:
        profile = Profile.model_validate(raw)
    except ValidationError as err:
        raise InputError(describe_validation_error(where, err)) from None
    sources: dict[str, Source] = {}
    for name in profile.include:
        if (
            name not in shipped_profiles()
            and not Path(name).is_absolute()
            and spec not in (shipped_profiles())
        ):
            name = str(Path(spec).parent / name)  # a region's include is beside its profile
        included = load_profile(name, (*_seen, spec))
        for key, source in included.sources.items():
            if key in sources or key in profile.sources:
                raise InputError([f"{where}: source '{key}' is given twice (include {name})"])
            sources[key] = source
    for key, source in profile.sources.items():
        sources[key] = source.model_copy(
            update={
                "date_format": source.date_format or profile.date_format,
                "list_separator": source.list_separator or profile.list_separator,
            }
        )
    resolved = profile.model_copy(update={"sources": sources, "include": []})
    problems = profile_problems(resolved, where)
    if problems:
        raise InputError(problems)
    return resolved


def _label_problems(at: str, path: str, shape: FieldShape, labels: dict[str, str]) -> list[str]:
    """Labels whose target the field does not accept (a typo in a profile, found on loading
    rather than on every row of every export)."""
    check: TypeAdapter[Any] = TypeAdapter(shape.item)
    out = []
    for label, value in labels.items():
        if value == "":
            continue
        try:
            check.validate_python(value)
        except ValidationError as err:
            why = str(err.errors(include_url=False)[0]["msg"]).removeprefix("Input ")
            out.append(f"{at}: label '{label}' of {path} maps to '{value}', which {why}")
    return out


def profile_problems(profile: Profile, where: str) -> list[str]:
    """Every way the profile cannot import safely, each naming source, table and field."""
    problems: list[str] = []
    if not profile.sources:
        problems.append(f"{where}: no sources")
    for key, source in profile.sources.items():
        if not source.tables():
            problems.append(f"{where}: source '{key}' fills no table")
        for table, spec in source.tables().items():
            at = f"{where}: source '{key}', table {table}"
            model = TABLE_MODELS[table]
            named = [*spec.columns, *spec.defaults, *spec.labels]
            for path in dict.fromkeys(named):
                try:
                    shape = field_shape(model, path)
                except ValueError as e:
                    problems.append(f"{at}: {e}")
                    continue
                problems.extend(_label_problems(at, path, shape, spec.labels.get(path, {})))
            if spec.distinct and spec.merge:
                problems.append(f"{at}: distinct and merge cannot both be set")
            key_field = KEY_FIELD.get(table, "id")
            if key_field not in spec.columns:
                problems.append(f"{at}: the key field '{key_field}' has no column")
            given = {p.split(".")[0] for p in (*spec.columns, *spec.defaults)}
            if not spec.merge:
                for name, info in model.model_fields.items():
                    if info.is_required() and name not in given:
                        problems.append(
                            f"{at}: required field '{name}' is neither mapped nor defaulted"
                        )
                for name in SAFETY_FIELDS.get(table, ()):
                    if name in given or _derivable(model, name, given):
                        continue
                    if name not in spec.columns and name not in spec.defaults:
                        problems.append(
                            f"{at}: safety-relevant field '{name}' is neither mapped to a column "
                            "nor given an explicit default"
                        )
    return problems
