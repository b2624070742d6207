"""Digests of the proposals for a fixed set of days: the proof that a change of structure
changed no answer.

Run it on two checkouts and compare the lines (for example with ``PYTHONPATH=<checkout>``): each
line is a day and the sha256 of its proposal JSON with ``wall_time_s`` removed, the only field
that varies from run to run. ``--ignore-input-digest`` also removes the run's input digest and
its scheme: it compares two checkouts across a change of the digest scheme (the one recorded
change of proposal bytes allowed), proving every other byte the same. Days: the bundled default day, generated daily days 1-5 (100 cases,
80 practitioners), a generated PDU's and a region's whole caseload. The large method's clock is a
CPU-time safety net, so a busy machine does not change the digests.

    python benchmarks/proposal_digests.py [--skip-region]
"""

import argparse
import hashlib
import json
from typing import Any

from allocator import SolveSettings, propose
from allocator.bench.instances import instance
from allocator.io.policy_files import bundled_policy
from allocator.io.scenario_files import read_scenario

_VARYING = {"wall_time_s"}


def _without_wall_time(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_wall_time(v) for k, v in value.items() if k not in _VARYING}
    if isinstance(value, list):
        return [_without_wall_time(v) for v in value]
    return value


def _digest(proposal_json: str) -> str:
    data = _without_wall_time(json.loads(proposal_json))
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--skip-region", action="store_true", help="Leave out the region.")
    parser.add_argument(
        "--ignore-input-digest",
        action="store_true",
        help="Leave out the run's input digest and digest scheme (compare across a scheme change).",
    )
    args = parser.parse_args()
    if args.ignore_input_digest:
        _VARYING.update({"input_digest", "digest_scheme"})
    from importlib import resources

    default = resources.files("allocator") / "data" / "scenarios" / "default_day.json"
    scenario, policy = read_scenario(default, None)
    print("default", _digest(propose(scenario, policy, SolveSettings()).model_dump_json()))
    days = [(f"daily{s}", "daily", s) for s in range(1, 6)] + [("pdu", "pdu", 1)]
    if not args.skip_region:
        days.append(("region", "region", 1))
    for name, size, seed in days:
        s = instance(size, seed)
        p = propose(s, bundled_policy(), SolveSettings())
        print(name, _digest(p.model_dump_json()), flush=True)


if __name__ == "__main__":
    main()
