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
from collections.abc import Hashable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from allocator.problem.day import Day
from allocator.rules.base import NOT_APPLICABLE, HardRule, PairRule, original_method
from allocator.rules.pdu_scope import PduScope
from allocator.rules.registry import HARD_RULES
from models.case import Case

Failures = dict[str, list[tuple[str, str]]]

_UNASKED = object()
"""No pair of this case and practitioner was asked on its own (``Eligibility._own``)."""


@dataclass
class _Class:
    """Rule outcomes shared by the cases of one class, for the staff of their PDU: the first
    rule each excluded practitioner fails (the rest are evaluated on demand)."""

    representative: str
    first_failed: dict[str, str]
    candidates: list[str]
    table: np.ndarray
    """Rules x PDU staff: True where the rule allows the practitioner (not holding the case)."""
    index: dict[str, int]
    """Column of each PDU practitioner in ``table``."""
    counts: Counter[str] | None = None
    """First-failure counts over the PDU's staff, once asked for."""
    stopper: str | None = None
    """The first case-level rule that stops the class's cases, if one does: a case-level rule
    excludes everyone or no one, by what its ``case_key`` reads, so the class's cases agree."""
    holder_first: list[int] | None = None
    """Per column, the first rule whose row decides a holder and excludes them (the number of
    rules when none does), once a holder in the class is asked."""

    def allows(self, pid: str) -> bool:
        """The class row's verdict: ``pid`` is on the PDU's staff and fails no rule (for a
        practitioner who does not hold the case)."""
        return pid in self.index and pid not in self.first_failed


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
    _own: dict[tuple[str, str], str | None] = field(default_factory=dict)
    _counts_memo: dict[tuple[int, object, str | None], dict[str, int]] = field(default_factory=dict)
    _by_staff_memo: dict[int, dict[str, frozenset[str]]] = field(default_factory=dict)

    @cached_property
    def failures(self) -> _LazyFailures:
        """Every failed rule with its sentence, per case and practitioner (on demand)."""
        return _LazyFailures(self)

    @cached_property
    def _receivers(self) -> list[str]:
        # alike cases share one candidate list: read each list once
        lists = {id(ps): ps for ps in self.candidates.values()}
        return sorted(set().union(*lists.values()))

    def receivers(self) -> list[str]:
        """Practitioners who could take at least one of today's cases, in id order."""
        return self._receivers

    @cached_property
    def _receivers_set(self) -> frozenset[str]:
        return frozenset(self._receivers)

    def receivers_set(self) -> frozenset[str]:
        """``receivers()`` as a set."""
        return self._receivers_set

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
        """Names of all the rules ``pid`` fails for ``cid`` (empty when eligible)."""
        return tuple(r for r, _ in self.failures[cid].get(pid, []))

    def pdu_staff(self, cid: str) -> list[str]:
        """The case-holding staff of the case's PDU, in id order."""
        return sorted(self._class_of[cid].index)

    def failed_names(self, cid: str, pid: str) -> tuple[str, ...]:
        """Names of all the rules ``pid`` fails for ``cid``, from the rule tables where they
        apply (a practitioner of the PDU who does not hold the case), else evaluated."""
        cls = self._class_of[cid]
        j = cls.index.get(pid)
        if j is None or (cid, pid) in self._own:
            case, p = self.day.case_by_id[cid], self.day.staff_by_id[pid]
            return tuple(r.name for r in self.rules if r.excludes(self.day, case, p) is not None)
        return tuple(self.rules[i].name for i in np.flatnonzero(~cls.table[:, j]))

    def failed_names_by_staff(self, cid: str) -> dict[str, frozenset[str]]:
        """``failed_names`` for every practitioner of the case's PDU (a fresh dict), read off
        the class's rule table in one pass; the case's holder is evaluated on its own. The
        checker asks this of every blocked case of a region (tens of thousands)."""
        cls = self._class_of[cid]
        shared = self._by_staff_memo.get(id(cls))
        if shared is None:
            rows, cols = np.nonzero(~cls.table)
            names: dict[int, set[str]] = {}
            for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
                names.setdefault(j, set()).add(self.rules[i].name)
            shared = {pid: frozenset(names.get(j, ())) for pid, j in cls.index.items()}
            self._by_staff_memo[id(cls)] = shared
        out = dict(shared)
        holder = self.day.holder.get(cid)
        if holder in out and (cid, holder) in self._own:
            out[holder] = frozenset(self.failed_names(cid, holder))
        return out

    def allows(self, cid: str, pid: str) -> bool:
        """Whether ``pid`` is among the case's candidates, without scanning them (the large
        method's search asks this of the few practitioners with room)."""
        if (cid, pid) in self._own:
            return self._own[(cid, pid)] is None
        return self._class_of[cid].allows(pid)

    def first_failed(self, cid: str, pid: str) -> str | None:
        """The first rule (registry order) ``pid`` fails for ``cid``, None when eligible."""
        if (cid, pid) in self._own:
            return self._own[(cid, pid)]
        cls = self._class_of[cid]
        if pid in cls.index:  # the class row decides (index: its excluded and its candidates)
            return cls.first_failed.get(pid)
        failed = self.failed_rules(cid, pid)
        return failed[0] if failed else None

    def first_failure_counts(self, cid: str) -> dict[str, int]:
        """Excluded practitioners counted under the first rule each fails (registry order)."""
        cls = self._class_of[cid]
        holder = self.day.holder.get(cid)
        own: tuple[str | None, str | None] | None = None
        if holder is not None:
            mine = self._own.get((cid, holder), _UNASKED)
            if mine is not _UNASKED:
                own = (cls.first_failed.get(holder), mine)  # type: ignore[assignment]
        stopper = cls.stopper
        memo_key = (id(cls), own, stopper)
        cached = self._counts_memo.get(memo_key)
        if cached is not None:
            return dict(cached)
        if cls.counts is None:
            cls.counts = Counter(cls.first_failed.values())
        counts = Counter(cls.counts)
        if own is not None:
            in_class, mine = own
            if in_class is not None:
                counts[in_class] -= 1
            if mine is not None:
                counts[mine] += 1
        counts = Counter({r: n for r, n in counts.items() if n > 0})
        outside = self.day.holder_count() - len(cls.index)
        if outside:
            # Staff of other PDUs fail the case-level rule that stops the case, if one does,
            # and otherwise the PDU scope.
            counts[stopper or PduScope.name] += outside
        result = dict(sorted(counts.items()))
        self._counts_memo[memo_key] = result
        return dict(result)


def _first_failures(
    day: Day, rules: list[HardRule], case: Case, pids: list[str]
) -> dict[str, str | None]:
    """The first rule each practitioner fails for ``case`` (None: eligible), exactly."""
    out: dict[str, str | None] = {}
    for pid in pids:
        p = day.staff_by_id[pid]
        out[pid] = next((r.name for r in rules if r.excludes(day, case, p) is not None), None)
    return out


def _first_row_failures(table: np.ndarray, row_decided: np.ndarray) -> list[int]:
    """Per column of a class table, the first rule (row index) among those whose row decides
    the case's holder that excludes the practitioner; the number of rules when none does."""
    n_rules, n_staff = table.shape
    if n_rules == 0:
        return [0] * n_staff
    failing = ~table & row_decided[:, None]
    return np.where(failing.any(axis=0), failing.argmax(axis=0), n_rules).tolist()  # type: ignore[no-any-return]


def compute_eligibility(day: Day) -> Eligibility:
    """Evaluate every enabled rule for every case against the staff of the case's PDU.

    Each rule is evaluated once per distinct value of its ``case_key`` and PDU, as a boolean
    vector over the PDU's staff (for a practitioner who does not hold the case); a case's
    candidates are the staff every vector allows. The pair of a case and its holder is then
    evaluated on its own, exactly.
    """
    rules = [r for r in HARD_RULES if r.enabled(day)]
    elig = Eligibility(day, rules)
    staff_of_pdu: dict[str, list[str]] = {}
    for p in day.holders():
        staff_of_pdu.setdefault(day.pdu_of_staff[p.id], []).append(p.id)
    masks: dict[tuple[int, str, Hashable], np.ndarray] = {}
    decided: dict[tuple[int, Hashable, Hashable], bool] = {}
    # (rule, PDU) -> (distinct staff keys, one practitioner with each, key index per staff)
    staff_keys: dict[tuple[int, str], tuple[list[Hashable], list[str], np.ndarray] | None] = {}

    def row_of(i: int, rule: HardRule, key: Hashable, case: Case, pdu: str) -> np.ndarray:
        """The rule's verdict over the PDU's staff for a case they do not hold: once per
        staff key when the rule has one (numpy spreads it over the staff), else per person."""
        pids = staff_of_pdu.get(pdu, [])
        if (i, pdu) not in staff_keys:
            skeys = [rule.staff_key(day, day.staff_by_id[p]) for p in pids]
            if any(k is None for k in skeys):
                staff_keys[(i, pdu)] = None
            else:
                first = dict(zip(reversed(skeys), reversed(pids), strict=True))
                unique = list(dict.fromkeys(skeys))
                position = {k: n for n, k in enumerate(unique)}
                inverse = np.fromiter((position[k] for k in skeys), dtype=np.intp, count=len(pids))
                staff_keys[(i, pdu)] = (unique, [first[k] for k in unique], inverse)
        shared = staff_keys[(i, pdu)]
        if shared is None:
            return np.fromiter(
                (not rule.excludes_new(day, case, day.staff_by_id[p]) for p in pids),
                dtype=bool,
                count=len(pids),
            )
        unique, representatives, inverse = shared
        verdicts = np.empty(len(unique), dtype=bool)
        for n, k in enumerate(unique):
            allowed = decided.get((i, key, k))
            if allowed is None:
                p = day.staff_by_id[representatives[n]]
                allowed = decided[(i, key, k)] = not rule.excludes_new(day, case, p)
            verdicts[n] = allowed
        return verdicts[inverse]

    # A rule decides a case's holder as anyone else, so that the class row answers for the
    # holder too, when it says so (``holder_alike``) or when it is a pair rule that keeps the
    # default ``excludes_new``; the holder is asked the others exactly. The method is compared
    # as its class wrote it: the kind wrapper every rule of one kind gets (``RuleFacts``) is
    # not an override (it made 12 such rules look like overrides, and a region asked its
    # 49,000 holders 577,000 questions the rows already answered).
    exact_for_holder = [
        not r.holder_alike
        and (
            not isinstance(r, PairRule)
            or original_method(type(r).excludes_new) is not PairRule.excludes_new
        )
        for r in rules
    ]
    row_decided = np.array([not exact for exact in exact_for_holder], dtype=bool)

    def of_kind(r: HardRule, report: bool) -> bool:
        return r.applies_to == "both" or (r.applies_to == "reports") == report

    # Each kind of case asks only the rules of its kind for a key, through their own methods
    # (the others' key is NOT_APPLICABLE, their row all True): a region asks 50,000 cases.
    key_getters = {
        report: [
            (i, original_method(type(r).case_key).__get__(r))
            for i, r in enumerate(rules)
            if of_kind(r, report)
        ]
        for report in (False, True)
    }
    # The holder is asked, per kind of case, only the exact rules of that kind, in registry
    # order, through the rule's own ``excludes``; the rows answer for the others.
    holder_exact = {
        report: [
            (i, original_method(type(r).excludes).__get__(r))
            for i, r in enumerate(rules)
            if exact_for_holder[i] and of_kind(r, report)
        ]
        for report in (False, True)
    }
    # per PDU: the column of each practitioner, and the practitioners as an array
    index_of_pdu: dict[str, tuple[dict[str, int], np.ndarray]] = {}
    names = [r.name for r in rules]
    name_array = np.array(names, dtype=object)
    n_rules = len(rules)
    case_level = [r for r in rules if r.case_level]
    classes: dict[tuple[str, bool, tuple[Hashable, ...]], _Class] = {}
    holder_of, staff_by_id, pdu_of_staff = day.holder, day.staff_by_id, day.pdu_of_staff
    candidates, class_of, own_of = elig.candidates, elig._class_of, elig._own
    for case in day.cases:
        cid, pdu, report = case.id, case.pdu_id, case.report is not None
        getters = key_getters[report]
        keys = tuple([g(day, case) for _, g in getters])
        cls = classes.get((pdu, report, keys))
        if cls is None:
            pids = staff_of_pdu.get(pdu, [])
            full: list[Hashable] = [NOT_APPLICABLE] * n_rules
            for (i, _), key in zip(getters, keys, strict=True):
                full[i] = key
            rows = []
            for i, rule in enumerate(rules):
                row = masks.get((i, pdu, full[i]))
                if row is None:
                    row = masks[(i, pdu, full[i])] = row_of(i, rule, full[i], case, pdu)
                rows.append(row)
            table = np.array(rows, dtype=bool) if rows else np.ones((0, len(pids)), dtype=bool)
            allowed = table.all(axis=0)
            first = table.argmin(axis=0) if n_rules else np.zeros(len(pids), dtype=np.intp)
            found = index_of_pdu.get(pdu)
            if found is None:
                found = index_of_pdu[pdu] = (
                    {p: j for j, p in enumerate(pids)},
                    np.array(pids, dtype=object),
                )
            index, pid_array = found
            excluded = ~allowed
            cls = classes[(pdu, report, keys)] = _Class(
                cid,
                dict(
                    zip(
                        pid_array[excluded].tolist(),
                        name_array[first[excluded]].tolist(),
                        strict=True,
                    )
                ),
                pid_array[allowed].tolist(),
                table,
                index,
                stopper=next((r.name for r in case_level if r.blocks_case(day, case)), None),
            )
        class_of[cid] = cls
        holder = holder_of.get(cid)
        if holder is None or holder not in staff_by_id or pdu_of_staff[holder] != pdu:
            candidates[cid] = cls.candidates
            continue
        column = cls.index.get(holder)
        if column is None:
            own = _first_failures(day, rules, case, [holder])[holder]
        else:
            if cls.holder_first is None:
                cls.holder_first = _first_row_failures(cls.table, row_decided)
            # the first rule whose row excludes the holder, unless an exact rule before it does
            limit = cls.holder_first[column]
            own = names[limit] if limit < n_rules else None
            p = staff_by_id[holder]
            for i, excludes in holder_exact[report]:
                if i >= limit:
                    break
                if excludes(day, case, p) is not None:
                    own = names[i]
                    break
        own_of[(cid, holder)] = own
        if (own is None) == cls.allows(holder):
            candidates[cid] = cls.candidates  # shared: most holders agree with the row
        elif own is None:
            candidates[cid] = sorted([*cls.candidates, holder])
        else:
            candidates[cid] = [p for p in cls.candidates if p != holder]
    return elig
