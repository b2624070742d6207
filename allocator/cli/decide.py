"""``allocator decide`` records an SPO's decision on one line; ``allocator decisions`` shows
what is decided on a proposal and what is still open."""

from pathlib import Path

import click

from allocator.cli.common import reading
from allocator.cli.identity import identity_for
from allocator.cli.storage import db_option, now_utc, opened, store_errors
from allocator.io.scenario_files import read_scenario
from allocator.report.proposal_text import kind_cell
from allocator.store import DecisionRequest, Store, decide, line_states
from allocator.store.deciding import REASON_CODES


@click.command(name="decide")
@click.argument("proposal_id")
@click.argument("case_id")
@click.argument("action", metavar="approve|override PRACTITIONER|reject")
@click.argument("practitioner", required=False)
@click.option(
    "--by",
    "decided_by",
    default=None,
    help="Optional check: must equal the configured identity (ALLOCATOR_IDENTITY, the config "
    "file's 'identity', or the OS user), which is what is recorded.",
)
@click.option(
    "--reason", default="", help="Why, in your own words (goes into the oversight record)."
)
@click.option(
    "--reason-code",
    help="Reallocation reason code, as the live service uses them: "
    + ", ".join(REASON_CODES)
    + ".",
)
@click.option(
    "--accept-rule-breach",
    is_flag=True,
    help="Record an override that breaks a hard rule (flagged, with the rules it breaks).",
)
@click.option(
    "--supersedes",
    metavar="DECISION_ID",
    help="The live decision on this line that this one replaces (a change of mind).",
)
@click.option(
    "--scenario",
    "scenario_path",
    type=click.Path(path_type=Path),
    help="Today's scenario: refuse the decision if the case changed hands since the proposal.",
)
@db_option()
def decide_command(
    proposal_id: str,
    case_id: str,
    action: str,
    practitioner: str | None,
    decided_by: str | None,
    reason: str,
    reason_code: str | None,
    accept_rule_breach: bool,
    supersedes: str | None,
    scenario_path: Path | None,
    db: str,
) -> None:
    """Record a decision on CASE_ID of PROPOSAL_ID: approve, override PRACTITIONER, or reject.

    Exits 0 when recorded, 1 on a conflict (someone decided first, or the case changed hands),
    2 on bad input.
    """
    with store_errors():
        me = identity_for(decided_by)
    current = reading(lambda: read_scenario(scenario_path)[0]) if scenario_path else None
    request = DecisionRequest(
        proposal_id=proposal_id,
        case_id=case_id,
        action=action,
        decided_by=me,
        reason=reason,
        practitioner_id=practitioner,
        reason_code=reason_code,
        accept_rule_breach=accept_rule_breach,
        supersedes=supersedes,
    )
    with opened(db) as store:
        d = decide(store, request, now_utc(), current)
        names = {p.id: p.name for p in store.proposal(proposal_id).scenario.practitioners}
    what = {"approve": "approved", "override": "overridden to", "reject": "rejected"}[d.action]
    click.echo(
        f"Recorded {d.id}: {d.case_id} {what} {names[d.practitioner_id]} ({d.practitioner_id}) "
        f"on {d.proposal_id}, by {d.decided_by} at {d.decided_at}."
    )
    for b in d.rule_breaches:
        click.echo(f"Rule breach on record [{b.rule}]: {b.message}")


def render_decisions(store: Store, proposal_id: str) -> str:
    """Every case of the proposal with its decision, or open, and a summary line."""
    saved = store.proposal(proposal_id)
    states = line_states(store, saved)
    names = {p.id: p.name for p in saved.scenario.practitioners}
    tiers = {x.case_id: kind_cell(x.tier, x.report) for x in saved.proposal.lines} | {
        b.case_id: kind_cell(b.tier, b.report) for b in saved.proposal.blocked
    }
    run = saved.proposal.run
    out = [
        f"Proposal {saved.id} for {run.date.isoformat()}"
        + (f" - {run.scenario_name}" if run.scenario_name else "")
        + (f" (re-solve of {saved.previous_id})" if saved.previous_id else ""),
        "",
        f"{'case':<12} {'tier':<4} {'proposed':<26} {'decision':<9} {'practitioner':<26} record",
    ]
    counts = {"approve": 0, "override": 0, "reject": 0}
    for s in states:
        proposed = names.get(s.proposed, "") if s.proposed else "(blocked)"
        d = s.decision
        if d is None:
            out.append(f"{s.case_id:<12} {tiers[s.case_id]:<4} {proposed[:26]:<26} open")
            continue
        counts[d.action] += 1
        record = f"{d.id} by {d.decided_by} at {d.decided_at}"
        if s.carried_from:
            record += f" (pinned from {s.carried_from})"
        if d.rule_breaches:
            record += " [breaks " + ", ".join(b.rule for b in d.rule_breaches) + "]"
        out.append(
            f"{s.case_id:<12} {tiers[s.case_id]:<4} {proposed[:26]:<26} {d.action:<9} "
            f"{names.get(d.practitioner_id, d.practitioner_id)[:26]:<26} {record}"
        )
    still_open = [s.case_id for s in states if s.is_open]
    out += [
        "",
        f"{len(states)} cases: {counts['approve']} approved, {counts['override']} overridden, "
        f"{counts['reject']} rejected, {len(still_open)} open"
        + (f" ({', '.join(still_open)})" if still_open else ""),
    ]
    if counts["reject"]:
        out.append(
            f"Rejected lines need a new practitioner: allocator propose --resolve {saved.id}"
        )
    return "\n".join(out)


@click.command(name="decisions")
@click.argument("proposal_id")
@db_option()
def decisions_command(proposal_id: str, db: str) -> None:
    """Show what is decided on PROPOSAL_ID and what is still open."""
    with opened(db) as store:
        click.echo(render_decisions(store, proposal_id))
