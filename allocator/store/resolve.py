"""Re-solve a saved proposal around the SPO's decisions, and save the result linked to it.

Approved and overridden lines are pinned (``allocator.Pin``); a rejected practitioner joins the
case's ``rejected_practitioners`` (the ``spo_rejection`` rule), and the scenario saved with the
new proposal carries those rejections, so a later re-solve keeps them. The lines nobody decided
go into the scenario as its ``previous_version``, so the ``stability`` term keeps them where
they were unless a decision forces a move, and the checker recomputes that term from the saved
scenario alone. The new proposal is
checked like any other; a violation that an accepted override put on record is reported as
such, and any other violation stops the re-solve before anything is saved.
"""

import datetime as dt
from dataclasses import dataclass

from allocator import Pin, SolveSettings, propose
from allocator.check import check
from allocator.store.deciding import LineState, line_states
from allocator.store.ledger import Decision, SavedProposal, Store
from models.check import Violation
from models.scenario import Scenario


class ResolveFailed(Exception):
    """The re-solved proposal breaks a hard rule that no accepted override explains."""

    def __init__(self, violations: list[Violation]) -> None:
        super().__init__("; ".join(v.message for v in violations))
        self.violations = violations


@dataclass(frozen=True)
class Change:
    """How one case's line differs between the previous proposal and the re-solved one."""

    case_id: str
    kind: str
    """``moved``, ``newly allocated`` or ``newly blocked``."""
    before: str | None
    after: str | None
    why: str


@dataclass(frozen=True)
class Resolved:
    """The outcome of a re-solve."""

    previous: SavedProposal
    saved: SavedProposal
    pins: dict[str, Decision]
    rejected: dict[str, list[str]]
    changes: list[Change]
    on_record: list[tuple[Violation, Decision]]


def _resolve_input(
    s: Scenario, rejected: dict[str, list[str]], previous_id: str, undecided: dict[str, str]
) -> Scenario:
    """The previous version's scenario with its rejections added and its undecided lines
    (case id -> practitioner) as the previous version the re-solve keeps stable."""
    data = s.model_dump(mode="json")
    for c in data["cases"]:
        if c["id"] in rejected:
            c["rejected_practitioners"] = sorted(
                set(c["rejected_practitioners"]) | set(rejected[c["id"]])
            )
    data["previous_version"] = {
        "proposal_id": previous_id,
        "lines": dict(sorted(undecided.items())),
    }
    return Scenario.model_validate(data)


def _accepted_by(v: Violation, pins: dict[str, Decision]) -> Decision | None:
    """The pinned decision whose accepted breach explains ``v``, if any."""
    for cid, d in sorted(pins.items()):
        if not d.breach_accepted or all(b.rule != v.rule for b in d.rule_breaches):
            continue
        if v.case_id == cid or (v.case_id is None and v.practitioner_id == d.practitioner_id):
            return d
    return None


def _changes(
    before: SavedProposal, after: SavedProposal, states: dict[str, LineState]
) -> list[Change]:
    old = {x.case_id: x.practitioner_id for x in before.proposal.lines}
    new = {x.case_id: x.practitioner_id for x in after.proposal.lines}
    out = []
    for cid in sorted(old.keys() | new.keys() | {b.case_id for b in after.proposal.blocked}):
        d = states[cid].decision if cid in states else None
        why = f"{d.action} {d.id}" if d is not None else "re-solve"
        if cid in old and cid in new and old[cid] != new[cid]:
            out.append(Change(cid, "moved", old[cid], new[cid], why))
        elif cid not in old and cid in new:
            out.append(Change(cid, "newly allocated", None, new[cid], why))
        elif cid in old and cid not in new:
            out.append(Change(cid, "newly blocked", old[cid], None, why))
    return out


def resolve(
    store: Store,
    proposal_id: str,
    at: dt.datetime,
    settings: SolveSettings | None = None,
    *,
    linear: bool = False,
) -> Resolved:
    """Re-solve ``proposal_id`` around its decisions and save the new proposal at ``at``.

    With ``linear`` (versions of a day, as the web service keeps them), the save is refused
    when ``proposal_id`` has been re-solved already (``Superseded``) or a decision was recorded
    on it while the solver ran (``Conflict``), whichever process did it.
    """
    previous = store.proposal(proposal_id)
    seen = len(store.decisions(proposal_id)) if linear else None
    states = {s.case_id: s for s in line_states(store, previous)}
    pins: dict[str, Decision] = {}
    rejected: dict[str, list[str]] = {}
    for cid, state in states.items():
        d = state.decision
        if d is None:
            continue
        if d.action == "reject":
            rejected.setdefault(cid, []).append(d.practitioner_id)
        else:
            pins[cid] = d
    undecided = {
        cid: state.proposed
        for cid, state in states.items()
        if state.decision is None and state.proposed is not None
    }
    scenario = _resolve_input(previous.scenario, rejected, previous.id, undecided)
    policy = previous.policy
    proposal = propose(
        scenario,
        policy,
        settings,
        pins={
            cid: Pin(d.practitioner_id, "approved")
            if d.action == "approve"
            else Pin(d.practitioner_id, "overridden", note=d.reason)
            for cid, d in pins.items()
        },
    )
    on_record, other = [], []
    for v in check(scenario, policy, proposal):
        d = _accepted_by(v, pins)
        if d is None:
            other.append(v)
        else:
            on_record.append((v, d))
    if other:
        raise ResolveFailed(other)
    saved = store.save_proposal(
        proposal, scenario, policy, at, previous_id=previous.id, after_decisions=seen
    )
    return Resolved(previous, saved, pins, rejected, _changes(previous, saved, states), on_record)
