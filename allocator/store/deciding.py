"""An SPO's decision on one line of a saved proposal: approve, override or reject.

The rules of the workflow, above the ledger:

- every decision says who, why (the SPO's own words) and, from the caller, when;
- an approval takes the proposed practitioner; an override names another, and when the proposal
  with the override applied breaks a hard rule, the decision is refused unless the SPO accepts
  the breach explicitly; the rules it breaks are recorded with the decision;
- a rejection rejects the proposed practitioner for the case: a re-solve will not propose them;
- giving a held case to someone else is a reallocation and carries a reason code as the live
  service uses them (``models.enums.AllocationReason``);
- given the scenario as it stands at decision time, a decision whose case changed hands since the
  proposal was made is refused as a conflict;
- a change of mind is a new decision that supersedes the live one (``Store.append_decision``).
"""

import datetime as dt
from dataclasses import dataclass

from allocator.problem.day import Assignment, Day, build_day
from allocator.problem.digest import canonical_scenario, input_digest
from allocator.rules.registry import AGGREGATE_RULES, PAIR_RULES
from allocator.store.errors import BadRequest, Conflict
from allocator.store.identity import validate_identity
from allocator.store.ledger import (
    Breach,
    Decision,
    DecisionDraft,
    SavedProposal,
    Store,
    live_decisions,
)
from models.enums import AllocationReason
from models.limits import REASON_MAX_CHARS
from models.proposal import Proposal
from models.scenario import Scenario

ACTIONS = ("approve", "override", "reject")
REASON_CODES = tuple(r.value for r in AllocationReason)
_MOVE_CODES = tuple(c for c in REASON_CODES if c != AllocationReason.INITIAL_ALLOCATION.value)


@dataclass(frozen=True)
class DecisionRequest:
    """What an SPO asks to record, as given on the command line."""

    proposal_id: str
    case_id: str
    action: str
    decided_by: str
    reason: str
    practitioner_id: str | None = None
    reason_code: str | None = None
    accept_rule_breach: bool = False
    supersedes: str | None = None


def day_of(saved: SavedProposal) -> Day:
    """The day the saved proposal was made for, as the rules read it."""
    return build_day(canonical_scenario(saved.scenario, saved.policy), saved.policy)


def assignment_after(proposal: Proposal, history: list[Decision]) -> Assignment:
    """The proposal's allocation with every live decision applied: an override moves its case,
    a rejection takes its case out; undecided lines stand as proposed."""
    out = {line.case_id: line.practitioner_id for line in proposal.lines}
    for cid, d in live_decisions(history).items():
        if d.action == "reject":
            out.pop(cid, None)
        else:
            out[cid] = d.practitioner_id
    return out


def rule_breaches(day: Day, others: Assignment, case_id: str, target: str) -> list[Breach]:
    """The hard rules broken by giving ``case_id`` to ``target`` on top of ``others``.

    Pair rules are asked about the pair itself. Aggregate rules (capacity, volume, PQiP caps)
    are asked about the allocation with the case added: every rule ``target`` then breaks, and
    any another practitioner breaks only because of this decision.
    """
    case, p = day.case_by_id[case_id], day.staff_by_id[target]
    out = []
    for pair_rule in PAIR_RULES:
        sentence = pair_rule.excludes(day, case, p) if pair_rule.enabled(day) else None
        if sentence is not None:
            out.append(Breach(pair_rule.name, sentence))
    trial = {**others, case_id: target}
    for rule in AGGREGATE_RULES:
        if not rule.enabled(day):
            continue
        already = {pid for pid, _ in rule.violations(day, others)}
        for pid, sentence in rule.violations(day, trial):
            if pid == target or pid not in already:
                out.append(Breach(rule.name, sentence))
    return out


def _holder(s: Scenario, case_id: str) -> str | None:
    for c in s.cases:
        if c.id == case_id:
            return c.current_practitioner_id
    return next((h.practitioner_id for h in s.holdings if h.case_id == case_id), None)


def _reason_code(req: DecisionRequest, day: Day, target: str) -> str | None:
    """The reason code the decision carries: given, or the case's own reason on the list.

    Moving a held case to someone else is a reallocation: its code must be a move reason.
    """
    if req.reason_code is not None and req.reason_code not in REASON_CODES:
        raise BadRequest(
            f"unknown reason code '{req.reason_code}': use one of {', '.join(REASON_CODES)}"
        )
    if req.action == "reject":
        if req.reason_code is not None:
            raise BadRequest(
                "--reason-code goes with approve or override: a rejection allocates nothing"
            )
        return None
    case = day.case_by_id[req.case_id]
    own = case.reason.value
    holder = case.current_practitioner_id
    if holder is None or holder == target:
        return req.reason_code or own
    code = req.reason_code or (own if own in _MOVE_CODES else None)
    if code is None:
        raise BadRequest(
            f"{req.case_id} is held by {holder}: giving it to {target} is a reallocation and "
            f"needs --reason-code (one of {', '.join(_MOVE_CODES)})"
        )
    if code not in _MOVE_CODES:
        raise BadRequest(
            f"{code} is not a reason to move a held case: use one of {', '.join(_MOVE_CODES)}"
        )
    return code


def _check_current(saved: SavedProposal, current: Scenario, case_id: str) -> str:
    """Refuse when the case changed hands since the proposal; the compared scenario's digest."""
    then, now = _holder(saved.scenario, case_id), _holder(current, case_id)
    if then != now:
        raise Conflict(
            f"{case_id} changed hands since {saved.id} was made (its current practitioner was "
            f"{then or 'nobody'}, now {now or 'nobody'}): propose again on today's scenario"
        )
    # under the saved proposal's own scheme, so the two digests compare
    return input_digest(current, saved.policy, saved.proposal.run.digest_scheme)


def decide(
    store: Store,
    req: DecisionRequest,
    at: dt.datetime,
    current: Scenario | None = None,
    *,
    loaded: tuple[SavedProposal, Day] | None = None,
    current_only: bool = False,
) -> Decision:
    """Validate ``req`` against the saved proposal and the rules, and record it at ``at``.

    Raises ``BadRequest`` or ``NotFound`` for a request that cannot be recorded as asked, and
    ``Conflict`` when another decision came first or the case changed hands (``current``).

    ``loaded``: the saved proposal and its day (``day_of``) when the caller keeps them: a
    saved proposal never changes, so a service deciding many lines of one version reads and
    builds them once instead of per decision. ``current_only``: refuse a decision on a version
    a re-solve has superseded (``Superseded``), checked under the writers' lock.
    """
    if req.action not in ACTIONS:
        raise BadRequest(f"unknown decision '{req.action}': use approve, override or reject")
    by, reason = validate_identity(req.decided_by, "the decider's identity"), req.reason.strip()
    if not reason:
        raise BadRequest(
            "--reason is required: say why in your own words (it goes into the "
            "management-oversight record)"
        )
    if len(reason) > REASON_MAX_CHARS:
        raise BadRequest(
            f"--reason is {len(reason):,} characters long: at most {REASON_MAX_CHARS:,} go into "
            "the management-oversight record"
        )
    if any((ord(ch) < 32 and ch not in "\r\n\t") or ord(ch) == 127 for ch in reason):
        raise BadRequest("--reason contains control characters: write plain text")
    if loaded is not None and loaded[0].id == req.proposal_id:
        saved, day = loaded
    else:
        saved = store.proposal(req.proposal_id)
        day = day_of(saved)
    cid = req.case_id
    line = next((x for x in saved.proposal.lines if x.case_id == cid), None)
    if line is None and all(b.case_id != cid for b in saved.proposal.blocked):
        raise BadRequest(f"case {cid} is not in proposal {saved.id}")
    target = _target(req, saved, day, line.practitioner_id if line else None)
    code = _reason_code(req, day, target)
    checked = (
        _check_current(saved, current, cid)
        if current is not None and req.action != "reject"
        else None
    )
    proposed = line.practitioner_id if line else None

    def draft(history: list[Decision]) -> DecisionDraft:
        if req.action == "reject":
            return DecisionDraft("reject", target, proposed, reason, by)
        others = assignment_after(saved.proposal, history)
        others.pop(cid, None)
        breaches = rule_breaches(day, others, cid, target)
        if breaches and not req.accept_rule_breach:
            what = "; ".join(f"{b.rule}: {b.message}" for b in breaches)
            verb = "approving" if req.action == "approve" else "overriding to"
            raise BadRequest(
                f"{verb} {target} for {cid} breaks {len(breaches)} hard rule(s) ({what}); to "
                "record it anyway, say why in --reason and add --accept-rule-breach"
            )
        after = day.load_after({**others, cid: target})[target]
        return DecisionDraft(
            action=req.action,
            practitioner_id=target,
            proposed_practitioner_id=proposed,
            reason=reason,
            decided_by=by,
            reason_code=code,
            rule_breaches=tuple(breaches),
            breach_accepted=bool(breaches),
            workload_before_pct=day.pct(target, day.load_before[target]),
            workload_after_pct=day.pct(target, after),
            checked_scenario_digest=checked,
        )

    return store.append_decision(saved.id, cid, req.supersedes, draft, at, current_only)


def _target(req: DecisionRequest, saved: SavedProposal, day: Day, proposed: str | None) -> str:
    """The practitioner the decision is about: the proposed one, or the override's choice."""
    if req.action != "override":
        if req.practitioner_id is not None:
            raise BadRequest(
                f"{req.action} takes no practitioner: it is about the proposed one; to choose "
                "another, override"
            )
        if proposed is None:
            raise BadRequest(
                f"{req.case_id} is blocked in {saved.id}: there is no proposed practitioner to "
                f"{req.action}; override with a practitioner, or leave it open"
            )
        return proposed
    if not req.practitioner_id:
        raise BadRequest("override needs the practitioner who takes the case instead")
    if req.practitioner_id not in day.staff_by_id:
        raise BadRequest(
            f"unknown practitioner '{req.practitioner_id}': not in the scenario of {saved.id}"
        )
    if req.practitioner_id == proposed:
        raise BadRequest(
            f"{proposed} is the proposed practitioner for {req.case_id}: approve instead"
        )
    return req.practitioner_id


@dataclass(frozen=True)
class LineState:
    """Where one case of a proposal stands: its effective decision and where it was made."""

    case_id: str
    proposed: str | None
    decision: Decision | None
    carried_from: str | None = None
    """The earlier proposal the decision was recorded on, when the line is pinned from it."""

    @property
    def is_open(self) -> bool:
        """No decision yet."""
        return self.decision is None


def line_states(store: Store, saved: SavedProposal) -> list[LineState]:
    """Every case of the proposal (lines, then blocked) with its effective decision.

    A line's own live decision counts first. A line pinned on a re-solve (``decided`` set)
    carries the decision it was pinned from, found on the earlier proposals.
    """
    live = live_decisions(store.decisions(saved.id))
    out = []
    for line in saved.proposal.lines:
        d, origin = live.get(line.case_id), None
        if d is None and line.decided is not None:
            d, origin = _carried(store, saved, line.case_id)
        out.append(LineState(line.case_id, line.practitioner_id, d, origin))
    out += [LineState(b.case_id, None, live.get(b.case_id)) for b in saved.proposal.blocked]
    return out


def _carried(
    store: Store, saved: SavedProposal, case_id: str
) -> tuple[Decision | None, str | None]:
    previous_id = saved.previous_id
    while previous_id is not None:
        previous = store.proposal(previous_id)
        d = live_decisions(store.decisions(previous.id)).get(case_id)
        if d is not None and d.action != "reject":
            return d, previous.id
        line = next((x for x in previous.proposal.lines if x.case_id == case_id), None)
        if line is None or line.decided is None:
            break
        previous_id = previous.previous_id
    return None, None
