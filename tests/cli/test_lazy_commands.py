"""Commands load when they run: `allocator --help` and the light commands never import the
solver, and every listed command exists under its listed name."""

import subprocess
import sys

from allocator.cli import COMMANDS, load_command


def test_every_listed_command_loads_under_its_name() -> None:
    """Each COMMANDS entry imports a click command whose own name is the listed one."""
    for name in COMMANDS:
        assert load_command(name).name == name


def _loaded_after(args: list[str]) -> str:
    code = (
        "import sys\n"
        "from allocator.cli import main\n"
        f"try:\n    main({args!r})\nexcept SystemExit:\n    pass\n"
        "print('SOLVER' if any(m.split('.')[0] == 'ortools' for m in sys.modules) else 'NONE',"
        " file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    return result.stderr.strip().splitlines()[-1]


def test_help_and_check_do_not_load_the_solver() -> None:
    """`allocator --help` and `allocator check --help` start without OR-tools (or pandas,
    which OR-tools loads)."""
    assert _loaded_after(["--help"]) == "NONE"
    assert _loaded_after(["check", "--help"]) == "NONE"
