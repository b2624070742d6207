"""``allocator audit``: check the decision record's keyed chain, keep its head, rotate its key.

A head kept outside the database is what shows that the newest records were cut off, or the
chain's end edited and re-hashed: ``audit head --witness`` writes it to a witness file (0600),
and ``audit verify`` reads that file by default. The witness file is ``--witness FILE``, else
``ALLOCATOR_WITNESS_FILE``, else one per database in the user's configuration folder.
"""

import hashlib
import os
import sys
from pathlib import Path

import click

from allocator.cli.common import EXIT_FAILED
from allocator.cli.identity import configured_identity
from allocator.cli.storage import db_option, now_utc, opened, store_errors
from allocator.store import BadRequest
from allocator.store.chain import parse_head
from allocator.store.db import is_postgres_url
from allocator.store.files import write_private
from allocator.store.keys import config_dir


def witness_path(given: str | None, label: str) -> Path:
    """The witness file: ``given``, else ``ALLOCATOR_WITNESS_FILE``, else the per-database one."""
    if given:
        return Path(given)
    env = os.environ.get("ALLOCATOR_WITNESS_FILE")
    if env:
        return Path(env)
    if not is_postgres_url(label):  # the same SQLite file however its path was written
        label = str(Path(label).resolve())
    name = hashlib.sha256(label.encode("utf-8")).hexdigest()[:16]
    return config_dir() / "witness" / f"{name}.head"


def _read_witness(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as err:
        raise BadRequest(f"{path}: cannot read the witness file ({type(err).__name__})") from None
    try:
        parse_head(text)
    except BadRequest:
        raise BadRequest(
            f"{path}: not a witness file (it should hold one line as 'allocator audit head' "
            "prints it)"
        ) from None
    return text


@click.group(name="audit")
def audit() -> None:
    """Tamper evidence for the saved proposals and decisions."""


@audit.command(name="verify")
@click.option(
    "--expect-head",
    metavar="HEAD",
    help="A head printed earlier by 'allocator audit head' (the whole line, or its hash): it "
    "must still be in the chain at its place.",
)
@click.option(
    "--witness",
    metavar="FILE",
    help="The witness file written by 'audit head --witness' (default: ALLOCATOR_WITNESS_FILE, "
    "else the per-database file in the configuration folder, when it exists).",
)
@db_option()
def verify_command(expect_head: str | None, witness: str | None, db: str) -> None:
    """Re-hash every record with the chain key; name any record edited, deleted, forged or cut
    off. Exit 1 if any."""
    with opened(db) as store:
        path = witness_path(witness, store.db.label)
        kept = _read_witness(path) if witness or path.exists() else None
        report = store.verify(kept if kept is not None else expect_head)
        if kept is not None and expect_head is not None:
            also = store.verify(expect_head).problems
            report.problems.extend(p for p in also if p not in report.problems)
    if report.problems:
        for problem in report.problems:
            click.echo(f"tampered: {problem}")
        click.echo(f"FAILED: {len(report.problems)} problem(s) in {report.records} records.")
        sys.exit(EXIT_FAILED)
    click.echo(
        f"OK: {report.records} records ({report.proposals} proposals, {report.decisions} "
        f"decisions"
        + (f", {report.key_rotations} key rotations" if report.key_rotations else "")
        + ") chain to head "
        f"{report.head.describe()}" + (f"; the head kept in {path} is in it." if kept else ".")
    )


@audit.command(name="head")
@click.option(
    "--witness",
    metavar="FILE",
    is_flag=False,
    flag_value="",
    default=None,
    help="Also write the head to this witness file (0600), which 'audit verify' reads; without "
    "FILE, ALLOCATOR_WITNESS_FILE or the per-database file.",
)
@db_option()
def head_command(witness: str | None, db: str) -> None:
    """Print the chain's head: its hash, the record and its seq. Keep it to check later."""
    with opened(db) as store:
        line = store.head().describe()
        label = store.db.label
    click.echo(line)
    if witness is not None:
        path = witness_path(witness, label)
        with store_errors():
            try:
                write_private(path, line + "\n")
            except OSError as err:
                raise BadRequest(
                    f"{path}: cannot write the witness ({type(err).__name__})"
                ) from None
        click.echo(f"Kept in {path}.", err=True)


@audit.command(name="rotate-key")
@db_option()
def rotate_key_command(db: str) -> None:
    """Start a new chain key; the change is recorded in the chain under your identity."""
    with store_errors():
        me = configured_identity()
    with opened(db) as store:
        head = store.rotate_key(me, now_utc())
        kid = store.keys.current_id
        path = store.keys.path
    click.echo(
        f"Rotated the chain key: new key {kid}, recorded as {head.record_id} by {me}. {path} "
        "keeps the old keys, which verify the records made before; back it up."
    )
