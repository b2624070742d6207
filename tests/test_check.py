"""The independent checker (allocator.check.check): a proposal from propose passes, and every
kind of tampering with it is named: an ineligible practitioner, capacity exceeded by several
lines together, a case missing or listed twice, an unknown practitioner, a wrong workload
figure, another scenario's proposal, a transitional-ViSOR line without a colleague. And the
checker never loads the solver."""

import ast
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

import models
from allocator import propose
from allocator.check import check
from allocator.problem.day import build_day
from allocator.problem.digest import canonical_scenario
from models import Policy, Proposal, Scenario, Violation
from tests.builders import case, policy, scenario, staff
from tests.rules.support import move_pod_to_pdu

ROOT = Path(__file__).resolve().parents[1]
CHECKER_MODULE = "allocator.check"


# --- the main day ------------------------------------------------------------------------------


def _main() -> tuple[Scenario, Policy]:
    """PO1 82.7%, PO2 78.1%, PO3 103.4% (2250 of 2176), PSO1 55.1%, PSO2 68.9%; cases A (A3),
    B (B2), C (C2), D (D2) and X (C2, DIF incomplete: blocked)."""
    people = [
        staff("PO1", other_points=1800, name="Pat One"),
        staff("PO2", other_points=1700, name="Pam Two"),
        staff("PO3", other_points=2250, name="Nina Near"),
        staff("PSO1", "PSO", other_points=1200, name="Sam One"),
        staff("PSO2", "PSO", pod="POD2", other_points=1500, name="Sue Two"),
    ]
    cases = [
        case("A", "A3", rosh="medium", mappa_level=2),
        case("B", "B2"),
        case("C", "C2"),
        case("D", "D2"),
        case("X", "C2", dif_complete=False),
    ]
    return scenario(people, cases), policy()


@cache
def _main_proposal() -> Proposal:
    s, pol = _main()
    return propose(s, pol)


def _tampered() -> Proposal:
    return _main_proposal().model_copy(deep=True)


def _line(p: Proposal, cid: str):  # type: ignore[no-untyped-def]
    return next(line for line in p.lines if line.case_id == cid)


def _rule_findings(s: Scenario, pol: Policy, p: Proposal) -> list[Violation]:
    """The checker's findings on the hard rules alone: a retargeted proposal keeps the engine's
    reasons, counts and objective figures, which the checker rightly refuses as stale."""
    return [v for v in check(s, pol, p) if v.rule not in ("proposal", "objective")]


def _retarget(p: Proposal, s: Scenario, pol: Policy, moves: dict[str, str]) -> Proposal:
    """``p`` with each case in ``moves`` given to another practitioner, and every line's name,
    grade and workload figures made consistent, so that only the rules can object."""
    day = build_day(canonical_scenario(s, pol), pol)
    for line in p.lines:
        if line.case_id in moves:
            who = day.staff_by_id[moves[line.case_id]]
            line.practitioner_id, line.practitioner_name, line.grade = who.id, who.name, who.grade
    after = day.load_after({line.case_id: line.practitioner_id for line in p.lines})
    for line in p.lines:
        line.workload_before_pct = day.pct(
            line.practitioner_id, day.load_before[line.practitioner_id]
        )
        line.workload_after_pct = day.pct(line.practitioner_id, after[line.practitioner_id])
    return p


def test_the_engine_proposal_passes() -> None:
    """propose's own proposal has no violation; it allocates A-D and blocks X."""
    s, pol = _main()
    p = _main_proposal()
    assert sorted(line.case_id for line in p.lines) == ["A", "B", "C", "D"]
    assert [b.case_id for b in p.blocked] == ["X"]
    assert check(s, pol, p) == []


def test_retargeting_to_the_same_practitioners_changes_nothing() -> None:
    """The _retarget helper alone (no move) leaves a valid proposal."""
    s, pol = _main()
    assert check(s, pol, _retarget(_tampered(), s, pol, {})) == []


def test_line_moved_to_an_ineligible_grade() -> None:
    """The A3 line moved to a PSO is a grade-vs-tier violation naming case and practitioner."""
    s, pol = _main()
    p = _retarget(_tampered(), s, pol, {"A": "PSO1"})
    assert _rule_findings(s, pol, p) == [
        Violation(
            rule="grade_vs_tier",
            case_id="A",
            practitioner_id="PSO1",
            message="Tier A3 is held by PO grades only; Sam One is a PSO.",
        )
    ]


def test_capacity_exceeded_by_several_lines_together() -> None:
    """PO3 (2250 points) may take B (115 -> 2365) or C (63 -> 2313) alone under its ceiling of
    2393, but not both (2428, 111.6%)."""
    s, pol = _main()
    assert _rule_findings(s, pol, _retarget(_tampered(), s, pol, {"B": "PO3"})) == []
    assert _rule_findings(s, pol, _retarget(_tampered(), s, pol, {"C": "PO3"})) == []
    p = _retarget(_tampered(), s, pol, {"B": "PO3", "C": "PO3"})
    assert _rule_findings(s, pol, p) == [
        Violation(
            rule="capacity",
            practitioner_id="PO3",
            message="Nina Near is at 103.4%; this would take them to 111.6%, over the 110% ceiling.",
        )
    ]


def test_case_missing_from_lines_and_blocked() -> None:
    """A line or a blocked entry removed: the case is neither allocated nor blocked."""
    s, pol = _main()
    p = _tampered()
    p.lines = [line for line in p.lines if line.case_id != "D"]
    p.blocked = []
    violations = check(s, pol, p)
    assert [v for v in violations if v.rule == "proposal" and v.practitioner_id is None] == [
        Violation(
            rule="proposal",
            case_id="D",
            message="Case D is neither allocated nor listed as blocked.",
        ),
        Violation(
            rule="proposal",
            case_id="X",
            message="Case X is neither allocated nor listed as blocked.",
        ),
    ]


def test_case_listed_twice() -> None:
    """A line duplicated, and a line also listed as blocked, each appear twice."""
    s, pol = _main()
    p = _tampered()
    p.lines.append(_line(p, "A").model_copy(deep=True))
    blocked_c = p.blocked[0].model_copy(update={"case_id": "C"})
    p.blocked.append(blocked_c)
    assert check(s, pol, p) == [
        Violation(rule="proposal", case_id="A", message="Case A appears 2 times."),
        Violation(rule="proposal", case_id="C", message="Case C appears 2 times."),
    ]


def test_case_not_in_the_scenario() -> None:
    """A line for a case the scenario does not have is named."""
    s, pol = _main()
    p = _tampered()
    p.lines.append(_line(p, "A").model_copy(update={"case_id": "ZZZ"}))
    assert Violation(
        rule="proposal", case_id="ZZZ", message="Case ZZZ is not in the scenario."
    ) in check(s, pol, p)


def test_unknown_practitioner() -> None:
    """A line given to a practitioner the scenario does not have is named."""
    s, pol = _main()
    p = _tampered()
    line = _line(p, "C")
    line.practitioner_id = "GHOST"
    violations = check(s, pol, p)
    assert violations[0] == Violation(
        rule="proposal",
        case_id="C",
        practitioner_id="GHOST",
        message="Practitioner GHOST is not in the scenario.",
    )
    # Every other complaint is a consequence: C counts as unallocated, so its real
    # practitioner's load is lower (their other lines, their near miss on X and their place
    # as an alternative on other lines report a higher workload or cost) and the objective
    # terms differ.
    original = _line(_main_proposal(), "C").practitioner_id
    assert all(
        (
            v.practitioner_id == original
            and v.message.startswith(("Line reports workload after", "Alternative "))
        )
        or v.message.startswith(f"Near miss {original} reports workload")
        or (v.practitioner_id == original and v.message.startswith("Alternative "))
        or v.rule == "objective"
        for v in violations[1:]
    )


def test_wrong_workload_after() -> None:
    """A line reporting a wrong workload after is named with both figures."""
    s, pol = _main()
    p = _tampered()
    line = _line(p, "A")
    right = line.workload_after_pct
    line.workload_after_pct = 12.0
    assert check(s, pol, p) == [
        Violation(
            rule="proposal",
            case_id="A",
            practitioner_id=line.practitioner_id,
            message=f"Line reports workload after 12.0%; recomputed {right:.1f}%.",
        )
    ]


def test_workload_within_rounding_is_accepted() -> None:
    """A workload figure within 0.05 of the exact % (the rounding to a tenth) is accepted; one
    0.06 away is not."""
    s, pol = _main()
    p = _tampered()
    line = _line(p, "A")
    day = build_day(canonical_scenario(s, pol), pol)
    load = day.load_after({x.case_id: x.practitioner_id for x in p.lines})[line.practitioner_id]
    exact = load * 100 / day.available[line.practitioner_id]
    line.workload_after_pct = exact + 0.05
    assert check(s, pol, p) == []
    line.workload_after_pct = exact + 0.06
    assert [v.message for v in check(s, pol, p)] == [
        f"Line reports workload after {exact + 0.06:.1f}%; recomputed {exact:.1f}%."
    ]


def test_wrong_tier_or_points_reported() -> None:
    """A line misreporting its tier or points is named."""
    s, pol = _main()
    p = _tampered()
    line = _line(p, "B")
    line.tier, line.points = "B1", 1
    assert check(s, pol, p) == [
        Violation(
            rule="proposal",
            case_id="B",
            practitioner_id=line.practitioner_id,
            message="Line reports tier B1; the scenario gives B2.",
        ),
        Violation(
            rule="proposal",
            case_id="B",
            practitioner_id=line.practitioner_id,
            message="Line reports points 1; the scenario gives 115.",
        ),
    ]


DIGEST = Violation(
    rule="proposal",
    message="The proposal was made from a different scenario or policy (input digest differs).",
)


def test_proposal_from_a_different_scenario() -> None:
    """Checked against another scenario (a renamed one) or another policy, the digest differs."""
    s, pol = _main()
    p = _main_proposal()
    assert check(s.model_copy(update={"name": "another day"}), pol, p) == [DIGEST]
    # Under another policy the figures differ too (here the eligible counts); the digest leads.
    assert check(s, policy(capacity_ceiling_pct=120), p)[0] == DIGEST


def test_digest_does_not_depend_on_list_order() -> None:
    """The same scenario with its lists reversed passes: the digest is canonical."""
    s, pol = _main()
    reordered = s.model_copy(
        update={"practitioners": s.practitioners[::-1], "cases": s.cases[::-1]}
    )
    assert check(reordered, pol, _main_proposal()) == []


# --- transitional ViSOR ------------------------------------------------------------------------


def _visor() -> tuple[Scenario, Policy]:
    """Transitional ViSOR. The case V needs ViSOR; the only one who may hold it is Nell (not
    vetted): V1 (vetted, trained, present) has a declared conflict with V, so can only give
    access. V2 is vetted and trained but absent; V3 vetted and trained in PDU2; H1 only vetted."""
    people = [
        staff("N1", name="Nell Novice", visor_vetted=False, visor_trained=False),
        staff("V1", name="Vic Present", conflicts=["V"]),
        staff("V2", name="Vic Away", absences=[{"start": "2026-11-24", "end": "2026-11-24"}]),
        staff("V3", pod="POD2", name="Val Elsewhere"),
        staff("H1", name="Hal Half", visor_trained=False, conflicts=["V"]),
    ]
    s = scenario(people, [case("V", "C2", needs_visor=True)])
    return move_pod_to_pdu(s, "POD2", "PDU2"), policy(visor_mode="transitional")


@cache
def _visor_proposal() -> Proposal:
    return propose(*_visor())


NO_COLLEAGUE = Violation(
    rule="visor",
    case_id="V",
    practitioner_id="N1",
    message="A non-vetted practitioner holds a ViSOR case without a named, available, vetted and "
    "trained colleague in the PDU.",
)


def test_transitional_visor_proposal_names_the_colleague_and_passes() -> None:
    """The engine gives V to Nell, names V1 as the colleague, and the checker accepts it."""
    s, pol = _visor()
    p = _visor_proposal()
    assert [(line.case_id, line.practitioner_id, line.visor_colleague_id) for line in p.lines] == [
        ("V", "N1", "V1")
    ]
    assert check(s, pol, p) == []


@pytest.mark.parametrize("colleague", [None, "V2", "V3", "H1", "NOBODY"])
def test_transitional_visor_line_without_a_valid_colleague(colleague: str | None) -> None:
    """No colleague, an absent one, one in another PDU, one not trained, or an unknown id: named."""
    s, pol = _visor()
    p = _visor_proposal().model_copy(deep=True)
    p.lines[0].visor_colleague_id = colleague
    # The reason still says access is through Vic Present, who is no longer the named colleague.
    stale = Violation(
        rule="proposal",
        case_id="V",
        practitioner_id="N1",
        message="The reason names Vic Present, who is neither the practitioner, an alternative "
        "nor the ViSOR colleague of the line.",
    )
    assert check(s, pol, p) == [NO_COLLEAGUE, stale]


# --- the checker never loads the solver --------------------------------------------------------

SOLVER = ("ortools", "allocator.solve.cpsat")


def test_importing_the_checker_loads_no_solver() -> None:
    """In a fresh interpreter, importing the checker module loads neither ortools nor
    allocator.solve.cpsat (the package's public names load lazily)."""
    code = (
        f"import importlib, sys; importlib.import_module({CHECKER_MODULE!r}); "
        f"print(sorted(m for m in sys.modules if m.startswith({SOLVER!r})))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == "[]"


def _executed_imports(path: Path, package: str) -> set[str]:
    """Modules imported when ``path`` is imported: module level, including if/try blocks and
    class bodies, but not function bodies or ``if TYPE_CHECKING`` blocks. ``from X import Y``
    yields X and X.Y (Y may be a submodule); relative imports resolve against ``package``."""
    out: set[str] = set()

    def visit(stmts: list[ast.stmt]) -> None:
        for node in stmts:
            if isinstance(node, ast.Import):
                out.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*parts, base] if base else parts)
                out.add(base)
                out.update(f"{base}.{alias.name}" for alias in node.names)
            elif isinstance(node, ast.If):
                test = ast.unparse(node.test)
                if test not in ("TYPE_CHECKING", "typing.TYPE_CHECKING"):
                    visit(node.body)
                visit(node.orelse)
            elif isinstance(node, ast.Try):
                visit(node.body)
                for handler in node.handlers:
                    visit(handler.body)
                visit(node.orelse)
                visit(node.finalbody)
            elif isinstance(node, (ast.With, ast.ClassDef)):
                visit(node.body)

    visit(ast.parse(path.read_text(encoding="utf-8")).body)
    return out


def _source(module: str) -> tuple[Path, str] | None:
    """The file of one of our modules and the package its relative imports resolve against."""
    rel = Path(*module.split("."))
    if (ROOT / rel / "__init__.py").is_file():
        return ROOT / rel / "__init__.py", module
    if (ROOT / rel.with_suffix(".py")).is_file():
        return ROOT / rel.with_suffix(".py"), module.rpartition(".")[0]
    return None


def _load_closure(start: str) -> set[str]:
    """Every module loaded by importing ``start``: its executed imports, transitively, with the
    parent packages' __init__ modules, following our own packages (allocator, models)."""
    seen: set[str] = set()
    todo = [start]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        parts = name.split(".")
        todo += [".".join(parts[:i]) for i in range(1, len(parts))]
        if parts[0] not in ("allocator", "models"):
            continue
        found = _source(name)
        if found is not None:
            todo += sorted(_executed_imports(*found))
    return seen


def test_checker_import_closure_has_no_solver() -> None:
    """Parsed with ast: nothing the checker imports, transitively through allocator and models
    (package __init__ files included), imports ortools or allocator.solve.cpsat."""
    closure = _load_closure(CHECKER_MODULE)
    assert "allocator.rules.registry" in closure  # the walk really follows the imports
    assert "allocator.problem.day" in closure
    assert sorted(m for m in closure if m.startswith(SOLVER)) == []


def test_the_import_walk_would_see_the_solver() -> None:
    """The same walk from the engine does reach the solver, so the test above can fail."""
    closure = _load_closure("allocator.engine.pipeline")
    assert "allocator.solve.cpsat" in closure
    assert "ortools" in closure


def test_checker_refuses_a_blocked_case_that_could_be_allocated() -> None:
    """A proposal that drops an allocatable line into 'blocked' is caught: somebody could take it."""
    from allocator import propose
    from allocator.check import check
    from tests.builders import case, policy, scenario, staff

    s = scenario([staff("P1"), staff("S1", "PSO")], [case("C1", "C2")])
    pol = policy()
    good = propose(s, pol)
    bad = good.model_copy(deep=True)
    line = bad.lines.pop()
    bad.blocked.append(
        models.BlockedCase(
            case_id=line.case_id,
            tier=line.tier,
            reason_on_list=line.reason_on_list,
            blocking_rules=["capacity"],
            excluded_by_rule={},
            reason="made up",
            nearest=[],
        )
    )
    messages = [v.message for v in check(s, pol, bad) if v.rule == "proposal"]
    assert messages == [
        "Case C1 is listed as blocked but Synthetic PO P1 could take it without breaking a hard rule."
    ]
