"""``allocator propose``: the day's proposal as a table (or JSON), checked before it is shown."""

import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from allocator import SolveSettings
from allocator.cli.common import (
    EXIT_FAILED,
    bundled_scenario_path,
    fail_input,
    reading,
    write_atomically,
)
from allocator.cli.import_ import date_option, read_exports, sheet_option
from allocator.io.scenario_files import read_scenario
from allocator.report.proposal_text import render_proposal
from models import Scenario
from models.court import CourtPolicy

if TYPE_CHECKING:  # the store is imported only when a database is named
    from allocator.store.ledger import Store


def with_recorded_allocations(
    scenario: Scenario, db: str, po_share_period_days: int = CourtPolicy().po_share_period_days
) -> Scenario:
    """``scenario`` with each practitioner's new allocations of the day and of the past 7 days
    raised to what the store records as approved or overridden (the allocation tracker across
    days, seed 001). The larger of the typed-in and the recorded count is kept: an export that
    already counts the store's decisions is not counted twice."""
    from allocator.cli.storage import opened  # the store only when a database is named
    from allocator.store.recent import recent_new_allocations

    with opened(db, create=True) as store:
        recent = recent_new_allocations(store, scenario.date)
        if scenario.court_teams:
            scenario = with_recorded_reports(store, scenario, po_share_period_days)
    if not recent.week:
        return scenario
    staff = [
        p.model_copy(
            update={
                "allocations_today": max(p.allocations_today, recent.today[p.id]),
                "allocations_this_week": max(p.allocations_this_week, recent.week[p.id]),
            }
        )
        for p in scenario.practitioners
    ]
    return scenario.model_copy(update={"practitioners": staff})


def with_recorded_reports(store: "Store", scenario: Scenario, period_days: int) -> Scenario:
    """``scenario`` with each court team's reports of the last ``period_days`` (the policy's PO
    share period) raised to what the store records as approved or overridden, per team and by
    PO (the larger of the typed-in and the recorded count is kept, as for new allocations)."""
    from allocator.store.recent import recent_reports

    recorded = recent_reports(
        store, scenario.date, period_days, frozenset(c.id for c in scenario.cases)
    )
    teams = []
    for t in scenario.court_teams:
        reports = max(t.reports_in_period, recorded.reports[t.id])
        by_po = max(t.po_reports_in_period, recorded.by_po[t.id])
        teams.append(
            t.model_copy(
                update={"reports_in_period": reports, "po_reports_in_period": min(by_po, reports)}
            )
        )
    return scenario.model_copy(update={"court_teams": teams})


@click.command(name="propose")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--profile",
    default=None,
    help="Read FILES as exports through this import profile (a shipped name or a TOML file).",
)
@date_option
@sheet_option
@click.option(
    "--policy",
    "policy_path",
    type=click.Path(path_type=Path),
    help="Policy JSON replacing the scenario's.",
)
@click.option(
    "--json", "as_json", is_flag=True, help="Print the Proposal as JSON instead of a table."
)
@click.option(
    "--out", type=click.Path(path_type=Path), help="Also write the Proposal JSON to this file."
)
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0.1),
    default=10.0,
    show_default=True,
    help="Solver budget, seconds, counted as work (CP-SAT's deterministic time), so that a "
    "busy machine gives the same answer.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Solver random seed.")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Solver workers (1 is reproducible).",
)
@click.option(
    "--db",
    envvar="ALLOCATOR_DB",
    help="Save the proposal in this database (a SQLite file or a postgresql:// URL; env "
    "ALLOCATOR_DB) and print its id.",
)
@click.option(
    "--cluster",
    envvar="ALLOCATOR_CLUSTER",
    metavar="ADDRESS",
    help="Run a large day's PDU parts on this Dask scheduler (tcp://host:port; env "
    "ALLOCATOR_CLUSTER; workers started with --nthreads 1). Same proposal as a local run.",
)
@click.option(
    "--resolve",
    "resolve_id",
    metavar="PROPOSAL_ID",
    help="Re-solve a saved proposal around its SPO decisions (no SCENARIO), save and compare.",
)
@click.option(
    "--reallocate-leavers",
    is_flag=True,
    help="Put the held cases of practitioners who have left on today's list (reason 'officer left').",
)
def propose_command(
    files: tuple[Path, ...],
    profile: str | None,
    day: datetime | None,
    sheet: str | None,
    policy_path: Path | None,
    as_json: bool,
    out: Path | None,
    time_limit: float,
    seed: int,
    workers: int,
    db: str | None,
    cluster: str | None,
    resolve_id: str | None,
    reallocate_leavers: bool,
) -> None:
    """Propose today's allocation for FILES: a scenario (a JSON file or a CSV folder), or with
    --profile the export files (CSV or XLSX) that profile reads (docs/import.md).

    With no FILES, runs the bundled default day: one PDU of four PODs. With --db, saves the
    proposal for SPO decisions; with --resolve, re-solves a saved one around its decisions.
    """
    if cluster is not None:
        from allocator.solve.executor import check_address

        # checked before anything is read or solved: a day small enough for CP-SAT never
        # reaches the cluster, and a typo would otherwise pass unnoticed
        try:
            check_address(cluster)
        except ConnectionError as exc:
            fail_input([f"--cluster: {exc}"])
    settings = SolveSettings(
        time_limit_s=time_limit,
        seed=seed,
        workers=workers,
        cluster=cluster,
        progress=lambda line: click.echo(f"progress: {line}", err=True),
    )
    if profile is None and (len(files) > 1 or day is not None or sheet is not None):
        fail_input(["several FILES, --date and --sheet need --profile (exports to read)"])
    scenario = files[0] if files else None
    if resolve_id is not None:
        if files or policy_path is not None or profile is not None:
            fail_input(
                ["--resolve re-solves the saved scenario and policy: give no SCENARIO or --policy"]
            )
        from allocator.cli.saving import resolve_and_report
        from allocator.cli.storage import DEFAULT_DB

        resolve_and_report(db or DEFAULT_DB, resolve_id, settings, as_json, out)
        return
    if profile is not None:
        if not files:
            fail_input(["--profile needs the export FILES to read"])
        loaded, policy = read_exports(profile, files, day, sheet, policy_path)
    else:
        path = scenario or bundled_scenario_path()
        loaded, policy = reading(lambda: read_scenario(path, policy_path))
    if reallocate_leavers:
        loaded = loaded.model_copy(update={"reallocate_leavers": True})
    # the engine and the checker only once a day is read: --help and bad input stay quick
    from allocator.check import check
    from allocator.engine.pipeline import propose

    if db is not None:
        loaded = with_recorded_allocations(loaded, db, policy.court.po_share_period_days)
    try:
        proposal = propose(loaded, policy, settings)
    except ConnectionError as exc:
        fail_input([f"--cluster: {exc}"])
    # propose has just hashed these same objects in this process: no need to hash them again
    violations = check(loaded, policy, proposal, known_digest=proposal.run.input_digest)
    if violations:
        for v in violations:
            click.echo(f"error: internal check failed: [{v.rule}] {v.message}", err=True)
        click.echo(
            "error: the proposal breaks a hard rule and is not shown; please report this.", err=True
        )
        sys.exit(EXIT_FAILED)
    text = proposal.model_dump_json(indent=2)
    if out is not None:
        write_atomically(out, text + "\n")
    click.echo(text if as_json else render_proposal(proposal))
    if db is not None:
        from allocator.cli.saving import save_and_report  # the store only with --db

        save_and_report(db, proposal, loaded, policy, as_json)
    if proposal.run.status == "NO_SOLUTION":
        sys.exit(EXIT_FAILED)
