"""``allocator audit``: check the decision record's hash chain, or print its head."""

import sys

import click

from allocator.cli.common import EXIT_FAILED
from allocator.cli.storage import db_option, opened


@click.group(name="audit")
def audit() -> None:
    """Tamper evidence for the saved proposals and decisions."""


@audit.command(name="verify")
@click.option(
    "--expect-head",
    metavar="HASH",
    help="A head printed earlier by 'allocator audit head': it must still be in the chain.",
)
@db_option()
def verify_command(expect_head: str | None, db: str) -> None:
    """Re-hash every record; name any record edited, deleted or replaced. Exit 1 if any."""
    with opened(db) as store:
        report = store.verify(expect_head)
    if report.problems:
        for problem in report.problems:
            click.echo(f"tampered: {problem}")
        click.echo(f"FAILED: {len(report.problems)} problem(s) in {report.records} records.")
        sys.exit(EXIT_FAILED)
    click.echo(
        f"OK: {report.records} records ({report.proposals} proposals, {report.decisions} "
        f"decisions) chain to head {report.head.describe()}."
    )


@audit.command(name="head")
@db_option()
def head_command(db: str) -> None:
    """Print the chain's head: its hash, the record and its seq. Keep it to check later."""
    with opened(db) as store:
        click.echo(store.head().describe())
