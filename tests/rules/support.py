"""Helpers shared by the rule and objective tests: the NPS 2016 policy, a POD in PDU2, and
the reason one named rule gives for a pair."""

from typing import Any

from allocator.io.policy_files import bundled_policy
from allocator.problem.day import Day
from allocator.rules.eligibility import Eligibility
from allocator.rules.registry import RULES_BY_NAME
from models import Policy, Scenario


def nps_policy(**changes: Any) -> Policy:
    """The bundled ``nps2016`` policy with ``changes`` applied."""
    base = bundled_policy("nps2016")
    return Policy.model_validate({**base.model_dump(mode="json"), **changes})


def move_pod_to_pdu(s: Scenario, pod: str, pdu: str) -> Scenario:
    """``s`` with POD ``pod`` moved to PDU ``pdu`` (the builders put every POD in PDU1)."""
    data = s.model_dump(mode="json")
    for p in data["pods"]:
        if p["id"] == pod:
            p["pdu_id"] = pdu
    return Scenario.model_validate(data)


def reason(day: Day, rule: str, cid: str, pid: str) -> str | None:
    """What rule ``rule`` says about giving case ``cid`` to practitioner ``pid``."""
    return RULES_BY_NAME[rule].excludes(day, day.case_by_id[cid], day.staff_by_id[pid])


def excluded(elig: Eligibility, cid: str) -> set[str]:
    """Practitioners compute_eligibility excludes for case ``cid``, by id."""
    return set(elig.failures[cid])


def failed_rules(elig: Eligibility, cid: str, pid: str) -> list[str]:
    """The rules practitioner ``pid`` fails for case ``cid``, in registry order."""
    return [name for name, _ in elig.failures[cid].get(pid, [])]
