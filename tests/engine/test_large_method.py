"""The large method on days small enough to know the answer: it places more cases when room is
short, balances no lower than the day's highest needs, and its bound never exceeds the proven
optimum."""

from hypothesis import given

from allocator import SolveSettings, propose
from allocator.check import check
from allocator.planner.rebalance import curve_policy
from allocator.rules.capacity import allowed_points
from allocator.solve.large.bound import ranked_bound, utilisation_bound
from allocator.solve.large.plan import group_of, plan_points
from models import Policy, Proposal, Scenario
from tests.builders import case, day_of, holding, policy, scenario, staff
from tests.engine.test_properties import COMMON, days

LARGE = SolveSettings(method="large", time_limit_s=20)


def balance_first() -> Policy:
    """The default policy with the objective order before issue 13: the highest utilisation
    ranked before continuity at any load (the large method still supports it)."""
    order = [
        ("unallocated_risk", 1, 1),
        ("unallocated_overdue", 2, 1),
        ("max_utilisation", 3, 1),
        ("continuity", 4, 1),
        ("grade_fit", 5, 1),
        ("spread", 6, 1),
        ("preferences", 7, 4),
        ("cohort_mix", 7, 2),
        ("experience", 7, 1),
        ("moves", 8, 1),
    ]
    return policy(objectives=[{"name": n, "rank": r, "weight": w} for n, r, w in order])


def _term(p: Proposal, name: str) -> tuple[int, int]:
    term = next(o for o in p.objective if o.name == name)
    return term.value, term.bound


def _near_ceiling(room: int) -> Scenario:
    """One PO with ``room`` points left under the capacity ceiling; one big and two small
    tier B cases (146 and 72 points)."""
    probe, _ = day_of(scenario([staff("P1")], []))
    fill = allowed_points(probe, "P1") - room
    return scenario(
        [staff("P1", other_points=fill)],
        [case("BIG", "B3"), case("SMALL1", "B0"), case("SMALL2", "B0")],
    )


def test_when_room_is_short_the_smaller_cases_of_a_band_go_first() -> None:
    """150 points of room: the two 72-point cases fit together, the 146-point one alone. The
    first rank counts cases, so two placed beat one (CP-SAT proves the same)."""
    s = _near_ceiling(150)
    large = propose(s, policy(), LARGE)
    assert sorted(line.case_id for line in large.lines) == ["SMALL1", "SMALL2"]
    assert [b.case_id for b in large.blocked] == ["BIG"]
    exact = propose(s, policy(), SolveSettings(method="cpsat"))
    assert sorted(line.case_id for line in exact.lines) == ["SMALL1", "SMALL2"]
    assert check(s, policy(), large) == []


def _two_pdus() -> Scenario:
    """PDU1: a PO loaded near the ceiling keeps the one case on PDU1's list (nobody else can
    take it). PDU2: a PO holding two cases on the list and a colleague with nothing."""
    probe, _ = day_of(scenario([staff("P1")], []))
    return scenario(
        [
            staff("P1", other_points=allowed_points(probe, "P1") - 300),
            staff("P2", pod="POD3"),
            staff("P3", pod="POD3"),
        ],
        [
            case("K1", "C2", current_practitioner_id="P1", reason="change_in_tier"),
            case("H1", "C2", pdu="PDU2", current_practitioner_id="P2", reason="change_in_tier"),
            case("H2", "C2", pdu="PDU2", current_practitioner_id="P2", reason="change_in_tier"),
        ],
        [holding("K1", "P1"), holding("H1", "P2"), holding("H2", "P2")],
        pods=("POD1", "POD3"),
        pod_pdu={"POD3": "PDU2"},
    )


def test_below_the_days_highest_a_pdu_keeps_continuity_as_cp_sat_does() -> None:
    """PDU1's practitioner sets the day's highest utilisation whatever happens. PDU2 stays
    below it with both its cases at their holder, so moving one would buy only spread, which
    continuity outranks: both stay, as CP-SAT's proven optimum has them."""
    s = _two_pdus()
    p = propose(s, policy(), LARGE)
    given_to = {line.case_id: line.practitioner_id for line in p.lines}
    assert given_to == {"K1": "P1", "H1": "P2", "H2": "P2"}
    assert check(s, policy(), p) == []
    exact = propose(s, policy(), SolveSettings(method="cpsat"))
    assert {line.case_id: line.practitioner_id for line in exact.lines} == given_to
    assert _term(p, "continuity")[0] == _term(exact, "continuity")[0] == 0


def test_balancing_each_pdu_on_its_own_is_a_setting() -> None:
    """Under a balance-first order, ``large_balance="pdu"``: PDU2 shares its two cases out
    (one each) although that stays below PDU1's level, at the cost of a move."""
    s, pol = _two_pdus(), balance_first()
    p = propose(s, pol, SolveSettings(method="large", time_limit_s=20, large_balance="pdu"))
    given_to = {line.case_id: line.practitioner_id for line in p.lines}
    assert given_to["K1"] == "P1"
    assert sorted([given_to["H1"], given_to["H2"]]) == ["P2", "P3"]
    assert check(s, pol, p) == []


def test_a_short_pdus_ceiling_is_not_a_level_to_load_other_pdus_to() -> None:
    """Under a balance-first order: PDU1 cannot place both its 72-point tier B cases (its only PO has 100 points of room),
    so the day's highest is PDU1's, near the ceiling, whatever PDU2 does. PDU2's new case belongs to POD3,
    whose PO is at 80%; POD4's PO is at 10%. Continuity alone would load POD3's PO (CP-SAT's
    strict order does: the day's highest does not move), but the large method balances PDU2
    down to the level the PDUs that place every case reach (PDU2's own bound, 80%) and sends
    the case to POD4. Without a short PDU the same day keeps it in POD3."""
    probe, _ = day_of(scenario([staff("P1")], []))
    room_left = 100
    people = [
        staff("P1", other_points=allowed_points(probe, "P1") - room_left),
        staff("P2", pod="POD3", other_points=1741),
        staff("P3", pod="POD4", other_points=218),
    ]
    new_case = case("N1", "C2", pdu="PDU2", pod_id="POD3")
    shape = {"pods": ("POD1", "POD3", "POD4"), "pod_pdu": {"POD3": "PDU2", "POD4": "PDU2"}}
    short = scenario(people, [case("S1", "B0"), case("S2", "B0"), new_case], **shape)
    pol = balance_first()
    p = propose(short, pol, LARGE)
    assert len(p.blocked) == 1
    assert {line.case_id: line.practitioner_id for line in p.lines if line.case_id == "N1"} == {
        "N1": "P3"
    }
    assert check(short, pol, p) == []
    exact = propose(short, pol, SolveSettings(method="cpsat"))
    assert len(exact.blocked) == 1
    assert next(line for line in exact.lines if line.case_id == "N1").practitioner_id == "P2"
    healthy = scenario(people, [case("S1", "B0"), new_case], **shape)
    p = propose(healthy, pol, LARGE)
    assert {line.case_id: line.practitioner_id for line in p.lines} == {"S1": "P1", "N1": "P2"}
    # Under the default order (no one above the target, then continuity) both methods keep
    # the new case in its POD: POD3's PO ends at 83%, below the target.
    for settings in (LARGE, SolveSettings(method="cpsat")):
        p = propose(short, policy(), settings)
        assert next(line for line in p.lines if line.case_id == "N1").practitioner_id == "P2"
        assert check(short, policy(), p) == []


def _grade_fit_day() -> Scenario:
    """A tier D case new to POD1, whose PO P1 is at 20% and PSO P2 at 80%; a PO in POD2 at
    95% sets the day's highest utilisation whatever happens."""
    return scenario(
        [
            staff("P1", other_points=435),
            staff("P2", "PSO", other_points=1741),
            staff("P3", pod="POD2", other_points=2067),
        ],
        [case("D1", "D1", rosh="low", pod_id="POD1")],
    )


def test_below_the_days_highest_a_case_goes_where_grade_fit_is_kept_as_cp_sat_does() -> None:
    """Both P1 and P2 keep the case in its POD; giving it to the PSO keeps PO time for cases
    only a PO may hold (grade fit, ranked after continuity) and stays under the day's 95%.
    The large method's tidy pass finds it, and proves continuity and grade fit at their floor
    (every case placed, each at its cheapest candidate)."""
    s = _grade_fit_day()
    p = propose(s, policy(), LARGE)
    assert [(line.case_id, line.practitioner_id) for line in p.lines] == [("D1", "P2")]
    exact = propose(s, policy(), SolveSettings(method="cpsat"))
    assert [(line.case_id, line.practitioner_id) for line in exact.lines] == [("D1", "P2")]
    assert _term(p, "continuity") == (0, 0)
    assert _term(p, "grade_fit") == (0, 0)
    assert check(s, policy(), p) == []


def test_ranked_bound_counts_cases_not_points() -> None:
    """Room for 150 points: an allocation placing two tier B cases must use 144 of them, so
    the bound is the utilisation of the fill plus 144 points at least; placing one needs 72."""
    s = _near_ceiling(150)
    d, elig = day_of(s)
    placeable = ["BIG", "SMALL1", "SMALL2"]
    load = d.load_before["P1"]

    def util(points: int) -> int:
        return -(-1000 * points // d.available["P1"])

    assert ranked_bound(d, elig, placeable, {"SMALL1", "SMALL2"}, 1100) == util(load + 144)
    assert ranked_bound(d, elig, placeable, {"BIG"}, 1100) == util(load + 72)


@COMMON
@given(days())
def test_large_bound_never_exceeds_the_proven_optimum(day: tuple[Scenario, Policy]) -> None:
    """CP-SAT proves the lexicographic optimum; it allocates at least as well as the large
    method, so the large method's bound on the highest utilisation must not exceed the
    optimum's value. Both proposals pass the checker."""
    s, pol = day
    large = propose(s, pol, LARGE)
    exact = propose(s, pol, SolveSettings(method="cpsat", time_limit_s=20))
    assert check(s, pol, large) == []
    if exact.run.status == "OPTIMAL":
        assert _term(large, "max_utilisation")[1] <= _term(exact, "max_utilisation")[0]


def test_ranked_bound_counts_held_cases_that_stay_with_their_holder() -> None:
    """A tier C case on the list, held by the only PO: allocated or not, its points stay on
    that PO (an unallocated held case stays with its holder). Whatever the tier B case does,
    the highest utilisation is at least the PO's fixed load plus that case."""
    s = scenario(
        [staff("P1", other_points=1000)],
        [
            case("B1", "B3"),
            case("C1", "C2", current_practitioner_id="P1", reason="change_in_tier"),
        ],
        [holding("C1", "P1")],
    )
    d, elig = day_of(s)
    fixed = d.load_before["P1"] - d.held_points["C1"]
    bound = ranked_bound(d, elig, ["B1", "C1"], {"C1"}, 1100)
    assert bound == -(-1000 * (fixed + d.points["C1"]) // d.available["P1"])


def test_continuity_ranked_first_keeps_cases_with_their_holder() -> None:
    """The planner's curve ranks continuity right after allocating: the large method then
    moves nothing for balance alone, and PDU2's holder keeps both cases under the ceiling."""
    s = _two_pdus()
    pol = curve_policy(policy(), 110.0)
    p = propose(s, pol, LARGE)
    given_to = {line.case_id: line.practitioner_id for line in p.lines}
    assert (given_to["H1"], given_to["H2"], given_to["K1"]) == ("P2", "P2", "P1")
    assert check(s, pol, p) == []


def test_the_plan_gives_the_only_po_the_tier_b_case_and_its_own_case_to_the_pso() -> None:
    """P1 is the only PO and holds C1 (tier C); a new tier B case needs a PO. At the flow
    bound P1 has room for the tier B case alone, so the plan sends C1 to the PSO, although
    keeping it with P1 would cost nothing in continuity; a per-mille below the bound nothing
    fits."""
    s = scenario(
        [staff("P1", other_points=1500), staff("S1", "PSO", other_points=1500)],
        [
            case("NB", "B1"),
            case("C1", "C2", current_practitioner_id="P1", reason="change_in_tier"),
        ],
        [holding("C1", "P1")],
    )
    d, elig = day_of(s)
    cases, scope = ["C1", "NB"], ["P1", "S1"]
    u = utilisation_bound(d, elig, {"PDU1": cases}, 1100)["PDU1"]
    plan = plan_points(d, elig, cases, scope, u)
    assert plan is not None
    assert plan[group_of(d, elig, "NB")] == {"P1": d.points["NB"]}
    # All of C1 but what the bound's rounding leaves spare on P1 (points divide in the flow).
    assert plan[group_of(d, elig, "C1")].get("S1", 0) >= d.points["C1"] - 1
    assert plan_points(d, elig, cases, scope, u - 1) is None


def test_over_target_bound_is_the_flow_bounds_excess() -> None:
    """A PO who must end near the ceiling: the large method's over_target bound is its flow
    bound's excess over 100% (97 tenths here), proven equal to the value."""
    p = propose(_near_ceiling(150), policy(), LARGE)
    assert _term(p, "max_utilisation") == (1097, 1097)
    assert _term(p, "over_target") == (97, 97)
