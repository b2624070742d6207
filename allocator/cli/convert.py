"""``allocator convert``: a CSV folder to a scenario JSON file, or a JSON file to a CSV folder.

The conversion is lossless: converting back gives an equal scenario. The input is read and
checked whole before anything is written, so bad input leaves DEST untouched.
"""

import json
import sys
from pathlib import Path

import click

from allocator.cli.common import write_atomically
from allocator.io.csv_folder import locate, read_scenario_folder_lines, write_scenario_folder
from allocator.io.errors import InputError
from allocator.io.policy_files import bundled_policy
from allocator.io.scenario_files import read_scenario_json, tier_problems
from allocator.store.files import private_umask


def _fail(problems: list[str]) -> None:
    for problem in problems:
        click.echo(problem, err=True)
    sys.exit(2)


@click.command()
@click.argument("src", type=click.Path(path_type=Path))
@click.argument("dest", type=click.Path(path_type=Path))
@click.option("--compact", is_flag=True, help="Write JSON on one line (default: indented).")
def convert(src: Path, dest: Path, compact: bool) -> None:
    """Convert SRC to DEST: a CSV folder to a JSON file, or a JSON file to a CSV folder.

    Exit codes: 0 written, 2 bad input (nothing written).
    """
    try:
        if src.is_dir():
            scenario, lines = read_scenario_folder_lines(
                src, warn=lambda m: click.echo(m, err=True)
            )
            policy = scenario.policy or bundled_policy("default")
            found = [p.removeprefix(": ") for p in tier_problems(scenario, policy, "")]
            problems = locate(found, lines)
            if problems:
                raise InputError(problems)
            if dest.is_dir():
                raise InputError([f"{dest}: is a folder; a CSV folder converts to a JSON file"])
            data = scenario.model_dump(mode="json")
            text = (
                json.dumps(data, separators=(",", ":")) if compact else json.dumps(data, indent=2)
            )
            write_atomically(dest, text + "\n")  # 0600: a scenario holds personal data
            click.echo(f"wrote {dest}", err=True)
        else:
            scenario = read_scenario_json(src)
            policy = scenario.policy or bundled_policy("default")
            problems = tier_problems(scenario, policy, str(src))
            if problems:
                raise InputError(problems)
            if dest.exists() and not dest.is_dir():
                raise InputError([f"{dest}: is a file; a JSON file converts to a CSV folder"])
            with private_umask():  # the CSV files hold personal data: 0600
                write_scenario_folder(scenario, dest)
            click.echo(f"wrote {dest}/", err=True)
    except InputError as err:
        _fail(err.problems)
