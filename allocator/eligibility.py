"""Which practitioners may take which case, and why each other one may not.

Computed once per day from the hard rules alone (no solver): the solver creates a variable only
for an eligible pair, and the explanations count the exclusions by rule.

At region scale (50,000 cases, 1,500 practitioners) a rule call per pair is 75 million calls.
Two facts make it cheap and still exact: a case is only ever allocated within its PDU (the
``pdu_scope`` rule), and cases that agree on everything the rules read are decided alike. So
the rules are evaluated once per class of such cases against the staff of its PDU; the only
pairs that depend on the particular case, a case and the practitioner who holds it now, are
evaluated on their own. Sentences, which name the case, are produced on demand.
"""

from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from allocator.day import Day
from allocator.rules.base import HardRule
from allocator.rules.registry import HARD_RULES
from models.case import Case

Failures = dict[str, list[tuple[str, str]]]


@dataclass
class _Class:
    """Rule outcomes shared by the cases of one class, for the staff of their PDU."""

    representative: str
    failed: dict[str, tuple[str, ...]]
    candidates: list[str]


def _class_key(day: Day, case: Case, conflicted: frozenset[str]) -> tuple[object, ...]:
    """Everything a hard rule reads about a case, apart from who holds it now."""
    return (
        case.pdu_id,
        day.tier[case.id],
        day.points[case.id],
        case.rosh,
        tuple(sorted(case.flags)),
        case.case_type,
        case.mappa_category,
        case.mappa_level,
        case.needs_visor,
        case.dif_complete,
        tuple(sorted(case.restricted_to)),
        tuple(sorted(case.excluded_staff)),
        tuple(sorted(case.rejected_practitioners)),
        case.id if case.id in conflicted else None,
    )


class _LazyFailures(Mapping[str, Failures]):
    """failures[case id][practitioner id] = [(rule, sentence), ...], evaluated on first use."""

    def __init__(self, elig: "Eligibility") -> None:
        self._elig = elig
        self._cache: dict[str, Failures] = {}

    def __getitem__(self, cid: str) -> Failures:
        if cid not in self._cache:
            self._cache[cid] = self._elig.evaluate_case(cid)
        return self._cache[cid]

    def __iter__(self) -> Iterator[str]:
        return iter(self._elig.candidates)

    def __len__(self) -> int:
        return len(self._elig.candidates)


@dataclass
class Eligibility:
    """Candidates per case (in practitioner id order), and the rules that exclude the others."""

    day: Day
    rules: list[HardRule]
    candidates: dict[str, list[str]] = field(default_factory=dict)
    _class_of: dict[str, _Class] = field(default_factory=dict)
    _own: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)

    @cached_property
    def failures(self) -> _LazyFailures:
        """Every failed rule with its sentence, per case and practitioner (on demand)."""
        return _LazyFailures(self)

    @cached_property
    def _receivers(self) -> list[str]:
        return sorted({p for ps in self.candidates.values() for p in ps})

    def receivers(self) -> list[str]:
        """Practitioners who could take at least one of today's cases, in id order."""
        return self._receivers

    def evaluate_case(self, cid: str) -> Failures:
        """Every rule on every case-holding practitioner for one case, with sentences."""
        case = self.day.case_by_id[cid]
        out: Failures = {}
        for p in self.day.holders():
            failed = [
                (r.name, s) for r in self.rules if (s := r.excludes(self.day, case, p)) is not None
            ]
            if failed:
                out[p.id] = failed
        return out

    def failed_rules(self, cid: str, pid: str) -> tuple[str, ...]:
        """Names of the rules ``pid`` fails for ``cid`` (empty when eligible)."""
        if (cid, pid) in self._own:
            return self._own[(cid, pid)]
        cls = self._class_of[cid]
        if pid in cls.failed or pid in cls.candidates:
            return cls.failed.get(pid, ())
        return tuple(r for r, _ in self.failures[cid].get(pid, []))

    def first_failure_counts(self, cid: str) -> dict[str, int]:
        """Excluded practitioners counted under the first rule each fails (registry order)."""
        cls = self._class_of[cid]
        counts: Counter[str] = Counter()
        in_pdu = set(cls.failed) | set(cls.candidates)
        for pid in in_pdu:
            failed = self.failed_rules(cid, pid)
            if failed:
                counts[failed[0]] += 1
        outside = len(self.day.holders()) - len(in_pdu)
        if outside:
            case = self.day.case_by_id[cid]
            dif = any(r.name == "case_readiness" for r in self.rules) and not case.dif_complete
            counts["case_readiness" if dif else "pdu_scope"] += outside
        return dict(sorted(counts.items()))


def _evaluate(
    day: Day, rules: list[HardRule], case: Case, pids: list[str]
) -> dict[str, tuple[str, ...]]:
    out = {}
    for pid in pids:
        p = day.staff_by_id[pid]
        out[pid] = tuple(r.name for r in rules if r.excludes(day, case, p) is not None)
    return out


def compute_eligibility(day: Day) -> Eligibility:
    """Evaluate every enabled rule for every case against the staff of the case's PDU."""
    rules = [r for r in HARD_RULES if r.enabled(day)]
    elig = Eligibility(day, rules)
    staff_of_pdu: dict[str, list[str]] = {}
    for p in day.holders():
        staff_of_pdu.setdefault(day.pdu_of_staff[p.id], []).append(p.id)
    conflicted = frozenset(cid for p in day.staff for cid in p.conflicts)
    classes: dict[tuple[object, ...], _Class] = {}
    for case in day.cases:
        key = _class_key(day, case, conflicted)
        pids = staff_of_pdu.get(case.pdu_id, [])
        cls = classes.get(key)
        if cls is None:
            failed = _evaluate(day, rules, case, pids)
            cls = _Class(
                case.id, {p: f for p, f in failed.items() if f}, [p for p in pids if not failed[p]]
            )
            classes[key] = cls
        elig._class_of[case.id] = cls
        # Pairs that depend on this very case: its holder, and the representative's holder.
        own = {day.holder.get(case.id), day.holder.get(cls.representative)} & set(pids)
        for pid, failed in _evaluate(day, rules, case, sorted(own)).items():
            elig._own[(case.id, pid)] = failed
        if own:
            elig.candidates[case.id] = [p for p in pids if not elig.failed_rules(case.id, p)]
        else:
            elig.candidates[case.id] = cls.candidates
    return elig
