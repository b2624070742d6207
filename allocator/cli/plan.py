"""``allocator plan``: compare restructure options (change files) against the base structure."""

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.progress import Progress as RichProgress

from allocator.cli.common import EXIT_FAILED, fail_input, write_atomically, write_bytes_atomically
from allocator.io.errors import InputError
from allocator.io.scenario_files import read_scenario
from allocator.planner.after import scenario_after
from allocator.planner.changes import Change, read_change
from allocator.planner.plan import (
    JobDone,
    JobFailed,
    Plan,
    Prepared,
    prepare,
    run_jobs,
    run_plan,
)
from allocator.planner.rebalance import Progress
from allocator.problem.collector import collector_paused
from allocator.report.planner import render_html, render_json, render_table
from allocator.report.planner_tables import (
    MOVE_COLUMNS,
    POD_COLUMNS,
    PRACTITIONER_COLUMNS,
    move_rows,
    pod_rows,
    practitioner_rows,
    to_csv,
)
from models import Policy, Scenario


def _read_everything(
    base: Path, change_paths: tuple[Path, ...]
) -> tuple[Scenario, Policy, list[Prepared]]:
    """Read the base and every change file, and apply every change, before anything is
    solved; every problem of every file is printed at once (exit 2)."""
    problems: list[str] = []
    loaded: tuple[Scenario, Policy] | None = None
    try:
        loaded = read_scenario(base)
    except InputError as err:
        problems += err.problems
    changes: list[Change] = []
    for path in change_paths:
        try:
            changes.append(read_change(path))
        except InputError as err:
            problems += err.problems
    if loaded is None:
        fail_input(problems)
    try:
        prepared = prepare(*loaded, changes, problems)
    except InputError as err:
        fail_input(err.problems)
    return loaded[0], loaded[1], prepared


def _slug(name: str, taken: set[str]) -> str:
    """A file-name stem for an option: letters, digits and dashes, unique in the folder."""
    stem = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").lower() or "option"
    slug, n = stem, 2
    while slug in taken:
        slug, n = f"{stem}-{n}", n + 1
    taken.add(slug)
    return slug


def export(plan: Plan, folder: Path) -> list[Path]:
    """Per option: the moves, per-POD and per-practitioner rows as CSV files and one XLSX, and
    the caseload after the option as a scenario (each moved case stamped with the date)."""
    from allocator.report.planner_xlsx import option_workbook  # openpyxl: only when exporting

    written: list[Path] = []
    taken: set[str] = set()
    for option in plan.options:
        slug = _slug(option.name, taken)
        for kind, rows, columns in (
            ("moves", move_rows(option), MOVE_COLUMNS),
            ("pods", pod_rows(plan, option), POD_COLUMNS),
            ("practitioners", practitioner_rows(plan, option), PRACTITIONER_COLUMNS),
        ):
            path = folder / f"{slug}.{kind}.csv"
            write_atomically(path, to_csv(rows, columns))
            written.append(path)
        path = folder / f"{slug}.xlsx"
        write_bytes_atomically(path, option_workbook(plan, option))
        written.append(path)
        if option.structure is not None and option.policy is not None:
            after = scenario_after(option.structure, option.policy, option.outcome.moves)
            path = folder / f"{slug}.after.json"
            write_atomically(path, after.model_dump_json() + "\n")
            written.append(path)
    return written


@contextmanager
def _progress() -> Iterator[tuple[Progress, JobDone]]:
    """A rich progress bar (solves done, the latest line) when stderr is a terminal, else
    plain ``progress:`` lines on stderr, which a log or a pipe keeps whole."""
    if not sys.stderr.isatty():

        def line(text: str) -> None:
            click.echo(f"progress: {text}", err=True)

        def done(name: str, n: int, total: int) -> None:
            click.echo(f"progress: {n} of {total} solves done ({name})", err=True)

        yield line, done
        return
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with RichProgress(*columns, console=Console(stderr=True), transient=False) as bar:
        task = bar.add_task("solving", total=None)

        def show(text: str) -> None:
            bar.update(task, description=text[:70])

        def advance(name: str, n: int, total: int) -> None:
            bar.update(task, completed=n, total=total, description=f"{name} done")

        yield show, advance


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
    "--export",
    "export_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Write each option's moves, per-POD and per-practitioner rows (CSV and XLSX) here.",
)
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0.1),
    default=20.0,
    show_default=True,
    help="Solver time per solve (each base and each option, its curve included), seconds.",
)
@click.option(
    "--curve-steps",
    type=click.IntRange(min=0, max=8),
    default=4,
    show_default=True,
    help="Hard-ceiling levels on the moves against utilisation curve (0: none).",
)
@click.option(
    "--cluster",
    envvar="ALLOCATOR_CLUSTER",
    metavar="ADDRESS",
    help="Run the base and the options as tasks on this Dask scheduler (tcp://host:port; env "
    "ALLOCATOR_CLUSTER; workers started with --nthreads 1). Same results as a local run.",
)
def plan_command(
    base: Path,
    change_paths: tuple[Path, ...],
    as_json: bool,
    html_path: Path | None,
    export_dir: Path | None,
    time_limit: float,
    curve_steps: int,
    cluster: str | None,
) -> None:
    """Compare BASE (a scenario) with each --change option: POD composition, caseload moves,
    balance, continuity, out-of-model holdings and equalities in aggregate. The base is solved
    the same way as each option, and each option is shown beside it and as the difference.

    Exit 1 when a rebalanced option breaks a hard rule or a solve failed in the planner (an
    internal error); 2 on bad input, or when the --cluster scheduler does not answer or a
    solve failed on the cluster. A failed solve writes nothing.
    """
    # A batch run over a region's models: reading them and solving them build millions of
    # long-lived objects and almost no cycles, so the cyclic collector is paused throughout
    # (over half of reading a region was the collector's passes).
    with collector_paused():
        scenario, policy, prepared = _read_everything(base, change_paths)
        plan = _solve(scenario, policy, prepared, time_limit, curve_steps, cluster)
        click.echo(render_json(plan) if as_json else render_table(plan))
        if html_path is not None:
            write_atomically(html_path, render_html(plan))
        if export_dir is not None:
            for path in export(plan, export_dir):
                click.echo(f"wrote {path}", err=True)
    bad = [(r.name, v) for r in plan.columns for v in r.outcome.violations]
    bad += [(r.name, v) for r in plan.options for p in r.curve for v in p.violations]
    if bad:
        for name, v in bad:
            click.echo(f"error: option {name} breaks a hard rule: {v}", err=True)
        sys.exit(EXIT_FAILED)


def _solve(
    scenario: Scenario,
    policy: Policy,
    prepared: list[Prepared],
    time_limit: float,
    curve_steps: int,
    cluster: str | None,
) -> Plan:
    """The plan, with progress on stderr. A cluster that does not answer, or a solve that
    failed on it, is one line and exit 2; a solve that failed here is one line and exit 1."""
    with _progress() as (progress, on_done):
        try:
            return run_plan(
                scenario,
                policy,
                prepared,
                time_limit_s=time_limit,
                curve_steps=curve_steps,
                progress=progress,
                on_done=on_done,
                runner=partial(run_jobs, cluster=cluster),
            )
        except ConnectionError as exc:
            fail_input([f"--cluster: {exc}"])
        except JobFailed as exc:
            if exc.cluster is not None:
                fail_input([f"--cluster: {exc}; nothing was written"])
            click.echo(f"error: {exc}; nothing was written", err=True)
            sys.exit(EXIT_FAILED)
