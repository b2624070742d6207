"""``allocator check``: re-validate a proposal against every hard rule, without the solver."""

import sys
from pathlib import Path

import click
from pydantic import ValidationError

from allocator.check import check
from allocator.cli.common import EXIT_FAILED, reading
from allocator.io.errors import InputError, describe_validation_error
from allocator.io.json_files import load_json
from allocator.io.scenario_files import read_scenario
from models.proposal import Proposal


def read_proposal(path: Path) -> Proposal:
    """Parse and validate a Proposal JSON file, naming the file and path of any problem."""
    raw = load_json(path)
    try:
        return Proposal.model_validate(raw)
    except ValidationError as err:
        raise InputError(describe_validation_error(str(path), err)) from None


@click.command(name="check")
@click.argument("scenario", type=click.Path(path_type=Path))
@click.argument("proposal", type=click.Path(path_type=Path))
@click.option(
    "--policy",
    "policy_path",
    type=click.Path(path_type=Path),
    help="Policy JSON replacing the scenario's.",
)
def check_command(scenario: Path, proposal: Path, policy_path: Path | None) -> None:
    """Check PROPOSAL against SCENARIO: every hard rule, every reported figure.

    Exits 0 when valid, 1 naming each violation, 2 on bad input.
    """
    loaded, policy = reading(lambda: read_scenario(scenario, policy_path))
    prop = reading(lambda: read_proposal(proposal))
    violations = check(loaded, policy, prop)
    if violations:
        for v in violations:
            where = " ".join(
                x
                for x in (
                    v.case_id and f"case {v.case_id}",
                    v.practitioner_id and f"practitioner {v.practitioner_id}",
                )
                if x
            )
            click.echo(
                f"violation [{v.rule}] {where}: {v.message}"
                if where
                else f"violation [{v.rule}]: {v.message}"
            )
        click.echo(f"{len(violations)} violation(s): the proposal is not valid.")
        sys.exit(EXIT_FAILED)
    click.echo(
        f"OK: {len(prop.lines)} lines and {len(prop.blocked)} blocked cases break no hard rule."
    )
