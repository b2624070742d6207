"""A PDU that cannot place every case: re-pack the first risk band left short with CP-SAT.

The glue between the large method's state and ``allocator.solve.cpsat.pack``: it states each
candidate's and holder's room as the state has it, hands the band to the model, and applies
the answer only if it places more and every limit still holds.
"""

from allocator.rules.capacity import allowed_points
from allocator.solve.cpsat.pack import PackItem, pack_band
from allocator.solve.greedy import BAND_ORDER
from allocator.solve.search_state import SearchState


def pack_short_band(state: SearchState, cases: list[str], deterministic_time: float) -> bool:
    """In a part that leaves cases unallocated, re-pack the first band left short with CP-SAT
    (the most of its cases into its candidates' room, every other case where it is); keep the
    result only if it places more. Returns whether it did."""
    day, elig = state.day, state.elig
    left = [c for c in cases if c not in state.assignment]
    if not left:
        return False
    band = min((day.band[c] for c in left), key=BAND_ORDER.__getitem__)
    members = [c for c in cases if day.band[c] == band and elig.candidates[c]]
    # The candidates, and the holders a case left unplaced goes back to (their room too).
    bins = sorted({p for c in members for p in (*elig.candidates[c], day.holder.get(c)) if p})
    room = {p: allowed_points(day, p) - state.load[p] for p in bins}
    for c in members:  # the band's own points are the model's to place
        if c in state.assignment:
            if state.assignment[c] in room:
                room[state.assignment[c]] += day.points[c]
        elif day.holder.get(c) in room:
            room[day.holder[c]] += day.held_points[c]
    start = {c: state.assignment[c] for c in members if c in state.assignment}
    items = [
        PackItem(
            c,
            day.points[c],
            tuple(elig.candidates[c]),
            day.holder.get(c),
            day.held_points.get(c, 0),
        )
        for c in members
    ]
    if any(r < 0 for r in room.values()):
        return False  # someone is over the allowance already (grandfathered): keep the fill
    packed = pack_band(items, room, start, deterministic_time)
    if packed is None or len(packed) <= len(start):
        return False
    for c in start:
        state.remove(c)
    for c, p in sorted(packed.items()):
        state.place(c, p)  # all at once: a holder's room depends on where its cases went
    if state.limits_hold():
        return True
    for c in members:  # another limit disagreed: put the fill's answer back
        if c in state.assignment:
            state.remove(c)
    for c, p in sorted(start.items()):
        state.place(c, p)
    return False
