"""What `allocator propose` costs on a generated size, phase by phase as a user meets them: the
whole ``propose`` (CPU seconds of this process and of its forked children, and wall; the gap
and the term it is on), the checker (given the digest ``propose`` computed, as the command line does), and the text.

Run it on two checkouts alternately to compare them on a shared machine:

    PYTHONPATH=<checkout> python benchmarks/bench_pipeline.py --size region --label main
"""

import argparse
import os
import resource
import time

from timing import children_cpu_s

from allocator import SolveSettings, propose
from allocator.bench.instances import instance
from allocator.check import check
from allocator.io.policy_files import bundled_policy
from allocator.report.proposal_text import render_proposal


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="region")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    s, policy = instance(args.size, args.seed), bundled_policy()
    cpu, kids, wall = time.process_time(), children_cpu_s(), time.perf_counter()
    p = propose(s, policy, SolveSettings())
    propose_cpu, propose_kids = time.process_time() - cpu, children_cpu_s() - kids
    propose_wall = time.perf_counter() - wall
    cpu = time.process_time()
    try:
        violations = check(s, policy, p, known_digest=p.run.input_digest)
    except TypeError:  # a checkout from before the checker took a known digest
        violations = check(s, policy, p)
    check_cpu = time.process_time() - cpu
    cpu = time.process_time()
    render_proposal(p, width=140)
    text_cpu = time.process_time() - cpu
    top = next(o for o in p.objective if o.name == "max_utilisation")
    lead = next((o for o in p.objective if o.value != o.bound), None)
    gap = f"gap {p.gap:.2%}" + (f" on {lead.name} ({lead.value} vs {lead.bound})" if lead else "")
    print(
        f"{args.label} {args.size}/s{args.seed} | load {os.getloadavg()[0]:.1f} | propose CPU "
        f"{propose_cpu:.2f} + children {propose_kids:.2f}, wall {propose_wall:.2f} | checker CPU "
        f"{check_cpu:.2f} ({len(violations)} violations) | text CPU {text_cpu:.2f} | highest "
        f"{top.value / 10:.1f}% bound {top.bound / 10:.1f}% | {gap} | peak RSS "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB",
        flush=True,
    )


if __name__ == "__main__":
    main()
