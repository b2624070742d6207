"""``allocator oversight export``: the management-oversight record of a proposal's decisions."""

from pathlib import Path

import click

from allocator.cli.common import write_atomically
from allocator.cli.storage import db_option, opened
from allocator.report.oversight import oversight_entries, to_csv, to_markdown


@click.group(name="oversight")
def oversight() -> None:
    """The management-oversight record (SBAR) of SPO decisions."""


@oversight.command(name="export")
@click.option("--proposal", "proposal_id", required=True, help="The proposal id (P-000001).")
@click.option("--format", "fmt", type=click.Choice(["csv", "md"]), default="md", show_default=True)
@click.option("--out", type=click.Path(path_type=Path), help="Write to this file (else print it).")
@db_option()
def export_command(proposal_id: str, fmt: str, out: Path | None, db: str) -> None:
    """One SBAR entry per decision on the proposal, as CSV or Markdown."""
    with opened(db) as store:
        saved = store.proposal(proposal_id)
        entries = oversight_entries(saved, store.decisions(proposal_id))
    text = to_csv(entries) if fmt == "csv" else to_markdown(saved, entries)
    if out is None:
        click.echo(text, nl=False)
        return
    write_atomically(out, text)
    click.echo(f"Wrote {len(entries)} oversight entries for {proposal_id} to {out}.")
