"""Run settings: how long and how to solve. Not part of the scenario (same input, same answer)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class SolveSettings:
    """Settings of one proposal run.

    One worker and a fixed seed make CP-SAT deterministic; a run that stops on the time limit
    is not (benchmarks/RESULTS.md, "Determinism"), and its status then says FEASIBLE, not OPTIMAL.
    """

    time_limit_s: float = 10.0
    """CP-SAT: wall seconds per run. The large method: a safety net in CPU seconds of each PDU
    part's own process, so that a busy machine never changes its answer; its work budget
    (``large_work_units``) ends the search first on any sane machine."""
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
