"""Explanations that answer the next question (issue 13): a case blocked for room names the
case that took the room and why it came first; a lost stated preference says what outranked it,
never naming the preference."""

from allocator import propose
from allocator.check import check
from tests.builders import case, holding, policy, scenario, staff


def test_blocked_case_names_the_case_that_took_its_room() -> None:
    """One PO with 120 points of room under the ceiling: the B2 case (115) comes before the C2
    case (63), which is blocked by capacity and told why."""
    s = scenario(
        [staff("P1", name="Pat Officer", other_points=2393 - 120)],
        [case("X", "B2"), case("Y", "C2")],
    )
    p = propose(s, policy())
    assert [line.case_id for line in p.lines] == ["X"]
    (b,) = p.blocked
    assert b.blocking_rules == ["capacity"]
    assert b.reason.endswith(
        "The room went to X (tier B2), allocated to Pat Officer: it came first because its risk "
        "band B is higher than C (allocation ranks the risk band, then how overdue)."
    )
    assert check(s, policy(), p) == []


def test_case_level_block_names_no_other_case() -> None:
    """A case blocked by its DIF says only that (its room is not the question)."""
    s = scenario([staff("P1")], [case("X", "C2"), case("Y", "C2", dif_complete=False)])
    (b,) = propose(s, policy()).blocked
    assert "room went to" not in b.reason


def test_lost_preference_says_what_outranked_it() -> None:
    """X is held by P1 and stays (continuity outranks preferences); the line says that P2,
    who meets the preference, would move the case, without naming the preference."""
    s = scenario(
        [
            staff("P1", declared={"gender": "male"}),
            staff("P2", name="Pam Other", declared={"gender": "female"}),
        ],
        [
            case(
                "X",
                "C3",
                reason="change_in_tier",
                current_practitioner_id="P1",
                preferences=[{"characteristic": "gender", "value": "female"}],
            )
        ],
        [holding("X", "P1")],
    )
    p = propose(s, policy())
    (line,) = p.lines
    assert line.practitioner_id == "P1"
    assert "The stated preference is not met: Pam Other, the best eligible practitioner who " in (
        line.reason
    )
    assert "would take the case away from its practitioner" in line.reason
    assert "female" not in line.reason
    assert check(s, policy(), p) == []
