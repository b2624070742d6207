"""The engine where it is weakest: a region whose PDUs cannot place every high-risk case.

A site reassessed as unsuitable for higher-risk cases leaves its tier A and B cases (and any
MAPPA case) to the few practitioners at the PDU's suitable office; the PDU then cannot place
them all under the 110% ceiling ("short"). This takes the generated region, marks every
office of the named PDUs unsuitable but their first, re-decides the whole caseload, and
prints the bench table (engine and greedy). The bound reported for such a day is the one valid for every
allocation that leaves no more risk unallocated (benchmarks/README.md, `ranked_bound`).

    python benchmarks/bench_short.py --pdu SYN-PDU-003 --pdu SYN-PDU-008 --seed 1
"""

import argparse

from allocator.bench.instances import whole_caseload
from allocator.bench.measure import run_engine, run_greedy
from allocator.io.policy_files import bundled_policy
from allocator.report.bench import table
from allocator.synth import generate
from models import Scenario


def with_offices_reassessed(s: Scenario, pdus: list[str]) -> Scenario:
    """The scenario with every office of ``pdus`` but the first (by id) unsuitable."""
    data = s.model_dump(mode="json")
    for pdu in pdus:
        pods = {p["id"] for p in data["pods"] if p["pdu_id"] == pdu}
        if not pods:
            raise SystemExit(f"no PDU '{pdu}' in the generated region")
        offices = sorted({p["office_id"] for p in data["practitioners"] if p["pod_id"] in pods})
        for office in data["offices"]:
            if office["id"] in offices[1:]:
                office["suitable_for_high_risk"] = False
    return Scenario.model_validate(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdu", action="append", default=None)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=60.0)
    args = parser.parse_args()
    pdus = args.pdu or ["SYN-PDU-003", "SYN-PDU-008"]
    policy = bundled_policy()
    scenario = whole_caseload(with_offices_reassessed(generate("region", args.seed), pdus))
    name = f"region-short/s{args.seed}"
    engine = run_engine(name, scenario, policy, args.time_limit, 1)
    greedy = run_greedy(name, scenario, policy, engine.bound_pct, 1)
    print(table([engine, greedy]))
    if not (engine.valid and greedy.valid):
        raise SystemExit("a result breaks a hard rule")


if __name__ == "__main__":
    main()
