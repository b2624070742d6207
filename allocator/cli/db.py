"""``allocator db``: bring a database's schema up to date, and set up PostgreSQL's app role."""

import click

from allocator.cli.storage import db_option, opened, store_errors
from allocator.store.db import connect
from allocator.store.migrations import LATEST, current_version, migrate


@click.group(name="db")
def db_group() -> None:
    """The decision database's schema and roles."""


@db_group.command(name="migrate")
@db_option()
def migrate_command(db: str) -> None:
    """Create the database or upgrade its schema to the latest version (a no-op when current)."""
    with store_errors():
        database = connect(db, create=True)
        try:
            applied = migrate(database)
            version = current_version(database)
        finally:
            database.close()
    if applied:
        click.echo(f"Schema at version {version} (applied {', '.join(map(str, applied))}).")
    else:
        click.echo(f"Schema already at version {version} (latest {LATEST}): nothing to do.")


@db_group.command(name="grant-app")
@click.argument("role")
@db_option()
def grant_app_command(role: str, db: str) -> None:
    """PostgreSQL: let ROLE read and append records, with no UPDATE or DELETE rights."""
    with opened(db) as store:
        store.grant_application_role(role)
    click.echo(f"{role} may now read and append; it may not update or delete records.")
