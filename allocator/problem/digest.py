"""Canonical form and sha256 digests of the input: the same input, however its lists are
ordered, has one digest and gives one proposal.

The digest is versioned (``DIGEST_SCHEMES``) and the proposal records the scheme it was made
with (``RunInfo.digest_scheme``), so that a proposal saved under an earlier scheme is still
checked against its own input:

- scheme "1": the scenario as JSON data with every unordered list sorted, hashed as compact,
  key-sorted JSON (``json.dumps`` over Python data: the whole input built twice in Python).
- scheme "2" (the current one): the same canonical order, but the scenario's bytes come from
  pydantic's native serialiser over the validated models, put in canonical order without
  re-validation; only the small resolved policy goes through key-sorted JSON (its maps are
  the only ones in the input, and their key order is the reader's). A region costs a tenth of
  scheme 1.
"""

import hashlib
import json
from collections.abc import Callable, Sequence
from operator import attrgetter
from typing import Any

from pydantic import BaseModel

from models.policy import Policy
from models.scenario import Scenario

DIGEST_SCHEME = "2"
"""The scheme new proposals are made with."""
DIGEST_SCHEMES = ("1", "2")

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
_MODEL_SETS = {"absences", "preferences", "needs"}
"""Unordered lists of small models (scheme 2 orders them by their own canonical bytes)."""
_SCHEME_2_LISTS = {**_ENTITY_LISTS, "courts": "id", "court_teams": "id"}


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


def _model_bytes(model: BaseModel) -> bytes:
    return _canonical_model(model).model_dump_json().encode()


_CANONICALISERS: dict[type, Sequence[tuple[str, Callable[[list[Any]], list[Any]]]]] = {}


def _canonicalisers(cls: type[BaseModel]) -> Sequence[tuple[str, Callable[[list[Any]], list[Any]]]]:
    """Per model class, the unordered fields and how each is put in canonical order."""
    known = _CANONICALISERS.get(cls)
    if known is None:
        known = []
        for name in cls.model_fields:
            if name in _SET_FIELDS:
                known.append((name, sorted))  # ids, terms and StrEnum members: their text
            elif name in _MODEL_SETS:
                known.append((name, lambda v: sorted(v, key=_model_bytes)))
            elif name == "risk":
                known.append((name, _canonical_model))  # type: ignore[arg-type]
        _CANONICALISERS[cls] = known
    return known


def _canonical_model(model: Any) -> Any:
    """``model`` with its unordered lists in canonical order: itself when they already are,
    else a copy (``model_copy``: the values are the validated ones, in another order)."""
    if not isinstance(model, BaseModel):
        return model
    orders = _canonicalisers(type(model))
    if not orders:
        return model
    update = {}
    for name, order in orders:
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            ordered = order(value)  # type: ignore[arg-type]
            if ordered is not value:
                update[name] = ordered
        elif isinstance(value, list) and len(value) > 1:
            ordered = order(value)
            if ordered != value:
                update[name] = ordered
    return model.model_copy(update=update) if update else model


def canonical_scenario_bytes(scenario: Scenario) -> bytes:
    """The scenario without its policy, in canonical order, as pydantic's compact JSON bytes."""
    fields = {name: getattr(scenario, name) for name in Scenario.model_fields}
    for key, id_field in _SCHEME_2_LISTS.items():
        fields[key] = sorted(map(_canonical_model, fields[key]), key=attrgetter(id_field))
    fields["policy"] = None
    return Scenario.model_construct(**fields).model_dump_json(exclude={"policy"}).encode()


def _policy_bytes(policy: Policy) -> bytes:
    text = json.dumps(
        policy.model_dump(mode="json"), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return text.encode("utf-8")


def input_digest(scenario: Scenario, policy: Policy, scheme: str = DIGEST_SCHEME) -> str:
    """Digest of the scenario with its resolved policy under ``scheme``, independent of the
    order of the input's unordered lists."""
    if scheme == "1":
        return sha256_of(canonical_data(scenario, policy))
    if scheme != "2":
        raise ValueError(f"unknown input digest scheme {scheme!r} (known: {DIGEST_SCHEMES})")
    h = hashlib.sha256(b"allocator input digest, scheme 2\n")
    h.update(canonical_scenario_bytes(scenario))
    h.update(b"\n")
    h.update(_policy_bytes(policy))
    return h.hexdigest()


def policy_digest(policy: Policy) -> str:
    """Digest of the resolved policy."""
    return sha256_of(policy.model_dump(mode="json"))
