"""Proposes allocations of probation cases to practitioners, explains them, and checks them.

The house, bottom to top (each package's docstring says what it owns and may import; the
``[tool.importlinter]`` contracts in ``pyproject.toml`` hold the direction):

- ``models`` (beside this package): the contracts, pydantic only;
- ``problem``: the day as every room reads it, workload, tiering, the input digest, the
  assignment state;
- ``rules`` (with eligibility), then ``objectives``: the hard rules and the soft terms;
- ``check``: the independent checker (never imports ``solve``);
- ``solve``: the only package that imports OR-tools: greedy, CP-SAT, the large method;
- ``engine``: ``propose()``, the pipeline from a scenario to an explained proposal;
- ``store``, ``synth``, ``planner``, ``bench``: decisions, synthetic data, restructures,
  benchmarks;
- ``report``: every view of a result as text, CSV, Markdown or HTML (returns strings);
- ``cli`` (and ``web`` beside it): the only places that print, exit or serve.

The public API is what this module exports. Names load on first use, so that
``import allocator.check`` (the independent checker) never loads the solver. The checker
itself is ``allocator.check.check``.
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from allocator.engine.explain import Pin
    from allocator.engine.pipeline import propose
    from allocator.solve.settings import SolveSettings

__all__ = ["Pin", "SolveSettings", "propose"]


def __getattr__(name: str) -> Any:
    if name == "propose":
        from allocator.engine.pipeline import propose

        return propose
    if name == "Pin":
        from allocator.engine.explain import Pin

        return Pin
    if name == "SolveSettings":
        from allocator.solve.settings import SolveSettings

        return SolveSettings
    raise AttributeError(f"module 'allocator' has no attribute {name!r}")
