"""A PDU part solved from its own slice of the day (what a cluster's worker is sent) gives the
part the whole day gives, and the slice holds the part and no more."""

import pickle
from collections.abc import Iterator
from dataclasses import fields
from typing import Any

import pytest

import allocator.solve.large.solve as large
from allocator import SolveSettings, propose
from allocator.bench.instances import whole_caseload
from allocator.io.policy_files import bundled_policy
from allocator.problem.day import Day
from allocator.solve.large.slices import (
    CASE_KEYED,
    SLICED_APART,
    STAFF_KEYED,
    WHOLE,
    PartSlicer,
)
from allocator.synth import generate
from models import Scenario
from models.policy import Policy


def _two_pdus() -> Scenario:
    """A generated region of two PDUs, its whole caseload on the list (about 1,000 cases)."""
    return whole_caseload(generate("region", 1, pdus=2, practitioners=20, cases=10))


def _compare_parts(
    monkeypatch: pytest.MonkeyPatch, s: Scenario, policy: Policy
) -> list[dict[str, Any]]:
    """Propose ``s`` with the large method in this process, solving every part twice: from the
    whole day, and from its pickled slice; returns per part what the two gave and the slice."""
    seen: list[dict[str, Any]] = []

    def both(parts: list[Any], processes: int, cluster: str | None) -> Iterator[Any]:
        slicer = PartSlicer(large._SHARED, [part.cases for part in parts])
        for i, part in enumerate(parts):
            whole = large._solve_part(part)
            sent = slicer.input(i)
            seen.append(
                {
                    "whole": whole,
                    "sliced": large._solve_sent_part(sent, part),
                    "state": pickle.loads(sent),
                    "day": large._SHARED["day"],
                    "part": part,
                }
            )
            yield whole

    monkeypatch.setattr(large, "_solve_parts", both)
    propose(s, policy, SolveSettings(method="large", time_limit_s=60))
    return seen


def test_every_field_of_the_day_is_placed() -> None:
    """Each field of ``Day`` is sliced by case, by practitioner, kept whole or built on its
    own: a field added to ``Day`` fails here (and in ``PartSlicer``) until it is placed, so a
    worker never reads a figure of the whole day by mistake."""
    names = {f.name for f in fields(Day)}
    groups = [CASE_KEYED, STAFF_KEYED, WHOLE, SLICED_APART]
    assert set().union(*groups) == names
    assert sum(len(g) for g in groups) == len(names)  # each in one group only


def test_each_part_from_its_slice_is_the_part_from_the_whole_day(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Both PDUs of a generated day: the part solved from its pickled slice equals the part
    solved from the whole day, down to the order of its assignment, and the slice holds the
    part's cases only (in its limits' coefficients too) and no practitioner of the other PDU
    that its cases do not name."""
    seen = _compare_parts(monkeypatch, _two_pdus(), bundled_policy())
    assert len(seen) == 2
    for run in seen:
        whole, sliced, part = run["whole"], run["sliced"], run["part"]
        assert whole.assignment  # the part placed cases
        assert whole.shares is not None and whole.shares.finished is not None
        assert sliced == whole  # its lines too: the slice has the day-wide figures they read
        assert list(sliced.assignment.items()) == list(whole.assignment.items())
        day: Day = run["state"]["day"]
        assert [c.id for c in day.cases] == part.cases
        assert set(day.case_by_id) == set(part.cases)
        others = {
            p for p, pdu in run["day"].pdu_of_staff.items() if pdu != part.pdu
        } & day.staff_by_id.keys()
        named = {
            p
            for c in day.cases
            for p in (c.current_practitioner_id, c.previous_practitioner_id)
            if p is not None
        }
        assert others <= named
        limits = [lim for lims in run["state"]["limits_of"].values() for lim in lims]
        assert limits
        for lim in limits:  # the day's tables of coefficients, cut to the part's cases
            assert set(lim.x_coef) | set(lim.alloc_coef) <= set(part.cases)


def test_a_term_reading_the_previous_version_reads_the_part_of_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A re-solve with the previous version's lines and ``stability`` ranked right after
    continuity (so the parts' tidy pass reads the scenario's lines): each part from its slice
    still equals the part from the whole day, and its slice carries only its cases' lines."""
    s = _two_pdus()
    policy = bundled_policy()
    first = propose(s, policy, SolveSettings(method="large", time_limit_s=60))
    lines = {line.case_id: line.practitioner_id for line in first.lines[::3]}
    data = s.model_dump()
    data["previous_version"] = {"proposal_id": "P-1", "lines": lines}
    s = Scenario.model_validate(data)
    continuity = next(o.rank for o in policy.objectives if o.name == "continuity")
    reranked = [  # every rank doubled, ties kept; stability alone right after continuity
        o.model_copy(update={"rank": 2 * continuity + 1 if o.name == "stability" else 2 * o.rank})
        for o in policy.objectives
    ]
    policy = Policy.model_validate(policy.model_copy(update={"objectives": reranked}).model_dump())
    seen = _compare_parts(monkeypatch, s, policy)
    assert seen[0]["state"]["then"][0].name == "stability"
    for run in seen:
        assert run["sliced"] == run["whole"]
        previous = run["state"]["day"].scenario.previous_version
        mine = {c: p for c, p in lines.items() if c in set(run["part"].cases)}
        assert mine and previous is not None and previous.lines == mine
