"""No safety field defaults silently (docs/domain.md, "Public-protection guards"): a scenario that
omits needs_visor, dif_complete or RoSH is an input error naming the field (exit 2), unless it
can be derived or the policy names a default, which the proposal then records."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from allocator import propose
from allocator.check import check
from allocator.cli import main
from allocator.io.errors import InputError
from allocator.io.scenario_files import read_scenario
from tests.builders import scenario, staff


def _write(
    tmp_path: Path, case: dict[str, object], policy: dict[str, object] | None = None
) -> Path:
    s = scenario([staff("P1")], [])
    data = json.loads(s.model_dump_json())
    data["cases"] = [{"id": "C1", "tier": "C2", "pdu_id": "PDU1", **case}]
    if policy is not None:
        data["policy"] = {"extends": "default", **policy}
    path = tmp_path / "day.json"
    path.write_text(json.dumps(data))
    return path


def test_each_omitted_safety_field_is_named(tmp_path: Path) -> None:
    """A case giving none of the three gets one line per field, naming file, case and field."""
    path = _write(tmp_path, {})
    with pytest.raises(InputError) as info:
        read_scenario(path)
    assert [p.split(": ")[1] for p in info.value.problems] == [
        "cases[0].needs_visor",
        "cases[0].dif_complete",
        "cases[0].rosh",
    ]
    assert all(p.startswith(f"{path}: ") for p in info.value.problems)


def test_mappa_facts_derive_visor_and_an_incomplete_screening_stands_for_rosh(
    tmp_path: Path,
) -> None:
    """MAPPA category and level derive the ViSOR need; risk_assessment 'incomplete' is a
    statement about RoSH: the scenario reads."""
    path = _write(
        tmp_path,
        {
            "mappa_category": 2,
            "mappa_level": 2,
            "dif_complete": True,
            "risk_assessment": "incomplete",
        },
    )
    scen, _ = read_scenario(path)
    assert scen.cases[0].needs_visor is None


def test_cli_exits_2_naming_the_field(tmp_path: Path) -> None:
    """allocator propose on such a file prints the field and exits 2, with no traceback."""
    path = _write(tmp_path, {"rosh": "medium", "dif_complete": True})
    r = CliRunner().invoke(main, ["propose", str(path)])
    assert r.exit_code == 2
    assert "cases[0].needs_visor: not given" in r.output
    assert "Traceback" not in r.output


def test_policy_default_is_used_and_recorded(tmp_path: Path) -> None:
    """With the policy naming needs_visor false, the case reads and the proposal says so."""
    path = _write(
        tmp_path,
        {"rosh": "medium", "dif_complete": True},
        {"safety_defaults": {"needs_visor": False}},
    )
    scen, pol = read_scenario(path)
    proposal = propose(scen, pol)
    assert [line.case_id for line in proposal.lines] == ["C1"]
    assert proposal.assumptions == [
        "C1: needs_visor was not given; the policy default-unified names the default false, "
        "which this proposal assumed."
    ]
    assert check(scen, pol, proposal) == []
