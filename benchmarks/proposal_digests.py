"""Digests of the proposals for a fixed set of days: the proof that a change of structure
changed no answer.

Run it on two checkouts and compare the lines (for example with ``PYTHONPATH=<checkout>``): each
line is a day and the sha256 of its proposal JSON with ``wall_time_s`` removed, the only field
that varies from run to run. ``--ignore-input-digest`` also removes the run's input digest and
its scheme: it compares two checkouts across a change of the digest scheme (the one recorded
change of proposal bytes allowed), proving every other byte the same. Days: the bundled default day, generated daily days 1-5 (100 cases,
80 practitioners), a generated PDU's and a region's whole caseload. The large method's clock is a
CPU-time safety net, so a busy machine does not change the digests.

    python benchmarks/proposal_digests.py [--skip-region] [--answers [--leave-out TERM ...]]

A change of policy (a new term ranked in the bundled policies) changes every proposal's policy
digest, input digest and the terms' ranks, though no line changes. ``--answers`` digests only
what the engine decided: the lines, the blocked cases, the assumptions, the status, the stages,
the gap and each term's value and bound by name; ``--leave-out`` drops a new term from them (it
must be 0 on these days to change no answer).
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


def _answers(data: dict[str, Any], leave_out: set[str]) -> dict[str, Any]:
    """What the engine decided, without the policy's digests and the terms' ranks."""
    return {
        "lines": data["lines"],
        "blocked": data["blocked"],
        "assumptions": data["assumptions"],
        "gap": data["gap"],
        "status": data["run"]["status"],
        "stages": data["run"]["stages"],
        "objective": {
            o["name"]: (o["value"], o["bound"])
            for o in data["objective"]
            if o["name"] not in leave_out
        },
    }


def _digest(proposal_json: str, answers: bool = False, leave_out: set[str] | None = None) -> str:
    data = _without_wall_time(json.loads(proposal_json))
    if answers:
        data = _answers(data, leave_out or set())
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--skip-region", action="store_true", help="Leave out the region.")
    parser.add_argument(
        "--answers", action="store_true", help="Digest only what the engine decided."
    )
    parser.add_argument(
        "--leave-out", action="append", default=[], help="With --answers: a term to leave out."
    )
    parser.add_argument(
        "--ignore-input-digest",
        action="store_true",
        help="Leave out the run's input digest and digest scheme (compare across a scheme change).",
    )
    args = parser.parse_args()
    leave_out = set(args.leave_out)
    if args.ignore_input_digest:
        _VARYING.update({"input_digest", "digest_scheme"})
    from importlib import resources

    default = resources.files("allocator") / "data" / "scenarios" / "default_day.json"
    scenario, policy = read_scenario(default, None)
    print("default", _digest(propose(scenario, policy).model_dump_json(), args.answers, leave_out))
    days = [(f"daily{s}", "daily", s) for s in range(1, 6)] + [("pdu", "pdu", 1)]
    if not args.skip_region:
        days.append(("region", "region", 1))
    for name, size, seed in days:
        s = instance(size, seed)
        p = propose(s, bundled_policy(), SolveSettings())
        print(name, _digest(p.model_dump_json(), args.answers, leave_out), flush=True)


if __name__ == "__main__":
    main()
