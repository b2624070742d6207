"""One PDU's part of the day, and which of it a user may see.

The web service proposes per PDU: a case is only ever allocated within its PDU (the
``pdu_scope`` rule), so the PDU's own scenario gives the same lines for its cases, answers in
a fraction of the time, and lets the SPOs of different PDUs re-solve without superseding each
other's versions. Practitioners named by the PDU's cases from elsewhere (a transfer in, a
previous practitioner) come along with their POD, PDU and caseload so that every reference
resolves; ``pdu_scope`` keeps them from being proposed.
"""

from allocator.store.accounts import User
from models.case import Case
from models.scenario import Scenario


def scenario_for_pdu(scenario: Scenario, pdu_id: str) -> Scenario:
    """The part of ``scenario`` one PDU's proposal needs."""
    pods = {p.id for p in scenario.pods if p.pdu_id == pdu_id}
    cases = [c for c in scenario.cases if c.pdu_id == pdu_id]
    staff = {p.id for p in scenario.practitioners if p.pod_id in pods}
    for c in cases:
        for ref in (
            c.current_practitioner_id,
            c.previous_practitioner_id,
            *c.restricted_to,
            *c.excluded_staff,
            *c.rejected_practitioners,
        ):
            if ref is not None:
                staff.add(ref)
    case_ids = {c.id for c in cases}
    for h in scenario.holdings:
        if h.case_id in case_ids:
            staff.add(h.practitioner_id)
    practitioners = [p for p in scenario.practitioners if p.id in staff]
    pods |= {p.pod_id for p in practitioners}
    pdus = {p.pdu_id for p in scenario.pods if p.id in pods} | {pdu_id}
    data = scenario.model_dump(mode="json")
    data["pdus"] = [p for p in data["pdus"] if p["id"] in pdus]
    data["pods"] = [p for p in data["pods"] if p["id"] in pods]
    data["practitioners"] = [p for p in data["practitioners"] if p["id"] in staff]
    data["holdings"] = [h for h in data["holdings"] if h["practitioner_id"] in staff]
    data["cases"] = [c for c in data["cases"] if c["pdu_id"] == pdu_id]
    return Scenario.model_validate(data)


def may_see_pdu(user: User, pdu_id: str, pods_of_pdu: set[str]) -> bool:
    """Whether ``user`` sees anything of the PDU: named for it, or for one of its PODs."""
    return user.sees_everything or pdu_id in user.pdus or bool(user.pods & pods_of_pdu)


def may_see_case(user: User, case: Case) -> bool:
    """Whether ``user`` sees the case: their PDU's, or their POD's when named by POD only."""
    if user.sees_everything or case.pdu_id in user.pdus:
        return True
    return case.pod_id is not None and case.pod_id in user.pods
