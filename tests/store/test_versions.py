"""Versions of a day under the writers' lock, for services with more than one process: a first
version is saved once per input, a superseded version takes no decision, and a re-solve that
was overtaken (by another re-solve, or by a decision recorded while it ran) is not saved."""

import pytest

from allocator.store import Conflict, DecisionRequest, Store, Superseded, decide
from allocator.store.resolve import resolve
from tests.store.support import at, save


def _approve(store: Store, pid: str, cid: str, **kw: object) -> None:
    decide(store, DecisionRequest(pid, cid, "approve", "A. Senior", "Agreed."), at(1), **kw)  # type: ignore[arg-type]


def test_a_first_version_is_saved_once_per_input(store: Store) -> None:
    """Saving the same input again as a first version with ``once`` returns the first one."""
    first = save(store)
    again = store.save_proposal(first.proposal, first.scenario, first.policy, at(2), once=True)
    assert again.id == first.id and store.proposal_ids() == [first.id]
    assert store.first_version(first.proposal.run.input_digest) == first.id


def test_a_superseded_version_takes_no_decision(store: Store) -> None:
    """After a linear re-solve, a decision with ``current_only`` on the old version is refused
    and names the new one; the chain of versions reads oldest first."""
    first = save(store)
    new = resolve(store, first.id, at(5), linear=True).saved
    assert store.versions_from(first.id) == [first.id, new.id]
    with pytest.raises(Superseded) as refused:
        _approve(store, first.id, "C1", current_only=True)
    assert refused.value.current == new.id
    assert store.decisions(first.id) == []


def test_an_overtaken_re_solve_is_not_saved(store: Store) -> None:
    """A second linear re-solve of the same version is refused as superseded; a re-solve whose
    version got a decision after it read them (none) is refused as a conflict, and nothing is
    saved."""
    first = save(store)
    resolve(store, first.id, at(5), linear=True)
    with pytest.raises(Superseded):
        resolve(store, first.id, at(6), linear=True)
    other = save(store, "wide", minutes=7)
    _approve(store, other.id, "C00")
    with pytest.raises(Conflict, match="while it was being re-solved"):
        store.save_proposal(
            other.proposal,
            other.scenario,
            other.policy,
            at(8),
            previous_id=other.id,
            after_decisions=0,
        )
    assert store.versions_from(other.id) == [other.id]
