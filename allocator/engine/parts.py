"""A large day's lines explained part by part, beside each PDU's search.

The large method solves each PDU as its own part (``allocator.solve.large``); explaining and
annotating a part's lines and explaining a part's blocked cases read only its own cases and
practitioners (a case never leaves its PDU), so each part does it in its worker right after
its search (``ExplainPart``, handed to the solver as its ``finish``) and the caller merges the
parts' answers in the day's case order (``merge_parts``). The lines are the ones ``explain_all``
and ``annotate`` give on the whole day, byte for byte (tests/engine/test_parts.py).

A part's answer crosses a process (a forked worker's result, or a cluster worker's) pickled:
lines travel as the tuples of their fields' values (``PartLines``) and are rebuilt without
re-validation (``trusted``), which pickles and unpickles in less than the models themselves.
"""

from dataclasses import dataclass
from typing import Any

from allocator.engine.explain import Ranked, explain_blocked, explain_line
from allocator.engine.line_oversight import annotate
from allocator.engine.next_question import with_displacement
from allocator.engine.trusted import trusted
from allocator.problem.assignment import AssignmentState
from allocator.problem.day import Assignment, Day
from allocator.rules.eligibility import Eligibility
from models.proposal import BlockedCase, ProposalLine

_LINE_FIELDS = tuple(ProposalLine.model_fields)


@dataclass(frozen=True)
class PartLines:
    """One part's explained lines and blocked cases, keyed by case id."""

    lines: dict[str, tuple[Any, ...]]
    """Each allocated case's line, as its fields' values in the model's order."""
    blocked: dict[str, BlockedCase]


@dataclass(frozen=True)
class ExplainPart:
    """The large method's ``finish``: a part's lines explained and annotated, its blocked cases
    explained and their displacement named, against the part's own assignment (alternatives
    are not priced by the large method)."""

    ranked: Ranked

    def __call__(
        self, day: Day, elig: Eligibility, assignment: Assignment, cases: list[str]
    ) -> PartLines:
        view = AssignmentState.of(day, assignment)
        lines: dict[str, tuple[Any, ...]] = {}
        blocked: dict[str, BlockedCase] = {}
        for cid in cases:
            if cid in assignment:
                line = annotate(day, explain_line(day, elig, view, self.ranked, cid, 0))
                lines[cid] = tuple(line.__dict__.values())
            else:
                b = explain_blocked(day, elig, view, view, cid)
                blocked[cid] = with_displacement(day, elig, assignment, b)
        return PartLines(lines, blocked)


def merge_parts(
    day: Day, elig: Eligibility, assignment: Assignment, parts: list[PartLines]
) -> tuple[list[ProposalLine], list[BlockedCase]]:
    """Every line and blocked case of the day in case order, as ``explain_all`` gives them:
    the parts' own, and the cases in no part (nobody may take them) explained here against
    the whole assignment."""
    lines: dict[str, tuple[Any, ...]] = {}
    blocked: dict[str, BlockedCase] = {}
    for part in parts:
        lines.update(part.lines)
        blocked.update(part.blocked)
    out_lines: list[ProposalLine] = []
    out_blocked: list[BlockedCase] = []
    view: AssignmentState | None = None
    for c in day.cases:
        values = lines.get(c.id)
        if values is not None:
            out_lines.append(trusted(ProposalLine, dict(zip(_LINE_FIELDS, values, strict=True))))
        elif c.id in blocked:
            out_blocked.append(blocked[c.id])
        else:  # in no part: only a case nobody may take
            if c.id in assignment:
                raise RuntimeError(f"case {c.id} is allocated but no part explained it")
            view = view or AssignmentState.of(day, assignment)
            b = explain_blocked(day, elig, view, view, c.id)
            out_blocked.append(with_displacement(day, elig, assignment, b))
    return out_lines, out_blocked
