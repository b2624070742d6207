"""The soft terms the policy can rank. Read this list with the policy's ``objectives``."""

from allocator.objectives.base import Objective
from allocator.objectives.cohort_mix import CohortMix
from allocator.objectives.complex_reports import ComplexReportsWithPo
from allocator.objectives.continuity import Continuity
from allocator.objectives.experience import Experience
from allocator.objectives.fair_flow import FairFlow
from allocator.objectives.grade_fit import GradeFit
from allocator.objectives.known_case import KnownCase
from allocator.objectives.moves import Moves
from allocator.objectives.over_target import OverTarget
from allocator.objectives.po_share import PoShare
from allocator.objectives.preferences import Preferences
from allocator.objectives.same_day_reports import SameDayReports
from allocator.objectives.stability import Stability
from allocator.objectives.unallocated import UnallocatedOverdue, UnallocatedRisk
from allocator.objectives.utilisation import MaxUtilisation, Spread
from allocator.problem.day import Day
from models.policy import Policy

OBJECTIVES: tuple[Objective, ...] = (
    UnallocatedRisk(),
    UnallocatedOverdue(),
    SameDayReports(),
    OverTarget(),
    MaxUtilisation(),
    Continuity(),
    KnownCase(),
    GradeFit(),
    ComplexReportsWithPo(),
    PoShare(),
    Spread(),
    Preferences(),
    CohortMix(),
    Experience(),
    FairFlow(),
    Moves(),
    Stability(),
)
OBJECTIVES_BY_NAME: dict[str, Objective] = {o.name: o for o in OBJECTIVES}


def ranked_objectives(policy: Policy) -> list[tuple[int, int, Objective]]:
    """(rank, weight, term) for every enabled term in the policy, in rank then name order.

    Raises KeyError naming an objective the policy lists but the engine does not know.
    """
    out = []
    for setting in policy.objectives:
        if not setting.enabled:
            continue
        if setting.name not in OBJECTIVES_BY_NAME:
            known = ", ".join(OBJECTIVES_BY_NAME)
            raise KeyError(f"policy objective '{setting.name}' is not a known term ({known})")
        out.append((setting.rank, setting.weight, OBJECTIVES_BY_NAME[setting.name]))
    return sorted(out, key=lambda t: (t[0], t[2].name))


def day_objectives(day: Day) -> list[tuple[int, int, Objective]]:
    """``ranked_objectives`` of the day's policy without the terms that have nothing to read on
    the day (``Objective.applies_on``): a day with no report request is solved, reported and
    checked exactly as before the court terms existed.

    Raises KeyError as ``ranked_objectives`` does.
    """
    return [t for t in ranked_objectives(day.policy) if t[2].applies_on(day)]
