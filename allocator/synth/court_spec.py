"""How big a synthetic court day (or week) is: the presets and the overrides a caller may give.

A court scenario is one PDU's court team (``pdu``) or a region's teams (``region``), with the
courts they cover, a rota, and the day's pre-sentence report requests. Counts are ranges drawn
from the seed, as in ``spec.py``; an override fixes a count exactly.
"""

from dataclasses import dataclass, fields, replace
from datetime import date, timedelta
from typing import Any, Literal

from allocator.synth.spec import DEFAULT_DAY

CourtSize = Literal["pdu", "region"]

WEEK_START = DEFAULT_DAY - timedelta(days=DEFAULT_DAY.weekday())
"""Monday 2026-11-23: a week of court days starts here unless a date is given."""

MAX_DAYS = 10
"""At most two working weeks in one run: enough for a benchmark, small enough to read."""


@dataclass(frozen=True)
class CourtSpec:
    """The shape of a synthetic court scenario. Ranges are inclusive ``(low, high)``."""

    name: str
    pdus: tuple[int, int] = (1, 1)
    courts: tuple[int, int] = (2, 4)
    """Courts each PDU's team covers."""
    writers: tuple[int, int] = (12, 18)
    """Report writers (POs and PSOs) in each PDU's court team."""
    requests: tuple[int, int] = (30, 45)
    """Report requests per PDU per court day."""
    days: int = 1
    """Court days (weekdays from ``day``): one scenario each."""
    day: date | None = None
    """The first court day; None: 2026-11-25 for one day, Monday 2026-11-23 for several."""
    scenario_name: str | None = None

    def first_day(self) -> date:
        """The first court day: ``day`` moved forward off a weekend, or the default."""
        start = self.day or (DEFAULT_DAY if self.days == 1 else WEEK_START)
        while start.weekday() >= 5:
            start += timedelta(days=1)
        return start

    def court_days(self) -> list[date]:
        """The ``days`` weekdays from the first court day (courts do not sit at weekends)."""
        out: list[date] = []
        current = self.first_day()
        while len(out) < self.days:
            if current.weekday() < 5:
                out.append(current)
            current += timedelta(days=1)
        return out

    def with_overrides(self, **overrides: Any) -> "CourtSpec":
        """A copy with ``overrides`` applied; an int for a range field fixes it exactly.

        ``None`` values are ignored, so a CLI can pass every option through.
        """
        known = {f.name for f in fields(self)} - {"name"}
        changes: dict[str, Any] = {}
        for key, value in overrides.items():
            if value is None:
                continue
            if key not in known:
                raise ValueError(
                    f"unknown court option '{key}' (known: {', '.join(sorted(known))})"
                )
            if isinstance(getattr(self, key), tuple) and isinstance(value, int):
                value = (value, value)
            if isinstance(value, tuple) and (
                len(value) != 2 or value[0] > value[1] or value[0] < 1
            ):
                raise ValueError(f"{key}: a range must be (low, high) with 1 <= low <= high")
            changes[key] = value
        spec = replace(self, **changes)
        if not 1 <= spec.days <= MAX_DAYS:
            raise ValueError(f"days: must be 1 to {MAX_DAYS}")
        if spec.writers[0] < 2:
            raise ValueError("writers: a court team needs at least 2 writers (a PO and a PSO)")
        return spec


COURT_SIZES: dict[str, CourtSpec] = {
    # One PDU's court team on a busy day: 12-18 writers over 2-4 courts, 30-45 requests (the
    # issue's benchmark day, about 40 requests and 15 writers). Seed 003 ch. 2's national figures
    # (about 150,000 reports a year by 1,776 court staff) average well under one report per
    # writer per day: a busy day is what a court SPO needs help with, so the preset models one.
    "pdu": CourtSpec(name="pdu"),
    # A region: 11-13 PDUs, each with its own court team and courts.
    "region": CourtSpec(name="region", pdus=(11, 13), writers=(10, 18), requests=(20, 45)),
}


def court_spec_for(size: str, **overrides: Any) -> CourtSpec:
    """The court preset for ``size`` with ``overrides`` applied."""
    if size not in COURT_SIZES:
        raise ValueError(f"unknown court size '{size}' (known: {', '.join(COURT_SIZES)})")
    return COURT_SIZES[size].with_overrides(**overrides)
