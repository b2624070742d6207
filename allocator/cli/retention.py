"""``allocator store``: erase a saved proposal's personal data on request, or every proposal
past the retention period, leaving a chain that still verifies (docs/decisions.md, Retention
and erasure).

The retention period is ``--days``, else ``ALLOCATOR_RETENTION_DAYS``, else ``retention_days``
in the allocator config file; there is no built-in default, because the period is the data
controller's decision, not the software's.
"""

import datetime as dt
import os

import click

from allocator.cli.identity import config_path, config_value, configured_identity
from allocator.cli.storage import db_option, now_utc, opened, store_errors
from allocator.store import BadRequest

MAX_RETENTION_DAYS = 36_500


def retention_days(given: int | None) -> int:
    """The configured retention period in days; ``BadRequest`` if none or out of range."""
    if given is not None:
        value: object = given
        where = "--days"
    elif os.environ.get("ALLOCATOR_RETENTION_DAYS"):
        value, where = os.environ["ALLOCATOR_RETENTION_DAYS"].strip(), "ALLOCATOR_RETENTION_DAYS"
    else:
        value, where = config_value("retention_days"), f"'retention_days' in {config_path()}"
        if value is None:
            raise BadRequest(
                "no retention period: give --days, or set ALLOCATOR_RETENTION_DAYS or "
                "'retention_days' in the allocator config file"
            )
    try:
        days = int(str(value))
    except ValueError:
        raise BadRequest(f"{where} must be a whole number of days") from None
    if not 1 <= days <= MAX_RETENTION_DAYS:
        raise BadRequest(f"{where} must be from 1 to {MAX_RETENTION_DAYS} days")
    return days


@click.group(name="store")
def store_group() -> None:
    """Retention and erasure of the personal data in saved proposals."""


@store_group.command(name="erase")
@click.argument("proposal_id")
@db_option()
def erase_command(proposal_id: str, db: str) -> None:
    """Erase PROPOSAL_ID's saved scenario and proposal on a person's request.

    The record, its digests and its decisions remain, and the erasure is recorded in the chain
    under your identity. Run it as the database owner on PostgreSQL.
    """
    with store_errors():
        me = configured_identity()
    with opened(db) as store:
        head = store.erase(proposal_id, me, now_utc(), "request")
    click.echo(
        f"Erased the scenario and proposal of {proposal_id}, recorded as {head.record_id} by "
        f"{me}; its decisions and digests remain."
    )


@store_group.command(name="retention")
@click.option("--days", type=int, help="The retention period (else configured).")
@click.option("--erase", "do_erase", is_flag=True, help="Erase them (else only list them).")
@db_option()
def retention_command(days: int | None, do_erase: bool, db: str) -> None:
    """List, or with --erase erase, the proposals for days older than the retention period."""
    with store_errors():
        period = retention_days(days)
        me = configured_identity() if do_erase else ""
    today = now_utc().date()
    cutoff = today - dt.timedelta(days=period)
    with opened(db) as store:
        due = store.past_retention(cutoff)
        if not due:
            click.echo(f"Nothing held for days before {cutoff.isoformat()} ({period} days).")
            return
        if not do_erase:
            click.echo(
                f"{len(due)} proposal(s) for days before {cutoff.isoformat()} ({period} days) "
                f"hold personal data: {', '.join(due)}. Add --erase to erase them."
            )
            return
        records = [store.erase(pid, me, now_utc(), "retention").record_id for pid in due]
    click.echo(
        f"Erased {len(due)} proposal(s) for days before {cutoff.isoformat()} ({period} days): "
        + ", ".join(f"{p} ({r})" for p, r in zip(due, records, strict=True))
        + "."
    )
