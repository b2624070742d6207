"""Small scenarios built in code, with defaults that break no rule, so each test states only
what it is about."""

from datetime import date
from typing import Any

from allocator.io.policy_files import bundled_policy
from allocator.problem.day import Day, build_day
from allocator.rules.eligibility import Eligibility, compute_eligibility
from models import Case, Holding, Policy, Practitioner, Scenario
from models.enums import CaseCategory

DAY = date(2026, 11, 24)
ALL_READY = [c.value for c in CaseCategory]


def staff(pid: str, grade: str = "PO", pod: str = "POD1", **kw: Any) -> Practitioner:
    """An experienced, ViSOR-ready practitioner at a suitable office, ready for every category."""
    data: dict[str, Any] = {
        "id": pid,
        "name": kw.pop("name", f"Synthetic {grade} {pid}"),
        "grade": grade,
        "pod_id": pod,
        "office_id": "OFF1",
        "in_grade_since": "2020-01-01",
        "readiness": ALL_READY,
        "visor_vetted": True,
        "visor_trained": True,
    }
    if grade == "PQIP":
        data["pqip_stage"] = 3
    data.update(kw)
    return Practitioner.model_validate(data)


def case(cid: str, tier: str = "C2", pdu: str = "PDU1", **kw: Any) -> Case:
    """A new community case in PDU1 with a complete DIF and risk assessment, not on ViSOR."""
    data = {"id": cid, "tier": tier, "pdu_id": pdu, "rosh": "medium", "dif_complete": True}
    data |= kw
    if (
        "needs_visor" not in data
        and data.get("mappa_category") is None
        and data.get("mappa_level") is None
    ):
        data["needs_visor"] = False
    return Case.model_validate(data)


def holding(cid: str, pid: str, tier: str = "C2", **kw: Any) -> Holding:
    """An existing community case."""
    return Holding.model_validate({"case_id": cid, "practitioner_id": pid, "tier": tier, **kw})


def scenario(
    practitioners: list[Practitioner],
    cases: list[Case],
    holdings: list[Holding] | None = None,
    pods: tuple[str, ...] = ("POD1", "POD2"),
    offices: list[dict[str, Any]] | None = None,
    pod_pdu: dict[str, str] | None = None,
    **kw: Any,
) -> Scenario:
    """PDU1 with the given PODs (``pod_pdu`` puts some in PDU2) and a suitable office OFF1
    (plus any others given)."""
    return Scenario.model_validate(
        {
            "date": DAY.isoformat(),
            "pdus": [
                {"id": "PDU1", "name": "Synthetic PDU 1"},
                {"id": "PDU2", "name": "Synthetic PDU 2"},
            ],
            "pods": [
                {"id": p, "name": f"Synthetic {p}", "pdu_id": (pod_pdu or {}).get(p, "PDU1")}
                for p in pods
            ],
            "offices": [
                {"id": "OFF1", "name": "Synthetic Office 1", "suitable_for_high_risk": True}
            ]
            + (offices or []),
            "practitioners": [p.model_dump(mode="json") for p in practitioners],
            "holdings": [h.model_dump(mode="json") for h in holdings or []],
            "cases": [c.model_dump(mode="json") for c in cases],
            **kw,
        }
    )


def policy(**changes: Any) -> Policy:
    """The bundled default policy with ``changes`` applied."""
    base = bundled_policy("default")
    return Policy.model_validate({**base.model_dump(mode="json"), **changes})


def day_of(s: Scenario, p: Policy | None = None) -> tuple[Day, Eligibility]:
    """The built day and its eligibility."""
    d = build_day(s, p or policy())
    return d, compute_eligibility(d)


def held_on_list(cid: str, pid: str, tier: str, **kw: Any) -> tuple[Case, Holding]:
    """A case on the list that ``pid`` holds now (a tier change): keeping it costs nothing."""
    return (
        case(cid, tier, current_practitioner_id=pid, reason="change_in_tier", **kw),
        holding(cid, pid, tier),
    )


def three_staff_day(
    others: dict[str, int],
    held: list[tuple[str, str, str]],
    new: list[tuple[str, str]],
    pods: dict[str, str] | None = None,
    **kw: Any,
) -> Scenario:
    """P1..P3 with ``others`` points held outside the list; ``held`` (case, holder, tier) on the
    list, ``new`` (case, tier) new cases of POD1; ``pods`` puts a practitioner in POD2."""
    pairs = [held_on_list(c, p, t) for c, p, t in held]
    return scenario(
        [
            staff(p, pod=(pods or {}).get(p, "POD1"), other_points=others[p])
            for p in ("P1", "P2", "P3")
        ],
        [c for c, _ in pairs] + [case(c, t, pod_id="POD1") for c, t in new],
        [h for _, h in pairs],
        **kw,
    )
