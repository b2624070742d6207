"""Synthetic scenarios: a seeded, deterministic organisation with caseloads and a day's list.

Everything random comes from one ``numpy.random.default_rng(seed)`` consumed in a fixed order,
and nothing iterates a set or a hash-ordered mapping, so the same seed gives the same bytes.
The figures drawn from are in ``allocator.synth.distributions`` (sources in scenarios/README.md).

The scenario is built as plain data and validated once by ``Scenario.model_validate``; the
generator checks its own invariants (ids unique, references resolve, a case with a current
practitioner held by them) by construction.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np

from allocator.io.policy_files import bundled_policy
from allocator.problem.workload import available_points as wmt_available_points
from allocator.synth import distributions as D
from allocator.synth.spec import Size, SizeSpec, spec_for
from models import Policy, Practitioner, Scenario

Progress = Callable[[str], None]

_GRADE_LABEL = {"PO": "PO", "PSO": "PSO", "PQIP": "PQiP", "SPO": "SPO", "CA": "CA"}
_ADDITIONAL_FACTOR_FLAGS = ("child_protection", "iom", "vulnerability")  # seed 003 diagram 1
# Flags that are readiness categories of their own (seed 001); MAPPA and custody (OMIC) too.
_READINESS_FLAGS = frozenset(
    {"sexual_offending", "domestic_abuse", "terrorism", "child_protection"}
)


@dataclass
class _Staff:
    """A practitioner as plain data, plus what the generator needs while building."""

    data: dict[str, Any]
    grade: str
    pdu: str
    available: int = 0
    cases: list[str] = field(default_factory=list)


def generate(size: Size, seed: int, progress: Progress | None = None, **overrides: Any) -> Scenario:
    """A synthetic scenario of ``size`` from ``seed``; ``overrides`` fix counts (see SizeSpec).

    ``progress`` receives one line per stage (the CLI prints them for large sizes).
    """
    spec = spec_for(size, **overrides)
    return generate_from_spec(spec, seed, progress)


def generate_from_spec(spec: SizeSpec, seed: int, progress: Progress | None = None) -> Scenario:
    """A synthetic scenario of shape ``spec`` drawn from ``seed``."""
    data = _Builder(spec, seed, progress or (lambda _msg: None)).build()
    if progress:
        progress(
            f"validating {len(data['practitioners']):,} staff, {len(data['holdings']):,} holdings, "
            f"{len(data['cases']):,} cases"
        )
    return Scenario.model_validate(data)


def _policy_name(framework: str) -> str:
    return "default" if framework == "unified_2021" else "nps2016"


def _largest_remainder(total: int, weights: np.ndarray, minimum: int = 0) -> list[int]:
    """``total`` split in proportion to ``weights``, each part at least ``minimum`` (if it fits)."""
    n = len(weights)
    floor_total = minimum * n
    if total <= floor_total:
        base = [total // n] * n
        for i in range(total - sum(base)):
            base[i] += 1
        return base
    rest = total - floor_total
    share = weights / weights.sum() * rest
    parts = np.floor(share).astype(int)
    remainder = rest - int(parts.sum())
    order = np.argsort(-(share - parts), kind="stable")
    parts[order[:remainder]] += 1
    return [int(p) + minimum for p in parts]


def _choice(rng: np.random.Generator, pairs: tuple[tuple[Any, float], ...]) -> Any:
    values = [v for v, _ in pairs]
    probs = np.array([p for _, p in pairs], dtype=float)
    return values[int(rng.choice(len(values), p=probs / probs.sum()))]


def _months_between(start: date, day: date) -> int:
    months = (day.year - start.year) * 12 + (day.month - start.month)
    if day.day < start.day:
        months -= 1
    return max(0, months)


def available_points(p: dict[str, Any], policy: Policy, day: date) -> int:
    """Available points of a generated practitioner, by the engine's own WMT formula."""
    return wmt_available_points(Practitioner.model_validate(p), policy, day)


class _Builder:
    """Draws one scenario. Methods run in a fixed order; each consumes the one rng."""

    def __init__(self, spec: SizeSpec, seed: int, progress: Progress) -> None:
        self.spec = spec
        self.rng = np.random.default_rng(seed)
        self.progress = progress
        self.day = spec.day
        self.policy = bundled_policy(_policy_name(spec.framework))
        self.points = {
            (t.code, ct.value): pts
            for t in self.policy.framework.tiers
            for ct, pts in t.points.items()
        }
        self.pdus: list[dict[str, Any]] = []
        self.pods: list[dict[str, Any]] = []
        self.offices: list[dict[str, Any]] = []
        self.staff: list[_Staff] = []
        self.holdings: list[dict[str, Any]] = []
        self.cases: list[dict[str, Any]] = []
        self.pod_pdu: dict[str, str] = {}
        self.pdu_offices: dict[str, list[str]] = {}
        self.suitable: dict[str, bool] = {}
        self._holding_index: dict[str, dict[str, Any]] = {}
        self.next_case = 1
        self.case_width = 6

    # --- helpers -------------------------------------------------------------------------

    def _between(self, lo_hi: tuple[int, int]) -> int:
        lo, hi = lo_hi
        return int(self.rng.integers(lo, hi + 1))

    def _date(self, offset_days: int) -> str:
        return (self.day + timedelta(days=int(offset_days))).isoformat()

    def _case_id(self) -> str:
        cid = f"SYN{self.next_case:0{self.case_width}d}"
        self.next_case += 1
        return cid

    def _tier(
        self, letter: str, digit: int, flags: list[str], mappa: tuple[int, int] | None
    ) -> str:
        if self.spec.framework == "unified_2021":
            return f"{letter}{digit}"
        if letter == "A":
            return "A"
        extra = any(f in flags for f in _ADDITIONAL_FACTOR_FLAGS) or mappa == (1, 1)
        return f"{letter}{'1' if extra else '2'}"

    # --- the organisation ----------------------------------------------------------------

    def build(self) -> dict[str, Any]:
        spec = self.spec
        n_pdus = spec.pdus if spec.pdus is not None else None
        if n_pdus is None:
            per_region = [self._between(spec.pdus_per_region) for _ in range(spec.regions)]
        else:
            per_region = _largest_remainder(n_pdus, np.ones(spec.regions), minimum=0)
        total_pdus = sum(per_region)
        if spec.pods is not None:
            pods_per_pdu = _largest_remainder(spec.pods, np.ones(total_pdus), minimum=1)
        else:
            pods_per_pdu = [self._between(spec.pods_per_pdu) for _ in range(total_pdus)]
        total_pods = sum(pods_per_pdu)
        holders = self._between(spec.practitioners)
        pod_weights = self.rng.gamma(12.0, size=total_pods)
        holders_per_pod = _largest_remainder(holders, pod_weights, minimum=3)
        day_cases = self._between(spec.cases)
        self.progress(
            f"organisation: {total_pdus} PDUs, {total_pods} PODs, {holders:,} case holders"
        )

        pdu_index = 0
        pod_index = 0
        for r, n in enumerate(per_region, start=1):
            region = f"Synthetic Region {r:02d}"
            for _ in range(n):
                pdu_index += 1
                pdu_id = f"SYN-PDU-{pdu_index:03d}"
                self.pdus.append(
                    {"id": pdu_id, "name": f"Synthetic PDU {pdu_index:03d}", "region": region}
                )
                n_pods = pods_per_pdu[pdu_index - 1]
                self._offices_for(pdu_id, n_pods)
                for _ in range(n_pods):
                    pod_index += 1
                    self._pod(pdu_id, pod_index, holders_per_pod[pod_index - 1])
        self.progress(f"staff: {len(self.staff):,}")

        self._caseloads()
        self._holding_index = {h["case_id"]: h for h in self.holdings}
        self.progress(f"holdings: {len(self.holdings):,}")
        cases_per_pdu = _largest_remainder(day_cases, self.rng.gamma(8.0, size=total_pdus))
        for pdu, n in zip(self.pdus, cases_per_pdu, strict=True):
            self._day_list(pdu["id"], n)
        self.progress(f"cases on the day's list: {len(self.cases):,}")

        name = spec.scenario_name or f"synthetic-{spec.name}"
        return {
            "schema_version": "1",
            "name": name,
            "date": self.day.isoformat(),
            "pdus": self.pdus,
            "pods": self.pods,
            "offices": self.offices,
            "practitioners": [s.data for s in self.staff],
            "holdings": self.holdings,
            "cases": self.cases,
            "policy": None
            if spec.framework == "unified_2021"
            else self.policy.model_dump(mode="json"),
        }

    def _offices_for(self, pdu_id: str, n_pods: int) -> None:
        n = max(1, math.ceil(n_pods / D.PODS_PER_OFFICE))
        ids = []
        for k in range(n):
            index = len(self.offices) + 1
            oid = f"SYN-OFF-{index:03d}"
            suitable = k == 0 or bool(self.rng.random() < D.OFFICE_SUITABLE_RATE)
            self.offices.append(
                {
                    "id": oid,
                    "name": f"Synthetic Office {index:03d}",
                    "suitable_for_high_risk": suitable,
                }
            )
            ids.append(oid)
            self.suitable[oid] = suitable
        self.pdu_offices[pdu_id] = ids

    def _pod(self, pdu_id: str, index: int, n_holders: int) -> None:
        rng = self.rng
        pod_id = f"SYN-POD-{index:04d}"
        self.pods.append({"id": pod_id, "name": f"Synthetic POD {index:04d}", "pdu_id": pdu_id})
        self.pod_pdu[pod_id] = pdu_id
        offices = self.pdu_offices[pdu_id]
        main_office = offices[int(rng.integers(len(offices)))]

        # Composition: PQiPs apart (principle 9), then PO:PSO about 2:3 with local variation.
        n_pqip = int(rng.binomial(n_holders, D.PQIP_RATE))
        rest = n_holders - n_pqip
        po_share = float(np.clip(rng.normal(D.PO_SHARE_MEAN, D.PO_SHARE_SD), 0.2, 0.65))
        n_po = max(1, round(rest * po_share))
        n_pso = rest - n_po
        if n_pso < 1 and rest >= 2:
            n_po, n_pso = n_po - 1, n_pso + 1
        nqo = [bool(rng.random() < D.NQO_RATE) for _ in range(n_po)]
        if all(nqo):
            nqo[0] = False  # principle 10: an experienced PO in every POD
        past_nqo = n_po - sum(nqo)
        if n_pqip > past_nqo:  # principle 8: PQiPs <= POs past their NQO period
            n_pso += n_pqip - past_nqo
            n_pqip = past_nqo
        n_ca = _choice(rng, D.CA_PER_POD)

        self._person(pod_id, pdu_id, "SPO", main_office)
        for is_nqo in nqo:
            self._person(pod_id, pdu_id, "PO", main_office, nqo=is_nqo)
        for _ in range(n_pso):
            self._person(pod_id, pdu_id, "PSO", main_office)
        for _ in range(n_pqip):
            self._person(pod_id, pdu_id, "PQIP", main_office)
        for _ in range(n_ca):
            self._person(pod_id, pdu_id, "CA", main_office)

    def _person(
        self, pod_id: str, pdu_id: str, grade: str, main_office: str, nqo: bool = False
    ) -> None:
        rng = self.rng
        index = len(self.staff) + 1
        pid = f"SYN-PP-{index:05d}"
        office = main_office
        if rng.random() > D.STAFF_AT_MAIN_OFFICE:
            offices = self.pdu_offices[pdu_id]
            office = offices[int(rng.integers(len(offices)))]
        p: dict[str, Any] = {
            "id": pid,
            "name": f"Synthetic {_GRADE_LABEL[grade]} {index:04d}",
            "grade": grade,
            "pod_id": pod_id,
            "office_id": office,
        }
        holds = grade in ("PO", "PSO", "PQIP")
        hours = 37.0
        if holds and rng.random() < D.PART_TIME_RATE:
            hours = float(D.PART_TIME_HOURS[int(rng.integers(len(D.PART_TIME_HOURS)))])
        p["contracted_hours"] = hours
        pct = 0.0
        if grade == "PSO" and rng.random() < D.PSO_LEARNING_RATE:
            pct += D.PSO_LEARNING_PCT
        maternity = holds and bool(rng.random() < D.MATERNITY_RATE)
        if maternity:
            pct = 100.0
        p["reduction_pct"] = pct
        p["reduction_hours"] = 0.0
        if holds and rng.random() < D.UNION_RATE:
            p["reduction_hours"] = min(
                hours / 2, float(D.UNION_HOURS[int(rng.integers(len(D.UNION_HOURS)))])
            )

        if grade == "PO":
            days = int(rng.integers(0, 365)) if nqo else int(365 + 365 * rng.gamma(2.0, 3.0))
            p["qualified_on"] = self._date(-days)
            p["in_grade_since"] = p["qualified_on"]
        elif grade == "PQIP":
            days = int(rng.integers(0, 21 * 30))
            p["pqip_started_on"] = self._date(-days)
            p["pqip_stage"] = min(
                5, 1 + _months_between(self.day - timedelta(days=days), self.day) // 4
            )
            p["in_grade_since"] = p["pqip_started_on"]
        else:
            p["in_grade_since"] = self._date(-int(120 + 365 * rng.gamma(2.0, 2.5)))

        if holds:
            rates = D.READINESS[grade]
            p["readiness"] = [c for c, r in rates.items() if rng.random() < r]
            p["competencies"] = (
                [c for c, r in D.PSO_COMPETENCIES.items() if rng.random() < r]
                if grade == "PSO"
                else []
            )
        vetted = bool(rng.random() < D.VISOR_VETTED[grade])
        p["visor_vetted"] = vetted
        p["visor_trained"] = vetted and bool(rng.random() < D.VISOR_TRAINED_IF_VETTED)
        p["absences"] = self._absences(maternity)
        if holds:
            week = int(rng.poisson(D.ALLOCATIONS_THIS_WEEK_MEAN[grade]))
            p["allocations_this_week"] = week
            p["allocations_today"] = int(rng.binomial(week, D.ALLOCATED_TODAY_SHARE))
            if rng.random() < D.OTHER_POINTS_RATE:
                p["other_points"] = int(D.OTHER_POINTS[int(rng.integers(len(D.OTHER_POINTS)))])
        p["lived_experience"] = bool(rng.random() < D.LIVED_EXPERIENCE_RATE)
        if rng.random() < D.GENDER_DECLARED_RATE:
            p["declared"] = {"gender": _choice(rng, D.GENDERS)}
        p["conflicts"] = []
        staff = _Staff(data=p, grade=grade, pdu=pdu_id)
        staff.available = available_points(p, self.policy, self.day)
        self.staff.append(staff)

    def _absences(self, maternity: bool) -> list[dict[str, Any]]:
        rng = self.rng
        out: list[tuple[int, int, str]] = []
        if maternity:
            start = -int(rng.integers(10, 200))
            out.append((start, start + 273, "leave"))
        for kind, rate, (lo, hi) in (
            ("leave", D.LEAVE_RATE, D.LEAVE_DAYS),
            ("sickness", D.SICKNESS_RATE, D.SICKNESS_DAYS),
            ("training", D.TRAINING_RATE, D.TRAINING_DAYS),
        ):
            if rng.random() < rate:
                start = int(rng.integers(-D.WINDOW_DAYS, D.WINDOW_DAYS + 1))
                length = int(rng.integers(lo, hi + 1))
                out.append((start, start + length - 1, kind))
        out.sort()
        return [{"start": self._date(s), "end": self._date(e), "kind": k} for s, e, k in out]

    # --- caseloads -----------------------------------------------------------------------

    def _draw_cases(
        self, letter_p: tuple[float, ...], type_p: tuple[float, ...], n: int
    ) -> list[dict[str, Any]]:
        """``n`` case profiles: letter, digit, case type, flags, MAPPA, RoSH (vectorised)."""
        rng = self.rng
        letters = rng.choice(4, size=n, p=np.array(letter_p) / sum(letter_p))
        types = rng.choice(3, size=n, p=np.array(type_p) / sum(type_p))
        digits = rng.choice(4, size=n, p=np.array(D.DIGIT_P))
        # Digit 0 means no mandate for change: community cases only; others redraw from 3, 2, 1.
        redraw = rng.choice(3, size=n, p=np.array(D.DIGIT_P[:3]) / sum(D.DIGIT_P[:3]))
        digits = np.where((digits == 3) & (types != 0), redraw, digits)
        flag_p = np.array([D.FLAG_P[x] for x in D.LETTERS])[letters]
        flags = rng.random((n, len(D.FLAGS))) < flag_p
        u = rng.random((n, 5))
        out = []
        for i in range(n):
            letter = D.LETTERS[letters[i]]
            case_flags = [D.FLAGS[j] for j in range(len(D.FLAGS)) if flags[i, j]]
            mappa: tuple[int, int] | None = None
            if letter == "A" and u[i, 0] < D.MAPPA_L23_IN_A:
                category = (
                    1
                    if "sexual_offending" in case_flags
                    else (4 if "terrorism" in case_flags else 2)
                )
                mappa = (category, 3 if u[i, 1] < D.MAPPA_L3_SHARE else 2)
            elif "sexual_offending" in case_flags and u[i, 1] < D.RSO_MAPPA_RATE:
                mappa = (1, 1)
            if letter == "A":
                rosh = "very_high" if mappa is None or u[i, 2] < 0.3 else "high"
            elif letter == "B":
                rosh = "high" if u[i, 2] < D.ROSH_B_HIGH else "medium"
            elif letter == "C":
                rosh = "medium" if u[i, 2] < D.ROSH_C_MEDIUM else "low"
            else:
                rosh = "low"
            out.append(
                {
                    "letter": letter,
                    "tier": self._tier(letter, D.DIGITS[digits[i]], case_flags, mappa),
                    "case_type": D.CASE_TYPES[types[i]],
                    "flags": case_flags,
                    "mappa": mappa,
                    "rosh": rosh,
                    "u": float(u[i, 3]),
                }
            )
        return out

    def _caseloads(self) -> None:
        """Existing holdings: each caseload filled to its utilisation target (or a set count)."""
        rng = self.rng
        holders = [s for s in self.staff if s.grade in ("PO", "PSO", "PQIP")]
        targets = []
        for s in holders:
            u = float(
                np.clip(rng.normal(self.spec.utilisation, self.spec.utilisation_sd), 0.4, 1.08)
            )
            targets.append(max(0, int(s.available * u) - int(s.data.get("other_points", 0))))
        counts: list[int] | None = None
        if self.spec.holdings is not None:
            counts = _largest_remainder(self.spec.holdings, np.array(targets, dtype=float) + 1e-9)
        estimated = self.spec.holdings or int(sum(targets) / 45) + len(holders)
        self.case_width = max(6, len(str(estimated + self.spec.cases[1] + 10)))
        for k, (s, target) in enumerate(zip(holders, targets, strict=True)):
            if counts is not None:
                profiles = []
                while len(profiles) < counts[k]:
                    profiles += self._holdable_batch(s)
                del profiles[counts[k] :]
            else:
                profiles = []
                total = 0
                while total < target:
                    for prof in self._holdable_batch(s):
                        pts = self.points[(prof["tier"], prof["case_type"])]
                        if total + pts > target and prof["u"] < 0.5:
                            total = target  # stop just under the target half of the time
                            break
                        profiles.append(prof)
                        total += pts
                        if total >= target:
                            break
            for prof in profiles:
                cid = self._case_id()
                self.holdings.append(
                    {
                        "case_id": cid,
                        "practitioner_id": s.data["id"],
                        "tier": prof["tier"],
                        "case_type": prof["case_type"],
                        "flags": prof["flags"],
                        "mappa": prof["mappa"] is not None,
                    }
                )
                s.cases.append(cid)

    def _holdable_batch(self, s: _Staff) -> list[dict[str, Any]]:
        """Sixteen case profiles drawn for ``s``'s grade, less those ``s`` could not hold."""
        batch = self._draw_cases(D.HOLDING_LETTER[s.grade], D.HOLDING_CASE_TYPE, 16)
        return [p for p in batch if self._may_hold(s, p)]

    def _may_hold(self, s: _Staff, prof: dict[str, Any]) -> bool:
        """Whether ``s`` could have been given the case under readiness and site suitability.

        Holdings were allocated under the same hard rules as today's list: a caseload that
        breaks them (a custody case with a practitioner never confirmed ready for OMIC work, a
        tier B case at an office unsuitable for higher-risk cases) would make every
        whole-caseload re-decision move it whatever the balance. Grade vs tier is left to the
        letter rates, whose few PSO tier B holdings are seed 001's out-of-model cases."""
        needs = {f for f in prof["flags"] if f in _READINESS_FLAGS}
        if prof["mappa"] is not None:
            needs.add("mappa")
        if prof["case_type"] == "custody":
            needs.add("omic")
        if self.policy.readiness_required and not needs <= set(s.data.get("readiness", ())):
            return False
        higher_risk = prof["letter"] in self.policy.site_suitability_bands or (
            self.policy.site_suitability_mappa and prof["mappa"] is not None
        )
        return not (
            self.policy.site_suitability and higher_risk and not self.suitable[s.data["office_id"]]
        )

    # --- the day's list ------------------------------------------------------------------

    def _day_list(self, pdu_id: str, n: int) -> None:
        rng = self.rng
        staff = [s for s in self.staff if s.pdu == pdu_id]
        holders = [s for s in staff if s.grade in ("PO", "PSO", "PQIP")]
        pods = [p["id"] for p in self.pods if p["pdu_id"] == pdu_id]
        held = [(s, cid) for s in holders for cid in s.cases]
        taken: set[str] = set()
        profiles = self._draw_cases(D.NEW_CASE_LETTER, D.NEW_CASE_TYPE, n)
        for prof in profiles:
            reason = _choice(rng, D.REASONS)
            case: dict[str, Any]
            if reason in D.HELD_REASONS and held:
                case = self._held_case(held, taken, reason, prof)
            else:
                if reason in D.HELD_REASONS:
                    reason = "initial_allocation"
                case = self._new_case(prof, pdu_id, pods, reason)
            self._case_extras(case, prof, staff, holders)
            self.cases.append(case)

    def _held_case(
        self, held: list[tuple[_Staff, str]], taken: set[str], reason: str, prof: dict[str, Any]
    ) -> dict[str, Any]:
        """A case on the list that someone holds now: a tier change or a reallocation."""
        rng = self.rng
        for _ in range(20):
            s, cid = held[int(rng.integers(len(held)))]
            if cid not in taken:
                break
        taken.add(cid)
        holding = self._holding_index[cid]
        letter = holding["tier"][0]
        digit = int(holding["tier"][1]) if self.spec.framework == "unified_2021" else 2
        flags = list(holding["flags"])
        if reason == "change_in_tier":
            i = D.LETTERS.index(letter)
            up = bool(rng.random() < D.TIER_UP_SHARE)
            letter = D.LETTERS[i - 1 if (up and i > 0) or i == 3 else i + 1]
        mappa: tuple[int, int] | None = None
        category = 1 if "sexual_offending" in flags else 2
        if letter == "A":
            mappa = (category, 2)
        elif holding["mappa"]:
            mappa = (category, 1)
        prof.update(
            letter=letter,
            flags=flags,
            mappa=mappa,
            rosh={"A": "very_high", "B": "high", "C": "medium", "D": "low"}[letter],
            case_type=holding["case_type"],
        )
        prof["tier"] = (
            self._tier(letter, digit, flags, mappa)
            if reason == "change_in_tier"
            else holding["tier"]
        )
        return {
            "id": cid,
            "pdu_id": s.pdu,
            "pod_id": s.data["pod_id"],
            "reason": reason,
            "current_practitioner_id": s.data["id"],
        }

    def _new_case(
        self, prof: dict[str, Any], pdu_id: str, pods: list[str], reason: str
    ) -> dict[str, Any]:
        rng = self.rng
        case: dict[str, Any] = {"id": self._case_id(), "pdu_id": pdu_id, "reason": reason}
        if rng.random() < D.POD_KNOWN_RATE:
            case["pod_id"] = pods[int(rng.integers(len(pods)))]
        return case

    def _case_extras(
        self, case: dict[str, Any], prof: dict[str, Any], staff: list[_Staff], holders: list[_Staff]
    ) -> None:
        rng = self.rng
        case["tier"] = prof["tier"]
        case["rosh"] = prof["rosh"]
        if prof["mappa"] is not None:
            case["mappa_category"], case["mappa_level"] = prof["mappa"]
        case["flags"] = prof["flags"]
        case["case_type"] = prof["case_type"]
        mappa = prof["mappa"]
        case["needs_visor"] = mappa is not None and (mappa[0] in (1, 4) or mappa[1] >= 2)
        case["dif_complete"] = bool(rng.random() >= D.DIF_INCOMPLETE_RATE)
        if prof["case_type"] == "custody":
            handover = int(rng.integers(D.HANDOVER_DAYS[0], D.HANDOVER_DAYS[1] + 1))
            case["handover_date"] = self._date(handover)
            case["allocate_by"] = self._date(handover - D.HANDOVER_LEAD_DAYS)
        elif rng.random() < D.ALLOCATE_BY_RATE:
            case["allocate_by"] = self._date(
                int(rng.integers(D.ALLOCATE_BY_DAYS[0], D.ALLOCATE_BY_DAYS[1] + 1))
            )
        if (
            case["reason"] in ("transfer_in", "other")
            and holders
            and rng.random() < D.RETURNING_RATE
        ):
            case["previous_practitioner_id"] = holders[int(rng.integers(len(holders)))].data["id"]
        case["preferences"] = []
        if rng.random() < D.PREFERENCE_RATE:
            case["preferences"] = [
                {"characteristic": "gender", "value": _choice(rng, D.PREFERENCE_VALUES)}
            ]
        case["restricted_to"] = []
        case["excluded_staff"] = []
        if holders and rng.random() < D.RESTRICTED_TO_RATE:
            k = min(len(holders), int(rng.integers(2, 4)))
            picks = sorted(int(i) for i in rng.choice(len(holders), size=k, replace=False))
            case["restricted_to"] = [holders[i].data["id"] for i in picks]
            current = case.get("current_practitioner_id")
            if current is not None and current not in case["restricted_to"]:
                case["restricted_to"].append(current)
        if holders and rng.random() < D.EXCLUDED_STAFF_RATE:
            k = min(len(holders), int(rng.integers(1, 3)))
            picks = sorted(int(i) for i in rng.choice(len(holders), size=k, replace=False))
            case["excluded_staff"] = [
                holders[i].data["id"]
                for i in picks
                if holders[i].data["id"] not in case["restricted_to"]
                and holders[i].data["id"] != case.get("current_practitioner_id")
            ]
        if holders and rng.random() < D.CONFLICT_RATE:
            who = holders[int(rng.integers(len(holders)))]
            if who.data["id"] != case.get("current_practitioner_id"):
                who.data["conflicts"].append(case["id"])
