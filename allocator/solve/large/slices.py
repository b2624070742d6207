"""One PDU part's own slice of the day: what a worker that did not fork from the caller needs.

A part touches only its PDU's cases and their candidates (the ``pdu_scope`` rule: PDUs share no
practitioner), so a worker on a cluster is sent that much and no more, instead of the whole day
and its eligibility (a region's pickled to 54 MB and a country's to some 250 MB, sent to every
worker). The slice is the caller's own figures, filtered, never derived again: a tier, a load
before the day or a candidate list on the worker is the very value the local run reads, so the
part's answer is the same byte for byte (tests/solve/test_part_slices.py compares each part of
a generated day solved both ways).

What a part reads of the day: its cases' figures (points, band, holder, held points, overdue
days, ...), the figures of the practitioners they may go to, of those who hold them now and of
those continuity anchors them to (the load after the day is counted for all of them), the
policy, and, for a pair-cost term ranked right after continuity, the previous version's lines
of its cases. The few figures derived from the whole day (the risk bands' weights count every
case of the day; a line's reason counts the day's practitioners) are copied from the caller's
day, so the slice cannot derive them from its own part; the rest of the day's memo starts
empty. The part's limits come with their
coefficients cut to its cases (a limit reads the day's whole table of points).
"""

import pickle
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import fields, replace
from typing import Any, TypeVar

from allocator.objectives.unallocated import band_weights
from allocator.problem.day import Day
from allocator.rules.base import Limit, SameForAll
from allocator.rules.eligibility import Eligibility
from models.case import Case

CASE_KEYED = frozenset(
    {
        "case_by_id",
        "tier",
        "band",
        "points",
        "overdue_days",
        "cohorts",
        "holder",
        "held_points",
        "held_cohorts",
        "safety",
        "held_tier",
        "facts_tier",
    }
)
"""``Day`` fields keyed by case id: kept for the part's cases."""

STAFF_KEYED = frozenset(
    {
        "staff_by_id",
        "listed_held",
        "listed_held_points",
        "available",
        "ceiling",
        "load_before",
        "count_before",
        "cohort_before",
        "absent",
        "nqo",
        "experienced",
        "pdu_of_staff",
    }
)
"""``Day`` fields keyed by practitioner id: kept for the slice's practitioners (their figures
are the day's, counted over every case they hold, on the list or not)."""

WHOLE = frozenset({"policy", "date", "pods", "pdus", "offices"})
"""``Day`` fields kept whole: small, and the same for every part."""

SLICED_APART = frozenset({"scenario", "cases", "staff", "case_ids", "report_ids", "memo"})
"""``Day`` fields that ``PartSlicer.day`` builds on their own (see there)."""

DAY_WIDE_MEMO = ("band_weights", "holder_count")
"""Figures in ``Day.memo`` derived from every case of the day, copied from the caller's."""


K = TypeVar("K", bound=Hashable)


def _split(keys: Iterable[K], owners: Mapping[K, tuple[int, ...]], parts: int) -> list[list[K]]:
    """Per part, the keys it owns, in the order given: one pass for all parts, so that cutting
    a country into its 109 parts reads each table once, not once per part."""
    out: list[list[K]] = [[] for _ in range(parts)]
    for k in keys:
        for i in owners.get(k, ()):
            out[i].append(k)
    return out


class PartSlicer:
    """Cuts one day into its parts' slices (``input(i)``: part ``i``'s, pickled).

    Made once per day: one pass over each of the day's tables finds, in the table's own
    order, the keys of every part; a part's slice then costs what the part holds. Every
    table of the slice keeps the caller's order, so a part iterating one reads it as the
    local run does.
    """

    def __init__(self, shared: dict[str, Any], parts: list[list[str]]) -> None:
        unknown = {f.name for f in fields(Day)} - CASE_KEYED - STAFF_KEYED - WHOLE - SLICED_APART
        if unknown:  # a field added to Day must be placed in one of the sets above first
            raise ValueError(f"Day fields not sliced for a part: {sorted(unknown)}")
        self.shared, self.parts = shared, parts
        day: Day = shared["day"]
        elig: Eligibility = shared["elig"]
        band_weights(day)  # day-wide figures: derived here, once, if nothing has asked yet
        day.holder_count()
        case_owner = {c: (i,) for i, cases in enumerate(parts) for c in cases}
        staff_of_pdu: dict[str, list[str]] = {}
        for pid, pdu in day.pdu_of_staff.items():
            staff_of_pdu.setdefault(pdu, []).append(pid)
        self.staff = [staff_of_part(day, elig, cases, staff_of_pdu) for cases in parts]
        owners: dict[str, list[int]] = {}
        for i, staff in enumerate(self.staff):
            for pid in staff:
                owners.setdefault(pid, []).append(i)
        staff_owner = {pid: tuple(parts_of) for pid, parts_of in owners.items()}
        n = len(parts)
        self._keys: dict[str, list[list[Any]]] = {
            name: _split(getattr(day, name), case_owner, n) for name in CASE_KEYED
        }
        self._keys.update(
            {name: _split(getattr(day, name), staff_owner, n) for name in STAFF_KEYED}
        )
        self._keys["own"] = _split(elig._own, {k: case_owner.get(k[0], ()) for k in elig._own}, n)
        s = day.scenario
        previous = s.previous_version.lines if s.previous_version is not None else {}
        self._keys["previous"] = _split(previous, case_owner, n)
        self._index: dict[str, list[list[Any]]] = {
            "scenario_cases": _split(range(len(s.cases)), _by_index(s.cases, case_owner), n),
            "practitioners": _split(
                range(len(s.practitioners)), _by_index(s.practitioners, staff_owner), n
            ),
            "holdings": _split(
                range(len(s.holdings)),
                {
                    j: tuple(
                        sorted(
                            {
                                *case_owner.get(h.case_id, ()),
                                *staff_owner.get(h.practitioner_id, ()),
                            }
                        )
                    )
                    for j, h in enumerate(s.holdings)
                },
                n,
            ),
            "cases": _split(range(len(day.cases)), _by_index(day.cases, case_owner), n),
            "staff": _split(range(len(day.staff)), _by_index(day.staff, staff_owner), n),
        }

    def day(self, i: int) -> Day:
        """Part ``i``'s slice of the day: its cases, its practitioners (``staff_of_part``), every
        figure the caller's own, and the figures derived from the whole day copied."""
        day: Day = self.shared["day"]
        keep = set(self.parts[i])
        update: dict[str, Any] = {
            name: {k: getattr(day, name)[k] for k in self._keys[name][i]}
            for name in (*CASE_KEYED, *STAFF_KEYED)
        }
        s = day.scenario
        previous = s.previous_version
        if previous is not None:
            lines = previous.lines
            previous = previous.model_copy(
                update={"lines": {c: lines[c] for c in self._keys["previous"][i]}}
            )
        index = self._index
        # A copy without validation: the scenario is valid whole, and a part of it is only read.
        update["scenario"] = s.model_copy(
            update={
                "cases": [s.cases[j] for j in index["scenario_cases"][i]],
                "practitioners": [s.practitioners[j] for j in index["practitioners"][i]],
                "holdings": [s.holdings[j] for j in index["holdings"][i]],
                "previous_version": previous,
            }
        )
        update["cases"] = [day.cases[j] for j in index["cases"][i]]
        update["staff"] = [day.staff[j] for j in index["staff"][i]]
        update["case_ids"] = day.case_ids & keep
        update["report_ids"] = day.report_ids & keep
        update["memo"] = {k: day.memo[k] for k in DAY_WIDE_MEMO if k in day.memo}
        return replace(day, **update)

    def eligibility(self, i: int, day: Day) -> Eligibility:
        """Part ``i``'s eligibility, reading ``day`` (its slice): the same candidate lists and
        rule tables as the caller's (shared between alike cases within the part, as there),
        nothing derived again."""
        elig: Eligibility = self.shared["elig"]
        cases = self.parts[i]
        return replace(
            elig,
            day=day,
            candidates={c: elig.candidates[c] for c in cases},
            _class_of={c: elig._class_of[c] for c in cases},
            _own={k: elig._own[k] for k in self._keys["own"][i]},
            _counts_memo={},
            _by_staff_memo={},
        )

    def state(self, i: int) -> dict[str, Any]:
        """Part ``i``'s state: the large method's state for every part, with the day,
        eligibility and limits cut to the part (the limits of its scope only)."""
        day = self.day(i)
        elig = self.eligibility(i, day)
        scope = {p for c in self.parts[i] for p in elig.candidates[c]}
        limits_of: dict[str, list[Limit]] = self.shared["limits_of"]
        cut = _LimitCutter(day.cases)
        return {
            **self.shared,
            "day": day,
            "elig": elig,
            "limits_of": {
                p: [cut.limit(lim) for lim in limits_of[p]] for p in sorted(scope) if p in limits_of
            },
        }

    def input(self, i: int) -> bytes:
        """Part ``i``'s state, pickled: what a worker is sent to solve it.

        Pickled here, to one ``bytes``, rather than by the cluster's transport: Dask sends
        each small numpy rule table of an eligibility as a frame of its own (5,195 for a
        region's), and the size counted here is the size sent."""
        return pickle.dumps(self.state(i), protocol=pickle.HIGHEST_PROTOCOL)


class _LimitCutter:
    """A part's limits with their coefficients cut to the part's cases.

    A limit's coefficients cover the whole day (the capacity limit of every practitioner reads
    the day's one table of points; a count limit, every case id of the day): sent whole, they
    would be half of every part's bytes on a country. A part's search asks a coefficient of its
    own cases only (``SearchState``: its cases are the only ones it places), so the cut limit
    reads the same. A table shared by several limits is cut once and stays shared."""

    def __init__(self, cases: list[Case]) -> None:
        self._order = [c.id for c in cases]  # the day's order, which the tables follow
        self._keep = frozenset(self._order)
        self._cut: dict[int, Mapping[str, int]] = {}
        self._alive: list[Mapping[str, int]] = []

    def limit(self, lim: Limit) -> Limit:
        return replace(lim, x_coef=self.table(lim.x_coef), alloc_coef=self.table(lim.alloc_coef))

    def table(self, coef: Mapping[str, int]) -> Mapping[str, int]:
        done = self._cut.get(id(coef))
        if done is None:
            if isinstance(coef, SameForAll):  # one value for a set of cases: stays a set
                done = SameForAll(self._keep, coef._value, coef._excluded & self._keep)
            else:
                done = {c: coef[c] for c in self._order if c in coef}
            self._cut[id(coef)] = done
            self._alive.append(coef)  # its id stays its own while the cut is kept
        return done


def _by_index(
    items: list[Any], owners: Mapping[str, tuple[int, ...]]
) -> dict[int, tuple[int, ...]]:
    """Owners of each position of ``items`` (models with an ``id``)."""
    return {j: owners.get(x.id, ()) for j, x in enumerate(items)}


def staff_of_part(
    day: Day, elig: Eligibility, cases: list[str], staff_of_pdu: Mapping[str, list[str]]
) -> set[str]:
    """The practitioners a part reads: every practitioner of its cases' PDUs, their cases'
    candidates and holders, and every practitioner a case names (its current and previous
    practitioners, the one who knows a report's case, those it is restricted to or kept
    from), so that whether a named practitioner is on the staff reads the same."""
    out: set[str] = set()
    for pdu in {day.case_by_id[c].pdu_id for c in cases}:
        out.update(staff_of_pdu.get(pdu, ()))
    for cid in cases:
        out.update(elig.candidates[cid])
        case = day.case_by_id[cid]
        named = [
            day.holder.get(cid),
            case.current_practitioner_id,
            case.previous_practitioner_id,
            case.report.known_practitioner_id if case.report is not None else None,
            *case.restricted_to,
            *case.excluded_staff,
            *case.rejected_practitioners,
        ]
        out.update(p for p in named if p is not None)
    return out & day.staff_by_id.keys()
