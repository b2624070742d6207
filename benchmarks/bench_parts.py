"""Where the large method's gap is: the engine's proposal for a benchmark size, PDU by PDU.

For each PDU: cases on the list, cases left unallocated (by risk band), the highest
utilisation the proposal reaches there, and the PDU's own flow bound for placing every
placeable case (valid when the PDU places them all; a PDU that cannot is "short", and its
bound is the ceiling plus one). The day's figure in RESULTS.md is the worst PDU's, and its
bound the worst PDU's own bound; the engine balances every PDU down to that day's bound and
no further (below it continuity outranks the spread), so a PDU whose own bound is lower ends
near the day's bound, not its own: its "above own bound" column is balance left undone for
continuity, not a gap. The PDU that sets the day's bound shows the real gap.

    python benchmarks/bench_parts.py --size region --seed 1
"""

import argparse
from collections import Counter

from allocator import SolveSettings, propose
from allocator.bench.instances import SIZES, instance
from allocator.io.policy_files import bundled_policy
from allocator.objectives.base import permille_up
from allocator.problem.day import build_day
from allocator.rules.eligibility import compute_eligibility
from allocator.solve.large.bound import by_pdu, highest_allowed, utilisation_bound


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="region")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=60.0)
    args = parser.parse_args()
    policy = bundled_policy()
    scenario = instance(args.size, args.seed)
    proposal = propose(scenario, policy, SolveSettings(time_limit_s=args.time_limit))
    day = build_day(scenario, policy)
    elig = compute_eligibility(day)
    assignment = {line.case_id: line.practitioner_id for line in proposal.lines}
    load = day.load_after(assignment)
    placeable = sorted(c.id for c in day.cases if elig.candidates[c.id])
    scope = elig.receivers()
    hi = highest_allowed(day, scope)
    parts = by_pdu(day, placeable)
    bounds = utilisation_bound(day, elig, parts, hi)
    term = next(o for o in proposal.objective if o.name == "max_utilisation")
    print(
        f"{args.size}/s{args.seed}: highest {term.value / 10:.1f}%, bound {term.bound / 10:.1f}% "
        f"(every allocation leaving no more risk unallocated), status {proposal.run.status}"
    )
    print("| PDU | cases | left (by band) | highest % | own bound % | above own bound % |")
    print("|---|---|---|---|---|---|")
    for pdu, cases in sorted(parts.items()):
        staff = sorted({p for c in cases for p in elig.candidates[c]})
        top = max((permille_up(load[p], day.available[p]) for p in staff), default=0)
        left = Counter(day.band[c] for c in cases if c not in assignment)
        bands = ", ".join(f"{b} {n}" for b, n in sorted(left.items())) or "-"
        if bounds[pdu] > hi:
            own, gap = "short", "-"
        else:
            own, gap = f"{bounds[pdu] / 10:.1f}", f"{100 * (top - bounds[pdu]) / max(1, top):.2f}"
        print(f"| {pdu} | {len(cases):,} | {bands} | {top / 10:.1f} | {own} | {gap} |")


if __name__ == "__main__":
    main()
