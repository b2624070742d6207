"""``allocator plan --cluster``: the base and the options run as tasks on a real Dask cluster (a
scheduler and two workers on 127.0.0.1, started as separate processes) and give, byte for
byte, what a local run gives; an unreachable scheduler is one line and exit 2."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from allocator.cli import main
from allocator.synth import generate
from tests.solve.test_cluster import cluster  # noqa: F401 - the fixture: a real local cluster

TIMED = {"wall_time_s", "job_wall_time_s"}


def _without_times(value: object) -> object:
    """The JSON with every wall time zeroed: the only figures that depend on where and when."""
    if isinstance(value, dict):
        return {k: 0 if k in TIMED else _without_times(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_times(v) for v in value]
    return value


def _plan(base: Path, changes: list[Path], *more: str, env: dict[str, str] | None = None):
    args = ["plan", str(base), *[a for c in changes for a in ("--change", str(c))]]
    return CliRunner().invoke(main, [*args, "--json", *more], env=env)


def test_a_sweep_on_the_cluster_gives_the_local_results(cluster: str, tmp_path: Path) -> None:  # noqa: F811
    """A generated PDU (about 1,300 holdings, every one movable: the large method), a green
    option moving a PO and a null option outside a change period, each with a two-level curve:
    four jobs (a base per period, then the options) run locally and on the cluster give the
    same JSON, apart from wall times; every result is valid."""
    s = generate("pdu", 1, practitioners=40, cases=20)
    base = tmp_path / "base.json"
    base.write_text(s.model_dump_json())
    po = min(p.id for p in s.practitioners if p.grade == "PO")
    home = next(p.pod_id for p in s.practitioners if p.id == po)
    to = next(pod.id for pod in sorted(s.pods, key=lambda pod: pod.id) if pod.id != home)
    green = tmp_path / "green.toml"
    green.write_text(
        f'name = "green"\nperiod = "green"\n[[move]]\npractitioner = "{po}"\nto_pod = "{to}"\n'
        '[[waiver]]\ncheck = "cases_move_not_staff"\nreason = "A test."\n'
    )
    null = tmp_path / "null.toml"
    null.write_text('name = "null"\n')
    common = ("--time-limit", "120", "--curve-steps", "2")
    local = _plan(base, [green, null], *common)
    remote = _plan(base, [green, null], *common, "--cluster", cluster)
    assert local.exit_code == 0, local.output
    assert remote.exit_code == 0, remote.output
    outputs = [json.loads(r.stdout) for r in (local, remote)]
    assert [o["name"] for o in outputs[0]["options"]] == [
        "base (green)",
        "base (none)",
        "green",
        "null",
    ]
    assert outputs[0]["options"][2]["cases_moved"] > 0
    assert all(o["violations"] == [] for o in outputs[0]["options"])
    same = [json.dumps(_without_times(o), indent=2).encode() for o in outputs]
    assert same[0] == same[1]


def test_an_unreachable_cluster_is_one_line_and_exit_2(tmp_path: Path) -> None:
    """ALLOCATOR_CLUSTER (as --cluster) naming a port where nobody listens: one error line
    naming the address, exit 2, no output written."""
    s = generate("pdu", 1, practitioners=12, cases=5)
    base = tmp_path / "base.json"
    base.write_text(s.model_dump_json())
    change = tmp_path / "null.toml"
    change.write_text('period = "amber"\n')
    html = tmp_path / "report.html"
    result = _plan(
        base,
        [change],
        "--html",
        str(html),
        env={"ALLOCATOR_CLUSTER": "tcp://127.0.0.1:9"},
    )
    assert result.exit_code == 2, result.output
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("error:")]
    assert (
        errors == [errors[0]]
        and "--cluster: no Dask scheduler answered at tcp://127.0.0.1:9" in errors[0]
    )
    assert "Traceback" not in result.output and not html.exists()


@pytest.mark.parametrize("address", ["nonsense", "http://127.0.0.1:8786"])
def test_a_malformed_cluster_address_is_one_line_and_exit_2(address: str, tmp_path: Path) -> None:
    """An address with no port or an unknown scheme: one error line naming it, exit 2, no
    traceback, before any client is made."""
    s = generate("pdu", 1, practitioners=12, cases=5)
    base = tmp_path / "base.json"
    base.write_text(s.model_dump_json())
    change = tmp_path / "null.toml"
    change.write_text('period = "amber"\n')
    result = _plan(base, [change], "--cluster", address)
    assert result.exit_code == 2, result.output
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1
    assert errors[0].startswith(f"error: --cluster: not a Dask scheduler address: '{address}'")
    assert "Traceback" not in result.output
