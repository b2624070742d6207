"""Synthetic scenarios for benchmarks and tests: seeded, deterministic, obviously not real.

``generate("pdu", seed=1)`` gives a Scenario; ``SIZES`` holds the presets and ``SizeSpec`` the
options a caller may override (``pods``, ``practitioners``, ``cases``, ``holdings``, ...).
``generate_court("pdu", seed=1)`` gives a court day of report requests, ``generate_court_days``
a week of them (``COURT_SIZES``, ``CourtSpec``).

May import: ``io`` (the bundled policy), ``problem`` and ``models``.
"""

from allocator.synth.court import court_days_from_spec, generate_court, generate_court_days
from allocator.synth.court_spec import COURT_SIZES, CourtSpec, court_spec_for
from allocator.synth.generate import generate, generate_from_spec
from allocator.synth.spec import SIZES, Size, SizeSpec, spec_for

__all__ = [
    "COURT_SIZES",
    "SIZES",
    "CourtSpec",
    "Size",
    "SizeSpec",
    "court_days_from_spec",
    "court_spec_for",
    "generate",
    "generate_court",
    "generate_court_days",
    "generate_from_spec",
    "spec_for",
]
