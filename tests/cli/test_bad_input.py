"""Every bad input of issue 16 exits 2 with one clear line naming the file and the place, never
a traceback: numbers the engine cannot use (a ceiling of 1e308 % or Infinity, a limit of 10^30
new cases, points of 10^30), an unknown objective name (listed with the valid ones), JSON nested
100,000 deep, and a 50 MB name (refused at once, nothing written)."""

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from allocator.cli import main
from allocator.objectives.registry import OBJECTIVES_BY_NAME
from models.limits import OBJECTIVE_NAMES

ROOT = Path(__file__).resolve().parents[2]
DAY = json.loads((ROOT / "scenarios" / "volume_limits.json").read_text())


def _run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def _one_line_exit_2(result: Result, *fragments: str) -> str:
    """The run exited 2 (not a traceback) with one line that contains every fragment."""
    assert result.exit_code == 2, result.output
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), result.exception
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, lines
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    assert "Traceback" not in result.output
    return lines[0]


def _scenario(tmp_path: Path, policy: dict[str, Any] | None = None, **practitioner: Any) -> Path:
    data = json.loads(json.dumps(DAY))
    if policy is not None:
        data["policy"] = {**data.get("policy", {"extends": "default"}), **policy}
    data["practitioners"][0].update(practitioner)
    path = tmp_path / "day.json"
    path.write_text(json.dumps(data))
    return path


@pytest.mark.parametrize(
    ("policy", "place", "what"),
    [
        ({"capacity_ceiling_pct": 1e308}, "capacity_ceiling_pct", "less than or equal to 1000"),
        ({"capacity_ceiling_pct": float("inf")}, "capacity_ceiling_pct", "finite number"),
        ({"balance_target_pct": float("nan")}, "balance_target_pct", "finite number"),
        ({"max_new_per_day": 10**30}, "max_new_per_day", "less than or equal to 100000"),
        ({"max_new_per_week": 10**30}, "max_new_per_week", "less than or equal to 100000"),
        ({"pqip_max_cases": 10**30}, "pqip_max_cases", "less than or equal to 100000"),
    ],
)
def test_policy_numbers_out_of_range(
    tmp_path: Path, policy: dict[str, Any], place: str, what: str
) -> None:
    """A policy number the engine cannot compute with names its field and the bound."""
    path = _scenario(tmp_path, policy)
    _one_line_exit_2(_run("propose", str(path)), str(path), f"policy: {place}", what)


@pytest.mark.parametrize(
    ("field", "value", "what"),
    [
        ("other_points", 10**30, "less than or equal to 1000000"),
        ("allocations_today", 10**30, "less than or equal to 100000"),
        ("reduction_hours", float("inf"), "finite number"),
    ],
)
def test_practitioner_numbers_out_of_range(
    tmp_path: Path, field: str, value: Any, what: str
) -> None:
    """A practitioner's figure out of range names the practitioner's place and the field."""
    path = _scenario(tmp_path, **{field: value})
    _one_line_exit_2(_run("propose", str(path)), f"practitioners[0].{field}", what)


def test_unknown_objective_is_listed_with_the_valid_ones(tmp_path: Path) -> None:
    """An objective the engine does not know is named, with every known term."""
    path = _scenario(tmp_path, {"objectives": [{"name": "speed", "rank": 1}]})
    line = _one_line_exit_2(_run("propose", str(path)), "policy: objectives[0].name", "'speed'")
    assert all(name in line for name in OBJECTIVES_BY_NAME)


def test_objective_listed_twice_is_refused(tmp_path: Path) -> None:
    """The same term twice would count it twice: refused, naming the second place."""
    twice = [{"name": "spread", "rank": 1}, {"name": "spread", "rank": 2}]
    path = _scenario(tmp_path, {"objectives": twice})
    _one_line_exit_2(_run("propose", str(path)), "objectives[1].name: 'spread' is listed twice")


def test_the_models_know_exactly_the_engines_terms() -> None:
    """The policy model's list of term names (which refuses unknown ones where the policy is
    read) is the objectives registry's."""
    assert sorted(OBJECTIVE_NAMES) == sorted(OBJECTIVES_BY_NAME)


@pytest.mark.parametrize("shape", ["array", "object"])
@pytest.mark.parametrize("command", ["propose", "tier", "check"])
def test_json_nested_100000_deep(tmp_path: Path, shape: str, command: str) -> None:
    """JSON nested 100,000 deep, as a scenario, a tier file or a proposal, is one line."""
    deep = tmp_path / "deep.json"
    depth = 100_000
    deep.write_text(
        "[" * depth + "]" * depth if shape == "array" else '{"a":' * depth + "1" + "}" * depth
    )
    args = {
        "propose": ("propose", str(deep)),
        "tier": ("tier", str(deep)),
        "check": ("check", str(ROOT / "scenarios" / "volume_limits.json"), str(deep)),
    }[command]
    _one_line_exit_2(_run(*args), str(deep), "nested too deeply")


def test_a_50_mb_name_is_refused_at_once_and_nothing_is_written(tmp_path: Path) -> None:
    """A 50 MB practitioner name is refused by its length (not processed, not echoed), and the
    --out file is not created."""
    path = _scenario(tmp_path, name="x" * 50_000_000)
    out = tmp_path / "proposal.json"
    line = _one_line_exit_2(
        _run("propose", str(path), "--out", str(out)),
        "practitioners[0].name",
        "at most 200 characters",
    )
    assert len(line) < 500
    assert not out.exists()


@pytest.mark.parametrize(
    ("where", "change"),
    [
        ("name", {"name": "S" * 201}),
        ("policy.name", {"policy": {"extends": "default", "name": "P" * 201}}),
    ],
)
def test_scenario_and_policy_names_are_bounded(
    tmp_path: Path, where: str, change: dict[str, Any]
) -> None:
    """The scenario's and the policy's names are bounded like practitioners' names."""
    data = {**json.loads(json.dumps(DAY)), **change}
    path = tmp_path / "day.json"
    path.write_text(json.dumps(data))
    _one_line_exit_2(_run("propose", str(path)), "at most 200 characters")


def test_a_tier_file_with_an_unbounded_registration_is_refused(tmp_path: Path) -> None:
    """allocator tier: a complexity registration longer than a term name is refused, unechoed."""
    path = tmp_path / "cases.json"
    path.write_text(
        json.dumps([{"id": "C1", "rosh": "low", "risk": {"complexity_registrations": ["g" * 65]}}])
    )
    line = _one_line_exit_2(_run("tier", str(path)), "complexity_registrations[0]")
    assert "ggg" not in line


def _deep_toml(path: Path) -> Path:
    depth = 100_000
    path.write_text("a = " + "[" * depth + "]" * depth + "\n")
    return path


@pytest.mark.parametrize("name", ["scenario.toml", "policy.toml"])
def test_toml_nested_100000_deep_in_a_csv_folder(tmp_path: Path, name: str) -> None:
    """A CSV folder's scenario.toml or policy.toml nested 100,000 deep is one line."""
    folder = tmp_path / "day"
    assert (
        _run("convert", str(ROOT / "scenarios" / "volume_limits.json"), str(folder)).exit_code == 0
    )
    if name == "scenario.toml":
        (folder / "scenario.json").unlink()
    else:
        (folder / "policy.json").unlink(missing_ok=True)
    _deep_toml(folder / name)
    _one_line_exit_2(_run("propose", str(folder)), f"{name}: nested too deeply")


def test_a_change_file_nested_100000_deep(tmp_path: Path) -> None:
    """allocator plan: a change file nested 100,000 deep is one line naming it."""
    change = _deep_toml(tmp_path / "change.toml")
    base = str(ROOT / "scenarios" / "volume_limits.json")
    _one_line_exit_2(_run("plan", base, "--change", str(change)), str(change), "nested too deeply")


@pytest.mark.parametrize(
    ("policy", "fragments"),
    [
        ({"extends": "nope"}, ("policy: extends: unknown policy 'nope'", "default, nps2016")),
        (
            {"extends": "default", "framework": "nope"},
            ("policy: framework: unknown tiering framework 'nope'", "unified_2021, nps_2016"),
        ),
        ({"extends": "default", "visor_mode": "nope"}, ("policy: visor_mode", "'strict'")),
    ],
)
def test_unknown_names_are_listed_with_the_valid_ones(
    tmp_path: Path, policy: dict[str, Any], fragments: tuple[str, ...]
) -> None:
    """An unknown policy, framework or mode is named with the file, the field and the choices."""
    data = {**json.loads(json.dumps(DAY)), "policy": policy}
    path = tmp_path / "day.json"
    path.write_text(json.dumps(data))
    _one_line_exit_2(_run("propose", str(path)), str(path), *fragments)


@pytest.mark.parametrize(
    "args",
    [
        ["propose", "--json", "--out"],
        ["generate", "--size", "pod", "--seed", "1", "--out"],
    ],
)
def test_an_output_path_under_a_file_is_one_line_and_exit_2(
    tmp_path: Path, args: list[str]
) -> None:
    """An --out whose folder is a file is refused in one line naming both paths, exit 2, no
    traceback and nothing written (it was a FileExistsError traceback)."""
    blocker = tmp_path / "afile"
    blocker.write_text("")
    out = blocker / "x.json"
    result = CliRunner().invoke(main, [*args, str(out)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert f"{out}: cannot write it ({blocker} is a file, not a folder)" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile"]


@pytest.mark.parametrize("address", ["nonsense", "tcp://127.0.0.1", "nope://host:1"])
def test_a_malformed_cluster_address_is_refused_even_on_a_small_day(address: str) -> None:
    """The default day never reaches the cluster (CP-SAT solves it), so a typo in --cluster
    used to pass with exit 0; the address is now checked before anything is read: one line,
    exit 2."""
    result = CliRunner().invoke(main, ["propose", "--cluster", address])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert f"--cluster: not a Dask scheduler address: '{address}'" in result.output
