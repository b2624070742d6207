"""The durable record: saved proposals and SPO decisions in SQLite or PostgreSQL.

``Store.open(target)`` opens a SQLite file or a ``postgresql://`` URL at the latest schema;
``decide`` records an SPO's decision on one line; ``allocator.store.resolve`` re-solves a saved
proposal around its decisions (it loads the solver, so it is imported on its own). The
workflow, schema, hash chain and guarantees are described in docs/decisions.md.

May import: the engine (re-solving), ``rules`` (re-checking a decision), ``problem``, ``models``.
"""

from allocator.store.deciding import DecisionRequest, LineState, decide, line_states
from allocator.store.errors import (
    BadRequest,
    Conflict,
    NotFound,
    NotPermitted,
    StoreError,
    StoreUnavailable,
    Superseded,
)
from allocator.store.ledger import Breach, Decision, SavedProposal, Store, live_decisions

__all__ = [
    "BadRequest",
    "Breach",
    "Conflict",
    "Decision",
    "DecisionRequest",
    "LineState",
    "NotFound",
    "NotPermitted",
    "SavedProposal",
    "Store",
    "StoreError",
    "StoreUnavailable",
    "Superseded",
    "decide",
    "line_states",
    "live_decisions",
]
