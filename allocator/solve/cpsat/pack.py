"""CP-SAT spent where the large method's gap is: packing one risk band into full practitioners.

In a PDU that cannot place every case, the first rank counts the cases of the first band left
short, and the practitioners who may take them are full. Which of those cases fit together is
a multiple-knapsack problem the greedy fill solves only roughly; this small model (one boolean
per band case and candidate) maximises the count, starting from the fill's answer. It knows
nothing of the day: the caller states each practitioner's room and each case's points.
"""

from collections import defaultdict
from dataclasses import dataclass

from ortools.sat.python import cp_model


@dataclass(frozen=True)
class PackItem:
    """One case of the band: its points where it goes, and who may take it."""

    case_id: str
    points: int
    candidates: tuple[str, ...]
    holder: str | None = None
    """A practitioner among the bins who keeps ``held_points`` of it when it is not placed
    (an unallocated held case stays with its holder)."""
    held_points: int = 0


def pack_band(
    items: list[PackItem],
    room: dict[str, int],
    start: dict[str, str],
    deterministic_time: float,
    seed: int = 0,
) -> dict[str, str] | None:
    """The most items placed with every practitioner within ``room`` (one worker, a
    deterministic time limit: the same input gives the same answer). ``start`` (case ->
    practitioner) must fit and is the hint; None when CP-SAT places no more than it."""
    model = cp_model.CpModel()
    x: dict[tuple[str, str], cp_model.IntVar] = {}
    load: dict[str, list[cp_model.LinearExpr]] = defaultdict(list)
    placed: dict[str, cp_model.LinearExpr] = {}
    for item in items:
        mine = []
        for pid in item.candidates:
            if pid in room and item.points <= room[pid]:
                v = x[(item.case_id, pid)] = model.new_bool_var(f"x_{item.case_id}_{pid}")
                load[pid].append(item.points * v)
                mine.append(v)
        model.add_at_most_one(mine)
        placed[item.case_id] = sum(mine)
    for item in items:
        if item.holder in room:
            load[item.holder].append(item.held_points * (1 - placed[item.case_id]))
    for pid, cap in room.items():
        model.add(sum(load[pid]) <= cap)
    model.maximize(sum(placed.values()))
    for (cid, pid), v in x.items():
        model.add_hint(v, int(start.get(cid) == pid))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = seed
    solver.parameters.max_deterministic_time = deterministic_time
    code = solver.solve(model)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    out = {cid: pid for (cid, pid), v in x.items() if solver.boolean_value(v)}
    return out if len(out) > len(start) else None
