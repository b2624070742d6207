"""Synthetic court days: court teams, their courts and rota, and the day's report requests.

``generate_court("pdu", seed=1)`` gives one court day as a Scenario; ``generate_court_days``
gives a week (one Scenario per weekday) of the same organisation: the same staff, courts, rota,
absences and reports in progress on every day, with that day's requests. Each day is solved on
its own, so a benchmark or a store can carry the reports allocated on Monday into Tuesday.

Everything random comes from one ``numpy.random.default_rng(seed)`` consumed in a fixed order,
so the same seed and options give the same bytes. The figures are in
``allocator.synth.court_distributions`` (the seed's figures and the stated assumptions).

What a court scenario holds, per PDU:

- a court POD with the team's SPO and its writers (POs and PSOs, each with ``court_team_id``,
  ``short_format_trained`` and a ``court_rota``), and a case-management POD of offender managers
  who know some of the requested cases (``known_practitioner_id``) and are on no rota;
- the courts the team covers, and the court team naming them with the reports it already
  allocated in the PO share period (``reports_in_period``, ``po_reports_in_period``);
- the day's requests, each a Case whose ``report`` carries the court, hearing and due dates,
  the requested type and the facts that decide the PO-only categories.

A report case has no tier and none of the supervision safety fields (ViSOR need, DIF, risk
screening): the line allocates a report's writer, not the supervision, and no supervision rule
reads a report (``allocator.problem.kinds``). POs are marked ``short_format_trained`` too: a qualified PO
writes any format, so the file reads the same whichever way a reader takes the flag.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np

from allocator.synth import court_distributions as C
from allocator.synth.court_spec import CourtSpec, court_spec_for
from allocator.synth.generate import _choice, _largest_remainder
from models import Scenario

Progress = Callable[[str], None]


def generate_court(size: str, seed: int, **overrides: Any) -> Scenario:
    """One synthetic court day of ``size`` (``pdu`` or ``region``) from ``seed``.

    ``overrides`` fix counts (see CourtSpec); ``days`` is not taken here (see
    ``generate_court_days``).
    """
    if overrides.get("days") not in (None, 1):
        raise ValueError("days: generate_court makes one day; use generate_court_days")
    return generate_court_days(size, seed, **overrides)[0]


def generate_court_days(
    size: str, seed: int, progress: Progress | None = None, **overrides: Any
) -> list[Scenario]:
    """The court days of ``size`` from ``seed``: one Scenario per weekday, in date order."""
    return court_days_from_spec(court_spec_for(size, **overrides), seed, progress)


def court_days_from_spec(
    spec: CourtSpec, seed: int, progress: Progress | None = None
) -> list[Scenario]:
    """The court days of shape ``spec`` drawn from ``seed``, validated as Scenarios."""
    days = _CourtBuilder(spec, seed, progress or (lambda _msg: None)).build()
    return [Scenario.model_validate(d) for d in days]


@dataclass
class _Writer:
    """A court-team writer as plain data, plus the team and home court the builder needs."""

    data: dict[str, Any]
    team: str
    home: str
    rota: dict[date, str] = field(default_factory=dict)


class _CourtBuilder:
    """Draws one court organisation and its days. Methods run in a fixed order on the one rng."""

    def __init__(self, spec: CourtSpec, seed: int, progress: Progress) -> None:
        self.spec = spec
        self.rng = np.random.default_rng(seed)
        self.progress = progress
        self.days = spec.court_days()
        self.first = self.days[0]
        self.pdus: list[dict[str, Any]] = []
        self.pods: list[dict[str, Any]] = []
        self.courts: list[dict[str, Any]] = []
        self.teams: list[dict[str, Any]] = []
        self.staff: list[dict[str, Any]] = []
        self.writers: dict[str, list[_Writer]] = {}  # by PDU
        self.managers: dict[str, list[str]] = {}  # case-management staff ids by PDU
        self.court_weights: dict[str, np.ndarray] = {}
        self.next_case = 1

    # --- helpers -------------------------------------------------------------------------

    def _between(self, lo_hi: tuple[int, int]) -> int:
        lo, hi = lo_hi
        return int(self.rng.integers(lo, hi + 1))

    def _case_id(self) -> str:
        cid = f"SYN{self.next_case:06d}"
        self.next_case += 1
        return cid

    def _pod(self, pdu_id: str, label: str) -> str:
        index = len(self.pods) + 1
        pod_id = f"SYN-POD-{index:04d}"
        self.pods.append({"id": pod_id, "name": f"Synthetic {label} {index:04d}", "pdu_id": pdu_id})
        return pod_id

    # --- the organisation ----------------------------------------------------------------

    def build(self) -> list[dict[str, Any]]:
        n_pdus = self._between(self.spec.pdus)
        for k in range(1, n_pdus + 1):
            self._pdu(k)
        self.progress(
            f"court organisation: {n_pdus} PDUs, {len(self.courts)} courts, "
            f"{sum(len(w) for w in self.writers.values())} writers"
        )
        per_day: list[list[dict[str, Any]]] = []
        for day in self.days:
            cases: list[dict[str, Any]] = []
            for pdu in self.pdus:
                cases += self._requests(pdu["id"], day)
            per_day.append(cases)
        name = self.spec.scenario_name or f"synthetic-court-{self.spec.name}"
        return [
            {
                "schema_version": "1",
                "name": name if len(self.days) == 1 else f"{name} {day.isoformat()}",
                "date": day.isoformat(),
                "pdus": self.pdus,
                "pods": self.pods,
                "practitioners": self.staff,
                "courts": self.courts,
                "court_teams": self.teams,
                "cases": cases,
            }
            for day, cases in zip(self.days, per_day, strict=True)
        ]

    def _pdu(self, k: int) -> None:
        rng = self.rng
        pdu_id = f"SYN-PDU-{k:03d}"
        self.pdus.append(
            {"id": pdu_id, "name": f"Synthetic PDU {k:03d}", "region": "Synthetic Region 01"}
        )
        court_ids = []
        for _ in range(self._between(self.spec.courts)):
            index = len(self.courts) + 1
            cid = f"SYN-CRT-{index:03d}"
            self.courts.append(
                {"id": cid, "name": f"Synthetic Court {index:03d}", "pdu_id": pdu_id}
            )
            court_ids.append(cid)
        self.court_weights[pdu_id] = rng.gamma(C.COURT_WEIGHT_SHAPE, size=len(court_ids))
        team_id = f"SYN-CT-{k:03d}"
        court_pod = self._pod(pdu_id, "Court Team POD")
        spo = self._person(court_pod, "SPO", team_id)
        lo, hi = self.spec.requests
        before = int(rng.integers(lo, hi + 1)) * C.PERIOD_WORKING_DAYS
        share = float(np.clip(rng.normal(*C.PRIOR_PO_SHARE), 0.0, 1.0))
        self.teams.append(
            {
                "id": team_id,
                "name": f"Synthetic Court Team {k:03d}",
                "pdu_id": pdu_id,
                "spo": spo["id"],
                "court_ids": court_ids,
                "reports_in_period": before,
                "po_reports_in_period": round(before * share),
            }
        )
        self.writers[pdu_id] = self._writers(pdu_id, court_pod, team_id, court_ids)
        om_pod = self._pod(pdu_id, "Case Management POD")
        self.managers[pdu_id] = [
            self._person(om_pod, "PO" if rng.random() < 0.5 else "PSO", None)["id"]
            for _ in range(self._between(C.CASE_MANAGERS))
        ]

    def _writers(
        self, pdu_id: str, pod_id: str, team_id: str, court_ids: list[str]
    ) -> list[_Writer]:
        """The team's writers: POs hold about 35% of the contracted hours, trained PSOs most of
        the rest, a few PSOs untrained; each has a home court and a rota over the days."""
        rng = self.rng
        n = self._between(self.spec.writers)
        hours = [
            float(C.PART_TIME_HOURS[int(rng.integers(len(C.PART_TIME_HOURS)))])
            if rng.random() < C.PART_TIME_RATE
            else 37.0
            for _ in range(n)
        ]
        order = [int(i) for i in rng.permutation(n)]
        target = C.PO_CAPACITY_SHARE * sum(hours)
        po: set[int] = set()
        po_hours = 0.0
        for i in order[: n - 1]:  # at least one PSO
            # Take the next writer as a PO while that brings PO hours closer to the target.
            if not po or abs(po_hours + hours[i] - target) < abs(po_hours - target):
                po.add(i)
                po_hours += hours[i]
            else:
                break
        pso = [i for i in range(n) if i not in po]
        untrained = {i for i in pso if rng.random() < C.PSO_UNTRAINED_RATE}
        if len(untrained) == len(pso):
            untrained.discard(pso[0])  # at least one trained PSO
        weights = self.court_weights[pdu_id]
        writers = []
        for i in range(n):
            grade = "PO" if i in po else "PSO"
            data = self._person(pod_id, grade, team_id, hours[i])
            data["short_format_trained"] = i not in untrained
            home = court_ids[int(rng.choice(len(court_ids), p=weights / weights.sum()))]
            writer = _Writer(data=data, team=team_id, home=home)
            self._rota(writer, court_ids)
            data["reports"] = self._held_reports(grade)
            writers.append(writer)
        self._cover_every_court(writers, court_ids)
        for w in writers:
            w.data["court_rota"] = [
                {"court_id": court, "on": day.isoformat()} for day, court in sorted(w.rota.items())
            ]
        return writers

    def _rota(self, writer: _Writer, court_ids: list[str]) -> None:
        rng = self.rng
        for day in self.days:
            if rng.random() >= C.ON_ROTA_RATE:
                continue
            court = writer.home
            if len(court_ids) > 1 and rng.random() >= C.HOME_COURT_RATE:
                others = [c for c in court_ids if c != writer.home]
                court = others[int(rng.integers(len(others)))]
            writer.rota[day] = court

    def _cover_every_court(self, writers: list[_Writer], court_ids: list[str]) -> None:
        """Every court sits every court day with a PO on its rota where the team has one to
        spare (a PO off the rota that day, or one of two at another court): the rota an SPO
        draws up. Absences may still leave a court without a PO on the day."""
        pos = [w for w in writers if w.data["grade"] == "PO"]
        for day in self.days:
            for court in court_ids:
                at = Counter(w.rota.get(day) for w in pos)
                if at[court]:
                    continue
                spare = [w for w in pos if day not in w.rota] or [
                    w for w in pos if at[w.rota.get(day)] > 1
                ]
                if spare:
                    spare[int(self.rng.integers(len(spare)))].rota[day] = court

    def _person(
        self, pod_id: str, grade: str, team_id: str | None, hours: float = 37.0
    ) -> dict[str, Any]:
        rng = self.rng
        index = len(self.staff) + 1
        p: dict[str, Any] = {
            "id": f"SYN-PP-{index:05d}",
            "name": f"Synthetic {grade} {index:04d}",
            "grade": grade,
            "pod_id": pod_id,
            "contracted_hours": hours,
        }
        if grade == "PO":
            nqo = bool(rng.random() < C.NQO_RATE)
            days = int(rng.integers(0, 365)) if nqo else int(365 + 365 * rng.gamma(2.0, 3.0))
            p["qualified_on"] = (self.first - timedelta(days=days)).isoformat()
            p["in_grade_since"] = p["qualified_on"]
        else:
            days = int(120 + 365 * rng.gamma(2.0, 2.5))
            p["in_grade_since"] = (self.first - timedelta(days=days)).isoformat()
        if team_id is not None:
            p["court_team_id"] = team_id
        p["absences"] = self._absences()
        self.staff.append(p)
        return p

    def _absences(self) -> list[dict[str, Any]]:
        rng = self.rng
        span = (self.days[-1] - self.first).days
        out: list[tuple[int, int, str]] = []
        for kind, rate, (lo, hi) in (
            ("leave", C.LEAVE_RATE, C.LEAVE_DAYS),
            ("sickness", C.SICKNESS_RATE, C.SICKNESS_DAYS),
            ("training", C.TRAINING_RATE, C.TRAINING_DAYS),
        ):
            if rng.random() < rate:
                start = int(rng.integers(-C.WINDOW_DAYS, span + C.WINDOW_DAYS + 1))
                length = int(rng.integers(lo, hi + 1))
                out.append((start, start + length - 1, kind))
        out.sort()
        return [
            {
                "start": (self.first + timedelta(days=s)).isoformat(),
                "end": (self.first + timedelta(days=e)).isoformat(),
                "kind": k,
            }
            for s, e, k in out
        ]

    def _held_reports(self, grade: str) -> list[dict[str, Any]]:
        rng = self.rng
        fdr = int(rng.poisson(C.HELD_FDR_MEAN[grade]))
        sdr = int(rng.poisson(C.HELD_SDR_MEAN[grade]))
        return [{"kind": "fast_delivery", "case_id": self._case_id()} for _ in range(fdr)] + [
            {"kind": "standard_delivery", "case_id": self._case_id()} for _ in range(sdr)
        ]

    # --- the day's requests --------------------------------------------------------------

    def _requests(self, pdu_id: str, day: date) -> list[dict[str, Any]]:
        rng = self.rng
        team = next(t for t in self.teams if t.get("pdu_id") == pdu_id)
        n = self._between(self.spec.requests)
        per_court = _largest_remainder(n, self.court_weights[pdu_id])
        out = []
        for court, k in zip(team["court_ids"], per_court, strict=True):
            for _ in range(k):
                kind = _choice(rng, C.REQUESTED_TYPES)
                facts = self._facts(kind)
                out.append(
                    {
                        "id": self._case_id(),
                        "pdu_id": pdu_id,
                        "reason": "initial_allocation",
                        "report": {
                            "court_id": court,
                            "hearing_date": day.isoformat(),
                            "due_date": self._due(kind, day).isoformat(),
                            "requested_type": kind,
                            "facts": facts,
                            "indicative_rosh": _indicative_rosh(facts, rng),
                            "known_practitioner_id": self._known(pdu_id),
                        },
                    }
                )
        return out

    def _due(self, kind: str, day: date) -> date:
        rng = self.rng
        if kind == "oral":
            return day
        if kind == "fast_delivery":
            if rng.random() < C.FDR_ON_THE_DAY:
                return day
            return day + timedelta(days=self._between(C.FDR_ADJOURNED_DAYS))
        return day + timedelta(days=self._between(C.SDR_DUE_DAYS))

    def _facts(self, kind: str) -> dict[str, Any]:
        rng = self.rng
        return {
            "dangerousness_assessment": bool(rng.random() < C.DANGEROUSNESS_RATE[kind]),
            "terrorist_offence": bool(rng.random() < C.TERRORISM_RATE[kind]),
            "mental_health": _choice(rng, C.MENTAL_HEALTH),
            "domestic_abuse_risk": _choice(rng, C.DOMESTIC_ABUSE),
            "sexual_offending_risk": _choice(rng, C.SEXUAL_OFFENDING),
            "child_safeguarding": _choice(rng, C.CHILD_SAFEGUARDING),
            "serious_organised_crime": bool(rng.random() < C.ORGANISED_CRIME_RATE),
            "extra_risk_information_needed": bool(rng.random() < C.EXTRA_RISK_INFORMATION_RATE),
            "complex_case": bool(rng.random() < C.COMPLEX_CASE_RATE),
            "serious_sexual_or_violent": bool(rng.random() < C.SERIOUS_SEXUAL_OR_VIOLENT_RATE),
        }

    def _known(self, pdu_id: str) -> str | None:
        rng = self.rng
        if rng.random() >= C.KNOWN_RATE:
            return None
        if rng.random() < C.KNOWN_TO_WRITER_RATE:
            writers = self.writers[pdu_id]
            return str(writers[int(rng.integers(len(writers)))].data["id"])
        managers = self.managers[pdu_id]
        return managers[int(rng.integers(len(managers)))]


def _indicative_rosh(facts: dict[str, Any], rng: np.random.Generator) -> str:
    """The court's first RoSH screening, read from the facts (see court_distributions)."""
    da, so = facts["domestic_abuse_risk"], facts["sexual_offending_risk"]
    if facts["dangerousness_assessment"] or facts["terrorist_offence"] or "very_high" in (da, so):
        return "very_high"
    if (
        "high" in (da, so)
        or facts["child_safeguarding"] == "complex_or_serious"
        or facts["serious_organised_crime"]
    ):
        return "high"
    if (
        "medium" in (da, so)
        or facts["mental_health"] in ("diagnosed_without_report", "indicated_without_diagnosis")
        or facts["extra_risk_information_needed"]
    ):
        return "medium"
    return "medium" if rng.random() < C.MEDIUM_OTHERWISE_RATE else "low"
