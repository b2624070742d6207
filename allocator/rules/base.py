"""What a hard rule is: a name, a one-sentence reason, and checks that need no solver.

Two kinds. A ``PairRule`` decides one (case, practitioner) pair on its own. An
``AggregateRule`` binds across the day's cases (capacity, volume, PQiP cap): it declares
linear ``Limit``s for the solver and recomputes its violations in plain Python for the
checker, so the two are written independently and a test can hold one against the other.
"""

import functools
from abc import ABC, abstractmethod
from collections.abc import Callable, Hashable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from allocator.problem.assignment import AssignmentState
from allocator.problem.day import ELSEWHERE, Assignment, Day
from allocator.problem.kinds import Applies, applies
from models.case import Case
from models.staff import Practitioner

NOT_APPLICABLE = ("not applicable",)
"""The case key of a case a rule does not apply to: every such case is decided alike (allowed)."""

_CASE_METHODS: dict[str, object] = {
    "excludes": None,
    "excludes_new": False,
    "case_key": NOT_APPLICABLE,
    "blocks_case": False,
    "violation_adding": None,
}
"""The per-case methods of a rule, and what each answers for a case the rule does not apply to."""


def _guarded(method: Callable[..., Any], answer: object, kind: Applies) -> Callable[..., Any]:
    """``method`` that answers ``answer`` (allowed, not blocking) for a case that is not of the
    rule's ``kind``, without running: a rule that reads a tier never reads a report's missing
    one. Built once per class, for the kind it declares, with the method's own positional
    signature (a region asks these a million times: no keyword handling on the way)."""
    reports = kind == "reports"
    guarded: Callable[..., Any]
    if method.__name__ == "violation_adding":

        def guarded(self: "RuleFacts", day: Day, stats: Any, case: Case, p: Any) -> Any:
            if (case.report is None) == reports:
                return answer
            return method(self, day, stats, case, p)

    elif method.__name__ in ("excludes", "excludes_new"):

        def guarded(self: "RuleFacts", day: Day, case: Case, p: Any) -> Any:
            if (case.report is None) == reports:
                return answer
            return method(self, day, case, p)

    else:  # case_key, blocks_case

        def guarded(self: "RuleFacts", day: Day, case: Case) -> Any:
            if (case.report is None) == reports:
                return answer
            return method(self, day, case)

    functools.update_wrapper(guarded, method)
    guarded.__kind_original__ = method  # type: ignore[attr-defined,union-attr]
    return guarded


def _own_kind(method: Callable[..., Any], kind: Applies) -> Callable[..., Any]:
    """``method`` (``violation_at`` or ``violations``) reading only the cases of the assignment
    of the rule's ``kind``: a limit on supervision cases never counts a report, and the reverse."""

    @functools.wraps(method)
    def own_kind(self: "RuleFacts", day: Day, assignment: Assignment, *args: Any) -> Any:
        # a day without reports has only supervision cases: nothing to leave out for them
        if kind == "reports" or day.report_ids:
            assignment = {c: q for c, q in assignment.items() if applies(kind, day.case_by_id[c])}
        return method(self, day, assignment, *args)

    own_kind.__kind_original__ = method  # type: ignore[attr-defined]
    return own_kind


def original_method(method: Callable[..., Any]) -> Callable[..., Any]:
    """The method as its class wrote it, under any kind wrapper a parent class gave it."""
    return getattr(method, "__kind_original__", method)


class RuleFacts:
    """What other code needs to know about a rule, declared by the rule rather than inferred
    from its name (the explanations, the oversight record and eligibility read these).

    Every concrete rule declares ``applies_to`` on its own class. Its per-case methods
    (``excludes``, ``excludes_new``, ``case_key``, ``blocks_case``, ``violation_adding``) are
    wrapped when the class is defined so that, for a case of a kind the rule does not apply to,
    they allow without running, and an aggregate rule's ``violation_at`` and ``violations`` see
    only the cases of its kind: every caller (eligibility, the checker, the explanations, the
    store's decision checks) honours the declaration without asking for it. What the wrapping
    cannot see is the rule's own job: its ``limits`` for the solver and its ``violation_adding``
    count only its own kind (``day.report_ids``, ``AssignmentState.reports``).
    """

    name: str
    title: str
    applies_to: Applies
    """Supervision cases, report requests or both (``allocator.problem.kinds``)."""
    """How the rule is named in every text an SPO can paste or export: neutral wording, never
    a case category or a protected characteristic."""
    case_level: bool = False
    """The rule decides by the case alone (it excludes everyone or no one): a case it stops is
    blocked with the rule's own sentence, not with a practitioner-by-practitioner count."""
    quotable: bool = False
    """The rule's sentences speak only of availability, workload or scope, so that they may be
    quoted in a management-oversight record; other rules are named there by title alone."""
    holder_alike: bool = False
    """The rule decides the practitioner who holds a case now as it decides anyone else:
    ``excludes`` is None exactly when ``excludes_new`` is False, for every practitioner. Then
    eligibility reads the holder's verdict off the rule's row for the case's class instead of
    asking the rule again (the pair-by-pair property test holds it to that)."""

    def blocks_case(self, day: Day, case: Case) -> bool:
        """For a case-level rule: whether it stops ``case`` for every practitioner."""
        return False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        kind = getattr(cls, "applies_to", None)
        if kind is None:
            return  # an abstract base: its concrete rules declare their kind
        for name, answer in (*_CASE_METHODS.items(), ("violation_at", None), ("violations", None)):
            method = getattr(cls, name, None)
            if not callable(method) or getattr(method, "__isabstractmethod__", False):
                continue
            method = original_method(method)
            if kind == "both":
                setattr(cls, name, method)
            elif name in _CASE_METHODS:
                setattr(cls, name, _guarded(method, answer, kind))
            else:
                setattr(cls, name, _own_kind(method, kind))

    def applies(self, case: Case) -> bool:
        """Whether the rule speaks about ``case`` (its ``applies_to`` and the case's kind)."""
        return applies(self.applies_to, case)


class PairRule(RuleFacts, ABC):
    """A hard rule decided per (case, practitioner) pair."""

    def enabled(self, day: Day) -> bool:
        """Whether the policy switches this rule on."""
        return True

    @abstractmethod
    def excludes(self, day: Day, case: Case, p: Practitioner) -> str | None:
        """The one-sentence reason ``p`` may not hold ``case``, or None when the rule allows it."""

    @abstractmethod
    def case_key(self, day: Day, case: Case) -> Hashable:
        """Everything about ``case`` this rule reads: two cases with equal keys are decided
        alike for every practitioner (eligibility evaluates the rule once per key and PDU)."""

    def staff_key(self, day: Day, p: Practitioner) -> Hashable | None:
        """Everything about ``p`` this rule reads, when that is less than who ``p`` is: two
        practitioners with equal keys are decided alike for every case they do not hold
        (eligibility then evaluates the rule once per case key and staff key). None: each
        practitioner is decided on their own."""
        return None

    def excludes_new(self, day: Day, case: Case, p: Practitioner) -> bool:
        """Whether the rule excludes ``p`` from ``case`` if ``p`` does not hold it now."""
        return self.excludes(day, case, p) is not None


@dataclass(frozen=True)
class Limit:
    """A linear limit on one practitioner: sum(x[c] * x_coef[c]) + sum(a[c] * alloc_coef[c]) <= rhs.

    ``x[c]`` is 1 when case c goes to this practitioner; ``a[c]`` is 1 when case c is allocated
    to anyone.
    """

    practitioner_id: str
    x_coef: Mapping[str, int]
    alloc_coef: Mapping[str, int]
    rhs: int


class SameForAll(Mapping[str, int]):
    """``value`` for every case of the day except ``excluded``, without a dict per practitioner.

    A region has 50,000 cases and 1,500 practitioners: a count limit per practitioner must not
    store a coefficient per case.
    """

    def __init__(
        self, cases: frozenset[str], value: int, excluded: frozenset[str] = frozenset()
    ) -> None:
        self._cases, self._value, self._excluded = cases, value, excluded

    def __getitem__(self, cid: str) -> int:
        if cid in self._cases and cid not in self._excluded:
            return self._value
        raise KeyError(cid)

    def __iter__(self) -> Iterator[str]:
        return (c for c in sorted(self._cases) if c not in self._excluded)

    def __len__(self) -> int:
        return len(self._cases - self._excluded)


class AggregateRule(RuleFacts, ABC):
    """A hard rule that binds across the day's cases for one practitioner."""

    def enabled(self, day: Day) -> bool:
        """Whether the policy switches this rule on."""
        return True

    @abstractmethod
    def limits(self, day: Day, p: Practitioner) -> list[Limit]:
        """The linear limits the solver must respect for ``p``."""

    @abstractmethod
    def violation_at(self, day: Day, assignment: Assignment, p: Practitioner) -> str | None:
        """Why ``assignment`` breaks the rule for ``p``, recomputed in plain Python, or None."""

    @abstractmethod
    def case_key(self, day: Day, case: Case) -> Hashable:
        """Everything about ``case`` the rule's pair check reads, for a practitioner who does
        not hold the case now."""

    def staff_key(self, day: Day, p: Practitioner) -> Hashable | None:
        """As ``PairRule.staff_key``; aggregate rules read loads, so each practitioner is
        decided on their own."""
        return None

    @abstractmethod
    def excludes_new(self, day: Day, case: Case, p: Practitioner) -> bool:
        """Whether the rule excludes ``p`` from ``case`` if ``p`` does not hold it now."""

    @abstractmethod
    def violation_adding(
        self, day: Day, stats: AssignmentState, case: Case, p: Practitioner
    ) -> str | None:
        """``violation_at`` for the assignment ``stats`` describes plus unallocated ``case`` to
        ``p``, in constant time (explaining thousands of blocked cases at region scale)."""

    def violations(self, day: Day, assignment: Assignment) -> list[tuple[str, str]]:
        """(practitioner id, sentence) for every practitioner ``assignment`` breaks the rule for.

        Only a practitioner who receives a case can break an aggregate rule (leaving cases only
        lower a load or a count); rules override this to compute their figures once.
        """
        out = []
        for pid in sorted(set(assignment.values()) - {ELSEWHERE}):
            sentence = self.violation_at(day, assignment, day.staff_by_id[pid])
            if sentence is not None:
                out.append((pid, sentence))
        return out

    def excludes(self, day: Day, case: Case, p: Practitioner) -> str | None:
        """Why ``case`` would break the rule for ``p`` even at best: even if every other case
        ``p`` holds on today's list went to somebody else."""
        trial = {c: ELSEWHERE for c in day.listed_held.get(p.id, []) if c != case.id}
        trial[case.id] = p.id
        return self.violation_at(day, trial, p)


HardRule = PairRule | AggregateRule


def new_to(day: Day, assignment: Assignment, pid: str) -> list[str]:
    """Cases in ``assignment`` that go to ``pid`` and are not already held by them."""
    return sorted(c for c, q in assignment.items() if q == pid and day.holder.get(c) != pid)


def count_of(n: int, singular: str, plural: str | None = None) -> str:
    """'1 case', '2 cases'."""
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"
