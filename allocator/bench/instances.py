"""Benchmark instances: a generated day, or a generated caseload put on the list whole.

The daily size is the generator's day (new cases and tier changes on top of the caseload). The
larger sizes re-decide the whole caseload: every holding becomes a case on the list with its
holder as current practitioner, so that keeping a case costs nothing and moving it costs a
move, as in a rebalancing (benchmarks/RESULTS.md measured the same shape).
"""

from typing import Any

from allocator.synth import generate
from models import Scenario

_ROSH_OF_BAND = {"A": "very_high", "B": "high", "C": "medium", "D": "low"}

SIZES: dict[str, tuple[str, dict[str, Any], bool]] = {
    # name: (generator size, overrides, whole caseload on the list)
    "daily": ("pdu", {"practitioners": 80, "cases": 100}, False),
    "pdu": ("pdu", {"practitioners": 60, "cases": 40}, True),
    "1k": ("pdu", {"practitioners": 30, "cases": 20}, True),
    "5k": ("region", {"pdus": 2, "practitioners": 150, "cases": 50}, True),
    "10k": ("region", {"pdus": 3, "practitioners": 300, "cases": 100}, True),
    "region": ("region", {}, True),
    "country": ("country", {}, True),
}


def whole_caseload(s: Scenario) -> Scenario:
    """The scenario with every holding also on the day's list, held by its practitioner."""
    data = s.model_dump(mode="json")
    tiers_band = {}
    if s.policy is not None:
        tiers_band = {t.code: t.risk_band for t in s.policy.framework.tiers}
    pod_of = {p["id"]: p["pod_id"] for p in data["practitioners"]}
    pdu_of = {p["id"]: p["pdu_id"] for p in data["pods"]}
    listed = {c["id"] for c in data["cases"]}
    for h in data["holdings"]:
        if h["case_id"] in listed:
            continue
        pod = pod_of[h["practitioner_id"]]
        band = tiers_band.get(h["tier"], h["tier"][0])
        data["cases"].append(
            {
                "id": h["case_id"],
                "tier": h["tier"],
                "case_type": h["case_type"],
                "flags": h["flags"],
                "rosh": _ROSH_OF_BAND.get(band, "medium"),
                "mappa_category": 2 if h["mappa"] else None,
                "mappa_level": 1 if h["mappa"] else None,
                # a held case: ViSOR need as held, else derived from its MAPPA facts below
                "needs_visor": h["needs_visor"]
                if h["needs_visor"] is not None
                else (None if h["mappa"] else False),
                "dif_complete": True,
                "pdu_id": pdu_of[pod],
                "pod_id": pod,
                "current_practitioner_id": h["practitioner_id"],
                "reason": "caseload_adjustment",
            }
        )
    return Scenario.model_validate(data)


def instance(size: str, seed: int) -> Scenario:
    """The benchmark scenario of ``size`` drawn from ``seed``."""
    gen_size, overrides, whole = SIZES[size]
    s = generate(gen_size, seed, **overrides)  # type: ignore[arg-type]
    return whole_caseload(s) if whole else s
