"""Canonical form and sha256 digests of the input: the same input, however its lists are
ordered, has one digest and gives one proposal."""

import hashlib
import json
from typing import Any

from models.policy import Policy
from models.scenario import Scenario

_ENTITY_LISTS = {
    "pdus": "id",
    "pods": "id",
    "offices": "id",
    "practitioners": "id",
    "cases": "id",
    "holdings": "case_id",
    "courts": "id",
    "court_teams": "id",
}
_SET_FIELDS = {
    "flags",
    "readiness",
    "competencies",
    "conflicts",
    "restricted_to",
    "excluded_staff",
    "rejected_practitioners",
    "complexity_registrations",
    "court_ids",
}


def _sort_sets(entity: dict[str, Any]) -> dict[str, Any]:
    out = dict(entity)
    for key in _SET_FIELDS & out.keys():
        out[key] = sorted(out[key])
    if "absences" in out:
        out["absences"] = sorted(out["absences"], key=lambda a: (a["start"], a["end"], a["kind"]))
    if out.get("court_rota"):
        out["court_rota"] = sorted(out["court_rota"], key=lambda s: (s["on"], s["court_id"]))
    if "preferences" in out:
        out["preferences"] = sorted(
            out["preferences"], key=lambda p: (p["characteristic"], p["value"])
        )
    if isinstance(out.get("risk"), dict):
        risk = dict(out["risk"])
        risk["complexity_registrations"] = sorted(risk.get("complexity_registrations", []))
        risk["needs"] = sorted(risk.get("needs", []), key=lambda n: (n["area"], n["severity"]))
        out["risk"] = risk
    return out


def canonical_data(scenario: Scenario, policy: Policy) -> dict[str, Any]:
    """The scenario as JSON data with every unordered list sorted and the resolved policy in place."""
    data = scenario.model_dump(mode="json")
    for key, id_field in _ENTITY_LISTS.items():
        data[key] = sorted((_sort_sets(e) for e in data[key]), key=lambda e: e[id_field])
    data["policy"] = policy.model_dump(mode="json")
    return data


def canonical_scenario(scenario: Scenario, policy: Policy) -> Scenario:
    """A copy of the scenario in canonical order, carrying its resolved policy."""
    return Scenario.model_validate(canonical_data(scenario, policy))


def sha256_of(data: Any) -> str:
    """sha256 of compact, key-sorted JSON."""
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def input_digest(scenario: Scenario, policy: Policy) -> str:
    """Digest of the scenario with its resolved policy, independent of list order."""
    return sha256_of(canonical_data(scenario, policy))


def policy_digest(policy: Policy) -> str:
    """Digest of the resolved policy."""
    return sha256_of(policy.model_dump(mode="json"))
