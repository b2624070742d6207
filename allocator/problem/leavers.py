"""The held cases of practitioners who have left, as cases on the day's list.

docs/domain.md, "Public-protection guards": a practitioner who has left holds cases only until they
are reallocated, and the day's proposal includes those cases when the SPO asks
(``propose --reallocate-leavers`` or ``reallocate_leavers`` in the scenario). Each is listed
with the live service's reason "officer left", so the ``officer_left`` rule keeps it from going
back. A held case was allocated once, so its DIF is complete; its RoSH and ViSOR need are taken
from the holding (a MAPPA holding with no recorded ViSOR need counts as needing ViSOR, the safe
side); a holding with no RoSH recorded is blocked by the risk-assessment rule until one is.
"""

from models.case import Case
from models.enums import AllocationReason
from models.scenario import Scenario


def leaver_cases(scenario: Scenario) -> list[Case]:
    """Cases held by practitioners who have left by the scenario's date and are not already on
    the list, in case id order."""
    left = {p.id: p for p in scenario.practitioners if p.has_left(scenario.date)}
    if not left:
        return []
    pod_pdu = {p.id: p.pdu_id for p in scenario.pods}
    listed = {c.id for c in scenario.cases}
    out = []
    for h in sorted(scenario.holdings, key=lambda h: h.case_id):
        holder = left.get(h.practitioner_id)
        if holder is None or h.case_id in listed:
            continue
        needs_visor = h.needs_visor if h.needs_visor is not None else h.mappa
        out.append(
            Case(
                id=h.case_id,
                tier=h.tier,
                rosh=h.rosh,
                flags=list(h.flags),
                case_type=h.case_type,
                points=h.points,
                pdu_id=pod_pdu[holder.pod_id],
                pod_id=holder.pod_id,
                reason=AllocationReason.OFFICER_LEFT,
                current_practitioner_id=holder.id,
                needs_visor=needs_visor,
                dif_complete=True,
            )
        )
    return out
