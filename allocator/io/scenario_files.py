"""Read a scenario from a JSON file or a folder of CSV files, and resolve its policy.

Everything is validated before anything is returned, so a caller never acts on half an input.
"""

from pathlib import Path

from pydantic import ValidationError

from allocator.io.errors import InputError, describe_validation_error
from allocator.io.json_files import load_json
from allocator.io.policy_files import bundled_policy, read_policy
from allocator.problem.safety import safety_problems
from models import Policy, Scenario


def read_scenario_json(path: Path) -> Scenario:
    """Parse and validate a scenario JSON file; problems name the file and the JSON path."""
    raw = load_json(path)
    if not isinstance(raw, dict):
        raise InputError([f"{path}: a scenario must be a JSON object"])
    if isinstance(raw.get("policy"), dict) and (
        isinstance(raw["policy"].get("framework"), str) or "extends" in raw["policy"]
    ):
        raw["policy"] = _policy_dump(raw["policy"], f"{path}: policy")
    try:
        return Scenario.model_validate(raw)
    except ValidationError as err:
        raise InputError(describe_validation_error(str(path), err)) from None


def _policy_dump(raw: dict[str, object], source: str) -> dict[str, object]:
    from allocator.io.policy_files import policy_from_data

    return policy_from_data(dict(raw), source).model_dump(mode="json")


def read_scenario(path: Path, policy_path: Path | None = None) -> tuple[Scenario, Policy]:
    """Read a scenario (JSON file or CSV folder) and the policy it runs under.

    The policy is, in order: ``policy_path`` if given, the scenario's own, the bundled default.
    Case and holding tiers are checked against the policy's framework here, with their paths,
    and every safety field must be given, derivable or named by the policy's defaults.
    """
    if path.is_dir():
        from allocator.io.csv_folder import read_scenario_folder

        scenario = read_scenario_folder(path)
    else:
        scenario = read_scenario_json(path)
    if policy_path is not None:
        policy = read_policy(policy_path)
    else:
        policy = scenario.policy or bundled_policy("default")
    problems = tier_problems(scenario, policy, str(path))
    problems += safety_problems(scenario, policy, str(path))
    problems += reduction_problems(scenario, policy, str(path))
    if problems:
        raise InputError(problems)
    return scenario, policy


def tier_problems(scenario: Scenario, policy: Policy, source: str) -> list[str]:
    """Tiers that the policy's framework does not know, each with its path."""
    listed = ", ".join(t.code for t in policy.framework.tiers)
    problems = []
    for i, c in enumerate(scenario.cases):
        if c.tier is not None and policy.supervised_tier(c.tier) is None:
            problems.append(
                f"{source}: cases[{i}].tier: '{c.tier}' is not a tier of {policy.framework.name} ({listed})"
            )
    for i, h in enumerate(scenario.holdings):
        # An unsupervised tier ('B2S') and an untiered holding (null) score 0 points.
        if h.tier is not None and policy.supervised_tier(h.tier) is None:
            problems.append(
                f"{source}: holdings[{i}].tier: '{h.tier}' is not a tier of {policy.framework.name} ({listed})"
            )
    return problems


def reduction_problems(scenario: Scenario, policy: Policy, source: str) -> list[str]:
    """Reductions whose reason the policy does not know, or that give no hours at all.

    The reason itself is never echoed: some reasons (maternity, trade union facility time) are
    special-category data.
    """
    reasons = policy.workload.reduction_reasons
    problems = []
    for i, p in enumerate(scenario.practitioners):
        for j, r in enumerate(p.reductions):
            where = f"{source}: practitioners[{i}].reductions[{j}]"
            reason = reasons.get(r.reason)
            if reason is None:
                problems.append(
                    f"{where}.reason: not a reduction reason of the policy "
                    "(workload.reduction_reasons)"
                )
            elif reason.pct is None and r.hours is None and r.pct is None:
                problems.append(f"{where}: this reason needs hours or pct entered")
    return problems
