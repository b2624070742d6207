"""``allocator bench``: the engine against the greedy baseline and the bound, by size."""

import sys
from pathlib import Path

import click

from allocator.bench.instances import SIZES
from allocator.bench.measure import Result
from allocator.bench.run import from_csv, merged, run, scale_curve_png, to_csv
from allocator.cli.common import EXIT_FAILED, fail_input, reading, write_atomically
from allocator.io.errors import InputError
from allocator.report.bench import table
from allocator.store.files import private_umask


@click.command(name="bench")
@click.option(
    "--size",
    "sizes",
    multiple=True,
    type=click.Choice(list(SIZES)),
    default=["daily", "pdu"],
    show_default=True,
    help="Sizes to run (repeatable); 'country' is about 240,000 cases.",
)
@click.option(
    "--seed",
    "seeds",
    multiple=True,
    type=int,
    default=[1],
    show_default=True,
    help="Seeds (repeatable).",
)
@click.option(
    "--time-limit",
    type=float,
    default=10.0,
    show_default=True,
    help="Engine time limit per run, seconds.",
)
@click.option(
    "--repeats",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Timed repeats; the median is reported.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    help=(
        "Write results.csv (and scale_curve.png) here; rows of other instances already in "
        "results.csv are kept, so sizes run separately share one file and one curve."
    ),
)
def bench(
    sizes: tuple[str, ...],
    seeds: tuple[int, ...],
    time_limit: float,
    repeats: int,
    out_dir: Path | None,
) -> None:
    """Run the engine and the greedy baseline on generated instances; print a table.

    Exits 1 if any result breaks a hard rule.
    """
    earlier: list[Result] = []
    if out_dir is not None:  # checked before what may be hours of running
        if out_dir.exists() and not out_dir.is_dir():
            fail_input([f"{out_dir}: --out must be a folder; this is a file"])
        csv_path = out_dir / "results.csv"
        if csv_path.exists():
            earlier = reading(lambda: _read_results(csv_path))
    results = run(
        list(sizes), list(seeds), time_limit, repeats, lambda m: click.echo(f"bench: {m}", err=True)
    )
    click.echo(table(results))
    if out_dir is not None:
        csv_path = out_dir / "results.csv"
        everything = merged(earlier, results)
        write_atomically(csv_path, to_csv(everything))
        with private_umask():
            drawn = scale_curve_png(everything, out_dir / "scale_curve.png")
        if not drawn:
            click.echo(
                "bench: matplotlib not installed; no PNG written (pip install matplotlib)", err=True
            )
    invalid = [r for r in results if not r.valid]
    if invalid:
        for r in invalid:
            click.echo(f"error: {r.instance} {r.method}: the result breaks a hard rule", err=True)
        sys.exit(EXIT_FAILED)


def _read_results(path: Path) -> list[Result]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError([f"{path}: cannot be read ({type(err).__name__})"]) from None
    return from_csv(text, str(path))
