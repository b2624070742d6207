"""No one above the balance target: the highest excess of utilisation over the policy's
``balance_target_pct``.

docs/domain.md, "The default policy", objective order 2: public protection first, then no one
overloaded, then continuity; balance *below* the target (``max_utilisation``, ``spread``) ranks
after continuity, so it never moves a case out of its POD or away from its holder.

``over_target`` = max(0, max over scope of ceil(1000 * load_after / available) - 10 * target),
over the practitioners who could take at least one of today's cases (the scope of
``max_utilisation``), in tenths of a percent.
"""

from allocator.objectives.base import Objective, TermSpec, UtilisationSpec
from allocator.objectives.utilisation import _loads, _moved_extremes, highest_of
from allocator.problem.assignment import AssignmentState
from allocator.problem.day import Assignment, Day
from allocator.rules.eligibility import Eligibility


def target_permille(day: Day) -> int:
    """The balance target in tenths of a percent."""
    return round(day.policy.balance_target_pct * 10)


class OverTarget(Objective):
    name = "over_target"
    applies_to = "both"
    figure = "permille"
    large_bound = "over_target"
    large_role = "over_target"
    combine = "max"
    unit = "tenths of a percent"
    description = (
        "How far the most loaded practitioner who could take a case today is above the "
        "balance target after allocation (0 when no one is)."
    )

    def spec(self, day: Day, elig: Eligibility) -> TermSpec:
        return UtilisationSpec("excess", tuple(elig.receivers()), target_permille(day))

    def score(self, day: Day, elig: Eligibility, assignment: Assignment) -> int:
        up, _ = _loads(day, elig, assignment)
        return max(0, max(up, default=0) - target_permille(day))

    def score_part(
        self,
        day: Day,
        elig: Eligibility,
        assignment: Assignment,
        cases: list[str],
        scope: list[str],
    ) -> int:
        """The excess over the part's scope: the highest of the parts' excesses is the day's
        (the excess is a rising function of the highest utilisation, 0 for no one)."""
        return max(0, highest_of(day, assignment, scope) - target_permille(day))

    def reassign_delta(
        self, day: Day, elig: Eligibility, view: AssignmentState, cid: str, pid: str
    ) -> int:
        before_up, _, after_up, _ = _moved_extremes(day, elig, view, cid, pid)
        target = target_permille(day)
        return max(0, after_up - target) - max(0, before_up - target)

    def phrase(self, delta: int) -> str:
        return f"put the most loaded {delta / 10:.1f} points of % further over the balance target"
