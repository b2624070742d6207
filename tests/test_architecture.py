"""The layout is the architecture: imports flow one way, and only the solver package knows the solver.

The contracts live in ``pyproject.toml`` (``[tool.importlinter]``) and are checked by
import-linter, a library made for it; this test runs them so that ``pytest`` alone holds the
house to them, and adds what a static contract cannot see: what is loaded at run time.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_import_contracts_hold() -> None:
    """Every import-linter contract in pyproject.toml is kept (layers, OR-tools only in
    allocator.solve, the checker never reaching the solver, models importing nothing of ours)."""
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint), "--no-cache", "--config", str(ROOT / "pyproject.toml")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]


def test_every_layer_is_a_package_that_says_what_it_owns() -> None:
    """A newcomer opening the tree finds each room with a docstring saying what it owns."""
    rooms = [
        "problem",
        "rules",
        "objectives",
        "solve",
        "engine",
        "report",
        "io",
        "store",
        "planner",
        "bench",
        "synth",
        "cli",
    ]
    for room in rooms:
        init = ROOT / "allocator" / room / "__init__.py"
        text = init.read_text(encoding="utf-8")
        assert text.lstrip().startswith('"""') and len(text.split('"""')[1]) > 80, room
    assert (ROOT / "allocator" / "check.py").exists()


def test_loading_the_checker_does_not_load_the_solver() -> None:
    """At run time too: importing allocator.check leaves ortools and allocator.solve unloaded."""
    code = (
        "import sys, allocator.check; "
        "print(any(m.split('.')[0] == 'ortools' or m.startswith('allocator.solve') for m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.strip() == "False"
