"""Policies and tiering frameworks ship as JSON data; this module reads them.

A policy file names its framework (``"framework": "unified_2021"``) or embeds one in full. A
region's file may also name a bundled policy to start from (``"extends": "default"``) and
replace only the values it changes.
"""

import json
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from allocator.io.errors import InputError, describe_validation_error
from allocator.io.json_files import load_json
from models.policy import Policy

BUNDLED_POLICIES = ("default", "nps2016")
BUNDLED_FRAMEWORKS = ("unified_2021", "nps_2016")


def _data(kind: str, name: str) -> dict[str, Any]:
    text = (
        resources.files("allocator")
        .joinpath("data", kind, f"{name}.json")
        .read_text(encoding="utf-8")
    )
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def framework_data(name: str) -> dict[str, Any]:
    """The bundled tiering framework ``name`` as raw data."""
    if name not in BUNDLED_FRAMEWORKS:
        raise InputError(
            [f"unknown tiering framework '{name}' (bundled: {', '.join(BUNDLED_FRAMEWORKS)})"]
        )
    return _data("tiering", name)


def policy_from_data(raw: dict[str, Any], source: str) -> Policy:
    """Build a Policy from raw data, resolving ``extends`` and a framework given by name."""
    data = dict(raw)
    base = data.pop("extends", None)
    if base is not None:
        if base not in BUNDLED_POLICIES:
            raise InputError(
                [
                    f"{source}: extends: unknown policy '{base}' (bundled: {', '.join(BUNDLED_POLICIES)})"
                ]
            )
        merged = _data("policies", base)
        merged.update(data)
        data = merged
    if isinstance(data.get("framework"), str):
        try:
            data["framework"] = framework_data(data["framework"])
        except InputError as err:  # named with the file and the field, as every other problem
            raise InputError([f"{source}: framework: {p}" for p in err.problems]) from None
    try:
        return Policy.model_validate(data)
    except ValidationError as err:
        raise InputError(describe_validation_error(source, err)) from None


def bundled_policy(name: str = "default") -> Policy:
    """A policy that ships with the engine: ``default`` (unified tiering) or ``nps2016``."""
    if name not in BUNDLED_POLICIES:
        raise InputError([f"unknown policy '{name}' (bundled: {', '.join(BUNDLED_POLICIES)})"])
    return policy_from_data(_data("policies", name), f"bundled policy {name}")


def read_policy(path: Path) -> Policy:
    """Read a policy file (JSON), naming the file and field of any problem."""
    raw = load_json(path)
    if not isinstance(raw, dict):
        raise InputError([f"{path}: a policy must be a JSON object"])
    return policy_from_data(raw, str(path))
