"""What the commands that use the store share: the ``--db`` option, opening the store, the
clock, and turning a store error into one line and its exit code."""

import datetime as dt
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import click

from allocator.store import Conflict, Store, StoreError

DEFAULT_DB = "allocator.db"
F = TypeVar("F", bound=Callable[..., Any])


def db_option(default: str | None = DEFAULT_DB) -> Callable[[F], F]:
    """``--db``: a SQLite file or a postgresql:// URL; ``ALLOCATOR_DB`` when not given."""
    return click.option(
        "--db",
        envvar="ALLOCATOR_DB",
        default=default,
        show_default=default is not None,
        help="The database: a SQLite file path or a postgresql:// URL (env ALLOCATOR_DB).",
    )


def now_utc() -> dt.datetime:
    """The time of a decision or a save, taken here at the edge, in UTC."""
    return dt.datetime.now(dt.UTC)


@contextmanager
def store_errors() -> Iterator[None]:
    """A StoreError becomes one line on stderr and its exit code (1 conflict, 2 otherwise)."""
    try:
        yield
    except Conflict as err:
        click.echo(f"conflict: {err}", err=True)
        sys.exit(err.exit_code)
    except StoreError as err:
        click.echo(f"error: {err}", err=True)
        sys.exit(err.exit_code)


@contextmanager
def opened(db: str, *, create: bool = False) -> Iterator[Store]:
    """The store at ``db`` for the length of a command, with its errors handled."""
    with store_errors():
        store = Store.open(db, create=create)
        try:
            yield store
        finally:
            store.close()
