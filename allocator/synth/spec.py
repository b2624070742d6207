"""How big a synthetic scenario is: the size presets and the overrides a caller may give.

Counts are ranges: the generator draws a value inside each range from its seeded generator,
so two seeds give two different (but equally plausible) organisations. An override fixes a
count exactly. ``practitioners`` counts the staff who hold cases (PO, PSO, PQiP); each POD also
has its SPO and usually one case administrator, who hold none.
"""

from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Any, Literal

Size = Literal["pod", "pdu", "region", "country"]

DEFAULT_DAY = date(2026, 11, 25)
"""A Wednesday, so that "new allocations this week" has something in it."""


@dataclass(frozen=True)
class SizeSpec:
    """The shape of a synthetic scenario. Ranges are inclusive ``(low, high)``."""

    name: str
    regions: int = 1
    pdus_per_region: tuple[int, int] = (1, 1)
    pods_per_pdu: tuple[int, int] = (1, 1)
    practitioners: tuple[int, int] = (4, 8)
    cases: tuple[int, int] = (2, 10)
    pdus: int | None = None
    """Total PDUs, overriding ``regions`` x ``pdus_per_region``."""
    pods: int | None = None
    """Total PODs, overriding ``pods_per_pdu``; spread over the PDUs as evenly as possible."""
    holdings: int | None = None
    """Total existing holdings. None: each caseload is filled to its utilisation target."""
    utilisation: float = 0.85
    """Mean utilisation of the existing caseloads, as a fraction of available points."""
    utilisation_sd: float = 0.08
    """Spread of utilisation between practitioners (roughly, not perfectly, balanced)."""
    day: date = DEFAULT_DAY
    framework: Literal["unified_2021", "nps_2016"] = "unified_2021"
    scenario_name: str | None = None

    def with_overrides(self, **overrides: Any) -> "SizeSpec":
        """A copy with ``overrides`` applied; an int for a range field fixes it exactly.

        ``None`` values are ignored, so a CLI can pass every option through.
        """
        known = {f.name for f in fields(self)}
        changes: dict[str, Any] = {}
        for key, value in overrides.items():
            if value is None:
                continue
            if key not in known or key == "name":
                raise ValueError(
                    f"unknown size option '{key}' (known: {', '.join(sorted(known - {'name'}))})"
                )
            current = getattr(self, key)
            if isinstance(current, tuple) and isinstance(value, int):
                value = (value, value)
            if isinstance(value, tuple) and (
                len(value) != 2 or value[0] > value[1] or value[0] < 0
            ):
                raise ValueError(f"{key}: a range must be (low, high) with 0 <= low <= high")
            if isinstance(value, int) and not isinstance(value, bool) and value < 0:
                raise ValueError(f"{key}: must not be negative")
            changes[key] = value
        spec = replace(self, **changes)
        if spec.pods is not None and spec.pdus is not None and spec.pods < spec.pdus:
            raise ValueError("pods: at least one POD per PDU is needed")
        if not 0 < spec.utilisation <= 2:
            raise ValueError("utilisation: must be a fraction of available points in (0, 2]")
        return spec


SIZES: dict[str, SizeSpec] = {
    # One POD of about 6-10 staff: an SPO, a case administrator and 4-8 case holders.
    "pod": SizeSpec(name="pod", practitioners=(4, 8), cases=(3, 10)),
    # One PDU of 4-8 PODs, 30-60 case holders and 20-80 cases on the day's list.
    "pdu": SizeSpec(name="pdu", pods_per_pdu=(4, 8), practitioners=(30, 60), cases=(20, 80)),
    # About 12 PDUs of 15-20 PODs, about 1,500 case holders.
    "region": SizeSpec(
        name="region",
        pdus_per_region=(11, 13),
        pods_per_pdu=(15, 20),
        practitioners=(1450, 1550),
        cases=(500, 700),
    ),
    # 12 regions of 8-10 PDUs, about 7,500 case holders.
    "country": SizeSpec(
        name="country",
        regions=12,
        pdus_per_region=(8, 10),
        pods_per_pdu=(8, 12),
        practitioners=(7300, 7700),
        cases=(3000, 4000),
    ),
}


def spec_for(size: str, **overrides: Any) -> SizeSpec:
    """The preset for ``size`` with ``overrides`` applied."""
    if size not in SIZES:
        raise ValueError(f"unknown size '{size}' (known: {', '.join(SIZES)})")
    return SIZES[size].with_overrides(**overrides)
