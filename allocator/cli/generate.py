"""``allocator generate``: a synthetic scenario as compact, deterministic JSON.

The same size, seed and options give the same bytes. Large sizes report progress on stderr.
"""

import sys
import time
from datetime import date
from pathlib import Path

import click

from allocator.cli.common import write_atomically
from allocator.io.export import EXPORT_PROFILES, write_exports
from allocator.io.profiles import load_profile
from allocator.synth import SIZES, generate_from_spec, spec_for


@click.command()
@click.option("--size", type=click.Choice(list(SIZES)), required=True, help="Preset size.")
@click.option("--seed", type=int, required=True, help="Random seed: the same seed, the same file.")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Scenario JSON file to write ('-' for stdout).",
)
@click.option(
    "--as-export",
    "export_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Also write the scenario as the shipped profiles' exports (CSV and XLSX) in this folder.",
)
@click.option("--pdus", type=click.IntRange(min=1), default=None, help="Total PDUs.")
@click.option("--pods", type=click.IntRange(min=1), default=None, help="Total PODs.")
@click.option(
    "--practitioners",
    type=click.IntRange(min=1),
    default=None,
    help="Case-holding practitioners (PO, PSO, PQiP); each POD also gets an SPO and CA.",
)
@click.option("--cases", type=click.IntRange(min=0), default=None, help="Cases on the day's list.")
@click.option(
    "--holdings",
    type=click.IntRange(min=0),
    default=None,
    help="Existing holdings in total (default: caseloads filled to the utilisation target).",
)
@click.option(
    "--utilisation",
    type=click.FloatRange(min=0, min_open=True, max=2),
    default=None,
    help="Mean utilisation of existing caseloads as a fraction (default 0.85).",
)
@click.option(
    "--date",
    "day",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="The allocation date (default 2026-11-25).",
)
@click.option(
    "--framework",
    type=click.Choice(["unified_2021", "nps_2016"]),
    default=None,
    help="Tiering framework of the tiers (default unified_2021).",
)
@click.option("--name", "scenario_name", default=None, help="Scenario name.")
@click.option(
    "--court",
    is_flag=True,
    default=False,
    help="Court days instead: court teams, courts, rota and report requests (--size pdu|region).",
)
@click.option("--courts", type=click.IntRange(min=1), default=None, help="Court: courts per PDU.")
@click.option(
    "--writers", type=click.IntRange(min=2), default=None, help="Court: writers per court team."
)
@click.option(
    "--requests",
    type=click.IntRange(min=1),
    default=None,
    help="Court: report requests per PDU per day.",
)
@click.option(
    "--days",
    type=click.IntRange(min=1),
    default=None,
    help="Court: weekdays from --date (default Monday 2026-11-23 when above 1), one file each "
    "beside --out (day.json -> day-2026-11-23.json).",
)
def generate(
    size: str,
    seed: int,
    out: Path | None,
    export_dir: Path | None,
    pdus: int | None,
    pods: int | None,
    practitioners: int | None,
    cases: int | None,
    holdings: int | None,
    utilisation: float | None,
    day: object,
    framework: str | None,
    scenario_name: str | None,
    court: bool,
    courts: int | None,
    writers: int | None,
    requests: int | None,
    days: int | None,
) -> None:
    """Write a synthetic scenario of SIZE drawn from SEED to OUT.

    With --as-export DIR, also writes the exports the shipped import profiles read
    (docs/import.md). With --court, writes court days instead (scenarios/README.md, "Court
    days"). Exit codes: 0 written, 2 bad options.
    """
    when: date | None = day.date() if day is not None else None  # type: ignore[attr-defined]
    court_only = {"--courts": courts, "--writers": writers, "--requests": requests, "--days": days}
    case_only = {
        "--as-export": export_dir,
        "--pods": pods,
        "--practitioners": practitioners,
        "--cases": cases,
        "--holdings": holdings,
        "--utilisation": utilisation,
        "--framework": framework,
    }
    wrong = [k for k, v in (case_only if court else court_only).items() if v is not None]
    if wrong:
        where = "with" if court else "without"
        click.echo(f"allocator generate: {wrong[0]} does not apply {where} --court", err=True)
        sys.exit(2)
    if court:
        if out is None:
            click.echo("allocator generate: --court needs --out", err=True)
            sys.exit(2)
        from allocator.cli.generate_court import write_court_days

        options: dict[str, object] = {
            "pdus": pdus,
            "courts": courts,
            "writers": writers,
            "requests": requests,
            "days": days,
            "day": when,
            "scenario_name": scenario_name,
        }
        write_court_days(size, seed, out, options)
        return
    if out is None and export_dir is None:
        click.echo("allocator generate: give --out, --as-export or both", err=True)
        sys.exit(2)
    loud = size in ("region", "country")
    start = time.perf_counter()

    def progress(message: str) -> None:
        if loud:
            click.echo(f"[{time.perf_counter() - start:6.1f}s] {message}", err=True)

    try:
        spec = spec_for(
            size,
            pdus=pdus,
            pods=pods,
            practitioners=practitioners,
            cases=cases,
            holdings=holdings,
            utilisation=utilisation,
            day=when,
            framework=framework,
            scenario_name=scenario_name,
        )
    except ValueError as err:
        click.echo(f"allocator generate: {err}", err=True)
        sys.exit(2)
    scenario = generate_from_spec(spec, seed, progress)
    text = scenario.model_dump_json() + "\n"
    if out is None:
        pass
    elif str(out) == "-":
        click.echo(text, nl=False)
    else:
        write_atomically(out, text)  # created 0600, like every file the project writes
    if export_dir is not None:
        for name in EXPORT_PROFILES:
            write_exports(scenario, load_profile(name), export_dir, name)
    progress(
        f"wrote {out or export_dir}: {len(scenario.practitioners):,} staff, {len(scenario.holdings):,} "
        f"holdings, {len(scenario.cases):,} cases"
    )
