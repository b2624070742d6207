"""``allocator generate --court``: synthetic court days, one scenario file per day.

Kept apart from ``generate.py`` so that the case-allocation generator's options stay as they
were; ``generate`` hands over here when ``--court`` is given.
"""

import sys
from datetime import date
from pathlib import Path
from typing import NoReturn

import click

from allocator.cli.common import write_atomically
from allocator.synth.court import court_days_from_spec
from allocator.synth.court_spec import COURT_SIZES, court_spec_for


def day_path(out: Path, day: date) -> Path:
    """Where one day of several goes: ``week.json`` -> ``week-2026-11-23.json`` beside it."""
    return out.with_name(f"{out.stem}-{day.isoformat()}{out.suffix or '.json'}")


def write_court_days(
    size: str,
    seed: int,
    out: Path,
    options: dict[str, object],
) -> None:
    """Draw the court days and write them; exit 2 with one line on bad options.

    One day goes to ``out`` ('-' for stdout); several go beside it, one file per day named by
    its date (``day_path``). Every day is drawn before any file is written, so bad options
    write nothing.
    """
    if size not in COURT_SIZES:
        _fail(f"--court takes --size {' or '.join(COURT_SIZES)}, not '{size}'")
    try:
        spec = court_spec_for(size, **options)
    except ValueError as err:
        _fail(str(err))
    if spec.days > 1 and str(out) == "-":
        _fail("--days above 1 writes one file per day: give --out FILE, not '-'")
    loud = size == "region"
    scenarios = court_days_from_spec(
        spec, seed, (lambda m: click.echo(m, err=True)) if loud else None
    )
    for scenario in scenarios:
        text = scenario.model_dump_json() + "\n"
        if str(out) == "-":
            click.echo(text, nl=False)
            continue
        target = out if spec.days == 1 else day_path(out, scenario.date)
        write_atomically(target, text)  # created 0600, like every file the project writes
        if loud:
            click.echo(
                f"wrote {target}: {len(scenario.practitioners):,} staff, "
                f"{len(scenario.courts):,} courts, {len(scenario.cases):,} report requests",
                err=True,
            )


def _fail(message: str) -> NoReturn:
    click.echo(f"allocator generate: {message}", err=True)
    sys.exit(2)
