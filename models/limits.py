"""Bounds on what a user may type, so that bad input is refused where it is read.

Numbers are bounded where the engine needs them (a ceiling of 1e308 % overflows the capacity
arithmetic; a limit of 10^30 new cases overflows the solver's 64-bit integers) and well above
any real value; floats must be finite. Texts are bounded so that a 50 MB name is refused at
once instead of being repeated in every line's reason and written into every file.
"""

from typing import Annotated

from pydantic import Field, StringConstraints

NAME_MAX_CHARS = 200
REASON_MAX_CHARS = 4_000
"""The longest SPO reason a decision takes: a management-oversight entry, not a document."""
"""Display names, labels and versions."""
TERM_MAX_CHARS = 64
"""Names of objective terms, competencies and registrations."""

Name = Annotated[str, StringConstraints(min_length=1, max_length=NAME_MAX_CHARS)]
Label = Annotated[str, StringConstraints(max_length=NAME_MAX_CHARS)]
Term = Annotated[str, StringConstraints(min_length=1, max_length=TERM_MAX_CHARS)]

MAX_POINTS = 1_000_000
"""Workload points: a full caseload is about 2,200; a million is far beyond any caseload."""
MAX_PERCENT = 1_000.0
"""Workload percentages a policy may set (ceilings, targets)."""
MAX_COUNT = 100_000
"""Counts of cases or allocations a policy or a practitioner record may state."""
MAX_MONTHS = 1_200

Points = Annotated[int, Field(ge=0, le=MAX_POINTS)]
Hours = Annotated[float, Field(ge=0, le=168, allow_inf_nan=False)]

OBJECTIVE_NAMES: tuple[str, ...] = (
    "unallocated_risk",
    "unallocated_overdue",
    "same_day_reports",
    "over_target",
    "max_utilisation",
    "continuity",
    "known_case",
    "grade_fit",
    "complex_reports_with_po",
    "po_share",
    "spread",
    "preferences",
    "cohort_mix",
    "experience",
    "fair_flow",
    "moves",
    "stability",
)
"""The soft terms a policy may rank, so that a policy naming another is refused where it is
read, with the file and the place (``allocator.objectives.registry`` holds the terms; a test
holds the two lists equal)."""
