"""``allocator import``: export files (CSV or spreadsheets) read through a profile into a scenario.

Every file is read and every row validated before anything is written: bad input lists every
problem by file, sheet, row and column, exits 2 and leaves OUT untouched.
"""

import datetime as dt
import json
from pathlib import Path

import click

from allocator.cli.common import reading, write_atomically
from allocator.io.importer import import_files
from allocator.io.policy_files import bundled_policy, read_policy
from allocator.io.profiles import load_profile, shipped_profiles
from models import Policy, Scenario


def date_option(fn):  # type: ignore[no-untyped-def]
    """``--date``: the allocation date the export is for (default today)."""
    return click.option(
        "--date",
        "day",
        type=click.DateTime(formats=["%Y-%m-%d", "%d/%m/%Y"]),
        default=None,
        help="The allocation date (YYYY-MM-DD or dd/mm/yyyy; default today).",
    )(fn)


def sheet_option(fn):  # type: ignore[no-untyped-def]
    """``--sheet``: read this sheet of a workbook instead of the sheets the profile names."""
    return click.option(
        "--sheet", default=None, help="Sheet of a workbook to read (default: the profile's)."
    )(fn)


def read_exports(
    profile: str,
    files: tuple[Path, ...],
    day: dt.datetime | None,
    sheet: str | None,
    policy_path: Path | None,
    name: str = "",
) -> tuple[Scenario, Policy]:
    """The scenario the exports give and the policy it runs under; exits 2 on bad input."""

    def read() -> tuple[Scenario, Policy]:
        loaded = load_profile(profile)
        policy = read_policy(policy_path) if policy_path else bundled_policy("default")
        when = day.date() if day is not None else dt.date.today()
        scenario = import_files(loaded, list(files), when, name, sheet, policy)
        return scenario, policy

    return reading(read)


@click.command(name="import")
@click.argument("profile")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Scenario JSON file to write.",
)
@date_option
@sheet_option
@click.option("--name", "scenario_name", default="", help="Scenario name (default: the profile's).")
@click.option(
    "--policy",
    "policy_path",
    type=click.Path(path_type=Path),
    help="Check tiers against this policy and embed it in the scenario.",
)
def import_command(
    profile: str,
    files: tuple[Path, ...],
    out: Path,
    day: dt.datetime | None,
    sheet: str | None,
    scenario_name: str,
    policy_path: Path | None,
) -> None:
    """Read export FILES (CSV or XLSX) through PROFILE and write a scenario JSON file.

    PROFILE is a shipped profile name or a profile TOML file (docs/import.md). Exit codes:
    0 written, 2 bad input (nothing written).
    """
    scenario, policy = read_exports(profile, files, day, sheet, policy_path, scenario_name)
    if policy_path is not None:
        scenario = scenario.model_copy(update={"policy": policy})
    text = json.dumps(scenario.model_dump(mode="json"), indent=2)
    write_atomically(out, text + "\n")
    click.echo(
        f"wrote {out}: {len(scenario.practitioners)} staff, {len(scenario.holdings)} holdings, "
        f"{len(scenario.cases)} cases",
        err=True,
    )


import_command.help = (import_command.help or "") + (
    f"\n\nShipped profiles: {', '.join(shipped_profiles())}."
)
