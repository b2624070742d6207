"""Change files: one restructure option as TOML, validated by pydantic models and applied to a
scenario.

The file's contents are a ``ChangeFile`` (``extra="forbid"``, like the rest of the input), so an
unknown key, a missing value or a wrong type is refused by the model, not by hand-written
checks. Every problem names the file, the line where the TOML parser or ``key_lines`` can place
it, and the key (``move[2].to_pod``); problems are collected, never stopped at the first, and
raised together as one ``InputError`` so that the CLI exits 2.
"""

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from allocator.io.errors import InputError, describe_validation_error
from models import Policy, Scenario
from models.scenario import reference_problems
from models.staff import Pod, Practitioner

PERIODS = ("none", "green", "amber", "red")
"""``none``: no migration date ahead, not a change period. green, amber, red: seed 001's
change periods before a region's migration date."""
CHANGE_PERIODS = ("green", "amber", "red")
CHECK_NAMES = ("ratio", "pqip_limit", "experienced_po", "spo", "lived_experience_spread")
STAFF_MOVE_CONTROL = "cases_move_not_staff"
"""Seed 001's control "cases move, not staff": the waiver name that lets a change file move
staff in a change period, with a reason that the report repeats."""
WAIVABLE = (*CHECK_NAMES, STAFF_MOVE_CONTROL)

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Move(_Table):
    """Move a practitioner (any grade) to a POD, in any PDU."""

    practitioner: Text = Field(description="The practitioner who moves.")
    to_pod: Text = Field(description="The POD they join.")


class NewPod(_Table):
    """A POD that the option adds."""

    id: Text = Field(description="Its id; must not exist yet.")
    name: Text | None = Field(None, description="Its name (default: the id).")
    pdu: Text = Field(description="An existing PDU.")


class Hours(_Table):
    """A change of contracted hours."""

    practitioner: Text = Field(description="Whose hours change.")
    contracted_hours: float = Field(ge=0, le=60, description="The new contracted hours.")


class Waiver(_Table):
    """An explicit, reasoned waiver of one composition check or of the staff-move control."""

    pod: Text = Field("*", description='A POD id, or "*" for every POD or an aggregate check.')
    check: Literal[WAIVABLE] = Field(  # type: ignore[valid-type]
        description="The check or control waived."
    )
    reason: Text = Field(description="Why; repeated in the report.")


class Keep(_Table):
    """An SPO rationale to keep an out-of-model holding with its holder until expiry."""

    case: Text = Field(description="The held case.")
    rationale: Text = Field(description="The SPO's recorded rationale.")


class ChangeFile(_Table):
    """The contents of one change file, key for key as written in TOML."""

    name: Text | None = Field(None, description="Label of the option (default: the file name).")
    period: Literal[PERIODS] = Field(  # type: ignore[valid-type]
        "none", description="none (no migration ahead), or seed 001's green, amber or red."
    )
    move: list[Move] = Field(default_factory=list)
    new_pod: list[NewPod] = Field(default_factory=list)
    hours: list[Hours] = Field(default_factory=list)
    policy: dict[str, Any] = Field(
        default_factory=dict, description="Merged onto the scenario's policy, key by key."
    )
    waiver: list[Waiver] = Field(default_factory=list)
    keep: list[Keep] = Field(default_factory=list)


@dataclass(frozen=True)
class Change:
    """One option: where it was read from and what it says."""

    source: str
    file: ChangeFile
    text: str = ""
    """The file's text, so that later problems (unknown ids) can name their line too."""

    @property
    def name(self) -> str:
        return self.file.name or Path(self.source).stem

    @property
    def period(self) -> str:
        return self.file.period

    @property
    def moves(self) -> list[Move]:
        return self.file.move

    @property
    def new_pods(self) -> list[NewPod]:
        return self.file.new_pod

    @property
    def hours(self) -> list[Hours]:
        return self.file.hours

    @property
    def policy(self) -> dict[str, Any]:
        return self.file.policy

    @property
    def waivers(self) -> list[Waiver]:
        return self.file.waiver

    @property
    def keeps(self) -> list[Keep]:
        return self.file.keep

    @property
    def in_change_period(self) -> bool:
        return self.period in CHANGE_PERIODS

    def waived(self, pod: str, check: str) -> Waiver | None:
        """The waiver covering ``check`` in ``pod`` (``pod = "*"`` covers every POD)."""
        for w in self.waivers:
            if w.check == check and w.pod in (pod, "*"):
                return w
        return None

    def staff_moves_waiver(self) -> Waiver | None:
        """The waiver of "cases move, not staff" (any POD), if the file has one."""
        return next((w for w in self.waivers if w.check == STAFF_MOVE_CONTROL), None)


_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-\"']+)\s*\]\]?")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+)\s*=")


def key_lines(text: str) -> dict[str, int]:
    """Line numbers (1-based) of tables and keys as a change file writes them.

    ``move[1]`` is the line of the second ``[[move]]`` header, ``move[1].to_pod`` the line of
    its ``to_pod``, ``policy.x`` a key under ``[policy]``, ``period`` a top-level key. Covers the
    layout the documentation shows (headers and ``key = value`` lines); a key written another
    way (an inline table) has no entry and its message names only the key.
    """
    out: dict[str, int] = {}
    counts: dict[str, int] = {}
    prefix = ""
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            name = header.group(2).strip("\"'")
            if header.group(1) == "[[":
                index = counts.get(name, 0)
                counts[name] = index + 1
                prefix = f"{name}[{index}]"
            else:
                prefix = name
            out.setdefault(prefix, number)
            continue
        key = _KEY.match(line)
        if key:
            out.setdefault(f"{prefix}.{key.group(1)}" if prefix else key.group(1), number)
    return out


def _line(key: str, lines: dict[str, int]) -> int | None:
    """The line of ``key``, else of the nearest table or key that contains it."""
    probe = key
    while probe:
        if probe in lines:
            return lines[probe]
        if "." in probe:
            probe = probe.rsplit(".", 1)[0]
        elif "[" in probe:
            probe = probe.split("[", 1)[0]
        else:
            return None
    return None


def _locate(problem: str, source: str, lines: dict[str, int]) -> str:
    """``source: key: message`` with the key's line: ``source: line N: key: message``."""
    head = f"{source}: "
    if not problem.startswith(head):
        return problem
    rest = problem[len(head) :]
    line = _line(rest.split(":", 1)[0].strip(), lines)
    return problem if line is None else f"{head}line {line}: {rest}"


def parse_change(raw: dict[str, Any], source: str, text: str = "") -> Change:
    """Validate the TOML data of a change file; every problem names ``source`` and the key
    (and the line, given the file's ``text``)."""
    try:
        file = ChangeFile.model_validate(raw)
    except ValidationError as err:
        lines = key_lines(text)
        raise InputError(
            [_locate(p, source, lines) for p in describe_validation_error(source, err)]
        ) from None
    return Change(source=source, file=file, text=text)


def read_change(path: Path) -> Change:
    """Read and validate a change file; a TOML syntax error names the line and column."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError([f"{path}: no such file"]) from None
    except (IsADirectoryError, UnicodeDecodeError):
        raise InputError([f"{path}: not a UTF-8 TOML file"]) from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise InputError([f"{path}: malformed TOML: {e}"]) from None
    except RecursionError:  # tomllib recurses once per level of nesting
        raise InputError([f"{path}: nested too deeply to be a change file"]) from None
    return parse_change(raw, str(path), text)


BASE_NAMES = ("base", *(f"base ({period})" for period in PERIODS))
"""The comparison's names for the base columns: no option may take one."""


def name_problems(changes: list[Change]) -> list[str]:
    """Each option needs a name of its own (the table's columns, the JSON and the export's
    file names are told apart by it): a name a base column has, or one that an earlier file
    already gave its option (the same file twice, or two files with one ``name``), is refused."""
    problems: list[str] = []
    first: dict[str, str] = {}
    for change in changes:
        name, src = change.name, change.source
        lines = key_lines(change.text)
        if name.casefold() in BASE_NAMES:
            message = f"'{name}' is the name of a base column; give the option another name"
        elif name.casefold() in first:
            message = f"'{name}' is also the option of {first[name.casefold()]}; each option needs its own name"
        else:
            first[name.casefold()] = src
            continue
        problems.append(_locate(f"{src}: name: {message}", src, lines))
    return problems


def apply_change(scenario: Scenario, policy: Policy, change: Change) -> tuple[Scenario, Policy]:
    """The scenario and policy after ``change``.

    Raises ``InputError`` with every problem at once: unknown ids, a staff move refused in a
    change period (seed 001: cases move, not staff) unless waived with a reason, a policy value
    the policy model refuses.
    """
    problems: list[str] = []
    lines = key_lines(change.text)
    src = change.source

    def problem(key: str, message: str) -> None:
        problems.append(_locate(f"{src}: {key}: {message}", src, lines))

    # Only the PODs and the staff change: they are edited as data and validated again; the
    # holdings and cases (most of a region) are carried over as read.
    data = scenario.model_dump(mode="json", include={"pods", "practitioners"})
    pdus = {p.id for p in scenario.pdus}
    pods = {p["id"] for p in data["pods"]}
    for i, np in enumerate(change.new_pods):
        if np.id in pods:
            problem(f"new_pod[{i}].id", f"POD '{np.id}' already exists")
        if np.pdu not in pdus:
            problem(f"new_pod[{i}].pdu", f"unknown PDU '{np.pdu}'")
        data["pods"].append({"id": np.id, "name": np.name or np.id, "pdu_id": np.pdu})
        pods.add(np.id)
    staff = {p["id"]: p for p in data["practitioners"]}
    if change.moves and change.in_change_period and change.staff_moves_waiver() is None:
        problem(
            "move[0]",
            f"staff moves are refused in the {change.period} change period (seed 001: cases "
            f'move, not staff); waive with [[waiver]] check = "{STAFF_MOVE_CONTROL}" and a '
            'reason, or plan outside a change period (period = "none")',
        )
    moved: dict[str, int] = {}
    for i, mv in enumerate(change.moves):
        if mv.practitioner in moved:  # which of two moves was meant is the planner's call
            first = moved[mv.practitioner]
            problem(f"move[{i}].practitioner", f"'{mv.practitioner}' is moved by move[{first}] too")
            continue
        moved[mv.practitioner] = i
        if mv.practitioner not in staff:
            problem(f"move[{i}].practitioner", f"unknown practitioner '{mv.practitioner}'")
        elif mv.to_pod not in pods:
            problem(f"move[{i}].to_pod", f"unknown POD '{mv.to_pod}'")
        else:
            staff[mv.practitioner]["pod_id"] = mv.to_pod
    changed_hours: dict[str, int] = {}
    for i, h in enumerate(change.hours):
        if h.practitioner in changed_hours:
            first = changed_hours[h.practitioner]
            problem(f"hours[{i}].practitioner", f"'{h.practitioner}' has hours[{first}] too")
            continue
        changed_hours[h.practitioner] = i
        if h.practitioner not in staff:
            problem(f"hours[{i}].practitioner", f"unknown practitioner '{h.practitioner}'")
        else:
            staff[h.practitioner]["contracted_hours"] = h.contracted_hours
    held = {h.case_id for h in scenario.holdings}
    for i, k in enumerate(change.keeps):
        if k.case not in held:
            problem(f"keep[{i}].case", f"case '{k.case}' is not an existing holding")
    for i, w in enumerate(change.waivers):
        if w.pod != "*" and w.pod not in pods:
            problem(f"waiver[{i}].pod", f"unknown POD '{w.pod}'")
    new_policy = policy
    if change.policy:
        try:
            new_policy = Policy.model_validate(
                merged(policy.model_dump(mode="json"), change.policy)
            )
        except ValidationError as err:
            problems += [
                _locate(line.replace(f"{src}: ", f"{src}: policy.", 1), src, lines)
                for line in describe_validation_error(src, err)
            ]
    if problems:
        raise InputError(problems)
    return _changed(scenario, data, src), new_policy


def merged(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """``base`` with ``over``'s keys merged in, table by table: a nested table (``[policy.workload]``)
    changes only the keys it names, so the region's other values stay; any other value (a
    number, a list such as ``objectives``) replaces the base's whole."""
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merged(out[key], value)
        else:
            out[key] = value
    return out


def _changed(scenario: Scenario, data: dict[str, Any], src: str) -> Scenario:
    """``scenario`` with the PODs and staff of ``data``, each validated again, and every
    reference checked again; the rest carried over as read (it was validated then). Anything
    refused is described as a whole scenario's validation describes it, naming ``src``."""
    try:
        changed = scenario.model_copy(
            update={
                "policy": None,
                "pods": [Pod.model_validate(p) for p in data["pods"]],
                "practitioners": [Practitioner.model_validate(p) for p in data["practitioners"]],
            }
        )
        if not reference_problems(changed):
            return changed
    except ValidationError:
        pass
    try:  # the whole scenario, for the messages (and paths) a reader of scenario files knows
        return Scenario.model_validate({**scenario.model_dump(mode="json"), **data, "policy": None})
    except ValidationError as err:
        raise InputError(describe_validation_error(src, err)) from None
