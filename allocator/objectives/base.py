"""What a soft term is: a solver-free description of its formula, and a plain-Python score.

A term describes itself as one of three shapes (``TermSpec``) that the solver adapter knows how
to build; it never imports the solver. ``score`` recomputes the same value from an assignment
alone: a test holds the solver's value of every term against it.
"""

import functools
import math
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from allocator.problem.assignment import AssignmentState
from allocator.problem.day import Assignment, Day
from allocator.problem.kinds import Applies
from allocator.rules.eligibility import Eligibility


@dataclass(frozen=True)
class LinearSpec:
    """value = constant + sum over allocated pairs of pair[c, p] + sum over unallocated c of unallocated[c]."""

    pair: dict[tuple[str, str], int] = field(default_factory=dict)
    unallocated: dict[str, int] = field(default_factory=dict)
    constant: int = 0


@dataclass(frozen=True)
class UtilisationSpec:
    """Per-mille utilisation over ``scope``: ``max`` is the highest (rounded up), ``spread`` the
    highest (rounded up) minus the lowest (rounded down), ``excess`` the highest (rounded up)
    above ``target`` (0 when at or below it)."""

    kind: str
    scope: tuple[str, ...]
    target: int = 0


@dataclass(frozen=True)
class ExcessItem:
    """max(0, base - sum(a[c] for c in leaving) + sum(x[c, pid] for c in arriving) - limit)."""

    practitioner_id: str
    base: int
    limit: int
    arriving: tuple[str, ...]
    leaving: tuple[str, ...]


@dataclass(frozen=True)
class ExcessSpec:
    """value = sum of the items' excesses."""

    items: tuple[ExcessItem, ...]


@dataclass(frozen=True)
class DeviationItem:
    """|constant + sum over allocated pairs of pair[c, p]|: how far a linear count is from its
    target, in whole units (for example 1000 x the POs' reports - 350 x all reports)."""

    pair: dict[tuple[str, str], int]
    constant: int = 0

    def value(self, assignment: dict[str, str]) -> int:
        """The item's deviation for ``assignment`` (case id -> practitioner id)."""
        return abs(self.constant + sum(self.pair.get(item, 0) for item in assignment.items()))


@dataclass(frozen=True)
class DeviationSpec:
    """value = sum of the items' absolute deviations."""

    items: tuple[DeviationItem, ...]


TermSpec = LinearSpec | UtilisationSpec | ExcessSpec | DeviationSpec


class Objective(ABC):
    """A soft term: lower is better."""

    name: str
    unit: str
    description: str
    applies_to: Applies
    """Supervision cases, report requests or both (``allocator.problem.kinds``): declared on
    every term's class. A term of one kind costs nothing for a case of the other."""
    figure: Literal["permille", "count"] = "count"
    """How the term's value is shown: tenths of a percent as a percentage, or a count."""
    large_bound: Literal["none", "highest", "over_target", "all_placed", "pair_floor"] = "none"
    """Which bound the large method may report for the term: its flow bound on the highest
    utilisation, that bound's excess over the balance target, the value with every placeable
    case placed, the sum of each case's cheapest candidate (valid once every placeable case is
    placed), or nothing better than 0."""
    large_role: Literal["none", "balance", "over_target", "continuity"] = "none"
    """What the large method does with the term: balance the highest utilisation by it, balance
    only down to the balance target by it, or keep cases in place by it (its placement, moves
    and tidy pass are built around that cost)."""
    counts_each_unallocated: bool = False
    """Every unallocated case costs at least 1: an optimum that ranks this term first places
    every placeable case, which is what makes the pair floors after it valid."""
    combine: Literal["sum", "max", "whole"] = "whole"
    """How the large method combines the term's values over the day's PDU parts, each scored
    beside its own search (``score_part``): "sum" for a term that is a sum over cases (each
    case belongs to one part), "max" for the highest of a figure over practitioners (each
    receiver belongs to one part), "whole" for a term read across parts (a spread's lowest and
    highest together, a count per practitioner over the whole day's candidate lists, a court
    team's share over its PDUs): scored on the whole day, as before. The default is the safe
    one: a new term is scored whole until it declares otherwise (tests/solve/test_part_terms.py
    holds every declaration to the whole day's score)."""

    def applies_on(self, day: Day) -> bool:
        """Whether the term is in ``day``'s objective: a term for reports only is left out of
        a day with no report request, so that a supervision day's objective, stages and
        proposal are as they were before the court terms existed."""
        if self.applies_to != "reports":
            return True
        return any(c.report is not None for c in day.cases)

    @abstractmethod
    def spec(self, day: Day, elig: Eligibility) -> TermSpec:
        """The term's formula over the eligible pairs, for the solver."""

    @abstractmethod
    def score(self, day: Day, elig: Eligibility, assignment: Assignment) -> int:
        """The term's value for ``assignment``, recomputed in plain Python."""

    def score_part(
        self,
        day: Day,
        elig: Eligibility,
        assignment: Assignment,
        cases: list[str],
        scope: list[str],
    ) -> int:
        """The term's share of its value from one part: ``cases`` (every case of the part,
        allocated in ``assignment`` or not) and ``scope`` (the practitioners they may go to).
        Combined over the parts as ``combine`` says; a "whole" term has no share."""
        raise NotImplementedError(f"{self.name} is scored on the whole day")

    def phrase(self, delta: int) -> str:
        """What a worsening of ``delta`` units means, in words."""
        return f"{delta} more {self.unit} ({self.name.replace('_', ' ')})"

    def line_note(self, day: Day, cid: str, pid: str) -> str | None:
        """A clause the reason of the line giving ``cid`` to ``pid`` adds, or None (for example
        who is asked for information instead of writing a report). It may name only the
        practitioners ``line_names`` gives, which the checker allows in a reason."""
        return None

    def line_names(self, day: Day, cid: str) -> tuple[str, ...]:
        """Practitioner ids the term's ``line_note`` may name for case ``cid``."""
        return ()

    def reassign_delta(
        self, day: Day, elig: Eligibility, view: AssignmentState, cid: str, pid: str
    ) -> int:
        """Change of the term if allocated case ``cid`` went to ``pid`` instead, all else equal.

        The default rescores the whole assignment; terms override it with a local computation
        (a test holds the two equal).
        """
        trial = dict(view.assignment)
        trial[cid] = pid
        return self.score(day, elig, trial) - self.score(day, elig, view.assignment)


def permille_up(points: int, available: int) -> int:
    """Utilisation in tenths of a percent, rounded up."""
    return math.ceil(1000 * points / available) if available > 0 else 0


def permille_down(points: int, available: int) -> int:
    """Utilisation in tenths of a percent, rounded down."""
    return (1000 * points) // available if available > 0 else 0


def _zero_for_other_kind(method: Callable[..., Any], kind: Applies) -> Callable[..., Any]:
    """``method`` (a per-case cost) that costs 0 for a case not of the term's ``kind``, without
    running: grade fit never reads a report's missing tier. Built once per class for the kind
    it declares; the large method asks a region's pairs millions of times."""
    reports = kind == "reports"

    @functools.wraps(method)
    def guarded(self: "PairCostObjective", day: Day, cid: str, *args: Any) -> Any:
        if (cid in day.report_ids) != reports:
            return 0
        return method(self, day, cid, *args)

    guarded.__kind_original__ = method  # type: ignore[attr-defined]
    return guarded


class PairCostObjective(Objective):
    """A term that is a cost per (case, practitioner) choice plus a cost per unallocated case.

    ``pair_cost``, ``unallocated_cost`` and ``cheapest`` are wrapped when a subclass is defined
    so that they cost 0 for a case of a kind the term does not apply to (``applies_to``): every
    caller (the solver adapter, the large method, the explanations) honours the declaration.
    """

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        kind = getattr(cls, "applies_to", None)
        if kind is None:
            return  # an abstract base: its concrete terms declare their kind
        for method_name in ("pair_cost", "unallocated_cost", "cheapest"):
            method = getattr(cls, method_name)
            method = getattr(method, "__kind_original__", method)
            setattr(
                cls, method_name, method if kind == "both" else _zero_for_other_kind(method, kind)
            )

    large_bound: Literal["none", "highest", "over_target", "all_placed", "pair_floor"] = (
        "pair_floor"
    )

    def pair_cost(self, day: Day, cid: str, pid: str) -> int:
        """Cost of giving case ``cid`` to ``pid``."""
        return 0

    def unallocated_cost(self, day: Day, cid: str) -> int:
        """Cost of leaving case ``cid`` unallocated."""
        return 0

    def cheapest(self, day: Day, cid: str, pids: list[str]) -> int:
        """The lowest cost of giving ``cid`` to one of ``pids`` (0 when there are none): the
        term's floor for a case that must be placed. Costs are never negative, so a 0 ends
        the search; a term with a faster row of costs overrides it."""
        best: int | None = None
        for pid in pids:
            cost = self.pair_cost(day, cid, pid)
            if best is None or cost < best:
                best = cost
                if cost <= 0:
                    break
        return best or 0

    def spec(self, day: Day, elig: Eligibility) -> TermSpec:
        pair = {}
        for cid, pids in elig.candidates.items():
            for pid in pids:
                cost = self.pair_cost(day, cid, pid)
                if cost:
                    pair[(cid, pid)] = cost
        unallocated = {c.id: u for c in day.cases if (u := self.unallocated_cost(day, c.id))}
        return LinearSpec(pair=pair, unallocated=unallocated)

    def reassign_delta(
        self, day: Day, elig: Eligibility, view: AssignmentState, cid: str, pid: str
    ) -> int:
        return self.pair_cost(day, cid, pid) - self.pair_cost(day, cid, view.assignment[cid])

    combine: Literal["sum", "max", "whole"] = "sum"

    def score(self, day: Day, elig: Eligibility, assignment: Assignment) -> int:
        return self._sum_over(day, assignment, [c.id for c in day.cases])

    def score_part(
        self,
        day: Day,
        elig: Eligibility,
        assignment: Assignment,
        cases: list[str],
        scope: list[str],
    ) -> int:
        """The sum over the part's cases: each case is in one part, so the parts' shares and
        the cases in no part (nobody may take them) add up to ``score``."""
        return self._sum_over(day, assignment, cases)

    def _sum_over(self, day: Day, assignment: Assignment, cases: list[str]) -> int:
        # A cost the term does not define is 0 for every case (the base's): it is not asked
        # 50,000 times on a region. The rest is the sum over the cases, as defined.
        pair = _own_method(type(self), "pair_cost")
        unallocated = _own_method(type(self), "unallocated_cost")
        total = 0
        for cid in cases:
            pid = assignment.get(cid)
            if pid is None:
                if unallocated:
                    total += self.unallocated_cost(day, cid)
            elif pair:
                total += self.pair_cost(day, cid, pid)
        return total


def _own_method(cls: type[PairCostObjective], name: str) -> bool:
    """Whether the term's class defines its own ``name`` (``pair_cost`` or
    ``unallocated_cost``) rather than keeping the base's, which costs 0."""
    method = getattr(cls, name)
    return getattr(method, "__kind_original__", method) is not getattr(PairCostObjective, name)
