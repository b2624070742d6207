"""Run settings: how long and how to solve. Not part of the scenario (same input, same answer)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class SolveSettings:
    """Settings of one proposal run.

    One worker, a fixed seed and budgets counted in work, not seconds, make both methods give
    the same proposal for the same input, however busy the machine. A run that its budget cuts
    short says FEASIBLE, not OPTIMAL; one that a safety clock cut short also records
    ``stopped_by_clock`` in its solver parameters, the only case in which the answer may depend
    on the machine (benchmarks/RESULTS.md, "Determinism").
    """

    time_limit_s: float = 10.0
    """How much solving a run may do, in seconds. CP-SAT: converted to a work budget in
    deterministic seconds (CP-SAT's own count of work, the same on any machine and at any load),
    half a deterministic second per second, about what a quiet machine does in that time here
    (``cpsat.solve.WORK_PER_SECOND``); the stages share it in order, and a wall clock at three
    times ``time_limit_s`` is only a safety net. The large method: a safety net in CPU seconds of each PDU
    part's own process; its work budget (``large_work_units``) ends the search first on any
    sane machine."""
    workers: int = 1
    seed: int = 0
    stage_range_limit: int = 2**30
    """Ranks are folded into one weighted solve while the product of their ranges stays below this."""
    tie_break: bool = False
    """End with a stage that picks the lowest practitioner ids among equally good choices, so
    that the optimum is unique. Off by default: it doubles the daily solve, and one worker, a
    fixed seed and the canonical order already make every run give the same proposal."""
    progress: Callable[[str], None] | None = None
    """Receives progress lines for a solve that runs longer than ``progress_after_s``."""
    progress_after_s: float = 2.0
    alternatives: int = 2
    """How many next-best practitioners each line names (the large-scale method names none)."""
    method: str = "auto"
    """'cpsat' (proves the lexicographic optimum), 'large' (flow bound and local search), or
    'auto': CP-SAT up to ``large_above_pairs`` eligible pairs, the large method above."""
    large_above_pairs: int = 20_000
    large_processes: int = 2
    """Processes that solve the large method's PDUs side by side (this machine has 2 cores).
    The proposal does not depend on it: each PDU is solved on its own with its own budget."""
    cluster: str | None = None
    """The address of an existing Dask distributed scheduler (``tcp://127.0.0.1:8786``) to run
    the large method's PDU parts on instead of local processes; the proposal is the same."""
    large_pack_deterministic_s: float = 2.0
    """CP-SAT's deterministic time (not wall time: the same input gives the same answer) for
    re-packing the first risk band left short in a PDU that cannot place every case; 0 skips
    it (benchmarks/RESULTS.md has its measured cost and effect)."""
    large_balance: Literal["day", "pdu"] = "day"
    """How far the large method balances each PDU. "day": down to the day's bound (the highest
    own bound among the PDUs that place every case) and no further, as the objective asks:
    below the day's highest utilisation a move for balance alone buys only spread, which
    continuity outranks (the CP-SAT adapter does the same). A PDU that cannot place every
    case sets no level: its ceiling would let continuity load everyone else up to it (there
    the two adapters differ, and the proposal's continuity is the price). "pdu": each PDU
    down to its own bound, whatever continuity it costs."""
    large_work_units: int = 4_000_000
    """The large method's search budget in candidate evaluations (deterministic); the time
    limit stops it earlier only as a safety net, and the proposal then says so."""
