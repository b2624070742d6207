"""The country's shape on a real Dask cluster, at a size a test can afford: several regions of
several PDUs, the whole caseload on the list (as the country benchmark has it), solved by the
large method locally and as tasks on a scheduler with two workers on 127.0.0.1."""

from pathlib import Path

from allocator import SolveSettings, propose
from allocator.bench.instances import whole_caseload
from allocator.check import check
from allocator.io.policy_files import bundled_policy
from allocator.synth import generate
from tests.processes import start_cluster, stop_all


def test_a_small_country_on_two_workers_gives_the_local_proposal(tmp_path: Path) -> None:
    """Three regions of two PDUs each: every PDU is a part sent to a worker; the proposal is
    valid and byte-identical to the local run's apart from the time taken and how the parts
    ran, and no part stopped on the clock."""
    s = whole_caseload(
        generate("country", 1, regions=3, pdus_per_region=(2, 2), practitioners=60, cases=30)
    )
    assert len({p.pdu_id for p in s.pods}) == 6
    policy = bundled_policy()
    address, procs = start_cluster(tmp_path, 2)
    runs = []
    try:
        for where in (None, address):
            p = propose(s, policy, SolveSettings(method="large", time_limit_s=60, cluster=where))
            assert check(s, policy, p) == []
            assert p.run.solver_parameters.pop("processes") == ("cluster" if where else 1)
            assert "stopped_by_clock" not in p.run.solver_parameters
            assert len(p.lines) > 300
            p.run.wall_time_s = 0.0
            runs.append(p.model_dump_json())
    finally:
        stop_all(procs)
    assert runs[0] == runs[1]
