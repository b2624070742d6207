"""The comparison: each option against the base solved the same way, composition as a
difference, and the one function that runs the solves."""

from allocator.planner.changes import parse_change
from allocator.planner.plan import prepare, run_jobs, run_plan
from tests.builders import holding, policy, scenario, staff


def _base():
    """POD1 has no CA (ratio fails), POD2 has two (its mix 2:3:2 passes: CA ideal 1.2 +- 1)."""
    people = [staff("SPO1", "SPO"), staff("P1"), staff("P2")]
    people += [staff(f"S{i}", "PSO") for i in range(3)]
    people += [staff("SPO2", "SPO", pod="POD2"), staff("Q1", pod="POD2"), staff("Q2", pod="POD2")]
    people += [staff(f"T{i}", "PSO", pod="POD2") for i in range(3)]
    people += [staff("CA1", "CA", pod="POD2"), staff("CA2", "CA", pod="POD2")]
    return scenario(people, [], [holding("H1", "P1"), holding("H2", "P2")])


def test_composition_against_the_base_is_new_fixed_and_unchanged():
    """Moving CA1 from POD2 to POD1 fixes POD1's ratio and leaves POD2 passing (2:3:1): one
    fixed, nothing new; moving both CAs fixes POD1 and breaks POD2: one fixed, one new; a
    waiver of POD1's ratio makes it waived, not fixed."""
    one = parse_change({"move": [{"practitioner": "CA1", "to_pod": "POD1"}]}, "one.toml")
    both = parse_change(
        {"move": [{"practitioner": c, "to_pod": "POD1"} for c in ("CA1", "CA2")]}, "both.toml"
    )
    waive = parse_change(
        {"waiver": [{"pod": "POD1", "check": "ratio", "reason": "Recruiting a CA."}]}, "w.toml"
    )
    plan = run_plan(_base(), policy(), prepare(_base(), policy(), [one, both, waive]), 2, 0)
    (base,) = plan.bases
    assert [(f.check, f.pod) for f in base.failed] == [("ratio", "POD1")]
    a, b, w = (o.composition_change() for o in plan.options)
    assert ([f.pod for f in a["fixed"]], a["new"], a["unchanged"]) == (["POD1"], [], [])
    assert ([f.pod for f in b["fixed"]], [f.pod for f in b["new"]]) == (["POD1"], ["POD2"])
    assert (w["fixed"], [f.pod for f in w["waived"]]) == ([], ["POD1"])  # waived, not fixed


def test_options_with_different_periods_each_get_their_own_base():
    """An amber and a red option: two base columns, each option compared with its own; a null
    change in each period differs from its base by nothing."""
    changes = [parse_change({"period": p}, f"{p}.toml") for p in ("amber", "red")]
    plan = run_plan(_base(), policy(), prepare(_base(), policy(), changes), 2, 0)
    assert [b.name for b in plan.bases] == ["base (amber)", "base (red)"]
    assert [o.base.name for o in plan.options if o.base] == ["base (amber)", "base (red)"]
    assert all(set(o.difference().values()) == {0} for o in plan.options)


def test_run_plan_sends_every_solve_through_the_runner_it_is_given():
    """The runner receives the bases then the options as jobs, and its results are used as
    given: a replacement executor (a cluster) sees every solve."""
    seen = []

    def runner(jobs, progress, on_done):
        seen.extend(j.name for j in jobs)
        return run_jobs(jobs, progress, on_done, processes=1)

    change = parse_change({"name": "A", "period": "green"}, "a.toml")
    run_plan(_base(), policy(), prepare(_base(), policy(), [change]), 2, 0, runner=runner)
    assert seen == ["base", "A"]


def test_jobs_run_side_by_side_give_the_same_results_as_one_after_the_other():
    """Two processes or one: the same figures and the same moves for every job."""
    from allocator.planner.plan import Job, _null_change

    jobs = [Job(p, _base(), policy(), _null_change(p), 2) for p in ("green", "amber", "red")]
    apart = run_jobs(jobs, processes=2)
    here = run_jobs(jobs, processes=1)
    assert [s.outcome.moves for s in apart] == [s.outcome.moves for s in here]
    assert [s.outcome.loads for s in apart] == [s.outcome.loads for s in here]


def test_a_job_never_starts_a_curve_level_it_has_no_time_for():
    """With a 0.2 s limit, the rebalance gets it and every curve level (one or two, as the
    rebalance's peak gives them) is skipped and counted, not run past the limit."""
    from allocator.planner.plan import Job, _null_change, solve_job
    from allocator.planner.rebalance import curve_levels, measure

    s = scenario(
        [staff("P1", other_points=1950), staff("P2"), staff("S1", "PSO")],
        [],
        [holding("H1", "S1", "B2"), holding("H2", "P1", "C2")],
    )
    solved = solve_job(Job("tight", s, policy(), _null_change("green"), 0.2, curve_steps=2))
    levels = curve_levels(measure("", s, policy()).highest, solved.outcome.highest, 2)
    assert (solved.curve, solved.curve_skipped) == ([], len(levels))
    assert solved.outcome.violations == []
