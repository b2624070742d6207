"""``allocator workload``: the WMT's workload overview of a scenario, per practitioner and POD."""

from pathlib import Path

import click

from allocator.cli.common import bundled_scenario_path, fail_input, reading
from allocator.io.scenario_files import read_scenario
from allocator.problem.workload_overview import workload_overview
from allocator.report.workload import render_workload, render_workload_json


@click.command(name="workload")
@click.argument("scenario", required=False, type=click.Path(path_type=Path))
@click.option(
    "--policy",
    "policy_path",
    type=click.Path(path_type=Path),
    help="Policy JSON replacing the scenario's.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the overview as JSON.")
@click.option(
    "--case",
    "case_id",
    default=None,
    help="A case on the scenario's list: show each practitioner's potential workload with it.",
)
def workload_command(
    scenario: Path | None, policy_path: Path | None, as_json: bool, case_id: str | None
) -> None:
    """Show the workload of every practitioner, POD and PDU of SCENARIO as the WMT computes it.

    Hours, reductions in effect, available points, points held by tier and case type, and
    workload %; with --case, the potential workload if that case were allocated to each.
    SCENARIO defaults to the bundled default day. Exit codes: 0 ok, 2 bad input.
    """
    path = scenario if scenario is not None else bundled_scenario_path()
    loaded, policy = reading(lambda: read_scenario(path, policy_path))
    if case_id is not None and case_id not in {c.id for c in loaded.cases}:
        fail_input([f"--case: '{case_id}' is not a case on the list of {path}"])
    overview = workload_overview(loaded, policy, case_id)
    click.echo(render_workload_json(overview) if as_json else render_workload(overview))
