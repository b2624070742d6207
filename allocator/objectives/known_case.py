"""What happens when the case is already known to a practitioner (``known_practitioner_id``).

Source: issue 17 (no seed gives the rule; the policy chooses, ``policy.court.known_case``).
Under "ask_for_information" (the default) the practitioner who knows the case is asked for
information and somebody else writes the report, and the line's reason says who is asked;
under "give_report" the practitioner who knows the case is preferred as its writer.

``known_case`` = number of report lines, among requests whose case is known, that go against
the policy: given to the practitioner who knows the case ("ask_for_information"), or to
anybody else ("give_report").
"""

from allocator.objectives.base import PairCostObjective
from allocator.problem.day import Day


def known_writer(day: Day, cid: str) -> str | None:
    """The practitioner who knows the case of report request ``cid``, if it is one and known."""
    request = day.case_by_id[cid].report
    return request.known_practitioner_id if request is not None else None


class KnownCase(PairCostObjective):
    name = "known_case"
    applies_to = "reports"
    unit = "reports against the known-case policy"
    description = (
        "Report requests on a case already known to a practitioner, allocated against the "
        "policy: to that practitioner when they are to be asked for information, or to anybody "
        "else when they are to be given the report."
    )

    def pair_cost(self, day: Day, cid: str, pid: str) -> int:
        known = known_writer(day, cid)
        if known is None:
            return 0
        if day.policy.court.known_case == "ask_for_information":
            return int(pid == known)
        return int(pid != known)

    def line_note(self, day: Day, cid: str, pid: str) -> str | None:
        known = known_writer(day, cid)
        if known is None or known not in day.staff_by_id:
            return None
        name = day.staff_by_id[known].name
        if day.policy.court.known_case == "ask_for_information" and pid != known:
            return f"{name} knows the case and is asked for information instead of writing it"
        if day.policy.court.known_case == "give_report" and pid == known:
            return "they know the case already"
        return None

    def line_names(self, day: Day, cid: str) -> tuple[str, ...]:
        known = known_writer(day, cid)
        return (known,) if known is not None else ()

    def phrase(self, delta: int) -> str:
        return (
            "go against the policy for a case already known to a practitioner"
            if delta == 1
            else f"go against the policy for {delta} more cases already known to a practitioner"
        )
