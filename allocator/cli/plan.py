"""``allocator plan``: compare restructure options (change files) against the base structure."""

import sys
from pathlib import Path

import click

from allocator.cli.common import EXIT_FAILED, reading, write_atomically
from allocator.io.scenario_files import read_scenario
from allocator.planner.changes import read_change
from allocator.planner.plan import run_plan
from allocator.report.planner import render_html, render_json, render_table


@click.command(name="plan")
@click.argument("base", type=click.Path(path_type=Path))
@click.option(
    "--change",
    "change_paths",
    multiple=True,
    type=click.Path(path_type=Path),
    help="A change file (TOML) describing one option; repeat for several.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the comparison as JSON.")
@click.option("--html", "html_path", type=click.Path(path_type=Path), help="Write an HTML report.")
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0.1),
    default=20.0,
    show_default=True,
    help="Solver time per option (rebalance and trade-off curve together), seconds.",
)
@click.option(
    "--curve-steps",
    type=click.IntRange(min=0, max=8),
    default=4,
    show_default=True,
    help="Hard-ceiling levels on the moves against utilisation curve (0: none).",
)
def plan_command(
    base: Path,
    change_paths: tuple[Path, ...],
    as_json: bool,
    html_path: Path | None,
    time_limit: float,
    curve_steps: int,
) -> None:
    """Compare BASE (a scenario) with each --change option: POD composition, caseload moves,
    balance, continuity, out-of-model holdings and equalities in aggregate.

    Exit 1 when a rebalanced option breaks a hard rule (an internal error), 2 on bad input.
    """
    scenario, policy = reading(lambda: read_scenario(base))
    changes = [reading(lambda p=p: read_change(p)) for p in change_paths]
    results = reading(
        lambda: run_plan(
            scenario,
            policy,
            changes,
            time_limit_s=time_limit,
            curve_steps=curve_steps,
            progress=lambda line: click.echo(f"progress: {line}", err=True),
        )
    )
    click.echo(render_json(results) if as_json else render_table(results))
    if html_path is not None:
        write_atomically(html_path, render_html(results))
    bad = [(r.name, v) for r in results for v in r.outcome.violations]
    bad += [(r.name, v) for r in results for p in r.curve for v in p.violations]
    if bad:
        for name, v in bad:
            click.echo(f"error: option {name} breaks a hard rule: {v}", err=True)
        sys.exit(EXIT_FAILED)
