"""Change files: one restructure option as TOML, read with ``tomllib`` and applied to a scenario.

Every problem names the file and the line (a TOML syntax error) or the key (for example
``move[2].to_pod``), and is raised as an ``InputError`` so that the CLI exits 2.
"""

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from allocator.io.errors import InputError, describe_validation_error
from models import Policy, Scenario

PERIODS = ("green", "amber", "red")
CHECK_NAMES = ("ratio", "pqip_limit", "experienced_po", "spo", "lived_experience_spread")
_TOP_KEYS = {"name", "period", "move", "new_pod", "hours", "policy", "waiver", "keep"}


@dataclass(frozen=True)
class Move:
    practitioner: str
    to_pod: str


@dataclass(frozen=True)
class NewPod:
    id: str
    name: str
    pdu: str


@dataclass(frozen=True)
class Hours:
    practitioner: str
    contracted_hours: float


@dataclass(frozen=True)
class Waiver:
    pod: str
    check: str
    reason: str


@dataclass(frozen=True)
class Keep:
    case: str
    rationale: str


@dataclass
class Change:
    """One option: the structural changes, the policy overrides, the period and the exceptions."""

    source: str
    name: str
    period: str = "green"
    moves: list[Move] = field(default_factory=list)
    new_pods: list[NewPod] = field(default_factory=list)
    hours: list[Hours] = field(default_factory=list)
    policy: dict[str, Any] = field(default_factory=dict)
    waivers: list[Waiver] = field(default_factory=list)
    keeps: list[Keep] = field(default_factory=list)

    def waived(self, pod: str, check: str) -> Waiver | None:
        """The waiver covering ``check`` in ``pod`` (``pod = "*"`` covers every POD)."""
        for w in self.waivers:
            if w.check == check and w.pod in (pod, "*"):
                return w
        return None


def _text(table: dict[str, Any], key: str, where: str, problems: list[str]) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{where}.{key}: required, a non-empty string")
        return ""
    return value


def _tables(raw: dict[str, Any], key: str, src: str, problems: list[str]) -> list[dict[str, Any]]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(t, dict) for t in value):
        problems.append(f"{src}: {key}: must be an array of tables ([[{key}]])")
        return []
    return value


def _unknown(table: dict[str, Any], known: set[str], where: str, problems: list[str]) -> None:
    for k in sorted(set(table) - known):
        problems.append(f"{where}.{k}: unknown key")


def parse_change(raw: dict[str, Any], source: str) -> Change:
    """Validate the TOML data of a change file; every problem names ``source`` and the key."""
    problems: list[str] = []
    for k in sorted(set(raw) - _TOP_KEYS):
        problems.append(
            f"{source}: {k}: unknown key (expected one of {', '.join(sorted(_TOP_KEYS))})"
        )
    name = raw.get("name", Path(source).stem)
    if not isinstance(name, str):
        problems.append(f"{source}: name: must be a string")
        name = Path(source).stem
    period = raw.get("period", "green")
    if period not in PERIODS:
        problems.append(f"{source}: period: must be one of green, amber, red")
        period = "green"
    change = Change(source=source, name=name, period=period)
    for i, t in enumerate(_tables(raw, "move", source, problems)):
        where = f"{source}: move[{i}]"
        _unknown(t, {"practitioner", "to_pod"}, where, problems)
        change.moves.append(
            Move(_text(t, "practitioner", where, problems), _text(t, "to_pod", where, problems))
        )
    for i, t in enumerate(_tables(raw, "new_pod", source, problems)):
        where = f"{source}: new_pod[{i}]"
        _unknown(t, {"id", "name", "pdu"}, where, problems)
        pid = _text(t, "id", where, problems)
        change.new_pods.append(NewPod(pid, t.get("name") or pid, _text(t, "pdu", where, problems)))
    for i, t in enumerate(_tables(raw, "hours", source, problems)):
        where = f"{source}: hours[{i}]"
        _unknown(t, {"practitioner", "contracted_hours"}, where, problems)
        hours = t.get("contracted_hours")
        if isinstance(hours, bool) or not isinstance(hours, int | float) or not 0 <= hours <= 60:
            problems.append(f"{where}.contracted_hours: required, a number from 0 to 60")
            hours = 0.0
        change.hours.append(Hours(_text(t, "practitioner", where, problems), float(hours)))
    pol = raw.get("policy", {})
    if not isinstance(pol, dict):
        problems.append(f"{source}: policy: must be a table ([policy])")
    else:
        change.policy = pol
    for i, t in enumerate(_tables(raw, "waiver", source, problems)):
        where = f"{source}: waiver[{i}]"
        _unknown(t, {"pod", "check", "reason"}, where, problems)
        check = _text(t, "check", where, problems)
        if check and check not in CHECK_NAMES:
            problems.append(f"{where}.check: '{check}' is not a check ({', '.join(CHECK_NAMES)})")
        change.waivers.append(Waiver(t.get("pod", "*"), check, _text(t, "reason", where, problems)))
    for i, t in enumerate(_tables(raw, "keep", source, problems)):
        where = f"{source}: keep[{i}]"
        _unknown(t, {"case", "rationale"}, where, problems)
        change.keeps.append(
            Keep(_text(t, "case", where, problems), _text(t, "rationale", where, problems))
        )
    if problems:
        raise InputError(problems)
    return change


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
    return parse_change(raw, str(path))


def apply_change(scenario: Scenario, policy: Policy, change: Change) -> tuple[Scenario, Policy]:
    """The scenario and policy after ``change``; unknown ids are problems naming the key."""
    src = change.source
    problems: list[str] = []
    data = scenario.model_dump(mode="json")
    data["policy"] = None
    pdus = {p["id"] for p in data["pdus"]}
    pods = {p["id"] for p in data["pods"]}
    for i, np in enumerate(change.new_pods):
        if np.id in pods:
            problems.append(f"{src}: new_pod[{i}].id: POD '{np.id}' already exists")
        if np.pdu not in pdus:
            problems.append(f"{src}: new_pod[{i}].pdu: unknown PDU '{np.pdu}'")
        data["pods"].append({"id": np.id, "name": np.name, "pdu_id": np.pdu})
        pods.add(np.id)
    staff = {p["id"]: p for p in data["practitioners"]}
    for i, mv in enumerate(change.moves):
        if mv.practitioner not in staff:
            problems.append(
                f"{src}: move[{i}].practitioner: unknown practitioner '{mv.practitioner}'"
            )
        elif mv.to_pod not in pods:
            problems.append(f"{src}: move[{i}].to_pod: unknown POD '{mv.to_pod}'")
        else:
            staff[mv.practitioner]["pod_id"] = mv.to_pod
    for i, h in enumerate(change.hours):
        if h.practitioner not in staff:
            problems.append(
                f"{src}: hours[{i}].practitioner: unknown practitioner '{h.practitioner}'"
            )
        else:
            staff[h.practitioner]["contracted_hours"] = h.contracted_hours
    held = {h["case_id"] for h in data["holdings"]}
    for i, k in enumerate(change.keeps):
        if k.case not in held:
            problems.append(f"{src}: keep[{i}].case: case '{k.case}' is not an existing holding")
    for i, w in enumerate(change.waivers):
        if w.pod != "*" and w.pod not in pods:
            problems.append(f"{src}: waiver[{i}].pod: unknown POD '{w.pod}'")
    new_policy = policy
    if change.policy:
        try:
            new_policy = Policy.model_validate({**policy.model_dump(mode="json"), **change.policy})
        except ValidationError as err:
            problems += [
                line.replace(f"{src}: ", f"{src}: policy.", 1)
                for line in describe_validation_error(src, err)
            ]
    if problems:
        raise InputError(problems)
    try:
        return Scenario.model_validate(data), new_policy
    except ValidationError as err:
        raise InputError(describe_validation_error(src, err)) from None
