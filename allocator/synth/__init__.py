"""Synthetic scenarios for benchmarks and tests: seeded, deterministic, obviously not real.

``generate("pdu", seed=1)`` gives a Scenario; ``SIZES`` holds the presets and ``SizeSpec`` the
options a caller may override (``pods``, ``practitioners``, ``cases``, ``holdings``, ...).

May import: ``io`` (the bundled policy), ``problem`` and ``models``.
"""

from allocator.synth.generate import generate, generate_from_spec
from allocator.synth.spec import SIZES, Size, SizeSpec, spec_for

__all__ = ["SIZES", "Size", "SizeSpec", "generate", "generate_from_spec", "spec_for"]
