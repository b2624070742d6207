"""``allocator users``: the web service's local accounts (docs/web.md, "Roles")."""

import sys

import click

from allocator.cli.common import EXIT_BAD_INPUT
from allocator.cli.storage import db_option, store_errors
from allocator.store.accounts import ROLES, UserError, UserStore


@click.group(name="users")
def users() -> None:
    """Local accounts of the web service: who may sign in, and what they may do."""


@users.command(name="add")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), required=True, help="What the user may do.")
@click.option("--pdu", "pdus", multiple=True, help="A PDU the user works for (repeat).")
@click.option("--pod", "pods", multiple=True, help="A POD the user works for (repeat).")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from standard input (else prompted; none with --no-password).",
)
@click.option(
    "--no-password", is_flag=True, help="No password: sign-in only through the SSO header."
)
@click.option("--replace", is_flag=True, help="Change an existing account.")
@db_option()
def add(
    name: str,
    role: str,
    pdus: tuple[str, ...],
    pods: tuple[str, ...],
    password_stdin: bool,
    no_password: bool,
    replace: bool,
    db: str,
) -> None:
    """Add the account NAME (a password of 12 characters or more, hashed with argon2)."""
    if no_password:
        password = None
    elif password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        with store_errors():
            user = UserStore(db).add(name, role, password, list(pdus), list(pods), replace=replace)
    except UserError as err:
        click.echo(f"error: {err}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    scope = ", ".join(sorted(user.pdus | user.pods)) or "every PDU"
    click.echo(f"{'Updated' if replace else 'Added'} {user.name}: {user.role} for {scope}.")


@users.command(name="list")
@db_option()
def list_users(db: str) -> None:
    """Every account with its role and units (never a password hash)."""
    with store_errors():
        accounts = UserStore(db).all()
    for u in accounts:
        scope = ", ".join(sorted(u.pdus | u.pods)) or "every PDU"
        click.echo(f"{u.name:<24} {u.role:<10} {scope}")
