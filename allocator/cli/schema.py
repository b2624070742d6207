"""``allocator schema``: the JSON Schema of the input and output formats."""

import json

import click
from pydantic import BaseModel

from models import Proposal, Scenario

_MODELS: dict[str, type[BaseModel]] = {"scenario": Scenario, "proposal": Proposal}


@click.command()
@click.argument("which", type=click.Choice(["scenario", "proposal", "all"]), default="all")
def schema(which: str) -> None:
    """Print the JSON Schema of a Scenario (input) and a Proposal (output)."""
    if which == "all":
        out = {name: model.model_json_schema() for name, model in _MODELS.items()}
    else:
        out = _MODELS[which].model_json_schema()
    click.echo(json.dumps(out, indent=2))
