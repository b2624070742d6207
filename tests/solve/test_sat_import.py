"""CP-SAT is imported without pandas, and pandas stays usable (allocator/solve/sat_import.py)."""

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_a_daily_proposal_never_imports_pandas() -> None:
    """A whole CP-SAT proposal of the default day runs, proven, with pandas never imported:
    the third of a second every command used to spend on it is gone."""
    out = _run(
        """
        import sys
        from allocator import propose
        from pathlib import Path
        from allocator.io.scenario_files import read_scenario
        proposal = propose(*read_scenario(Path("scenarios/default_day.json")))
        print(proposal.run.status, "pandas" in sys.modules)
        """
    )
    assert out == "OPTIMAL False"


def test_pandas_imported_afterwards_is_the_real_library() -> None:
    """The placeholder that stands in for pandas while cp_model imports is gone at once: code
    importing pandas later in the same process gets the library, not the placeholder."""
    out = _run(
        """
        import allocator.solve.cpsat
        import pandas
        print(int(pandas.DataFrame({"a": [1, 2]})["a"].sum()), hasattr(pandas, "__file__"))
        """
    )
    assert out == "3 True"


def test_with_pandas_already_imported_cp_model_keeps_it() -> None:
    """When pandas is already loaded, cp_model is imported plainly and reads the real pandas:
    nothing is hidden from a process that uses pandas itself."""
    out = _run(
        """
        import pandas
        import allocator.solve.cpsat
        from ortools.sat.python import cp_model
        print(cp_model.pd is pandas)
        """
    )
    assert out == "True"
