"""A large day's proposal explained part by part, beside each PDU's search, is the proposal the
whole day's explanations give, byte for byte; the planner's assignment pays for none of it."""

from dataclasses import replace
from functools import cache

import pytest

import allocator.solve.large.solve as large
from allocator import SolveSettings, propose
from allocator.bench.instances import whole_caseload
from allocator.engine.assign import assign, solve_outcome
from allocator.engine.parts import ExplainPart, PartLines
from allocator.io.policy_files import bundled_policy
from allocator.objectives.registry import day_objectives
from allocator.problem.day import build_day
from allocator.rules.eligibility import compute_eligibility
from allocator.solve.large.after import parts_independent
from allocator.synth import generate, generate_court
from models import Scenario
from models.proposal import Proposal


@cache
def _three_pdus() -> Scenario:
    """Three PDUs' whole caseloads (about 1,100 cases), every one on the list."""
    return whole_caseload(generate("region", 2, pdus=3, practitioners=20, cases=10))


def _bytes(p: Proposal) -> str:
    """The proposal's JSON without the one field that varies from run to run."""
    return p.model_copy(
        update={"run": p.run.model_copy(update={"wall_time_s": 0.0})}
    ).model_dump_json()


def _whole_day_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the large method treat every day as one whose parts depend on each other: the
    caller settles, scores and explains the whole day, as before the parts did it."""
    monkeypatch.setattr(large, "parts_independent", lambda day, cases: False)


@pytest.mark.parametrize("scenario", ["three_pdus", "court_region"])
@pytest.mark.parametrize("processes", [1, 2])
def test_parts_explained_beside_their_search_give_the_same_bytes(
    monkeypatch: pytest.MonkeyPatch, scenario: str, processes: int
) -> None:
    """Supervision cases of three PDUs and a region's report requests, solved by the large
    method in this process and in two forked processes: the lines, blocked cases, terms,
    bounds and record are the bytes of the whole day's path."""
    s = _three_pdus() if scenario == "three_pdus" else generate_court("region", 1)
    policy = bundled_policy()
    monkeypatch.setattr(large, "PARALLEL_FROM_CASES", 1)  # fork even a small day's parts
    settings = SolveSettings(method="large", large_processes=processes, time_limit_s=60)
    calls: list[int] = []
    original = ExplainPart.__call__

    def counted(self: ExplainPart, *args: object) -> PartLines:
        calls.append(1)
        return original(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(ExplainPart, "__call__", counted)
    per_part = propose(s, policy, settings)
    if processes == 1:
        assert calls  # the parts were explained by the parts (here, in this process)
    assert per_part.blocked or scenario == "three_pdus"
    with monkeypatch.context() as m:
        _whole_day_path(m)
        whole = propose(s, policy, settings)
    assert _bytes(per_part) == _bytes(whole)


def test_a_case_held_in_another_pdu_keeps_the_whole_day_path() -> None:
    """A listed case held by a practitioner of another PDU moves its held points off that
    practitioner when it is allocated, so one part's answer would change another's loads:
    such a day is not split."""
    day = build_day(_three_pdus(), bundled_policy())
    cases = [c.id for c in day.cases]
    assert parts_independent(day, cases)
    held = next(c for c in day.cases if c.id in day.holder)
    other = next(p for p, pdu in day.pdu_of_staff.items() if pdu != held.pdu_id)
    moved = replace(day, holder={**day.holder, held.id: other})
    assert not parts_independent(moved, cases)


def test_the_planners_assignment_asks_for_no_explanation() -> None:
    """``assign`` (the planner's) gives the assignment ``propose`` gives, and the large
    method's outcome without a ``finish`` carries no part's lines."""
    s, policy = _three_pdus(), bundled_policy()
    settings = SolveSettings(method="large", time_limit_s=60)
    day = build_day(s, policy)
    elig = compute_eligibility(day)
    outcome, is_large = solve_outcome(day, elig, day_objectives(day), settings)
    assert is_large and outcome.finished is None
    p = propose(s, policy, settings)
    assert assign(s, policy, settings).assignment == {x.case_id: x.practitioner_id for x in p.lines}
    explained = solve_outcome(day, elig, day_objectives(day), settings, ExplainPart([]))[0]
    assert explained.finished is not None and len(explained.finished) == 3
