"""The layout is the architecture: imports flow one way, and only the solver adapter knows the solver.

models -> rules/objectives -> check -> cpsat -> explain/propose -> cli. Parsed with ``ast`` so
that the test reads what each module imports, not what happens to be loaded.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
    return out


def _modules(package: str) -> dict[str, set[str]]:
    return {str(p.relative_to(ROOT)): _imports(p) for p in sorted((ROOT / package).rglob("*.py"))}


def _module_name(rel: str) -> str:
    return rel.removesuffix(".py").removesuffix("/__init__").replace("/", ".")


def _closure(start: str) -> set[str]:
    """Every allocator/models module reachable by imports from ``start`` (a module name)."""
    graph = {_module_name(k): v for k, v in {**_modules("allocator"), **_modules("models")}.items()}
    seen: set[str] = set()
    todo = [start]
    while todo:
        name = todo.pop()
        if name in seen or name not in graph:
            continue
        seen.add(name)
        todo += [m for m in graph[name] if m.split(".")[0] in ("allocator", "models")]
    return seen


def test_models_import_nothing_of_ours_and_no_solver_or_cli() -> None:
    """models/ is the bottom layer: no allocator, no ortools, no click."""
    for path, imports in _modules("models").items():
        bad = {m for m in imports if m.split(".")[0] in ("allocator", "ortools", "click")}
        assert not bad, f"{path} imports {bad}"


def test_only_the_solver_adapters_import_ortools() -> None:
    """ortools appears only in the solver adapters, allocator/solve/cpsat (CP-SAT) and allocator/solve/large
    (graph algorithms), and for its version string in the engine."""
    for path, imports in _modules("allocator").items():
        uses = {m for m in imports if m.split(".")[0] == "ortools"}
        if (
            path.startswith(("allocator/solve/cpsat/", "allocator/solve/large/"))
            or path == "allocator/engine/pipeline.py"
        ):
            continue
        assert not uses, f"{path} imports {uses}"


def test_propose_uses_ortools_only_for_its_version() -> None:
    """propose.py records the OR-tools version and imports nothing else of it."""
    assert {
        m for m in _imports(ROOT / "allocator/engine/pipeline.py") if m.startswith("ortools")
    } == {"ortools"}


def test_the_checker_never_reaches_the_solver() -> None:
    """Nothing allocator.check imports, directly or not, is a solver adapter or ortools."""
    reached = _closure("allocator.check")
    assert not {
        m for m in reached if m.startswith(("allocator.solve.cpsat", "allocator.solve.large"))
    }
    graph = {_module_name(k): v for k, v in {**_modules("allocator"), **_modules("models")}.items()}
    assert not any(m.startswith("ortools") for name in reached for m in graph.get(name, set()))


def test_nothing_imports_the_cli() -> None:
    """The CLI is the top: no module outside allocator/cli imports it."""
    for path, imports in {**_modules("allocator"), **_modules("models")}.items():
        if path.startswith("allocator/cli/"):
            continue
        assert not any(m.startswith("allocator.cli") for m in imports), path


def test_rules_and_objectives_never_import_the_solver_or_io() -> None:
    """Rules and objectives are plain Python over the models and the day."""
    for package in ("allocator/rules", "allocator/objectives"):
        for path, imports in _modules(package).items():
            bad = {
                m
                for m in imports
                if m.startswith(
                    (
                        "allocator.solve.cpsat",
                        "allocator.solve.large",
                        "allocator.io",
                        "ortools",
                        "click",
                    )
                )
            }
            assert not bad, f"{path} imports {bad}"


def test_loading_the_checker_does_not_load_the_solver() -> None:
    """At run time too: importing allocator.check leaves ortools and allocator.solve.cpsat unloaded."""
    import subprocess
    import sys

    code = (
        "import sys, allocator.check; "
        "print(any(m.split('.')[0] == 'ortools' or m.startswith('allocator.solve.cpsat') for m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.strip() == "False"
