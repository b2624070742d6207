"""``allocator tier``: each case's tier under a framework, and how it was reached.

The file is a JSON list of cases. Each item is read as ``models.case.CaseFacts``; a full
``Case`` (as in a scenario's ``cases``) is accepted too: the keys that only a ``Case`` has
(``pdu_id``, ``pod_id``, ``reason`` ...) are dropped before validation, so they are neither used
nor checked here (``allocator`` commands that read scenarios check them).

The output never names a flag, a registration, a need or a women-specific factor: only the
kind of factor and the points it gave.
"""

import json
import sys
from pathlib import Path
from typing import Any

import click
from pydantic import TypeAdapter, ValidationError

from allocator.io.errors import InputError, describe_validation_error
from allocator.io.json_files import load_json
from allocator.io.policy_files import (
    BUNDLED_FRAMEWORKS,
    bundled_policy,
    framework_data,
    read_policy,
)
from allocator.problem.tiering import derive_tier, given_tier
from models.case import Case, CaseFacts
from models.policy import TieringFramework, UnifiedDerivation
from models.tiering import TierDerivation

CASE_ONLY_KEYS = frozenset(Case.model_fields) - frozenset(CaseFacts.model_fields)
_CASES = TypeAdapter(list[CaseFacts])


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of derivations.")
@click.option(
    "--framework",
    type=click.Choice(BUNDLED_FRAMEWORKS),
    default=None,
    help="A bundled tiering framework (default: the bundled default policy's).",
)
@click.option(
    "--policy",
    "policy_path",
    type=click.Path(path_type=Path),
    default=None,
    help="Use this policy file's framework.",
)
def tier(file: Path, as_json: bool, framework: str | None, policy_path: Path | None) -> None:
    """Derive the tier of each case in FILE (a JSON list of cases) and show how.

    A case that carries its tier keeps it; the others are tiered from their facts (pre-digested,
    or registrations, assessment answers and convictions) by the framework's data. A bad case
    is reported on its own line and the others are still derived. Exit codes: 0 ok, 2 bad input
    (a bad file, or any bad case).
    """
    try:
        fw = _framework(framework, policy_path)
        cases, problems = read_cases(file)
    except InputError as err:
        for line in err.problems:
            click.echo(line, err=True)
        sys.exit(2)
    derivations, more = derive_all(cases, fw, str(file))
    problems = sorted(problems + more, key=lambda p: p[0])
    if derivations or not problems:  # when every case is bad, the problem lines say it all
        if as_json:
            click.echo(json.dumps([d.model_dump(mode="json") for d in derivations], indent=2))
        else:
            click.echo(render_table(derivations, fw))
    for _, line in problems:
        click.echo(line, err=True)
    if problems:
        sys.exit(2)


def _framework(name: str | None, policy_path: Path | None) -> TieringFramework:
    if name is not None and policy_path is not None:
        raise InputError(["--framework and --policy both given: use one (a policy names its own)"])
    if policy_path is not None:
        return read_policy(policy_path).framework
    if name is not None:
        return TieringFramework.model_validate(framework_data(name))
    return bundled_policy().framework


Problem = tuple[int, str]
"""A bad case: its index in the file (to keep the file's order) and one line naming it."""


def read_cases(path: Path) -> tuple[list[tuple[int, CaseFacts]], list[Problem]]:
    """Read a JSON list of cases: the valid ones with their index, and a line per problem of
    the others (naming the file and the JSON path, never a value).

    Raises ``InputError`` only when the file itself cannot be read as a list.
    """
    raw = load_json(path)
    if not isinstance(raw, list):
        raise InputError([f"{path}: expected a JSON list of cases, found {_kind(raw)}"])
    items = [_facts_only(item) for item in raw]
    try:
        return list(enumerate(_CASES.validate_python(items))), []
    except ValidationError as err:
        bad = {e["loc"][0] for e in err.errors() if e["loc"] and isinstance(e["loc"][0], int)}
        lines = describe_validation_error(str(path), err)
        problems: list[Problem] = []
        for line in lines:
            index = _index_of(line, str(path))
            problems.append((index if index is not None else -1, line))
    good = [(i, CaseFacts.model_validate(item)) for i, item in enumerate(items) if i not in bad]
    return good, problems


def _index_of(line: str, source: str) -> int | None:
    """The case index a problem line names (``source: [3].risk ...``), if any."""
    rest = line.removeprefix(f"{source}: ")
    if rest.startswith("[") and "]" in rest:
        head = rest[1 : rest.index("]")]
        if head.isdigit():
            return int(head)
    return None


def derive_all(
    cases: list[tuple[int, CaseFacts]], framework: TieringFramework, source: str
) -> tuple[list[TierDerivation], list[Problem]]:
    """Derive every case's tier; a case that cannot be tiered gives a problem line instead."""
    listed = ", ".join(t.code for t in framework.tiers)
    problems: list[Problem] = []
    out: list[TierDerivation] = []
    for i, case in cases:
        if case.tier is not None and given_tier(case.tier, framework) is None:
            problems.append(
                (
                    i,
                    f"{source}: [{i}].tier: '{case.tier}' is not a tier of {framework.name} ({listed})",
                )
            )
            continue
        try:
            out.append(derive_tier(case, framework))
        except ValueError as err:
            problems.append((i, f"{source}: [{i}]: {err}"))
    return out, problems


def render_table(derivations: list[TierDerivation], framework: TieringFramework) -> str:
    """One row per case, then its derivation steps and missing-data notes, indented."""
    head = f"Tiers under {framework.name} (version {framework.version}): {len(derivations)} cases"
    if not derivations:
        return head
    rows = [("case", "tier", "risk", "needs")] + [
        (d.case_id, d.tier, _risk_cell(d), _needs_cell(d)) for d in derivations
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = [head, ""]

    def row(cells: tuple[str, str, str, str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, [*widths, 0], strict=True)).rstrip()

    steps = [s for d in derivations for s in d.steps]
    axis_width = max((len(s.axis) for s in steps), default=0)
    factor_width = max((len(s.factor) for s in steps), default=0)
    with_points = isinstance(framework.derivation, UnifiedDerivation)
    lines.append(row(rows[0]))
    for d, cells in zip(derivations, rows[1:], strict=True):
        lines.append(row(cells))
        if d.given:
            lines.append("    given in the input: not derived")
        for s in d.steps:
            points = f" {s.points:>4}" if with_points else ""
            lines.append(
                f"    {s.axis:<{axis_width}}  {s.factor:<{factor_width}}{points}  {s.note}"
            )
        for note in d.missing:
            lines.append(f"    missing: {note}")
    return "\n".join(lines)


def _risk_cell(d: TierDerivation) -> str:
    if d.risk_points is None:
        return d.risk_letter
    return f"{d.risk_letter} ({d.risk_points} points)"


def _needs_cell(d: TierDerivation) -> str:
    if d.needs_digit is None:
        return "-"
    if d.needs_points is None:
        return f"{d.needs_digit} (not counted)"
    return f"{d.needs_digit} ({d.needs_points} points)"


def _facts_only(item: Any) -> Any:
    if isinstance(item, dict):
        return {k: v for k, v in item.items() if k not in CASE_ONLY_KEYS}
    return item


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, str):
        return "a string"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    return "a number"
