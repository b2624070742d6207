"""What ``allocator propose --db`` and ``--resolve`` add: saving a proposal, re-solving a saved
one around its decisions, and saying what changed."""

import sys
from pathlib import Path

import click

from allocator import SolveSettings
from allocator.cli.common import EXIT_FAILED, write_atomically
from allocator.cli.storage import now_utc, opened
from allocator.report.proposal_text import render_proposal
from allocator.store.resolve import Resolved, ResolveFailed, resolve
from models.policy import Policy
from models.proposal import Proposal
from models.scenario import Scenario


def save_and_report(
    db: str, proposal: Proposal, scenario: Scenario, policy: Policy, as_json: bool
) -> None:
    """Save a checked proposal and print its id (on stderr under --json, to keep stdout JSON)."""
    with opened(db, create=True) as store:
        saved = store.save_proposal(proposal, scenario, policy, now_utc())
        label = store.db.label
    click.echo(f"Saved proposal {saved.id} in {label}.", err=as_json)


def _summary(r: Resolved) -> list[str]:
    approved = sum(1 for d in r.pins.values() if d.action == "approve")
    out = [
        f"Saved proposal {r.saved.id}, a re-solve of {r.previous.id}: {len(r.pins)} pinned "
        f"({approved} approved, {len(r.pins) - approved} overridden), "
        f"{sum(len(v) for v in r.rejected.values())} rejection(s) applied.",
        f"Changes from {r.previous.id}:",
    ]
    out += [
        f"  {c.case_id}: {c.kind}"
        + (f" {c.before} -> {c.after}" if c.kind == "moved" else f" {c.before or c.after}")
        + f" ({c.why})"
        for c in r.changes
    ] or ["  none"]
    for v, d in r.on_record:
        where = " ".join(
            x for x in (v.case_id and f"case {v.case_id}", f"practitioner {v.practitioner_id}") if x
        )
        out.append(
            f"override on record [{v.rule}] {where}: {v.message} ({d.id}, accepted by {d.decided_by})"
        )
    return out


def resolve_and_report(
    db: str, proposal_id: str, settings: SolveSettings, as_json: bool, out: Path | None
) -> None:
    """Re-solve ``proposal_id`` around its decisions; print the new proposal and the changes."""
    with opened(db) as store:
        try:
            r = resolve(store, proposal_id, now_utc(), settings)
        except ResolveFailed as err:
            for v in err.violations:
                click.echo(f"error: internal check failed: [{v.rule}] {v.message}", err=True)
            click.echo(
                "error: the re-solved proposal breaks a hard rule no accepted override explains; "
                "it is not saved. Please report this.",
                err=True,
            )
            sys.exit(EXIT_FAILED)
    text = r.saved.proposal.model_dump_json(indent=2)
    if out is not None:
        write_atomically(out, text + "\n")
    click.echo(text if as_json else render_proposal(r.saved.proposal))
    for line in _summary(r):
        click.echo(line, err=as_json)
    if r.saved.proposal.run.status == "NO_SOLUTION":
        sys.exit(EXIT_FAILED)
